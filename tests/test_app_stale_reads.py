"""A list read twice at once shows the newer read, even when the older one finishes last.

Coming back from a dialog reads a list again, and so does the change the dialog asked for
once it is written. Textual cancels the older worker but lets its thread run on; its rows,
arriving last, used to overwrite the newer ones (an investigation just opened vanished from
the problematic-absence list). tui.read_result drops them.
"""

from __future__ import annotations

import asyncio
import threading

from app_helpers import wait_until
from rich.text import Text
from textual.app import App

from tui.read_result import ReadResult
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import ListTable


class GatedList(FilteredTableScreen):
    """Each read returns the rows it was handed, once its gate opens."""

    def __init__(self, reads: list[tuple[threading.Event, list[str]]]) -> None:
        super().__init__()
        self.reads = reads
        self.started = threading.Semaphore(0)
        self.finished = 0

    def title_text(self) -> str:
        return "Fictitious list"

    def filter_placeholder(self) -> str:
        return "Filter"

    def columns(self) -> list[str]:
        return ["Name"]

    def load_rows(self) -> list[str]:
        gate, rows = self.reads.pop(0)
        self.started.release()
        assert gate.wait(10)
        self.finished += 1
        return rows

    def row_key(self, row: str) -> str:
        return row

    def cells(self, row: str) -> list[Text]:
        return [Text(row)]

    def matches(self, row: str, wanted: str) -> bool:
        return wanted in row

    def hint(self, shown: int, filtering: bool) -> str:
        return ""


def _keys(screen: GatedList) -> list[str]:
    table = screen.query_one("#rows", ListTable)
    return [str(key.value) for key in table.rows]


async def test_an_older_read_finishing_last_does_not_overwrite_a_newer_one():
    older_gate, newer_gate = threading.Event(), threading.Event()
    newer_gate.set()
    screen = GatedList([(older_gate, ["before the change"]), (newer_gate, ["after the change"])])
    app = App()
    async with app.run_test() as pilot:
        await app.push_screen(screen)
        # The first read (on showing the screen) is under way and held at its gate.
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, screen.started.acquire, True, 10)
        screen._load()  # the change was written: read again
        await wait_until(pilot, lambda: _keys(screen) == ["after the change"], what="newer rows")
        older_gate.set()  # the older read finishes last
        await wait_until(pilot, lambda: screen.finished == 2, what="the older read to end")
        await pilot.pause(0.2)  # its rows are posted and handled
        assert _keys(screen) == ["after the change"]


def test_a_result_posted_outside_a_worker_is_never_stale():
    assert not ReadResult().stale
