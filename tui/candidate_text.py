"""Missing-pupil candidates in words: why each pupil is on the list, with dates and numbers.

One home for these sentences, shared by the candidates screen and the pupil card's flag. The
reasons are data (storage.candidate_rules.CandidateReason); the words are the UI's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storage.candidate_rules import CandidateReason, CandidateRule
from tui.i18n import _, ngettext


def date_span(first: date, last: date) -> str:
    """One day as its date, several as "first–last"."""
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()}–{last.isoformat()}"


def reason_text(reason: CandidateReason) -> str:
    """Why the pupil is on the list, as a sentence with its dates and numbers."""
    first = reason.dates[0] if reason.dates else reason.starts_on
    last = reason.dates[-1] if reason.dates else reason.ends_on
    days = date_span(first, last) if first and last else ""
    if reason.rule == CandidateRule.AFTER_BREAK:
        return _("Not back after {name}: absent {days} without a known reason").format(
            name=reason.name, days=days
        )
    if reason.rule == CandidateRule.UNEXPLAINED:
        return ngettext(
            "{n} school day in a row without a reason ({days}), no contact with a guardian",
            "{n} school days in a row without a reason ({days}), no contact with a guardian",
            reason.days,
        ).format(n=reason.days, days=days)
    if reason.rule == CandidateRule.REFUSED_LEAVE:
        period = (
            date_span(reason.starts_on, reason.ends_on)
            if reason.starts_on and reason.ends_on
            else days
        )
        return ngettext(
            "Absent during refused leave {period} ({n} school day)",
            "Absent during refused leave {period} ({n} school days)",
            reason.days,
        ).format(period=period, n=reason.days)
    return _("Flagged by hand: {note}").format(note=reason.note)


def short_reason(reason: CandidateReason) -> str:
    """The reason in a few words for a list's column (the full sentence is under the list)."""
    if reason.rule == CandidateRule.AFTER_BREAK:
        return _("Not back after {name}").format(name=reason.name)
    if reason.rule == CandidateRule.UNEXPLAINED:
        return ngettext(
            "{n} day without a reason", "{n} days without a reason", reason.days
        ).format(n=reason.days)
    if reason.rule == CandidateRule.REFUSED_LEAVE:
        return _("Absent during refused leave")
    return _("By hand")


def first_unexplained_day(reasons: Sequence[CandidateReason]) -> date | None:
    """Day 0 of a flag: the earliest day the reasons name (None when they name none)."""
    days = [d for r in reasons for d in r.dates]
    return min(days, default=None)


def after_break_name(reasons: Sequence[CandidateReason]) -> str:
    """The break the list is about (the first AFTER_BREAK reason's), or ""."""
    return next((r.name for r in reasons if r.rule == CandidateRule.AFTER_BREAK), "")
