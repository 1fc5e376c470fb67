"""Whereabouts known (storage.whereabouts_known): a span of days the school knows where an
absent pupil was. Refusals at their boundaries, every day of the span accounted for (first
and last included, the days either side not), and the candidate lists it takes the pupil off
(and the one it does not)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from storage import models as m
from storage.candidate_rules import CandidateRule
from storage.codes import CalendarKind, CaseKind, ContactOutcome, LeaveStatus
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.whereabouts import KnownBy, Whereabouts


def d(month: int, day: int) -> date:
    return date(2026, month, day)


# Höstlov is week 44 (26-30 October): the first school days after are 2, 3 and 4 November.
TODAY = d(11, 6)


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    school = journal.add_school("Provskolan")
    journal.add_calendar_period(school, CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
    journal.add_calendar_period(school, CalendarKind.BREAK, d(10, 26), d(10, 30), "Höstlov")
    group = journal.add_group(school, "8A", school_year=8)
    serial = 0

    def pupil(first: str) -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2012, 2, 1), serial),
            first,
            "Testsson",
            school_id=school,
            group_id=group,
            enrolled_on=d(8, 1),
        )

    return journal, pupil


def absent(journal, pupil_id: int, days) -> None:
    journal.write_marks([MarkWrite(pupil_id, day, "invalid") for day in days])


def statuses(journal, pupil_id: int, today: date) -> dict[date, tuple]:
    found = journal.pupil_whereabouts(pupil_id, today)
    return {w.on_date: (w.status, w.known_by) for w in found.days}


def rules_for(journal, pupil_id: int, today: date) -> set[str]:
    return {
        reason.rule
        for candidate in journal.missing_candidates(today).pupils
        if candidate.pupil_id == pupil_id
        for reason in candidate.reasons
    }


def test_every_day_of_the_span_is_known_and_the_days_either_side_are_not(world):
    journal, pupil = world
    alva = pupil("Alva")
    absent(journal, alva, [d(11, 2), d(11, 3), d(11, 4), d(11, 5)])
    record = journal.record_whereabouts_known(
        alva, d(11, 3), d(11, 4), "Mamma ringde: hos mormor", "Mamma", today=TODAY
    )
    known = (Whereabouts.ACCOUNTED, (KnownBy.KNOWN,))
    unexplained = (Whereabouts.UNEXPLAINED, ())
    assert statuses(journal, alva, TODAY) == {
        d(11, 2): unexplained,  # the day before the first
        d(11, 3): known,  # the first day
        d(11, 4): known,  # the last day
        d(11, 5): unexplained,  # the day after the last
    }
    with Session(journal._engine) as session:
        row = session.get(m.WhereaboutsKnown, record)
        assert row is not None
        assert (
            row.pupil_id,
            row.from_date,
            row.to_date,
            row.how,
            row.source,
            row.recorded_by,
        ) == (
            alva,
            d(11, 3),
            d(11, 4),
            "Mamma ringde: hos mormor",
            "Mamma",
            "Karin Kurator",
        )


def test_a_span_of_one_day_and_a_known_day_beside_a_valid_mark(world):
    journal, pupil = world
    bo = pupil("Bo")
    journal.write_marks([MarkWrite(bo, d(11, 2), "ill"), MarkWrite(bo, d(11, 3), "invalid")])
    journal.record_whereabouts_known(bo, d(11, 2), d(11, 3), "Pappa", today=TODAY)
    assert statuses(journal, bo, TODAY) == {
        d(11, 2): (Whereabouts.ACCOUNTED, (KnownBy.VALID, KnownBy.KNOWN)),
        d(11, 3): (Whereabouts.ACCOUNTED, (KnownBy.KNOWN,)),
    }


def test_the_span_takes_the_pupil_off_the_not_back_and_unexplained_lists(world):
    journal, pupil = world
    alva, bo = pupil("Alva"), pupil("Bo")
    window = [d(11, 2), d(11, 3), d(11, 4)]
    absent(journal, alva, window)
    absent(journal, bo, window)
    today = d(11, 4)
    assert rules_for(journal, alva, today) == {
        CandidateRule.AFTER_BREAK,
        CandidateRule.UNEXPLAINED,
    }
    journal.record_whereabouts_known(alva, d(11, 2), today, "Sjuk hemma", "Mamma", today=today)
    assert rules_for(journal, alva, today) == set()
    assert rules_for(journal, bo, today) == {  # only the pupil recorded leaves
        CandidateRule.AFTER_BREAK,
        CandidateRule.UNEXPLAINED,
    }


def test_a_span_short_of_the_last_day_leaves_the_pupil_on_the_list(world):
    journal, pupil = world
    alva = pupil("Alva")
    absent(journal, alva, [d(11, 2), d(11, 3), d(11, 4)])
    journal.record_whereabouts_known(alva, d(11, 2), d(11, 3), "Sjuk", today=d(11, 4))
    # The 4th is still unexplained: not back after the break, found on the 4th only.
    found = {
        r.rule: r.dates
        for c in journal.missing_candidates(d(11, 4)).pupils
        if c.pupil_id == alva
        for r in c.reasons
    }
    assert found == {CandidateRule.AFTER_BREAK: (d(11, 4),)}


def test_refused_leave_stays_on_the_list_when_the_whereabouts_are_known(world):
    journal, pupil = world
    cai = pupil("Cai")
    journal.add_leave_request(cai, d(11, 9), d(11, 10), status=LeaveStatus.REFUSED)
    absent(journal, cai, [d(11, 9), d(11, 10)])
    journal.record_whereabouts_known(cai, d(11, 9), d(11, 10), "Utomlands", today=d(11, 10))
    assert rules_for(journal, cai, d(11, 10)) == {CandidateRule.REFUSED_LEAVE}


def test_an_open_missing_case_still_wins(world):
    journal, pupil = world
    alva = pupil("Alva")
    absent(journal, alva, [d(11, 2), d(11, 3)])
    journal.open_case(alva, CaseKind.MISSING, d(11, 2))
    journal.record_whereabouts_known(alva, d(11, 2), d(11, 3), "Hörsägen", today=TODAY)
    assert {s for s, _ways in statuses(journal, alva, TODAY).values()} == {Whereabouts.UNKNOWN}


def test_refusals_at_their_boundaries(world):
    journal, pupil = world
    alva = pupil("Alva")
    with pytest.raises(InvalidValue) as refused:
        journal.record_whereabouts_known(alva, d(11, 4), d(11, 3), "Sjuk", today=TODAY)
    assert (refused.value.field, refused.value.reason) == ("to_date", "ends_before_start")
    with pytest.raises(InvalidValue) as refused:
        journal.record_whereabouts_known(alva, d(11, 6), d(11, 7), "Sjuk", today=TODAY)
    assert (refused.value.field, refused.value.reason) == ("to_date", "in_future")
    with pytest.raises(InvalidValue) as refused:
        journal.record_whereabouts_known(alva, d(11, 2), d(11, 3), "  ", today=TODAY)
    assert (refused.value.field, refused.value.reason) == ("how", "empty")
    with pytest.raises(NotFound):
        journal.record_whereabouts_known(999_999, d(11, 2), d(11, 3), "Sjuk", today=TODAY)
    # Both boundaries accepted: one day, and a span ending today.
    journal.record_whereabouts_known(alva, d(11, 3), d(11, 3), "Sjuk", today=TODAY)
    journal.record_whereabouts_known(alva, d(11, 5), TODAY, "Sjuk", today=TODAY)
    with Session(journal._engine) as session:
        kept = session.exec(select(m.WhereaboutsKnown.from_date)).all()
    assert sorted(kept) == [d(11, 3), d(11, 5)]


def test_an_earlier_reached_contact_keeps_counting_as_a_contact(world):
    # Journals before schema 8 kept "accounted for" as a reached contact: it stays a contact.
    journal, pupil = world
    alva = pupil("Alva")
    absent(journal, alva, [d(11, 2)])
    journal.log_contact(
        alva, outcome=ContactOutcome.REACHED, at=datetime(2026, 11, 2, 11, 0, tzinfo=UTC)
    )
    assert statuses(journal, alva, TODAY) == {
        d(11, 2): (Whereabouts.ACCOUNTED, (KnownBy.CONTACT,))
    }
