"""Pilot tests of the import screen: preview, confirm, cancel, rejected rows, mapping."""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import (
    build_app,
    choose_columns,
    confirm_mapping,
    counsellors_journal,
    open_import_screen,
    press_button,
    read_in_import_screen,
    wait_for_screen,
    wait_until,
)
from textual.widgets import Button, DataTable, Input, Select, Static

from storage.identity import fictitious_personnummer
from tui.dialogs.column_mapping import ColumnMappingDialog
from tui.screens.home import HomeScreen

NUMBERS = [fictitious_personnummer(date(2013, 1 + n, 10 + n), n) for n in range(4)]


def _csv(rows: list[str], header: str = "Förnamn;Efternamn;Personnummer;Klass") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("windows-1252")


@pytest.fixture
def world(tmp_path):
    journal = counsellors_journal(tmp_path)
    journal.add_school("Påhittade skolan")
    return build_app(tmp_path / "journal", journal=journal), journal


_preview = read_in_import_screen


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
        assert "Windows-1252 (Excel on Windows)" in _summary(screen)
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
        choose_columns(dialog, ("first_name", "last_name", "identity_number", "class_name"))
        await confirm_mapping(pilot, screen)
        assert "1 new pupil" in _summary(screen)
        await press_button(pilot, "#apply")
        await wait_until(pilot, lambda: "Imported" in _summary(screen), what="the import")
    assert journal.summary().pupils == 1


# -- issue 8 --------------------------------------------------------------------------------


async def test_a_new_school_is_not_created_before_the_import_is_confirmed(world, tmp_path):
    app, journal = world
    file = tmp_path / "lista.csv"
    file.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};7A"]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_import_screen(pilot)
        screen.query_one("#school", Select).value = -1  # "A new school..."
        screen.query_one("#new-school", Input).value = "Nya skolan"
        screen.query_one("#path", Input).value = str(file)
        screen.action_read()
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        assert "The school Nya skolan is created with the import." in _summary(screen)
        assert [s.name for s in journal.schools()] == ["Påhittade skolan"]
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
    assert [s.name for s in journal.schools()] == ["Påhittade skolan"]


async def test_a_new_school_is_created_with_the_import(world, tmp_path):
    app, journal = world
    file = tmp_path / "lista.csv"
    file.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};7A"]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_import_screen(pilot)
        screen.query_one("#school", Select).value = -1
        screen.query_one("#new-school", Input).value = "Nya skolan"
        screen.query_one("#path", Input).value = str(file)
        screen.action_read()
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Imported" in _summary(screen), what="the import")
        assert "1 new class" in _summary(screen) and "1 new classes" not in _summary(screen)
    schools = {s.name: s.id for s in journal.schools()}
    assert set(schools) == {"Påhittade skolan", "Nya skolan"}
    assert [(c.name, c.school_id) for c in journal.classes()] == [("7A", schools["Nya skolan"])]


async def test_changes_warnings_and_guardians_are_shown_and_a_rename_asks_twice(world, tmp_path):
    app, journal = world
    header = "Förnamn;Efternamn;Personnummer;Klass;Vårdnadshavare 1 namn"
    first = tmp_path / "forsta.csv"
    first.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};7A;", f"Cilla;Ärlig;{NUMBERS[2]};7B;"], header))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _preview(pilot, first)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Imported" in _summary(screen), what="the import")
        newer = tmp_path / "nyare.csv"
        newer.write_bytes(
            _csv(
                [f"Bo;Ek;{NUMBERS[1]};8A;Ek Per", f"[b]Sixten[/b];Lund;{NUMBERS[2]};7B;"],
                header,
            )
        )
        screen.query_one("#path", Input).value = str(newer)
        screen.action_read()
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        table = screen.query_one("#import-rows", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:3] == ["Check", "3", "[b]Sixten[/b] Lund"]  # data, never markup
        assert "Cilla Ärlig" in rows[0][4] and "[b]Sixten[/b] Lund" in rows[0][4]
        assert ["Changed", "2", "Bo Ek", "8A", "class 7A → 8A; 1 new guardian link"] in rows
        assert [
            "Guardian",
            "2",
            "Per Ek",
            "",
            "first name Per, last name Ek; guardian of Bo Ek",
        ] in rows
        assert "last name first (Efternamn Förnamn), as most rows show" in _summary(screen)
        assert screen.query_one("#name-order-row").display
        await pilot.press("ctrl+s")  # the first press asks about the other name
        await app.workers.wait_for_complete()
        assert "would get another name" in _summary(screen)
        assert {p.first_name for p in journal.pupils()} == {"Bo", "Cilla"}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Imported" in _summary(screen), what="the import")
    assert {p.first_name for p in journal.pupils()} == {"Bo", "[b]Sixten[/b]"}


async def test_the_guardian_name_order_can_be_chosen_on_the_screen(world, tmp_path):
    app, journal = world
    header = "Förnamn;Efternamn;Personnummer;Klass;Vårdnadshavare 1 namn"
    file = tmp_path / "lista.csv"
    file.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};7A;Ek Per"], header))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _preview(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        assert screen.preview.new_guardians[0].first_name == "Per"
        screen.query_one("#name-order", Select).value = "first_last"
        await wait_until(
            pilot,
            lambda: screen.preview is not None and "as you chose" in _summary(screen),
            what="the preview again",
        )
        assert screen.preview.new_guardians[0].first_name == "Ek"


async def test_the_mapping_step_chooses_the_guardian_name_order(world, tmp_path):
    app, journal = world
    file = tmp_path / "konstig.csv"
    file.write_bytes(_csv([f"Bo;Ek;{NUMBERS[1]};Per Ek"], header="A;B;C;D"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _preview(pilot, file)
        dialog = await wait_for_screen(pilot, ColumnMappingDialog)
        choose_columns(dialog, ("first_name", "last_name", "identity_number", "guardian1_name"))
        dialog.query_one("#guardian-names", Select).value = "last_first"
        await confirm_mapping(pilot, screen)
        guardian = screen.preview.new_guardians[0]
        assert (guardian.first_name, guardian.last_name) == ("Ek", "Per")
