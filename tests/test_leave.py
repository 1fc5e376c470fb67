"""Leave of absence: a grant fills the register on school days only, a withdrawn grant puts
back what was there, and the year's total counts school days within 1 July - 30 June."""

from __future__ import annotations

from datetime import date

import pytest

from storage.codes import CalendarKind, LeaveStatus, MarkSource
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite

AUTUMN = (date(2026, 8, 17), date(2026, 12, 18))
HOSTLOV = (date(2026, 10, 26), date(2026, 10, 30))
SPRING = (date(2027, 1, 11), date(2027, 6, 11))
NEXT_AUTUMN = (date(2027, 8, 16), date(2027, 12, 17))


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    return journal


@pytest.fixture
def pupil(journal) -> int:
    school = journal.add_school("Skolan")
    for start, end in (AUTUMN, SPRING, NEXT_AUTUMN):
        journal.add_calendar_period(school, CalendarKind.TERM, start, end, "termin")
    journal.add_calendar_period(school, CalendarKind.BREAK, *HOSTLOV, "höstlov")
    group = journal.add_group(school, "7A")
    return journal.add_pupil(
        fictitious_personnummer(date(2013, 3, 1), 1),
        "Elev",
        "Prov",
        school_id=school,
        group_id=group,
    )


def _marks(journal, pupil: int) -> list[tuple]:
    with journal._engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT on_date, lesson, code, source FROM absence_mark"
            f" WHERE pupil_id = {pupil} ORDER BY on_date, coalesce(lesson, 0)"
        ).all()
    return [(date.fromisoformat(str(r[0])), r[1], r[2], r[3]) for r in rows]


def _grant(journal, pupil: int, start: date, end: date) -> int:
    return journal.add_leave_request(
        pupil, start, end, status=LeaveStatus.GRANTED, decided_on=start, decided_by="Rektor"
    )


def test_a_grant_over_a_break_marks_only_the_school_days_as_leave(journal, pupil):
    _grant(journal, pupil, date(2026, 10, 22), date(2026, 11, 3))
    assert _marks(journal, pupil) == [
        (date(2026, 10, 22), None, "leave", MarkSource.LEAVE),
        (date(2026, 10, 23), None, "leave", MarkSource.LEAVE),
        (date(2026, 11, 2), None, "leave", MarkSource.LEAVE),
        (date(2026, 11, 3), None, "leave", MarkSource.LEAVE),
    ]
    history = journal.mark_history(pupil, date(2026, 10, 22))
    assert [(h.old_code, h.new_code, h.source, h.actor) for h in history] == [
        (None, "leave", MarkSource.LEAVE, "Kim Kurator")
    ]


def test_a_grant_over_a_public_holiday_skips_it(journal, pupil):
    # Ascension Day 2027 is Thursday 6 May.
    _grant(journal, pupil, date(2027, 5, 5), date(2027, 5, 7))
    assert [m[0] for m in _marks(journal, pupil)] == [date(2027, 5, 5), date(2027, 5, 7)]


def test_a_refused_or_pending_request_fills_nothing(journal, pupil):
    journal.add_leave_request(pupil, date(2026, 11, 2), date(2026, 11, 4))
    journal.add_leave_request(
        pupil, date(2026, 11, 9), date(2026, 11, 10), status=LeaveStatus.REFUSED
    )
    assert _marks(journal, pupil) == []


def test_deciding_a_pending_request_fills_then_a_refusal_clears(journal, pupil):
    request = journal.add_leave_request(pupil, date(2026, 11, 2), date(2026, 11, 3))
    journal.decide_leave(request, LeaveStatus.GRANTED, decided_on=date(2026, 10, 1))
    assert [m[2] for m in _marks(journal, pupil)] == ["leave", "leave"]
    journal.decide_leave(request, LeaveStatus.REFUSED, decided_on=date(2026, 10, 2))
    assert _marks(journal, pupil) == []
    history = journal.mark_history(pupil, date(2026, 11, 2))
    assert [(h.old_code, h.new_code) for h in history] == [(None, "leave"), ("leave", None)]
    row = journal.pupil_leave(pupil, date(2026, 11, 2)).requests[0]
    assert (row.status, row.decided_on) == (LeaveStatus.REFUSED, date(2026, 10, 2))


def test_an_invalid_mark_becomes_leave_and_comes_back_when_the_grant_is_withdrawn(journal, pupil):
    day = date(2026, 11, 2)
    journal.write_marks(
        [MarkWrite(pupil, day, "invalid"), MarkWrite(pupil, day, "reported", lesson=3)]
    )
    request = _grant(journal, pupil, day, day)
    assert _marks(journal, pupil) == [(day, None, "leave", MarkSource.LEAVE)]
    journal.decide_leave(request, LeaveStatus.PENDING)
    assert _marks(journal, pupil) == [
        (day, None, "invalid", MarkSource.REGISTER),
        (day, 3, "reported", MarkSource.REGISTER),
    ]


def test_a_valid_reason_or_presence_keeps_the_day_as_it_was(journal, pupil):
    ill, late = date(2026, 11, 2), date(2026, 11, 3)
    journal.write_marks([MarkWrite(pupil, ill, "ill"), MarkWrite(pupil, late, "late", 1, 10)])
    _grant(journal, pupil, ill, date(2026, 11, 4))
    assert _marks(journal, pupil) == [
        (ill, None, "ill", MarkSource.REGISTER),
        (late, 1, "late", MarkSource.REGISTER),
        (date(2026, 11, 4), None, "leave", MarkSource.LEAVE),
    ]


def test_a_mark_changed_after_the_grant_stays_when_it_is_withdrawn(journal, pupil):
    first, second = date(2026, 11, 2), date(2026, 11, 3)
    request = _grant(journal, pupil, first, second)
    journal.write_marks([MarkWrite(pupil, second, "ill")])  # the child fell ill during the leave
    journal.decide_leave(request, LeaveStatus.REFUSED)
    assert _marks(journal, pupil) == [(second, None, "ill", MarkSource.REGISTER)]


def test_the_years_total_counts_school_days_and_stops_at_the_first_of_july(journal, pupil):
    _grant(journal, pupil, date(2026, 10, 22), date(2026, 11, 3))  # 4 school days
    _grant(journal, pupil, date(2026, 11, 3), date(2026, 11, 4))  # 11-03 again: counts once
    _grant(journal, pupil, date(2027, 6, 7), date(2027, 8, 17))  # 5 + 2 school days
    journal.add_leave_request(
        pupil, date(2026, 12, 1), date(2026, 12, 4), status=LeaveStatus.REFUSED
    )
    autumn = journal.pupil_leave(pupil, date(2026, 9, 1))
    assert autumn.granted_school_days == 4 + 1 + 5
    assert (autumn.school_year_starts, autumn.school_year_ends) == (
        date(2026, 7, 1),
        date(2027, 6, 30),
    )
    assert autumn.ceiling == 10 and not autumn.over_ceiling
    assert journal.pupil_leave(pupil, date(2027, 7, 1)).granted_school_days == 2
    assert journal.pupil_leave(pupil, date(2027, 6, 30)).granted_school_days == 10
    assert [r.school_days for r in autumn.requests] == [7, 4, 2, 4]  # newest first


def test_over_the_ceiling_is_a_warning_not_a_block(journal, pupil):
    _grant(journal, pupil, date(2026, 11, 2), date(2026, 11, 16))  # 11 school days
    leave = journal.pupil_leave(pupil, date(2026, 11, 2))
    assert leave.granted_school_days == 11 and leave.over_ceiling


def test_refused_leave_periods_are_found_by_day(journal, pupil):
    refused = journal.add_leave_request(
        pupil, date(2026, 11, 9), date(2026, 11, 13), status=LeaveStatus.REFUSED
    )
    _grant(journal, pupil, date(2026, 11, 16), date(2026, 11, 16))
    assert journal.refused_leave_on(pupil, date(2026, 11, 8)) is None
    assert journal.refused_leave_on(pupil, date(2026, 11, 9)).id == refused
    assert journal.refused_leave_on(pupil, date(2026, 11, 13)).id == refused
    assert journal.refused_leave_on(pupil, date(2026, 11, 16)) is None
    assert [r.id for r in journal.refused_leave(date(2026, 11, 1), date(2026, 11, 30))] == [
        refused
    ]
    assert journal.refused_leave(date(2026, 11, 1), date(2026, 11, 30), [pupil + 1]) == []


def test_deciding_refuses_unknown_requests_and_statuses(journal, pupil):
    request = journal.add_leave_request(pupil, date(2026, 11, 2), date(2026, 11, 3))
    with pytest.raises(InvalidValue) as refused:
        journal.decide_leave(request, "maybe")
    assert (refused.value.field, refused.value.reason) == ("status", "unknown")
    with pytest.raises(NotFound):
        journal.decide_leave(request + 99, LeaveStatus.GRANTED)
    assert _marks(journal, pupil) == []
