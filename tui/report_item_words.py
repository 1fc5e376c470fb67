"""A report of concern's items as the report screen lists them: one row per item the
counsellor may include or leave out, in the report's order, with its words and its detail.

Rows are plain strings; the screen wraps them in rich Text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.report_data import ReportOfConcern, WorrySource
from tui.code_words import filing_channel_label, relation_label
from tui.i18n import N_, _
from tui.render.report_words import action_line, age_words, local_time, worry_by_words, worry_text


@dataclass(frozen=True)
class ReportItem:
    key: str  # storage.report_data's item key: what "left out" keeps
    part: str  # which part of the report it belongs to
    when: str
    words: str  # one line
    detail: str  # what a person wrote, whole


WORRY_PARTS = {
    WorrySource.REPORTER: N_("Seen or heard"),
    WorrySource.OTHERS: N_("Others said"),
    WorrySource.CHILD: N_("Child's words"),
}


def report_items(report: ReportOfConcern) -> list[ReportItem]:
    """Every item of the report, in the report's order: siblings, guardians, the worry as
    told, what the school did, earlier reports."""
    items = []
    for sibling in report.siblings:
        words = sibling.name
        if sibling.age is not None:
            words += ", " + age_words(sibling.age)  # "1 year", "2 years"
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
        text = worry_text(worry)  # a warning sign's words first
        first = " ".join(text.split())
        who = worry_by_words(worry)
        items.append(
            ReportItem(
                worry.key,
                _(WORRY_PARTS[worry.source]),
                local_time(worry.at),
                f"{who}: {first}" if who else first,
                text,
            )
        )
    for action in report.actions:
        items.append(
            ReportItem(
                action.key, _("Action"), local_time(action.at), action_line(action), action.detail
            )
        )
    for earlier in report.earlier_reports:
        words = f"{filing_channel_label(earlier.channel)}, {earlier.recipient}"
        if earlier.reference:
            words += f", {earlier.reference}"
        items.append(
            ReportItem(
                earlier.key, _("Earlier report"), local_time(earlier.reported_at), words, ""
            )
        )
    return items
