"""CSV and tab-separated class lists: the separator, the header row, and each row checked.

The separator (`,` `;` tab, or Excel's `sep=` first line) is the one that splits the first
rows most consistently. Each data row becomes an ImportedPupil (a class list) or a GuardianRow
(SchoolSoft's guardians file), or located RowErrors: the physical line, the column as written
and a reason code. A duplicate identity number points at its first line. Whole names in one
column are split in the order the header, the rows or the counsellor gives
(storage.importing.name_order).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from storage.codes import PersonStatus, Relation, SecurityMarking
from storage.importing.headers import (
    GUARDIAN_FILE_FIELDS,
    GUARDIANS_IN_A_ROW,
    IGNORE,
    auto_mapping,
    class_list_fields,
    has_required,
    kind_of,
)
from storage.importing.limits import MAX_COLUMNS, MAX_ROWS
from storage.importing.name_order import (
    ASSUMED,
    CHOSEN,
    FIRST_LAST,
    FROM_HEADER,
    FROM_ROWS,
    order_in_header,
    order_in_rows,
    split_whole_name,
)
from storage.importing.results import (
    KIND_PUPILS,
    Address,
    GuardianRow,
    ImportedGuardian,
    ImportedPupil,
    ParsedFile,
    ParsedList,
    RowError,
)
from storage.importing.values import (
    RELATIONS,
    clean,
    identity_of,
    marking_of,
    strictest,
)
from storage.protected_identity import may_hold_address
from storage.text import control_character, header_key

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SCIENTIFIC_PHONE = re.compile(r"^\d([.,]\d+)?E\+?\d+$", re.IGNORECASE)
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


def read_header_row(
    text: str, result: ParsedFile
) -> tuple[Iterator[tuple[int, list[str]]], int, list[str]] | None:
    """Find the separator and read the header row of a CSV file, for any kind of import.

    Sets `result.delimiter` and `result.headers`; a file with no header row, a malformed
    one or a refused one (too many columns, a control character) gets its located error.

    Returns:
        (the remaining records, the header's line, the headers cleaned), or None when the
        file cannot be read past its header.
    """
    delimiter, skip = _sniff(text)
    result.delimiter = delimiter
    records = _records(text, delimiter, skip)
    try:
        first = next(records, None)
    except csv.Error as error:
        result.errors.append(RowError(1 + skip, "", "malformed_row", str(error)))
        return None
    if first is None:
        result.errors.append(RowError(1, "", "empty_file", "no header row"))
        return None
    header_line, raw_headers = first
    if _header_refused(header_line, raw_headers, result):
        return None
    headers = [clean(h) for h in raw_headers]
    while headers and not headers[-1]:
        headers.pop()  # a trailing separator on the header line
    result.headers = headers
    return records, header_line, headers


def with_chosen_mapping(
    used: dict[str, str],
    mapping: dict[str, str],
    fields: list[str],
    headers: list[str],
    header_line: int,
    errors: list[RowError],
) -> dict[str, str]:
    """The automatic mapping with the counsellor's choices over it, ignored columns left out.

    Args:
        used: the automatic mapping, {header: field}.
        mapping: the counsellor's choices, {header as written: field, "ignore" or ""}.
        fields: the fields this kind of file can be mapped to.
        headers: the file's headers.
        header_line: where a refused choice is located.
        errors: a located RowError is appended for a header the file lacks, an unknown
            field, or two columns mapped to one field.
    """
    for header, target in mapping.items():
        if header not in headers:
            errors.append(
                RowError(
                    header_line, header, "mapping_header_missing", "no such column in the file"
                )
            )
        elif target not in (*fields, IGNORE, ""):
            errors.append(RowError(header_line, header, "unknown_field", "no such field"))
        else:
            used = {h: f for h, f in used.items() if f != target or h == header}
            used[header] = target
    used = {h: f for h, f in used.items() if f not in (IGNORE, "")}
    if len(set(used.values())) != len(used):
        errors.append(
            RowError(header_line, "", "duplicate_field", "two columns mapped to one field")
        )
    return used


def parse_csv(
    text: str,
    result: ParsedList,
    mapping: dict[str, str] | None,
    today: date,
    guardian_name_order: str | None = None,
) -> None:
    """Read a CSV class list (or guardians file) into `result`: headers, mapping, every row.

    Args:
        text: the decoded file.
        result: filled in place (delimiter, headers, mapping, pupils or guardian rows,
            errors, `needs_mapping`, the guardian name order used).
        mapping: {header as written: field} chosen by the counsellor, over the automatic one.
        today: decides the century of 10-digit identity numbers.
        guardian_name_order: FIRST_LAST or LAST_FIRST for guardians' whole names; None to
            detect it from the header and the rows.
    """
    header_row = read_header_row(text, result)
    if header_row is None:
        return
    records, header_line, headers = header_row
    result.kind = kind_of(headers)
    fields = class_list_fields() if result.kind == KIND_PUPILS else list(GUARDIAN_FILE_FIELDS)
    result.known_fields = fields
    used = auto_mapping(headers, result.kind)
    if mapping:
        used = with_chosen_mapping(used, mapping, fields, headers, header_line, result.errors)
    result.mapping = used
    if not has_required(used.values(), result.kind):
        result.needs_mapping = True
        return
    if result.errors:
        return
    rows: list[tuple[int, list[str]]] = []
    malformed: RowError | None = None
    try:
        for record in records:
            if len(rows) == MAX_ROWS:  # stop reading: a register, not a class list
                result.errors.append(
                    RowError(record[0], "", "too_many_rows", f"more than {MAX_ROWS} rows")
                )
                return
            rows.append(record)
    except csv.Error as error:
        last_line = rows[-1][0] if rows else header_line
        malformed = RowError(last_line, "", "malformed_row", str(error))
    layout = _Layout.of(headers, used, result.kind)
    layout = _with_name_order(layout, rows, guardian_name_order, result)
    row_parser = _PupilRow if result.kind == KIND_PUPILS else _GuardianFileRow
    seen: dict[str, int] = {}
    for line, values in rows:
        result.rows += 1
        row = row_parser(line, layout, values, today)
        item = row.parse()
        result.errors.extend(row.errors)
        if item is None:
            continue
        if isinstance(item, ImportedPupil):
            first_line = seen.setdefault(item.identity_number, line)
            if first_line != line:
                result.errors.append(
                    RowError(
                        line,
                        headers[layout.by_field["identity_number"]],
                        "duplicate",
                        f"same identity number as line {first_line}",
                        other_line=first_line,
                    )
                )
                continue
            result.pupils.append(item)
        else:
            result.guardian_rows.append(item)
    if malformed is not None:
        result.errors.append(malformed)


def _header_refused(line: int, raw_headers: list[str], result: ParsedFile) -> bool:
    """Refuse the file for too many columns or a header cell with a control character.

    Checked before the headers are used: a million columns would otherwise be mapped one by
    one, and a header is printed and shown (the column is named by its number, never by the
    text that holds the control).
    """
    if len(raw_headers) > MAX_COLUMNS:
        result.errors.append(RowError(line, "", "too_many_columns", f"{len(raw_headers)} columns"))
        return True
    for number, header in enumerate(raw_headers, start=1):
        if control_character(header) is not None:
            result.errors.append(
                RowError(
                    line,
                    "",
                    "control_character_in_header",
                    "a control character in the header",
                    column_number=number,
                )
            )
            return True
    return False


def _with_name_order(
    layout: _Layout,
    rows: list[tuple[int, list[str]]],
    chosen: str | None,
    result: ParsedList,
) -> _Layout:
    """The layout with the order of the guardians' whole names decided, and noted in `result`.

    The counsellor's choice wins, then the header's word, then what most rows show.
    """
    columns = layout.guardian_whole_name_columns()
    if not columns:
        return layout
    if chosen is not None:
        order, source = chosen, CHOSEN
    elif found := next((o for c in columns if (o := order_in_header(layout.headers[c]))), None):
        order, source = found, FROM_HEADER
    elif found := order_in_rows(layout.family_and_guardian_names(rows)):
        order, source = found, FROM_ROWS
    else:
        order, source = FIRST_LAST, ASSUMED
    result.guardian_name_order, result.guardian_name_order_source = order, source
    return replace(layout, guardian_order=order)


@dataclass(frozen=True)
class _Layout:
    """Where each field is in a file's rows, worked out once per file, and name orders."""

    headers: list[str]
    by_field: dict[str, int]  # field -> column index
    guardians: tuple[tuple[str, tuple[str, ...]], ...]  # (prefix, its mapped fields)
    kind: str = KIND_PUPILS
    pupil_order: str = FIRST_LAST  # of the pupil's whole name (a class list's "full_name")
    guardian_order: str = FIRST_LAST  # of guardians' whole names

    @classmethod
    def of(cls, headers: list[str], mapping: dict[str, str], kind: str) -> _Layout:
        by_field = {f: headers.index(h) for h, f in mapping.items()}
        prefixes = (f"guardian{n}_" for n in range(1, GUARDIANS_IN_A_ROW + 1))
        guardians = tuple(
            (prefix, own)
            for prefix in prefixes
            if (own := tuple(f for f in by_field if f.startswith(prefix)))
        )
        pupil_order = FIRST_LAST
        if kind == KIND_PUPILS and "full_name" in by_field:
            pupil_order = order_in_header(headers[by_field["full_name"]]) or FIRST_LAST
        return cls(headers, by_field, guardians, kind, pupil_order)

    def order_for(self, prefix: str) -> str:
        """The order of the whole name in the column of `prefix` ("" for the row's own)."""
        if prefix or self.kind != KIND_PUPILS:  # a guardians file's rows are guardians
            return self.guardian_order
        return self.pupil_order

    def guardian_whole_name_columns(self) -> list[int]:
        """The columns holding a guardian's whole name (first and last not apart)."""
        if self.kind != KIND_PUPILS:
            fields = [] if "first_name" in self.by_field else ["full_name"]
        else:
            fields = [
                f"{prefix}name"
                for prefix, own in self.guardians
                if f"{prefix}first_name" not in own and f"{prefix}last_name" not in own
            ]
        return [self.by_field[f] for f in fields if f in self.by_field]

    def family_and_guardian_names(
        self, rows: list[tuple[int, list[str]]]
    ) -> Iterator[tuple[str, str]]:
        """(pupil's last name, guardian's whole name) of every row, to tell the order by."""
        if self.kind != KIND_PUPILS:
            return
        columns = self.guardian_whole_name_columns()
        last, full = self.by_field.get("last_name"), self.by_field.get("full_name")
        for _line, values in rows:
            cells = [clean(v) for v in values]
            if last is not None and last < len(cells):
                family = cells[last]
            elif full is not None and full < len(cells):
                family = split_whole_name(cells[full], self.pupil_order)[1]
            else:
                continue
            for column in columns:
                if column < len(cells):
                    yield family, cells[column]


class _Row:
    """One CSV record being checked; collects its own located errors."""

    def __init__(self, line: int, layout: _Layout, values: list[str], today: date):
        self.line, self.layout, self.today = line, layout, today
        self.headers, self.by_field = layout.headers, layout.by_field
        self.raw = values  # before `clean`, which turns some controls into spaces
        self.values = [clean(v) for v in values]
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
        if control_character(self.raw[index]) is not None:
            self.error(field_name, "control_character", "a control character")
            return ""
        if self.broken and "\ufffd" in value:
            self.error(field_name, "undecodable", "bytes that are not text in this encoding")
            return ""
        return value

    def check_width(self) -> bool:
        width = len(self.headers)
        if len(self.values) > width and any(v.strip() for v in self.values[width:]):
            self.errors.append(
                RowError(
                    self.line,
                    "",
                    "too_many_fields",
                    f"{len(self.values)} fields, the header has {width}",
                )
            )
            return False
        if len(self.values) < width:
            self.errors.append(
                RowError(
                    self.line,
                    self.headers[len(self.values)],
                    "too_few_fields",
                    f"{len(self.values)} fields, the header has {width}",
                )
            )
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
        return split_whole_name(full, self.layout.order_for(prefix)) if full else ("", "")

    def identity(self, field_name: str, *, required: bool):
        value = self.required(field_name) if required else self.get(field_name)
        if not value:
            return None
        number, problem = identity_of(value, self.today)
        if problem:
            self.error(field_name, *problem)
        return number

    def address(self, prefix: str = "") -> Address | None:
        address = Address(
            self.get(f"{prefix}street") or None,
            self.get(f"{prefix}postal_code") or None,
            self.get(f"{prefix}city") or None,
        )
        return None if address.is_empty else address

    def contact(self, prefix: str = "") -> tuple[str, str]:
        phone, email = self.get(f"{prefix}phone"), self.get(f"{prefix}email")
        if _SCIENTIFIC_PHONE.match(phone.replace(" ", "")):
            self.error(
                f"{prefix}phone",
                "spreadsheet_number",
                "turned into a number by a spreadsheet (scientific notation)",
            )
        if email and not _EMAIL.match(email):
            self.error(f"{prefix}email", "email_format", "not an e-mail address")
        return phone, email

    def relation(self, field_name: str) -> str:
        value = self.get(field_name)
        relation = RELATIONS.get(header_key(value))
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
        marking: str = SecurityMarking.NONE
        for marking_field in ("protected_identity", "security_marking"):
            if marking_field in self.by_field:
                found = marking_of(self.get(marking_field), marking_field)
                if found is None:
                    self.error(marking_field, "security_marking", "value not understood")
                else:
                    marking = strictest(marking, found)
        address = self.address() if may_hold_address(marking) else None
        guardians = [
            g
            for prefix, own in self.layout.guardians
            if (g := self._guardian(prefix, own, marking)) is not None
        ]
        external_id = self.get("external_id") or None
        if self.errors or number is None:
            return None
        return ImportedPupil(
            self.line,
            number.normalised,
            number.kind,
            number.birth_date,
            first,
            last,
            class_name,
            marking,
            PersonStatus.ACTIVE,
            address,
            tuple(guardians),
            external_id,
        )

    def _guardian(
        self, prefix: str, own: tuple[str, ...], pupil_marking: str
    ) -> ImportedGuardian | None:
        if not any(self.get(f) for f in own):
            return None
        first, last = self.names(prefix)
        number = self.identity(f"{prefix}identity_number", required=False)
        phone, email = self.contact(prefix)
        # The address of a protected pupil's guardian would reveal where the child lives.
        address = self.address(prefix) if may_hold_address(pupil_marking) else None
        return ImportedGuardian(
            first,
            last,
            number.normalised if number else None,
            phone,
            email,
            self.relation(f"{prefix}relation"),
            address,
        )


class _GuardianFileRow(_Row):
    def parse(self) -> GuardianRow | None:
        if not self.check_width():
            return None
        pupil = self.identity("pupil_identity_number", required=True)
        first, last = self.names()
        number = self.identity("identity_number", required=False)
        phone, email = self.contact()
        guardian = ImportedGuardian(
            first,
            last,
            number.normalised if number else None,
            phone,
            email,
            self.relation("relation"),
            self.address(),
            external_id=self.get("external_id") or None,
        )
        if self.errors or pupil is None:
            return None
        return GuardianRow(self.line, pupil.normalised, guardian)
