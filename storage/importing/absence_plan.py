"""The plan of an absence import: compare a checked file with the register, writing nothing.

`plan_absence_import` says, slot by slot (pupil, day, lesson; a whole day is lesson None),
what the import would do: new, changed (with what the slot held, and whether a person
entered it by hand), unchanged, or rejected (located by line and column).
storage.importing.absence_apply writes the same plan through storage.marks.write_marks.

Rules (stated here, tested in tests/test_absence_import.py):
- A pupil is found by identity number; a number the journal does not have is rejected.
- One mark per slot: a slot the file names twice is rejected (pointing at the first line).
- The slot: a row with a lesson number marks that lesson (its minutes kept). A row without
  one marks the whole day when it gives no times and no minutes, when its minutes (or its
  times' length) are at least `AbsenceImportRule.whole_day_minutes` (default 240: a short
  school day), or when it is a late arrival (late for the day, minutes kept). Any other row
  without a lesson number is rejected: the file does not say which lesson it was.
- A period (SS 12000 Absence over several days) marks the pupil's school's school days in
  it, whole days (storage.school_calendar); breaks and holidays are left alone.
- The file wins: a slot the file covers gets the file's value. A mark entered by hand (in the
  register, from a guardian's notice, from granted leave) that the file changes is listed as
  "changed, was entered by hand", and applying updates it; its history keeps the old value
  (storage.marks). A slot already holding the file's value is unchanged, whoever entered it
  (its source and note stay). "Present" in the file clears the slot.
- All or nothing: a single rejected row blocks the whole import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from storage import models as m
from storage import register, rule_settings
from storage.codes import MarkSource
from storage.importing.absence_results import AbsenceRow, ParsedAbsence
from storage.importing.absence_values import PRESENT
from storage.importing.results import RowError
from storage.school_calendar import SchoolCalendar

ABSENCE_IMPORT_RULE_KEY = "absence_import"


@dataclass(frozen=True)
class AbsenceImportRule:
    """How an absence file's rows without a lesson number become marks (a setting)."""

    whole_day_minutes: int = 240
    """A row without a lesson number whose minutes (or times) reach this many is a whole
    day absent (inclusive); fewer minutes without a lesson number are rejected."""

    def valid(self) -> bool:
        return 1 <= self.whole_day_minutes <= 24 * 60


@dataclass(frozen=True)
class PlannedMark:
    """One slot the file covers and what the import would do to it."""

    line: int
    pupil_id: int
    first_name: str
    last_name: str
    on_date: date
    lesson: int | None
    code: str | None  # None: the file says present, the slot is cleared
    minutes: int | None
    old_code: str | None = None
    old_minutes: int | None = None
    old_source: str | None = None
    old_note: str = ""

    @property
    def by_hand(self) -> bool:
        """Whether the slot holds a mark a person entered (not an earlier import)."""
        return self.old_source is not None and self.old_source != MarkSource.IMPORT


@dataclass
class AbsencePreview:
    """What an absence import would do; nothing is written to make it."""

    new: list[PlannedMark] = field(default_factory=list)
    changed: list[PlannedMark] = field(default_factory=list)
    unchanged: list[PlannedMark] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return not self.rejected

    @property
    def changed_by_hand(self) -> list[PlannedMark]:
        """Changed slots whose mark a person entered by hand (the file's value wins)."""
        return [p for p in self.changed if p.by_hand]


def _error(row: AbsenceRow, column: str, code: str, detail: str, **extra) -> RowError:
    return RowError(
        row.line, column, code, detail, path=f"{row.path}.{column}" if row.path else "", **extra
    )


def _slots(
    row: AbsenceRow, rule: AbsenceImportRule, calendar: SchoolCalendar | None
) -> list[tuple[date, int | None, int | None]] | RowError:
    """(day, lesson, minutes) of each slot the row marks, or why it marks none."""
    if row.until is not None:
        days = calendar.school_days(row.on_date, row.until) if calendar else []
        return [(day, None, None) for day in days]
    if row.lesson is not None:
        return [(row.on_date, row.lesson, row.minutes)]
    if row.code == "late":
        return [(row.on_date, None, row.minutes)]
    length = row.minutes if row.minutes is not None else row.span_minutes
    if length is None or length >= rule.whole_day_minutes:
        return [(row.on_date, None, None)]
    return _error(
        row,
        row.lesson_column,
        "part_of_day_without_lesson",
        f"{length} minutes without a lesson number",
    )


def make_plan(session: Session, parsed: ParsedAbsence) -> AbsencePreview:
    """Compare `parsed` with the register (read once) and decide every slot; writes nothing."""
    preview = AbsencePreview(rejected=list(parsed.errors))
    if parsed.needs_mapping:
        preview.rejected.append(
            RowError(1, "", "needs_mapping", "the required columns were not found")
        )
    rule = rule_settings.load(session, ABSENCE_IMPORT_RULE_KEY, AbsenceImportRule())
    numbers = {row.identity_number for row in parsed.absences}
    pupils = {
        number: (pupil_id, first, last, school_id)
        for pupil_id, number, first, last, school_id in session.execute(
            select(
                col(m.Pupil.id),
                col(m.Pupil.identity_number),
                col(m.Pupil.first_name),
                col(m.Pupil.last_name),
                col(m.Pupil.school_id),
            ).where(col(m.Pupil.identity_number).in_(numbers))
        )
    }
    calendars: dict[int | None, SchoolCalendar] = {}
    wanted: list[tuple[AbsenceRow, int, date, int | None, int | None]] = []
    seen: dict[tuple[int, date, int], int] = {}
    for row in parsed.absences:
        pupil = pupils.get(row.identity_number)
        if pupil is None:
            preview.rejected.append(
                _error(row, row.pupil_column, "pupil_not_in_journal", "no such pupil")
            )
            continue
        calendar = None
        if row.until is not None:
            if pupil[3] not in calendars:
                calendars[pupil[3]] = register.calendar(session, pupil[3])
            calendar = calendars[pupil[3]]
        slots = _slots(row, rule, calendar)
        if isinstance(slots, RowError):
            preview.rejected.append(slots)
            continue
        for day, lesson, minutes in slots:
            first_line = seen.setdefault((pupil[0], day, lesson or 0), row.line)
            if first_line != row.line:
                preview.rejected.append(
                    _error(
                        row,
                        row.lesson_column,
                        "duplicate_slot",
                        f"the same slot as line {first_line}",
                        other_line=first_line,
                    )
                )
                break
            wanted.append((row, pupil[0], day, lesson, minutes))
    existing = _existing_marks(session, wanted)
    names = {pupil_id: (first, last) for pupil_id, first, last, _school in pupils.values()}
    for row, pupil_id, day, lesson, minutes in wanted:
        code = None if row.code == PRESENT else row.code
        minutes = minutes if code is not None else None
        old = existing.get((pupil_id, day, lesson or 0))
        planned = PlannedMark(
            row.line,
            pupil_id,
            *names[pupil_id],
            day,
            lesson,
            code,
            minutes,
            old.code if old else None,
            old.minutes if old else None,
            old.source if old else None,
            old.note if old else "",
        )
        if (planned.old_code, planned.old_minutes) == (code, minutes):
            preview.unchanged.append(planned)
        elif old is None:
            preview.new.append(planned)
        else:
            preview.changed.append(planned)
    return preview


def _existing_marks(
    session: Session, wanted: list[tuple[AbsenceRow, int, date, int | None, int | None]]
) -> dict[tuple[int, date, int], m.AbsenceMark]:
    """The marks of the slots the file covers, by (pupil id, day, lesson or 0), read once."""
    if not wanted:
        return {}
    pupil_ids = {pupil_id for _row, pupil_id, *_rest in wanted}
    first = min(day for _row, _pupil, day, *_rest in wanted)
    last = max(day for _row, _pupil, day, *_rest in wanted)
    marks = session.scalars(
        select(m.AbsenceMark).where(
            col(m.AbsenceMark.pupil_id).in_(pupil_ids),
            col(m.AbsenceMark.on_date).between(first, last),
        )
    )
    return {(mark.pupil_id, mark.on_date, mark.lesson or 0): mark for mark in marks}


def plan_absence_import(session: Session, parsed: ParsedAbsence) -> AbsencePreview:
    """What importing `parsed` would do; nothing is written (see the module's rules)."""
    return make_plan(session, parsed)
