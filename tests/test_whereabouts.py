"""Whereabouts of absent days, last seen and the missing pupil's clock: the pure rules at
their boundaries, then read from a journal with two schools whose breaks differ."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.absence_rules import DayMarks
from storage.candidates import template_due_dates
from storage.codes import AbsenceCategory, CalendarKind, CaseKind, ContactOutcome, Counterpart
from storage.errors import NotFound
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.school_calendar import Period, SchoolCalendar
from storage.whereabouts import (
    DayFacts,
    KnownBy,
    Milestone,
    Whereabouts,
    add_months,
    day_whereabouts,
    missing_clock,
    was_present,
)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


TERM = Period(CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
SCHOOL_A = SchoolCalendar([TERM, Period(CalendarKind.BREAK, d(10, 26), d(10, 30), "Höstlov")])
BUILT_IN = template_due_dates(SCHOOL_A)
CHECKLIST = Milestone.CHECKLIST_DAY

# -- the day's whereabouts -------------------------------------------------------------------


def test_an_invalid_day_with_nobody_reached_is_unexplained():
    day = day_whereabouts(DayFacts(d(11, 16), AbsenceCategory.INVALID), None)
    assert (day.status, day.known_by) == (Whereabouts.UNEXPLAINED, ())


@pytest.mark.parametrize(
    ("facts", "ways"),
    [
        (DayFacts(d(11, 16), AbsenceCategory.REPORTED), (KnownBy.REPORTED,)),
        (DayFacts(d(11, 16), AbsenceCategory.VALID), (KnownBy.VALID,)),
        (DayFacts(d(11, 16), AbsenceCategory.INVALID, leave_granted=True), (KnownBy.LEAVE,)),
        (DayFacts(d(11, 16), AbsenceCategory.INVALID, notice_told=True), (KnownBy.NOTICE,)),
        (DayFacts(d(11, 16), AbsenceCategory.INVALID, reached=True), (KnownBy.CONTACT,)),
        (
            DayFacts(d(11, 16), AbsenceCategory.VALID, notice_told=True, reached=True),
            (KnownBy.VALID, KnownBy.NOTICE, KnownBy.CONTACT),
        ),
    ],
)
def test_a_day_is_accounted_for_by_each_way_it_is_known(facts, ways):
    day = day_whereabouts(facts, None)
    assert (day.status, day.known_by) == (Whereabouts.ACCOUNTED, ways)


def test_an_open_missing_case_makes_the_day_unknown_from_its_day0_on():
    reached = DayFacts(d(11, 16), AbsenceCategory.VALID, reached=True)
    assert day_whereabouts(reached, d(11, 16)).status == Whereabouts.UNKNOWN  # day 0: unknown
    assert day_whereabouts(reached, d(11, 17)).status == Whereabouts.ACCOUNTED  # day before


# -- present, and the clock ------------------------------------------------------------------


def test_present_needs_a_taken_register_or_a_present_or_late_mark():
    part = DayMarks(d(11, 16), absent_lessons=5)
    whole = DayMarks(d(11, 16), whole_day=AbsenceCategory.VALID)
    every = DayMarks(d(11, 16), absent_lessons=6)
    assert was_present(None, register_taken=True, seen_marked=False, lessons_that_day=6)
    assert was_present(part, register_taken=True, seen_marked=False, lessons_that_day=6)
    assert not was_present(every, register_taken=True, seen_marked=False, lessons_that_day=6)
    assert not was_present(whole, register_taken=True, seen_marked=False, lessons_that_day=6)
    assert not was_present(None, register_taken=False, seen_marked=False, lessons_that_day=6)
    assert was_present(None, register_taken=False, seen_marked=True, lessons_that_day=6)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(d(1, 31), 1) == d(2, 28)
    assert add_months(d(11, 16), 6) == d(5, 16, 2027)
    assert add_months(d(12, 31), 1) == d(1, 31, 2027)


def test_the_clock_counts_school_days_and_calendar_days_with_the_checklist_days():
    def steps(day0: date) -> list[date]:  # a checklist's due dates, one date twice
        assert day0 == d(11, 16)
        return [d(11, 30), d(11, 17), d(11, 19), d(11, 19), d(11, 20)]

    clock = missing_clock(SCHOOL_A, d(11, 19), d(11, 13), None, False, steps)
    assert clock.day0 == d(11, 16)  # the first school day after the last day present
    assert (clock.school_days_since, clock.calendar_days_since) == (4, 6)
    checklist = [
        (m.due_day, m.on_date, m.reached)
        for m in clock.milestones
        if m.milestone == Milestone.CHECKLIST_DAY
    ]
    assert checklist == [
        (1, d(11, 17), True),
        (3, d(11, 19), True),  # due today: reached
        (4, d(11, 20), False),
        (10, d(11, 30), False),
    ]
    long = [
        (m.milestone, m.on_date, m.reached) for m in clock.milestones if m.milestone != CHECKLIST
    ]
    assert long == [(Milestone.LASTING_ABROAD, d(5, 16, 2027), False)]


def test_the_clock_skips_the_break_in_school_days_not_in_calendar_days():
    clock = missing_clock(SCHOOL_A, d(11, 3), d(10, 23), None, True, BUILT_IN)
    assert clock.day0 == d(11, 2)
    assert (clock.school_days_since, clock.calendar_days_since) == (2, 11)
    long = {
        m.milestone: (m.on_date, m.reached) for m in clock.milestones if m.milestone != CHECKLIST
    }
    assert long == {
        Milestone.LEFT_PROGRAMME: (d(12, 2), False),
        Milestone.LASTING_ABROAD: (d(5, 2, 2027), False),
    }
    month_later = missing_clock(SCHOOL_A, d(12, 2), d(10, 23), None, True, BUILT_IN)
    reached = {m.milestone: m.reached for m in month_later.milestones if m.milestone != CHECKLIST}
    assert reached == {Milestone.LEFT_PROGRAMME: True, Milestone.LASTING_ABROAD: False}


def test_the_clock_runs_from_the_cases_day0_when_the_pupil_was_never_seen():
    clock = missing_clock(SCHOOL_A, d(11, 18), None, d(11, 16), False, BUILT_IN)
    assert (clock.last_present, clock.day0) == (None, d(11, 16))
    # Day 0 is the first day counted: 16, 17 and 18 November.
    assert (clock.school_days_since, clock.calendar_days_since) == (3, 3)
    nothing = missing_clock(SCHOOL_A, d(11, 18), None, None, False, BUILT_IN)
    assert (nothing.school_days_since, nothing.milestones) == (0, ())


# -- read from a journal ---------------------------------------------------------------------


@pytest.fixture
def world(new_journal):
    """School A (höstlov week 44) and B (week 45); class 7A and upper-secondary 1B (year 10)."""
    journal = new_journal.journal
    ids: dict[str, int] = {}
    for name, lov, year in (("A", d(10, 26), 7), ("B", d(11, 2), 10)):
        school = journal.add_school(f"Skola {name}")
        journal.add_calendar_period(school, CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
        journal.add_calendar_period(
            school, CalendarKind.BREAK, lov, lov.replace(day=lov.day + 4), "Höstlov"
        )
        ids[name] = journal.add_group(school, f"{year}{name}", school_year=year)
        ids[f"school {name}"] = school
    serial = 0

    def pupil(first: str, school: str) -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2011, 5, 1), serial),
            first,
            "Testsson",
            school_id=ids[f"school {school}"],
            group_id=ids[school],
            enrolled_on=d(8, 1),
        )

    return journal, ids, pupil


def mark(journal, pupil_id: int, days, code: str, lesson: int | None = None) -> None:
    journal.write_marks([MarkWrite(pupil_id, day, code, lesson) for day in days])


def take(journal, group_id: int, days) -> None:
    for day in days:
        journal.take_register(group_id, day)


def test_a_98_percent_pupil_with_an_open_missing_case_is_unknown_from_day_one(world):
    journal, ids, pupil = world
    nora = pupil("Nora", "A")
    school_days = journal.school_calendar(ids["school A"]).school_days(d(8, 19), d(11, 16))
    take(journal, ids["A"], school_days)
    mark(journal, nora, [d(11, 16)], "ill")  # one day of 60: 98 % attendance
    journal.log_contact(
        nora, outcome=ContactOutcome.REACHED, at=datetime(2026, 11, 16, 8, 30, tzinfo=UTC)
    )  # a guardian reached that day: without the case the day would be accounted for
    case = journal.open_case(nora, CaseKind.MISSING, d(11, 16))
    found = journal.pupil_whereabouts(nora, d(11, 16))
    assert [(w.on_date, w.status) for w in found.days] == [(d(11, 16), Whereabouts.UNKNOWN)]
    assert (found.missing_case_id, found.last_present) == (case, d(11, 13))
    assert found.clock.day0 == d(11, 16)
    # The clock's checklist days are the case's own steps' due dates.
    steps = sorted({step.due_on for step in journal.case_steps(case)})
    assert [m.on_date for m in found.clock.milestones if m.milestone == CHECKLIST] == steps
    assert found.last_contact_at == datetime(2026, 11, 16, 8, 30, tzinfo=UTC)


def test_long_accounted_absence_is_not_unknown(world):
    journal, _ids, pupil = world
    ill = pupil("Ilse", "A")
    days = journal.school_calendar(_ids["school A"]).school_days(d(11, 2), d(11, 13))
    mark(journal, ill, days, "ill")
    found = journal.pupil_whereabouts(ill, d(11, 13))
    assert [w.on_date for w in found.days] == days
    assert {(w.status, w.known_by) for w in found.days} == {
        (Whereabouts.ACCOUNTED, (KnownBy.VALID,))
    }
    assert found.missing_case_id is None


def test_days_in_the_other_schools_break_are_not_absent_days(world):
    journal, ids, pupil = world
    at_b = pupil("Bo", "B")
    mark(journal, at_b, [d(10, 30), d(11, 2), d(11, 3), d(11, 9)], "invalid")
    found = journal.pupil_whereabouts(at_b, d(11, 9))
    # 2-3 November are B's höstlov; 30 October and 9 November are school days at B.
    assert [(w.on_date, w.status) for w in found.days] == [
        (d(10, 30), Whereabouts.UNEXPLAINED),
        (d(11, 9), Whereabouts.UNEXPLAINED),
    ]


def test_last_present_is_the_last_taken_register_without_absence_or_a_late_mark(world):
    journal, ids, pupil = world
    lisa = pupil("Lisa", "A")
    take(journal, ids["A"], [d(11, 9), d(11, 10), d(11, 11)])
    mark(journal, lisa, [d(11, 10)], "invalid", lesson=1)  # one lesson of six: seen
    mark(journal, lisa, [d(11, 11)], "invalid")  # whole day absent, register taken
    # 12 November: register not taken, no mark: not seen (nobody looked).
    assert journal.pupil_whereabouts(lisa, d(11, 12)).last_present == d(11, 10)
    mark(journal, lisa, [d(11, 12)], "late")
    assert journal.pupil_whereabouts(lisa, d(11, 12)).last_present == d(11, 12)


def test_a_contact_explains_only_its_own_day_and_only_when_reached(world):
    journal, _ids, pupil = world
    omar = pupil("Omar", "A")
    mark(journal, omar, [d(11, 16), d(11, 17), d(11, 18)], "invalid")
    # 23:30 UTC on 16 November is 00:30 on 17 November in Sweden: it explains the 17th.
    late_call = datetime(2026, 11, 16, 23, 30, tzinfo=UTC)
    journal.log_contact(omar, outcome=ContactOutcome.REACHED, at=late_call)
    journal.log_contact(
        omar, outcome=ContactOutcome.REACHED, counterpart_kind=Counterpart.TEACHER,
        at=datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    journal.log_contact(
        omar, outcome=ContactOutcome.NO_ANSWER, at=datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    )
    found = journal.pupil_whereabouts(omar, d(11, 18))
    assert [(w.on_date, w.status) for w in found.days] == [
        (d(11, 16), Whereabouts.UNEXPLAINED),
        (d(11, 17), Whereabouts.ACCOUNTED),
        (d(11, 18), Whereabouts.UNEXPLAINED),
    ]
    assert found.last_contact_at == late_call


def test_a_told_notice_and_granted_leave_account_for_their_days(world):
    journal, _ids, pupil = world
    tove = pupil("Tove", "A")
    mark(journal, tove, [d(11, 16), d(11, 17), d(11, 18)], "invalid")
    journal.record_notice(tove, d(11, 16), "told")
    journal.record_notice(tove, d(11, 17), "not_reached")
    journal.add_leave_request(tove, d(11, 18), d(11, 18), status="granted")
    found = journal.pupil_whereabouts(tove, d(11, 18))
    assert [(w.on_date, w.status, w.known_by) for w in found.days] == [
        (d(11, 16), Whereabouts.ACCOUNTED, (KnownBy.NOTICE,)),
        (d(11, 17), Whereabouts.UNEXPLAINED, ()),
        # The grant wrote its leave mark over the invalid one (storage.leave): both ways.
        (d(11, 18), Whereabouts.ACCOUNTED, (KnownBy.VALID, KnownBy.LEAVE)),
    ]


def test_the_upper_secondary_pupil_gets_the_month_milestone(world):
    journal, ids, pupil = world
    at_a, at_b = pupil("Alva", "A"), pupil("Bea", "B")
    take(journal, ids["A"], [d(11, 13)])
    take(journal, ids["B"], [d(11, 13)])
    for who in (at_a, at_b):
        mark(journal, who, [d(11, 16), d(11, 17)], "invalid")
    kinds_a = {m.milestone for m in journal.pupil_whereabouts(at_a, d(11, 17)).clock.milestones}
    clock_b = journal.pupil_whereabouts(at_b, d(11, 17)).clock
    assert Milestone.LEFT_PROGRAMME not in kinds_a
    assert (clock_b.day0, clock_b.school_days_since, clock_b.calendar_days_since) == (
        d(11, 16),
        2,
        4,
    )
    month = [m.on_date for m in clock_b.milestones if m.milestone == Milestone.LEFT_PROGRAMME]
    assert month == [d(12, 16)]


def test_whereabouts_of_no_such_pupil_is_not_found(world):
    journal, _ids, _pupil = world
    with pytest.raises(NotFound):
        journal.pupil_whereabouts(9999, d(11, 16))
