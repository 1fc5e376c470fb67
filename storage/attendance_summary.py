"""A pupil's attendance this term and this school year, and the term's heat strip (pure).

Everything here works on plain data: the pupil's school calendar, their day marks
(storage.absence_rules.DayMarks) and the day rule. Attendance is counted in whole school days:
a school day is absent by the day rule (storage.day_rule); a day with some lessons missed but
not absent by that rule is kept apart ("lessons missed") and counts as attended. A day without
a mark counts as present (the register is exception-based). Days before enrolment or after
leaving, and days after today, are not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from storage.absence_rules import DayMarks, absence_runs, absent_day_kind
from storage.codes import AbsenceCategory
from storage.day_rule import DayRule
from storage.school_calendar import SchoolCalendar, school_year_of


class DayState(StrEnum):
    """One cell of the heat strip."""

    PRESENT = "present"
    INVALID = "invalid"  # absent day, invalid (ogiltig)
    VALID = "valid"  # absent day, valid (giltig)
    REPORTED = "reported"  # absent day, reported in advance by a guardian (anmäld)
    LATE = "late"
    LESSONS = "lessons"  # some lessons missed, not an absent day by the day rule
    NO_SCHOOL = "no_school"  # a weekday of the term without school (break, holiday, day off)
    NOT_COUNTED = "not_counted"  # not yet (after today), or not enrolled that day


_BREAK_LOOK_BACK = timedelta(days=31)

_ABSENT_STATE: dict[str, DayState] = {
    AbsenceCategory.INVALID: DayState.INVALID,
    AbsenceCategory.VALID: DayState.VALID,
    AbsenceCategory.REPORTED: DayState.REPORTED,
}


@dataclass(frozen=True)
class AfterBreak:
    """The first school day after a break, and how the pupil was that day."""

    break_name: str
    first_day: date
    state: DayState


@dataclass(frozen=True)
class AttendanceFigures:
    """Attendance over one period (a term or a school year) up to today."""

    start: date
    end: date
    school_days: int
    valid_days: int
    """Valid absent days, reported ones included."""
    reported_days: int
    invalid_days: int
    late_days: int
    lesson_days: int
    longest_run: tuple[date, ...]
    weekday_absent: tuple[int, int, int, int, int]
    weekday_school_days: tuple[int, int, int, int, int]
    after_breaks: tuple[AfterBreak, ...]

    @property
    def absent_days(self) -> int:
        return self.valid_days + self.invalid_days

    @property
    def attendance_percent(self) -> float:
        """Present share of the school days, in percent (100 with no school days)."""
        if not self.school_days:
            return 100.0
        return 100.0 * (self.school_days - self.absent_days) / self.school_days


@dataclass(frozen=True)
class AttendanceSummary:
    """The pupil card's attendance section."""

    today: date
    term_name: str
    term: AttendanceFigures
    year: AttendanceFigures
    strip: tuple[tuple[date, DayState], ...]
    """Every weekday of the term, Monday to Friday, with its state."""


def term_around(calendar: SchoolCalendar, today: date) -> tuple[date, date, str]:
    """The term of `today`, else the latest term before it; without terms, the half year."""
    term = calendar.term_of(today)
    if term is None:
        earlier = [t for t in calendar.terms if t.ends_on < today]
        term = earlier[-1] if earlier else None
    if term is not None:
        return term.starts_on, term.ends_on, term.name
    if today.month >= 7:
        return date(today.year, 7, 1), date(today.year, 12, 31), ""
    return date(today.year, 1, 1), date(today.year, 6, 30), ""


def day_state(
    day: date,
    calendar: SchoolCalendar,
    marks: dict[date, DayMarks],
    lessons_on: Callable[[date], int],
    rule: DayRule,
    counted: Callable[[date], bool],
) -> DayState:
    """The state of one weekday for the heat strip."""
    if not calendar.is_school_day(day):
        return DayState.NO_SCHOOL
    if not counted(day):
        return DayState.NOT_COUNTED
    day_marks = marks.get(day)
    if day_marks is None:
        return DayState.PRESENT
    kind = absent_day_kind(day_marks, lessons_on(day), rule)
    if kind is not None:
        return _ABSENT_STATE.get(kind, DayState.VALID)
    if day_marks.absent_lessons:
        return DayState.LESSONS
    return DayState.LATE if day_marks.late else DayState.PRESENT


def figures(
    start: date,
    end: date,
    calendar: SchoolCalendar,
    states: Callable[[date], DayState],
) -> AttendanceFigures:
    """Attendance over [start, end] from each school day's state (NOT_COUNTED days left out)."""
    days = [d for d in calendar.school_days(start, end) if states(d) != DayState.NOT_COUNTED]
    state_of = {d: states(d) for d in days}
    absent_states = (DayState.INVALID, DayState.VALID, DayState.REPORTED)
    absent = [d for d in days if state_of[d] in absent_states]
    weekday_absent = [0] * 5
    weekday_days = [0] * 5
    for day in days:
        weekday_days[day.weekday()] += 1
        if state_of[day] in absent_states:
            weekday_absent[day.weekday()] += 1
    runs = absence_runs(days, absent)
    longest = max(runs[::-1], key=len) if runs else []

    def count(*wanted: DayState) -> int:
        return sum(1 for d in days if state_of[d] in wanted)

    # A break that ends just before the period (the summer break before the autumn term)
    # counts too: its first school day is the period's first.
    after = tuple(
        AfterBreak(period.name, first, state_of[first])
        for period, first in calendar.first_school_days_after_breaks(start - _BREAK_LOOK_BACK, end)
        if first in state_of
    )
    return AttendanceFigures(
        start=start,
        end=end,
        school_days=len(days),
        valid_days=count(DayState.VALID, DayState.REPORTED),
        reported_days=count(DayState.REPORTED),
        invalid_days=count(DayState.INVALID),
        late_days=count(DayState.LATE),
        lesson_days=count(DayState.LESSONS),
        longest_run=tuple(longest),
        weekday_absent=tuple(weekday_absent),  # type: ignore[arg-type]
        weekday_school_days=tuple(weekday_days),  # type: ignore[arg-type]
        after_breaks=after,
    )


def summarise(
    calendar: SchoolCalendar,
    marks: dict[date, DayMarks],
    lessons_on: Callable[[date], int],
    rule: DayRule,
    today: date,
    *,
    enrolled_on: date | None,
    left_on: date | None,
) -> AttendanceSummary:
    """The attendance summary of one pupil on `today` (see the module's text)."""

    def counted(day: date) -> bool:
        if day > today:
            return False
        if enrolled_on is not None and day < enrolled_on:
            return False
        return left_on is None or day <= left_on

    cache: dict[date, DayState] = {}

    def states(day: date) -> DayState:
        if day not in cache:
            cache[day] = day_state(day, calendar, marks, lessons_on, rule, counted)
        return cache[day]

    term_start, term_end, term_name = term_around(calendar, today)
    year_start, year_end = school_year_of(today)
    strip = []
    day = term_start
    while day <= term_end:
        if day.weekday() < 5:
            strip.append((day, states(day)))
        day += timedelta(days=1)
    return AttendanceSummary(
        today=today,
        term_name=term_name,
        term=figures(term_start, min(term_end, today), calendar, states),
        year=figures(year_start, min(year_end, today), calendar, states),
        strip=tuple(strip),
    )
