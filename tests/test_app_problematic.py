"""Pilot tests of the problematic-absence list and the pupil card's attendance section: opened
from home by keyboard, an investigation opened from the list and found in the journal, the
thresholds changed and kept, a hostile name shown as written.

The demo world (fictitious pupils, TODAY 2026-11-30) plus one pupil named `[bold]x[/]` who
was absent three school days in a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from app_helpers import FAST_KDF, TODAY, build_app, fill, wait_for_screen, wait_until
from textual.widgets import DataTable, Input, Label, Select, Static

from storage.absence_rules import PRESETS, ProblematicAbsenceSettings
from storage.access import create_journal, unlock_with_passphrase
from storage.codes import CaseKind
from storage.demo import build_demo
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.paths import JournalPaths
from tui.dialogs.absence_explanation import AbsenceExplanationDialog
from tui.dialogs.absence_thresholds import AbsenceThresholdsDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.screens.home import HomeScreen
from tui.screens.problematic_absence import ProblematicAbsenceScreen
from tui.screens.pupil_card import PupilCardScreen
from tui.widgets.attendance_summary import AttendanceSummaryView


@pytest.fixture(autouse=True)
def english():
    """These tests read English words on screen; a test before them in the same worker may
    have left Swedish (the app's default) on."""
    from tui.i18n import set_language

    set_language("en")


PASSPHRASE = "problematic absence passphrase"
HOSTILE = "[bold]x[/]"
ABSENT_DAYS = (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27))


@dataclass
class Demo:
    folder: Path
    hostile_id: int

    def open(self):
        return unlock_with_passphrase(JournalPaths(self.folder), PASSPHRASE)


@pytest.fixture
def demo(tmp_path) -> Demo:
    # One world per test: opening an investigation and saving thresholds change it.
    folder = tmp_path / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    with created.journal as journal:
        build_demo(journal, today=TODAY)
        seven_b = next(c for c in journal.classes() if c.name == "7B")
        pupil = journal.add_pupil(
            fictitious_personnummer(date(2013, 5, 5), 19),
            HOSTILE,
            "Testsson",
            school_id=seven_b.school_id,
            group_id=seven_b.id,
            enrolled_on=date(2026, 8, 1),
        )
        journal.write_marks([MarkWrite(pupil, day, "invalid") for day in ABSENT_DAYS])
        return Demo(folder, pupil)


async def _open_list(pilot) -> tuple[ProblematicAbsenceScreen, DataTable]:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("p")
    screen = await wait_for_screen(pilot, ProblematicAbsenceScreen)
    table = screen.query_one("#rows", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0, what="the list")
    await pilot.pause()
    return screen, table


async def _go_to(pilot, table: DataTable, pupil_id: int) -> None:
    row = table.get_row_index(str(pupil_id))
    table.move_cursor(row=row)
    await pilot.pause()


def _row_text(table: DataTable, pupil_id: int) -> list[str]:
    return [str(cell) for cell in table.get_row(str(pupil_id))]


async def test_open_an_investigation_from_the_list_by_keyboard(demo, tmp_path):
    journal = demo.open()
    app = build_app(demo.folder, journal=journal)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_list(pilot)
        cells = _row_text(table, demo.hostile_id)
        assert cells[1] == f"Testsson, {HOSTILE}"  # the name as written, not as markup
        assert cells[2:] == ["15 % of 20 days +2", "0", "3", ""]
        await _go_to(pilot, table, demo.hostile_id)
        await pilot.press("ctrl+o")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")  # "Open investigation" has the focus
        await wait_for_screen(pilot, ProblematicAbsenceScreen)
        await wait_until(
            pilot,
            lambda: _row_text(table, demo.hostile_id)[5] == "open",
            what="the investigation in the list",
        )
        cases = [c for c in journal.open_cases(TODAY) if c.pupil_id == demo.hostile_id]
        assert [(c.kind, c.day0) for c in cases] == [(CaseKind.PROBLEMATIC_ABSENCE, TODAY)]
        steps = {s.step_code for s in journal.case_steps(cases[0].case_id)}
        assert {"report_to_organiser", "inform_home_municipality"} <= steps
        # A second Ctrl+O opens no second case.
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ProblematicAbsenceScreen)
        assert len([c for c in journal.open_cases(TODAY) if c.pupil_id == demo.hostile_id]) == 1


async def test_enter_explains_the_rules_with_their_dates(demo):
    app = build_app(demo.folder, journal=demo.open())
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, table = await _open_list(pilot)
        await _go_to(pilot, table, demo.hostile_id)
        await pilot.press("enter")
        dialog = await wait_for_screen(pilot, AbsenceExplanationDialog)
        text = str(dialog.query_one("#explanation", Static).render())
        title = str(dialog.query_one(".title", Label).render())
        assert title == f"{HOSTILE} Testsson, 7B"  # the name as written, not as markup
        assert (
            "over 10 % of the last 20 school days: 3 of 20 school days (15 %), 0 valid, "
            "3 invalid; 2026-11-25 … 2026-11-27"
        ) in text
        assert "3 or more school days in a row: 3 school days in a row" in text
        assert "Dates: 2026-11-25, 2026-11-26, 2026-11-27" in text
        await pilot.press("c")
        card = await wait_for_screen(pilot, PupilCardScreen)
        assert card.pupil_id == demo.hostile_id
        await pilot.press("escape")
        await wait_for_screen(pilot, ProblematicAbsenceScreen)


async def test_thresholds_are_changed_in_a_dialog_and_kept_in_the_journal(demo):
    journal = demo.open()
    app = build_app(demo.folder, journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _open_list(pilot)
        # Over 10 % of the last month, 3 days in a row, 18 invalid lessons: three rules.
        assert _row_text(table, demo.hostile_id)[2] == "15 % of 20 days +2"
        await pilot.press("ctrl+t")
        dialog = await wait_for_screen(pilot, AbsenceThresholdsDialog)
        field = dialog.query_one("#consecutive_days", Input)
        assert field.value == "3"
        field.focus()
        field.value = ""
        await fill(pilot, "4")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ProblematicAbsenceScreen)
        assert journal.problematic_absence_settings() == ProblematicAbsenceSettings(
            consecutive_days=4
        )
        # At 4 days in a row, the 3 days no longer fire that rule.
        await wait_until(
            pilot,
            lambda: _row_text(table, demo.hostile_id)[2] == "15 % of 20 days +1",
            what="the list re-read",
        )
        hint = str(screen.query_one("#rows-hint", Static).render())
        assert "Own thresholds" in hint and "4 or more school days in a row" in hint


async def test_the_pupil_card_shows_attendance_and_the_heat_strip(demo):
    app = build_app(demo.folder, journal=demo.open())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_pupil(demo.hostile_id)
        card = await wait_for_screen(pilot, PupilCardScreen)
        view = card.query_one(AttendanceSummaryView)
        await wait_until(pilot, lambda: view.summary is not None, what="the attendance")
        text = str(view.query_one("#attendance-body", Static).render())
        assert "absent 3 days: 0 valid (0 reported), 3 invalid" in text
        assert "Longest absence: 3 school days in a row (2026-11-25 … 2026-11-27)" in text
        assert "Absent per weekday (absent/school days): Mon 0/" in text
        # Week 48: Monday-Tuesday present, Wednesday-Friday invalid, read without colour.
        assert "··ooo" in text
        assert "o invalid" in text and "- no school" in text


async def test_choosing_a_preset_fills_the_thresholds_and_keeps_it(demo):
    journal = demo.open()
    app = build_app(demo.folder, journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_list(pilot)
        await pilot.press("ctrl+t")
        dialog = await wait_for_screen(pilot, AbsenceThresholdsDialog)
        preset = dialog.query_one("#preset", Select)
        assert preset.value == "standard"
        preset.value = "early"
        await wait_until(
            pilot,
            lambda: dialog.query_one("#consecutive_days", Input).value == "2",
            what="the preset's values",
        )
        assert dialog.query_one("#recent_share_percent", Input).value == "5"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ProblematicAbsenceScreen)
        assert journal.problematic_absence_settings() == PRESETS["early"]
