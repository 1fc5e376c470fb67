"""A step per sibling at another school on a missing pupil's case (storage.sibling_steps):
which siblings get one, when it is due, a sibling linked while the case is open, whom you
spoke with, and removing a link a step points at."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage import sibling_steps
from storage.codes import CaseKind, CaseOutcome, SchoolType
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer

# Day 0 is Monday 12 October 2026: the template's contact_sibling_schools (day 2) is due
# Wednesday 14 October.
DAY0 = date(2026, 10, 12)
SIBLING_DUE = date(2026, 10, 14)


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    ids = {}
    for name in ("Provskolan", "Bäckskolan"):
        school = journal.add_school(name)
        journal.add_calendar_period(school, "term", date(2026, 8, 17), date(2026, 12, 18), "HT")
        journal.add_calendar_period(
            school, "break", date(2026, 11, 2), date(2026, 11, 6), "Höstlov"
        )
        ids[name] = school
    serial = 0

    def pupil(first: str, school: str = "Provskolan") -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2012, 3, 1), serial),
            first,
            "Testsson",
            school_id=ids[school],
        )

    return journal, pupil


def sibling_rows(journal, case: int) -> list[tuple]:
    return [
        (s.step_code, s.due_on, s.sibling_name, s.sibling_school, s.sibling_school_type)
        for s in journal.case_steps(case)
        if s.sibling_link_id is not None
    ]


def codes(journal, case: int) -> list[str]:
    return [s.step_code for s in journal.case_steps(case)]


def test_each_sibling_elsewhere_gets_a_step_and_siblings_here_do_not(world):
    journal, pupil = world
    alva, bo, cai = pupil("Alva"), pupil("Bo", "Bäckskolan"), pupil("Cai")
    omar = journal.add_sibling_link(
        alva,
        name="Omar Testsson",
        birth_year=2010,
        school_name="Ekens friskola",
        school_type=SchoolType.INDEPENDENT,
    )
    at_backskolan = journal.add_sibling_link(bo, sibling_pupil_id=alva)  # linked from Bo's side
    journal.add_sibling_link(alva, sibling_pupil_id=cai)  # same school: no step
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    assert sibling_rows(journal, case) == [
        (f"contact_sibling_school/{omar}", SIBLING_DUE, "Omar Testsson", "Ekens friskola",
         SchoolType.INDEPENDENT),
        (f"contact_sibling_school/{at_backskolan}", SIBLING_DUE, "Bo Testsson", "Bäckskolan",
         SchoolType.MUNICIPAL),
    ]  # fmt: skip
    # The general step stays: for the siblings nobody has entered yet.
    assert "contact_sibling_schools" in codes(journal, case)


def test_no_sibling_steps_on_a_problematic_absence_investigation(world):
    journal, pupil = world
    alva = pupil("Alva")
    journal.add_sibling_link(alva, name="Omar Testsson", school_name="Ekens friskola")
    case = journal.open_case(alva, CaseKind.PROBLEMATIC_ABSENCE, DAY0)
    assert sibling_rows(journal, case) == []


def test_a_sibling_linked_while_the_case_is_open_gets_a_step_due_from_that_day(world, monkeypatch):
    journal, pupil = world
    alva = pupil("Alva")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    other = journal.open_case(pupil("Dan"), CaseKind.MISSING, DAY0)
    assert sibling_rows(journal, case) == []
    # Linked Thursday 29 October: due two school days on (Friday 30, höstlov, Monday 9 November).
    monkeypatch.setattr(sibling_steps, "now", lambda: datetime(2026, 10, 29, 12, 0, tzinfo=UTC))
    link = journal.add_sibling_link(alva, name="Omar Testsson", school_name="Ekens friskola")
    assert sibling_rows(journal, case) == [
        (f"contact_sibling_school/{link}", date(2026, 11, 9), "Omar Testsson",
         "Ekens friskola", SchoolType.UNKNOWN),
    ]  # fmt: skip
    assert sibling_rows(journal, other) == []  # another pupil's case is not touched
    # A closed case gets no step for a sibling linked after.
    journal.close_case(case, CaseOutcome.LOCATED, "Tillbaka")
    journal.add_sibling_link(alva, name="Lina Testsson", school_name="Ekens friskola")
    assert len(sibling_rows(journal, case)) == 1


def test_a_siblings_step_is_done_with_whom_you_spoke_with_and_the_outcome(world):
    journal, pupil = world
    alva = pupil("Alva")
    journal.add_sibling_link(alva, name="Omar Testsson", school_name="Ekens friskola")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    step = next(s for s in journal.case_steps(case) if s.sibling_link_id is not None)
    for spoke_with, outcome, field in (
        ("", "Också borta", "spoke_with"),
        ("Mentor", "", "outcome"),
    ):
        with pytest.raises(InvalidValue) as refused:
            journal.complete_step(step.id, outcome, spoke_with=spoke_with)
        assert (refused.value.field, refused.value.reason) == (field, "empty")
    journal.complete_step(step.id, "Syskonet också borta sedan måndag", spoke_with="Mentor Eva")
    done = next(s for s in journal.case_steps(case) if s.id == step.id)
    assert (done.spoke_with, done.outcome, done.done_by) == (
        "Mentor Eva",
        "Syskonet också borta sedan måndag",
        "Karin Kurator",
    )
    # Any other step needs neither.
    general = next(s for s in journal.case_steps(case) if s.step_code == "check_registration")
    journal.complete_step(general.id)


def test_removing_a_link_takes_its_open_step_and_is_refused_once_the_step_is_settled(world):
    journal, pupil = world
    alva = pupil("Alva")
    wrong = journal.add_sibling_link(alva, name="Fel Person", school_name="Någonstans")
    kept = journal.add_sibling_link(alva, name="Omar Testsson", school_name="Ekens friskola")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    journal.remove_sibling_link(wrong)  # entered by mistake, nothing done: the step goes too
    assert [row[2] for row in sibling_rows(journal, case)] == ["Omar Testsson"]

    step = next(s for s in journal.case_steps(case) if s.sibling_link_id == kept)
    journal.mark_step_not_applicable(step.id, "Syskonet har flyttat utomlands")
    with pytest.raises(InvalidValue) as refused:
        journal.remove_sibling_link(kept)
    assert (refused.value.field, refused.value.reason) == ("sibling_link", "in_case_record")
    # The step still names the sibling and their school.
    assert [row[2:4] for row in sibling_rows(journal, case)] == [
        ("Omar Testsson", "Ekens friskola")
    ]


def test_honour_mode_keeps_the_sibling_steps(world):
    journal, pupil = world
    alva = pupil("Alva")
    journal.add_sibling_link(alva, name="Omar Testsson", school_name="Ekens friskola")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    journal.set_honour_mode(case, True, "Oro för resa")
    assert len(sibling_rows(journal, case)) == 1


def test_the_refused_removal_reads_in_swedish():
    from tui import i18n
    from tui.error_text import sentence_for

    i18n.set_language("sv")
    try:
        sentence = sentence_for(InvalidValue("sibling_link", "in_case_record"))
    finally:
        i18n.set_language("en")
    assert "syskonet finns i ett ärendes dokumentation" in sentence
    assert "sibling_link" not in sentence and "in_case_record" not in sentence
