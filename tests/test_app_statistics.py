"""The palette's "Export statistics for the action plan": a small dialog (period, format,
purpose, recipient, where to), a private file, the export recorded, a sentence saying where."""

from __future__ import annotations

import stat
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
from textual.widgets import Input, Select, Static

from storage.codes import CalendarKind, ExportContent, ExportFormat
from storage.identity import fictitious_personnummer
from tui.dialogs.statistics_export import StatisticsExportDialog, period_options
from tui.i18n import set_language
from tui.screens.home import HomeScreen


@pytest.fixture
def world(tmp_path):
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 19), date(2026, 12, 18), "Hösttermin"
    )
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 1, 8), date(2026, 6, 12), "Vårtermin"
    )
    group = journal.add_group(school, "8A", school_year=8)
    journal.add_pupil(
        fictitious_personnummer(date(2012, 4, 1), 1),
        "Alva",
        "Testsson",
        school_id=school,
        group_id=group,
        today=date(2026, 8, 1),
    )
    return tmp_path / "journal", journal


def _export_records(journal):
    from sqlmodel import select

    from storage import models as m

    with journal.bulk() as session:
        return list(session.exec(select(m.ExportRecord)).all())


def test_the_periods_offered_are_school_years_with_their_terms():
    set_language("en")
    assert period_options(["HT2026", "VT2026"], "2026/27") == [
        ("School year 2026/27", "2026/27"),
        ("Term HT2026", "HT2026"),
        ("School year 2025/26", "2025/26"),
        ("Term VT2026", "VT2026"),
    ]


async def test_export_statistics_from_the_palette(world):
    folder, journal = world
    app = build_app(folder, journal=journal)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await run_palette_command(pilot, "statistics", "Export statistics for the action plan")
        dialog = await wait_for_screen(pilot, StatisticsExportDialog)
        assert dialog.query_one("#scope", Select).value == "2026/27"  # today's school year
        dialog.query_one("#scope", Select).value = "HT2026"
        dialog.query_one("#file_format", Select).value = "csv"
        dialog.query_one("#recipient", Input).focus()
        await fill(pilot, "Rektor")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, HomeScreen)
        written = list((folder / "exports").iterdir())
        assert [p.name for p in written] == ["statistics-HT2026-2026-11-30.csv"]
        assert stat.S_IMODE(written[0].stat().st_mode) == 0o600
        text = written[0].read_text(encoding="utf-8-sig")
        assert "Alva" not in text and "Testsson" not in text
        await wait_until(
            pilot,
            lambda: any(str(written[0]) in str(n.message) for n in app._notifications),
            what="the sentence saying where the file went",
        )
    (record,) = _export_records(journal)
    assert (record.format, record.content, record.recipient, record.purpose) == (
        ExportFormat.CSV,
        ExportContent.STATISTICS,
        "Rektor",
        "action plan",
    )


async def test_a_folder_that_does_not_exist_is_said_under_the_fields_in_swedish(world, tmp_path):
    folder, journal = world
    app = build_app(folder, journal=journal, language="sv")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await run_palette_command(pilot, "statistik", "Exportera statistik för handlingsplanen")
        dialog = await wait_for_screen(pilot, StatisticsExportDialog)
        assert dialog.query_one("#purpose", Input).value == "handlingsplan"
        dialog.query_one("#to", Input).focus()
        await fill(pilot, str(tmp_path / "finns-inte" / "statistik.md"))
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "mapp" in str(message.render()), what="the sentence")
        # The folder that is missing, by name: the sentence named the temporary file
        # (".statistik.md-3whp4mlb") that the copy is first written to.
        assert str(message.render()) == (
            "Det finns ingen mapp finns-inte: kontrollera sökvägen och att USB-minnet sitter i."
        )
        assert isinstance(app.screen, StatisticsExportDialog)  # nothing typed is lost
    assert _export_records(journal) == []
