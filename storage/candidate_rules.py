"""Candidates for the missing-pupil track: the rules, as pure functions over plain data.

A candidate is a pupil the counsellor should look at; nothing is flagged without them. Each
candidate carries its reasons (rule, dates, numbers) as data the UI translates. The rules,
each on `today`, over the pupil's own school's days while enrolled (up to today):

- NOT BACK AFTER A BREAK: today is one of the first N school days after a break (N =
  `days_after_break`, default 3; the window is the first school day after the break and the
  N-1 school days after it, both ends inclusive), the pupil has at least one UNEXPLAINED
  absent day (storage.whereabouts) in the window up to today, and the pupil has not been
  present on any school day of the window up to today.
- UNEXPLAINED ABSENCE: K or more consecutive UNEXPLAINED absent school days (K =
  `consecutive_days`, default 2; inclusive: K-1 days do not fire), in a run that ends today
  or on the school day before today (the register of today may not be taken yet), and the
  pupil has not been present after the run's last day. A reached guardian or pupil, a told
  notice, or a valid or reported mark on a day breaks the run there.
- REFUSED LEAVE: a refused leave request whose period has begun (starts on or before today)
  and ended no more than `refused_leave_days` calendar days before today (default 14), and
  the pupil absent (any reason) on at least one school day inside the period (start and end
  days included) up to today.
- BY HAND: not a rule; the counsellor flags any pupil with a reason of their own. The
  reason record allows it (CandidateRule.BY_HAND) so every list speaks one language.

Pupils with an open missing-pupil case are never candidates (they are already flagged): the
rules read their days as if no case were open, and the list counts those they fire for
(`missing_left_out`). Pupils who have left (left_on before today) are never read. The
reading lives in storage.candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from storage.absence_rules import absence_runs
from storage.whereabouts import DayWhereabouts, Whereabouts

MISSING_CANDIDATES_KEY = "missing_candidates"

CANDIDATE_DAYS = 60
"""The candidate rules look back this many calendar days (storage.candidates reads no
further): a run of unexplained days, and absence in a refused period, are counted within it.
The settings' ranges keep every rule inside it."""


class CandidateRule(StrEnum):
    AFTER_BREAK = "after_break"
    UNEXPLAINED = "unexplained"
    REFUSED_LEAVE = "refused_leave"
    BY_HAND = "by_hand"


@dataclass(frozen=True)
class CandidateSettings:
    """The candidate rules' thresholds; the defaults are the stated defaults."""

    consecutive_days: int = 2
    """UNEXPLAINED fires at this many consecutive unexplained absent school days or more."""
    days_after_break: int = 3
    """AFTER_BREAK looks at this many first school days after a break."""
    refused_leave_days: int = 14
    """REFUSED_LEAVE keeps a period this many calendar days after it ended."""
    upper_secondary_from_year: int = 10
    """A class of this school year or above is upper secondary (the month milestone)."""

    def valid(self) -> bool:
        return (
            1 <= self.consecutive_days <= 30
            and 1 <= self.days_after_break <= 20
            and 0 <= self.refused_leave_days <= CANDIDATE_DAYS
            and 0 <= self.upper_secondary_from_year <= 13
        )


@dataclass(frozen=True)
class CandidateReason:
    """Why a pupil is on the list: the rule and the facts behind it.

    `dates` are the days the rule looked at and found (unexplained or absent days); `days`
    is how many; `starts_on`/`ends_on` are the break's window (AFTER_BREAK) or the refused
    period (REFUSED_LEAVE); `name` the break's name; `reference` the leave request's id;
    `note` the counsellor's reason (BY_HAND).
    """

    rule: str  # CandidateRule
    dates: tuple[date, ...] = ()
    days: int = 0
    starts_on: date | None = None
    ends_on: date | None = None
    name: str = ""
    reference: int | None = None
    note: str = ""


@dataclass(frozen=True)
class BreakWindow:
    """The first school days after one break of the pupil's school."""

    name: str
    break_ends_on: date
    days: tuple[date, ...]  # the window's school days, all of them (may reach past today)


@dataclass(frozen=True)
class RefusedPeriod:
    request_id: int
    starts_on: date
    ends_on: date


def _unexplained(days: dict[date, DayWhereabouts]) -> set[date]:
    return {d for d, w in days.items() if w.status == Whereabouts.UNEXPLAINED}


def after_break(
    window: BreakWindow,
    today: date,
    days: dict[date, DayWhereabouts],
    present: set[date],
) -> CandidateReason | None:
    """AFTER_BREAK for one break window (see the module's text)."""
    if not window.days or not window.days[0] <= today <= window.days[-1]:
        return None
    so_far = [d for d in window.days if d <= today]
    if any(d in present for d in so_far):
        return None
    found = tuple(d for d in so_far if d in _unexplained(days))
    if not found:
        return None
    return CandidateReason(
        CandidateRule.AFTER_BREAK,
        found,
        len(found),
        starts_on=window.days[0],
        ends_on=window.days[-1],
        name=window.name,
    )


def unexplained_run(
    school_days: Sequence[date],
    today: date,
    days: dict[date, DayWhereabouts],
    present: set[date],
    consecutive: int,
) -> CandidateReason | None:
    """UNEXPLAINED (see the module's text); `school_days` are the pupil's, sorted, to today."""
    upto = [d for d in school_days if d <= today]
    if not upto:
        return None
    runs = absence_runs(upto, _unexplained(days))
    if not runs:
        return None
    run = runs[-1]
    recent = upto[-2:] if upto[-1] == today else upto[-1:]
    if run[-1] not in recent or len(run) < consecutive:
        return None
    if any(d > run[-1] for d in present):
        return None
    return CandidateReason(
        CandidateRule.UNEXPLAINED, tuple(run), len(run), starts_on=run[0], ends_on=run[-1]
    )


def refused_leave(
    periods: Sequence[RefusedPeriod],
    today: date,
    school_days: Sequence[date],
    absent: set[date],
    keep_days: int,
) -> list[CandidateReason]:
    """REFUSED_LEAVE, one reason per refused period with absence (see the module's text)."""
    found = []
    for period in periods:
        if period.starts_on > today or period.ends_on < today - timedelta(days=keep_days):
            continue
        dates = tuple(
            d
            for d in school_days
            if period.starts_on <= d <= min(period.ends_on, today) and d in absent
        )
        if dates:
            found.append(
                CandidateReason(
                    CandidateRule.REFUSED_LEAVE,
                    dates,
                    len(dates),
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                    reference=period.request_id,
                )
            )
    return found
