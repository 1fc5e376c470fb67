"""A case's life (storage.case_lifecycle): opened, closed with an outcome, reopened, switched
into honour-related mode; every change an event with who, when and why; impossible changes
refused. And the checklist's due dates in school days, and overdue at its boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from storage import models as m
from storage.checklist import MISSING_PUPIL_STEPS, is_overdue
from storage.codes import CaseAction, CaseKind, CaseOutcome, CaseStatus, Relation
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer

DAY0 = date(2026, 10, 30)  # the Friday before höstlov (2-6 November)
OPENED = datetime(2026, 10, 30, 8, 30, tzinfo=UTC)
CLOSED = datetime(2026, 11, 10, 14, 0, tzinfo=UTC)
REOPENED = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def school(journal):
    school = journal.add_school("Provskolan")
    journal.add_calendar_period(school, "term", date(2026, 8, 17), date(2026, 12, 18), "HT")
    journal.add_calendar_period(school, "break", date(2026, 11, 2), date(2026, 11, 6), "Höstlov")
    return school


@pytest.fixture
def alva(journal, school):
    pupil = journal.add_pupil(
        fictitious_personnummer(date(2013, 5, 3), 0), "Alva", "Testsson", school_id=school
    )
    return pupil


def _case(journal, case_id: int) -> m.Case:
    with Session(journal._engine) as session:
        case = session.get(m.Case, case_id)
        assert case is not None
        return case


def _events(journal, case_id: int) -> list[tuple]:
    return [
        (e.at, e.actor, e.action, e.outcome, e.reason, e.detail)
        for e in journal.case_events(case_id)
    ]


# -- open, close, reopen -----------------------------------------------------------------------


def test_a_case_opens_closes_and_reopens_with_every_change_recorded(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    first = journal.case_steps(case)[0]
    journal.complete_step(first.id, "Inget registreringsfel", at=OPENED)

    journal.close_case(case, CaseOutcome.LOCATED, "Tillbaka i skolan", at=CLOSED)
    closed = _case(journal, case)
    assert (closed.status, closed.close_reason, closed.closed_by) == (
        CaseStatus.CLOSED,
        CaseOutcome.LOCATED,
        "Karin Kurator",
    )
    assert journal.open_cases(date(2026, 11, 30)) == []

    journal.actor = "Sam Skolsköterska"
    journal.reopen_case(case, "Borta igen sedan i morse", at=REOPENED)
    reopened = _case(journal, case)
    assert (reopened.status, reopened.closed_at, reopened.close_reason) == (
        CaseStatus.OPEN,
        None,
        "",
    )
    # The steps stay, the done one as it was.
    steps = journal.case_steps(case)
    assert len(steps) == len([s for s in MISSING_PUPIL_STEPS if not s.honour_only])
    assert steps[0].id == first.id and steps[0].outcome == "Inget registreringsfel"
    assert _events(journal, case) == [
        (OPENED, "Karin Kurator", CaseAction.OPENED, "", "", ""),
        (CLOSED, "Karin Kurator", CaseAction.CLOSED, CaseOutcome.LOCATED, "Tillbaka i skolan", ""),
        (REOPENED, "Sam Skolsköterska", CaseAction.REOPENED, "", "Borta igen sedan i morse", ""),
    ]


def test_closing_as_moved_needs_a_destination_and_keeps_it_in_the_event(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    with pytest.raises(InvalidValue) as refused:
        journal.close_case(case, CaseOutcome.MOVED, "Flyttat", at=CLOSED)
    assert (refused.value.field, refused.value.reason) == ("destination", "empty")
    with pytest.raises(InvalidValue) as refused:
        journal.close_case(case, CaseOutcome.MOVED, "Flyttat", destination="  ", at=CLOSED)
    assert (refused.value.field, refused.value.reason) == ("destination", "empty")
    with pytest.raises(InvalidValue) as refused:
        journal.close_case(case, CaseOutcome.LOCATED, "Hittad", destination="Malmö", at=CLOSED)
    assert (refused.value.field, refused.value.reason) == ("destination", "not_moved")
    assert _case(journal, case).status == CaseStatus.OPEN

    journal.close_case(
        case, CaseOutcome.MOVED, "Bekräftat av nya skolan", destination=" Malmö ", at=CLOSED
    )
    assert _events(journal, case)[-1] == (
        CLOSED,
        "Karin Kurator",
        CaseAction.CLOSED,
        CaseOutcome.MOVED,
        "Bekräftat av nya skolan",
        "Malmö",
    )


@pytest.mark.parametrize(
    ("kind", "outcome", "allowed"),
    [
        (CaseKind.MISSING, CaseOutcome.LOCATED, True),
        (CaseKind.MISSING, CaseOutcome.ABROAD, True),
        (CaseKind.MISSING, CaseOutcome.OTHER, True),
        (CaseKind.MISSING, CaseOutcome.RESOLVED, False),
        (CaseKind.PROBLEMATIC_ABSENCE, CaseOutcome.RESOLVED, True),
        (CaseKind.PROBLEMATIC_ABSENCE, CaseOutcome.OTHER, True),
        (CaseKind.PROBLEMATIC_ABSENCE, CaseOutcome.LOCATED, False),
        (CaseKind.PROBLEMATIC_ABSENCE, CaseOutcome.ABROAD, False),
    ],
)
def test_each_track_closes_with_its_own_outcomes(journal, alva, kind, outcome, allowed):
    case = journal.open_case(alva, kind, DAY0, at=OPENED)
    if allowed:
        journal.close_case(case, outcome, "Skäl", at=CLOSED)
        assert _case(journal, case).close_reason == outcome
    else:
        with pytest.raises(InvalidValue) as refused:
            journal.close_case(case, outcome, "Skäl", at=CLOSED)
        assert (refused.value.field, refused.value.reason) == ("outcome", "other_track")
        assert _case(journal, case).status == CaseStatus.OPEN


def test_impossible_transitions_are_refused_and_change_nothing(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    with pytest.raises(InvalidValue) as refused:
        journal.reopen_case(case, "Varför inte")
    assert (refused.value.field, refused.value.reason) == ("case", "open_already")
    with pytest.raises(InvalidValue) as refused:
        journal.open_case(alva, CaseKind.MISSING, DAY0)
    assert (refused.value.field, refused.value.reason) == ("case", "already_open")
    with pytest.raises(InvalidValue) as refused:
        journal.close_case(case, "found_it", "Skäl")
    assert (refused.value.field, refused.value.reason) == ("outcome", "unknown")

    journal.close_case(case, CaseOutcome.LOCATED, "Hittad", at=CLOSED)
    with pytest.raises(InvalidValue) as refused:
        journal.close_case(case, CaseOutcome.OTHER, "Igen")
    assert (refused.value.field, refused.value.reason) == ("case", "closed_already")
    with pytest.raises(InvalidValue) as refused:
        journal.reopen_case(case, "  ")
    assert (refused.value.field, refused.value.reason) == ("reason", "empty")
    with pytest.raises(InvalidValue) as refused:
        journal.set_honour_mode(case, True, "Oro")
    assert (refused.value.field, refused.value.reason) == ("case", "closed_already")

    # A new missing case while this one is closed; then this one cannot reopen beside it.
    journal.open_case(alva, CaseKind.MISSING, date(2026, 11, 16))
    with pytest.raises(InvalidValue) as refused:
        journal.reopen_case(case, "Borta igen")
    assert (refused.value.field, refused.value.reason) == ("case", "already_open")
    assert [e[2] for e in _events(journal, case)] == [CaseAction.OPENED, CaseAction.CLOSED]
    with pytest.raises(NotFound):
        journal.close_case(999_999, CaseOutcome.LOCATED, "Skäl")


def test_the_two_tracks_are_apart_one_open_case_of_each(journal, alva):
    missing = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    absence = journal.open_case(alva, CaseKind.PROBLEMATIC_ABSENCE, DAY0, at=OPENED)
    assert {c.case_id for c in journal.open_cases(date(2026, 11, 30))} == {missing, absence}
    with pytest.raises(InvalidValue):
        journal.open_absence_investigation(alva, DAY0, "Hög frånvaro")


def test_case_events_are_append_only(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    with journal._session() as session:
        event = session.exec(select(m.CaseEvent).where(m.CaseEvent.case_id == case)).one()
        event.reason = "skrivet i efterhand"
        with pytest.raises(InvalidValue) as refused:
            session.flush()
        session.rollback()
    assert (refused.value.field, refused.value.reason) == ("case_event", "append_only")
    with journal._session() as session:
        event = session.exec(select(m.CaseEvent).where(m.CaseEvent.case_id == case)).one()
        session.delete(event)
        with pytest.raises(InvalidValue):
            session.flush()
        session.rollback()
    assert _events(journal, case) == [(OPENED, "Karin Kurator", CaseAction.OPENED, "", "", "")]


# -- due dates in school days, overdue --------------------------------------------------------


def test_steps_are_due_in_school_days_at_the_pupils_school_across_a_break(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    due = {s.step_code: s.due_on for s in journal.case_steps(case)}
    # Day 1 is the Monday after höstlov, not the Monday in it.
    assert due["check_registration"] == date(2026, 11, 9)
    assert due["contact_sibling_schools"] == date(2026, 11, 10)
    assert due["report_of_concern"] == date(2026, 11, 11)
    assert due["missing_person_decision"] == date(2026, 11, 13)
    assert due["review_and_escalate"] == date(2026, 11, 20)


def test_a_pupil_without_a_school_counts_weekdays_and_holidays_are_not_school_days(journal):
    bo = journal.add_pupil(fictitious_personnummer(date(2013, 8, 9), 1), "Bo", "Prov")
    case = journal.open_case(bo, CaseKind.MISSING, date(2026, 12, 23), at=OPENED)
    due = {s.step_code: s.due_on for s in journal.case_steps(case)}
    # Julafton is a weekday by law; juldagen (Friday 25th) is a public holiday, then the weekend.
    assert due["check_registration"] == date(2026, 12, 24)
    assert due["contact_sibling_schools"] == date(2026, 12, 28)


def test_no_school_day_in_reach_falls_back_to_weekdays(journal, alva):
    # The school's calendar ends with the autumn term: nothing after 18 December.
    case = journal.open_case(alva, CaseKind.MISSING, date(2026, 12, 17), at=OPENED)
    due = {s.step_code: s.due_on for s in journal.case_steps(case)}
    assert due["check_registration"] == date(2026, 12, 18)  # still a school day
    assert due["review_and_escalate"] == date(2026, 12, 31)  # ten weekdays on


@pytest.mark.parametrize(
    ("due_on", "settled", "overdue"),
    [
        (date(2026, 11, 9), False, True),  # due yesterday, not done
        (date(2026, 11, 10), False, False),  # due today: not overdue yet
        (date(2026, 11, 11), False, False),
        (date(2026, 11, 9), True, False),  # done or not applicable
    ],
)
def test_overdue_is_due_before_today_and_not_settled(due_on, settled, overdue):
    assert is_overdue(due_on, settled, date(2026, 11, 10)) is overdue


def test_a_step_is_done_or_not_applicable_with_a_note_who_and_when(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    steps = {s.step_code: s for s in journal.case_steps(case)}
    when = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)
    journal.mark_step_not_applicable(
        steps["check_siblings_here"].id, "Inga syskon på skolan", at=when
    )
    with pytest.raises(InvalidValue) as refused:
        journal.mark_step_not_applicable(steps["home_visit"].id, " ")
    assert (refused.value.field, refused.value.reason) == ("reason", "empty")
    with pytest.raises(InvalidValue) as refused:
        journal.mark_step_not_applicable(steps["check_siblings_here"].id, "Igen")
    assert (refused.value.field, refused.value.reason) == ("step", "settled_already")
    row = {s.step_code: s for s in journal.case_steps(case)}["check_siblings_here"]
    assert (row.done_at, row.done_by, row.not_applicable_reason, row.not_applicable) == (
        when,
        "Karin Kurator",
        "Inga syskon på skolan",
        True,
    )
    assert not is_overdue(row.due_on, row.done_at is not None, date(2026, 12, 1))


# -- honour-related mode -----------------------------------------------------------------------


@pytest.fixture
def family(journal, school, alva):
    """Alva's brother Bo shares her guardian; Cilla is at another school, linked by hand."""
    bo = journal.add_pupil(
        fictitious_personnummer(date(2015, 2, 1), 1), "Bo", "Testsson", school_id=school
    )
    mother = journal.add_guardian("Maja", "Testsson")
    journal.link_guardian(alva, mother, relation=Relation.GUARDIAN)
    journal.link_guardian(bo, mother, relation=Relation.GUARDIAN)
    journal.add_sibling_link(alva, name="Cilla Testsson", school_name="Annan skola")
    return bo


def test_honour_mode_removes_open_family_steps_adds_honour_steps_and_sets_the_marker(
    journal, alva, family
):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=OPENED)
    steps = {s.step_code: s for s in journal.case_steps(case)}
    journal.complete_step(steps["contact_guardians"].id, "Mamma nådd", at=OPENED)

    switched = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)
    change = journal.set_honour_mode(case, True, "Eleven berättar om tvångsgifte", at=switched)

    assert change.removed_steps == ("home_visit",)  # the done call stays, as history
    assert change.added_steps == (
        "consult_social_services_now",
        "see_pupil_alone",
        "agree_safe_contact",
    )
    assert [(s.pupil_id, s.name) for s in change.siblings] == [(family, "Bo Testsson")]
    after = {s.step_code: s for s in journal.case_steps(case)}
    assert "home_visit" not in after
    assert after["contact_guardians"].outcome == "Mamma nådd"
    # Due from the day of the switch: "now" is now.
    assert after["consult_social_services_now"].due_on == date(2026, 11, 9)
    assert after["see_pupil_alone"].due_on == date(2026, 11, 10)
    with Session(journal._engine) as session:
        pupil = session.get(m.Pupil, alva)
        assert pupil is not None
        assert (pupil.no_guardian_contact, pupil.no_guardian_contact_reason) == (
            True,
            "Eleven berättar om tvångsgifte",
        )
    assert _case(journal, case).honour_related is True
    assert _events(journal, case)[-1] == (
        switched,
        "Karin Kurator",
        CaseAction.HONOUR_ON,
        "",
        "Eleven berättar om tvångsgifte",
        "",
    )
    # A report of concern on the case is never "guardians informed".
    with pytest.raises(InvalidValue) as refused:
        journal.record_concern_report(alva, case_id=case, guardians_informed=True)
    assert (refused.value.field, refused.value.reason) == ("guardians_informed", "honour_related")
    # Nor can a notice be recorded as told to them.
    with pytest.raises(InvalidValue):
        journal.record_notice(alva, date(2026, 11, 9), "told")


def test_honour_mode_off_brings_family_steps_back_and_keeps_the_marker(journal, alva, family):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, honour_related=True, at=OPENED)
    codes = {s.step_code for s in journal.case_steps(case)}
    assert not codes & {s.code for s in MISSING_PUPIL_STEPS if s.contacts_family}
    assert {"see_pupil_alone", "agree_safe_contact", "consult_social_services_now"} <= codes
    see_alone = next(s for s in journal.case_steps(case) if s.step_code == "see_pupil_alone")
    journal.complete_step(see_alone.id, "Samtal i enrum")
    with pytest.raises(InvalidValue) as refused:
        journal.set_honour_mode(case, True, "Oro")
    assert (refused.value.field, refused.value.reason) == ("honour_related", "unchanged")
    journal.set_no_guardian_contact(alva, True, "Hedersrelaterad oro")

    change = journal.set_honour_mode(
        case, False, "Oron avskriven efter samtal", at=datetime(2026, 11, 10, 9, tzinfo=UTC)
    )
    assert change.removed_steps == ("consult_social_services_now", "agree_safe_contact")
    assert change.added_steps == ("contact_guardians", "home_visit")
    after = {s.step_code for s in journal.case_steps(case)}
    assert {"contact_guardians", "home_visit", "see_pupil_alone"} <= after
    with Session(journal._engine) as session:
        pupil = session.get(m.Pupil, alva)
        assert pupil is not None and pupil.no_guardian_contact is True
    with pytest.raises(InvalidValue) as refused:
        journal.set_honour_mode(case, True, "")
    assert (refused.value.field, refused.value.reason) == ("reason", "empty")
