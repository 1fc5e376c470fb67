"""Classes: every class of the schools served, with pupil counts; Enter opens one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadScreen


class ClassesScreen(SaknadScreen):
    """All classes; type to filter, Enter to open."""

    HELP = N_("All classes of the schools you serve, with how many pupils each has now. "
              "Type in the filter field to narrow the list, press Enter or Down to move into "
              "the list, and Enter on a class to see its pupils. I imports a class list.")

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("slash", "focus_filter", N_("Filter"), id="filter"),
        Binding("i", "app.import_list", N_("Import"), id="import",
                tooltip=N_("Import a class list from a file")),
        Binding("j", "cursor_down", show=False, id="vim-down"),
        Binding("k", "cursor_up", show=False, id="vim-up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._class_rows = []

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(_("Classes"), classes="title")
            yield Input(placeholder=_("Filter: class or school"), id="filter", compact=True)
            yield DataTable(id="classes", cursor_type="row", zebra_stripes=True)
            yield Static("", id="classes-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Class"), key="class")
        table.add_column(_("School"), key="school")
        table.add_column(_("Year"), key="year")
        table.add_column(_("Pupils"), key="pupils")
        table.focus()
        self._load()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="classes")
    def _load(self) -> None:
        journal = self.app.journal
        if journal is not None:
            classes = journal.classes()
            self.app.call_from_thread(self._show, classes)

    def _show(self, classes) -> None:
        self._class_rows = classes
        self._fill(self.query_one("#filter", Input).value)

    def _fill(self, text: str) -> None:
        table = self.query_one(DataTable)
        wanted = text.strip().casefold()
        table.clear()
        for row in self._class_rows:
            if wanted and wanted not in f"{row.name} {row.school_name}".casefold():
                continue
            year = "" if row.school_year is None else str(row.school_year)
            table.add_row(row.name, row.school_name, year, str(row.pupil_count),
                          key=str(row.id))
        empty = self.query_one("#classes-empty", Static)
        if not self._class_rows:
            empty.update(_("No classes yet. Press I to import a class list."))
        elif not table.row_count:
            empty.update(_("No class matches the filter."))
        else:
            empty.update("")

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _into_table(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#classes")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.class_list import ClassListScreen

        chosen = next(c for c in self._class_rows if str(c.id) == event.row_key.value)
        self.app.push_screen(ClassListScreen(chosen.id, chosen.name))

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        filter_field = self.query_one("#filter", Input)
        if filter_field.value:
            filter_field.value = ""
        else:
            self.dismiss()
