"""The morning dashboard's read (journal.morning): each count is the length of the very list
its key opens, on a calendar with a break at each of two schools (different weeks), and the
open missing-pupil cases with exact days, last seen, clock and overdue steps."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from storage.checklist import is_overdue
from storage.codes import CalendarKind, CaseKind, NoticeOutcome
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.morning import RECENT_DAYS


def d(month: int, day: int) -> date:
    return date(2026, month, day)


# A's höstlov is week 44 (26-30 October): its first school days after are 2, 3, 4 November.
# B's is week 45 (2-6 November): its first school days after are 9, 10, 11 November.


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    ids: dict[str, int] = {}
    for name, lov in (("A", d(10, 26)), ("B", d(11, 2))):
        school = journal.add_school(f"Skola {name}")
        journal.add_calendar_period(school, CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
        journal.add_calendar_period(
            school, CalendarKind.BREAK, lov, lov.replace(day=lov.day + 4), f"Höstlov {name}"
        )
        ids[name] = journal.add_group(school, f"8{name}", school_year=8)
        ids[f"school {name}"] = school
    serial = 0

    def pupil(first: str, group: str) -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2012, 2, 1), serial),
            first,
            "Testsson",
            school_id=ids["school " + group],
            group_id=ids[group],
            enrolled_on=d(8, 1),
            today=d(8, 1),  # in the class from then (not from the machine's today)
        )

    return journal, ids, pupil


def mark(journal, pupil_id: int, days, code: str = "invalid") -> None:
    journal.write_marks([MarkWrite(pupil_id, day, code) for day in days])


def assert_counts_match_the_lists(journal, today: date) -> None:
    """Each count of the dashboard is the length of the list its key opens."""
    morning = journal.morning(today)
    assert morning.registers_not_taken == len(journal.classes_not_taken(today))  # R
    due = journal.notices_due(today)
    assert morning.notices_due == len(due.due)  # N
    assert morning.not_to_call == len(due.not_to_call)
    listed = journal.problematic_absence(today).pupils  # P
    assert morning.problematic == len(listed)
    assert morning.problematic_investigated == len([p for p in listed if p.case_id is not None])
    if morning.breaks:  # V, on the first school days after a break
        assert morning.candidates == len(journal.missing_candidates(today).pupils)
    else:
        assert morning.candidates is None
    missing = [c for c in journal.open_cases(today) if c.kind == CaseKind.MISSING]
    assert sorted(c.case_id for c in morning.missing_cases) == sorted(c.case_id for c in missing)


def test_counts_match_the_lists_on_each_schools_days_after_its_break(world):
    journal, ids, pupil = world
    alva, bo, cai = pupil("Alva", "A"), pupil("Bo", "B"), pupil("Cai", "A")
    mark(journal, alva, [d(11, 2), d(11, 3)])
    mark(journal, cai, [d(11, 2)], "ill")
    mark(journal, bo, [d(11, 9)])
    journal.take_register(ids["A"], d(11, 2))

    on_a = journal.morning(d(11, 2))
    assert on_a.breaks == ("Höstlov A",)  # B is on its break that day
    assert (on_a.candidates, on_a.not_back) == (1, 1)  # Alva; Cai is ill (accounted for)
    assert on_a.registers_not_taken == 0  # A's is taken; B has no school day
    assert on_a.notices_due == 1  # Alva
    on_b = journal.morning(d(11, 9))
    assert on_b.breaks == ("Höstlov B",)  # A's window ended on the 4th
    assert (on_b.candidates, on_b.not_back) == (1, 1)  # Bo
    assert on_b.registers_not_taken == 2  # both classes have a school day, neither taken
    assert on_b.notices_due == 1
    ordinary = journal.morning(d(11, 16))
    assert (ordinary.breaks, ordinary.candidates, ordinary.not_back) == ((), None, 0)
    assert ordinary.notices_due == 0

    journal.record_notice(alva, d(11, 3), NoticeOutcome.TOLD)
    for today in (d(11, 2), d(11, 3), d(11, 4), d(11, 5), d(11, 9), d(11, 10), d(11, 16)):
        assert_counts_match_the_lists(journal, today)
    assert journal.morning(d(11, 3)).notices_due == 0  # told: off the list


def test_a_missing_case_with_its_day_last_seen_clock_and_overdue_steps(world):
    journal, ids, pupil = world
    dan = pupil("Dan", "A")
    journal.take_register(ids["A"], d(10, 23))  # the Friday before the break: Dan was there
    mark(journal, dan, [d(11, 2), d(11, 3), d(11, 4), d(11, 5)])
    case = journal.open_case(dan, CaseKind.MISSING, d(11, 2))
    steps = {s.step_code: s for s in journal.case_steps(case)}
    journal.complete_step(steps["check_registration"].id, "no error")
    journal.mark_step_not_applicable(steps["check_siblings_here"].id, "no siblings")

    (shown,) = journal.morning(d(11, 5)).missing_cases
    assert (shown.case_id, shown.pupil_id, shown.class_name) == (case, dan, "8A")
    assert (shown.first_name, shown.last_name) == ("Dan", "Testsson")
    assert shown.day0 == d(11, 2)
    assert shown.case_day == 3  # the 3rd, 4th and 5th after day 0
    assert shown.last_present == d(10, 23)
    # School days since: 2, 3, 4, 5 November (the break is not counted); calendar days: 13.
    assert (shown.school_days_since, shown.calendar_days_since) == (4, 13)
    # Due on the 3rd (1 school day): four steps, two settled; on the 4th (2): three steps.
    assert shown.overdue_steps == 5
    assert (shown.first_overdue_step, shown.first_overdue_due) == ("contact_guardians", d(11, 3))
    overdue = [
        s
        for s in journal.case_steps(case)
        if is_overdue(s.due_on, s.done_at is not None or bool(s.not_applicable_reason), d(11, 5))
    ]
    assert len(overdue) == shown.overdue_steps
    # The same clock as the case screen's (pupil_whereabouts).
    clock = journal.pupil_whereabouts(dan, d(11, 5)).clock
    assert (clock.last_present, clock.school_days_since, clock.calendar_days_since) == (
        shown.last_present,
        shown.school_days_since,
        shown.calendar_days_since,
    )


def test_cases_come_most_overdue_first_and_problematic_absence_stays_apart(world):
    journal, ids, pupil = world
    old, new, slow = pupil("Eva", "A"), pupil("Fia", "A"), pupil("Gus", "A")
    older = journal.open_case(old, CaseKind.MISSING, d(11, 2))
    newer = journal.open_case(new, CaseKind.MISSING, d(11, 5))
    investigation = journal.open_absence_investigation(slow, d(11, 2), "long absence")
    shown = journal.morning(d(11, 6)).missing_cases
    assert [c.case_id for c in shown] == [older, newer]
    assert investigation not in {c.case_id for c in shown}
    assert shown[0].overdue_steps > shown[1].overdue_steps
    journal.close_case(older, "located", "found at home")
    assert [c.case_id for c in journal.morning(d(11, 6)).missing_cases] == [newer]
    morning = journal.morning(d(11, 6))
    assert (morning.summary.open_missing, morning.summary.open_absence_cases) == (1, 1)


def test_last_seen_long_ago_is_found_as_the_case_screen_finds_it(world):
    journal, ids, pupil = world
    hugo, ines = pupil("Hugo", "B"), pupil("Ines", "A")
    seen_on = d(8, 28)  # more than RECENT_DAYS before today
    today = d(11, 20)
    assert (today - seen_on).days > RECENT_DAYS
    journal.take_register(ids["B"], seen_on)
    school_days = journal.school_calendar(ids["school B"]).school_days(d(8, 31), today)
    mark(journal, hugo, school_days)
    journal.open_case(hugo, CaseKind.MISSING, d(8, 31))
    journal.open_case(ines, CaseKind.MISSING, d(11, 19))  # never marked: no day present
    shown = {c.pupil_id: c for c in journal.morning(today).missing_cases}
    assert shown[hugo].last_present == seen_on
    assert shown[ines].last_present is None
    for pupil_id, case in shown.items():
        clock = journal.pupil_whereabouts(pupil_id, today).clock
        assert (case.last_present, case.school_days_since, case.calendar_days_since) == (
            clock.last_present,
            clock.school_days_since,
            clock.calendar_days_since,
        )


def test_an_empty_journal_has_nothing_to_count(new_journal):
    morning = new_journal.journal.morning(d(11, 2))
    assert morning.summary.is_empty
    assert morning.profile is None
    assert (morning.registers_not_taken, morning.notices_due, morning.problematic) == (0, 0, 0)
    assert (morning.breaks, morning.candidates, morning.missing_cases) == ((), None, ())


def test_the_summary_counts_all_but_the_marks(world):
    journal, ids, pupil = world
    alva = pupil("Alva", "A")
    mark(journal, alva, [d(11, 2), d(11, 3)])
    counted = journal.summary()
    shown = journal.morning(d(11, 3)).summary
    assert counted.absence_marks == 2
    assert shown.absence_marks is None  # reading the whole register for a number not shown
    assert shown == dataclasses.replace(counted, absence_marks=None)


def test_a_school_day_is_one_at_any_school_of_a_pupil(world):
    """On 2 November A has school and B is on its break: a school day. Saturdays, and days
    when every school with pupils is on a break, are not (home says so instead of "every
    register taken")."""
    journal, ids, pupil = world
    pupil("Alva", "A")
    pupil("Bo", "B")
    assert journal.morning(d(11, 2)).school_day is True  # A only
    assert journal.morning(d(10, 30)).school_day is True  # B only (A's break)
    assert journal.morning(d(10, 31)).school_day is False  # a Saturday
    assert journal.morning(d(12, 21)).school_day is False  # after both terms
