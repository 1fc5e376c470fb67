"""Pilot tests of the first-day-back roll call: F on home only on the first school days after
a break, the watch-listed pupil first and marked with a symbol and a word, F flags it into an
honour-related missing-pupil case with the watch-list history (after a question), K marks a
pupil accounted for, Enter opens the pupil card, the palette opens the roll call.

A school whose fictitious break ends on Friday 27 November, so the app's TODAY (Monday 30
November) is its first school day after the break; nobody has been seen yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from app_helpers import (
    FAST_KDF,
    TODAY,
    build_app,
    fill,
    press_button,
    run_palette_command,
    wait_for_screen,
    wait_until,
)
from sqlmodel import Session, select
from textual.widgets import DataTable, Static

from storage import models as m
from storage.access import create_journal, unlock_with_passphrase
from storage.codes import CalendarKind
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.missing_flag import AccountedForDialog
from tui.i18n import set_language
from tui.screens.first_day_back import FirstDayBackScreen
from tui.screens.home import HomeScreen
from tui.screens.pupil_card import PupilCardScreen

PASSPHRASE = "first day back passphrase"


@dataclass
class World:
    folder: Path
    watched: int
    others: tuple[int, int]

    def open(self):
        return unlock_with_passphrase(JournalPaths(self.folder), PASSPHRASE)


def make_world(folder: Path, break_ends_on: date) -> World:
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    with created.journal as journal:
        journal.set_profile("Kim Fiktiv", "Skolkurator")
        school = journal.add_school("Fiktiva skolan")
        journal.add_calendar_period(
            school, CalendarKind.TERM, date(2026, 8, 19), date(2026, 12, 18), "Hösttermin"
        )
        journal.add_calendar_period(
            school, CalendarKind.BREAK, break_ends_on.replace(day=23), break_ends_on, "Lovet"
        )
        group = journal.add_group(school, "8A", school_year=8)
        ids = [
            journal.add_pupil(
                fictitious_personnummer(date(2012, 3, 3), serial),
                first,
                last,
                school_id=school,
                group_id=group,
                enrolled_on=date(2026, 8, 1),
            )
            for serial, (first, last) in enumerate(
                (("Alva", "Andersson"), ("Bror", "Berg"), ("Ove", "Östberg")), start=1
            )
        ]
        with journal._session() as session:
            session.add(m.WatchEntry(pupil_id=ids[2], reason="Rädd för resan", added_by="Kim"))
        return World(folder, ids[2], (ids[0], ids[1]))


@pytest.fixture
def world(tmp_path) -> World:
    return make_world(tmp_path / "journal", date(2026, 11, 27))


async def _open_from_home(pilot) -> tuple[FirstDayBackScreen, DataTable]:
    home = await wait_for_screen(pilot, HomeScreen)
    await wait_until(pilot, lambda: home.morning is not None, what="the dashboard")
    await pilot.press("f")
    screen = await wait_for_screen(pilot, FirstDayBackScreen)
    table = screen.query_one("#roll-call", DataTable)
    await wait_until(pilot, lambda: table.row_count == 3, what="the roll call")
    return screen, table


async def test_home_names_the_key_and_the_watch_listed_pupil_comes_first_marked(world):
    set_language("en")
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: home.morning is not None, what="the dashboard")
        line = str(home.query_one("#section-first-day", Static).render())
        assert "F  Roll call of the first day back" in line
        screen, table = await _open_from_home(pilot)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(3)]
        assert rows == [
            ["◆ on watch list", "8A", "Östberg, Ove", "not seen"],
            ["", "8A", "Andersson, Alva", "not seen"],
            ["", "8A", "Berg, Bror", "not seen"],
        ]
        deadlines = str(screen.query_one("#deadlines", Static).render())
        assert deadlines == (
            "After Lovet: report missing pupils to the municipality by 2026-12-07 "
            "(6 school days left)."
        )


async def test_f_flags_the_watch_listed_pupil_into_an_honour_case_with_the_history(world):
    set_language("en")
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        _screen, table = await _open_from_home(pilot)
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        question = str(dialog.query_one("#confirm-question", Static).render())
        assert "Flag Ove Östberg as missing, from 2026-11-30" in question
        assert "honour-related" in question
        await press_button(pilot, "#confirm-flag")
        await wait_for_screen(pilot, FirstDayBackScreen)
        await wait_until(
            pilot,
            lambda: str(table.get_row(str(world.watched))[3]) == "flagged as missing",
            what="the pupil flagged",
        )
        assert str(table.get_row(str(world.watched))[0]) == "◆ on watch list"
    with world.open() as journal, Session(journal._engine) as session:
        (case,) = session.exec(select(m.Case)).all()
        assert (case.pupil_id, case.day0, case.honour_related) == (world.watched, TODAY, True)
        (entry,) = session.exec(select(m.JournalEntry)).all()
        assert entry.case_id == case.id
        assert "Reason: Rädd för resan" in entry.text
        assert "No warning sign noted." in entry.text
        assert session.get(m.Pupil, world.watched).no_guardian_contact


async def test_cancel_flags_nobody(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_from_home(pilot)
        await pilot.press("F")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")  # the safe answer has the focus
        await wait_for_screen(pilot, FirstDayBackScreen)
    with world.open() as journal, Session(journal._engine) as session:
        assert session.exec(select(m.Case)).all() == []


async def test_k_marks_a_pupil_accounted_for_and_it_leaves_the_list(world):
    set_language("en")
    alva = world.others[0]
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_from_home(pilot)
        table.move_cursor(row=table.get_row_index(str(alva)))
        await pilot.pause()
        await pilot.press("k")
        await wait_for_screen(pilot, AccountedForDialog)
        await pilot.press("tab", "tab")  # the first school day to today, as offered
        await fill(pilot, "Sjuk hemma")
        await pilot.press("enter")
        await wait_for_screen(pilot, FirstDayBackScreen)
        await wait_until(pilot, lambda: str(alva) not in table.rows, what="the pupil to leave")
        hint = str(screen.query_one("#roll-call-hint", Static).render())
        assert "2 pupils not yet seen since the break. 1 more accounted for." in hint


async def test_k_on_a_watch_listed_pupil_asks_first_and_cancel_keeps_the_pupil_listed(world):
    from tui.dialogs.confirm import ConfirmDialog

    set_language("en")
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        _screen, table = await _open_from_home(pilot)
        table.move_cursor(row=table.get_row_index(str(world.watched)))
        await pilot.pause()
        await pilot.press("k")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        question = str(dialog.query_one("#confirm-question", Static).render())
        assert "Ove Östberg is on the watch list. The family's word does not account" in question
        await pilot.press("enter")  # the focused answer is Cancel
        await wait_for_screen(pilot, FirstDayBackScreen)
        assert str(world.watched) in table.rows
        await pilot.press("k")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")  # someone else knows: on to how it is known
        await wait_for_screen(pilot, AccountedForDialog)


async def test_enter_opens_the_pupil_card(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_from_home(pilot)
        await pilot.press("enter")
        card = await wait_for_screen(pilot, PupilCardScreen)
        assert card.pupil_id == world.watched


async def test_the_palette_opens_it_and_home_has_no_f_when_no_break_just_ended(tmp_path):
    set_language("en")
    world = make_world(tmp_path / "journal", date(2026, 10, 30))  # ended a month ago
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: home.morning is not None, what="the dashboard")
        assert home.query_one("#section-first-day").has_class("-hidden")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await run_palette_command(pilot, "first day", "First day back")
        screen = await wait_for_screen(pilot, FirstDayBackScreen)
        hint = screen.query_one("#roll-call-hint", Static)
        await wait_until(pilot, lambda: "No break" in str(hint.render()), what="the hint")
        assert screen.query_one("#roll-call", DataTable).row_count == 0


async def test_t_sets_the_municipality_s_date_and_the_deadline_line_follows(world):
    from tui.dialogs.first_day_back_settings import FirstDayBackSettingsDialog

    set_language("en")
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, _table = await _open_from_home(pilot)
        await pilot.press("t")
        await wait_for_screen(pilot, FirstDayBackSettingsDialog)
        await pilot.press("tab")
        await fill(pilot, "2026-12-02")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, FirstDayBackScreen)
        deadlines = screen.query_one("#deadlines", Static)
        await wait_until(pilot, lambda: "2026-12-02" in str(deadlines.render()), what="the date")
        assert "(3 school days left)" in str(deadlines.render())
    with world.open() as journal:
        assert journal.first_day_back_settings().report_by == "2026-12-02"


async def test_t_refuses_a_number_out_of_range_naming_the_range_and_keeps_nothing(world):
    from tui.dialogs.first_day_back_settings import FirstDayBackSettingsDialog

    set_language("en")
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_from_home(pilot)
        await pilot.press("t")
        dialog = await wait_for_screen(pilot, FirstDayBackSettingsDialog)
        await fill(pilot, "21")
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "from 0 to 20" in str(message.render()), what="refusal")
        assert isinstance(pilot.app.screen, FirstDayBackSettingsDialog)
    with world.open() as journal:
        assert journal.first_day_back_settings().report_within_school_days == 5


async def test_t_fits_each_label_on_its_row_at_80_columns_in_swedish(world):
    """The labels were whole sentences that wrapped over five rows beside their fields
    ("Eller senast detta / datum, som kommunen / bestämt / (ÅÅÅÅ-MM-DD; tomt: / inget)")."""
    from textual.widgets import Input, Label

    from tui.dialogs.first_day_back_settings import FirstDayBackSettingsDialog

    set_language("sv")
    app = build_app(world.folder, journal=world.open(), language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_from_home(pilot)
        await pilot.press("t")
        dialog = await wait_for_screen(pilot, FirstDayBackSettingsDialog)
        await pilot.pause()
        labels = list(dialog.query(".form-label").results(Label))
        assert [str(label.render()) for label in labels] == ["Frist (skoldagar)", "Eller senast"]
        assert all(label.region.height == 1 for label in labels)
        assert dialog.query_one("#report_by", Input).placeholder.startswith("ÅÅÅÅ-MM-DD")
