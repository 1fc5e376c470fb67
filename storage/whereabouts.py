"""Whereabouts: do we know where an absent pupil is? Pure functions over plain data.

Every attendance system stops at "valid or invalid"; the missing-pupil routine turns on
whether the school knows where the pupil is. The rules, exactly:

- An absent pupil-day is a school day of the pupil's own school that is absent by the day
  rule (storage.day_rule, as storage.absence_rules.absent_day_kind applies it).
- It is WHEREABOUTS UNKNOWN when the pupil has an open missing-pupil case (CaseKind.MISSING)
  whose day 0 is on or before that day. The open case wins over every other fact: the
  counsellor flagged the pupil, and only closing the case accounts for them again. So a pupil
  with 98 % attendance and an open missing case is on the missing track from day 0.
- Otherwise it is ACCOUNTED FOR when at least one of these holds on that day (`known_by`):
  the day's absence is reported in advance or valid (no invalid mark that day: invalid wins,
  as in absent_day_kind); a granted leave of absence covers the day; a same-day notice with
  outcome "told" was recorded for the day; a contact attempt with outcome "reached" to a
  guardian or to the pupil was logged on that calendar day, in Swedish time (the journal
  keeps UTC; SCHOOL_TIME_ZONE) (WHEREABOUTS_COUNTERPARTS); a "whereabouts known" record
  (storage.whereabouts_known) covers the day (its first and last days included).
- Otherwise it is UNEXPLAINED (invalid or no reason, and nobody reached that day).
  Long absence that is accounted for is never "unknown": that is the problematic-absence
  track (storage.absence_rules), kept apart.

"Last seen" has two parts. The last school day present: the latest school day (own school,
enrolled, on or before today) on which the pupil was at school for at least part of the day:
a present or late mark that day, or the class register taken that day (for the day or any
lesson) and the pupil neither marked absent for the whole day nor absent from every lesson
of the day. A day whose register was not taken and that has no present or late mark is never
"present" (the pupil was not seen; nobody looked). The last confirmed contact: the latest
contact attempt with outcome "reached" to a guardian or to the pupil.

The clock counts from the last school day present (or, when there is none, from the day
before the open case's day 0, so that day 0 is the first day counted): school days after it
up to and including today (own calendar), and calendar days (today minus that day). Its
milestones are dated from day 0 (the open case's day 0, else the first school day after the
last day present): each distinct due date of the checklist (the open case's own steps, so
its template and honour mode; without a case, the built-in missing-pupil template's due days
from day 0, as storage.checklist counts them); for upper-secondary pupils
(class school year at or above a setting, default 10) one calendar month after day 0, when a
pupil absent a month in a row is deemed to have left the programme; and six calendar months
after day 0, when a stay abroad counts as lasting. A milestone is reached when today is on
or after its date. The journal is read WHEREABOUTS_DAYS back (storage.candidates): a pupil
not present within that span has no last day present.
"""

from __future__ import annotations

import calendar as month_lengths
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from storage.absence_rules import DayMarks
from storage.codes import AbsenceCategory, Counterpart
from storage.school_calendar import SchoolCalendar

# Reaching one of these on a day tells the school where the pupil is (or lets it ask).
WHEREABOUTS_COUNTERPARTS = (Counterpart.GUARDIAN, Counterpart.PUPIL)

# The school's days are Swedish days: a call at 00:30 in Stockholm is on that day, not on
# the UTC day before.
SCHOOL_TIME_ZONE = ZoneInfo("Europe/Stockholm")

# Months after day 0 for the two long milestones (DOMAIN: "Rules to encode").
LEFT_PROGRAMME_MONTHS = 1
LASTING_ABROAD_MONTHS = 6


class Whereabouts(StrEnum):
    """What an absent pupil-day is, as far as the school knows."""

    ACCOUNTED = "accounted"
    UNEXPLAINED = "unexplained"
    UNKNOWN = "unknown"


class KnownBy(StrEnum):
    """How an absent day is accounted for."""

    REPORTED = "reported"  # reported in advance by a guardian
    VALID = "valid"  # a valid reason marked (ill, granted leave, other)
    LEAVE = "leave"  # a granted leave request covers the day
    NOTICE = "notice"  # the same-day notice reached the guardians ("told")
    CONTACT = "contact"  # a guardian or the pupil was reached that day
    KNOWN = "known"  # the counsellor recorded the whereabouts as known (a span of days)


class Milestone(StrEnum):
    """A date on a missing pupil's clock."""

    CHECKLIST_DAY = "checklist_day"  # steps of the checklist due by this day
    LEFT_PROGRAMME = "left_programme"  # upper secondary: a month in a row
    LASTING_ABROAD = "lasting_abroad"  # six months: a stay abroad counts as lasting


@dataclass(frozen=True)
class DayFacts:
    """What the journal says about one absent school day of a pupil."""

    on_date: date
    kind: str
    """AbsenceCategory INVALID, REPORTED or VALID (storage.absence_rules.absent_day_kind)."""
    leave_granted: bool = False
    notice_told: bool = False
    reached: bool = False
    """A guardian or the pupil was reached (ContactAttempt, outcome reached) that day."""
    whereabouts_known: bool = False
    """A "whereabouts known" span (storage.whereabouts_known) covers the day."""


@dataclass(frozen=True)
class DayWhereabouts:
    on_date: date
    status: str  # Whereabouts
    known_by: tuple[str, ...] = ()  # KnownBy, in KnownBy order; empty unless accounted


def known_by(facts: DayFacts) -> tuple[str, ...]:
    """Every way the day is accounted for, in KnownBy order (empty: none)."""
    found = []
    if facts.kind == AbsenceCategory.REPORTED:
        found.append(KnownBy.REPORTED)
    if facts.kind == AbsenceCategory.VALID:
        found.append(KnownBy.VALID)
    if facts.leave_granted:
        found.append(KnownBy.LEAVE)
    if facts.notice_told:
        found.append(KnownBy.NOTICE)
    if facts.reached:
        found.append(KnownBy.CONTACT)
    if facts.whereabouts_known:
        found.append(KnownBy.KNOWN)
    return tuple(found)


def day_whereabouts(facts: DayFacts, missing_since: date | None) -> DayWhereabouts:
    """Classify one absent day; `missing_since` is the open missing case's day 0 (or None)."""
    if missing_since is not None and missing_since <= facts.on_date:
        return DayWhereabouts(facts.on_date, Whereabouts.UNKNOWN)
    ways = known_by(facts)
    status = Whereabouts.ACCOUNTED if ways else Whereabouts.UNEXPLAINED
    return DayWhereabouts(facts.on_date, status, ways)


def classify_days(
    days: Iterable[DayFacts], missing_since: date | None
) -> dict[date, DayWhereabouts]:
    """Each absent day's whereabouts, by date."""
    return {f.on_date: day_whereabouts(f, missing_since) for f in days}


def local_day(at: datetime) -> date:
    """The school day (Swedish date) of an aware time."""
    return at.astimezone(SCHOOL_TIME_ZONE).date()


def was_present(
    marks: DayMarks | None, register_taken: bool, seen_marked: bool, lessons_that_day: int
) -> bool:
    """At school for at least part of the day (see the module's text for the rule).

    Args:
        marks: the day's summed absence marks (None: no absence mark).
        register_taken: the class register was taken that day (day or any lesson).
        seen_marked: the pupil has a present or late mark that day.
        lessons_that_day: lessons of the pupil's class that day.
    """
    if seen_marked:
        return True
    if not register_taken:
        return False
    if marks is None:
        return True
    return marks.whole_day is None and marks.absent_lessons < lessons_that_day


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_lengths.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ClockMark:
    milestone: str  # Milestone
    on_date: date
    reached: bool
    due_day: int = 0  # for CHECKLIST_DAY: school days after day 0 (own calendar)


@dataclass(frozen=True)
class MissingClock:
    """Time since a pupil was last seen, with the routine's milestones."""

    last_present: date | None
    day0: date | None
    school_days_since: int
    calendar_days_since: int
    milestones: tuple[ClockMark, ...]


def missing_clock(
    school: SchoolCalendar,
    today: date,
    last_present: date | None,
    case_day0: date | None,
    upper_secondary: bool,
    checklist_dates: Callable[[date], Iterable[date]],
) -> MissingClock:
    """The clock for a pupil last present on `last_present` (see the module's text).

    `checklist_dates` gives, for day 0, the due dates of the checklist's steps (the open
    case's own steps, or a template's; see storage.candidates). Without a last day present
    and without an open case the clock has nothing to count from: zero days, no milestones.
    """
    if case_day0 is not None:
        day0: date | None = case_day0
    elif last_present is not None:
        day0 = school.next_school_day(last_present)
    else:
        day0 = None
    if day0 is None:
        return MissingClock(last_present, None, 0, 0, ())
    # Never seen: count as if last seen the day before day 0, so day 0 is the first day.
    start = last_present if last_present is not None else day0 - timedelta(days=1)
    school_days = len([d for d in school.school_days(start, today) if d > start])
    marks = [
        ClockMark(
            Milestone.CHECKLIST_DAY,
            on,
            on <= today,
            len([d for d in school.school_days(day0, on) if d > day0]),
        )
        for on in sorted(set(checklist_dates(day0)))
    ]
    if upper_secondary:
        on = add_months(day0, LEFT_PROGRAMME_MONTHS)
        marks.append(ClockMark(Milestone.LEFT_PROGRAMME, on, on <= today))
    on = add_months(day0, LASTING_ABROAD_MONTHS)
    marks.append(ClockMark(Milestone.LASTING_ABROAD, on, on <= today))
    return MissingClock(
        last_present, day0, school_days, max(0, (today - start).days), tuple(marks)
    )
