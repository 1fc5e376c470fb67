"""One class: its pupils, filtered as you type, sortable, identity numbers masked by default."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from storage.codes import IdentityKind, SecurityMarking
from tui.bindings import N_
from tui.i18n import _
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.identity import display_number

SORTS = ("name", "number")


class ClassListScreen(FilteredTableScreen):
    """The pupils of one class."""

    HELP = N_(
        "The pupils of the class. Type in the filter field to narrow the list by name "
        "or number; Enter on a pupil opens the pupil card. V shows or masks identity "
        "numbers, O changes the order, A adds a pupil to this class."
    )

    BINDINGS = [
        Binding("a", "add_pupil", N_("Add pupil"), id="add-pupil"),
        Binding(
            "v",
            "toggle_numbers",
            N_("Show numbers"),
            id="toggle-numbers",
            tooltip=N_("Show or mask the identity numbers"),
        ),
        Binding(
            "o",
            "cycle_sort",
            N_("Order"),
            id="sort",
            tooltip=N_("Order by name or by identity number"),
        ),
    ]

    def __init__(self, class_id: int, class_name: str):
        super().__init__()
        self.class_id = class_id
        self.class_name = class_name
        self._masked = True
        self._sort = "name"

    def title_text(self) -> str:
        return _("Class {name}").format(name=self.class_name)

    def filter_placeholder(self) -> str:
        return _("Filter: name or number")

    def columns(self) -> list[str]:
        return [_("Last name"), _("First name"), _("Identity number"), _("Marking")]

    def load_rows(self):
        return self.journal.class_pupils(self.class_id)

    def fill(self, table: DataTable, wanted: str) -> str:
        digits = "".join(ch for ch in wanted if ch.isdigit())
        key = (
            (lambda p: (p.last_name.casefold(), p.first_name.casefold()))
            if self._sort == "name"
            else (lambda p: p.identity_number)
        )
        for pupil in sorted(self.rows, key=key):
            name = f"{pupil.first_name} {pupil.last_name}".casefold()
            if wanted and wanted not in name and not (digits and digits in pupil.identity_number):
                continue
            table.add_row(
                pupil.last_name,
                pupil.first_name,
                display_number(pupil.identity_number, masked=self._masked),
                _marker(pupil),
                key=str(pupil.id),
            )
        if not self.rows:
            return _("No pupils in this class yet.")
        return "" if table.row_count else _("No pupil matches the filter.")

    @on(DataTable.RowSelected, "#rows")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.saknad.open_pupil(int(str(event.row_key.value)))

    def action_toggle_numbers(self) -> None:
        self._masked = not self._masked
        self.refill()

    def action_cycle_sort(self) -> None:
        self._sort = SORTS[(SORTS.index(self._sort) + 1) % len(SORTS)]
        self.refill()

    def action_add_pupil(self) -> None:
        from tui.dialogs.pupil_form import PupilFormDialog

        self.app.push_screen(PupilFormDialog(class_id=self.class_id), self._added)

    def _added(self, pupil_id: int | None) -> None:
        if pupil_id is not None:
            self._load()


def _marker(pupil) -> str:
    if pupil.security_marking == SecurityMarking.PROTECTED:
        return _("Protected identity")
    if pupil.identity_kind == IdentityKind.TEMPORARY:
        return _("Temporary number")
    if pupil.identity_kind == IdentityKind.SAMORDNINGSNUMMER:
        return _("Coordination number")
    return ""
