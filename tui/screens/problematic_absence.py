"""Problematic absence (skollagen 7 kap. 19 a §): the pupils whose absence is repeated or long.

Each row says which rule fired and its numbers, valid and invalid absence apart; Enter
explains every rule that fired with its dates; Ctrl+O opens a problematic-absence
investigation (its checklist includes "organiser notified" and "home municipality informed");
Ctrl+T chooses a preset or changes the thresholds (kept in the journal). Only
problematic-absence investigations show here: pupils with an open missing-pupil case belong to
that track and are counted under the list, never mixed into it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from storage.absence_rules import ProblematicAbsenceSettings
from storage.records import ProblematicAbsenceList, ProblematicPupil
from storage.text import fold, sort_key
from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.problematic_text import explanation, short_finding, thresholds_line
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import Cells, ListTable


class ProblematicAbsenceScreen(FilteredTableScreen):
    """The problematic-absence list on the app's today."""

    HELP = N_(
        "Pupils whose absence is repeated or long, by the school's thresholds (no national "
        "threshold exists; the principal decides). Valid and invalid absence both count and "
        "are shown apart. Enter explains a pupil's rules with their dates. Ctrl+O opens a "
        "problematic-absence investigation; Ctrl+T chooses a preset or changes the "
        "thresholds. Type to filter by name or class; Up/Down or j/k move."
    )

    BINDINGS = [
        Binding(
            "ctrl+o",
            "open_investigation",
            N_("Investigate"),
            id="open-investigation",
            tooltip=N_("Open a problematic-absence investigation for the pupil"),
        ),
        Binding(
            "ctrl+t",
            "thresholds",
            N_("Thresholds"),
            id="thresholds",
            tooltip=N_("Choose a preset or change the thresholds"),
        ),
    ]

    class InvestigationOpened(Message):
        """An investigation was opened (the list is read again)."""

    def __init__(self) -> None:
        super().__init__()
        self.listing: ProblematicAbsenceList | None = None

    def title_text(self) -> str:
        return _("Problematic absence on {date}").format(date=self.saknad.today.isoformat())

    def filter_placeholder(self) -> str:
        return _("Filter: name or class")

    def columns(self) -> list[str]:
        return [_("Class"), _("Name"), _("Rule"), _("Valid"), _("Invalid"), _("Case")]

    def load_rows(self) -> list[Any]:
        self.listing = self.journal.problematic_absence(self.saknad.today)
        return sorted(
            self.listing.pupils,
            key=lambda p: (sort_key(p.class_name), sort_key(p.last_name), sort_key(p.first_name)),
        )

    def row_key(self, row: ProblematicPupil) -> str:
        return str(row.pupil_id)

    def cells(self, pupil: ProblematicPupil) -> Cells:
        # The first rule that fired, its key figure and its valid and invalid days; Enter
        # explains every rule. Narrow enough for 80 columns.
        first = pupil.findings[0]
        rule = short_finding(first)
        if len(pupil.findings) > 1:
            rule = f"{rule} +{len(pupil.findings) - 1}"
        case = _("open") if pupil.case_id is not None else ""
        return [
            Text(pupil.class_name),
            Text(f"{pupil.last_name}, {pupil.first_name}"),
            Text(rule),
            Text(str(first.valid_days), justify="right"),
            Text(str(first.invalid_days), justify="right"),
            Text(case, style="bold" if case else ""),
        ]

    def matches(self, pupil: ProblematicPupil, wanted: str) -> bool:
        return wanted in fold(f"{pupil.first_name} {pupil.last_name} {pupil.class_name}")

    def hint(self, shown: int, filtering: bool) -> str:
        lines = []
        if self.listing is not None:
            lines.append(thresholds_line(self.listing.settings))
        if not self.rows:
            lines.append(_("No pupil's absence reaches a threshold."))
        elif filtering and not shown:
            lines.append(_("No pupil matches the filter."))
        if self.listing is not None and self.listing.missing_left_out:
            lines.append(
                ngettext(
                    "{n} pupil with an open missing-pupil case is not listed here.",
                    "{n} pupils with an open missing-pupil case are not listed here.",
                    self.listing.missing_left_out,
                ).format(n=self.listing.missing_left_out)
            )
        return "\n".join(lines)

    def _current(self) -> ProblematicPupil | None:
        table = self.query_one("#rows", ListTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in self.rows if str(p.pupil_id) == key), None)

    @on(DataTable.RowSelected, "#rows")
    def _explain(self, event: DataTable.RowSelected) -> None:
        from tui.dialogs.absence_explanation import AbsenceExplanationDialog

        pupil = next((p for p in self.rows if str(p.pupil_id) == event.row_key.value), None)
        if pupil is not None and self.listing is not None:
            self.app.push_screen(AbsenceExplanationDialog(pupil, self.listing.settings))

    def action_open_investigation(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        pupil = self._current()
        if pupil is None or self.listing is None:
            return
        name = f"{pupil.first_name} {pupil.last_name}"
        if pupil.case_id is not None:
            self.notify(
                _("An investigation of {name} is already open.").format(name=name),
                markup=False,
            )
            return
        question = _(
            "Open a problematic-absence investigation for {name}? Its checklist includes "
            "notifying the organiser (huvudman) and informing the home municipality."
        ).format(name=name)
        why = "\n".join(explanation(f, self.listing.settings) for f in pupil.findings)

        def answered(answer: str | None) -> None:
            if answer == "open":
                self._open_case(pupil.pupil_id, why)

        self.app.push_screen(
            ConfirmDialog(
                _("Open investigation"),
                question,
                [("open", _("Open investigation")), ("cancel", _("Cancel"))],
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="investigation", exit_on_error=False)
    def _open_case(self, pupil_id: int, why: str) -> None:
        self.journal.open_absence_investigation(pupil_id, self.saknad.today, why)
        self.post_message(self.InvestigationOpened())

    @on(InvestigationOpened)
    def _reload(self) -> None:
        self.notify(_("Investigation opened."))
        self._load()

    def action_thresholds(self) -> None:
        from tui.dialogs.absence_thresholds import AbsenceThresholdsDialog

        def saved(result: Any) -> None:
            if result is not None:
                self._load()

        current = self.listing.settings if self.listing else ProblematicAbsenceSettings()
        self.app.push_screen(AbsenceThresholdsDialog(current), saved)
