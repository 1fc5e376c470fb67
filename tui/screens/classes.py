"""Classes: every class of the schools served, with pupil counts; Enter opens one."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from tui.bindings import N_
from tui.i18n import _
from tui.screens.filtered_table import FilteredTableScreen


class ClassesScreen(FilteredTableScreen):
    """All classes; type to filter, Enter to open."""

    HELP = N_(
        "All classes of the schools you serve, with how many pupils each has now. "
        "Type in the filter field to narrow the list, press Enter or Down to move into "
        "the list, and Enter on a class to see its pupils. I imports a class list."
    )

    BINDINGS = [
        Binding(
            "i",
            "app.import_list",
            N_("Import"),
            id="import",
            tooltip=N_("Import a class list from a file"),
        ),
    ]

    def title_text(self) -> str:
        return _("Classes")

    def filter_placeholder(self) -> str:
        return _("Filter: class or school")

    def columns(self) -> list[str]:
        return [_("Class"), _("School"), _("Year"), _("Pupils")]

    def load_rows(self):
        return self.journal.classes()

    def fill(self, table: DataTable, wanted: str) -> str:
        for row in self.rows:
            if wanted and wanted not in f"{row.name} {row.school_name}".casefold():
                continue
            year = "" if row.school_year is None else str(row.school_year)
            table.add_row(row.name, row.school_name, year, str(row.pupil_count), key=str(row.id))
        if not self.rows:
            return _("No classes yet. Press I to import a class list.")
        return "" if table.row_count else _("No class matches the filter.")

    @on(DataTable.RowSelected, "#rows")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.class_list import ClassListScreen

        chosen = next(c for c in self.rows if str(c.id) == event.row_key.value)
        self.saknad.push_screen(ClassListScreen(chosen.id, chosen.name))
