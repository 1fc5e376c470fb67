"""A school's calendar periods: list, add, change, remove, and the proposed school year.

Terms, breaks (lov) and single days off (studiedag, lovdag) belong to one school. Two terms
of a school never overlap (a day would belong to two terms); breaks and days off may lie
anywhere, inside a term or between two. Public holidays are not periods: they come from
storage.school_calendar.public_holiday. Every change is an ORM change, so the session's
flush hook writes it to the audit trail.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from storage import models as m
from storage import records
from storage.calendar_proposal import proposed_calendar, sportlov_week
from storage.codes import CalendarKind
from storage.errors import InvalidValue, NotFound
from storage.school_calendar import Period, SchoolCalendar, public_holiday, school_year_of
from storage.session import stored_id
from storage.text import fold
from storage.values import assign, choice, date_range

_KIND_ORDER = {CalendarKind.TERM: 0, CalendarKind.BREAK: 1, CalendarKind.DAY_OFF: 2}


def _school(session: Session, school_id: int) -> m.School:
    school = session.get(m.School, school_id)
    if school is None:
        raise NotFound("school")
    return school


def _periods(session: Session, school_id: int) -> list[m.CalendarPeriod]:
    return list(
        session.exec(select(m.CalendarPeriod).where(m.CalendarPeriod.school_id == school_id)).all()
    )


def _weekdays_off(starts_on: date, ends_on: date) -> int:
    """Weekdays in [starts_on, ends_on] that are not public holidays: the days a break or a
    day off keeps the pupils at home (lovdagar)."""
    count, day = 0, starts_on
    while day <= ends_on:
        if day.weekday() < 5 and not public_holiday(day):
            count += 1
        day += timedelta(days=1)
    return count


def calendar_periods(
    session: Session, school_id: int, start: date | None = None, end: date | None = None
) -> list[records.CalendarPeriodRow]:
    """The school's periods touching [start, end] (all when not given), in date order.

    Raises:
        NotFound: no such school.
    """
    _school(session, school_id)
    rows = _periods(session, school_id)
    calendar = SchoolCalendar([Period(p.kind, p.starts_on, p.ends_on, p.name) for p in rows])
    found = []
    for p in rows:
        if (start is not None and p.ends_on < start) or (end is not None and p.starts_on > end):
            continue
        days = (
            len(calendar.school_days(p.starts_on, p.ends_on))
            if p.kind == CalendarKind.TERM
            else _weekdays_off(p.starts_on, p.ends_on)
        )
        found.append(
            records.CalendarPeriodRow(
                stored_id(p), school_id, p.kind, p.name, p.starts_on, p.ends_on, days
            )
        )
    return sorted(
        found, key=lambda r: (r.starts_on, _KIND_ORDER.get(CalendarKind(r.kind), 3), r.ends_on)
    )


def _checked(
    session: Session,
    school_id: int,
    kind: str,
    starts_on: date,
    ends_on: date,
    name: str,
    period_id: int | None = None,
) -> tuple[str, str]:
    """The kind and name as stored, after the rules; InvalidValue when one is broken."""
    kind = choice(kind, CalendarKind, "kind")
    date_range(starts_on, ends_on, "ends_on")
    if kind == CalendarKind.TERM:
        for other in _periods(session, school_id):
            if (
                other.id != period_id
                and other.kind == CalendarKind.TERM
                and other.starts_on <= ends_on
                and starts_on <= other.ends_on
            ):
                raise InvalidValue("term", "overlaps")
    return kind, name.strip()


def add_calendar_period(
    session: Session, school_id: int, kind: str, starts_on: date, ends_on: date, name: str
) -> int:
    """Add a term, a break (lov) or a day off to a school's calendar; returns its id.

    Raises:
        NotFound: no such school.
        InvalidValue: an unknown kind, the period ends before it starts, or a term that
            overlaps another term of the school.
    """
    _school(session, school_id)
    kind, name = _checked(session, school_id, kind, starts_on, ends_on, name)
    period = m.CalendarPeriod(
        school_id=school_id, kind=kind, starts_on=starts_on, ends_on=ends_on, name=name
    )
    session.add(period)
    session.flush()
    return stored_id(period)


def update_calendar_period(
    session: Session, period_id: int, kind: str, starts_on: date, ends_on: date, name: str
) -> None:
    """Change a period's kind, dates and name (the same rules as adding one).

    Raises:
        NotFound: no such period.
        InvalidValue: as for add_calendar_period.
    """
    period = session.get(m.CalendarPeriod, period_id)
    if period is None:
        raise NotFound("calendar period")
    kind, name = _checked(session, period.school_id, kind, starts_on, ends_on, name, period_id)
    assign(period, {"kind": kind, "starts_on": starts_on, "ends_on": ends_on, "name": name})
    session.flush()


def delete_calendar_period(session: Session, period_id: int) -> None:
    """Remove a period from its school's calendar.

    Raises:
        NotFound: no such period.
    """
    period = session.get(m.CalendarPeriod, period_id)
    if period is None:
        raise NotFound("calendar period")
    session.delete(period)
    session.flush()


def propose_calendar(
    session: Session, school_id: int, autumn_year: int, sportlov: int | None = None
) -> int:
    """Add the proposed calendar of a school year (storage.calendar_proposal) to a school,
    skipping what it already has; returns how many periods were added.

    A proposed period is skipped when the school year already holds a period of the same
    kind with the same name (a sportlov moved to another week stays where it was put) or
    one of the same kind overlapping it (a term whose dates were edited).

    Args:
        sportlov: the ISO week of sportlov; None: the usual week of the school's
            municipality (storage.calendar_proposal.sportlov_week).

    Raises:
        NotFound: no such school.
    """
    school = _school(session, school_id)
    week = sportlov if sportlov is not None else sportlov_week(school.municipality).week
    if not 1 <= week <= 52:
        raise InvalidValue("sportlov", "out_of_range")
    first, last = date(autumn_year, 7, 1), date(autumn_year + 1, 6, 30)
    existing = _periods(session, school_id)
    added = 0
    for proposed in proposed_calendar(autumn_year, week):
        if any(
            p.kind == proposed.kind
            and (
                (first <= p.starts_on <= last and fold(p.name.strip()) == fold(proposed.name))
                or (p.starts_on <= proposed.ends_on and proposed.starts_on <= p.ends_on)
            )
            for p in existing
        ):
            continue
        period = m.CalendarPeriod(
            school_id=school_id,
            kind=proposed.kind,
            starts_on=proposed.starts_on,
            ends_on=proposed.ends_on,
            name=proposed.name,
        )
        session.add(period)
        existing.append(period)
        added += 1
    session.flush()
    return added


def propose_current_year(session: Session, school_id: int, today: date) -> int:
    """Give a new school the proposed calendar of the school year around `today` (1 July to
    30 June: a school created in July gets the coming year); returns how many were added."""
    return propose_calendar(session, school_id, school_year_of(today)[0].year)
