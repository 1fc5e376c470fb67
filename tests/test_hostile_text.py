"""Text from the journal or a file is data, never markup (issue 9, points 1-3).

A hostile world (names, notes, class and school names, the counsellor's name, guardians,
siblings, a destination, the data folder, an imported class list) full of markup, click
actions, unbalanced tags and brackets is shown on every screen and dialog: each shows the
text as written, nothing crashes, and no action fires. The App's actions are an allow-list,
so even markup that did reach the screen could not click `app.screenshot` or `app.quit`.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import date
from pathlib import Path

import pytest
from app_helpers import (
    FAST_KDF,
    TODAY,
    build_app,
    fill,
    open_import_screen,
    wait_for_screen,
    wait_until,
)
from dialog_world import screen_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Input, Select, Static, TextArea

from storage.access import create_journal
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.screens.classes import ClassesScreen
from tui.screens.home import HomeScreen
from tui.screens.pupil_card import PupilCardScreen

CLICK_QUIT = "[@click=app.quit]x[/]"
HOSTILE = [CLICK_QUIT, "[/]", "[/x]", "[link=http://x]unclosed", "[bold]x[/]", "[sic]"]
"""Each is lost, or crashes, when read as markup."""

EVERY = " ".join(HOSTILE)
COUNSELLOR = f"Kim {EVERY}"
SCHOOL = "Skolan [/x] [sic]"
CLASS = "7A [/]"
DESTINATION = "Bergaskolan [link=http://x]unclosed [/]"
GUARDIAN = ("[bold]Eva[/]", "Ek [/x]")
SIBLING = "Dani [sic] [/]"
NOTES = ["Called dad [/] no answer", EVERY, "[pappa] said [sic]"]
"""Notes of the card pupil (Ulla), oldest first."""


def screenshot_click(folder: Path) -> str:
    """A first name that, read as markup, writes every pupil on screen to `folder`."""
    return f"[@click=app.screenshot('x.svg','{folder}')]Ulla[/]"


def _number(serial: int) -> str:
    born = date(2013 - serial // 20, 1 + serial % 12, 1 + serial % 28)
    return fictitious_personnummer(born, serial % 20)


@pytest.fixture
def short_shots():
    """The folder a click in a name would write to, with a path of the same length on every
    run: the name holds it, and a name's width decides the class list's columns (under
    pytest's numbered temporary folders, pytest-999 to pytest-1000 cut a cell one
    character short)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="saknad-shots-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def hostile(tmp_path, short_shots):
    """The app on an unlocked journal where every text is hostile.

    Ulla (first name: a screenshot click) has the notes, the guardian, a sibling entered
    by hand and one through the guardian (Bo, whose first name is CLICK_QUIT); a pupil per
    HOSTILE string is in the class; Viktor has left for DESTINATION.
    """
    shots = short_shots
    folder = tmp_path / "journal [sic] [/]"
    journal = create_journal(JournalPaths(folder), "four calm words here", params=FAST_KDF).journal
    journal.set_profile(COUNSELLOR, "Skolkurator [/]")
    school = journal.add_school(SCHOOL)
    group = journal.add_group(school, CLASS, school_year=7)
    ids = {}
    ulla = screenshot_click(shots)
    names = [(ulla, "Lund [sic]"), *[(h, f"Ek{i}") for i, h in enumerate(HOSTILE)]]
    names.append(("Viktor", "[/] Vänster"))
    for serial, (first, last) in enumerate(names, start=1):
        ids[first] = journal.add_pupil(
            _number(serial), first, last, school_id=school, group_id=group, today=TODAY
        )
    journal.mark_left(ids["Viktor"], on=date(2026, 1, 15), destination=DESTINATION)
    eva = journal.add_guardian(*GUARDIAN, phone="070-000 00 01", email="eva@example.invalid")
    journal.link_guardian(ids[ulla], eva)
    journal.link_guardian(ids[CLICK_QUIT], eva)
    journal.add_sibling_link(ids[ulla], name=SIBLING, birth_year=2017)
    for note in NOTES:
        journal.add_entry(ids[ulla], note)
    app = build_app(folder, journal=journal)
    return app, journal, ids, ulla, shots


def _assert_literal(app, *texts: str) -> None:
    shown = screen_text(app)
    for text in texts:
        assert text in shown, f"{text!r} is not shown as written in {shown!r}"


def _assert_nothing_fired(app, shots: Path) -> None:
    assert list(shots.iterdir()) == [], "a click in a name wrote a screenshot"
    assert app.is_running and app.return_code is None, "a click in a name quit the app"


def _toasts(app) -> str:
    """The text the notifications show, as drawn (a toast wraps its lines on screen)."""
    from textual.widgets._toast import Toast

    return "\n".join(str(toast.render()) for toast in app.screen.query(Toast))


async def _open_card(pilot, pupil_id: int) -> PupilCardScreen:
    pilot.app.open_pupil(pupil_id)
    card = await wait_for_screen(pilot, PupilCardScreen)
    await wait_until(pilot, lambda: card.card is not None, what="the card")
    await pilot.pause()
    return card


async def test_home_classes_and_class_list_show_hostile_text_as_written(hostile):
    app, _journal, _ids, ulla, shots = hostile
    async with app.run_test(size=(200, 50)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: "Kim" in screen_text(app), what="the greeting")
        _assert_literal(app, f"Good day, {COUNSELLOR}.")
        assert home.is_current

        await pilot.press("c")
        classes = await wait_for_screen(pilot, ClassesScreen)
        table = classes.query_one("#rows", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, what="the classes")
        await pilot.pause()
        _assert_literal(app, CLASS, SCHOOL)

        await pilot.press("enter")
        from tui.screens.class_list import ClassListScreen

        class_list = await wait_for_screen(pilot, ClassListScreen)
        rows = class_list.query_one("#rows", DataTable)
        await wait_until(pilot, lambda: rows.row_count == len(HOSTILE) + 1, what="the pupils")
        await pilot.press("ctrl+t")  # the pupil who left too
        await wait_until(pilot, lambda: rows.row_count == len(HOSTILE) + 2, what="who left")
        await pilot.pause()
        _assert_literal(app, f"Class {CLASS}", ulla, "[/] Vänster", *HOSTILE)
        # Ulla's long name leaves the destination cut short on screen: the start is drawn
        # as written, and the cell holds all of it.
        _assert_literal(app, "Left 2026-01-15, Bergaskolan [link=http://x]u")
        cells = [str(cell) for row in range(rows.row_count) for cell in rows.get_row_at(row)]
        assert f"Left 2026-01-15, {DESTINATION}" in cells

        # A click on each name: a plain cell, so no action in it runs.
        for row in range(rows.row_count):
            first_name = str(rows.get_row_at(row)[1])
            if first_name in (ulla, CLICK_QUIT):
                rows.move_cursor(row=row)
                await pilot.pause()
                region = rows._get_cell_region(rows.cursor_coordinate)
                offset = (region.x + 1 - int(rows.scroll_x), region.y - int(rows.scroll_y))
                await pilot.click(rows, offset=offset)
                await pilot.pause()
                _assert_nothing_fired(app, shots)
                if isinstance(app.screen, PupilCardScreen):
                    await pilot.press("escape")
                    await wait_for_screen(pilot, ClassListScreen)


async def test_the_pupil_card_and_its_dialogs_show_hostile_text_as_written(hostile):
    from tui.dialogs.confirm import ConfirmDialog
    from tui.dialogs.guardian_form import GuardianFormDialog
    from tui.dialogs.help import HelpDialog
    from tui.dialogs.pupil_form import PupilFormDialog
    from tui.dialogs.pupil_moves import LeftSchoolDialog, MoveClassDialog, NoteDialog
    from tui.dialogs.sibling_form import SiblingFormDialog

    app, journal, ids, ulla, shots = hostile
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, ids[ulla])
        _assert_literal(app, f"{ulla} Lund [sic]", f"Class: {CLASS} - {SCHOOL}", *NOTES)
        _assert_literal(app, " ".join(GUARDIAN), SIBLING, f"{CLICK_QUIT} Ek0")

        await pilot.press("e")  # the pupil form: the names in its fields as written
        form = await wait_for_screen(pilot, PupilFormDialog)
        values = [field.value for field in form.query(Input)]
        assert ulla in values and "Lund [sic]" in values
        _assert_literal(app, "Lund [sic]")
        await pilot.press("escape")
        await wait_for_screen(pilot, PupilCardScreen)

        card.query_one("#guardians", DataTable).focus()
        await pilot.press("enter")  # the guardian form
        form = await wait_for_screen(pilot, GuardianFormDialog)
        values = [field.value for field in form.query(Input)]
        assert GUARDIAN[0] in values and GUARDIAN[1] in values
        _assert_literal(app, *GUARDIAN)
        await pilot.press("escape")
        await wait_for_screen(pilot, PupilCardScreen)

        card.query_one("#guardians", DataTable).focus()
        await pilot.press("delete")  # the confirm dialog names the pupil and the guardian
        await wait_for_screen(pilot, ConfirmDialog)
        _assert_literal(app, f"{ulla} Lund [sic]", " ".join(GUARDIAN))
        await pilot.press("escape")
        await wait_for_screen(pilot, PupilCardScreen)

        siblings = card.query_one("#siblings", DataTable)
        siblings.focus()
        through_guardian = next(i for i, s in enumerate(card.card.siblings) if s.link_id is None)
        siblings.move_cursor(row=through_guardian)
        await pilot.pause()
        await pilot.press("delete")  # a notification names the sibling
        said = f"{CLICK_QUIT} Ek0 is a sibling through a shared guardian"
        await wait_until(pilot, lambda: said in _toasts(app), what="the notification")
        app.clear_notifications()

        await pilot.press("m")  # the move dialog: the class is an option, as written
        move = await wait_for_screen(pilot, MoveClassDialog)
        await pilot.pause()
        assert move.query_one("#class_id", Select).value == journal.classes()[0].id
        _assert_literal(app, f"{CLASS} ({SCHOOL})")
        await pilot.press("escape")
        await wait_for_screen(pilot, PupilCardScreen)

        await pilot.press("b")  # a sibling at another school, with brackets everywhere
        await wait_for_screen(pilot, SiblingFormDialog)
        await fill(pilot, "Sam [/x]")
        await pilot.press("tab", "tab")
        await fill(pilot, "Andra [skolan] [/]")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: "Sam [/x]" in screen_text(app), what="the sibling")
        _assert_literal(app, "Andra [skolan] [/]")

        await pilot.press("n")  # the note that crashed every opening of the card
        note = await wait_for_screen(pilot, NoteDialog)
        area = note.query_one(TextArea)
        area.insert("Called mum [/] then [link=http://x]school")
        await pilot.pause()
        _assert_literal(app, "Called mum [/] then [link=http://x]school")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: "Called mum" in screen_text(app), what="the note")
        _assert_literal(app, "Called mum [/] then [link=http://x]school")

        await pilot.press("f1")  # help over the card
        await wait_for_screen(pilot, HelpDialog)
        await pilot.press("escape")

        await pilot.press("l")  # left the school, for a destination full of brackets
        await wait_for_screen(pilot, LeftSchoolDialog)
        await pilot.press("tab")
        await fill(pilot, "[Norge] [/] [@click=app.quit]Oslo[/]")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: "Norge" in screen_text(app), what="the destination")
        _assert_literal(app, "moving to [Norge] [/] [@click=app.quit]Oslo[/].")

        await pilot.press("escape")  # the card opens again, every time
        await _open_card(pilot, ids[ulla])
        _assert_literal(app, "Called mum [/] then [link=http://x]school", *NOTES)
        _assert_nothing_fired(app, shots)
    texts = [entry.text for entry in journal.pupil_card(ids[ulla]).notes]
    assert "Called mum [/] then [link=http://x]school" in texts


async def test_the_palette_shows_hostile_names_as_written(hostile):
    from textual.command import CommandPalette

    app, _journal, _ids, ulla, shots = hostile
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await fill(pilot, "Ek")
        await wait_until(pilot, lambda: f"Ek5, {HOSTILE[5]}" in screen_text(app), what="hits")
        _assert_literal(app, *[f"Ek{i}, {h}  ({CLASS})" for i, h in enumerate(HOSTILE)])
        app.screen.query_one(Input).value = "Vänster"
        await wait_until(pilot, lambda: "Viktor" in screen_text(app), what="who left")
        _assert_literal(app, "[/] Vänster, Viktor", DESTINATION)
        app.screen.query_one(Input).value = "Lund"
        await wait_until(pilot, lambda: "Ulla" in screen_text(app), what="Ulla")
        _assert_literal(app, f"Lund [sic], {ulla}")
        _assert_nothing_fired(app, shots)


async def test_settings_show_a_data_folder_with_brackets_as_written(hostile):
    from tui.screens.settings import SettingsScreen

    app, *_rest, shots = hostile
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("s")
        await wait_for_screen(pilot, SettingsScreen)
        _assert_literal(app, "journal [sic] [/]")
        _assert_nothing_fired(app, shots)


async def test_the_import_preview_shows_a_hostile_file_as_written(hostile, tmp_path):

    app, journal, *_rest, shots = hostile
    header = "Förnamn;Efternamn;Personnummer;Klass;Vårdnadshavare 1 namn"
    rows = [
        f"{h};Nyman{i};{_number(40 + i)};8B [/x];Nyman [sic] Per" for i, h in enumerate(HOSTILE)
    ]
    rows.append(f"{screenshot_click(shots)};Nyman;{_number(60)};[link=http://x]9C;")
    file = tmp_path / "[sic] lista [x].csv"
    file.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_import_screen(pilot)
        screen.query_one("#path", Input).value = str(file)
        screen.action_read()
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        await pilot.pause()
        table = screen.query_one("#import-rows", DataTable)
        cells = [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        for i, h in enumerate(HOSTILE):
            assert f"{h} Nyman{i}" in cells
        assert "8B [/x]" in cells and "[link=http://x]9C" in cells
        _assert_literal(app, f"{HOSTILE[0]} Nyman0", "8B [/x]")
        await pilot.press("ctrl+s")
        summary = screen.query_one("#import-summary", Static)
        await wait_until(pilot, lambda: "Imported" in str(summary.render()), what="the import")
        _assert_nothing_fired(app, shots)
    assert {g.name for g in journal.classes()} >= {"8B [/x]", "[link=http://x]9C"}


# -- 1: the App's actions are an allow-list ---------------------------------------------------


async def test_markup_that_reached_the_screen_cannot_click_an_app_action(hostile):
    """Defence in depth: were a name ever read as markup, its click would be refused."""
    from textual.widgets import Static

    app, _journal, _ids, ulla, shots = hostile
    async with app.run_test(size=(120, 36)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        for markup in (ulla, "[@click=app.quit]Quit[/]", "[@click=app.bell]Bell[/]"):
            link = Static(markup, id="planted")
            await home.mount(link)
            await pilot.pause()
            await pilot.click(link, offset=(1, 0))
            await pilot.pause()
            _assert_nothing_fired(app, shots)
            await link.remove()


@pytest.mark.parametrize(
    "action",
    [
        "app.screenshot('x.svg','{shots}')",
        "app.quit",
        "app.bell",
        "app.toggle_dark",
        "app.change_theme",
        "app.push_screen('x')",
        "app.notify('x')",
        "app.simulate_key('ctrl+q')",
    ],
)
async def test_app_actions_not_on_the_list_are_refused(hostile, action):
    app, _journal, _ids, _ulla, shots = hostile
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        theme = app.theme
        assert await app.run_action(action.format(shots=shots)) is False
        await pilot.pause()
        _assert_nothing_fired(app, shots)
        assert app.theme == theme and isinstance(app.screen, HomeScreen)


async def test_the_keys_saknad_and_textual_need_still_work(hostile):
    from textual.command import CommandPalette

    from tui.dialogs.help import HelpDialog
    from tui.screens.unlock import UnlockScreen

    app, *_rest = hostile
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("ctrl+c")  # Textual's help_quit: says how to quit
        await wait_until(pilot, lambda: "Ctrl+Q" in _toasts(app), what="how to quit")
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpDialog)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not palette.is_attached, what="the palette to close")
        await pilot.press("c")
        classes = await wait_for_screen(pilot, ClassesScreen)
        focused = app.focused
        await pilot.press("tab")  # Textual's focus_next
        assert app.focused is not focused
        await pilot.press("shift+tab")  # and focus_previous
        assert app.focused is focused
        assert classes.is_current
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, what="Ctrl+Q to quit")


# -- hypothesis: more bracket and markup strings through the card and the class list ---------

MARKUP_BITS = st.sampled_from(
    [*HOSTILE, "[", "]", "[/", "\\", "\\[", "[b]", "[i", "=", "@click", "[@click=", "(", ")", "'"]
)
MARKUP_TEXT = (
    # At most four pieces (under 100 characters): the card shows them on one line.
    st.lists(
        st.one_of(MARKUP_BITS, st.text("abåö ", min_size=1, max_size=3)), min_size=1, max_size=4
    )
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


@pytest.fixture(scope="module")
def generated_world(tmp_path_factory):
    """One journal for every generated example; each example adds its own class and pupil."""
    folder = tmp_path_factory.mktemp("generated") / "journal"
    journal = create_journal(JournalPaths(folder), "four calm words here", params=FAST_KDF).journal
    school = journal.add_school("Påhittade skolan")
    return folder, journal, school, itertools.count(100)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=MARKUP_TEXT, last=MARKUP_TEXT, note=MARKUP_TEXT)
def test_generated_markup_in_names_and_notes_shows_as_written(generated_world, first, last, note):
    from tui.screens.class_list import ClassListScreen

    folder, journal, school, serials = generated_world
    serial = next(serials)
    group = journal.add_group(school, f"K{serial}", school_year=7)
    pupil = journal.add_pupil(
        _number(serial), first, last, school_id=school, group_id=group, today=TODAY
    )
    journal.add_entry(pupil, note)
    app = build_app(folder, journal=journal)

    async def look() -> None:
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await _open_card(pilot, pupil)
            _assert_literal(app, f"{first} {last}", note)
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
            app.push_screen(ClassListScreen(group, f"K{serial}"))
            class_list = await wait_for_screen(pilot, ClassListScreen)
            rows = class_list.query_one("#rows", DataTable)
            await wait_until(pilot, lambda: rows.row_count == 1, what="the pupil")
            await pilot.pause()
            _assert_literal(app, first, last)

    asyncio.run(look())


async def test_a_file_name_in_a_sentence_is_shown_as_written(hostile, tmp_path):
    """A worker's error sentence names the file: its brackets show, nothing is parsed."""
    app, *_rest, shots = hostile
    missing = tmp_path / "[sic] [b]lista[/b] [@click=app.quit]x.csv"

    def read_missing() -> None:
        missing.read_bytes()

    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.run_worker(read_missing, thread=True, exit_on_error=False)
        await wait_until(pilot, lambda: missing.name in _toasts(app), what="the sentence")
        _assert_nothing_fired(app, shots)


async def test_hostile_column_headers_show_as_written_in_the_mapping(hostile, tmp_path):
    from tui.dialogs.column_mapping import ColumnMappingDialog

    app, *_rest, shots = hostile
    # Not "[" first: a file that starts with one is read as JSON (SS 12000).
    headers = ["A [/]", "[bold]B[/]", "[link=http://x]C", "D [sic]", "E \\[x]"]
    file = tmp_path / "konstig.csv"
    file.write_bytes((";".join(headers) + f"\r\nBo;Ek;{_number(70)};7A;\r\n").encode("utf-8"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import_screen(pilot)
        screen.query_one("#path", Input).value = str(file)
        screen.action_read()
        await wait_for_screen(pilot, ColumnMappingDialog)
        _assert_literal(app, *headers)
        _assert_nothing_fired(app, shots)
