"""The width of the one column of a table that wraps, so that the whole row is in view.

Textual's DataTable sizes an auto-width column to its widest cell and never wraps it: at 80
columns a long cell ran past the screen's edge, cut mid-word (a mark's note, an import's
details). Given a fixed width, and rows added with `height=None`, the table wraps the
column's cells instead; the other columns keep their widest cell's width.

Rows of `height=None` are measured when the table is idle; on a busy machine Textual once
laid such a table out 0 rows tall (the notices' call list, taken back for it).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

CELL_PADDING = 2
"""What a DataTable adds to each column: one space on either side (cell_padding=1)."""

MINIMUM_WIDTH = 16
"""Narrower than this, a wrapped cell reads a word a line: past that, the row runs off."""

NAME_WIDTH = 20
"""A pupil's name ("Last, First") at most: a longer one wraps, so the rest stays in view."""


def widest(title: str, cells: Sequence[Text]) -> int:
    """The width a column needs to show its title and every cell on one line each."""
    return max([Text(title).cell_len, *(line.cell_len for cell in cells for line in cell.split())])


def fitted(
    room: int,
    widths: Sequence[int],
    wrap: int,
    caps: dict[int, int],
    minimum: int = MINIMUM_WIDTH,
) -> list[int]:
    """Every column's width: as wide as its widest cell when the row fits in `room`; else
    the columns in `caps` narrowed to their cap (their cells wrap) and column `wrap` given
    what is left (see `wrapped_width`).

    Args:
        room: the table's width in cells, its scrollbar left out.
        widths: each column's widest cell or title (see `widest`).
        wrap: the index of the column that takes what is left.
        caps: column index to the width it may narrow to (at least its title's).
        minimum: the wrapping column is never narrower (see `wrapped_width`).
    """
    widths = list(widths)
    if sum(widths) + CELL_PADDING * len(widths) > room:
        for index, cap in caps.items():
            widths[index] = min(widths[index], cap)
    others = [width for index, width in enumerate(widths) if index != wrap]
    widths[wrap] = wrapped_width(room, others, widths[wrap], minimum)
    return widths


def wrapped_width(
    room: int, other_widths: Sequence[int], widest_cell: int, minimum: int = MINIMUM_WIDTH
) -> int:
    """The width of the column that wraps: its widest cell when the row fits in `room`, else
    what the other columns leave of it (never under `minimum`).

    Args:
        room: the table's width in cells, its scrollbar left out.
        other_widths: the width of every other column, padding left out.
        widest_cell: the widest line of the wrapping column (see `widest`).
        minimum: narrower than this the column is not made (it then runs past the room).
    """
    left = room - sum(other_widths) - CELL_PADDING * (len(other_widths) + 1)
    return max(min(widest_cell, left), min(minimum, widest_cell))
