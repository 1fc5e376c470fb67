"""Missing-pupil candidates: pupils to look at for the missing track, class by class.

Each pupil says why they are on the list (not back after a break, unexplained days in a row,
absent during refused leave), with dates and numbers; the cursor's pupil's every reason is
under the list. Nothing is flagged without the counsellor: Ctrl+O flags the pupil under the
cursor, or every pupil selected with Space, after asking for the reason (a missing-pupil case
with its checklist, day 0 the first unexplained day). Ctrl+A marks the pupil as accounted
for, with how it is known (a reached contact on each unexplained day: storage.whereabouts).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from storage.candidate_rules import CandidateRule, CandidateSettings
from storage.records import MissingCandidate, MissingCandidates
from storage.text import fold
from storage.weekly_review import WeeklyReviewSettings
from tui.bindings import N_
from tui.candidate_text import after_break_name, first_unexplained_day, reason_text, short_reason
from tui.i18n import _, ngettext
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import Cells, ListTable

SELECTED = "[x]"
NOT_SELECTED = "[ ]"


class MissingCandidatesScreen(FilteredTableScreen):
    """The candidates on the app's today."""

    HELP = N_(
        "Pupils to look at for the missing track: not back after a break, school days in a "
        "row without a reason and without contact with a guardian, or absent during refused "
        "leave. Each says why; the pupil under the cursor's reasons are under the list. "
        "Nobody is flagged without you: Ctrl+O flags the pupil (or every pupil selected "
        "with Space) as missing after asking for the reason; Ctrl+A marks the pupil as "
        "accounted for, with how it is known. Ctrl+T changes the settings: how many school "
        "days in a row, how many days after a break, and how often an open case is "
        "reviewed. Type to filter; Up/Down or j/k move."
    )

    BINDINGS = [
        Binding("space", "select", N_("Select"), id="select-candidate"),
        Binding(
            "ctrl+o",
            "flag",
            N_("Flag missing"),
            id="flag-missing",
            tooltip=N_("Flag the pupil, or the selected pupils, as missing"),
        ),
        Binding(
            "ctrl+a",
            "accounted",
            N_("Accounted for"),
            id="accounted-for",
            tooltip=N_("The school knows where the pupil is: say how"),
        ),
        Binding(
            "ctrl+t",
            "settings",
            N_("Settings"),
            id="missing-settings",
            tooltip=N_("When a pupil is listed, and how often an open case is reviewed"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing: MissingCandidates | None = None
        self.selected: set[int] = set()

    def title_text(self) -> str:
        return _("Missing-pupil candidates on {date}").format(date=self.saknad.today.isoformat())

    def filter_placeholder(self) -> str:
        return _("Filter: name or class")

    def columns(self) -> list[str]:
        return ["", _("Class"), _("Name"), _("Why")]

    def load_rows(self) -> list[Any]:
        self.listing = self.journal.missing_candidates(self.saknad.today)
        return list(self.listing.pupils)

    def row_key(self, row: MissingCandidate) -> str:
        return str(row.pupil_id)

    def cells(self, pupil: MissingCandidate) -> Cells:
        why = short_reason(pupil.reasons[0])
        if len(pupil.reasons) > 1:
            why = f"{why} +{len(pupil.reasons) - 1}"
        mark = SELECTED if pupil.pupil_id in self.selected else NOT_SELECTED
        return [
            Text(mark, style="bold" if pupil.pupil_id in self.selected else ""),
            Text(pupil.class_name),
            Text(f"{pupil.last_name}, {pupil.first_name}"),
            Text(why),
        ]

    def matches(self, pupil: MissingCandidate, wanted: str) -> bool:
        return wanted in fold(f"{pupil.first_name} {pupil.last_name} {pupil.class_name}")

    def refill(self) -> None:
        super().refill()
        self._show_title()

    def _show_title(self) -> None:
        name = after_break_name([r for p in self.rows for r in p.reasons])
        title = self.title_text()
        if name:
            title = _("After {name}: pupils not back ({date})").format(
                name=name, date=self.saknad.today.isoformat()
            )
        self.query_one(".title", Static).update(Content(title))

    def hint(self, shown: int, filtering: bool) -> str:
        lines = []
        current = self._current()
        if current is not None:
            lines.append(f"{current.first_name} {current.last_name}:")
            lines.extend(f"- {reason_text(r)}" for r in current.reasons)
        if not self.rows:
            lines.append(_("No pupil to look at for the missing track today."))
        elif filtering and not shown:
            lines.append(_("No pupil matches the filter."))
        if self.selected:
            lines.append(
                ngettext("{n} pupil selected.", "{n} pupils selected.", len(self.selected)).format(
                    n=len(self.selected)
                )
            )
        if self.listing is not None and self.listing.missing_left_out:
            lines.append(
                ngettext(
                    "{n} pupil already flagged as missing is not listed here.",
                    "{n} pupils already flagged as missing are not listed here.",
                    self.listing.missing_left_out,
                ).format(n=self.listing.missing_left_out)
            )
        return "\n".join(lines)

    def _current(self) -> MissingCandidate | None:
        table = self.query_one("#rows", ListTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in self.rows if str(p.pupil_id) == key), None)

    @on(DataTable.RowHighlighted, "#rows")
    def _why(self) -> None:
        table = self.query_one("#rows", ListTable)
        filtering = bool(self.query_one("#filter").value.strip())  # type: ignore[attr-defined]
        self.query_one("#rows-hint", Static).update(Content(self.hint(table.row_count, filtering)))

    def action_select(self) -> None:
        pupil = self._current()
        if pupil is None:
            return
        self.selected ^= {pupil.pupil_id}
        self.refill()
        table = self.query_one("#rows", ListTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def _chosen(self) -> list[MissingCandidate]:
        if self.selected:
            return [p for p in self.rows if p.pupil_id in self.selected]
        current = self._current()
        return [current] if current is not None else []

    def action_flag(self) -> None:
        from tui.dialogs.missing_flag import FlagMissingDialog, ToFlag

        chosen = self._chosen()
        if not chosen:
            return
        to_flag = [
            ToFlag(
                p.pupil_id,
                first_unexplained_day(p.reasons) or self.saknad.today,
                "; ".join(reason_text(r) for r in p.reasons),
            )
            for p in chosen
        ]

        def flagged(opened: Any) -> None:
            if opened:
                self.notify(
                    ngettext(
                        "{n} pupil flagged as missing.",
                        "{n} pupils flagged as missing.",
                        len(opened),
                    ).format(n=len(opened))
                )
                self.selected.clear()
                self._load()

        self.app.push_screen(FlagMissingDialog(to_flag), flagged)

    @work(thread=True, exclusive=True, group="missing-settings", exit_on_error=False)
    def action_settings(self) -> None:
        journal = self.journal
        current = (journal.missing_candidate_settings(), journal.weekly_review_settings())
        self.app.call_from_thread(self._open_settings, *current)

    def _open_settings(self, candidates: CandidateSettings, review: WeeklyReviewSettings) -> None:
        from tui.dialogs.missing_settings import MissingSettingsDialog

        def saved(result: Any) -> None:
            if result is not None:
                self._load()

        self.app.push_screen(MissingSettingsDialog(candidates, review), saved)

    def action_accounted(self) -> None:
        from tui.dialogs.missing_flag import AccountedForDialog

        pupil = self._current()
        if pupil is None:
            return
        days = [
            d
            for r in pupil.reasons
            if r.rule in (CandidateRule.AFTER_BREAK, CandidateRule.UNEXPLAINED)
            for d in r.dates
        ]

        def kept(logged: Any) -> None:
            if logged:
                self.notify(_("Accounted for."))
                self.selected.discard(pupil.pupil_id)
                self._load()

        self.app.push_screen(AccountedForDialog(pupil.pupil_id, days, self.saknad.today), kept)
