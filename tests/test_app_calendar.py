"""Pilot tests of the school calendar and the lesson plan: by keyboard, as a counsellor would.

Two schools (Umeå: sportlov in week 10; a new one with no calendar yet), a class, and the app's
fixed today (30 November 2026, school year 2026/27).
"""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import (
    FAST_KDF,
    TODAY,
    build_app,
    fill,
    run_palette_command,
    wait_for_screen,
    wait_until,
)
from textual.widgets import Button, DataTable, Input, Label, Static

from storage.access import create_journal
from storage.codes import CalendarKind
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.dialogs.calendar_period_form import CalendarPeriodDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.lesson_plan_form import LessonPlanDialog
from tui.dialogs.propose_calendar import ProposeCalendarDialog
from tui.i18n import _, set_language
from tui.screens.calendar import CalendarScreen
from tui.screens.class_list import ClassListScreen
from tui.screens.home import HomeScreen


@pytest.fixture
def world(tmp_path):
    folder = tmp_path / "journal"
    journal = create_journal(JournalPaths(folder), "calendar pilot passphrase", params=FAST_KDF)
    journal = journal.journal
    journal.set_profile("Kim Fiktiv", "Skolkurator")
    north = journal.add_school("Norrskolan", municipality="Umeå", propose_calendar_on=TODAY)
    journal.add_school("Östra [bold]skolan[/]", municipality="Malmö")
    journal.add_calendar_period(
        north, CalendarKind.DAY_OFF, date(2026, 9, 25), date(2026, 9, 25), "[b]Prao[/b]"
    )
    group = journal.add_group(north, "7A")
    journal.add_pupil(
        fictitious_personnummer(date(2013, 5, 1), 1), "Alva", "Testsson", group_id=group
    )
    yield folder, journal, north, group
    journal.close()


def _names(screen: CalendarScreen) -> list[str]:
    table = screen.query_one("#calendar-rows", DataTable)
    return [str(table.get_row_at(index)[1]) for index in range(table.row_count)]


def _key_of(screen: CalendarScreen, name: str) -> int:
    return _names(screen).index(name)


async def _open_calendar(pilot) -> CalendarScreen:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("k")
    screen = await wait_for_screen(pilot, CalendarScreen)
    await wait_until(pilot, lambda: screen.read is not None, what="the calendar")
    return screen


async def _reloaded(pilot, screen: CalendarScreen, condition) -> None:
    await wait_until(pilot, lambda: condition(_names(screen)), what="the calendar to change")


async def test_add_change_and_remove_a_period_by_keyboard(world):
    folder, journal, north, _group = world
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_calendar(pilot)
        assert str(screen.query_one("#calendar-title", Static).render()).endswith("Norrskolan")
        names = _names(screen)
        assert names[:8] == [
            "Hösttermin 2026",
            "[b]Prao[/b]",  # a name from the journal: as written, never markup
            "Höstlov",
            "Jullov",
            "Christmas Day",  # 26 December 2026 is a Saturday: not listed
            "New Year's Day",
            "Epiphany",
            "Vårtermin 2027",
        ]
        assert "Sportlov" in names and "Ascension Day" in names  # a holiday, read only

        # Add: A, the kind (a break by default), Tab to the name, the dates, Enter.
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, CalendarPeriodDialog)
        await pilot.press("tab")
        await fill(pilot, "Friluftsdag")
        await pilot.press("tab")
        await fill(pilot, "2026-11-13")
        await pilot.press("enter")
        await wait_for_screen(pilot, CalendarScreen)
        await _reloaded(pilot, screen, lambda names: "Friluftsdag" in names)
        assert not dialog.is_attached
        added = next(p for p in journal.calendar_periods(north) if p.name == "Friluftsdag")
        assert (added.kind, added.starts_on, added.ends_on) == (
            CalendarKind.BREAK,
            date(2026, 11, 13),
            date(2026, 11, 13),
        )
        assert not journal.school_calendar(north).is_school_day(date(2026, 11, 13))

        # Change: the cursor on it, E, a new name and end date, Enter.
        table = screen.query_one("#calendar-rows", DataTable)
        table.move_cursor(row=_key_of(screen, "Friluftsdag"))
        await pilot.press("e")
        await wait_for_screen(pilot, CalendarPeriodDialog)
        await pilot.press("tab", "end", "ctrl+u")  # the name, cleared
        await fill(pilot, "Studiedag")
        await pilot.press("tab", "tab", "end", "ctrl+u")  # the end date, cleared
        await fill(pilot, "2026-11-16")
        await pilot.press("enter")
        await wait_for_screen(pilot, CalendarScreen)
        await _reloaded(
            pilot, screen, lambda names: "Studiedag" in names and "Friluftsdag" not in names
        )
        changed = next(p for p in journal.calendar_periods(north) if p.id == added.id)
        assert (changed.name, changed.ends_on, changed.days) == (
            "Studiedag",
            date(2026, 11, 16),
            2,  # Friday and Monday
        )

        # Remove: D asks; the safe answer is focused, so Tab to "Remove" and Enter.
        table.move_cursor(row=_key_of(screen, "Studiedag"))
        await pilot.press("d")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")
        await wait_for_screen(pilot, CalendarScreen)
        await _reloaded(pilot, screen, lambda names: "Studiedag" not in names)
        assert all(p.id != added.id for p in journal.calendar_periods(north))


async def test_a_refused_period_is_said_in_the_dialog_and_nothing_is_stored(world):
    folder, journal, north, _group = world
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_calendar(pilot)
        before = journal.calendar_periods(north)
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, CalendarPeriodDialog)
        await pilot.press("tab")
        await fill(pilot, "Lov")
        await pilot.press("tab")
        await fill(pilot, "2026-11-13")
        await pilot.press("tab")
        await fill(pilot, "2026-11-12")  # ends before it starts
        await pilot.press("enter")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "start date" in str(message.render()), what="the refusal")
        assert pilot.app.screen is dialog
        await pilot.press("escape")
        await wait_for_screen(pilot, CalendarScreen)
        assert journal.calendar_periods(north) == before
        # A public holiday cannot be changed or removed.
        table = screen.query_one("#calendar-rows", DataTable)
        table.move_cursor(row=_key_of(screen, "Christmas Day"))
        await pilot.press("e")
        await pilot.press("d")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert journal.calendar_periods(north) == before


async def test_propose_a_calendar_for_the_next_school_and_move_between_years(world):
    set_language("en")
    folder, journal, _north, _group = world
    new_school = next(s.id for s in journal.schools() if s.name.startswith("Östra"))
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_calendar(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: screen.school_id == new_school, what="the next school")
        title = str(screen.query_one("#calendar-title", Static).render())
        assert title.endswith("Östra [bold]skolan[/]")  # a name from the journal, as written
        await _reloaded(pilot, screen, lambda names: "Hösttermin 2026" not in names)
        assert "2 of 2" in str(screen.query_one("#calendar-year", Static).render())

        await pilot.press("p")
        dialog = await wait_for_screen(pilot, ProposeCalendarDialog)
        assert dialog.guess.week == 8 and dialog.guess.county == "Skåne län"
        # It adds periods: the button says so, and the title says the year in a sentence.
        assert str(dialog.query_one("#save", Button).label) == "Add"
        year = f"{dialog.autumn_year}/{(dialog.autumn_year + 1) % 100:02d}"
        title = str(dialog.query_one(".title", Label).render())
        assert title == f"Propose the calendar of the school year {year}"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CalendarScreen)
        await _reloaded(pilot, screen, lambda names: "Hösttermin 2026" in names)
        sportlov = next(p for p in journal.calendar_periods(new_school) if p.name == "Sportlov")
        assert sportlov.starts_on == date(2027, 2, 22)  # week 8

        await pilot.press("plus")
        await _reloaded(pilot, screen, lambda names: "Hösttermin 2026" not in names)
        assert screen.autumn_year == 2027
        assert "2027/28" in str(screen.query_one("#calendar-year", Static).render())
        await pilot.press("minus", "minus")
        await wait_until(pilot, lambda: screen.autumn_year == 2025, what="the year before")
        await _reloaded(pilot, screen, lambda names: "Hösttermin 2026" not in names)


async def test_the_lesson_plan_of_a_class_by_keyboard(world):
    folder, journal, _north, group = world
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        pilot.app.push_screen(ClassListScreen(group, "7A"))
        screen = await wait_for_screen(pilot, ClassListScreen)
        await pilot.press("ctrl+g")
        await wait_for_screen(pilot, LessonPlanDialog)
        for lessons in ("6", "7", "5", "6"):
            await fill(pilot, lessons)
            await pilot.press("tab")
        await fill(pilot, "x")  # Friday: not a number
        await pilot.press("ctrl+s")
        dialog = pilot.app.screen
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "Friday" in str(message.render()), what="the refusal")
        assert journal.lesson_plan(group) == {}
        field = pilot.app.focused
        assert isinstance(field, Input)
        field.value = "4"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ClassListScreen)
        assert journal.lesson_plan(group) == {0: 6, 1: 7, 2: 5, 3: 6, 4: 4}
        hint = screen.query_one("#rows-hint", Static)
        await wait_until(
            pilot,
            lambda: str(hint.render()) == "Lessons: Mon 6, Tue 7, Wed 5, Thu 6, Fri 4",
            what="the plan under the list",
        )


async def test_the_palette_opens_the_calendar(world):

    folder, journal, _north, _group = world
    app = build_app(folder, journal=journal, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await run_palette_command(pilot, "skolkalender", "Skolkalender")
        screen = await wait_for_screen(pilot, CalendarScreen)
        await wait_until(pilot, lambda: screen.read is not None, what="the calendar")
        assert "Hösttermin 2026" in _names(screen)
        assert "Juldagen" in _names(screen)  # the holiday's Swedish name


def test_the_proposal_says_the_school_year_in_swedish_as_in_a_sentence():
    set_language("sv")
    try:
        title = _("Propose the calendar of the school year {first}/{second:02d}")
        assert title.format(first=2026, second=27) == "Föreslå kalender för läsåret 2026/27"
        assert _("Add") == "Lägg till"
    finally:
        set_language("en")
