"""One class: its pupils, filtered as you type, sortable, identity numbers masked by default.

Pupils who have left are kept out of the list unless asked for (Ctrl+T); then they are shown
greyed, with the day they left and where to. Every order is Swedish (storage.text.sort_key:
Z before Å, Ä, Ö), as everywhere in Saknad.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from storage.codes import IdentityKind, SecurityMarking
from storage.records import PupilRow
from storage.text import fold, sort_key
from tui.bindings import N_
from tui.calendar_words import lesson_plan_line
from tui.i18n import _, ngettext
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.identity import display_number
from tui.widgets.left_school import left_school
from tui.widgets.list_table import Cells

LAST, FIRST, NUMBER = "last", "first", "number"
SORT_COLUMNS = (LAST, FIRST, NUMBER)
"""The columns the list can be ordered by, in the order Ctrl+O goes through them (each
ascending, then descending); they are the first three columns."""

LEFT_STYLE = "dim"
"""Rows of pupils who have left: greyed."""


def _sort_key(column: str):
    if column == LAST:
        return lambda p: (sort_key(p.last_name), sort_key(p.first_name), p.id)
    if column == FIRST:
        return lambda p: (sort_key(p.first_name), sort_key(p.last_name), p.id)
    return lambda p: (p.identity_number, p.id)


class ClassListScreen(FilteredTableScreen):
    """The pupils of one class."""

    HELP = N_(
        "The pupils of the class. Type a name or number to narrow the list (typing in "
        "the list goes to the filter); Enter on a pupil opens the pupil card. Up/Down or "
        "j/k move, Home/g and End/G go to the first and last pupil, PageUp/PageDown move "
        "a page. Ctrl+R shows or masks the identity numbers, Ctrl+O changes the order "
        "(or click a column title), Ctrl+T shows or hides the pupils who have left, "
        "Ctrl+N adds a pupil to this class, Ctrl+F opens its register for today, Ctrl+G "
        "sets its lessons per weekday."
    )

    BINDINGS = [
        Binding("ctrl+n", "add_pupil", N_("Add pupil"), id="add-pupil"),
        # One key, two bindings: the footer names what the key will do now.
        Binding(
            "ctrl+r",
            "show_numbers",
            N_("Show numbers"),
            id="show-numbers",
            tooltip=N_("Show the whole identity numbers"),
        ),
        Binding(
            "ctrl+r",
            "hide_numbers",
            N_("Hide numbers"),
            id="hide-numbers",
            tooltip=N_("Mask the last four characters of the identity numbers"),
        ),
        Binding(
            "ctrl+o",
            "cycle_sort",
            N_("Order"),
            id="sort",
            tooltip=N_("Order by last name, first name or identity number"),
        ),
        Binding(
            "ctrl+t",
            "show_left",
            N_("Show who left"),
            id="show-left",
            tooltip=N_("Also list the pupils who have left, greyed"),
        ),
        Binding(
            "ctrl+t",
            "hide_left",
            N_("Hide who left"),
            id="hide-left",
            tooltip=N_("List only the pupils at school now"),
        ),
        # Last: the footer keeps the list's own keys in view at 80 columns.
        Binding(
            "ctrl+g",
            "lesson_plan",
            N_("Lessons"),
            id="lesson-plan",
            tooltip=N_("How many lessons the class has each weekday"),
        ),
        # Ctrl+F: frånvaro (a bare letter in a list goes to the filter).
        Binding(
            "ctrl+f",
            "register",
            N_("Register"),
            id="open-register",
            tooltip=N_("Today's register of this class"),
        ),
    ]

    def __init__(self, class_id: int, class_name: str):
        super().__init__()
        self.class_id = class_id
        self.class_name = class_name
        self._masked = True
        self._show_left = False
        self._sort = LAST
        self._descending = False
        self.lesson_plan: dict[int, int] = {}
        """The class's lessons per weekday ({} without a plan), read with the pupils."""

    def title_text(self) -> str:
        return _("Class {name}").format(name=self.class_name)

    def filter_placeholder(self) -> str:
        return _("Filter: name or number")

    def columns(self) -> list[str]:
        titles = {LAST: _("Last name"), FIRST: _("First name"), NUMBER: _("Identity number")}
        arrow = "▼" if self._descending else "▲"
        titles[self._sort] = f"{titles[self._sort]} {arrow}"
        return [titles[LAST], titles[FIRST], titles[NUMBER], _("Marking")]

    def load_rows(self) -> list[PupilRow]:
        self.lesson_plan = self.journal.lesson_plan(self.class_id)
        return self.journal.class_pupils(self.class_id, include_left=True)

    def shown_rows(self) -> list[PupilRow]:
        rows = [p for p in self.rows if self._show_left or p.left_on is None]
        return sorted(rows, key=_sort_key(self._sort), reverse=self._descending)

    def cells(self, pupil: PupilRow) -> Cells:
        style = LEFT_STYLE if pupil.left_on else ""
        values = [
            pupil.last_name,
            pupil.first_name,
            display_number(pupil.identity_number, masked=self._masked),
            _marker(pupil),
        ]
        return [Text(value, style=style) for value in values]

    def matches(self, pupil: PupilRow, wanted: str) -> bool:
        digits = "".join(ch for ch in wanted if ch.isdigit())
        names = fold(f"{pupil.first_name} {pupil.last_name} {pupil.first_name}")
        return wanted in names or bool(digits and digits in pupil.identity_number)

    def hint(self, shown: int, filtering: bool) -> str:
        if not self.rows:
            return _("No pupils in this class yet.")
        if filtering and not shown:
            return _("No pupil matches the filter.")
        hidden = sum(1 for p in self.rows if p.left_on) if not self._show_left else 0
        if hidden:
            return ngettext(
                "{n} pupil who has left is not listed; Ctrl+T shows them.",
                "{n} pupils who have left are not listed; Ctrl+T shows them.",
                hidden,
            ).format(n=hidden)
        if not shown:
            return _("No pupils in this class now.")
        return lesson_plan_line(self.lesson_plan)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a binding and lets the other binding of the same key answer it.
        if action == "show_numbers":
            return self._masked
        if action == "hide_numbers":
            return not self._masked
        if action == "show_left":
            return not self._show_left
        if action == "hide_left":
            return self._show_left
        return True

    @on(DataTable.RowSelected, "#rows")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.saknad.open_pupil(int(str(event.row_key.value)))

    @on(DataTable.HeaderSelected, "#rows")
    def _sort_by_column(self, event: DataTable.HeaderSelected) -> None:
        if event.column_index >= len(SORT_COLUMNS):
            return
        column = SORT_COLUMNS[event.column_index]
        self._descending = not self._descending if column == self._sort else False
        self._sort = column
        self.refill()

    def action_show_numbers(self) -> None:
        self._toggle_numbers()

    def action_hide_numbers(self) -> None:
        self._toggle_numbers()

    def _toggle_numbers(self) -> None:
        self._masked = not self._masked
        self.refill()
        self.refresh_bindings()

    def action_show_left(self) -> None:
        self._toggle_left()

    def action_hide_left(self) -> None:
        self._toggle_left()

    def _toggle_left(self) -> None:
        self._show_left = not self._show_left
        self.refill()
        self.refresh_bindings()

    def action_cycle_sort(self) -> None:
        if not self._descending:
            self._descending = True
        else:
            index = (SORT_COLUMNS.index(self._sort) + 1) % len(SORT_COLUMNS)
            self._sort, self._descending = SORT_COLUMNS[index], False
        self.refill()

    def action_add_pupil(self) -> None:
        from tui.dialogs.pupil_form import PupilFormDialog

        self.app.push_screen(PupilFormDialog(class_id=self.class_id), self._added)

    def action_register(self) -> None:
        from tui.screens.register import RegisterScreen

        self.saknad.push_screen(RegisterScreen(self.class_id, self.class_name, self.saknad.today))

    def _added(self, pupil_id: int | None) -> None:
        if pupil_id is not None:
            self._load()

    def action_lesson_plan(self) -> None:
        from tui.dialogs.lesson_plan_form import LessonPlanDialog

        self.app.push_screen(
            LessonPlanDialog(self.class_id, self.class_name, self.lesson_plan), self._planned
        )

    def _planned(self, plan: dict[int, int] | None) -> None:
        if plan is not None:
            self._load()


def _marker(pupil: PupilRow) -> str:
    marks = []
    if pupil.security_marking == SecurityMarking.PROTECTED:
        marks.append(_("Protected identity"))
    elif pupil.identity_kind == IdentityKind.TEMPORARY:
        marks.append(_("Temporary number"))
    elif pupil.identity_kind == IdentityKind.SAMORDNINGSNUMMER:
        marks.append(_("Coordination number"))
    if pupil.left_on:
        marks.append(left_school(pupil.left_on, pupil.left_destination))
    return "; ".join(marks)
