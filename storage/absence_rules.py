"""Problematic absence (skollagen 7 kap. 19 a §): the rules, as pure functions over plain data.

No national threshold exists: the principal decides, so every threshold is a setting
(`ProblematicAbsenceSettings`, kept in the journal under PROBLEMATIC_ABSENCE_KEY) with
presets and a stated default. Valid and invalid absence both count; the findings keep them
apart. Each rule states whether its boundary is inclusive:

- share of the last N school days / of the term so far: fires when the share is STRICTLY
  OVER the percentage ("over 10 %": 2 of 20 days, exactly 10 %, does not fire; 3 of 20 does);
- K consecutive absent school days: fires AT K or more (inclusive);
- M occasions in the last N school days: fires AT M or more (inclusive); an occasion is a run
  of consecutive absent school days (a weekend or a break between two absent school days
  does not end the run: they are consecutive school days);
- invalid hours: fires AT H or more lessons of invalid absence in the last 30 calendar days
  (inclusive; a lesson counts as an hour).

An absent day follows the day rule (storage.day_rule). Its kind: invalid when any of its
absence marks is invalid (ogiltig), else reported when any is reported in advance by a
guardian (anmäld; counted with valid absence), else valid. School days are the pupil's own
school's, and only those between enrolment and leaving count (`pupil_school_days`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from storage.codes import AbsenceCategory
from storage.day_rule import DayRule

PROBLEMATIC_ABSENCE_KEY = "problematic_absence"

# The invalid-hours rule looks back this many calendar days (the rule's wording: "in 30 days").
INVALID_HOURS_CALENDAR_DAYS = 30


class AbsenceRule(StrEnum):
    """Which problematic-absence rule fired."""

    RECENT_SHARE = "recent_share"  # over X % of the last N school days
    TERM_SHARE = "term_share"  # over Y % of the term's school days so far
    CONSECUTIVE = "consecutive"  # K consecutive absent school days
    OCCASIONS = "occasions"  # M occasions in the last N school days
    INVALID_HOURS = "invalid_hours"  # H lessons (hours) of invalid absence in 30 days


@dataclass(frozen=True)
class ProblematicAbsenceSettings:
    """The thresholds; the defaults are the stated default ("standard" in PRESETS)."""

    recent_days: int = 20
    """The recent window in school days (20 school days: about a month)."""
    recent_share_percent: float = 10.0
    """Fires when absence is strictly over this share of the recent window."""
    term_share_percent: float = 20.0
    """Fires when absence is strictly over this share of the term's school days so far."""
    min_days_for_share: int = 5
    """A share needs at least this many of the pupil's school days in its window."""
    consecutive_days: int = 3
    """Fires at this many consecutive absent school days or more (in the recent window)."""
    occasions: int = 3
    """Fires at this many occasions or more in the recent window."""
    invalid_lessons: int = 10
    """Fires at this many lessons (hours) of invalid absence or more in 30 days; 0 = off."""

    def valid(self) -> bool:
        return (
            1 <= self.recent_days <= 200
            and 0 <= self.recent_share_percent < 100
            and 0 <= self.term_share_percent < 100
            and 1 <= self.min_days_for_share <= 200
            and 1 <= self.consecutive_days <= 200
            and 1 <= self.occasions <= 200
            and 0 <= self.invalid_lessons <= 1000
        )


PRESETS: dict[str, ProblematicAbsenceSettings] = {
    "standard": ProblematicAbsenceSettings(),
    "early": ProblematicAbsenceSettings(
        recent_share_percent=5.0,
        term_share_percent=10.0,
        consecutive_days=2,
        occasions=2,
        invalid_lessons=5,
    ),
    "clear_cases": ProblematicAbsenceSettings(
        recent_share_percent=15.0,
        term_share_percent=25.0,
        consecutive_days=5,
        occasions=4,
        invalid_lessons=15,
    ),
}
"""Named presets; "standard" is the default (over 10 % of the last month, over 20 % of the
term, 3 days in a row, 3 occasions in a month, 10 invalid hours in 30 days)."""


def preset_of(settings: ProblematicAbsenceSettings) -> str | None:
    """The name of the preset `settings` equals, or None for thresholds set by hand."""
    return next((name for name, preset in PRESETS.items() if preset == settings), None)


@dataclass(frozen=True)
class DayMarks:
    """A pupil's absence marks of one day, summed (one row of the register's SQL).

    `whole_day` is the category of a whole-day mark that counts as absence (None: none);
    the lesson counts are of lesson marks that count as absence.
    """

    on_date: date
    whole_day: str | None = None
    absent_lessons: int = 0
    invalid_lessons: int = 0
    reported_lessons: int = 0
    late: bool = False


def absent_day_kind(marks: DayMarks, lessons_that_day: int, rule: DayRule) -> str | None:
    """AbsenceCategory INVALID, REPORTED or VALID when the day is absent by the day rule,
    else None. Invalid wins over reported, reported over valid (see the module's text)."""
    whole = marks.whole_day is not None
    if not rule.is_absent_day(
        whole_day_absent=whole,
        absent_lessons=marks.absent_lessons,
        lessons_that_day=lessons_that_day,
    ):
        return None
    if marks.whole_day == AbsenceCategory.INVALID or marks.invalid_lessons:
        return AbsenceCategory.INVALID
    if marks.whole_day == AbsenceCategory.REPORTED or marks.reported_lessons:
        return AbsenceCategory.REPORTED
    return AbsenceCategory.VALID


def invalid_lessons_of(marks: DayMarks, lessons_that_day: int) -> int:
    """Lessons (hours) of invalid absence that day: all of them for a whole-day invalid mark."""
    if marks.whole_day == AbsenceCategory.INVALID:
        return max(lessons_that_day, marks.invalid_lessons)
    return marks.invalid_lessons


def pupil_school_days(
    school_days: Sequence[date], enrolled_on: date | None, left_on: date | None
) -> list[date]:
    """The school's days (sorted) on which the pupil was enrolled: from `enrolled_on` (if
    known) up to and including `left_on` (the last day; if known)."""
    low = 0 if enrolled_on is None else bisect.bisect_left(school_days, enrolled_on)
    high = len(school_days) if left_on is None else bisect.bisect_right(school_days, left_on)
    return list(school_days[low:high])


def absence_runs(days: Sequence[date], absent: Iterable[date]) -> list[list[date]]:
    """Runs of consecutive absent school days among `days` (sorted), in order."""
    absent_set = set(absent)
    runs: list[list[date]] = []
    current: list[date] = []
    for day in days:
        if day in absent_set:
            current.append(day)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


@dataclass(frozen=True)
class Finding:
    """One rule that fired for a pupil, with its numbers and the days behind it.

    For the share rules `school_days` is the window's size; for the runs and occasions the
    window's size too; for invalid hours `lessons` holds the invalid lessons and `dates` the
    days with invalid lessons.
    """

    rule: str  # AbsenceRule
    dates: tuple[date, ...]
    school_days: int
    valid_days: int
    invalid_days: int
    lessons: int = 0
    occasions: int = 0
    longest_run: int = 0

    @property
    def absent_days(self) -> int:
        return self.valid_days + self.invalid_days


def _split(dates: Iterable[date], absent: dict[date, str]) -> tuple[tuple[date, ...], int, int]:
    chosen = tuple(sorted(d for d in dates if d in absent))
    invalid = sum(1 for d in chosen if absent[d] == AbsenceCategory.INVALID)
    return chosen, len(chosen) - invalid, invalid


def share_finding(
    rule: str, window: Sequence[date], absent: dict[date, str], percent: float, min_days: int
) -> Finding | None:
    """Fires when absent days are strictly over `percent` % of `window` (exclusive
    boundary) and the window holds at least `min_days` school days."""
    if len(window) < min_days:
        return None
    chosen, valid, invalid = _split(window, absent)
    # Integers on both sides where the percentage is whole: 2 of 20 is exactly 10 %.
    if len(chosen) * 100 <= percent * len(window):
        return None
    return Finding(rule, chosen, len(window), valid, invalid)


def consecutive_finding(
    window: Sequence[date], absent: dict[date, str], days: int
) -> Finding | None:
    """Fires when a run of `days` or more consecutive absent school days lies in `window`
    (inclusive); the dates are the longest run's (the latest, if two are as long)."""
    runs = absence_runs(window, absent)
    if not runs:
        return None
    longest = max(runs[::-1], key=len)
    if len(longest) < days:
        return None
    chosen, valid, invalid = _split(longest, absent)
    return Finding(
        AbsenceRule.CONSECUTIVE, chosen, len(window), valid, invalid, longest_run=len(longest)
    )


def occasions_finding(
    window: Sequence[date], absent: dict[date, str], occasions: int
) -> Finding | None:
    """Fires at `occasions` or more runs of absence in `window` (inclusive)."""
    runs = absence_runs(window, absent)
    if len(runs) < occasions:
        return None
    chosen, valid, invalid = _split((d for run in runs for d in run), absent)
    return Finding(
        AbsenceRule.OCCASIONS,
        chosen,
        len(window),
        valid,
        invalid,
        occasions=len(runs),
        longest_run=max(len(run) for run in runs),
    )


def invalid_hours_finding(
    window: Sequence[date],
    invalid_lessons: dict[date, int],
    absent: dict[date, str],
    lessons: int,
) -> Finding | None:
    """Fires at `lessons` or more invalid lessons (hours) on the days of `window`
    (inclusive); 0 turns the rule off."""
    if lessons <= 0:
        return None
    days = tuple(d for d in window if invalid_lessons.get(d, 0) > 0)
    total = sum(invalid_lessons[d] for d in days)
    if total < lessons:
        return None
    _chosen, valid, invalid = _split(days, absent)
    return Finding(AbsenceRule.INVALID_HOURS, days, len(window), valid, invalid, lessons=total)


@dataclass(frozen=True)
class PupilDays:
    """What the rules need of one pupil: their school days and their day marks."""

    school_days: Sequence[date]
    """The pupil's school days up to today (own school's calendar, enrolment applied)."""
    term_days: Sequence[date]
    """The pupil's school days of the term so far (a tail of `school_days`, or fewer)."""
    marks: dict[date, DayMarks]
    lessons_on: Callable[[date], int]
    """How many lessons the pupil's class has on a day (lesson plan or LESSONS_PER_DAY)."""


def classify(days: PupilDays, rule: DayRule) -> tuple[dict[date, str], dict[date, int]]:
    """The absent school days with their kind, and invalid lessons per school day."""
    absent: dict[date, str] = {}
    invalid: dict[date, int] = {}
    for day in days.school_days:
        marks = days.marks.get(day)
        if marks is None:
            continue
        lessons = days.lessons_on(day)
        kind = absent_day_kind(marks, lessons, rule)
        if kind is not None:
            absent[day] = kind
        hours = invalid_lessons_of(marks, lessons)
        if hours:
            invalid[day] = hours
    return absent, invalid


def evaluate(
    days: PupilDays, today: date, settings: ProblematicAbsenceSettings, rule: DayRule
) -> list[Finding]:
    """Every rule that fires for one pupil on `today`, in AbsenceRule order."""
    absent, invalid = classify(days, rule)
    recent = list(days.school_days[-settings.recent_days :])
    since = today - timedelta(days=INVALID_HOURS_CALENDAR_DAYS - 1)
    last_30 = [d for d in days.school_days if since <= d <= today]
    found = [
        share_finding(
            AbsenceRule.RECENT_SHARE,
            recent,
            absent,
            settings.recent_share_percent,
            settings.min_days_for_share,
        ),
        share_finding(
            AbsenceRule.TERM_SHARE,
            days.term_days,
            absent,
            settings.term_share_percent,
            settings.min_days_for_share,
        ),
        consecutive_finding(recent, absent, settings.consecutive_days),
        occasions_finding(recent, absent, settings.occasions),
        invalid_hours_finding(last_30, invalid, absent, settings.invalid_lessons),
    ]
    return [f for f in found if f is not None]
