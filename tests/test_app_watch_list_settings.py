"""Pilot tests of the watch list's review setting (Ctrl+T on the watch list): a value kept is
read back from the journal and home's review line follows it; a non-number or a value out of
range is refused with a sentence naming the range and nothing is kept; Escape keeps the old
value; a refusal by the journal itself reaches the person through the one handler."""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, wait_for_screen, wait_until
from textual.widgets import Input, Static

from storage.codes import CalendarKind
from storage.identity import fictitious_personnummer
from storage.watch_list import WatchListSettings
from tui.dialogs import watch_list_settings
from tui.dialogs.watch_list_settings import WatchListSettingsDialog
from tui.i18n import set_language
from tui.screens.home import HomeScreen
from tui.screens.watch_list import WatchListScreen

JULLOV = (date(2026, 12, 21), date(2027, 1, 8))
REFUSAL = (
    "Write a whole number from 1 to 60 for “Review from N school days before a break "
    "(default 10)”."
)


@pytest.fixture
def world(tmp_path):
    """A fictitious pupil on the watch list before jullov, which begins on 21 December: the
    tenth school day before it is 7 December, the twentieth is before today (30 November)."""
    set_language("en")
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 17), date(2026, 12, 18), "HT"
    )
    jullov = journal.add_calendar_period(school, CalendarKind.BREAK, *JULLOV, "Jullov")
    group = journal.add_group(school, "8B", school_year=8)
    pupil = journal.add_pupil(
        fictitious_personnummer(date(2012, 4, 1), 1),
        "Alva",
        "Testsson",
        school_id=school,
        group_id=group,
        today=TODAY,
    )
    journal.put_on_watch_list(pupil, "Oro inför lovet", jullov, TODAY)
    return build_app(tmp_path / "journal", journal=journal), journal


async def _open_dialog(pilot) -> WatchListSettingsDialog:
    """From home: W opens the watch list, Ctrl+T the review setting."""
    await pilot.press("w")
    await wait_for_screen(pilot, WatchListScreen)
    await pilot.press("ctrl+t")
    return await wait_for_screen(pilot, WatchListSettingsDialog)


async def _save(pilot, dialog: WatchListSettingsDialog, typed: str) -> None:
    dialog.query_one("#review_school_days", Input).value = typed
    await pilot.press("ctrl+s")


async def _refusal_shown(pilot, dialog: WatchListSettingsDialog, sentence: str) -> None:
    message = dialog.query_one("#form-message", Static)
    await wait_until(pilot, lambda: str(message.render()) == sentence, what="the refusal")
    assert isinstance(pilot.app.screen, WatchListSettingsDialog)  # nothing typed is lost


async def test_the_review_days_are_kept_and_home_s_review_line_follows_them(world):
    app, journal = world
    async with app.run_test(size=(120, 36)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        line = home.query_one("#watch-review", Static)
        await wait_until(pilot, lambda: home.morning is not None, what="the dashboard")
        assert not line.display  # ten school days before jullov is still to come

        dialog = await _open_dialog(pilot)
        assert dialog.query_one("#review_school_days", Input).value == "10"
        await _save(pilot, dialog, "20")
        await wait_for_screen(pilot, WatchListScreen)
        await wait_until(
            pilot,
            lambda: any(
                n.message == "Kept: the review is asked for from 20 school days before each break."
                for n in app._notifications
            ),
            what="the sentence saying what was kept",
        )
        assert journal.watch_list_settings() == WatchListSettings(review_school_days=20)
        await pilot.press("escape")  # home reads the dashboard again as it comes back
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: line.display, what="the review line")
        assert "before Jullov (2026-12-21) is due" in str(line.render())

        dialog = await _open_dialog(pilot)
        assert dialog.query_one("#review_school_days", Input).value == "20"
        await _save(pilot, dialog, "10")
        await wait_for_screen(pilot, WatchListScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: not line.display, what="the review line gone")
    assert journal.watch_list_settings().review_school_days == 10


@pytest.mark.parametrize("typed", ["0", "61", "tio", "2.5", ""])
async def test_a_value_out_of_range_or_not_a_number_is_refused_and_nothing_kept(world, typed):
    app, journal = world
    journal.save_watch_list_settings(WatchListSettings(review_school_days=15))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        dialog = await _open_dialog(pilot)
        await _save(pilot, dialog, typed)
        await _refusal_shown(pilot, dialog, REFUSAL)
        assert journal.watch_list_settings().review_school_days == 15
        await pilot.press("escape")
        await wait_for_screen(pilot, WatchListScreen)
    assert journal.watch_list_settings().review_school_days == 15


async def test_the_refusal_is_in_swedish_when_swedish_is_chosen(world):
    app, journal = world
    set_language("sv")
    app = build_app(journal.paths.folder, journal=journal, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        dialog = await _open_dialog(pilot)
        await _save(pilot, dialog, "99")
        await _refusal_shown(
            pilot,
            dialog,
            "Skriv ett heltal från 1 till 60 för ”Genomgång från N skoldagar före ett lov "
            "(standard 10)”.",
        )
    assert journal.watch_list_settings().review_school_days == 10


async def test_escape_keeps_the_old_value(world):
    app, journal = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        dialog = await _open_dialog(pilot)
        dialog.query_one("#review_school_days", Input).value = "30"
        await pilot.press("escape")
        await wait_for_screen(pilot, WatchListScreen)
        assert not any("Kept" in str(n.message) for n in app._notifications)
    assert journal.watch_list_settings().review_school_days == 10


async def test_a_refusal_by_the_journal_reaches_the_person_and_nothing_is_kept(world, monkeypatch):
    """Were the dialog's own check wider than the journal's rule, the journal still refuses:
    the one handler's sentence is shown under the field."""
    app, journal = world
    monkeypatch.setattr(watch_list_settings, "REVIEW_DAYS_RANGE", (1, 100))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        dialog = await _open_dialog(pilot)
        await _save(pilot, dialog, "61")
        message = dialog.query_one("#form-message", Static)
        await wait_until(
            pilot, lambda: "Nothing was saved." in str(message.render()), what="the sentence"
        )
        assert isinstance(app.screen, WatchListSettingsDialog)
    assert journal.watch_list_settings().review_school_days == 10


def test_the_range_named_is_the_range_the_journal_accepts():
    low, high = watch_list_settings.REVIEW_DAYS_RANGE
    assert WatchListSettings(low).valid() and WatchListSettings(high).valid()
    assert not WatchListSettings(low - 1).valid() and not WatchListSettings(high + 1).valid()
