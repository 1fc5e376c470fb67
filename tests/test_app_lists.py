"""Pilot tests of the lists (classes, a class's pupils): what stays in view, what the keys do,
who is shown, and in which order.

The demo world (built once per module, fictitious pupils) gives classes long enough to scroll
at every terminal size Saknad accepts (60x16 and up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from app_helpers import FAST_KDF, TODAY, build_app, wait_for_screen, wait_until
from textual.geometry import Region
from textual.widgets import DataTable

from storage.access import create_journal, unlock_with_passphrase
from storage.demo import build_demo
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.screens.class_list import ClassListScreen
from tui.screens.classes import ClassesScreen
from tui.screens.filtered_table import FilteredTableScreen
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


# -- a class of our own: Swedish names from A to Ö, a long name, a pupil who has left -------

LONG_LAST_NAME = "Abdirahman-Söderberg"
"""Longer than the column title "Last name" (and "Efternamn")."""

CLASS_NAMES = [
    ("Adam", "Ek"),
    ("Zara", "Zetterlund"),
    ("Åsa", "Åberg"),
    ("Ärla", "Ärlig"),
    ("Örjan", "Öberg"),
    ("Leo", LONG_LAST_NAME),
    ("Jonna", "Jönsson"),
]
LEFT = ("Viktor", "Vänster")
LEFT_ON = date(2026, 1, 15)
LEFT_TO = "Bergaskolan [b]i Umeå[/b]"
"""A destination with square brackets: data, never markup."""


@pytest.fixture
def class_world(tmp_path):
    """Class 7A with the pupils of CLASS_NAMES, and Viktor, who left on LEFT_ON."""
    created = create_journal(
        JournalPaths(tmp_path / "journal"), "four calm words here", params=FAST_KDF
    )
    journal = created.journal
    school = journal.add_school("Påhittade skolan")
    seven_a = journal.add_group(school, "7A", school_year=7)
    ids = {}
    for serial, (first, last) in enumerate([*CLASS_NAMES, LEFT], start=1):
        number = fictitious_personnummer(date(2013, 1 + serial, 2 * serial), serial)
        ids[first] = journal.add_pupil(
            number, first, last, school_id=school, group_id=seven_a, today=TODAY
        )
    journal.mark_left(ids[LEFT[0]], on=LEFT_ON, destination=LEFT_TO)
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, ids, seven_a


async def _open_own_class(pilot, app, class_id: int) -> tuple[ClassListScreen, DataTable]:
    await wait_for_screen(pilot, HomeScreen)
    app.push_screen(ClassListScreen(class_id, "7A"))
    screen = await wait_for_screen(pilot, ClassListScreen)
    table = screen.query_one("#rows", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0, what="the pupils")
    await wait_until(pilot, lambda: not table._require_update_dimensions, what="the widths")
    await pilot.pause()
    return screen, table


def _lines(table: DataTable) -> list[str]:
    """The table as drawn on screen, line by line."""
    width, height = table.size
    return [strip.text for strip in table.render_lines(Region(0, 0, width, height))]


def _column(table: DataTable, column: int) -> list[str]:
    return [table.get_row_at(row)[column].plain for row in range(table.row_count)]


# -- 12: header, sort indicator, the numbers' label ------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_header_stands_over_its_column(class_world, size, monkeypatch):
    app, journal, ids, class_id = class_world
    refill = FilteredTableScreen.refill

    def refill_then_paint(screen) -> None:
        # The screen may be painted as soon as the rows are in, before the table is idle
        # (when Textual's DataTable measures its columns): the header must not keep the
        # widths of that first paint.
        refill(screen)
        _lines(screen.query_one("#rows", DataTable))

    monkeypatch.setattr(FilteredTableScreen, "refill", refill_then_paint)
    async with app.run_test(size=size) as pilot:
        screen, table = await _open_own_class(pilot, app, class_id)
        await pilot.press("down")  # the rows are drawn again with the cursor
        header, *rows = _lines(table)
        long_row = next(line for line in rows if LONG_LAST_NAME in line)
        # "First name" starts where the first names start, past the long last name.
        first_name_at = long_row.index("Leo")
        assert first_name_at > len(LONG_LAST_NAME)
        assert header.index("First name") == first_name_at, header
