"""Pilot tests of the report of concern: started from a case and from the pupil card, the
worry written, an item left out and taken back, reports started for the siblings, the report
filed and what happened after filing; the list of reports - checked in the journal."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from app_helpers import (
    TODAY,
    build_app,
    counsellors_journal,
    fill,
    run_palette_command,
    wait_for_screen,
    wait_until,
)
from textual.widgets import DataTable, Select, Static, TextArea

from storage.codes import CalendarKind, CaseKind, ContactChannel, EntryKind
from storage.identity import fictitious_personnummer
from storage.report_data import DraftState
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.i18n import set_language
from tui.screens.case import CaseScreen
from tui.screens.pupil_card import PupilCardScreen
from tui.screens.report_of_concern import INCLUDED, LEFT_OUT, ReportScreen
from tui.screens.reports import ReportsScreen

DAY0 = date(2026, 11, 24)


@pytest.fixture
def world(tmp_path):
    """Alva (named as markup) with an open honour-related missing case and a note; Bo, her
    brother by a shared guardian, at the same school."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 17), date(2026, 12, 18), "HT"
    )
    group = journal.add_group(school, "7A", school_year=7)
    alva = journal.add_pupil(
        fictitious_personnummer(date(2013, 4, 1), 1),
        "[bold]x[/]",
        "Testsson",
        school_id=school,
        group_id=group,
        today=TODAY,
    )
    bo = journal.add_pupil(
        fictitious_personnummer(date(2015, 4, 2), 2),
        "Bo",
        "Testsson",
        school_id=school,
        group_id=group,
        today=TODAY,
    )
    mother = journal.add_guardian("Eva", "Testsson", phone="070-000 00 01")
    journal.link_guardian(alva, mother)
    journal.link_guardian(bo, mother)
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, honour_related=True)
    journal.add_entry(
        alva,
        '#read("/etc/passwd") [red]sa[/] att hon ska resa',
        kind=EntryKind.PUPIL_WORDS,
        at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    )
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, alva, bo, case


def _column(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def _open_report_from_case(pilot, pupil_id: int) -> ReportScreen:
    pilot.app.open_pupil(pupil_id)
    card = await wait_for_screen(pilot, PupilCardScreen)
    await wait_until(pilot, lambda: card.card is not None, what="the card")
    await pilot.press("o")
    case = await wait_for_screen(pilot, CaseScreen)
    await wait_until(pilot, lambda: case.view is not None, what="the case")
    await pilot.press("a")
    screen = await wait_for_screen(pilot, ReportScreen)
    await wait_until(pilot, lambda: screen.view is not None, what="the report")
    return screen


async def test_a_report_from_the_case_is_written_trimmed_and_filed(world):
    app, journal, alva, _bo, case = world
    set_language("sv")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report_from_case(pilot, alva)
        (draft,) = journal.report_drafts(alva)
        assert draft.case_id == case and draft.honour_related
        title = str(screen.query_one("#report-title", Static).render())
        assert "[bold]x[/] Testsson" in title  # a name is data, never markup
        table = screen.query_one("#report-items", DataTable)
        words = _column(table, 3)
        assert any('#read("/etc/passwd") [red]sa[/]' in w for w in words)
        assert set(_column(table, 0)) == {INCLUDED}

        # W: the worry; an honour-related report never asks whether the guardians know.
        await pilot.press("w")
        dialog = await wait_for_screen(pilot, FormDialog)
        assert not dialog.query("#guardians_informed")
        area = dialog.query_one("#worry", TextArea)
        area.insert("Hon sa att hon ska giftas bort i sommar.")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: screen.view.report.worry != "", what="the worry")
        assert screen.view.report.worry == "Hon sa att hon ska giftas bort i sommar."

        # Space leaves the first item (the sibling) out, and takes it back.
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("space")
        await wait_until(pilot, lambda: _column(table, 0)[0] == LEFT_OUT, what="left out")
        await app.workers.wait_for_complete()  # the screen shows it before it is written
        assert journal.report_of_concern(draft.id).siblings == ()
        await pilot.press("space")
        await wait_until(pilot, lambda: _column(table, 0)[0] == INCLUDED, what="taken back")
        await app.workers.wait_for_complete()
        assert len(journal.report_of_concern(draft.id).siblings) == 1

        # F: filed by phone; then A: the written follow-up and the investigation.
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#reference").focus()
        await fill(pilot, "SoT 26-1")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: screen.view.row.state == DraftState.FILED, what="filed")
        assert screen.view.row.written_follow_up_due
        assert "följ upp skriftligt" in str(screen.query_one("#report-state", Static).render())
        await pilot.press("w")  # a filed report is not changed any more
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#written_follow_up_on").focus()
        filed_on = screen.view.row.filed_at.astimezone(SCHOOL_TIME_ZONE).date()
        await fill(pilot, filed_on.isoformat())
        dialog.query_one("#investigation_opened", Select).value = "yes"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ReportScreen)
        await wait_until(
            pilot, lambda: not screen.view.row.written_follow_up_due, what="followed up"
        )
    (row,) = journal.report_drafts(alva)
    assert (row.channel, row.reference, row.investigation_opened) == (
        ContactChannel.PHONE,
        "SoT 26-1",
        True,
    )


async def test_two_quick_presses_of_space_both_stick(world):
    """Space, j, Space before the journal answers: both items are left out (the second
    press used to be worked out from a list the first had not reached yet)."""
    app, journal, alva, _bo, _case = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report_from_case(pilot, alva)
        (draft,) = journal.report_drafts(alva)
        table = screen.query_one("#report-items", DataTable)
        table.focus()
        table.move_cursor(row=0)
        first, second = screen.items[0].key, screen.items[1].key
        assert first != second
        # Space, j, Space in one go: no message (no reload) is handled in between.
        screen.action_toggle_item()
        table.action_cursor_down()
        screen.action_toggle_item()
        assert _column(table, 0)[:2] == [LEFT_OUT, LEFT_OUT]  # shown at once, no reload
        await app.workers.wait_for_complete()
        kept = journal.report_of_concern(draft.id, with_left_out=True).left_out
        assert set(kept) == {first, second}
        await pilot.pause()
        assert _column(table, 0)[:2] == [LEFT_OUT, LEFT_OUT]


async def test_siblings_get_reports_of_their_own_and_the_list_shows_them(world):
    app, journal, alva, bo, _case = world
    set_language("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_report_from_case(pilot, alva)
        await pilot.press("s")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert "1 sibling" in str(confirm.query_one("#confirm-question", Static).render())
        confirm.query_one("#confirm-start").focus()
        await pilot.press("enter")
        await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: journal.report_drafts(bo), what="Bo's report")
        (sibling,) = journal.report_drafts(bo)
        assert sibling.honour_related and sibling.family_of_id is not None

        await run_palette_command(pilot, "reports of concern", "Reports of concern")
        reports = await wait_for_screen(pilot, ReportsScreen)
        table = reports.query_one("#rows", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2, what="the reports")
        assert sorted(_column(table, 0)) == ["Bo Testsson", "[bold]x[/] Testsson"]
        assert set(_column(table, 2)) == {"Draft"}
        table.focus()
        table.move_cursor(row=_column(table, 0).index("Bo Testsson"))
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: screen.view is not None, what="Bo's report")
        assert screen.view.report.child.name == "Bo Testsson"


async def test_a_report_from_the_pupil_card_and_the_same_one_again(world):
    app, journal, _alva, bo, _case = world

    async def report_from_the_card(pilot) -> None:
        app.open_pupil(bo)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await pilot.press("a")
        screen = await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: screen.view is not None, what="the report")
        await pilot.press("escape")
        await pilot.press("escape")

    async with app.run_test(size=(80, 24)) as pilot:
        await report_from_the_card(pilot)
        await report_from_the_card(pilot)
    assert len(journal.report_drafts(bo)) == 1


async def test_e_exports_the_report_without_the_items_left_out(world, tmp_path):
    """E: Markdown to a chosen file, 0600, recorded with the draft; the report's state says
    exported; an item left out is not in the file, and the pupil's chronology shows it."""
    import stat

    from storage.codes import ChronologyKind, ExportFormat

    app, journal, alva, _bo, _case = world
    set_language("en")
    target = tmp_path / "anmalan.md"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report_from_case(pilot, alva)
        table = screen.query_one("#report-items", DataTable)
        table.focus()
        table.move_cursor(row=0)  # the sibling: left out
        await pilot.press("space")
        await wait_until(pilot, lambda: _column(table, 0)[0] == LEFT_OUT, what="left out")
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#format", Select).value = ExportFormat.MARKDOWN
        for field, value in (
            ("#purpose", "Skriftlig anmälan"),
            ("#recipient", "Socialtjänsten"),
            ("#target", str(target)),
        ):
            dialog.query_one(field).focus()
            await fill(pilot, value)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: screen.view.row.exports == 1, what="the export")
        assert screen.view.row.state == DraftState.EXPORTED
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written = target.read_text(encoding="utf-8")
    assert "Bo Testsson" not in written  # left out
    assert "/etc/passwd" in written  # the child's own words, escaped but there
    (export,) = [i for i in journal.chronology(alva) if i.kind == ChronologyKind.EXPORT]
    assert (export.code, export.text) == (ExportFormat.MARKDOWN, "Skriftlig anmälan")


async def test_the_filing_dialog_asks_for_the_recipient_not_an_end_date(world):
    """F names the field "Mottagare" in Swedish: "To" was shared with a date range's end
    and read "Till och med" (up to and including), in the label and in its refusal."""
    app, _journal, alva, _bo, _case = world
    set_language("sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_report_from_case(pilot, alva)
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, FormDialog)
        labels = [str(label.render()) for label in dialog.query(".form-label")]
        assert "Mottagare" in labels
        assert "Till och med" not in labels
        dialog.query_one("#recipient").value = ""
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "behövs" in str(message.render()), what="the refusal")
        assert str(message.render()) == "Mottagare behövs."


async def test_the_list_says_every_report_is_filed_rather_than_none_not_filed(world):
    """With every report filed the hint read "0 anmälningar är inte inlämnade än"."""
    app, journal, alva, _bo, _case = world
    draft = journal.start_report(alva)
    journal.file_report(
        draft, channel=ContactChannel.PHONE, recipient="Socialtjänsten", reference=""
    )
    set_language("sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_palette_command(pilot, "orosanmälningar", "Orosanmälningar")
        reports = await wait_for_screen(pilot, ReportsScreen)
        hint = reports.query_one("#rows-hint", Static)
        await wait_until(pilot, lambda: "Enter" in str(hint.render()), what="the hint")
        assert str(hint.render()) == "Alla anmälningar är inlämnade. Enter öppnar en anmälan."
