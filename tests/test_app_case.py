"""Pilot tests of the case screen: opened from the pupil card, a checklist worked (done, not
applicable), a contact logged, the case closed and reopened, honour-related mode switched on
(family steps gone, the marker set, offered for a sibling) - checked in the journal."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, fill, wait_for_screen, wait_until
from textual.widgets import DataTable, Select, Static

from storage.codes import CalendarKind, CaseAction, CaseKind, CaseOutcome, CaseStatus, Counterpart
from storage.identity import fictitious_personnummer
from tui.dialogs.case_dialogs import ContactDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.screens.case import CaseScreen
from tui.screens.pupil_card import PupilCardScreen

DAY0 = date(2026, 11, 24)  # a Tuesday: the steps due on day 1 to 3 are overdue on TODAY


@pytest.fixture
def world(tmp_path):
    """Alva (named as markup) with an open missing-pupil case; Bo, her brother by a shared
    guardian, at the same school."""
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
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, alva, bo, case


def _column(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def _open_case(pilot, pupil_id: int) -> CaseScreen:
    pilot.app.open_pupil(pupil_id)
    card = await wait_for_screen(pilot, PupilCardScreen)
    await wait_until(pilot, lambda: card.card is not None, what="the card")
    await pilot.press("o")
    screen = await wait_for_screen(pilot, CaseScreen)
    await wait_until(pilot, lambda: screen.view is not None, what="the case")
    return screen


def _step(journal, case: int, code: str):
    return next(s for s in journal.case_steps(case) if s.step_code == code)


async def test_the_checklist_is_worked_by_keyboard(world):
    app, journal, alva, _bo, case = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_case(pilot, alva)
        steps = screen.query_one("#case-steps", DataTable)
        states = _column(steps, 0)
        assert states[:4] == ["Overdue"] * 4  # due on day 1 (Wednesday), today is Monday
        assert states[-1] == "Later"
        words = _column(steps, 2)
        assert words[0] == "Check it is not a registration error"
        classmates = next(w for w in words if w.startswith("Ask mentor"))
        assert "When did you last see them?" in classmates  # the step carries its questions
        assert "Has anyone been in touch on social media?" in classmates
        title = str(screen.query_one("#case-title", Static).render())
        assert title.startswith("[bold]x[/] Testsson")  # a name is shown as written

        first = screen.view.steps[0]
        await pilot.press("d")
        await wait_for_screen(pilot, FormDialog)
        await fill(pilot, "Ingen felregistrering")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: _column(steps, 0)[0] == "Done", what="the step done")
        done = _step(journal, case, first.step_code)
        assert done.done_at is not None and done.outcome == "Ingen felregistrering"
        assert done.done_by == "Kim Fiktiv" and not done.not_applicable

        await pilot.press("j", "n")  # the next step: not applicable, with the reason
        await wait_for_screen(pilot, FormDialog)
        await pilot.press("enter")  # no reason: refused, the dialog stays
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormDialog)
        await fill(pilot, "Inga vårdnadshavare att nå")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        second = screen.view.steps[1]
        await wait_until(pilot, lambda: _column(steps, 0)[1] == "Not applicable", what="n/a")
        settled = _step(journal, case, second.step_code)
        assert settled.not_applicable_reason == "Inga vårdnadshavare att nå"

        await pilot.press("k", "d")  # a settled step is not settled again
        await pilot.pause()
        assert isinstance(pilot.app.screen, CaseScreen)
        assert _step(journal, case, first.step_code).outcome == "Ingen felregistrering"


async def test_a_contact_is_logged_in_seconds(world):
    app, journal, alva, _bo, case = world
    earlier = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    journal.log_contact(alva, case_id=case, at=earlier, note="[bold]x[/]")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_case(pilot, alva)
        await pilot.press("l")
        dialog = await wait_for_screen(pilot, ContactDialog)
        await pilot.press("tab", "tab")  # phone, a guardian: chosen already
        await fill(pilot, "Eva Testsson")
        await pilot.press("tab")
        await fill(pilot, "070-000 00 01")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        contacts = screen.query_one("#case-contacts", DataTable)
        await wait_until(pilot, lambda: contacts.row_count == 2, what="the contact")
        assert dialog.is_attached is False
        logged = journal.case_detail(case).contacts
        assert len(logged) == 2
        assert _column(contacts, 4)[1] == "[bold]x[/]"  # a note is shown as written
        assert (logged[0].channel, logged[0].counterpart_kind, logged[0].outcome) == (
            "phone",
            Counterpart.GUARDIAN,
            "no_answer",
        )
        assert (logged[0].counterpart, logged[0].number_or_address) == (
            "Eva Testsson",
            "070-000 00 01",
        )
        assert "No answer" in _column(contacts, 3)


async def test_guardians_are_never_offered_when_they_must_not_be_contacted(world):
    app, journal, alva, _bo, case = world
    journal.set_no_guardian_contact(alva, True, "Skyddsbedömning")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_case(pilot, alva)
        note = str(screen.query_one("#case-contact-note", Static).render())
        assert "must not be contacted" in note
        await pilot.press("l")
        dialog = await wait_for_screen(pilot, ContactDialog)
        whom = dialog.query_one("#counterpart_kind", Select)
        offered = {value for _label, value in whom._options}
        assert Counterpart.GUARDIAN not in offered
        assert Counterpart.EMERGENCY_CONTACT not in offered
        assert whom.value == Counterpart.PUPIL
        assert "Skyddsbedömning" in str(dialog.query_one("#form-message", Static).render())
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: journal.case_detail(case).contacts, what="the contact")
        assert journal.case_detail(case).contacts[0].counterpart_kind == Counterpart.PUPIL


async def test_close_then_reopen(world):
    app, journal, alva, _bo, case = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_case(pilot, alva)
        await pilot.press("c")
        await wait_for_screen(pilot, FormDialog)
        await pilot.press("tab", "tab")  # located: chosen already; no destination
        await fill(pilot, "Tillbaka i skolan")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(
            pilot, lambda: screen.view.case.status == CaseStatus.CLOSED, what="closed"
        )
        detail = journal.case_detail(case)
        assert (detail.status, detail.close_reason) == (CaseStatus.CLOSED, CaseOutcome.LOCATED)
        header = str(screen.query_one("#case-header", Static).render())
        assert "Closed: Located or back at school" in header

        await pilot.press("c")  # closed already: C is not offered, no dialog
        await pilot.pause()
        assert isinstance(pilot.app.screen, CaseScreen)
        # The footer offers Reopen, not Close or Honour mode (Textual shows what check_action
        # does not refuse).
        assert [
            screen.check_action(a, ()) for a in ("reopen_case", "close_case", "honour_mode")
        ] == [
            True,
            False,
            False,
        ]

        await pilot.press("r")
        await wait_for_screen(pilot, FormDialog)
        await fill(pilot, "Borta igen")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: screen.view.case.status == CaseStatus.OPEN, what="open")
        assert [
            screen.check_action(a, ()) for a in ("reopen_case", "close_case", "honour_mode")
        ] == [
            False,
            True,
            True,
        ]
        events = journal.case_events(case)
        assert [e.action for e in events] == [
            CaseAction.OPENED,
            CaseAction.CLOSED,
            CaseAction.REOPENED,
        ]
        assert (events[1].outcome, events[1].reason) == (CaseOutcome.LOCATED, "Tillbaka i skolan")
        assert (events[2].reason, events[2].actor) == ("Borta igen", "Kim Fiktiv")
        history = str(screen.query_one("#case-events", Static).render())
        assert history.index("Reopened") < history.index("Closed") < history.index("Opened")


async def test_honour_mode_on_removes_family_steps_and_marks_the_sibling(world):
    app, journal, alva, bo, case = world
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_case(pilot, alva)
        await pilot.press("h")
        await wait_for_screen(pilot, FormDialog)
        await fill(pilot, "Risk för bortförande")
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)  # the sibling is offered the marker
        question = str(pilot.app.screen.query_one("#confirm-question", Static).render())
        assert "Bo Testsson" in question
        await pilot.press("tab", "enter")  # "Mark"
        await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: journal.pupil_card(bo).pupil.no_guardian_contact)
        await wait_until(pilot, lambda: screen.view.case.honour_related, what="the mode")

        codes = {s.step_code for s in journal.case_steps(case)}
        assert "contact_guardians" not in codes and "home_visit" not in codes
        assert {"see_pupil_alone", "consult_social_services_now"} <= codes
        pupil = journal.pupil_card(alva).pupil
        assert pupil.no_guardian_contact
        assert pupil.no_guardian_contact_reason == "Risk för bortförande"
        assert journal.pupil_card(bo).pupil.no_guardian_contact_reason == "Risk för bortförande"
        header = str(screen.query_one("#case-header", Static).render())
        assert "Honour-related: YES" in header


async def test_a_pupil_with_several_cases_chooses_one(world):
    app, journal, alva, _bo, case = world
    absence = journal.open_case(alva, CaseKind.PROBLEMATIC_ABSENCE, date(2026, 10, 1))
    async with app.run_test(size=(120, 36)) as pilot:
        pilot.app.open_pupil(alva)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await pilot.press("o")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")  # the second: the absence investigation
        screen = await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: screen.view is not None, what="the case")
        assert screen.case_id == absence != case
        assert screen.query_one("#case-clock", Static).display is False  # no missing clock
