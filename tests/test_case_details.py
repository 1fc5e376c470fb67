"""A case's whereabouts details (storage.cases.set_case_details) as the case shows them
(storage.case_view), their refusals; and siblings at the same school with their attendance."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.codes import CaseKind
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.whereabouts import Whereabouts

DAY0 = date(2026, 11, 16)
TODAY = date(2026, 11, 20)


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    ids = {}
    for name in ("Provskolan", "Bäckskolan"):
        school = journal.add_school(name)
        journal.add_calendar_period(school, "term", date(2026, 8, 17), date(2026, 12, 18), "HT")
        ids[name] = school
    group = journal.add_group(ids["Provskolan"], "7B", school_year=7)
    serial = 0

    def pupil(first: str, school: str = "Provskolan") -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2012, 3, 1), serial),
            first,
            "Testsson",
            school_id=ids[school],
            group_id=group if school == "Provskolan" else None,
            enrolled_on=date(2026, 8, 1),
        )

    return journal, pupil


def test_the_details_are_kept_and_read_back(world):
    journal, pupil = world
    case = journal.open_case(pupil("Alva"), CaseKind.MISSING, DAY0)
    at = datetime(2026, 11, 15, 18, 30, tzinfo=UTC)
    journal.set_case_details(
        case,
        last_school_day=date(2026, 11, 13),
        last_contact_at=at,
        whereabouts="  Hos moster, nås via skolkurator  ",
        suspected_country="Testland",
        expected_return=date(2026, 12, 1),
        leave_refused=True,
        information_source="Klasskamrat",
    )
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
        at,
        "Hos moster, nås via skolkurator",
        "Testland",
        date(2026, 12, 1),
        True,
        "Klasskamrat",
    )
    journal.set_case_details(case, leave_refused=None, expected_return=None)
    detail = journal.case_detail(case)
    assert (detail.leave_refused, detail.expected_return, detail.suspected_country) == (
        None,
        None,
        "Testland",
    )


def test_refused_details(world):
    journal, pupil = world
    case = journal.open_case(pupil("Alva"), CaseKind.MISSING, DAY0)
    journal.set_case_details(case, last_school_day=date(2026, 11, 13))
    for fields, field, reason in (
        ({"expected_return": date(2026, 11, 12)}, "expected_return", "before_last_school_day"),
        ({"last_school_day": "2026-11-13"}, "last_school_day", "shape"),
        ({"expected_return": datetime(2026, 12, 1, tzinfo=UTC)}, "expected_return", "shape"),
        ({"last_contact_at": datetime(2026, 11, 15, 18, 30)}, "last_contact_at", "shape"),
        ({"leave_refused": "yes"}, "leave_refused", "shape"),
    ):
        with pytest.raises(InvalidValue) as refused:
            journal.set_case_details(case, **fields)
        assert (refused.value.field, refused.value.reason) == (field, reason)
    # The boundary: back on the last school day itself is accepted.
    journal.set_case_details(case, expected_return=date(2026, 11, 13))
    assert journal.case_detail(case).expected_return == date(2026, 11, 13)


def test_siblings_at_the_same_school_with_their_attendance(world):
    journal, pupil = world
    alva, cai, dan, bo = pupil("Alva"), pupil("Cai"), pupil("Dan"), pupil("Bo", "Bäckskolan")
    for sibling in (cai, dan, bo):
        journal.add_sibling_link(alva, sibling_pupil_id=sibling)
    journal.write_marks(
        [MarkWrite(cai, day, "invalid") for day in (date(2026, 11, 19), TODAY)]
        + [MarkWrite(dan, date(2026, 11, 18), "ill"), MarkWrite(dan, TODAY, "present")]
    )
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    found = journal.case_siblings_here(case, TODAY)
    assert [(s.pupil_id, s.name, s.class_name, s.today, s.unexplained_days) for s in found] == [
        (cai, "Cai Testsson", "7B", Whereabouts.UNEXPLAINED, 2),
        (dan, "Dan Testsson", "7B", "", 0),
    ]
    assert found[1].last_present == TODAY
