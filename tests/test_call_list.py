"""Today's calls about open missing cases: who is on the list (open missing cases only),
whom to call and the numbers, the day's attempts, and the pupils whose guardians must never
be called (listed apart; storage refuses a call to them however it is asked)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.codes import CaseKind, CaseOutcome, ContactOutcome, Counterpart, Relation
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer

DAY = date(2026, 11, 30)
# 00:30 in Stockholm on DAY is 23:30 UTC the day before; 23:30 on DAY is 22:30 UTC.
EARLY = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
LATE = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)
NEXT_DAY = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    return journal


@pytest.fixture
def world(journal):
    """Pupils 1..5 in 7B (1 and 2 in 7A), each with a mother; pupil 1 also a father and an
    emergency contact. Missing cases: 1, 2, 3 (honour-related), 4 (closed); 5 a problematic-
    absence case."""
    school = journal.add_school("Skolan")
    groups = {name: journal.add_group(school, name) for name in ("7A", "7B")}
    pupils, mothers = [], []
    for n in range(1, 6):
        pupil = journal.add_pupil(
            fictitious_personnummer(date(2013, 3, n), n),
            "Elev",
            f"Prov{n}",
            school_id=school,
            group_id=groups["7A" if n <= 2 else "7B"],
        )
        mother = journal.add_guardian("Mamma", f"Prov{n}", phone=f"070-000 00 0{n}")
        journal.link_guardian(pupil, mother)
        pupils.append(pupil)
        mothers.append(mother)
    father = journal.add_guardian(
        "Pappa", "Prov1", phone="070-000 00 11", phone_other="08-000 00 11"
    )
    journal.link_guardian(pupils[0], father)
    neighbour = journal.add_guardian("Granne", "Grann", phone="070-000 00 99")
    journal.link_guardian(pupils[0], neighbour, relation=Relation.EMERGENCY_CONTACT)
    cases = [
        journal.open_case(pupils[0], CaseKind.MISSING, date(2026, 11, 25)),
        journal.open_case(pupils[1], CaseKind.MISSING, date(2026, 11, 26)),
        journal.open_case(pupils[2], CaseKind.MISSING, date(2026, 11, 26)),
        journal.open_case(pupils[3], CaseKind.MISSING, date(2026, 11, 20)),
        journal.open_case(pupils[4], CaseKind.PROBLEMATIC_ABSENCE, date(2026, 11, 2)),
    ]
    journal.set_honour_mode(cases[2], True, "Oro för resa")
    journal.close_case(cases[3], CaseOutcome.LOCATED, "Hemma igen")
    return pupils, mothers, father, neighbour, cases


def test_only_open_missing_cases_are_listed_with_every_adult_and_their_numbers(journal, world):
    pupils, mothers, father, neighbour, cases = world
    listed = journal.case_calls(DAY)
    assert listed.day == DAY
    assert [(c.case_id, c.pupil_id, c.class_name, c.day0) for c in listed.calls] == [
        (cases[0], pupils[0], "7A", date(2026, 11, 25)),
        (cases[1], pupils[1], "7A", date(2026, 11, 26)),
    ]
    first = listed.calls[0]
    assert [(g.id, g.relation, g.phone, g.phone_other) for g in first.guardians] == [
        (mothers[0], Relation.GUARDIAN, "070-000 00 01", ""),
        (father, Relation.GUARDIAN, "070-000 00 11", "08-000 00 11"),
        (neighbour, Relation.EMERGENCY_CONTACT, "070-000 00 99", ""),
    ]
    assert first.attempts == [] and listed.calls[1].attempts == []
    # The honour-related case comes apart, with the marker's reason.
    assert [(c.case_id, c.pupil_id, c.reason, c.honour_related) for c in listed.not_to_call] == [
        (cases[2], pupils[2], "Oro för resa", True)
    ]


def test_a_marked_pupil_without_an_honour_related_case_is_apart_too(journal, world):
    pupils, _mothers, _father, _neighbour, cases = world
    journal.set_no_guardian_contact(pupils[1], True, "Skyddat boende")
    listed = journal.case_calls(DAY)
    assert [c.case_id for c in listed.calls] == [cases[0]]
    assert [(c.case_id, c.reason, c.honour_related) for c in listed.not_to_call] == [
        (cases[1], "Skyddat boende", False),
        (cases[2], "Oro för resa", True),
    ]


def test_a_logged_call_is_on_the_case_that_day_only(journal, world):
    pupils, mothers, father, neighbour, cases = world
    first = journal.log_case_call(
        cases[0], father, "08-000 00 11", ContactOutcome.NO_ANSWER, at=EARLY
    )
    second = journal.log_case_call(
        cases[0], neighbour, "070-000 00 99", ContactOutcome.MESSAGE_LEFT, at=LATE
    )
    journal.log_case_call(
        cases[0], mothers[0], "070-000 00 01", ContactOutcome.REACHED, at=NEXT_DAY
    )
    journal.log_case_call(cases[1], mothers[1], "070-000 00 02", ContactOutcome.REACHED, at=EARLY)
    listed = journal.case_calls(DAY)
    attempts = listed.calls[0].attempts
    assert [
        (a.id, a.guardian_id, a.number_or_address, a.outcome, a.counterpart_kind, a.counterpart)
        for a in attempts
    ] == [
        (
            first,
            father,
            "08-000 00 11",
            ContactOutcome.NO_ANSWER,
            Counterpart.GUARDIAN,
            "Pappa Prov1",
        ),
        (
            second,
            neighbour,
            "070-000 00 99",
            ContactOutcome.MESSAGE_LEFT,
            Counterpart.EMERGENCY_CONTACT,
            "Granne Grann",
        ),
    ]
    assert [a.at for a in attempts] == [EARLY, LATE]
    assert [a.outcome for a in listed.calls[1].attempts] == [ContactOutcome.REACHED]
    # The call is in the case's contact log, by phone, recorded by the counsellor.
    log = journal.case_detail(cases[0]).contacts
    assert {(c.channel, c.recorded_by) for c in log} == {("phone", "Kim Kurator")}
    assert len(log) == 3


def test_no_call_to_the_family_of_a_pupil_whose_guardians_must_not_be_contacted(journal, world):
    pupils, mothers, _father, _neighbour, cases = world
    with pytest.raises(InvalidValue) as refused:
        journal.log_case_call(cases[2], mothers[2], "070-000 00 03", ContactOutcome.REACHED)
    assert (refused.value.field, refused.value.reason) == (
        "counterpart_kind",
        "guardians_not_contacted",
    )
    # Not by the case screen's own log either: a guardian, or any adult linked to the pupil.
    with pytest.raises(InvalidValue):
        journal.log_contact(pupils[2], case_id=cases[2], counterpart_kind=Counterpart.GUARDIAN)
    # The pupil and social services may be reached, of course.
    journal.log_contact(pupils[2], case_id=cases[2], counterpart_kind=Counterpart.PUPIL)
    journal.log_contact(pupils[2], case_id=cases[2], counterpart_kind=Counterpart.SOCIAL_SERVICES)
    assert {c.counterpart_kind for c in journal.case_detail(cases[2]).contacts} == {
        Counterpart.PUPIL,
        Counterpart.SOCIAL_SERVICES,
    }


def test_refused_calls_write_nothing(journal, world):
    _pupils, mothers, father, _neighbour, cases = world
    with pytest.raises(InvalidValue) as refused:
        journal.log_case_call(cases[1], father, "070-000 00 11", ContactOutcome.REACHED)
    assert (refused.value.field, refused.value.reason) == ("guardian_id", "other_pupil")
    with pytest.raises(InvalidValue) as refused:
        journal.log_case_call(cases[0], father, "  ", ContactOutcome.REACHED)
    assert (refused.value.field, refused.value.reason) == ("phone", "empty")
    with pytest.raises(InvalidValue) as refused:
        journal.log_case_call(cases[0], father, "070-000 00 11", "shouted")
    assert (refused.value.field, refused.value.reason) == ("outcome", "unknown")
    with pytest.raises(NotFound):
        journal.log_case_call(9999, father, "070-000 00 11", ContactOutcome.REACHED)
    with pytest.raises(NotFound):
        journal.log_case_call(cases[0], 9999, "070-000 00 11", ContactOutcome.REACHED)
    assert journal.case_detail(cases[0]).contacts == ()
    assert journal.case_detail(cases[1]).contacts == ()
