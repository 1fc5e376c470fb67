"""Pilot tests of the case work on the case screen: W edits the whereabouts details (shown in
the header, kept in the journal, a wrong time refused), a sibling's step at another school
done with whom you spoke with, siblings at this school with their attendance, and the weekly
review appearing when the review step is done - checked in the journal."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, fill, wait_for_screen, wait_until
from textual.widgets import DataTable, Static

from storage.codes import CalendarKind, CaseKind, SchoolType
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from tui.dialogs.case_dialogs import CaseDetailsDialog, StepDoneDialog
from tui.screens.case import CaseScreen

DAY0 = date(2026, 11, 16)  # review_and_escalate (day 10) is due on TODAY, Monday 30 November


@pytest.fixture
def world(tmp_path):
    """Alva with an open missing-pupil case; Bo, her brother at the same school, absent
    today without a reason; Omar, a brother at an independent school elsewhere."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 17), date(2026, 12, 18), "HT"
    )
    group = journal.add_group(school, "7A", school_year=7)
    alva, bo = (
        journal.add_pupil(
            fictitious_personnummer(date(2013, 4, n), n),
            first,
            "Testsson",
            school_id=school,
            group_id=group,
            enrolled_on=date(2026, 8, 1),
        )
        for n, first in ((1, "Alva"), (2, "Bo"))
    )
    journal.add_sibling_link(alva, sibling_pupil_id=bo)
    omar = journal.add_sibling_link(
        alva,
        name="Omar Testsson",
        school_name="Ekens friskola",
        school_type=SchoolType.INDEPENDENT,
    )
    journal.write_marks([MarkWrite(bo, TODAY, "invalid")])
    journal.take_register(group, date(2026, 11, 27))  # Friday: Bo was there
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, case, omar


async def _open(pilot, case: int) -> CaseScreen:
    pilot.app.push_screen(CaseScreen(case))
    screen = await wait_for_screen(pilot, CaseScreen)
    await wait_until(pilot, lambda: screen.view is not None, what="the case")
    return screen


def _words(screen: CaseScreen) -> list[str]:
    table = screen.query_one("#case-steps", DataTable)
    return [str(table.get_row_at(row)[2]) for row in range(table.row_count)]


def _header(screen: CaseScreen) -> str:
    return str(screen.query_one("#case-header", Static).render())


async def test_whereabouts_details_by_keyboard_shown_and_kept(world):
    app, journal, case, _omar = world
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, case)
        assert "Whereabouts details: none yet (W adds them)" in _header(screen)
        await pilot.press("w")
        dialog = await wait_for_screen(pilot, CaseDetailsDialog)
        await fill(pilot, "2026-11-13")
        await pilot.press("tab")
        await fill(pilot, "i fredags kväll")  # not a time: refused with the form
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: "YYYY-MM-DD HH:MM" in str(dialog.query_one("#form-message").render()),
            what="the refusal",
        )
        dialog.query_one("#last_contact_at").value = ""
        await fill(pilot, "2026-11-15 19:30")
        await pilot.press("tab")
        await fill(pilot, "Hos moster, nås via mentor")
        await pilot.press("tab")
        await fill(pilot, "Testland")
        await pilot.press("tab")
        await fill(pilot, "2026-12-07")
        await pilot.press("tab", "enter")  # the refused-leave choice: open it
        await pilot.press("up", "up", "enter")  # from "Not known" to "Yes"
        await pilot.press("tab")
        await fill(pilot, "Klasskamrat")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: "Testland" in _header(screen), what="the details")
        header = _header(screen)
        for shown in (
            "Last school day: 2026-11-13",
            "Last contact: 2026-11-15 19:30",
            "Where, how to reach: Hos moster, nås via mentor",
            "Suspected country: Testland",
            "Expected back: 2026-12-07",
            "Leave refused: yes",
            "Source: Klasskamrat",
        ):
            assert shown in header, shown
    detail = journal.case_detail(case)
    assert (
        detail.last_school_day,
        detail.last_contact_at,
        detail.whereabouts,
        detail.suspected_country,
        detail.expected_return,
        detail.leave_refused,
        detail.information_source,
    ) == (
        date(2026, 11, 13),
        datetime(2026, 11, 15, 18, 30, tzinfo=UTC),  # 19:30 in Stockholm
        "Hos moster, nås via mentor",
        "Testland",
        date(2026, 12, 7),
        True,
        "Klasskamrat",
    )


async def test_a_siblings_step_is_done_with_whom_you_spoke_with(world):
    app, journal, case, omar = world
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, case)
        words = _words(screen)
        wanted = (
            "Contact the school of Omar Testsson, a sibling: Ekens friskola, "
            "Independent school (friskola)"
        )
        assert wanted in words
        assert "Contact the schools of siblings elsewhere, including independent schools" in words
        table = screen.query_one("#case-steps", DataTable)
        table.move_cursor(row=words.index(wanted))
        await pilot.pause()
        await pilot.press("d")
        dialog = await wait_for_screen(pilot, StepDoneDialog)
        await fill(pilot, "Mentor Eva Ek")
        await pilot.press("ctrl+s")  # no outcome: refused, the dialog stays
        await wait_until(
            pilot,
            lambda: "Outcome is needed" in str(dialog.query_one("#form-message").render()),
            what="the refusal",
        )
        await pilot.press("tab")
        await fill(pilot, "Omar också borta sedan måndag")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        detail = screen.query_one("#case-step-detail", Static)
        await wait_until(
            pilot, lambda: "spoke with Mentor Eva Ek" in str(detail.render()), what="the step"
        )
    step = next(s for s in journal.case_steps(case) if s.sibling_link_id == omar)
    assert (step.spoke_with, step.outcome) == ("Mentor Eva Ek", "Omar också borta sedan måndag")


async def test_siblings_at_this_school_show_their_attendance(world):
    app, _journal, case, _omar = world
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, case)
        shown = str(screen.query_one("#case-siblings", Static).render())
        assert "Siblings at this school:" in shown
        assert "Bo Testsson (7A): absent today, unexplained" in shown
        assert "last day present 2026-11-27; 1 unexplained day in two weeks" in shown


async def test_the_weekly_review_appears_when_the_review_step_is_done(world):
    app, journal, case, _omar = world
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, case)
        review = next(
            i for i, s in enumerate(screen.view.steps) if s.step_code == "review_and_escalate"
        )
        assert not any(w.startswith("Weekly review") for w in _words(screen))
        screen.query_one("#case-steps", DataTable).move_cursor(row=review)
        await pilot.pause()
        await pilot.press("d")
        await wait_for_screen(pilot, StepDoneDialog)
        await fill(pilot, "Ny orosanmälan gjord")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(
            pilot,
            lambda: any(w.startswith("Weekly review 1:") for w in _words(screen)),
            what="the weekly review",
        )
    assert [(s.step_code, s.due_on) for s in journal.case_steps(case)][-1] == (
        "weekly_review/1",
        date(2026, 12, 7),
    )
