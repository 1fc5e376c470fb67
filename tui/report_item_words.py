"""A report of concern's items as the report screen lists them: one row per item the
counsellor may include or leave out, in the report's order, with its words and its detail.

Rows are plain strings; the screen wraps them in rich Text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.report_data import ActionKind, ReportAction, ReportOfConcern, WorrySource
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.bindings import N_
from tui.case_words import (
    action_label,
    close_outcome_label,
    contact_outcome_label,
    counterpart_label,
    step_text,
)
from tui.chronology_words import ENTRY_WORDS
from tui.dialogs.guardian_form import relation_label
from tui.dialogs.notice_form import channel_label
from tui.i18n import _


@dataclass(frozen=True)
class ReportItem:
    key: str  # storage.report_data's item key: what "left out" keeps
    part: str  # which part of the report it belongs to
    when: str
    words: str  # one line
    detail: str  # what a person wrote, whole


def yes_no_word(value: bool | None) -> str:
    return _("not stated") if value is None else _("yes") if value else _("no")


def _when(at: datetime) -> str:
    return f"{at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}"


WORRY_PARTS = {
    WorrySource.REPORTER: N_("Seen or heard"),
    WorrySource.OTHERS: N_("Others said"),
    WorrySource.CHILD: N_("Child's words"),
}


def action_words(action: ReportAction) -> str:
    """What the school did, in one line (without the note: that is the detail)."""
    match action.kind:
        case ActionKind.STEP:
            step = step_text(action.code, action.title)
            if action.title and step != action.title:
                step += f" ({action.title})"
            state = _("not applicable") if action.outcome == "not_applicable" else _("done")
            words = f"{step}: {state}"
            if action.counterpart:
                words += ", " + _("spoke with {person}").format(person=action.counterpart)
            return words
        case ActionKind.CONTACT:
            whom = counterpart_label(action.title) if action.title else ""
            if action.counterpart and action.counterpart != action.title:
                whom = f"{whom}: {action.counterpart}" if whom else action.counterpart
            return ", ".join(
                part
                for part in (
                    channel_label(action.code),
                    whom,
                    contact_outcome_label(action.outcome),
                )
                if part
            )
        case ActionKind.CASE_EVENT:
            words = action_label(action.code)
            return f"{words}: {close_outcome_label(action.outcome)}" if action.outcome else words
        case ActionKind.MEETING:
            known = ENTRY_WORDS.get(action.code)
            return _(known) if known else action.code
    return action.code


def report_items(report: ReportOfConcern) -> list[ReportItem]:
    """Every item of the report, in the report's order: siblings, guardians, the worry as
    told, what the school did, earlier reports."""
    items = []
    for sibling in report.siblings:
        words = sibling.name
        if sibling.age is not None:
            words += ", " + _("{n} years").format(n=sibling.age)
        if sibling.school:
            words += ", " + sibling.school
        items.append(ReportItem(sibling.key, _("Sibling"), "", words, ""))
    for guardian in report.guardians:
        words = f"{guardian.name} ({relation_label(guardian.relation)})"
        if guardian.interpreter_needed:
            words += ", " + _("interpreter: {language}").format(
                language=guardian.language or _("language not stated")
            )
        items.append(ReportItem(guardian.key, _("Guardian"), "", words, ""))
    for worry in report.worry_items:
        first = " ".join(worry.text.split())
        who = worry.by or (counterpart_label(worry.by_kind) if worry.by_kind else "")
        items.append(
            ReportItem(
                worry.key,
                _(WORRY_PARTS[worry.source]),
                _when(worry.at),
                f"{who}: {first}" if who else first,
                worry.text,
            )
        )
    for action in report.actions:
        items.append(
            ReportItem(
                action.key, _("Action"), _when(action.at), action_words(action), action.detail
            )
        )
    for earlier in report.earlier_reports:
        words = f"{channel_label(earlier.channel)}, {earlier.recipient}"
        if earlier.reference:
            words += f", {earlier.reference}"
        items.append(
            ReportItem(earlier.key, _("Earlier report"), _when(earlier.reported_at), words, "")
        )
    return items
