"""The register's grid: one row per pupil, a selection column, the status as a word.

A Textual DataTable with a row cursor. A mark changes one row, and only that row is drawn
again (`_set_row`). DataTable.update_cell would redraw every visible row: it bumps the
table's update count, which is part of every cached row's key, so each visible cell is
rendered afresh (~40 ms a key in a 35-pupil register, 17x a cursor move; measured in
tests/bench/bench_register.py). `_set_row` sets the row's cells, forgets the cached
renders without bumping the update count, and refreshes only that row's region: a mark then
draws as many cells as a cursor move. It uses DataTable's private caches, which is safe
because Textual is pinned exactly (pyproject.toml); tests/test_app_register.py checks the
painted screen after a mark.

Every cell is a rich Text: the journal's names and notes are data, and a DataTable reads a
str cell as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from storage.records import ClassRegister, RegisterPupil
from tui.i18n import _
from tui.register_words import flags_text, lessons_text, status_text

SELECT, NAME, STATUS, LESSONS, FLAGS = "select", "name", "status", "lessons", "flags"
SELECTED_MARK = "✓"


class RegisterGrid(DataTable):
    """Pupils down; the selection, name, status, lessons and flags across."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="register-down"),
        Binding("k", "cursor_up", show=False, id="register-up"),
        # Home is "today" on the register screen (the screen's binding answers it).
        Binding("home", "screen.today", show=False, id="register-home"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.lessons_that_day = 0
        self.pupil_ids: list[int] = []

    def on_key(self, event: events.Key) -> None:
        # A letter nobody is bound to does nothing here (no type-to-search in the register):
        # a mistyped key must never move the cursor away from the pupil being marked.
        if event.is_printable and not self._is_bound(event.key):
            event.stop()

    def _is_bound(self, key: str) -> bool:
        # The grid's, the screen's and the app's own bindings: what a key in the register can
        # mean. Cheaper than Screen.active_bindings, which builds the whole map on each key.
        return any(key in node._bindings.key_to_bindings for node in (self, self.screen, self.app))

    def show(self, register: ClassRegister, selected: set[int]) -> None:
        """Replace the rows with the register's pupils; keep the cursor on the same pupil."""
        kept = self.pupil_ids[self.cursor_row] if self.pupil_ids and self.row_count else None
        self.lessons_that_day = register.lessons_that_day
        self.clear(columns=True)
        name_width = max([len(_("Pupil"))] + [len(_full(p)) for p in register.pupils])
        self.add_column(" ", key=SELECT, width=1)
        self.add_column(_("Pupil"), key=NAME, width=min(name_width, 26))
        self.add_column(_("Status"), key=STATUS, width=18)
        self.add_column(_("Lessons"), key=LESSONS, width=9)
        self.add_column(_("Notes"), key=FLAGS, width=40)
        self.pupil_ids = [p.pupil_id for p in register.pupils]
        for pupil in register.pupils:
            self.add_row(*self._cells(pupil, pupil.pupil_id in selected), key=str(pupil.pupil_id))
        if kept in self.pupil_ids:
            self.move_cursor(row=self.pupil_ids.index(kept))

    def _cells(self, pupil: RegisterPupil, selected: bool) -> list[Text]:
        return [
            Text(SELECTED_MARK if selected else " ", style="bold"),
            Text(_full(pupil)),
            status_text(pupil.status),
            Text(lessons_text(pupil.status, self.lessons_that_day)),
            flags_text(pupil),
        ]

    def show_pupil(self, pupil: RegisterPupil, selected: bool) -> None:
        """Redraw one pupil's row in place (after a mark, a note, a selection)."""
        columns = (SELECT, NAME, STATUS, LESSONS, FLAGS)
        cells = dict(zip(columns, self._cells(pupil, selected), strict=True))
        self._set_row(pupil.pupil_id, cells)

    def show_selected(self, pupil_id: int, selected: bool) -> None:
        self._set_row(pupil_id, {SELECT: Text(SELECTED_MARK if selected else " ", style="bold")})

    def _set_row(self, pupil_id: int, cells: dict[str, Text]) -> None:
        """Set some cells of one row and draw only that row again (see the module's doc)."""
        row_key = RowKey(str(pupil_id))
        if row_key not in self._data:
            return
        for column, cell in cells.items():
            self._data[row_key][ColumnKey(column)] = cell
        row_index = self._row_locations.get(row_key)
        # Forgetting every cached render costs nothing now: only the lines refreshed below
        # (and the cursor's) are drawn again; the others keep the strips already on screen.
        for cache in (
            self._cell_render_cache,
            self._row_render_cache,
            self._row_renderable_cache,
            self._line_cache,
        ):
            cache.clear()
        if row_index is not None:
            self.refresh_row(row_index)

    @property
    def cursor_pupil(self) -> int | None:
        if not self.pupil_ids or not self.row_count:
            return None
        return self.pupil_ids[self.cursor_row]


def _full(pupil: RegisterPupil) -> str:
    return f"{pupil.last_name}, {pupil.first_name}"
