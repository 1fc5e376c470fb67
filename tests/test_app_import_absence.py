"""Pilot tests of the absence import screen: preview, hand marks shown, rejected rows,
mapping, apply, and text from the file shown as data."""

from __future__ import annotations

from datetime import date

import pytest
from absence_files import NUMBERS, csv_bytes
from app_helpers import (
    build_app,
    choose_columns,
    confirm_mapping,
    counsellors_journal,
    fill,
    press_button,
    read_path,
    wait_for_screen,
    wait_until,
)
from textual.widgets import Button, DataTable, Static

from storage.marks import MarkWrite
from tui.dialogs.absence_column_mapping import AbsenceColumnMappingDialog
from tui.screens.home import HomeScreen
from tui.screens.import_absence import ImportAbsenceScreen

MONDAY = date(2026, 11, 23)
ROWS = [
    f"{NUMBERS[0]};Åsa Prov;7A;2026-11-23;1;08:10;09:00;50;Ogiltig",
    f"{NUMBERS[1]};Bo Prov;7A;2026-11-23;;;;;Sjuk",
]


@pytest.fixture
def world(tmp_path):
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    group = journal.add_group(school, "7A")
    pupils = [
        journal.add_pupil(NUMBERS[n], first, "Prov", school_id=school, group_id=group)
        for n, first in enumerate(("Åsa", "[bold]x[/]"))
    ]
    return build_app(tmp_path / "journal", journal=journal), journal, pupils


async def _open(pilot):
    await wait_for_screen(pilot, HomeScreen)
    pilot.app.action_import_absence()
    return await wait_for_screen(pilot, ImportAbsenceScreen)


async def _read(pilot, path):
    screen = await _open(pilot)
    await read_path(pilot, screen, path)
    return screen


def _summary(screen) -> str:
    return str(screen.query_one("#import-summary", Static).render())


def _rows(screen) -> list[list[str]]:
    table = screen.query_one("#import-rows", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_preview_shows_a_hand_mark_then_import_writes_it_all(world, tmp_path):
    app, journal, pupils = world
    journal.write_marks([MarkWrite(pupils[0], MONDAY, "reported", lesson=1)])
    file = tmp_path / "franvaro.csv"
    file.write_bytes(csv_bytes(ROWS, encoding="utf-16"))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _read(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        assert "1 new mark · 1 changed (1 entered by hand) · 0 unchanged" in _summary(screen)
        assert "UTF-16" in _summary(screen)
        rows = _rows(screen)
        assert rows[0] == [
            "Changed",
            "2",
            "Åsa Prov",
            "2026-11-23, lesson 1",
            "reported absence → invalid absence, 50 min (was entered in the register)",
        ]
        # A name from the journal shows as written, never as markup.
        assert rows[1] == ["New", "3", "[bold]x[/] Prov", "2026-11-23, whole day", "ill"]
        assert journal.mark_history(pupils[1], MONDAY) == []  # the preview wrote nothing
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Absence imported" in _summary(screen), what="import")
    assert [h.new_code for h in journal.mark_history(pupils[0], MONDAY)] == [
        "reported",
        "invalid",
    ]
    assert [h.source for h in journal.mark_history(pupils[1], MONDAY)] == ["import"]


async def test_at_80_columns_the_details_wrap_in_view(world, tmp_path):
    from tui.i18n import set_language

    set_language("en")
    app, journal, pupils = world
    journal.write_marks([MarkWrite(pupils[0], MONDAY, "reported", lesson=1)])
    file = tmp_path / "franvaro.csv"
    file.write_bytes(csv_bytes(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _read(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        await pilot.pause()
        table = screen.query_one("#import-rows", DataTable)
        # No column past the edge: the details wrap (they ran off at "reported absence →").
        assert table.virtual_size.width <= table.scrollable_content_region.width
        details = _rows(screen)[0][4]
        assert (
            details == "reported absence → invalid absence, 50 min (was entered in the register)"
        )
        assert table.ordered_columns[4].width < len(details)  # so shown on more than one line


async def test_rejected_rows_are_listed_and_block_the_import(world, tmp_path):
    app, journal, pupils = world
    file = tmp_path / "franvaro.csv"
    file.write_bytes(csv_bytes([*ROWS, f"{NUMBERS[0]};Åsa Prov;7A;[bold]x[/];2;;;;Ogiltig"]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _read(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        first = _rows(screen)[0]
        assert first[:2] == ["Rejected", "4"]
        assert first[4] == "line 4, Datum: not a date; write it as YYYY-MM-DD"
        assert screen.query_one("#apply", Button).disabled
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
    assert journal.mark_history(pupils[1], MONDAY) == []


async def test_unknown_headers_ask_for_a_mapping_shown_as_written(world, tmp_path):
    app, journal, pupils = world
    file = tmp_path / "konstig.csv"
    file.write_bytes(
        csv_bytes([f"{NUMBERS[0]};2026-11-23;2;Giltig"], header="[bold]Elev[/];När;Pass;Vad")
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _read(pilot, file)
        dialog = await wait_for_screen(pilot, AbsenceColumnMappingDialog)
        labels = [str(label.render()) for label in dialog.query("Label")]
        assert "[bold]Elev[/]" in labels  # a header from the file, shown as written
        choose_columns(dialog, ("identity_number", "date", "lesson", "kind"))
        await confirm_mapping(pilot, screen)
        assert "1 new mark" in _summary(screen)
        await press_button(pilot, "#apply")
        await wait_until(pilot, lambda: "Absence imported" in _summary(screen), what="import")
    assert [(h.lesson, h.new_code) for h in journal.mark_history(pupils[0], MONDAY)] == [
        (2, "valid_other")
    ]


async def test_the_palette_opens_the_screen_and_escape_leaves_it(world, tmp_path):
    from textual.command import CommandList, CommandPalette

    app, journal, pupils = world
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await fill(pilot, "Import absence")
        hits = palette.query_one(CommandList)
        await wait_until(
            pilot,
            lambda: any("Import absence" in str(o.prompt) for o in hits.options),
            what="the command",
        )
        await pilot.pause(0.3)  # the palette's search settles
        wanted = next(
            i for i, o in enumerate(hits.options) if str(o.prompt).startswith("Import absence")
        )
        for _step in range(len(hits.options)):
            if hits.highlighted == wanted:
                break
            await pilot.press("down")
        assert hits.highlighted == wanted
        await pilot.press("enter")
        await wait_for_screen(pilot, ImportAbsenceScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)


async def test_a_long_file_says_that_only_the_first_rows_are_listed(world, tmp_path, monkeypatch):
    from tui.screens import import_absence

    monkeypatch.setattr(import_absence, "ROWS_SHOWN", 1)
    app, journal, pupils = world
    file = tmp_path / "franvaro.csv"
    file.write_bytes(csv_bytes(ROWS))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _read(pilot, file)
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        assert "every changed mark and the first 1 of the others" in _summary(screen)
        assert [row[:2] for row in _rows(screen)] == [["New", "2"]]
