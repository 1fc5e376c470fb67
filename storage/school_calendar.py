"""School days: term days that are weekdays outside breaks and days off.

Checklist timings ("day 1-2", "day 10") count school days from day 0, the first school day of
unexplained absence; a missing child's clock keeps running in a break, so when no calendar
covers a date, weekdays count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    kind: str  # "term", "break" or "day_off"
    starts_on: date
    ends_on: date

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class SchoolCalendar:
    """Answers "is this a school day?" from a school's terms, breaks and days off."""

    def __init__(self, periods: list[Period]):
        self.terms = [p for p in periods if p.kind == "term"]
        self.closed = [p for p in periods if p.kind != "term"]

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or any(p.covers(day) for p in self.closed):
            return False
        return not self.terms or any(p.covers(day) for p in self.terms)

    def school_days(self, start: date, end: date) -> list[date]:
        days, day = [], start
        while day <= end:
            if self.is_school_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def add_working_days(self, day0: date, count: int) -> date:
        """`count` weekdays after day0 (a missing pupil's checklist runs through breaks too)."""
        day = day0
        while count > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                count -= 1
        return day
