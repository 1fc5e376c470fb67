"""Pilot tests of the lists (classes, a class's pupils): what stays in view, what the keys do,
who is shown, and in which order.

The demo world (built once per module, fictitious pupils) gives classes long enough to scroll
at every terminal size Saknad accepts (60x16 and up).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from app_helpers import FAST_KDF, TODAY, build_app, wait_for_screen, wait_until
from textual.widgets import DataTable

from storage.access import create_journal, unlock_with_passphrase
from storage.demo import build_demo
from storage.paths import JournalPaths
from tui.screens.class_list import ClassListScreen
from tui.screens.classes import ClassesScreen
from tui.screens.home import HomeScreen

PASSPHRASE = "demo lists passphrase"
SIZES = [(60, 16), (80, 24), (110, 32)]


@dataclass
class Demo:
    folder: Path
    biggest_class: str
    """The name of a class with the most pupils (26 in the demo)."""

    def app(self, **kwargs):
        journal = unlock_with_passphrase(JournalPaths(self.folder), PASSPHRASE)
        return build_app(self.folder, journal=journal, **kwargs)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    folder = tmp_path_factory.mktemp("lists-demo") / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    with created.journal as journal:
        build_demo(journal, today=TODAY)
        biggest = max(journal.classes(), key=lambda c: c.pupil_count)
        return Demo(folder, biggest.name)


def _cursor_is_on_screen(table: DataTable) -> bool:
    """True when the cursor row is drawn where a person can see it: the widget painted at
    its place on screen is the table itself (not the footer, not a clipping container)."""
    row = table._get_row_region(table.cursor_row)
    y = table.content_region.y + row.y - round(table.scroll_y)
    first_row_y = table.content_region.y + table.header_height
    if not first_row_y <= y < table.content_region.bottom:
        return False
    screen = table.screen
    if y >= screen.size.height:
        return False
    widget, _ = screen.get_widget_at(table.content_region.x + 1, y)
    return widget is table


async def _open_classes(pilot) -> tuple[ClassesScreen, DataTable]:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("c")
    screen = await wait_for_screen(pilot, ClassesScreen)
    table = screen.query_one("#rows", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0, what="the classes")
    return screen, table


async def _open_class(pilot, demo: Demo) -> tuple[ClassListScreen, DataTable]:
    classes, table = await _open_classes(pilot)
    index = next(i for i, row in enumerate(classes.rows) if row.name == demo.biggest_class)
    table.move_cursor(row=index)
    await pilot.pause()
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, ClassListScreen)
    pupils = screen.query_one("#rows", DataTable)
    await wait_until(pilot, lambda: pupils.row_count > 0, what="the pupils")
    await pilot.pause()
    return screen, pupils


# -- 7: the cursor row is always in view --------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_row_of_the_classes_scrolls_into_view(demo, size):
    async with demo.app().run_test(size=size) as pilot:
        _, table = await _open_classes(pilot)
        for _ in range(table.row_count - 1):
            await pilot.press("down")
            assert _cursor_is_on_screen(table), f"class row {table.cursor_row} hidden"
        assert table.cursor_row == table.row_count - 1


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_pupil_of_a_long_class_scrolls_into_view(demo, size):
    async with demo.app().run_test(size=size) as pilot:
        _, table = await _open_class(pilot, demo)
        assert table.row_count >= 26
        for _ in range(table.row_count - 1):
            await pilot.press("j")
            assert _cursor_is_on_screen(table), f"pupil row {table.cursor_row} hidden"
        assert table.cursor_row == table.row_count - 1
