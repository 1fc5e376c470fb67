"""School days of one school: term weekdays outside breaks, days off and public holidays.

Each school has its own calendar (a counsellor often serves schools with different breaks);
"is this a school day?" and "the n-th school day after X" are answered from that school's
periods only. Swedish public holidays come from the `holidays` package (loaded on first use:
it costs ~70 ms to import). When a school has no term at all yet, every weekday that is not a
holiday, break or day off counts, so a register works before a calendar is entered.

Checklist timings ("day 1-2", "day 10") count school days of the pupil's school from day 0
(nth_school_day_after, storage.checklist.due_date); weekdays (add_working_days) only when the
calendar has no school day in reach. The missing clock of calendar days since last seen keeps
running in a break.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from storage.codes import CalendarKind

# How far "the next school day" looks before it gives up: longer than any summer break.
_SEARCH_DAYS = 400


@dataclass(frozen=True)
class Period:
    kind: str  # storage.codes.CalendarKind
    starts_on: date
    ends_on: date
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@cache
def _swedish_holidays(year: int) -> dict[date, str]:
    from holidays.countries.sweden import Sweden

    # Without include_sundays=False the package lists every Sunday as a holiday.
    return dict(Sweden(years=year, include_sundays=False))


def public_holiday(day: date) -> str | None:
    """The name (in English) of the Swedish public holiday on `day`, if it is one."""
    return _swedish_holidays(day.year).get(day)


def school_year_of(day: date) -> tuple[date, date]:
    """The school year `day` belongs to, 1 July to 30 June (skolår: autumn term first)."""
    first_year = day.year if day.month >= 7 else day.year - 1
    return date(first_year, 7, 1), date(first_year + 1, 6, 30)


class SchoolCalendar:
    """Answers "is this a school day?" from one school's terms, breaks and days off."""

    def __init__(self, periods: list[Period]):
        self.terms = sorted(
            (p for p in periods if p.kind == CalendarKind.TERM), key=lambda p: p.starts_on
        )
        self.closed = sorted(
            (p for p in periods if p.kind != CalendarKind.TERM), key=lambda p: p.starts_on
        )

    def closed_by(self, day: date) -> Period | None:
        """The break or day off that closes the school on `day`, if any."""
        return next((p for p in self.closed if p.covers(day)), None)

    def term_of(self, day: date) -> Period | None:
        return next((p for p in self.terms if p.covers(day)), None)

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or public_holiday(day) or self.closed_by(day):
            return False
        return not self.terms or self.term_of(day) is not None

    def school_days(self, start: date, end: date) -> list[date]:
        days, day = [], start
        while day <= end:
            if self.is_school_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def next_school_day(self, day: date) -> date | None:
        """The first school day after `day` (breaks skipped); None if none within a year."""
        return self._step(day, 1)

    def previous_school_day(self, day: date) -> date | None:
        """The last school day before `day` (breaks skipped); None if none within a year."""
        return self._step(day, -1)

    def _step(self, day: date, direction: int) -> date | None:
        for offset in range(1, _SEARCH_DAYS + 1):
            candidate = day + timedelta(days=direction * offset)
            if self.is_school_day(candidate):
                return candidate
        return None

    def nth_school_day_after(self, day: date, n: int) -> date | None:
        """The n-th school day after `day` (n = 0: `day` itself if it is a school day, else
        the next one); None when the calendar has no such day within a year of looking."""
        current: date | None = day if self.is_school_day(day) else self.next_school_day(day)
        for _ in range(n):
            if current is None:
                return None
            current = self.next_school_day(current)
        return current

    def first_school_days_after_breaks(self, start: date, end: date) -> list[tuple[Period, date]]:
        """Each break ending in [start, end] with the first school day after it."""
        result = []
        for period in self.closed:
            if period.kind != CalendarKind.BREAK or not start <= period.ends_on <= end:
                continue
            first = self.next_school_day(period.ends_on)
            if first is not None:
                result.append((period, first))
        return result

    def add_working_days(self, day0: date, count: int) -> date:
        """`count` weekdays after day0 (a checklist's fallback when no school day is in reach)."""
        day = day0
        while count > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                count -= 1
        return day
