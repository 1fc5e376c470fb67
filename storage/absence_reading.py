"""Reading absence for the rules: each school's calendar near today, marks summed per day,
lesson plans. Shared by problematic absence, the missing-pupil candidates and the morning
dashboard, so the three read the journal the same way (and the benchmarks run these very
statements)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import Session, select

from storage import models as m
from storage import queries
from storage.absence_rules import DayMarks
from storage.day_rule import LESSONS_PER_DAY
from storage.school_calendar import Period, SchoolCalendar
from storage.values import as_date  # the rules' modules read it from here too

# How far from today a rule or a summary looks: the school year's start and the recent window
# lie within 400 days back, the end of the term within 200 days ahead. Only the calendar
# periods in this span are read, so years of old terms and breaks cost nothing (measured in
# tests/bench/bench_problematic.py).
CALENDAR_BACK = timedelta(days=400)
CALENDAR_AHEAD = timedelta(days=200)


def calendar_near(session: Session, school_id: int | None, today: date) -> SchoolCalendar:
    """The school's calendar (storage.register.calendar), reduced to the periods near today."""
    periods = session.exec(
        select(m.CalendarPeriod).where(
            m.CalendarPeriod.school_id == school_id,
            m.CalendarPeriod.ends_on >= today - CALENDAR_BACK,
            m.CalendarPeriod.starts_on <= today + CALENDAR_AHEAD,
        )
    ).all()
    return SchoolCalendar([Period(p.kind, p.starts_on, p.ends_on, p.name) for p in periods])


def day_marks_from_row(row, first: int) -> DayMarks:
    """A DayMarks from a row whose on_date is at `first` and the sums follow."""
    return DayMarks(
        on_date=as_date(row[first]),  # type: ignore[arg-type]
        whole_day=row[first + 1],
        absent_lessons=int(row[first + 2] or 0),
        invalid_lessons=int(row[first + 3] or 0),
        reported_lessons=int(row[first + 4] or 0),
        late=bool(row[first + 5]) if len(row) > first + 5 else False,
    )


def read_lesson_plans(session: Session) -> dict[tuple[int, int], int]:
    rows = session.connection().execute(text(queries.LESSON_PLANS)).all()
    return {(r[0], r[1]): r[2] for r in rows}


def lessons_of_class(
    plans: dict[tuple[int, int], int], class_id: int | None
) -> Callable[[date], int]:
    def lessons(day: date) -> int:
        return (
            plans.get((class_id, day.weekday()), LESSONS_PER_DAY) if class_id else LESSONS_PER_DAY
        )

    return lessons
