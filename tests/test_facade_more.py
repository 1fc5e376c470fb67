"""Leave requests, case details, reports of concern, bulk register marks and backdated acts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from storage import models as m
from storage.errors import ConstraintViolated, InvalidValue, NotFound
from storage.identity import fictitious_personnummer

ALVA = fictitious_personnummer(date(2012, 5, 3), 0)
BO = fictitious_personnummer(date(2012, 8, 9), 1)
DAY0 = date(2026, 3, 9)  # a Monday


def _events(journal, **match):
    rows = list(reversed(journal.audit_trail(limit=1_000_000)))
    return [r for r in rows if all(getattr(r, k) == v for k, v in match.items())]


def _changes(row) -> dict:
    return json.loads(row.changes)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator", role="Skolkurator")
    return journal


@pytest.fixture
def alva(journal) -> int:
    return journal.add_pupil(ALVA, "Alva", "Testsson", today=date(2025, 8, 20))


def _rows(journal, model, *where):
    with Session(journal._engine) as session:
        return session.exec(select(model).where(*where)).all()


# -- leave requests --------------------------------------------------------------------------


def test_leave_requests_granted_and_refused(journal, alva):
    granted = journal.add_leave_request(
        alva,
        date(2026, 2, 2),
        date(2026, 2, 4),
        status=m.LeaveStatus.GRANTED,
        destination="Fjällen",
        reason="Familjehögtid",
        decided_on=date(2026, 1, 20),
        decided_by="Rektor",
    )
    refused = journal.add_leave_request(
        alva,
        date(2026, 3, 9),
        date(2026, 3, 27),
        status=m.LeaveStatus.REFUSED,
        decided_by="Rektor",
    )
    pending = journal.add_leave_request(alva, date(2026, 5, 4), date(2026, 5, 4))
    rows = {r.id: r for r in _rows(journal, m.LeaveRequest, m.LeaveRequest.pupil_id == alva)}
    assert rows[granted].status == "granted" and rows[granted].destination == "Fjällen"
    assert rows[granted].decided_on == date(2026, 1, 20)
    assert rows[refused].status == "refused" and rows[refused].ends_on == date(2026, 3, 27)
    assert rows[pending].status == "pending" and rows[pending].decided_on is None

    inserted = _events(journal, table_name="leave_request", action="insert")
    assert [e.row_id for e in inserted] == [granted, refused, pending]
    assert _changes(inserted[1])["status"] == [None, "refused"]
    assert {e.actor for e in inserted} == {"Karin Kurator"}


def test_leave_request_is_checked(journal, alva):
    with pytest.raises(InvalidValue):
        journal.add_leave_request(alva, date(2026, 2, 4), date(2026, 2, 2))
    with pytest.raises(InvalidValue):
        journal.add_leave_request(alva, date(2026, 2, 2), date(2026, 2, 4), status="maybe")
    with pytest.raises(NotFound):
        journal.add_leave_request(999_999, date(2026, 2, 2), date(2026, 2, 4))
    assert _events(journal, table_name="leave_request") == []


# -- cases: details, backdating, reports of concern ----------------------------------------


def test_open_case_and_complete_step_at_a_given_time(journal, alva):
    opened = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
    case = journal.open_case(alva, m.CaseKind.MISSING, DAY0, at=opened)
    (row,) = _rows(journal, m.Case, m.Case.id == case)
    assert row.opened_at.replace(tzinfo=UTC) == opened
    assert row.opened_by == "Karin Kurator"

    first, second = journal.case_steps(case)[:2]
    done = datetime(2026, 3, 9, 10, 15, tzinfo=UTC)
    journal.complete_step(first.id, "Inget registreringsfel", at=done)
    journal.complete_step(second.id)
    steps = {s.id: s for s in journal.case_steps(case)}
    assert steps[first.id].done_at.replace(tzinfo=UTC) == done
    assert steps[second.id].done_at is not None
    assert steps[second.id].done_at.replace(tzinfo=UTC) > done  # now, not the backdated time

    update = _events(journal, table_name="checklist_step", action="update")[0]
    assert _changes(update)["done_at"][1].startswith("2026-03-09T10:15")
    insert = _events(journal, table_name="pupil_case", action="insert")[0]
    assert _changes(insert)["opened_at"][1].startswith("2026-03-09T08:30")

    # Without `at`, the case is stamped now.
    before = datetime.now(UTC).replace(microsecond=0)
    other = journal.open_case(alva, m.CaseKind.PROBLEMATIC_ABSENCE, DAY0)
    (row,) = _rows(journal, m.Case, m.Case.id == other)
    assert row.opened_at.replace(tzinfo=UTC) >= before


def test_case_details_only_given_fields_change(journal, alva):
    case = journal.open_case(alva, m.CaseKind.MISSING, DAY0)
    journal.set_case_details(
        case,
        last_school_day=date(2026, 2, 20),
        whereabouts="Okänt",
        suspected_country="Testland",
        leave_refused=True,
        information_source="Nödkontakt",
        acute_danger=True,
        expected_return=date(2026, 4, 1),
        last_contact_at=datetime(2026, 2, 21, 18, tzinfo=UTC),
    )
    journal.set_case_details(case, whereabouts="Troligen hos släkt i Testland")
    (row,) = _rows(journal, m.Case, m.Case.id == case)
    assert row.last_school_day == date(2026, 2, 20)
    assert row.whereabouts == "Troligen hos släkt i Testland"
    assert (row.suspected_country, row.leave_refused, row.acute_danger) == ("Testland", True, True)
    assert row.expected_return == date(2026, 4, 1)
    assert row.last_contact_at.replace(tzinfo=UTC) == datetime(2026, 2, 21, 18, tzinfo=UTC)
    assert row.information_source == "Nödkontakt"

    first, second = _events(journal, table_name="pupil_case", action="update")
    assert _changes(first)["whereabouts"] == ["", "Okänt"]
    assert _changes(first)["leave_refused"] == [None, True]
    assert _changes(second) == {"whereabouts": ["Okänt", "Troligen hos släkt i Testland"]}

    with pytest.raises(TypeError):
        journal.set_case_details(case, status="closed")  # not a whereabouts detail
    with pytest.raises(NotFound):
        journal.set_case_details(999_999, whereabouts="x")


def test_report_of_concern(journal, alva):
    case = journal.open_case(alva, m.CaseKind.MISSING, DAY0)
    at = datetime(2026, 3, 9, 11, 5, tzinfo=UTC)
    report = journal.record_concern_report(
        alva,
        case_id=case,
        reported_at=at,
        recipient="Socialtjänsten",
        guardians_informed=True,
        reference="Dnr 1",
        summary="Eleven saknas.",
    )
    (row,) = _rows(journal, m.ConcernReport, m.ConcernReport.id == report)
    assert (row.pupil_id, row.case_id, row.channel, row.recipient) == (
        alva,
        case,
        "phone",
        "Socialtjänsten",
    )
    assert row.reported_at.replace(tzinfo=UTC) == at
    assert (row.guardians_informed, row.reference, row.summary, row.reported_by) == (
        True,
        "Dnr 1",
        "Eleven saknas.",
        "Karin Kurator",
    )
    (event,) = _events(journal, table_name="concern_report", action="insert")
    assert event.row_id == report and _changes(event)["summary"] == [None, "Eleven saknas."]

    without_case = journal.record_concern_report(alva, channel=m.ContactChannel.LETTER)
    (row,) = _rows(journal, m.ConcernReport, m.ConcernReport.id == without_case)
    assert row.case_id is None and row.guardians_informed is None and row.channel == "letter"


def test_report_of_concern_on_an_honour_related_case_never_informs_guardians(journal, alva):
    case = journal.open_case(alva, m.CaseKind.MISSING, DAY0, honour_related=True)
    with pytest.raises(InvalidValue):
        journal.record_concern_report(alva, case_id=case, guardians_informed=True)
    assert _events(journal, table_name="concern_report") == []
    journal.record_concern_report(alva, case_id=case, guardians_informed=False)
    bo = journal.add_pupil(BO, "Bo", "Exempelsson")
    with pytest.raises(InvalidValue):
        journal.record_concern_report(bo, case_id=case)  # someone else's case
    with pytest.raises(NotFound):
        journal.record_concern_report(alva, case_id=999_999)


# -- the register in bulk --------------------------------------------------------------------


def test_mark_absences_in_bulk_is_audited_row_by_row(journal, alva):
    bo = journal.add_pupil(BO, "Bo", "Exempelsson")
    noticed = datetime(2026, 3, 9, 6, 15, tzinfo=UTC)
    rows = [
        (alva, DAY0, "ill", None, None, m.MarkSource.GUARDIAN_NOTICE, noticed),
        (bo, DAY0, "invalid", 2, None, m.MarkSource.REGISTER),
        (bo, DAY0, "late", 1, 10, m.MarkSource.REGISTER),
        (alva, DAY0 + timedelta(days=1), "invalid", None, None, m.MarkSource.REGISTER),
    ]
    assert journal.mark_absences(iter(rows)) == 4
    assert journal.mark_absences([]) == 0

    absent = {a.pupil_id: a for a in journal.absent_on(DAY0)}
    assert absent[alva].whole_day and absent[alva].reported_in_advance
    assert not absent[bo].whole_day and absent[bo].any_invalid
    marks = _rows(journal, m.AbsenceMark)
    assert len(marks) == 4
    late = next(mk for mk in marks if mk.code == "late")
    assert (late.pupil_id, late.lesson, late.minutes) == (bo, 1, 10)
    ill = next(mk for mk in marks if mk.code == "ill")
    assert ill.recorded_at.replace(tzinfo=UTC) == noticed

    inserted = _events(journal, table_name="absence_mark", action="insert")
    assert sorted(e.row_id for e in inserted) == sorted(mk.id for mk in marks)
    assert {e.actor for e in inserted} == {"Karin Kurator"}
    assert _changes(inserted[0])["code"] == [None, "ill"]

    with pytest.raises(InvalidValue):
        journal.mark_absences([(alva, DAY0, "ill")])


def test_a_failed_bulk_writes_nothing(journal, alva):
    # A code the journal does not know is refused before anything is written ...
    rows = [
        (alva, DAY0, "ill", None, None, "register"),
        (alva, DAY0, "no_such_code", None, None, "register"),
    ]
    with pytest.raises(InvalidValue) as refused:
        journal.mark_absences(rows)
    assert (refused.value.field, refused.value.reason) == ("code", "unknown")
    # ... and what only the file can refuse (a pupil that does not exist) comes out as the
    # project's own error, not SQLAlchemy's, with the whole transaction rolled back.
    rows = [
        (alva, DAY0, "ill", None, None, "register"),
        (999_999, DAY0, "ill", None, None, "register"),
    ]
    with pytest.raises(ConstraintViolated) as refused:
        journal.mark_absences(rows)
    assert refused.value.reason == "foreign_key"
    assert _rows(journal, m.AbsenceMark) == []
    assert _events(journal, table_name="absence_mark") == []


def test_mark_absences_writes_every_row_with_its_audit_event(journal, alva):
    """A term of one pupil's lesson marks (2,000 rows) in one call, each audited. How fast is
    measured in tests/bench/ (a timed assertion here failed on a loaded machine)."""
    days = [DAY0 + timedelta(days=d) for d in range(400)]
    rows = [
        (alva, day, "invalid", lesson, None, "register") for day in days for lesson in range(1, 6)
    ]
    assert journal.mark_absences(rows) == 2000
    assert len(_events(journal, table_name="absence_mark")) == 2000
