"""The watch list: pupils at honour-related risk before a break, with their prevention case.

Each row names the pupil, the break it concerns and the prevention case's overdue steps;
Enter opens the prevention case, Ctrl+D takes the pupil off the list (with the reason), Ctrl+T
sets from how many school days before a break the review is asked for (the home screen reads
the setting again as it comes back). The list is reached from the palette only: the home
screen never names a pupil on it (it says only that a review before a break is due, and
which key opens the list). The hide key (Ctrl+B, F12) is the app's and works here as
everywhere.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.widgets import DataTable

from storage.records import WatchRow
from storage.text import fold
from storage.watch_list import WatchListSettings
from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import Cells, ListTable


class WatchListScreen(FilteredTableScreen):
    """The pupils on the watch list now, the soonest break first."""

    HELP = N_(
        "Pupils on the watch list before a break, where there is a worry of honour-related "
        "harm during the break: the break, the reason and how many steps of the prevention "
        "case are overdue. The family must not learn of the worry. Enter opens the "
        "prevention case; Ctrl+D takes the pupil off the list. Put a pupil on from the "
        'pupil card (the palette\'s "Put on the watch list"). Ctrl+T sets from how many '
        "school days before a break the home screen asks for a review of the list. Ctrl+B "
        "hides the screen."
    )

    BINDINGS = [
        Binding(
            "ctrl+d",
            "take_off",
            N_("Take off"),
            id="take-off-watch-list",
            tooltip=N_("Take the pupil off the watch list, with the reason"),
        ),
        Binding(
            "ctrl+t",
            "settings",
            N_("Review"),
            id="watch-list-review",
            tooltip=N_("From how many school days before a break the review is asked for"),
        ),
    ]

    def title_text(self) -> str:
        return _("Watch list on {date}").format(date=self.saknad.today.isoformat())

    def filter_placeholder(self) -> str:
        return _("Filter: name, class or break")

    def columns(self) -> list[str]:
        return [_("Class"), _("Name"), _("Break"), _("Overdue"), _("Reason")]

    def load_rows(self) -> list[Any]:
        return self.journal.watch_list(self.saknad.today)

    def row_key(self, row: WatchRow) -> str:
        return str(row.entry_id)

    def cells(self, row: WatchRow) -> Cells:
        when = (
            f"{row.break_name} {row.break_starts_on.isoformat()}"
            if row.break_starts_on is not None
            else _("no particular break")
        )
        overdue = str(row.overdue_steps) if row.overdue_steps else ""
        return [
            Text(row.class_name),
            Text(f"{row.last_name}, {row.first_name}"),
            Text(when),
            Text(overdue, justify="right", style="bold" if overdue else ""),
            Text(" ".join(row.reason.split())),
        ]

    def matches(self, row: WatchRow, wanted: str) -> bool:
        return wanted in fold(
            f"{row.first_name} {row.last_name} {row.class_name} {row.break_name}"
        )

    def hint(self, shown: int, filtering: bool) -> str:
        if not self.rows:
            return _("Nobody is on the watch list.")
        if filtering and not shown:
            return _("No pupil matches the filter.")
        return ngettext(
            "{n} pupil on the list. Enter opens the prevention case.",
            "{n} pupils on the list. Enter opens the prevention case.",
            len(self.rows),
        ).format(n=len(self.rows))

    def _current(self) -> WatchRow | None:
        table = self.query_one("#rows", ListTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.entry_id) == key), None)

    @on(DataTable.RowSelected, "#rows")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        from tui.screens.case import CaseScreen

        row = next((r for r in self.rows if str(r.entry_id) == event.row_key.value), None)
        if row is not None and row.case_id is not None:
            self.app.push_screen(CaseScreen(row.case_id))

    def action_take_off(self) -> None:
        from tui.dialogs.watch_list_form import TakeOffWatchListDialog

        row = self._current()
        if row is None:
            return

        def taken_off(result: Any) -> None:
            if result is not None:
                self.notify(_("Taken off the watch list; the prevention case is closed."))
                self._load()

        self.app.push_screen(TakeOffWatchListDialog(row.entry_id), taken_off)

    @work(thread=True, exclusive=True, group="watch-list-settings", exit_on_error=False)
    def action_settings(self) -> None:
        current = self.journal.watch_list_settings()
        self.app.call_from_thread(self._open_settings, current)

    def _open_settings(self, current: WatchListSettings) -> None:
        from tui.dialogs.watch_list_settings import WatchListSettingsDialog

        def saved(result: WatchListSettings | None) -> None:
            if result is not None:
                days = result.review_school_days
                self.notify(
                    ngettext(
                        "Kept: the review is asked for from {n} school day before each break.",
                        "Kept: the review is asked for from {n} school days before each break.",
                        days,
                    ).format(n=days)
                )

        self.app.push_screen(WatchListSettingsDialog(current), saved)
