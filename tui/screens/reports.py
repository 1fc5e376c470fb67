"""Reports of concern: every report the journal holds, unfiled first, so none is forgotten
on its way to social services (a sibling's report started from a family concern too).

A list like the others (typing filters). Enter opens the report; each row says where it is:
a draft, exported, or filed (and whether a phone report still waits for its written
follow-up, and whether social services opened an investigation).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.widgets import DataTable

from storage.report_data import DraftState
from storage.report_of_concern import ReportDraftRow
from storage.text import fold
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import Cells

STATE_WORDS = {
    DraftState.DRAFT: N_("Draft"),
    DraftState.EXPORTED: N_("Exported"),
    DraftState.FILED: N_("Filed"),
}


def state_words(row: ReportDraftRow) -> str:
    """Where the report is, with what still waits after filing."""
    words = _(STATE_WORDS[row.state])
    if row.written_follow_up_due:
        words += ", " + _("follow up in writing")
    elif row.state == DraftState.FILED and row.investigation_opened is not None:
        words += ", " + (
            _("investigation opened") if row.investigation_opened else _("no investigation")
        )
    return words


class ReportsScreen(FilteredTableScreen):
    """Every report of concern; type to filter, Enter opens one."""

    HELP = N_(
        "Every report of concern in the journal, those not yet filed first. Type to narrow "
        'the list; Enter opens a report. A report made by phone says "follow up in writing" '
        "until the written follow-up is recorded (A on the report). Start a report with A "
        "on a pupil's card or case."
    )

    def title_text(self) -> str:
        return _("Reports of concern")

    def filter_placeholder(self) -> str:
        return _("Filter: pupil, class or state")

    def columns(self) -> list[str]:
        return [_("Pupil"), _("Class"), _("State"), _("Started"), _("Filed"), _("Reference")]

    def load_rows(self) -> list[Any]:
        return self.journal.report_drafts()

    def cells(self, row: Any) -> Cells:
        filed = f"{row.filed_at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d}" if row.filed_at else ""
        state = Text(state_words(row))
        if row.state != DraftState.FILED or row.written_follow_up_due:
            state.stylize("bold")
        return [
            Text(row.pupil_name),
            Text(row.class_name),
            state,
            Text(f"{row.created_at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d}"),
            Text(filed),
            Text(row.reference),
        ]

    def matches(self, row: Any, wanted: str) -> bool:
        return wanted in fold(f"{row.pupil_name} {row.class_name} {state_words(row)}")

    def hint(self, shown: int, filtering: bool) -> str:
        if not self.rows:
            return _("No report of concern yet. Press A on a pupil's card or case to start one.")
        if not shown:
            return _("No report matches the filter.")
        waiting = sum(1 for r in self.rows if r.state != DraftState.FILED)
        # "0 reports not filed yet" reads as a riddle: with none waiting, say so plainly.
        state = (
            ngettext("{n} report not filed yet.", "{n} reports not filed yet.", waiting).format(
                n=waiting
            )
            if waiting
            else _("Every report is filed.")
        )
        return state + " " + _("Enter opens a report.")

    @on(DataTable.RowSelected, "#rows")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        from tui.screens.report_of_concern import ReportScreen

        if event.row_key.value is not None:
            self.app.push_screen(ReportScreen(int(event.row_key.value)))
