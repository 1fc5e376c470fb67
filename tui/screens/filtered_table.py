"""A list screen: a title, a filter field, a table and a hint line.

Shared by the classes and the class-list screens: type to filter, Enter or Down moves into
the table, "/" comes back to the filter, j/k move like Down/Up, Escape clears the filter
first and leaves the screen second. Rows are read in a worker by `load_rows` and drawn by
`fill`, so the table is redrawn, not re-read, as the filter changes.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui.bindings import N_
from tui.screens.base import SaknadScreen


class FilteredTableScreen(SaknadScreen):
    """Subclasses give the title, placeholder and columns, and implement load_rows/fill."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("slash", "focus_filter", N_("Filter"), id="filter"),
        Binding("j", "cursor_down", show=False, id="vim-down"),
        Binding("k", "cursor_up", show=False, id="vim-up"),
    ]

    class RowsLoaded(Message):
        """The rows were read from the journal."""

        def __init__(self, rows: list[Any]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def title_text(self) -> str:
        raise NotImplementedError

    def filter_placeholder(self) -> str:
        raise NotImplementedError

    def columns(self) -> list[str]:
        raise NotImplementedError

    def load_rows(self) -> list[Any]:
        """Read the rows from the journal (runs in a worker thread)."""
        raise NotImplementedError

    def fill(self, table: DataTable, wanted: str) -> str:
        """Add the rows matching `wanted` (case-folded) to `table`; return the hint to show."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(self.title_text(), classes="title")
            yield Input(placeholder=self.filter_placeholder(), id="filter", compact=True)
            yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
            yield Static("", id="rows-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#rows", DataTable)
        for label in self.columns():
            table.add_column(label)
        table.focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one read, and a fresh one on coming back.
        self._load()

    @work(thread=True, exclusive=True, group="filtered-table", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.RowsLoaded(self.load_rows()))

    @on(RowsLoaded)
    def _show(self, loaded: RowsLoaded) -> None:
        self.rows = loaded.rows
        self.refill()

    def refill(self) -> None:
        table = self.query_one("#rows", DataTable)
        cursor = table.cursor_row
        table.clear()
        hint = self.fill(table, self.query_one("#filter", Input).value.strip().casefold())
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.query_one("#rows-hint", Static).update(hint)

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self.refill()

    @on(Input.Submitted, "#filter")
    def _into_table(self) -> None:
        self.query_one("#rows", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_cursor_down(self) -> None:
        self.query_one("#rows", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#rows", DataTable).action_cursor_up()

    def action_back(self) -> None:
        filter_field = self.query_one("#filter", Input)
        if filter_field.value:
            filter_field.value = ""
        else:
            self.dismiss()
