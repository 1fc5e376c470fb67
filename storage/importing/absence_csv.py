"""CSV and tab-separated absence files: the class list's separator, header and row checks.

The separator, the header row, control characters, the row width and the cell cleaning are
the class list's own (storage.importing.csv_rows); this module knows the absence fields and
checks each row's identity number, date, lesson, times, minutes and kind of absence, every
problem located by line and column. Two rows for one slot are found by the plan
(storage.importing.absence_plan), for every format alike.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, time

from storage.importing.absence_headers import ABSENCE_FIELDS, auto_mapping, has_required
from storage.importing.absence_results import AbsenceRow, ParsedAbsence
from storage.importing.absence_values import (
    date_of as parse_date,
)
from storage.importing.absence_values import (
    kind_of,
    lesson_of,
    minutes_between,
    minutes_of,
    span_of,
    time_of,
)
from storage.importing.csv_rows import _Row, read_header_row, with_chosen_mapping
from storage.importing.limits import MAX_ABSENCE_ROWS
from storage.importing.results import RowError


@dataclass(frozen=True)
class _Columns:
    """Where each field is (the part of the class list's layout a row check reads)."""

    headers: list[str]
    by_field: dict[str, int]


def parse_absence_csv(
    text: str, result: ParsedAbsence, mapping: dict[str, str] | None, today: date
) -> None:
    """Read a CSV absence file into `result`: headers, mapping, every row checked.

    Args:
        text: the decoded file.
        result: filled in place.
        mapping: {header as written: field} chosen by the counsellor, over the automatic one.
        today: decides the century of 10-digit identity numbers.
    """
    header_row = read_header_row(text, result)
    if header_row is None:
        return
    records, header_line, headers = header_row
    result.known_fields = list(ABSENCE_FIELDS)
    used = auto_mapping(headers)
    if mapping:
        used = with_chosen_mapping(
            used, mapping, list(ABSENCE_FIELDS), headers, header_line, result.errors
        )
    result.mapping = used
    if not has_required(used.values()):
        result.needs_mapping = True
        return
    if result.errors:
        return
    columns = _Columns(headers, {f: headers.index(h) for h, f in used.items()})
    try:
        for line, values in records:
            if result.rows == MAX_ABSENCE_ROWS:
                result.errors.append(
                    RowError(line, "", "too_many_rows", f"more than {MAX_ABSENCE_ROWS} rows")
                )
                return
            result.rows += 1
            row = _AbsenceCsvRow(line, columns, values, today)  # type: ignore[arg-type]
            item = row.parse()
            result.errors.extend(row.errors)
            if item is None:
                continue
            result.absences.append(item)
    except csv.Error as error:
        result.errors.append(RowError(result.rows + header_line, "", "malformed_row", str(error)))


class _AbsenceCsvRow(_Row):
    """One CSV record of an absence file being checked."""

    def checked(self, field_name: str, reader, *, required: bool = False):
        value = self.required(field_name) if required else self.get(field_name)
        if not value:
            return None
        parsed, problem = reader(value)
        if problem:
            self.error(field_name, *problem)
        return parsed

    def parse(self) -> AbsenceRow | None:
        if not self.check_width():
            return None
        number = self.identity("identity_number", required=True)
        day = self.checked("date", parse_date, required=True)
        kind = self.checked("kind", kind_of, required=True)
        lesson = self.checked("lesson", lesson_of)
        minutes = self.checked("minutes", minutes_of)
        span = self._span()
        if self.errors or number is None or day is None or kind is None:
            return None
        column = (
            "lesson"
            if "lesson" in self.by_field
            else next(
                (f for f in ("time_span", "start_time", "minutes") if f in self.by_field), "date"
            )
        )
        return AbsenceRow(
            self.line,
            number.normalised,
            day,
            kind,
            lesson,
            minutes,
            span,
            pupil_column=self.headers[self.by_field["identity_number"]],
            lesson_column=self.headers[self.by_field[column]],
        )

    def _span(self) -> int | None:
        """The length in minutes of the row's times (one span cell, or from and to)."""
        times: tuple[time, time] | None = self.checked("time_span", span_of)
        field_name = "time_span"
        if times is None and not self.get("time_span"):
            start = self.checked("start_time", time_of)
            end = self.checked("end_time", time_of)
            times = (start, end) if start and end else None
            field_name = "end_time"
        if times is None:
            return None
        length = minutes_between(*times)
        if length <= 0:
            self.error(field_name, "end_before_start", "ends before it starts")
            return None
        return length
