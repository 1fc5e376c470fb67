"""One class: its pupils, filtered as you type, sortable, identity numbers masked by default."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui.bindings import N_
from tui.i18n import _
from tui.widgets.identity import display_number
from tui.screens.base import SaknadScreen

SORTS = ("name", "number")


class ClassListScreen(SaknadScreen):
    """The pupils of one class."""

    HELP = N_("The pupils of the class. Type in the filter field to narrow the list by name "
              "or number; Enter on a pupil opens the pupil card. V shows or masks identity "
              "numbers, O changes the order, A adds a pupil to this class.")

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("slash", "focus_filter", N_("Filter"), id="filter"),
        Binding("a", "add_pupil", N_("Add pupil"), id="add-pupil"),
        Binding("v", "toggle_numbers", N_("Show numbers"), id="toggle-numbers",
                tooltip=N_("Show or mask the identity numbers")),
        Binding("o", "cycle_sort", N_("Order"), id="sort",
                tooltip=N_("Order by name or by identity number")),
        Binding("j", "cursor_down", show=False, id="vim-down"),
        Binding("k", "cursor_up", show=False, id="vim-up"),
    ]

    def __init__(self, class_id: int, class_name: str):
        super().__init__()
        self.class_id = class_id
        self.class_name = class_name
        self._pupils = []
        self._masked = True
        self._sort = "name"

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(_("Class {name}").format(name=self.class_name), classes="title")
            yield Input(placeholder=_("Filter: name or number"), id="filter", compact=True)
            yield DataTable(id="pupils", cursor_type="row", zebra_stripes=True)
            yield Static("", id="pupils-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Last name"), key="last")
        table.add_column(_("First name"), key="first")
        table.add_column(_("Identity number"), key="number")
        table.add_column(_("Marking"), key="marker")
        table.focus()
        self._load()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="class-list")
    def _load(self) -> None:
        journal = self.app.journal
        if journal is not None:
            pupils = journal.class_pupils(self.class_id)
            self.app.call_from_thread(self._show, pupils)

    def _show(self, pupils) -> None:
        self._pupils = pupils
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        wanted = self.query_one("#filter", Input).value.strip().casefold()
        digits = "".join(ch for ch in wanted if ch.isdigit())
        key = (lambda p: (p.last_name.casefold(), p.first_name.casefold())) \
            if self._sort == "name" else (lambda p: p.identity_number)
        cursor = table.cursor_row
        table.clear()
        for pupil in sorted(self._pupils, key=key):
            name = f"{pupil.first_name} {pupil.last_name}".casefold()
            if wanted and wanted not in name and not (digits and digits in
                                                      pupil.identity_number):
                continue
            table.add_row(pupil.last_name, pupil.first_name,
                          display_number(pupil.identity_number, masked=self._masked),
                          _marker(pupil), key=str(pupil.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.query_one("#pupils-empty", Static).update(
            "" if table.row_count else
            _("No pupils in this class yet.") if not self._pupils else
            _("No pupil matches the filter."))

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self._fill()

    @on(Input.Submitted, "#filter")
    def _into_table(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#pupils")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_pupil(int(event.row_key.value))

    def action_toggle_numbers(self) -> None:
        self._masked = not self._masked
        self._fill()

    def action_cycle_sort(self) -> None:
        self._sort = SORTS[(SORTS.index(self._sort) + 1) % len(SORTS)]
        self._fill()

    def action_add_pupil(self) -> None:
        from tui.dialogs.pupil_form import PupilFormDialog

        self.app.push_screen(PupilFormDialog(class_id=self.class_id), self._added)

    def _added(self, pupil_id: int | None) -> None:
        if pupil_id is not None:
            self._load()

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


def _marker(pupil) -> str:
    if pupil.security_marking == "protected":
        return _("Protected identity")
    if pupil.identity_kind == "temporary":
        return _("Temporary number")
    if pupil.identity_kind == "samordningsnummer":
        return _("Coordination number")
    return ""
