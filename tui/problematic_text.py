"""Problematic absence in words: each rule with its boundary, each finding with its numbers.

One home for these sentences, shared by the list, its explanation and the thresholds dialog.
Every boundary is said as the rule applies it: a share fires when it is strictly OVER the
percentage; runs, occasions and invalid lessons fire AT the number or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storage.absence_rules import (
    INVALID_HOURS_CALENDAR_DAYS,
    AbsenceRule,
    Finding,
    ProblematicAbsenceSettings,
    preset_of,
)
from tui.i18n import N_, _, ngettext

PRESET_LABELS = {
    "standard": N_("Standard (the default)"),
    "early": N_("Early warning"),
    "clear_cases": N_("Only clear cases"),
}
CUSTOM = "custom"


def percent(value: float) -> str:
    """A percentage as a counsellor writes it: no decimals when whole."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def preset_label(settings: ProblematicAbsenceSettings) -> str:
    name = preset_of(settings)
    return _(PRESET_LABELS[name]) if name else _("Own thresholds")


def rule_text(rule: str, settings: ProblematicAbsenceSettings) -> str:
    """The rule with its threshold and boundary, e.g. "over 10 % of the last 20 school days"."""
    if rule == AbsenceRule.RECENT_SHARE:
        return _("over {percent} % of the last {days} school days").format(
            percent=percent(settings.recent_share_percent), days=settings.recent_days
        )
    if rule == AbsenceRule.TERM_SHARE:
        return _("over {percent} % of the term so far").format(
            percent=percent(settings.term_share_percent)
        )
    if rule == AbsenceRule.CONSECUTIVE:
        return _("{days} or more school days in a row").format(days=settings.consecutive_days)
    if rule == AbsenceRule.OCCASIONS:
        return _("{occasions} or more occasions in the last {days} school days").format(
            occasions=settings.occasions, days=settings.recent_days
        )
    return _("{lessons} or more invalid lessons in {days} days").format(
        lessons=settings.invalid_lessons, days=INVALID_HOURS_CALENDAR_DAYS
    )


def short_finding(finding: Finding) -> str:
    """The finding's key figure for a narrow column, e.g. "15 % of 20 days", "4 days in a
    row", "3 occasions", "18 invalid lessons"."""
    if finding.rule == AbsenceRule.RECENT_SHARE:
        share = 100 * finding.absent_days / finding.school_days if finding.school_days else 0
        return _("{percent} % of {days} days").format(
            percent=f"{share:.0f}", days=finding.school_days
        )
    if finding.rule == AbsenceRule.TERM_SHARE:
        share = 100 * finding.absent_days / finding.school_days if finding.school_days else 0
        return _("{percent} % of the term").format(percent=f"{share:.0f}")
    if finding.rule == AbsenceRule.CONSECUTIVE:
        return ngettext("{n} day in a row", "{n} days in a row", finding.longest_run).format(
            n=finding.longest_run
        )
    if finding.rule == AbsenceRule.OCCASIONS:
        return ngettext("{n} occasion", "{n} occasions", finding.occasions).format(
            n=finding.occasions
        )
    return ngettext("{n} invalid lesson", "{n} invalid lessons", finding.lessons).format(
        n=finding.lessons
    )


def numbers(finding: Finding) -> str:
    """What the rule counted, e.g. "6 of 20 school days (30 %)"."""
    if finding.rule in (AbsenceRule.RECENT_SHARE, AbsenceRule.TERM_SHARE):
        share = 100 * finding.absent_days / finding.school_days if finding.school_days else 0
        return _("{absent} of {days} school days ({percent} %)").format(
            absent=finding.absent_days, days=finding.school_days, percent=f"{share:.0f}"
        )
    if finding.rule == AbsenceRule.CONSECUTIVE:
        return ngettext(
            "{n} school day in a row", "{n} school days in a row", finding.longest_run
        ).format(n=finding.longest_run)
    if finding.rule == AbsenceRule.OCCASIONS:
        return ngettext(
            "{n} occasion, {days} days", "{n} occasions, {days} days", finding.occasions
        ).format(n=finding.occasions, days=finding.absent_days)
    return ngettext("{n} invalid lesson", "{n} invalid lessons", finding.lessons).format(
        n=finding.lessons
    )


def valid_invalid(finding: Finding) -> str:
    return _("{valid} valid, {invalid} invalid").format(
        valid=finding.valid_days, invalid=finding.invalid_days
    )


def date_span(dates: Sequence[date]) -> str:
    """The first and last date, e.g. "2026-11-02 … 2026-11-27" (one date alone as itself)."""
    if not dates:
        return ""
    if len(dates) == 1:
        return dates[0].isoformat()
    return f"{dates[0].isoformat()} … {dates[-1].isoformat()}"


def explanation(finding: Finding, settings: ProblematicAbsenceSettings) -> str:
    """One finding in full: the rule, the numbers, valid and invalid apart, the dates' span.

    E.g. "over 10 % of the last 20 school days: 6 of 20 school days (30 %), 4 valid,
    2 invalid; 2026-11-02 … 2026-11-27".
    """
    return _("{rule}: {numbers}, {valid_invalid}; {span}").format(
        rule=rule_text(finding.rule, settings),
        numbers=numbers(finding),
        valid_invalid=valid_invalid(finding),
        span=date_span(finding.dates),
    )


def thresholds_line(settings: ProblematicAbsenceSettings) -> str:
    """Every rule with its threshold, after the preset's name."""
    rules = "; ".join(rule_text(rule, settings) for rule in AbsenceRule)
    if settings.invalid_lessons == 0:
        rules = "; ".join(rule_text(rule, settings) for rule in list(AbsenceRule)[:-1])
    return _("{preset}: {rules}.").format(preset=preset_label(settings), rules=rules)
