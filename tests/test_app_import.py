"""Pilot tests of the import screen: preview, confirm, cancel, rejected rows, mapping."""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import FAST_KDF, build_app, press_button, wait_for_screen, wait_until
from textual.widgets import Button, DataTable, Input, Select, Static

from storage.access import create_journal
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.dialogs.column_mapping import ColumnMappingDialog
from tui.screens.home import HomeScreen
from tui.screens.import_list import ImportScreen

NUMBERS = [fictitious_personnummer(date(2013, 1 + n, 10 + n), n) for n in range(4)]


def _csv(rows: list[str], header: str = "Förnamn;Efternamn;Personnummer;Klass") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("windows-1252")


@pytest.fixture
def world(tmp_path):
    created = create_journal(
        JournalPaths(tmp_path / "journal"), "four calm words here", params=FAST_KDF
    )
    journal = created.journal
    journal.set_profile("Kim Fiktiv", "Skolkurator")
    journal.add_school("Påhittade skolan")
    return build_app(tmp_path / "journal", journal=journal), journal


async def _preview(pilot, path) -> ImportScreen:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("i")
    screen = await wait_for_screen(pilot, ImportScreen)
    await wait_until(
        pilot,
        lambda: screen.query_one("#school", Select).value not in (None, Select.BLANK),
        what="schools",
    )
    screen.query_one("#path", Input).value = str(path)
    screen.query_one("#path", Input).focus()
    await pilot.press("enter")
    return screen


def _summary(screen) -> str:
    return str(screen.query_one("#import-summary", Static).render())


async def test_preview_then_confirm_imports_everything(world, tmp_path):
    app, journal = world
    file = tmp_path / "klass7a.csv"
    file.write_bytes(
        _csv(
            [
                f"Åsa;Öberg;{NUMBERS[0]};7A",
                f"Bo;Ek;{NUMBERS[1]};7A",
                f"Cilla;Ärlig;{NUMBERS[2]};7B",
            ]
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _preview(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        assert "3 new pupils" in _summary(screen)
        assert "windows-1252" in _summary(screen) or "iso-8859-1" in _summary(screen)
        assert journal.summary().pupils == 0  # nothing written by the preview
        assert not screen.query_one("#apply", Button).disabled
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Imported" in _summary(screen), what="the import")
    assert journal.summary().pupils == 3 and journal.summary().classes == 2
    assert {p.last_name for p in journal.pupils()} == {"Öberg", "Ek", "Ärlig"}


async def test_cancel_leaves_the_journal_untouched(world, tmp_path):
    app, journal = world
    file = tmp_path / "lista.csv"
    file.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};7A"]))
    before = journal.audit_trail(1000)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _preview(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
    assert journal.summary().pupils == 0
    assert journal.audit_trail(1000) == before


async def test_rejected_rows_are_located_and_block_the_import(world, tmp_path):
    app, journal = world
    wrong = NUMBERS[3][:-1] + str((int(NUMBERS[3][-1]) + 1) % 10)
    file = tmp_path / "lista.csv"
    file.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};7A", f"Dani;Fel;{wrong};7A"]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _preview(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        table = screen.query_one("#import-rows", DataTable)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0] == "Rejected" and first[1] == "3"
        assert "Personnummer" in first[4] and "check digit" in first[4]
        assert screen.query_one("#apply", Button).disabled
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()  # whatever ctrl+s started has finished
    assert journal.summary().pupils == 0


async def test_a_missing_file_is_a_sentence(world, tmp_path):
    app, journal = world
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _preview(pilot, tmp_path / "finns-inte.csv")
        await wait_until(pilot, lambda: "no file" in _summary(screen), what="the sentence")


async def test_unknown_headers_ask_for_a_mapping(world, tmp_path):
    app, journal = world
    file = tmp_path / "konstig.csv"
    file.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};7A"], header="A;B;C;D"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _preview(pilot, file)
        dialog = await wait_for_screen(pilot, ColumnMappingDialog)
        for index, name in enumerate(("first_name", "last_name", "identity_number", "class_name")):
            dialog.query_one(f"#column-{index}", Select).value = name
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ImportScreen)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        assert "1 new pupil" in _summary(screen)
        await press_button(pilot, "#apply")
        await wait_until(pilot, lambda: "Imported" in _summary(screen), what="the import")
    assert journal.summary().pupils == 1
