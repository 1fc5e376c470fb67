"""A list screen: a title, a filter field, a table and a hint line.

Shared by the classes and the class-list screens. Typing filters: in the filter field, and
in the list too, where any printable key goes to the filter (tui.widgets.list_table). Enter
or Down moves from the filter into the list, "/" goes back to the filter, Escape clears the
filter first and leaves the screen second. In the list: Up/Down or j/k, Home/g, End/G,
PageUp/PageDown, Enter opens the row.

Rows are read in a worker by `load_rows` and drawn by `refill`, so the table is redrawn, not
re-read, as the filter changes. Matching folds case and accents (storage.text.fold): "jon"
finds "Jönsson", "aberg" finds "Åberg".
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from storage.text import fold
from tui.bindings import N_
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter
from tui.widgets.list_table import Cells, ListTable


class FilteredTableScreen(SaknadScreen):
    """Subclasses give the title, placeholder, columns and cells, and implement load_rows."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        # Not in the footer: typing filters anyway, and the room is needed for the list's keys.
        Binding("slash", "focus_filter", N_("Filter"), id="filter", show=False),
        Binding("down", "focus_table", show=False, id="into-list"),
    ]

    class RowsLoaded(ReadResult):
        """The rows were read from the journal."""

        def __init__(self, rows: list[Any]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []
        self.cursor_to: str | None = None
        """A row key the cursor goes to once the rows are next read (a row just added)."""

    # -- what a subclass says ---------------------------------------------------------------

    def title_text(self) -> str:
        raise NotImplementedError

    def filter_placeholder(self) -> str:
        raise NotImplementedError

    def columns(self) -> list[str]:
        """The column titles (a sort indicator included)."""
        raise NotImplementedError

    def load_rows(self) -> list[Any]:
        """Read the rows from the journal (runs in a worker thread)."""
        raise NotImplementedError

    def shown_rows(self) -> list[Any]:
        """The rows the list shows, in order, before filtering (all of them by default)."""
        return self.rows

    def row_key(self, row: Any) -> str:
        return str(row.id)

    def cells(self, row: Any) -> Cells:
        """The row's cells, as Text (data, never markup)."""
        raise NotImplementedError

    def matches(self, row: Any, wanted: str) -> bool:
        """Whether `row` matches the filter `wanted` (folded: storage.text.fold)."""
        raise NotImplementedError

    def hint(self, shown: int, filtering: bool) -> str:
        """The line under the list, given how many rows are shown and whether a filter is
        typed."""
        raise NotImplementedError

    # -- the screen ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(Content(self.title_text()), classes="title")
            # Not selected on focus: a key typed in the list lands in the filter and focuses
            # it, and the next key must add to that character, not replace it.
            yield Input(
                placeholder=self.filter_placeholder(),
                id="filter",
                compact=True,
                select_on_focus=False,
            )
            yield ListTable(type_into="#filter", id="rows")
            yield Static("", id="rows-hint", classes="hint")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#rows", ListTable).focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one read, and a fresh one on coming back.
        self._load()

    @work(thread=True, exclusive=True, group="filtered-table", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.RowsLoaded(self.load_rows()))

    @on(RowsLoaded)
    def _show(self, loaded: RowsLoaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.rows = loaded.rows
        self.refill()
        if self.cursor_to is not None:
            table = self.query_one("#rows", ListTable)
            with suppress(RowDoesNotExist):  # filtered out: the cursor stays where it was
                table.move_cursor(row=table.get_row_index(self.cursor_to))
            self.cursor_to = None

    def refill(self) -> None:
        """Draw the rows again (after the filter, the order or what is shown changed)."""
        table = self.query_one("#rows", ListTable)
        wanted = fold(self.query_one("#filter", Input).value.strip())
        rows = self.shown_rows()
        cells = [self.cells(row) for row in rows]
        labels = [Text(label) for label in self.columns()]
        matching: Sequence[tuple[str, Cells]] = [
            (self.row_key(row), row_cells)
            for row, row_cells in zip(rows, cells, strict=True)
            if not wanted or self.matches(row, wanted)
        ]
        table.show(labels, matching, ListTable.widths(labels, cells))
        self.query_one("#rows-hint", Static).update(
            Content(self.hint(len(matching), bool(wanted)))
        )

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self.refill()

    @on(Input.Submitted, "#filter")
    def _into_table(self) -> None:
        self.action_focus_table()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#rows", ListTable).focus()

    def action_back(self) -> None:
        filter_field = self.query_one("#filter", Input)
        if filter_field.value:
            filter_field.value = ""
        else:
            self.dismiss()
