"""Pilot tests of the contact directory: opened from the palette, an entry added, changed and
removed by keyboard, a sibling's school added with one key, typing filters."""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import (
    build_app,
    counsellors_journal,
    fill,
    run_palette_command,
    wait_for_screen,
    wait_until,
)
from textual.widgets import DataTable, Input, Select

from storage.codes import DirectoryKind
from storage.identity import fictitious_personnummer
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.directory_form import DirectoryContactDialog
from tui.screens.directory import DirectoryScreen
from tui.screens.home import HomeScreen
from tui.widgets.list_table import ListTable


@pytest.fixture
def world(tmp_path):
    """A new journal (its starting directory) and a pupil with a sibling at Ängens friskola."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    pupil = journal.add_pupil(
        fictitious_personnummer(date(2013, 4, 1), 1), "Alva", "Testsson", school_id=school
    )
    journal.add_sibling_link(pupil, name="Bo Testsson", school_name="Ängens friskola")
    return tmp_path / "journal", journal


def _names(screen: DirectoryScreen) -> list[str]:
    table = screen.query_one("#rows", ListTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def _open_from_palette(pilot, words: str, command: str) -> DirectoryScreen:

    await wait_for_screen(pilot, HomeScreen)
    await run_palette_command(pilot, words, command)
    screen = await wait_for_screen(pilot, DirectoryScreen)
    await wait_until(pilot, lambda: bool(screen.rows), what="the directory")
    return screen


async def test_the_palette_opens_the_directory_in_swedish(world):
    folder, journal = world
    app = build_app(folder, journal=journal, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_from_palette(pilot, "kontaktlista", "Kontaktlista")
        assert _names(screen) == [
            "Socialtjänsten",
            "Socialjouren",
            "Polisen",
            "Stödlinje om hedersrelaterat våld",
            "Resurscentrum",
            "Rektor",
            "SOS Alarm (nödnummer)",
            "Ängens friskola",  # offered: a sibling's school not in the directory yet
        ]
        table = screen.query_one("#rows", ListTable)
        assert str(table.get_row_at(0)[3]) == "Socialtjänsten"  # who, in words
        assert str(table.get_row_at(1)[3]) == "Socialjouren"
        assert str(table.get_row_at(2)[1]) == "114 14"
        assert str(table.get_row_at(7)[3]) == "Syskons skola"


async def test_change_add_and_remove_by_keyboard(world):
    folder, journal = world
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.action_directory()
        screen = await wait_for_screen(pilot, DirectoryScreen)
        await wait_until(pilot, lambda: bool(screen.rows), what="the directory")

        # Enter on "Socialjouren" changes it: the municipality's own number.
        await pilot.press("down", "enter")
        dialog = await wait_for_screen(pilot, DirectoryContactDialog)
        dialog.query_one("#phone", Input).focus()
        await fill(pilot, "010-000 12 34")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, DirectoryScreen)
        await wait_until(
            pilot,
            lambda: journal.directory().entries[1].phone == "010-000 12 34",
            what="the number saved",
        )

        # A number that is not one is refused under the fields; nothing is saved.
        await pilot.press("ctrl+n")
        dialog = await wait_for_screen(pilot, DirectoryContactDialog)
        dialog.query_one("#kind", Select).value = DirectoryKind.RESOURCE_CENTRE
        dialog.query_one("#name", Input).focus()
        await fill(pilot, "Fältgruppen")
        dialog.query_one("#phone", Input).focus()
        await fill(pilot, "ring växeln")
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message")
        await wait_until(
            pilot, lambda: "not a phone number" in str(message.render()), what="the refusal"
        )
        dialog.query_one("#phone", Input).value = ""
        await fill(pilot, "010-000 56 78")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, DirectoryScreen)
        await wait_until(pilot, lambda: "Fältgruppen" in _names(screen), what="the new entry")
        added = next(e for e in journal.directory().entries if e.name == "Fältgruppen")
        assert (added.kind, added.phone) == (DirectoryKind.RESOURCE_CENTRE, "010-000 56 78")
        table = screen.query_one("#rows", DataTable)
        cursor_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert cursor_key == f"entry-{added.id}"  # the cursor on the contact just added
        assert table.cursor_row > 0

        # Typing filters; Delete asks, and the first answer keeps it.
        await pilot.press("f", "a", "l", "t")
        await wait_until(pilot, lambda: _names(screen) == ["Fältgruppen"], what="the filter")
        await pilot.press("enter")  # from the filter into the list
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")  # "Keep it"
        await wait_for_screen(pilot, DirectoryScreen)
        assert "Fältgruppen" in [e.name for e in journal.directory().entries]
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")  # "Remove"
        await wait_for_screen(pilot, DirectoryScreen)
        await wait_until(
            pilot,
            lambda: "Fältgruppen" not in [e.name for e in journal.directory().entries],
            what="the entry removed",
        )


async def test_a_siblings_school_is_added_with_one_key(world):
    folder, journal = world
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.action_directory()
        screen = await wait_for_screen(pilot, DirectoryScreen)
        await wait_until(pilot, lambda: bool(screen.rows), what="the directory")
        await pilot.press("end", "enter")
        await wait_until(
            pilot,
            lambda: journal.directory().sibling_schools == [],
            what="the school added",
        )
        added = journal.directory().entries[-3]  # sibling schools come before head and other
        assert (added.kind, added.name) == (DirectoryKind.SIBLING_SCHOOL, "Ängens friskola")
        await wait_until(
            pilot,
            lambda: (
                [r.entry.name for r in screen.rows if r.entry].count("Ängens friskola") == 1
                and all(r.entry is not None for r in screen.rows)
            ),
            what="the list redrawn",
        )


async def test_ctrl_d_brings_back_the_usual_contacts(world):
    folder, journal = world
    for entry in journal.directory().entries:
        journal.remove_directory_contact(entry.id)
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.action_directory()
        screen = await wait_for_screen(pilot, DirectoryScreen)
        await wait_until(pilot, lambda: bool(screen.rows), what="the directory")
        assert _names(screen) == ["Ängens friskola"]  # only the offered school
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: len(_names(screen)) == 8, what="the usual contacts")
        assert _names(screen)[:3] == ["Socialtjänsten", "Socialjouren", "Polisen"]
        assert len(journal.directory().entries) == 7
