"""The register: absence marks, the school calendar, and who is absent (leave: storage.leave).

Everybody is present unless marked; a mark is a day (lesson None) or one lesson, with a code
from the journal's absence-code table (codes are data) and a source (observed in the register,
reported by a guardian in advance, or imported). The heavy questions are plain SQL in
storage.queries, so the benchmark runs exactly the same statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from storage import models as m
from storage import queries, records
from storage.clock import now
from storage.errors import InvalidValue
from storage.marks import MarkWrite, write_marks
from storage.school_calendar import Period, SchoolCalendar
from storage.session import stored_id
from storage.values import absence_codes, choice


def _mark(
    known_codes: set[str],
    pupil_id: int,
    on_date: date,
    code: str,
    lesson: int | None,
    minutes: int | None,
    source: str,
    note: str,
    recorded_at: datetime,
) -> m.AbsenceMark:
    """A checked mark: its code is one of the journal's, its source a MarkSource."""
    if code not in known_codes:
        raise InvalidValue("code", "unknown")
    return m.AbsenceMark(
        pupil_id=pupil_id,
        on_date=on_date,
        code=code,
        lesson=lesson,
        minutes=minutes,
        source=choice(source, m.MarkSource, "source"),
        note=note,
        recorded_at=recorded_at,
    )


def mark_absence(
    session: Session,
    actor: str,
    pupil_id: int,
    on_date: date,
    code: str,
    *,
    lesson: int | None,
    minutes: int | None,
    source: str,
    note: str,
) -> int:
    """Set one register slot (storage.marks, so its history is kept); returns the mark's id.

    Raises:
        InvalidValue: a code the journal does not know, or an unknown source.
        NotFound: no such pupil.
    """
    write = MarkWrite(pupil_id, on_date, code, lesson, minutes, note, source)
    write_marks(session, actor, [write])
    lesson_column = col(m.AbsenceMark.lesson)
    mark = session.exec(
        select(m.AbsenceMark).where(
            m.AbsenceMark.pupil_id == pupil_id,
            m.AbsenceMark.on_date == on_date,
            lesson_column.is_(None) if lesson is None else lesson_column == lesson,
        )
    ).one()
    return stored_id(mark)


def mark_absences(session: Session, rows: Iterable[tuple]) -> int:
    """Fill an empty register with many marks in one transaction; returns how many.

    For building a journal (the demo, the benchmark's school): no history rows, and a slot
    that already holds a mark is refused by the file (ConstraintViolated). The register
    screen, leave and imports write through storage.marks.write_marks instead.

    Each row is (pupil_id, on_date, code, lesson, minutes, source), optionally followed by
    recorded_at (when the mark was made; now if left out). Every mark is an ORM row, so the
    audit trail records each one, as it does for mark_absence.

    Raises:
        InvalidValue: a row of another shape, an unknown code or source; nothing is written.
    """
    recorded_now = now()
    codes = absence_codes(session)
    marks = []
    for row in rows:
        if len(row) not in (6, 7):
            raise InvalidValue(
                "mark",
                "shape",
                "(pupil_id, on_date, code, lesson, minutes, source[, recorded_at])",
            )
        pupil_id, on_date, code, lesson, minutes, source = row[:6]
        recorded_at = row[6] if len(row) == 7 and row[6] is not None else recorded_now
        marks.append(
            _mark(codes, pupil_id, on_date, code, lesson, minutes, source, "", recorded_at)
        )
    session.add_all(marks)
    return len(marks)


def absent_on(session: Session, day: date) -> list[records.AbsentPupil]:
    """Pupils absent on `day`, by name, with whether it was invalid or reported."""
    rows = (
        session.connection().execute(text(queries.ABSENT_ON_DAY), {"day": day.isoformat()}).all()
    )
    return [
        records.AbsentPupil(r[0], r[1], r[2], bool(r[3]), r[4], bool(r[5]), bool(r[6]))
        for r in rows
    ]


def calendar(session: Session, school_id: int | None) -> SchoolCalendar:
    """One school's calendar (terms, breaks, days off); never another school's periods.

    A pupil with no school (None) gets the calendar of no periods: weekdays that are not
    public holidays.
    """
    periods = session.exec(
        select(m.CalendarPeriod).where(m.CalendarPeriod.school_id == school_id)
    ).all()
    return SchoolCalendar([Period(p.kind, p.starts_on, p.ends_on, p.name) for p in periods])
