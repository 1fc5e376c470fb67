"""The table of a list screen: rows to move through by keyboard, typing that filters.

Moving: Up/Down or j/k, Home/g to the first row, End/G to the last, PageUp/PageDown. Any
other printable key that nothing on the screen is bound to (a letter, a digit, a space, a
dash) goes to the screen's filter field: a person who starts typing a name in the list is
filtering, never firing commands, so no letter in a list may do anything else.

Columns have fixed widths, computed from every row before the rows are added (`show`).
Textual's DataTable measures auto-width columns only when idle, and a paint before that
kept the header at the narrower widths over the wider rows (issue 8).

Every cell is a rich Text: the journal's names are data, and a DataTable reads a str cell
as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable, Input

Cells = Sequence[Text]


class ListTable(DataTable):
    """A DataTable with a row cursor for the list screens; typing goes to `type_into`."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="vim-down"),
        Binding("k", "cursor_up", show=False, id="vim-up"),
        Binding("home,g", "scroll_top", show=False, id="first-row"),
        Binding("end,G", "scroll_bottom", show=False, id="last-row"),
    ]

    def __init__(self, *, type_into: str, id: str | None = None) -> None:
        """
        Args:
            type_into: selector of the screen's filter Input, which typed characters go to.
            id: the widget's id.
        """
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._type_into = type_into

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if not event.is_printable or not character:
            return
        if event.key in self.screen.active_bindings:
            return  # j, k, g, G, "/" ... keep their job
        event.stop()
        event.prevent_default()
        field = self.screen.query_one(self._type_into, Input)
        # Synchronously, so that the next key already finds the filter focused.
        self.screen.set_focus(field)
        field.cursor_position = len(field.value)
        field.insert_text_at_cursor(character)

    def show(self, labels: Sequence[Text], rows: Sequence[tuple[str, Cells]], widths: list[int]):
        """Replace the columns and rows; keep the cursor on the same row key if still shown.

        Args:
            labels: the column titles.
            rows: (row key, cells) in the order shown.
            widths: each column's width (see `widths`), the same while filtering, so the
                columns stand still as the rows come and go.
        """
        kept = self.cursor_row
        key = self._cursor_key()
        self.clear(columns=True)
        for label, width in zip(labels, widths, strict=True):
            self.add_column(label, width=width)
        for row_key, cells in rows:
            self.add_row(*cells, key=row_key)
        if not self.row_count:
            return
        keys = [row_key for row_key, _ in rows]
        row = keys.index(key) if key in keys else min(kept, self.row_count - 1)
        self.move_cursor(row=row)

    def _cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    @staticmethod
    def widths(labels: Sequence[Text], rows: Sequence[Cells]) -> list[int]:
        """The width of each column: its widest cell or its title."""
        return [
            max([label.cell_len, *(cells[index].cell_len for cells in rows)])
            for index, label in enumerate(labels)
        ]
