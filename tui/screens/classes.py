"""Classes: every class of the schools served, with pupil counts; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from storage.text import fold
from tui.bindings import N_
from tui.i18n import _
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import Cells


class ClassesScreen(FilteredTableScreen):
    """All classes; type to filter, Enter to open."""

    HELP = N_(
        "All classes of the schools you serve, with how many pupils each has now. "
        "Type a class or school to narrow the list (typing in the list goes to the "
        "filter), Enter or Down moves into the list, Enter on a class shows its pupils. "
        "Up/Down or j/k move, Home/g and End/G go to the first and last class, "
        "PageUp/PageDown move a page. Ctrl+F opens today's register of the class, "
        "Ctrl+N imports a class list."
    )

    BINDINGS = [
        # Ctrl+F: frånvaro (a letter in a list filters; Ctrl+G is the class's lessons on main).
        Binding(
            "ctrl+f",
            "register",
            N_("Register"),
            id="open-register",
            tooltip=N_("Today's register of the class under the cursor"),
        ),
        Binding(
            "ctrl+n",
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

    def cells(self, row) -> Cells:
        year = "" if row.school_year is None else str(row.school_year)
        return [Text(row.name), Text(row.school_name), Text(year), Text(str(row.pupil_count))]

    def matches(self, row, wanted: str) -> bool:
        return wanted in fold(f"{row.name} {row.school_name}")

    def hint(self, shown: int, filtering: bool) -> str:
        if not self.rows:
            return _("No classes yet. Press Ctrl+N to import a class list.")
        return "" if shown else _("No class matches the filter.")

    @on(DataTable.RowSelected, "#rows")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.class_list import ClassListScreen

        chosen = next(c for c in self.rows if str(c.id) == event.row_key.value)
        self.saknad.push_screen(ClassListScreen(chosen.id, chosen.name))

    def action_register(self) -> None:
        from tui.screens.register import RegisterScreen

        table = self.query_one("#rows", DataTable)
        if not table.row_count:
            return
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        chosen = next(c for c in self.rows if str(c.id) == row_key.value)
        self.saknad.push_screen(RegisterScreen(chosen.id, chosen.name, self.saknad.today))
