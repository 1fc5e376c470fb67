"""The periods statistics are counted over: terms (HT2026, VT2027) and school years (2026/27).

A term's statistics cover its half of the school year: HT from 1 July to 31 December, VT
from 1 January to 30 June. Every day then belongs to exactly one term, the two terms add up
to the school year (1 July to 30 June, storage.school_calendar.school_year_of), and a case
opened in jullov or in sommarlov is still counted somewhere. The schools' own terms (the
calendar) decide which days inside a half are school days (teaching offered, days to locate)
and which terms the journal knows of (`terms_in_calendar`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from storage import models as m
from storage.codes import CalendarKind
from storage.errors import InvalidValue
from storage.school_calendar import school_year_of

_TERM = re.compile(r"^\s*(HT|VT)\s*(\d{4})\s*$", re.IGNORECASE)
_SCHOOL_YEAR = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True)
class StatisticsPeriod:
    """A term or a school year, with its first and last day (both included)."""

    label: str  # "HT2026", "VT2027" or "2026/27"
    starts_on: date
    ends_on: date

    @property
    def is_term(self) -> bool:
        return self.label[:2] in ("HT", "VT")

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def term(label: str) -> StatisticsPeriod:
    """The term a label names: "HT2026" (autumn 2026) or "VT2027" (spring 2027).

    Raises:
        InvalidValue: ("term", "period_format") for anything else.
    """
    found = _TERM.match(label)
    if found is None:
        raise InvalidValue("term", "period_format")
    half, year = found.group(1).upper(), int(found.group(2))
    if half == "HT":
        return StatisticsPeriod(f"HT{year}", date(year, 7, 1), date(year, 12, 31))
    return StatisticsPeriod(f"VT{year}", date(year, 1, 1), date(year, 6, 30))


def school_year(label: str) -> StatisticsPeriod:
    """The school year a label names: "2026/27" (or "2026/2027", "2026-27").

    Raises:
        InvalidValue: ("school_year", "period_format") for anything else, or a second year that
            does not follow the first.
    """
    found = _SCHOOL_YEAR.match(label)
    if found is None:
        raise InvalidValue("school_year", "period_format")
    first, second = int(found.group(1)), found.group(2)
    if int(second) % 100 != (first + 1) % 100 or (len(second) == 4 and int(second) != first + 1):
        raise InvalidValue("school_year", "period_format")
    return school_year_from(first)


def school_year_from(autumn_year: int) -> StatisticsPeriod:
    """The school year starting in the autumn of `autumn_year`."""
    return StatisticsPeriod(
        f"{autumn_year}/{(autumn_year + 1) % 100:02d}",
        date(autumn_year, 7, 1),
        date(autumn_year + 1, 6, 30),
    )


def school_year_around(day: date) -> StatisticsPeriod:
    """The school year `day` belongs to."""
    return school_year_from(school_year_of(day)[0].year)


def term_around(day: date) -> StatisticsPeriod:
    """The term (half of the school year) `day` belongs to."""
    return term(f"{'HT' if day.month >= 7 else 'VT'}{day.year}")


def terms_of(period: StatisticsPeriod) -> tuple[StatisticsPeriod, ...]:
    """A school year's two terms, autumn first; a term is its own only term."""
    if period.is_term:
        return (period,)
    return (term(f"HT{period.starts_on.year}"), term(f"VT{period.ends_on.year}"))


def terms_in_calendar(session: Session) -> list[StatisticsPeriod]:
    """The terms the schools' calendars hold (each named by the half it starts in), newest
    first: what a person is offered to choose from."""
    terms = session.exec(
        select(m.CalendarPeriod).where(col(m.CalendarPeriod.kind) == CalendarKind.TERM)
    ).all()
    found = {term_around(period.starts_on) for period in terms}
    return sorted(found, key=lambda p: p.starts_on, reverse=True)
