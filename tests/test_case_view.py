"""One case as the case screen reads it (storage.case_view): the case with its pupil and its
contact log newest first, and a pupil's cases open ones first."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.codes import (
    CaseKind,
    CaseOutcome,
    CaseStatus,
    ContactChannel,
    ContactOutcome,
    Counterpart,
)
from storage.errors import NotFound
from storage.identity import fictitious_personnummer


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def pupil(journal):
    return journal.add_pupil(fictitious_personnummer(date(2013, 5, 3), 0), "[bold]x[/]", "Test")


def test_case_detail_has_the_pupil_and_the_contacts_newest_first(journal, pupil):
    case = journal.open_case(pupil, CaseKind.MISSING, date(2026, 11, 23))
    journal.set_no_guardian_contact(pupil, True, "Oro")
    first = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    later = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    # The guardians must not be contacted (storage refuses that): the pupil is reached.
    pupil_itself = Counterpart.PUPIL
    journal.log_contact(pupil, case_id=case, at=first, note="first", counterpart_kind=pupil_itself)
    journal.log_contact(
        pupil,
        case_id=case,
        at=later,
        channel=ContactChannel.SMS,
        outcome=ContactOutcome.REACHED,
        note="later",
        counterpart_kind=pupil_itself,
    )
    journal.log_contact(pupil, at=later, note="not on the case", counterpart_kind=pupil_itself)

    detail = journal.case_detail(case)

    assert (detail.first_name, detail.last_name) == ("[bold]x[/]", "Test")
    assert (detail.kind, detail.status, detail.day0) == (
        CaseKind.MISSING,
        CaseStatus.OPEN,
        date(2026, 11, 23),
    )
    assert detail.no_guardian_contact and detail.no_guardian_contact_reason == "Oro"
    assert [c.note for c in detail.contacts] == ["later", "first"]
    assert detail.contacts[0].at == later
    assert (detail.contacts[0].channel, detail.contacts[0].outcome) == ("sms", "reached")
    assert detail.contacts[0].recorded_by == "Karin Kurator"


def test_pupil_cases_open_first_then_newest(journal, pupil):
    old = journal.open_case(pupil, CaseKind.MISSING, date(2026, 9, 1))
    journal.close_case(old, CaseOutcome.LOCATED, "Tillbaka")
    absence = journal.open_case(pupil, CaseKind.PROBLEMATIC_ABSENCE, date(2026, 10, 1))
    missing = journal.open_case(pupil, CaseKind.MISSING, date(2026, 11, 2))

    rows = journal.pupil_cases(pupil)

    assert [r.id for r in rows] == [missing, absence, old]
    assert [r.status for r in rows] == ["open", "open", "closed"]


def test_no_such_case_or_pupil(journal):
    with pytest.raises(NotFound):
        journal.case_detail(999)
    with pytest.raises(NotFound):
        journal.pupil_cases(999)
    assert (
        journal.pupil_cases(
            journal.add_pupil(fictitious_personnummer(date(2013, 6, 3), 1), "Bo", "Test")
        )
        == []
    )
