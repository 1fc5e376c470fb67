"""Pilot tests of the same-day notices screen, the no-contact marker and leave in the card."""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, fill, wait_for_screen, wait_until
from textual.widgets import DataTable, Input, Static

from storage.codes import CalendarKind, ContactChannel, LeaveStatus, NoticeOutcome
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from tui.dialogs.form import FormDialog
from tui.screens.home import HomeScreen
from tui.screens.notices import NoticesScreen
from tui.screens.pupil_card import PupilCardScreen


@pytest.fixture
def world(tmp_path):
    """7A: Alva and a pupil named as markup, both absent without a reason today; Bo ill."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 17), date(2026, 12, 18), "HT"
    )
    group = journal.add_group(school, "7A", school_year=7)
    ids = {}
    for n, (first, last) in enumerate(
        (("Alva", "Testsson"), ("[bold]x[/]", "Markup"), ("Bo", "Frisk")), 1
    ):
        ids[first] = journal.add_pupil(
            fictitious_personnummer(date(2013, 4, n), n),
            first,
            last,
            school_id=school,
            group_id=group,
            today=TODAY,
        )
    mother = journal.add_guardian("Eva", "Testsson", phone="070-000 00 01")
    father = journal.add_guardian("Olle", "Testsson", phone="070-000 00 02")
    journal.link_guardian(ids["Alva"], mother)
    journal.link_guardian(ids["Alva"], father)
    journal.write_marks(
        [
            MarkWrite(ids["Alva"], TODAY, "invalid"),
            MarkWrite(ids["[bold]x[/]"], TODAY, "invalid", lesson=2),
            MarkWrite(ids["Bo"], TODAY, "ill"),
        ]
    )
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, ids, mother


def _column(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def _open_notices(pilot) -> NoticesScreen:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("n")
    screen = await wait_for_screen(pilot, NoticesScreen)
    await wait_until(pilot, lambda: screen.listed is not None, what="the call list")
    return screen


async def test_log_told_by_keyboard_and_the_pupil_leaves_the_list(world):
    app, journal, ids, mother = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_notices(pilot)
        due = screen.query_one("#notices-due", DataTable)
        assert _column(due, 0) == ["Markup, [bold]x[/]", "Testsson, Alva"]  # shown as written
        assert "Lesson 2" in _column(due, 2)[0]
        assert "070-000 00 01" in _column(due, 3)[1] and "070-000 00 02" in _column(due, 3)[1]
        await pilot.press("j", "n")  # Alva: tried, nobody reached
        await wait_for_screen(pilot, FormDialog)
        await pilot.press("enter")  # the first guardian and the phone are chosen already
        await wait_for_screen(pilot, NoticesScreen)
        await wait_until(pilot, lambda: "not reached" in _column(due, 4)[-1], what="the try")
        await pilot.press("t", "enter")  # and now told
        await wait_for_screen(pilot, NoticesScreen)
        await wait_until(pilot, lambda: due.row_count == 1, what="Alva off the list")
    notices = journal.notices(ids["Alva"], TODAY)
    assert [(n.outcome, n.channel, n.guardian_id, n.recorded_by) for n in notices] == [
        (NoticeOutcome.NOT_REACHED, ContactChannel.PHONE, mother, "Kim Fiktiv"),
        (NoticeOutcome.TOLD, ContactChannel.PHONE, mother, "Kim Fiktiv"),
    ]


async def test_special_reasons_ask_for_the_reason(world):
    app, journal, ids, _mother = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_notices(pilot)
        await pilot.press("s")
        dialog = await wait_for_screen(pilot, FormDialog)
        await pilot.press("enter")  # no reason: refused under the field
        await wait_until(
            pilot,
            lambda: "needed" in str(dialog.query_one("#form-message", Static).render()),
            what="the refusal",
        )
        await fill(pilot, "Socialtjänsten avråder")
        await pilot.press("enter")
        await wait_for_screen(pilot, NoticesScreen)
        due = screen.query_one("#notices-due", DataTable)
        await wait_until(pilot, lambda: due.row_count == 1, what="the pupil off the list")
    (notice,) = journal.notices(ids["[bold]x[/]"], TODAY)
    assert (notice.outcome, notice.reason) == (
        NoticeOutcome.SPECIAL_REASONS,
        "Socialtjänsten avråder",
    )


async def test_the_marker_set_on_the_card_hides_the_pupil_from_the_call_list(world):
    app, journal, ids, _mother = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_pupil(ids["Alva"])
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        marker = card.query_one("#card-contact-marker", Static)
        assert not marker.display
        await pilot.press("x")
        await wait_for_screen(pilot, FormDialog)
        app.screen.query_one("#reason", Input).focus()
        await fill(pilot, "Risk för hedersrelaterat våld")
        await pilot.press("enter")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: marker.display, what="the marker")
        assert "MUST NOT BE CONTACTED" in str(marker.render())
        assert "hedersrelaterat" in str(marker.render())
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        screen = await _open_notices(pilot)
        due = screen.query_one("#notices-due", DataTable)
        apart = screen.query_one("#not-to-call", DataTable)
        assert _column(due, 0) == ["Markup, [bold]x[/]"]
        assert _column(apart, 0) == ["Testsson, Alva"]
        assert _column(apart, 2) == ["Risk för hedersrelaterat våld"]


async def test_add_and_grant_a_leave_request_from_the_card(world):
    app, journal, ids, _mother = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_pupil(ids["Bo"])
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await pilot.press("r")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#starts_on", Input).value = "2026-12-07"
        dialog.query_one("#ends_on", Input).value = "2026-12-09"
        dialog.query_one("#destination", Input).value = "Farmor i Umeå"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        table = card.query_one("#leave-requests", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, what="the request")
        assert str(table.get_row_at(0)[2]) == "Pending"
        await pilot.press("d")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#decided_by", Input).value = "Rektor Fiktiv"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(
            pilot, lambda: str(table.get_row_at(0)[2]) == "Granted", what="the decision"
        )
        total = str(card.query_one("#leave-total", Static).render())
        assert "3 of 10 school days" in total
    leave = journal.pupil_leave(ids["Bo"], TODAY)
    assert leave.requests[0].status == LeaveStatus.GRANTED
    assert [h.new_code for h in journal.mark_history(ids["Bo"], date(2026, 12, 8))] == ["leave"]


async def test_brackets_go_a_school_day_back_and_forth(world):
    app, journal, ids, _mother = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_notices(pilot)
        title = screen.query_one("#notices-title", Static)
        await pilot.press("left_square_bracket")  # Monday 30 November: back to Friday
        await wait_until(pilot, lambda: screen.listed.day == date(2026, 11, 27), what="Friday")
        assert "Friday 2026-11-27" in str(title.render())
        assert screen.query_one("#notices-due", DataTable).row_count == 0
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.listed.day == TODAY, what="back to Monday")
        assert screen.query_one("#notices-due", DataTable).row_count == 2
