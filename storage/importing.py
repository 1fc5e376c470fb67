"""Reading class lists from school systems: bytes in, checked pupils and located errors out.

Pure parsing, no database (storage.import_plan compares the result with the journal and
writes it). Accepted:

- CSV or tab-separated text in UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
  "Unicode text"), Windows-1252 or ISO-8859-1; the encoding and the separator (`,` `;` tab, or
  Excel's `sep=` first line) are detected and reported. UTF-8 that was double-encoded (broken
  å/ä/ö such as "Ã¥") is repaired when the whole file allows it, and reported otherwise.
- Swedish headers (Förnamn, Efternamn, Personnummer, Klass, Vårdnadshavare 1 namn, ...) in any
  case and spacing, with or without å/ä/ö, English-ish fallbacks, and SchoolSoft's columns
  (`socialnumber`, `firstname`, ...). SchoolSoft's separate guardians file (with
  `student_socialnumber`) is recognised and parsed as guardian rows keyed by the pupil's
  number; `attach_guardians` joins it to a pupils file.
- SS 12000 JSON: Person and Group objects, as `{"persons": [...], "groups": [...]}`, as
  `{"data": [...]}` or as a bare list.

When the headers are not recognised the result says `needs_mapping` and lists the file's
headers and the known fields; a second call with `mapping={header: field}` uses it.

Every rejected row is located: the 1-based physical line in the file (for JSON the 1-based
position in its list, and a path such as `persons[14].civicNo`), the column as written in the
file, a reason code and a short English detail. The UI translates by code; the details are
for logs and tests and never carry the person's data.

A pupil with protected identity (skyddad folkbokföring) never keeps an address, nor do their
guardians (the guardian's address would reveal the child's): both are dropped here already.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from storage.identity import InvalidIdentityNumber
from storage.identity import parse as parse_identity
from storage.models import PersonStatus, Relation, SecurityMarking

# -- results -------------------------------------------------------------------------------

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
    """

    line: int
    column: str
    code: str
    detail: str
    path: str = ""
    other_line: int | None = None
    file: str = ""


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
class ParsedList:
    """What a file holds, checked; nothing is written until storage.import_plan applies it.

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
    """

    format: str = FORMAT_CSV
    kind: str = KIND_PUPILS
    encoding: str = ""
    delimiter: str = ""
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    pupils: list[ImportedPupil] = field(default_factory=list)
    guardian_rows: list[GuardianRow] = field(default_factory=list)
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


# -- fields and headers --------------------------------------------------------------------

PUPIL_FIELDS = ("identity_number", "first_name", "last_name", "full_name", "class_name",
                "street", "postal_code", "city", "protected_identity", "security_marking",
                "external_id")
GUARDIAN_PARTS = ("name", "first_name", "last_name", "identity_number", "phone", "email",
                  "relation", "street", "postal_code", "city")
GUARDIANS_IN_A_ROW = 3
GUARDIAN_FILE_FIELDS = ("pupil_identity_number", "identity_number", "first_name",
                        "last_name", "full_name", "phone", "email", "relation", "street",
                        "postal_code", "city", "external_id")
IGNORE = "ignore"  # map a header to this to leave the column out


def class_list_fields() -> list[str]:
    """Every field a class-list header can be mapped to, in the order a form shows them."""
    return [*PUPIL_FIELDS, *(f"guardian{n}_{part}" for n in range(1, GUARDIANS_IN_A_ROW + 1)
                             for part in GUARDIAN_PARTS)]


def _fold(header: str) -> str:
    """A header reduced to lower-case ASCII letters and digits: "FÖRNAMN " -> "fornamn"."""
    decomposed = unicodedata.normalize("NFKD", header.strip().lower())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", ascii_only)


_ALIASES: dict[str, tuple[str, ...]] = {
    "identity_number": ("personnummer", "pnr", "persnr", "personnr", "socialnumber",
                        "socialsecuritynumber", "ssn", "civicno", "identitetsnummer",
                        "personidentitet", "personnummersamordningsnummer", "idnummer",
                        "personalidentitynumber", "personnumber", "identitynumber"),
    "first_name": ("fornamn", "firstname", "givenname", "forename", "tilltalsnamn"),
    "last_name": ("efternamn", "lastname", "familyname", "surname"),
    "full_name": ("namn", "name", "fulltnamn", "fullname", "efternamnfornamn"),
    "class_name": ("klass", "class", "klassnamn", "classname", "basgrupp", "klassbeteckning"),
    "street": ("adress", "gatuadress", "address", "streetaddress", "street",
               "utdelningsadress", "folkbokforingsadress", "postadress"),
    "postal_code": ("postnummer", "postnr", "zip", "zipcode", "postalcode", "postcode"),
    "city": ("ort", "postort", "city", "stad", "locality", "town"),
    "protected_identity": ("skyddadidentitet", "skyddadfolkbokforing",
                           "skyddadepersonuppgifter", "protectedidentity", "skyddad"),
    "security_marking": ("sekretessmarkering", "securitymarking", "sekretess",
                         "sekretessmarkerad"),
    "external_id": ("elevid", "studentid", "externalid", "id"),
    "pupil_identity_number": ("studentsocialnumber", "studentpersonnummer",
                              "pupilidentitynumber", "elevpersonnummer"),
    "phone": ("telefon", "tel", "mobil", "mobiltelefon", "phone", "mobile", "telefonnummer",
              "mobilnummer", "cellphone", "mobilephone"),
    "email": ("epost", "email", "mail", "epostadress", "emailaddress"),
    "relation": ("relation", "relationtype", "relationstyp", "typ", "relationship"),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_GUARDIAN_WORDS = r"(?:vardnadshavare|vh|guardian|foralder|malsman|kontaktperson)"
_GUARDIAN_PREFIX = re.compile(rf"^{_GUARDIAN_WORDS}(\d)(.*)$")
_GUARDIAN_SUFFIX = re.compile(rf"^(.*?){_GUARDIAN_WORDS}(\d)$")
_PUPIL_PREFIX = re.compile(r"^(?:elevens|elev|pupils|pupil|students|student)(.+)$")


def _field_for_header(header: str, kind: str) -> str | None:
    """The field a header means, or None when it is not recognised."""
    key = _fold(header)
    if not key:
        return None
    if kind == KIND_GUARDIANS:
        name = _ALIAS_TO_FIELD.get(key)
        return name if name in GUARDIAN_FILE_FIELDS else None
    if key in ("studentsocialnumber", "studentpersonnummer", "pupilidentitynumber"):
        return None  # the guardians file's key column, never a class-list field
    match = _GUARDIAN_PREFIX.match(key)
    number, part = (match.group(1), match.group(2)) if match else (None, None)
    if match is None and (match := _GUARDIAN_SUFFIX.match(key)):
        number, part = match.group(2), match.group(1)
    if number is not None:
        if not 1 <= int(number) <= GUARDIANS_IN_A_ROW:
            return None
        guardian_part = "name" if part in ("", "namn", "name", "fulltnamn", "fullname") \
            else _ALIAS_TO_FIELD.get(part)
        if guardian_part == "full_name":
            guardian_part = "name"
        return f"guardian{number}_{guardian_part}" if guardian_part in GUARDIAN_PARTS else None
    name = _ALIAS_TO_FIELD.get(key)
    if name is None and (match := _PUPIL_PREFIX.match(key)):
        name = _ALIAS_TO_FIELD.get(match.group(1))
    return name if name in PUPIL_FIELDS else None


def _kind_of(headers: list[str]) -> str:
    folded = {_fold(h) for h in headers}
    if folded & {"studentsocialnumber", "studentpersonnummer", "pupilidentitynumber"}:
        return KIND_GUARDIANS
    return KIND_PUPILS


def _auto_mapping(headers: list[str], kind: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = _field_for_header(header, kind)
        if name and name not in taken:  # the first of two columns for one field wins
            mapping[header] = name
            taken.add(name)
    return mapping


def _has_required(fields: Iterable[str], kind: str) -> bool:
    present = set(fields)
    names = {"first_name", "last_name"} <= present or "full_name" in present
    key = "pupil_identity_number" if kind == KIND_GUARDIANS else "identity_number"
    return key in present and names


# -- bytes to text -------------------------------------------------------------------------

_MAGIC = {
    b"PK\x03\x04": "spreadsheet_file",  # .xlsx, .ods (zip)
    b"\xd0\xcf\x11\xe0": "spreadsheet_file",  # .xls
    b"%PDF": "binary_file",
}
# "Ã" or "Â" followed by what Windows-1252 makes of a UTF-8 continuation byte.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u201a\u0192\u201e\u2026\u2020\u2021"
                       "\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022"
                       "\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178\u20ac]")
_C1_BYTE = re.compile(b"[\x80-\x9f]")
_UTF8_SEQUENCE = re.compile(b"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            b"|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass
class _Text:
    text: str = ""
    encoding: str = ""
    repaired: bool = False
    error: RowError | None = None


def _decode(data: bytes) -> _Text:
    """Detect the encoding and decode; undecodable bytes become U+FFFD, located later."""
    for magic, code in _MAGIC.items():
        if data.startswith(magic):
            return _Text(error=RowError(1, "", code, "not a text file"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _Text(data.decode("utf-16", errors="replace"), "utf-16")
    if b"\x00" in data:
        return _Text(error=RowError(1, "", "binary_file", "not a text file"))
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_not_utf8(data)
    if encoding.startswith("utf-8") and _MOJIBAKE.search(text):
        repaired = _repair_mojibake(text)
        if repaired is not None:
            return _Text(repaired, encoding, repaired=True)
    return _Text(text, encoding)


def _decode_not_utf8(data: bytes) -> tuple[str, str]:
    as_utf8 = data.decode("utf-8", errors="replace")
    if len(_UTF8_SEQUENCE.findall(data)) > as_utf8.count("\ufffd"):
        return as_utf8, "utf-8"  # UTF-8 with a few damaged bytes: those rows are rejected
    # Without bytes 0x80-0x9F the two encodings read the same; with them only cp1252 makes
    # sense of text (0x81, 0x8D, 0x8F, 0x90, 0x9D stay undecodable and are located later).
    if _C1_BYTE.search(data) is None:
        return data.decode("latin-1"), "iso-8859-1"
    return data.decode("cp1252", errors="replace"), "windows-1252"


def _repair_mojibake(text: str) -> str | None:
    """Undo UTF-8 read as Windows-1252 and saved as UTF-8 again; None if the file is mixed."""
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        try:  # the five bytes cp1252 leaves undefined come through as C1 controls
            raw = bytes(b for c in text for b in (
                c.encode("cp1252") if ord(c) > 255 or not 0x80 <= ord(c) <= 0x9F
                else bytes([ord(c)])))
        except UnicodeEncodeError:
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


# -- values --------------------------------------------------------------------------------

def _clean(value: str) -> str:
    """Trim and collapse spaces; unwrap Excel's ="..." (written to keep a number as text)."""
    value = " ".join(value.split())
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        value = value[2:-1].strip()
    return value


_YES = {"ja", "j", "x", "1", "yes", "y", "true", "sant"}
_NO = {"", "nej", "n", "0", "no", "false", "falskt", "ingen", "none", "-"}
_MARKINGS = {
    "ingen": SecurityMarking.NONE,
    "sekretessmarkering": SecurityMarking.CONFIDENTIAL,
    "sekretessmarkerad": SecurityMarking.CONFIDENTIAL,
    "confidential": SecurityMarking.CONFIDENTIAL,
    "skyddadfolkbokforing": SecurityMarking.PROTECTED,
    "skyddadidentitet": SecurityMarking.PROTECTED,
    "skyddadepersonuppgifter": SecurityMarking.PROTECTED,
    "fingeradepersonuppgifter": SecurityMarking.PROTECTED,
    "protected": SecurityMarking.PROTECTED,
}
_STATUSES = {
    "aktiv": PersonStatus.ACTIVE, "active": PersonStatus.ACTIVE,
    "utvandrad": PersonStatus.EMIGRATED, "emigrated": PersonStatus.EMIGRATED,
    "avliden": PersonStatus.DECEASED, "deceased": PersonStatus.DECEASED,
}
_RELATIONS = {
    "vardnadshavare": Relation.GUARDIAN, "guardian": Relation.GUARDIAN, "": Relation.GUARDIAN,
    "foralder": Relation.PARENT, "parent": Relation.PARENT, "mamma": Relation.PARENT,
    "pappa": Relation.PARENT, "mor": Relation.PARENT, "far": Relation.PARENT,
    "familjehemsforalder": Relation.FOSTER_PARENT, "familjehem": Relation.FOSTER_PARENT,
    "fosterparent": Relation.FOSTER_PARENT,
    "nodkontakt": Relation.EMERGENCY_CONTACT, "kontaktperson": Relation.EMERGENCY_CONTACT,
    "emergencycontact": Relation.EMERGENCY_CONTACT,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SCIENTIFIC_PHONE = re.compile(r"^\d([.,]\d+)?E\+?\d+$", re.IGNORECASE)


def _marking(value: str, column_field: str) -> str | None:
    """The security marking a cell means, or None when the value is not understood."""
    key = _fold(value)
    if key in _MARKINGS:
        return _MARKINGS[key]
    if key in _NO:
        return SecurityMarking.NONE
    if key in _YES:
        return (SecurityMarking.PROTECTED if column_field == "protected_identity"
                else SecurityMarking.CONFIDENTIAL)
    return None


def _strictest(*markings: str) -> str:
    order = [SecurityMarking.NONE, SecurityMarking.CONFIDENTIAL, SecurityMarking.PROTECTED]
    return max(markings, key=order.index)


def _split_name(full: str) -> tuple[str, str]:
    """ "Efternamn, Förnamn" or "Förnamn Efternamn" as (first, last)."""
    if "," in full:
        last, _comma, first = full.partition(",")
        return first.strip(), last.strip()
    first, _space, last = full.rpartition(" ")
    return (first, last) if first else (last, "")


def _identity(value: str, today: date):
    """(IdentityNumber, None) or (None, (code, detail))."""
    try:
        return parse_identity(value, today=today), None
    except InvalidIdentityNumber as error:
        return None, (getattr(error, "code", "format"), str(error))


# -- CSV -----------------------------------------------------------------------------------

_DELIMITERS = (";", "\t", ",")
_SEP_LINE = re.compile(r"^\ufeff?\"?sep=(.)\"?\s*$", re.IGNORECASE)


def _records(text: str, delimiter: str, skip_lines: int = 0) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, fields) for each non-blank record."""
    source = io.StringIO(text, newline="")
    for _skip in range(skip_lines):
        source.readline()
    reader = csv.reader(source, delimiter=delimiter)
    while True:
        line = reader.line_num + 1 + skip_lines
        try:
            fields = next(reader)
        except StopIteration:
            return
        if fields and any(f.strip() for f in fields):
            yield line, fields


def _sniff(text: str) -> tuple[str, int]:
    """(delimiter, lines to skip): Excel's `sep=` line, else the most consistent separator."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if match := _SEP_LINE.match(first_line):
        return match.group(1), 1
    sample = "\n".join(text.splitlines()[:25])
    best, best_score = ",", (-1, 0)
    for delimiter in _DELIMITERS:
        try:
            rows = [fields for _line, fields in _records(sample, delimiter)]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(1 for r in rows if len(r) == width), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best, 0


def _parse_csv(text: str, result: ParsedList, mapping: dict[str, str] | None,
               today: date) -> None:
    delimiter, skip = _sniff(text)
    result.delimiter = delimiter
    records = _records(text, delimiter, skip)
    try:
        first = next(records, None)
    except csv.Error as error:
        result.errors.append(RowError(1 + skip, "", "malformed_row", str(error)))
        return
    if first is None:
        result.errors.append(RowError(1, "", "empty_file", "no header row"))
        return
    header_line, raw_headers = first
    headers = [_clean(h) for h in raw_headers]
    while headers and not headers[-1]:
        headers.pop()  # a trailing separator on the header line
    result.headers = headers
    result.kind = _kind_of(headers)
    fields = class_list_fields() if result.kind == KIND_PUPILS else list(GUARDIAN_FILE_FIELDS)
    result.known_fields = fields
    used = _auto_mapping(headers, result.kind)
    if mapping:
        for header, target in mapping.items():
            if header not in headers:
                result.errors.append(RowError(header_line, header, "mapping_header_missing",
                                              "no such column in the file"))
            elif target not in (*fields, IGNORE, ""):
                result.errors.append(RowError(header_line, header, "unknown_field",
                                              "no such field"))
            else:
                used = {h: f for h, f in used.items() if f != target or h == header}
                used[header] = target
        used = {h: f for h, f in used.items() if f not in (IGNORE, "")}
        if len(set(used.values())) != len(used):
            result.errors.append(RowError(header_line, "", "duplicate_field",
                                          "two columns mapped to one field"))
    result.mapping = used
    if not _has_required(used.values(), result.kind):
        result.needs_mapping = True
        return
    if result.errors:
        return
    layout = _Layout.of(headers, used)
    row_parser = _PupilRow if result.kind == KIND_PUPILS else _GuardianFileRow
    seen: dict[str, int] = {}
    line = header_line
    try:
        for line, values in records:
            result.rows += 1
            row = row_parser(line, layout, values, today)
            item = row.parse()
            result.errors.extend(row.errors)
            if item is None:
                continue
            if isinstance(item, ImportedPupil):
                first_line = seen.setdefault(item.identity_number, line)
                if first_line != line:
                    result.errors.append(RowError(
                        line, headers[layout.by_field["identity_number"]], "duplicate",
                        f"same identity number as line {first_line}", other_line=first_line))
                    continue
                result.pupils.append(item)
            else:
                result.guardian_rows.append(item)
    except csv.Error as error:
        result.errors.append(RowError(line, "", "malformed_row", str(error)))


@dataclass(frozen=True)
class _Layout:
    """Where each field is in a file's rows, worked out once per file."""

    headers: list[str]
    by_field: dict[str, int]  # field -> column index
    guardians: tuple[tuple[str, tuple[str, ...]], ...]  # (prefix, its mapped fields)

    @classmethod
    def of(cls, headers: list[str], mapping: dict[str, str]) -> _Layout:
        by_field = {f: headers.index(h) for h, f in mapping.items()}
        prefixes = (f"guardian{n}_" for n in range(1, GUARDIANS_IN_A_ROW + 1))
        guardians = tuple((prefix, own) for prefix in prefixes
                          if (own := tuple(f for f in by_field if f.startswith(prefix))))
        return cls(headers, by_field, guardians)


class _Row:
    """One CSV record being checked; collects its own located errors."""

    def __init__(self, line: int, layout: _Layout, values: list[str], today: date):
        self.line, self.layout, self.today = line, layout, today
        self.headers, self.by_field = layout.headers, layout.by_field
        self.raw_width = len(values)
        self.values = [_clean(v) for v in values]
        self.broken = any("\ufffd" in v for v in self.values)
        self.errors: list[RowError] = []

    def error(self, field_name: str | None, code: str, detail: str) -> None:
        column = self.headers[self.by_field[field_name]] if field_name else ""
        self.errors.append(RowError(self.line, column, code, detail))

    def get(self, field_name: str) -> str:
        index = self.by_field.get(field_name)
        if index is None or index >= len(self.values):
            return ""
        value = self.values[index]
        if self.broken and "\ufffd" in value:
            self.error(field_name, "undecodable", "bytes that are not text in this encoding")
            return ""
        return value

    def check_width(self) -> bool:
        width = len(self.headers)
        if len(self.values) > width and any(v.strip() for v in self.values[width:]):
            self.errors.append(RowError(self.line, "", "too_many_fields",
                                        f"{len(self.values)} fields, the header has {width}"))
            return False
        if len(self.values) < width:
            self.errors.append(RowError(self.line, self.headers[len(self.values)],
                                        "too_few_fields",
                                        f"{len(self.values)} fields, the header has {width}"))
            return False
        return True

    def required(self, field_name: str) -> str:
        value = self.get(field_name)
        if not value and field_name in self.by_field and not self._reported(field_name):
            self.error(field_name, "required", "empty")
        return value

    def _reported(self, field_name: str) -> bool:
        column = self.headers[self.by_field[field_name]]
        return any(e.column == column for e in self.errors)

    def names(self, prefix: str = "") -> tuple[str, str]:
        if f"{prefix}first_name" in self.by_field or f"{prefix}last_name" in self.by_field:
            return self.required(f"{prefix}first_name"), self.required(f"{prefix}last_name")
        full_field = f"{prefix}name" if prefix else "full_name"
        full = self.required(full_field)
        return _split_name(full) if full else ("", "")

    def identity(self, field_name: str, *, required: bool):
        value = self.required(field_name) if required else self.get(field_name)
        if not value:
            return None
        number, problem = _identity(value, self.today)
        if problem:
            self.error(field_name, *problem)
        return number

    def address(self, prefix: str = "") -> Address | None:
        address = Address(self.get(f"{prefix}street") or None,
                          self.get(f"{prefix}postal_code") or None,
                          self.get(f"{prefix}city") or None)
        return None if address.is_empty else address

    def contact(self, prefix: str = "") -> tuple[str, str]:
        phone, email = self.get(f"{prefix}phone"), self.get(f"{prefix}email")
        if _SCIENTIFIC_PHONE.match(phone.replace(" ", "")):
            self.error(f"{prefix}phone", "spreadsheet_number",
                       "turned into a number by a spreadsheet (scientific notation)")
        if email and not _EMAIL.match(email):
            self.error(f"{prefix}email", "email_format", "not an e-mail address")
        return phone, email

    def relation(self, field_name: str) -> str:
        value = self.get(field_name)
        relation = _RELATIONS.get(_fold(value))
        if relation is None:
            return Relation.OTHER
        return relation



class _PupilRow(_Row):
    def parse(self) -> ImportedPupil | None:
        if not self.check_width():
            return None
        number = self.identity("identity_number", required=True)
        first, last = self.names()
        class_name = self.required("class_name") if "class_name" in self.by_field else None
        marking = SecurityMarking.NONE
        for marking_field in ("protected_identity", "security_marking"):
            if marking_field in self.by_field:
                found = _marking(self.get(marking_field), marking_field)
                if found is None:
                    self.error(marking_field, "security_marking", "value not understood")
                else:
                    marking = _strictest(marking, found)
        protected = marking == SecurityMarking.PROTECTED
        address = None if protected else self.address()
        guardians = [g for prefix, own in self.layout.guardians
                     if (g := self._guardian(prefix, own, protected)) is not None]
        external_id = self.get("external_id") or None
        if self.errors or number is None:
            return None
        return ImportedPupil(self.line, number.normalised, number.kind, number.birth_date,
                             first, last, class_name, marking, PersonStatus.ACTIVE, address,
                             tuple(guardians), external_id)

    def _guardian(self, prefix: str, own: tuple[str, ...],
                  pupil_protected: bool) -> ImportedGuardian | None:
        if not any(self.get(f) for f in own):
            return None
        first, last = self.names(prefix)
        number = self.identity(f"{prefix}identity_number", required=False)
        phone, email = self.contact(prefix)
        address = None if pupil_protected else self.address(prefix)
        return ImportedGuardian(first, last, number.normalised if number else None, phone,
                                email, self.relation(f"{prefix}relation"), address)


class _GuardianFileRow(_Row):
    def parse(self) -> GuardianRow | None:
        if not self.check_width():
            return None
        pupil = self.identity("pupil_identity_number", required=True)
        first, last = self.names()
        number = self.identity("identity_number", required=False)
        phone, email = self.contact()
        guardian = ImportedGuardian(first, last, number.normalised if number else None, phone,
                                    email, self.relation("relation"), self.address(),
                                    external_id=self.get("external_id") or None)
        if self.errors or pupil is None:
            return None
        return GuardianRow(self.line, pupil.normalised, guardian)


# -- SS 12000 JSON -------------------------------------------------------------------------

def _parse_ss12000(document, result: ParsedList, today: date) -> None:
    result.format, result.delimiter = FORMAT_SS12000, ""
    items: list[tuple[str, int, dict]] = []  # (list name, index, object)
    if isinstance(document, list):
        document = {"data": document}
    if not isinstance(document, dict):
        result.errors.append(RowError(1, "", "unknown_json_shape", "not an object or a list"))
        return
    for key in ("persons", "groups", "data"):
        value = document.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            result.errors.append(RowError(1, key, "unknown_json_shape", "not a list",
                                          path=key))
            continue
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                result.errors.append(RowError(index + 1, "", "unknown_json_shape",
                                              "not an object", path=f"{key}[{index}]"))
            else:
                items.append((key, index, item))
    if not items and not result.errors:
        result.errors.append(RowError(1, "", "empty_file", "no persons or groups"))
        return
    _Ss12000(items, result, today).run()


class _Ss12000:
    """Joins SS 12000 Persons, their responsibles and Klass groups into pupils."""

    def __init__(self, items: list[tuple[str, int, dict]], result: ParsedList, today: date):
        self.result, self.today = result, today
        self.persons: dict[str, tuple[str, dict]] = {}  # id -> (path, object)
        self.person_order: list[tuple[str, int, dict]] = []
        self.groups: list[tuple[str, int, dict]] = []
        for key, index, item in items:
            path = f"{key}[{index}]"
            if "groupType" in item or "studentMemberships" in item \
                    or "groupMemberships" in item:
                self.groups.append((path, index, item))
            else:
                self.person_order.append((path, index, item))
                if isinstance(item.get("id"), (str, int)):
                    self.persons[str(item["id"])] = (path, item)

    def error(self, path: str, index: int, column: str, code: str, detail: str) -> None:
        self.result.errors.append(RowError(index + 1, column, code, detail,
                                           path=f"{path}.{column}" if column else path))

    def run(self) -> None:
        class_of = self._classes()
        responsible_ids = {self._ref(r.get("person")) for _p, _i, person in self.person_order
                           for r in _list(person.get("responsibles")) if isinstance(r, dict)}
        seen: dict[str, int] = {}
        for path, index, person in self.person_order:
            person_id = str(person.get("id", ""))
            is_pupil = (person_id in class_of or bool(_list(person.get("enrolments")))
                        or bool(_list(person.get("responsibles")))
                        or (not self.groups and person_id not in responsible_ids))
            if not is_pupil:
                continue
            self.result.rows += 1
            pupil = self._pupil(path, index, person, class_of.get(person_id))
            if pupil is None:
                continue
            first_index = seen.setdefault(pupil.identity_number, index)
            if first_index != index:
                self.result.errors.append(RowError(
                    index + 1, "civicNo", "duplicate",
                    f"same identity number as position {first_index + 1}",
                    path=f"{path}.civicNo", other_line=first_index + 1))
                continue
            self.result.pupils.append(pupil)

    def _ref(self, value) -> str:
        if isinstance(value, dict):
            value = value.get("id")
        return str(value) if isinstance(value, (str, int)) else ""

    def _classes(self) -> dict[str, str]:
        class_of: dict[str, str] = {}
        for path, index, group in self.groups:
            if _fold(str(group.get("groupType", ""))) not in ("klass", "class"):
                continue
            name = _clean(str(group.get("displayName") or group.get("name") or ""))
            if not name:
                self.error(path, index, "displayName", "required", "empty")
                continue
            for key in ("studentMemberships", "groupMemberships"):
                for m_index, membership in enumerate(_list(group.get(key))):
                    if not isinstance(membership, dict):
                        continue
                    if _ended(membership.get("endDate"), self.today):
                        continue
                    person_id = self._ref(membership.get("person"))
                    member_path = f"{path}.{key}[{m_index}]"
                    if person_id not in self.persons:
                        self.error(member_path, index, "person", "unknown_person",
                                   "no person with this id in the file")
                    elif class_of.setdefault(person_id, name) != name:
                        self.error(member_path, index, "person", "two_classes",
                                   "the person is in two classes")
        return class_of

    def _pupil(self, path: str, index: int, person: dict,
               class_name: str | None) -> ImportedPupil | None:
        before = len(self.result.errors)
        number = self._civic(path, index, person, required=True)
        first = self._text(path, index, person, "givenName", required=True)
        last = self._text(path, index, person, "familyName", required=True)
        marking = self._marking(path, index, person)
        status = _STATUSES.get(_fold(str(person.get("personStatus") or "aktiv")),
                               PersonStatus.OTHER)
        protected = marking == SecurityMarking.PROTECTED
        address = None if protected else _ss_address(person)
        guardians = []
        for r_index, responsible in enumerate(_list(person.get("responsibles"))):
            guardian = self._guardian(f"{path}.responsibles[{r_index}]", index, responsible,
                                      protected)
            if guardian is not None:
                guardians.append(guardian)
        if len(self.result.errors) > before or number is None:
            return None
        external = person.get("id")
        return ImportedPupil(index + 1, number.normalised, number.kind, number.birth_date,
                             first, last, class_name, marking, status, address,
                             tuple(guardians), str(external) if external is not None else None)

    def _guardian(self, path: str, index: int, responsible,
                  pupil_protected: bool) -> ImportedGuardian | None:
        if not isinstance(responsible, dict):
            self.error(path, index, "", "unknown_json_shape", "not an object")
            return None
        reference = responsible.get("person")
        person_id = self._ref(reference)
        if person_id in self.persons:
            person_path, person = self.persons[person_id]
        elif isinstance(reference, dict) and (reference.get("givenName")
                                              or reference.get("displayName")):
            person_path, person = f"{path}.person", reference
        else:
            self.error(path, index, "person", "unknown_person",
                       "no person with this id in the file")
            return None
        if person.get("givenName") or person.get("familyName"):
            first = self._text(person_path, index, person, "givenName", required=True)
            last = self._text(person_path, index, person, "familyName", required=False)
        else:
            first, last = _split_name(_clean(str(person.get("displayName", ""))))
        number = self._civic(person_path, index, person, required=False)
        marking = self._marking(person_path, index, person)
        hide_address = pupil_protected or marking == SecurityMarking.PROTECTED
        relation = _RELATIONS.get(_fold(str(responsible.get("relationType") or "")),
                                  Relation.OTHER)
        phones = [p for p in _list(person.get("phoneNumbers")) if isinstance(p, dict)]
        mobile = next((p for p in phones if p.get("mobile")), phones[0] if phones else {})
        emails = [e for e in _list(person.get("emails")) if isinstance(e, dict)]
        return ImportedGuardian(
            first, last, number.normalised if number else None,
            _clean(str(mobile.get("value", ""))),
            _clean(str(emails[0].get("value", ""))) if emails else "",
            relation, None if hide_address else _ss_address(person), marking,
            external_id=person_id or None)

    def _text(self, path: str, index: int, obj: dict, key: str, *, required: bool) -> str:
        value = obj.get(key)
        text = _clean(value) if isinstance(value, str) else ""
        if required and not text:
            self.error(path, index, key, "required", "empty")
        return text

    def _civic(self, path: str, index: int, person: dict, *, required: bool):
        civic = person.get("civicNo")
        column = "civicNo"
        if isinstance(civic, dict):
            civic, column = civic.get("value"), "civicNo.value"
        if civic is None or (isinstance(civic, str) and not civic.strip()):
            if required:
                self.error(path, index, column, "required", "empty")
            return None
        if not isinstance(civic, str):
            # A number in JSON: that is how a spreadsheet's lost zeros arrive here.
            if isinstance(civic, float) and civic.is_integer() and "e" not in repr(civic):
                civic = int(civic)
            civic = repr(civic).upper() if isinstance(civic, float) else str(civic)
        number, problem = _identity(civic, self.today)
        if problem:
            self.error(path, index, column, *problem)
        return number

    def _marking(self, path: str, index: int, person: dict) -> str:
        value = person.get("securityMarking")
        if value is None:
            return SecurityMarking.NONE
        marking = _marking(str(value), "security_marking")
        if marking is None:
            self.error(path, index, "securityMarking", "security_marking",
                       "value not understood")
            return SecurityMarking.PROTECTED  # the safe side until the file is fixed
        return marking


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _ended(end, today: date) -> bool:
    if not isinstance(end, str):
        return False
    try:
        return date.fromisoformat(end[:10]) < today
    except ValueError:
        return False


def _ss_address(person: dict) -> Address | None:
    addresses = [a for a in _list(person.get("addresses")) if isinstance(a, dict)]
    if not addresses:
        return None
    chosen = next((a for a in addresses
                   if _fold(str(a.get("type") or a.get("addressType") or "")) ==
                   "folkbokforing"), addresses[0])
    address = Address(*(_clean(str(chosen.get(k))) if chosen.get(k) else None
                        for k in ("streetAddress", "postalCode", "locality")))
    return None if address.is_empty else address


# -- entry points --------------------------------------------------------------------------

def parse_class_list(data: bytes, *, file_name: str = "", mapping: dict[str, str] | None = None,
                     today: date | None = None) -> ParsedList:
    """Read a class list (or SchoolSoft's guardians file) and check every row.

    Args:
        data: the file's bytes, as read from disk.
        file_name: the file's name; ".json" (or a first character of `{` or `[`) selects
            SS 12000 JSON.
        mapping: {header as written: field} for headers the automatic step did not
            recognise (or got wrong); map a header to "ignore" to leave it out.
        today: decides the century of 10-digit identity numbers and which memberships have
            ended; defaults to today.

    Returns:
        A ParsedList. It never raises for anything in the file: every problem is a located
        RowError (or `needs_mapping`).
    """
    today = today or date.today()
    result = ParsedList(file_name=file_name, known_fields=class_list_fields())
    decoded = _decode(data)
    result.encoding = decoded.encoding
    if decoded.error:
        result.errors.append(decoded.error)
        return result
    result.repaired_mojibake = decoded.repaired
    text = decoded.text
    if not text.strip():
        result.errors.append(RowError(1, "", "empty_file", "the file is empty"))
        return result
    stripped = text.lstrip()
    if file_name.lower().endswith(".json") or stripped[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            line = getattr(error, "lineno", 1) or 1
            result.format = FORMAT_SS12000
            result.errors.append(RowError(line, "", "invalid_json", "not valid JSON"))
            return result
        _parse_ss12000(document, result, today)
    else:
        _parse_csv(text, result, mapping, today)
    if not decoded.repaired and result.encoding.startswith("utf-8"):
        result.warnings.extend(_mojibake_warnings(text))
    return result


def _mojibake_warnings(text: str) -> list[RowError]:
    warnings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _MOJIBAKE.search(line):
            warnings.append(RowError(number, "", "mojibake", "å/ä/ö look broken"))
    return warnings


def attach_guardians(pupils: ParsedList, guardians: ParsedList) -> ParsedList:
    """Join a guardians file to the pupils file it belongs to (SchoolSoft exports two files).

    Every guardian row must name a pupil of `pupils`; one that does not is a located error
    in the guardians file. Errors of both files carry their file's name.

    Returns:
        A new ParsedList of the pupils with their guardians appended.
    """
    def named(errors: list[RowError], parsed: ParsedList) -> list[RowError]:
        return [replace(e, file=e.file or parsed.file_name) for e in errors]

    by_number: dict[str, list[ImportedGuardian]] = {}
    errors = named(pupils.errors, pupils) + named(guardians.errors, guardians)
    known = {p.identity_number for p in pupils.pupils}
    column = next((h for h, f in guardians.mapping.items() if f == "pupil_identity_number"), "")
    for row in guardians.guardian_rows:
        if row.pupil_identity_number not in known:
            errors.append(RowError(row.line, column, "unknown_pupil",
                                   "no pupil with this identity number in the class list",
                                   file=guardians.file_name))
            continue
        by_number.setdefault(row.pupil_identity_number, []).append(row.guardian)
    merged = [replace(p, guardians=p.guardians + tuple(by_number.get(p.identity_number, ())))
              for p in pupils.pupils]
    return replace(pupils, pupils=merged, errors=errors,
                   warnings=named(pupils.warnings, pupils) + named(guardians.warnings,
                                                                   guardians),
                   needs_mapping=pupils.needs_mapping or guardians.needs_mapping)


__all__ = [
    "Address", "GuardianRow", "IGNORE", "ImportedGuardian", "ImportedPupil",
    "KIND_GUARDIANS", "KIND_PUPILS", "ParsedList", "RowError", "attach_guardians",
    "class_list_fields", "parse_class_list",
]
