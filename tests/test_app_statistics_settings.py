"""Pilot tests of the palette's "Statistics settings": the small-count threshold and the
lesson length kept and read back from the journal, the next export printing by them; a
non-number or a value out of range refused with a sentence naming the range and nothing kept;
Escape keeps the old values.

The journal: four fictitious pupils in 8A, each with a missing-pupil case opened in the
autumn term, three of them closed as located (counts of 4 and 3).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from app_helpers import (
    build_app,
    counsellors_journal,
    run_palette_command,
    wait_for_screen,
    wait_until,
)
from textual.widgets import Input, Static

from storage import small_counts
from storage.codes import CalendarKind, CaseKind, CaseOutcome
from storage.identity import fictitious_personnummer
from storage.small_counts import StatisticsSettings
from tui.dialogs import statistics_settings
from tui.dialogs.statistics_settings import StatisticsSettingsDialog
from tui.i18n import set_language
from tui.screens.home import HomeScreen
from tui.statistics_export import render

OPENED = "| Missing pupils: cases opened |"
LOCATED = "| Missing pupils: closed as “Located or back at school” |"


@pytest.fixture
def world(tmp_path):
    set_language("en")
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 19), date(2026, 12, 18), "Hösttermin"
    )
    group = journal.add_group(school, "8A", school_year=8)
    for n in range(4):
        pupil = journal.add_pupil(
            fictitious_personnummer(date(2012, 4, 1), n),
            f"Alva{n}",
            "Testsson",
            school_id=school,
            group_id=group,
            today=date(2026, 8, 1),
        )
        case = journal.open_case(
            pupil, CaseKind.MISSING, date(2026, 9, 8), at=datetime(2026, 9, 8, 9, tzinfo=UTC)
        )
        if n < 3:
            closed = datetime(2026, 9, 10 + n, 14, tzinfo=UTC)
            journal.close_case(case, CaseOutcome.LOCATED, "Tillbaka.", at=closed)
    return build_app(tmp_path / "journal", journal=journal), journal


def _printed(journal) -> str:
    """What the next export of the autumn term prints (Markdown)."""
    return render(journal, "HT2026", "md", date(2026, 11, 30)).decode("utf-8")


async def _open_dialog(pilot) -> StatisticsSettingsDialog:
    await wait_for_screen(pilot, HomeScreen)
    await run_palette_command(pilot, "statistics settings", "Statistics settings")
    return await wait_for_screen(pilot, StatisticsSettingsDialog)


async def _save(pilot, dialog, min_count: str, lesson_minutes: str) -> None:
    dialog.query_one("#min_count", Input).value = min_count
    dialog.query_one("#lesson_minutes", Input).value = lesson_minutes
    await pilot.press("ctrl+s")


async def test_the_settings_are_kept_and_the_next_export_prints_by_them(world):
    app, journal = world
    before = _printed(journal)
    assert f"{OPENED} <5 |" in before and f"{LOCATED} <5 |" in before  # the default, 5
    assert "each lesson counts as 60 minutes" in before
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await _open_dialog(pilot)
        assert dialog.query_one("#min_count", Input).value == "5"
        assert dialog.query_one("#lesson_minutes", Input).value == "60"
        await _save(pilot, dialog, "3", "45")
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(
            pilot,
            lambda: any(
                n.message == "Kept: counts under 3 are shown as <3, and a lesson is 45 minutes."
                for n in app._notifications
            ),
            what="the sentence saying what was kept",
        )
    assert journal.statistics_settings() == StatisticsSettings(min_count=3, lesson_minutes=45)
    after = _printed(journal)
    assert f"{OPENED} 4 |" in after and f"{LOCATED} 3 |" in after
    assert "each lesson counts as 45 minutes" in after


@pytest.mark.parametrize(
    ("min_count", "lesson_minutes", "sentence"),
    [
        ("0", "60", "Write a whole number from 1 to 100 for “Smallest count shown as a number "),
        ("101", "60", "Write a whole number from 1 to 100 for “Smallest count shown as a number "),
        ("fem", "60", "Write a whole number from 1 to 100 for “Smallest count shown as a number "),
        ("3", "9", "Write a whole number from 10 to 120 for “Minutes in a lesson (default 60)”."),
        ("3", "121", "Write a whole number from 10 to 120 for “Minutes in a lesson "),
        ("3", "", "Write a whole number from 10 to 120 for “Minutes in a lesson "),
    ],
)
async def test_a_value_out_of_range_or_not_a_number_is_refused_and_nothing_kept(
    world, min_count, lesson_minutes, sentence
):
    app, journal = world
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        await _save(pilot, dialog, min_count, lesson_minutes)
        message = dialog.query_one("#form-message", Static)
        await wait_until(
            pilot, lambda: str(message.render()).startswith(sentence), what="the refusal"
        )
        assert isinstance(app.screen, StatisticsSettingsDialog)  # nothing typed is lost
        # A refused value keeps neither: the valid minimum count is not kept either.
        assert journal.statistics_settings() == StatisticsSettings()
    assert f"{OPENED} <5 |" in _printed(journal)


async def test_the_refusal_is_in_swedish_when_swedish_is_chosen(world):
    _app, journal = world
    app = build_app(journal.paths.folder, journal=journal, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await run_palette_command(pilot, "statistikinst", "Statistikinställningar")
        dialog = await wait_for_screen(pilot, StatisticsSettingsDialog)
        await _save(pilot, dialog, "5", "200")
        message = dialog.query_one("#form-message", Static)
        expected = "Skriv ett heltal från 10 till 120 för ”Minuter per lektion (standard 60)”."
        await wait_until(pilot, lambda: str(message.render()) == expected, what="the refusal")
    assert journal.statistics_settings() == StatisticsSettings()


async def test_escape_keeps_the_old_values(world):
    app, journal = world
    journal.save_statistics_settings(StatisticsSettings(min_count=3, lesson_minutes=45))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        assert dialog.query_one("#min_count", Input).value == "3"
        dialog.query_one("#min_count", Input).value = "10"
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        assert not any("Kept" in str(n.message) for n in app._notifications)
    assert journal.statistics_settings() == StatisticsSettings(min_count=3, lesson_minutes=45)


async def test_a_refusal_by_the_journal_reaches_the_person_and_nothing_is_kept(world, monkeypatch):
    """Were the dialog's own check wider than the journal's rule, the journal still refuses:
    the one handler's sentence is shown under the fields."""
    app, journal = world
    monkeypatch.setattr(statistics_settings, "MIN_COUNT_RANGE", (0, 100))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot)
        await _save(pilot, dialog, "0", "60")
        message = dialog.query_one("#form-message", Static)
        await wait_until(
            pilot, lambda: "Nothing was saved." in str(message.render()), what="the sentence"
        )
        assert "the statistics settings" in str(message.render())
    assert journal.statistics_settings() == StatisticsSettings()


def test_the_ranges_named_are_the_ranges_the_journal_accepts():
    # One home for the ranges: the dialog names storage.small_counts' own.
    assert statistics_settings.MIN_COUNT_RANGE is small_counts.MIN_COUNT_RANGE
    assert statistics_settings.LESSON_MINUTES_RANGE is small_counts.LESSON_MINUTES_RANGE
    low, high = small_counts.MIN_COUNT_RANGE
    assert StatisticsSettings(min_count=low).valid()
    assert StatisticsSettings(min_count=high).valid()
    assert not StatisticsSettings(min_count=low - 1).valid()
    assert not StatisticsSettings(min_count=high + 1).valid()
    low, high = small_counts.LESSON_MINUTES_RANGE
    assert StatisticsSettings(lesson_minutes=low).valid()
    assert StatisticsSettings(lesson_minutes=high).valid()
    assert not StatisticsSettings(lesson_minutes=low - 1).valid()
    assert not StatisticsSettings(lesson_minutes=high + 1).valid()
