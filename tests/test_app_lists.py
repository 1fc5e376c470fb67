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
from app_helpers import FAST_KDF, TODAY, build_app, fill, type_text, wait_for_screen, wait_until
from textual.geometry import Region
from textual.widgets import DataTable, Input

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
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


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


def _footer_keys(screen) -> dict[str, str]:
    """The keys the footer and F1 show now: key -> description."""
    return {
        key: active.binding.description
        for key, active in screen.active_bindings.items()
        if active.binding.show and active.binding.description
    }


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_header_shows_the_order_and_its_direction(class_world, size):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=size) as pilot:
        screen, table = await _open_own_class(pilot, app, class_id)
        titles = lambda: [str(c.label) for c in table.ordered_columns][:3]  # noqa: E731
        assert titles() == ["Last name ▲", "First name", "Identity number"]
        assert _lines(table)[0].split()[:3] == ["Last", "name", "▲"]
        await pilot.press("ctrl+o")
        assert titles() == ["Last name ▼", "First name", "Identity number"]
        assert _column(table, 0)[0] == "Öberg"
        await pilot.press("ctrl+o")
        assert titles() == ["Last name", "First name ▲", "Identity number"]
        assert _column(table, 1)[0] == "Adam"
        await pilot.click("#rows", offset=(2, 0))  # the title of the last-name column
        assert titles() == ["Last name ▲", "First name", "Identity number"]


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_numbers_key_says_show_or_hide(class_world, size):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=size) as pilot:
        screen, table = await _open_own_class(pilot, app, class_id)
        assert _footer_keys(screen)["ctrl+r"] == "Show numbers"
        assert all(number.endswith("-••••") for number in _column(table, 2))
        await pilot.press("ctrl+r")
        assert _footer_keys(screen)["ctrl+r"] == "Hide numbers"
        assert not any(number.endswith("-••••") for number in _column(table, 2))
        await pilot.press("ctrl+r")
        assert _footer_keys(screen)["ctrl+r"] == "Show numbers"
        assert all(number.endswith("-••••") for number in _column(table, 2))


# -- 14: Swedish order on screen -------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_class_list_is_in_swedish_order(class_world, size):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=size) as pilot:
        screen, table = await _open_own_class(pilot, app, class_id)
        expected = [LONG_LAST_NAME, "Ek", "Jönsson", "Zetterlund", "Åberg", "Ärlig", "Öberg"]
        assert _column(table, 0) == expected
        drawn = [line.split()[0] for line in _lines(table)[1 : 1 + len(expected)]]
        assert drawn == expected  # as the counsellor sees it
        assert _column(journal_order := table, 0) == [
            p.last_name for p in journal.class_pupils(class_id)
        ], journal_order


# -- 9: pupils who have left ------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_pupils_who_left_are_shown_apart_on_request(class_world, size):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=size) as pilot:
        screen, table = await _open_own_class(pilot, app, class_id)
        assert "Vänster" not in _column(table, 0)
        hint = str(screen.query_one("#rows-hint").render())
        assert "1 pupil who has left is not listed" in hint and "Ctrl+T" in hint
        assert _footer_keys(screen)["ctrl+t"] == "Show who left"
        await pilot.press("ctrl+t")
        assert _footer_keys(screen)["ctrl+t"] == "Hide who left"
        row = _column(table, 0).index("Vänster")
        cells = table.get_row_at(row)
        assert cells[3].plain == f"Left 2026-01-15, {LEFT_TO}"  # brackets as data
        assert all(cell.style == "dim" for cell in cells)  # greyed
        assert all(cell.style == "" for cell in table.get_row_at(0))  # the others are not
        line = next(line for line in _lines(table) if "Vänster" in line)
        assert "Left 2026-01-15" in line  # greyed and cut at 80 columns: the table scrolls
        await pilot.press("ctrl+t")
        assert "Vänster" not in _column(table, 0)


async def test_the_palette_says_that_a_pupil_has_left(class_world):
    from textual.command import CommandList, CommandPalette

    app, journal, ids, class_id = class_world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await fill(pilot, "vänster")
        hits = palette.query_one(CommandList)
        await wait_until(
            pilot,
            lambda: any("Vänster" in str(option.prompt) for option in hits.options),
            what="the search hit",
        )
        prompt = next(str(o.prompt) for o in hits.options if "Vänster" in str(o.prompt))
        assert f"Left 2026-01-15, {LEFT_TO}" in prompt


# -- 10: home counts the pupils at school now ---------------------------------------------------


async def test_home_counts_only_the_pupils_at_school_now(class_world):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        summary = home.query_one("#summary")
        await wait_until(pilot, lambda: "pupils" in str(summary.render()), what="the summary")
        # The dashboard's summary is one line of parts (tui.screens.home.summary_line).
        lines = str(summary.render()).split(" · ")
        in_classes = sum(c.pupil_count for c in journal.classes())
        assert in_classes == len(CLASS_NAMES)
        assert f"{in_classes} pupils" in lines
        assert "1 pupil has left (kept in the journal)" in lines


# -- 15: filters fold accents -------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_class_list_filter_ignores_accents(class_world, size):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=size) as pilot:
        screen, table = await _open_own_class(pilot, app, class_id)
        await pilot.press("slash")
        await fill(pilot, "jon")
        assert _column(table, 0) == ["Jönsson"]
        await pilot.press("ctrl+u")
        await fill(pilot, "ABERG")
        assert _column(table, 0) == ["Åberg"]


async def test_the_classes_filter_ignores_accents(class_world):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("c")
        screen = await wait_for_screen(pilot, ClassesScreen)
        table = screen.query_one("#rows", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0, what="the classes")
        await pilot.press("slash")
        await fill(pilot, "pahittade")
        assert _column(table, 0) == ["7A"]


# -- 16: the keys the help names work in capitals too -------------------------------------------


@pytest.mark.parametrize("key", ["c", "C"])
async def test_home_keys_work_with_shift(class_world, key):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press(key)
        await wait_for_screen(pilot, ClassesScreen)


@pytest.mark.parametrize("key", ["s", "S"])
async def test_home_settings_key_works_with_shift(class_world, key):
    from tui.screens.settings import SettingsScreen

    app, journal, ids, class_id = class_world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press(key)
        await wait_for_screen(pilot, SettingsScreen)


async def test_every_key_the_help_names_is_bound():
    """Each "X does ..." key the F1 text of home and the lists names is bound (any case)."""
    import re

    from tui.app import SaknadApp
    from tui.screens.home import HomeScreen as Home
    from tui.screens.pupil_card import PupilCardScreen

    for screen_class in (Home, ClassesScreen, ClassListScreen, PupilCardScreen):
        bindings = [*screen_class.BINDINGS, *SaknadApp.BINDINGS]
        bound = {SaknadApp.COMMAND_PALETTE_BINDING} | {
            key.strip()
            for binding in bindings
            for key in (binding.key if hasattr(binding, "key") else binding[0]).split(",")
        }
        named = re.findall(r"(?:^|[.,;] )((?:Ctrl\+)?[A-Z])(?: |/)", screen_class.HELP)
        assert named, screen_class
        for key in named:
            wanted = key.replace("Ctrl+", "ctrl+").lower() if "Ctrl+" in key else key
            assert wanted in bound, (screen_class.__name__, key)


# -- 17: typing in a list filters; no letter reveals anything ---------------------------------


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_typing_a_name_in_the_list_filters_and_reveals_nothing(class_world, size):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=size) as pilot:
        screen, table = await _open_own_class(pilot, app, class_id)
        await pilot.press("ctrl+t")  # Viktor has left: shown, so that the filter finds him
        assert table.has_focus
        await type_text(pilot, "Viktor")
        field = screen.query_one("#filter", Input)
        assert field.value == "Viktor" and field.has_focus
        assert _column(table, 1) == ["Viktor"]
        assert _column(table, 2)[0].endswith("-••••")  # still masked
        assert isinstance(app.screen, ClassListScreen)  # nothing opened (no A, no O)
        await pilot.press("down")  # from the filter back into the list
        assert table.has_focus and field.value == "Viktor"
        # The letters that were commands before (V revealed, O ordered, A added a pupil).
        for character in "vVoOaA":
            field.value = ""
            table.focus()
            await pilot.pause()
            await pilot.press(character)
            assert field.value == character, character
            assert isinstance(app.screen, ClassListScreen), character
            assert screen._masked, character
        # No printable key is bound in a list but moving (j/k/g/G) and "/" (to the filter).
        table.focus()
        await pilot.pause()
        printable = {
            key
            for key, active in screen.active_bindings.items()
            if len(key) == 1 or key in ("slash", "space", "minus", "plus")
        }
        assert printable == {"j", "k", "g", "G", "slash"}


async def test_typing_in_the_classes_list_filters(class_world):
    app, journal, ids, class_id = class_world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("c")
        screen = await wait_for_screen(pilot, ClassesScreen)
        table = screen.query_one("#rows", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0, what="the classes")
        await type_text(pilot, "7a")
        assert screen.query_one("#filter", Input).value == "7a"
        assert _column(table, 0) == ["7A"]
        await pilot.press("i")  # was "import"; now a letter of the filter
        assert screen.query_one("#filter", Input).value == "7ai"
        assert isinstance(app.screen, ClassesScreen)


# -- 18: Home/End, g/G, PageUp/PageDown in every list -----------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("last,first", [("end", "home"), ("G", "g")])
async def test_first_and_last_row_keys_in_a_class(demo, size, last, first):
    async with demo.app().run_test(size=size) as pilot:
        screen, table = await _open_class(pilot, demo)
        await pilot.press(last)
        assert table.cursor_row == table.row_count - 1
        assert _cursor_is_on_screen(table)
        assert screen.query_one("#filter", Input).value == ""
        await pilot.press(first)
        assert table.cursor_row == 0
        assert _cursor_is_on_screen(table)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("last,first", [("end", "home"), ("G", "g")])
async def test_first_and_last_row_keys_in_the_classes(demo, size, last, first):
    async with demo.app().run_test(size=size) as pilot:
        screen, table = await _open_classes(pilot)
        await pilot.press(last)
        assert table.cursor_row == table.row_count - 1
        assert _cursor_is_on_screen(table)
        await pilot.press(first)
        assert table.cursor_row == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_page_down_and_up_in_a_class(demo, size):
    async with demo.app().run_test(size=size) as pilot:
        screen, table = await _open_class(pilot, demo)
        rows_in_view = table.scrollable_content_region.height - table.header_height
        await pilot.press("pagedown")
        assert 0 < table.cursor_row <= rows_in_view
        assert _cursor_is_on_screen(table)
        for _ in range(table.row_count):
            await pilot.press("pagedown")
            assert _cursor_is_on_screen(table)
        assert table.cursor_row == table.row_count - 1
        await pilot.press("pageup")
        assert table.cursor_row < table.row_count - 1
        assert _cursor_is_on_screen(table)
