"""What reading a class list gives: checked pupils and guardians, and located errors.

Plain data, no parsing here: the readers (storage.importing.csv_rows, .ss12000) fill a
ParsedList, and the plan step (storage.importing.plan) compares it with the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from storage.codes import PersonStatus, Relation, SecurityMarking

KIND_PUPILS = "pupils"
KIND_GUARDIANS = "guardians"  # SchoolSoft's guardians file: one guardian per row

FORMAT_CSV = "csv"
FORMAT_SS12000 = "ss12000-json"


@dataclass(frozen=True)
class RowError:
    """Why one row (or the whole file) cannot be imported, and where.

    Attributes:
        line: 1-based physical line in the file; for JSON the 1-based position in its list.
            File-level errors (empty file, binary file) use line 1.
        column: the header as written in the file ("" when the error is about the whole row
            or file); for JSON the key, e.g. "civicNo".
        code: the reason, machine-readable (the UI translates it).
        detail: a few English words for logs and tests; never the person's data.
        path: for JSON, where in the document, e.g. "persons[14].civicNo".
        other_line: the other line involved (the first holder of a duplicate number).
        file: the file's name, when errors of two files are shown together.
        column_number: the 1-based column, for a header cell that cannot be named (it holds
            a control character).
    """

    line: int
    column: str
    code: str
    detail: str
    path: str = ""
    other_line: int | None = None
    file: str = ""
    column_number: int | None = None


@dataclass(frozen=True)
class Address:
    street: str | None
    postal_code: str | None
    city: str | None

    @property
    def is_empty(self) -> bool:
        return not (self.street or self.postal_code or self.city)


@dataclass(frozen=True)
class ImportedGuardian:
    """A guardian or other responsible adult as the file describes them."""

    first_name: str
    last_name: str
    identity_number: str | None = None  # normalised, when the file carries a valid one
    phone: str = ""
    email: str = ""
    relation: str = Relation.GUARDIAN
    address: Address | None = None
    security_marking: str = SecurityMarking.NONE
    external_id: str | None = None


@dataclass(frozen=True)
class ImportedPupil:
    """One checked pupil row: everything needed to insert or update the pupil."""

    line: int
    identity_number: str  # normalised, 12 characters
    identity_kind: str
    birth_date: date
    first_name: str
    last_name: str
    class_name: str | None
    security_marking: str = SecurityMarking.NONE
    person_status: str = PersonStatus.ACTIVE
    address: Address | None = None  # always None with protected identity
    guardians: tuple[ImportedGuardian, ...] = ()
    external_id: str | None = None


@dataclass(frozen=True)
class GuardianRow:
    """One row of a guardians file: a guardian of the pupil with `pupil_identity_number`."""

    line: int
    pupil_identity_number: str  # normalised
    guardian: ImportedGuardian


@dataclass
class ParsedFile:
    """What every import file holds once read: how it was read, its headers, its errors.

    The part the class list (ParsedList) and the absence (ParsedAbsence) share; each adds
    the rows it reads. Attributes are described under ParsedList.
    """

    format: str = FORMAT_CSV
    kind: str = ""
    encoding: str = ""
    delimiter: str = ""
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    needs_mapping: bool = False
    known_fields: list[str] = field(default_factory=list)
    repaired_mojibake: bool = False
    rows: int = 0
    file_name: str = ""

    @property
    def can_apply(self) -> bool:
        """Whether the import may be applied: mapped, and not a single rejected row."""
        return not self.errors and not self.needs_mapping


@dataclass
class ParsedList(ParsedFile):
    """What a file holds, checked; nothing is written until storage.importing.apply writes it.

    Attributes:
        format: "csv" or "ss12000-json".
        kind: "pupils" (a class list) or "guardians" (SchoolSoft's guardians file).
        encoding: the detected encoding, e.g. "utf-8", "utf-8-sig", "windows-1252".
        delimiter: the detected separator ("," ";" or "\\t"); "" for JSON.
        headers: the file's headers as written (CSV), in order.
        mapping: the mapping used, {header as written: field}.
        pupils: the pupils of the file that passed every check.
        guardian_rows: the rows of a guardians file that passed every check.
        errors: every rejected row and file-level problem; any error blocks the import.
        warnings: things the counsellor should see that do not block (broken å/ä/ö left).
        needs_mapping: the required fields could not all be found among the headers; call
            again with `mapping`.
        known_fields: the fields a header can be mapped to, for the mapping step.
        repaired_mojibake: the file was double-encoded UTF-8 and was repaired.
        rows: data rows read (blank lines not counted).
        guardian_name_order: how guardians' whole names were split, "first_last" or
            "last_first" (storage.importing.name_order); "" when the file has first and last
            names in columns of their own, or no guardians.
        guardian_name_order_source: how that order was decided: "chosen", "header", "rows"
            or "assumed" (nothing told, first name first).
    """

    kind: str = KIND_PUPILS
    pupils: list[ImportedPupil] = field(default_factory=list)
    guardian_rows: list[GuardianRow] = field(default_factory=list)
    guardian_name_order: str = ""
    guardian_name_order_source: str = ""
