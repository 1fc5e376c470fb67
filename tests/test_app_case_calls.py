"""Pilot tests of today's calls about open missing cases on the notices screen (N): a call
logged in one key shows at once, a pupil whose guardians must not be contacted is never
offered, and no call is logged on another day's list."""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, wait_for_screen, wait_until
from textual.widgets import DataTable

from storage.codes import CaseKind, ContactChannel, ContactOutcome, Counterpart
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from tui.screens.case import CaseScreen
from tui.screens.home import HomeScreen
from tui.screens.notices import NoticesScreen
from tui.widgets.case_call_table import CaseCallTable


@pytest.fixture
def world(tmp_path):
    """7A: Alva (open missing case; her mother has two numbers), Bo (honour-related case),
    Cilla (absent without a reason today, no case)."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    group = journal.add_group(school, "7A", school_year=7)
    ids = {}
    for n, first in enumerate(("Alva", "Bo", "Cilla"), 1):
        ids[first] = journal.add_pupil(
            fictitious_personnummer(date(2013, 4, n), n),
            first,
            "Testsson" if first != "Bo" else "Hemlig",
            school_id=school,
            group_id=group,
            today=TODAY,
        )
    mother = journal.add_guardian(
        "Eva", "Testsson", phone="070-000 00 01", phone_other="08-000 00 01"
    )
    journal.link_guardian(ids["Alva"], mother)
    bo_father = journal.add_guardian("Ali", "Hemlig", phone="070-000 00 09")
    journal.link_guardian(ids["Bo"], bo_father)
    cases = {
        "Alva": journal.open_case(ids["Alva"], CaseKind.MISSING, date(2026, 11, 25)),
        "Bo": journal.open_case(ids["Bo"], CaseKind.MISSING, date(2026, 11, 26)),
    }
    journal.set_honour_mode(cases["Bo"], True, "Hedersrelaterad oro")
    journal.write_marks([MarkWrite(ids["Cilla"], TODAY, "invalid")])
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, cases, mother


def _column(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def _open_calls(pilot) -> tuple[NoticesScreen, CaseCallTable]:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("n")
    screen = await wait_for_screen(pilot, NoticesScreen)
    await wait_until(pilot, lambda: screen.calls is not None, what="the call list")
    await pilot.press("tab")  # from the notices to the calls about open cases
    calls = screen.query_one("#case-calls", CaseCallTable)
    await wait_until(pilot, lambda: screen.focused is calls, what="the calls in focus")
    return screen, calls


async def test_a_call_is_logged_in_one_key_and_shows_at_once(world):
    app, journal, cases, mother = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen, calls = await _open_calls(pilot)
        assert _column(calls, 0) == ["Testsson, Alva", ""]  # one row per number
        assert _column(calls, 2) == ["070-000 00 01", "08-000 00 01"]
        assert _column(calls, 3) == ["", ""]
        assert _column(calls, 4) == ["Eva Testsson", ""]  # the name once, on the first number

        await pilot.press("a")  # no answer on the first number
        await wait_until(
            pilot, lambda: _column(calls, 3)[0].startswith("No answer "), what="the call shown"
        )
        await pilot.press("j", "m")  # a message left on the other
        await wait_until(
            pilot, lambda: _column(calls, 3)[1].startswith("Message left "), what="the call"
        )
        assert calls.cursor_row == 1  # the cursor stays on the number just called
        await pilot.press("r")
        await wait_until(pilot, lambda: "Reached" in _column(calls, 3)[1], what="the call")

        logged = sorted(journal.case_detail(cases["Alva"]).contacts, key=lambda c: c.id)
        assert [
            (c.channel, c.counterpart_kind, c.counterpart, c.number_or_address, c.outcome)
            for c in logged
        ] == [
            (
                ContactChannel.PHONE,
                Counterpart.GUARDIAN,
                "Eva Testsson",
                "070-000 00 01",
                "no_answer",
            ),
            (
                ContactChannel.PHONE,
                Counterpart.GUARDIAN,
                "Eva Testsson",
                "08-000 00 01",
                ContactOutcome.MESSAGE_LEFT,
            ),
            (
                ContactChannel.PHONE,
                Counterpart.GUARDIAN,
                "Eva Testsson",
                "08-000 00 01",
                "reached",
            ),
        ]
        # The notice keys do not work on a call row: nothing was told about Cilla.
        await pilot.press("t")
        await pilot.pause()
        assert screen.listed is not None and [r.first_name for r in screen.listed.due] == ["Cilla"]

        await pilot.press("enter")  # the case itself
        case_screen = await wait_for_screen(pilot, CaseScreen)
        assert case_screen.case_id == cases["Alva"]


async def test_a_pupil_whose_guardians_must_not_be_contacted_is_never_offered(world):
    app, journal, cases, _mother = world
    async with app.run_test(size=(120, 36)) as pilot:
        screen, calls = await _open_calls(pilot)
        assert "Hemlig, Bo" not in _column(calls, 0)
        assert "Ali Hemlig" not in _column(calls, 4)
        assert [r.call.case_id for r in calls.rows_shown] == [cases["Alva"]] * 2
        apart = screen.query_one("#not-to-call", DataTable)
        assert _column(apart, 0) == ["Hemlig, Bo"]
        assert _column(apart, 2) == ["Hedersrelaterad oro"]
        assert journal.case_detail(cases["Bo"]).contacts == ()


async def test_no_call_is_logged_on_another_days_list(world):
    app, journal, cases, _mother = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen, calls = await _open_calls(pilot)
        await pilot.press("[")
        await wait_until(
            pilot,
            lambda: screen.calls is not None and screen.calls.day < TODAY,
            what="the day before",
        )
        calls.focus()
        await pilot.press("r", "a", "m")
        await pilot.pause()
        assert journal.case_detail(cases["Alva"]).contacts == ()
        await pilot.press("ctrl+t")
        await wait_until(
            pilot, lambda: screen.calls is not None and screen.calls.day == TODAY, what="today"
        )
        calls.focus()
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: len(journal.case_detail(cases["Alva"]).contacts) == 1,
            what="the call logged",
        )
