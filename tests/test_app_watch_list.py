"""Pilot tests of the watch list: a pupil put on it from the pupil card's palette (reason and
break), the list opened from the palette, Enter on a row opening the prevention case whose
checklist is worked (D on a step), the pupil taken off with a reason - checked in the journal.
The hide key blanks the list as it does everywhere."""

from __future__ import annotations

from datetime import date

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
from textual.widgets import DataTable, Select, Static

from storage.codes import CalendarKind, CaseKind, CaseOutcome, CaseStatus
from storage.identity import fictitious_personnummer
from tui.dialogs.form import FormDialog
from tui.dialogs.watch_list_form import PutOnWatchListDialog, TakeOffWatchListDialog
from tui.screens.case import CaseScreen
from tui.screens.hidden import HiddenScreen
from tui.screens.pupil_card import PupilCardScreen
from tui.screens.watch_list import WatchListScreen

JULLOV = (date(2026, 12, 21), date(2027, 1, 8))


@pytest.fixture
def world(tmp_path):
    """Alva (named as markup) at a school whose jullov begins on 21 December."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 17), date(2026, 12, 18), "HT"
    )
    jullov = journal.add_calendar_period(school, CalendarKind.BREAK, *JULLOV, "Jullov")
    group = journal.add_group(school, "8B", school_year=8)
    alva = journal.add_pupil(
        fictitious_personnummer(date(2012, 4, 1), 1),
        "[bold]x[/]",
        "Testsson",
        school_id=school,
        group_id=group,
        today=TODAY,
    )
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, alva, jullov


def _column(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def _open_watch_list(pilot, *, by_palette: bool = True) -> tuple[WatchListScreen, DataTable]:
    # On a pupil card "watch list" also finds "Put on the watch list": the palette's hits
    # may be reordered as they arrive, so there the list is opened by its action.
    if by_palette:
        await run_palette_command(pilot, "watch list", "Watch list")
    else:
        pilot.app.action_watch_list()
    screen = await wait_for_screen(pilot, WatchListScreen)
    table = screen.query_one("#rows", DataTable)
    await pilot.pause()
    return screen, table


async def test_a_pupil_is_put_on_the_list_and_the_prevention_case_is_worked(world):
    app, journal, alva, jullov = world
    async with app.run_test(size=(120, 36)) as pilot:
        pilot.app.open_pupil(alva)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await run_palette_command(pilot, "put on the watch", "Put on the watch list")
        dialog = await wait_for_screen(pilot, PutOnWatchListDialog)
        assert dialog.query_one("#break_id", Select).value == jullov  # the coming break
        await pilot.press("ctrl+s")  # no reason: refused, the dialog stays
        await pilot.pause()
        assert isinstance(pilot.app.screen, PutOnWatchListDialog)
        await fill(pilot, "Berättade om en resa hen inte vill göra")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: bool(journal.watch_list(TODAY)), what="on the list")

        [row] = journal.watch_list(TODAY)
        assert (row.pupil_id, row.reason) == (alva, "Berättade om en resa hen inte vill göra")
        assert row.break_starts_on == JULLOV[0]
        assert journal.pupil_card(alva).pupil.no_guardian_contact
        case = journal.case_detail(row.case_id)
        assert (case.kind, case.honour_related, case.day0) == (CaseKind.PREVENTION, True, TODAY)

        screen, table = await _open_watch_list(pilot, by_palette=False)
        await wait_until(pilot, lambda: table.row_count == 1, what="the row")
        assert _column(table, 1) == ["Testsson, [bold]x[/]"]  # a name is shown as written
        assert _column(table, 2) == ["Jullov 2026-12-21"]
        await pilot.press("enter")
        case_screen = await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: case_screen.view is not None, what="the case")
        title = str(case_screen.query_one("#case-title", Static).render())
        assert title.endswith("Prevention before a break")
        header = str(case_screen.query_one("#case-header", Static).render())
        assert "On the watch list since: 2026-11-30" in header
        assert "Guardians must not be contacted: on the watch list" in header
        assert "Whereabouts" not in header
        steps = case_screen.query_one("#case-steps", DataTable)
        assert _column(steps, 2)[0] == "Talk with the pupil alone"
        await pilot.press("w")  # no whereabouts to track for a pupil at school
        await pilot.pause()
        assert isinstance(pilot.app.screen, CaseScreen)
        assert case_screen.check_action("edit_details", ()) is False  # nor in the footer
        assert case_screen.check_action("honour_mode", ()) is False  # always honour-related

        await pilot.press("d")  # the first step done, with what came of it
        await wait_for_screen(pilot, FormDialog)
        await fill(pilot, "Samtal i enrum")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: _column(steps, 0)[0] == "Done", what="the step done")
        done = next(
            s for s in journal.case_steps(row.case_id) if s.step_code == "talk_with_pupil_alone"
        )
        assert done.done_at is not None and done.outcome == "Samtal i enrum"

        await pilot.press("escape")
        await wait_for_screen(pilot, WatchListScreen)
        await pilot.press("ctrl+d")
        await wait_for_screen(pilot, TakeOffWatchListDialog)
        await fill(pilot, "Resan är inställd")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, WatchListScreen)
        await wait_until(pilot, lambda: table.row_count == 0, what="the list empty")
        assert journal.watch_list(TODAY) == []
        closed = journal.case_detail(row.case_id)
        assert (closed.status, closed.close_reason) == (CaseStatus.CLOSED, CaseOutcome.ENDED)


async def test_flagging_a_watch_listed_pupil_by_hand_opens_an_honour_case_with_the_history(
    world,
):
    from tui.dialogs.missing_flag import FlagByHandDialog
    from tui.i18n import set_language

    set_language("en")
    app, journal, alva, jullov = world
    journal.put_on_watch_list(alva, "Oro inför lovet", jullov, TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        pilot.app.open_pupil(alva)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await pilot.press("f")
        await wait_for_screen(pilot, FlagByHandDialog)
        await fill(pilot, "Kom inte tillbaka efter helgen")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
    [case] = [c for c in journal.open_cases(TODAY) if c.kind == CaseKind.MISSING]
    assert case.honour_related
    texts = [e.text for e in journal.pupil_entries(alva) if e.case_id == case.case_id]
    assert "Kom inte tillbaka efter helgen" in texts
    assert any("On the watch list since" in t and "Oro inför lovet" in t for t in texts)


async def test_the_contact_dialog_words_the_watch_lists_marker_in_swedish(world):
    from tui.dialogs.case_dialogs import ContactDialog
    from tui.i18n import set_language

    app, journal, alva, jullov = world
    put = journal.put_on_watch_list(alva, "Oro inför lovet", jullov, TODAY)
    set_language("sv")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            pilot.app.push_screen(CaseScreen(put.case_id))
            case_screen = await wait_for_screen(pilot, CaseScreen)
            await wait_until(pilot, lambda: case_screen.view is not None, what="the case")
            await pilot.press("l")
            dialog = await wait_for_screen(pilot, ContactDialog)
            await pilot.pause()
            said = str(dialog.query_one("#form-message", Static).render())
            assert "(på bevakningslistan)" in said and "watch list" not in said
    finally:
        set_language("en")


async def test_the_hide_key_blanks_the_watch_list(world):
    app, journal, alva, jullov = world
    journal.put_on_watch_list(alva, "Oro inför lovet", jullov, TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, table = await _open_watch_list(pilot)
        await wait_until(pilot, lambda: table.row_count == 1, what="the row")
        await pilot.press("ctrl+b")
        await wait_for_screen(pilot, HiddenScreen)
        await pilot.press("space")
        await wait_for_screen(pilot, WatchListScreen)


async def test_home_says_the_review_is_due_and_its_key_without_a_name(world):
    from storage.watch_list import WatchListSettings
    from tui.screens.home import HomeScreen

    app, journal, alva, jullov = world
    journal.put_on_watch_list(alva, "Oro inför lovet", jullov, TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        line = home.query_one("#watch-review", Static)
        await wait_until(pilot, lambda: home.morning is not None, what="the dashboard")
        assert not line.display  # ten school days before 21 December is 7 December

        journal.save_watch_list_settings(WatchListSettings(review_school_days=20))
        await pilot.press("w")
        await wait_for_screen(pilot, WatchListScreen)
        await pilot.press("escape")  # home reads the dashboard again as it comes back
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: line.display, what="the review line")
        assert str(line.render()) == (
            "A review of the watch list before Jullov (2026-12-21) is due. Press W."
        )
        shown = " ".join(str(s.render()) for s in home.query(Static))
        assert "Testsson" not in shown and "[bold]x[/]" not in shown
