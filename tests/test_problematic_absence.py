"""The problematic-absence list and a pupil's attendance summary, read from a journal: each
pupil counted in their own school's calendar, enrolment, the class's lesson plan, the
thresholds kept in the journal, and cases kept apart by kind."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from storage import models as m
from storage.absence_rules import PRESETS, AbsenceRule, ProblematicAbsenceSettings
from storage.attendance_summary import DayState
from storage.codes import CalendarKind, CaseKind
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite

TODAY = date(2026, 11, 30)  # a Monday
SUMMER = date(2026, 8, 1)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


@pytest.fixture
def world(new_journal):
    """Two schools with höstlov in week 44 (A) and week 45 (B); a class and pupils at each."""
    journal = new_journal.journal
    ids: dict[str, int] = {}
    for name, lov in (("A", d(10, 26)), ("B", d(11, 2))):
        school = journal.add_school(f"Skola {name}")
        journal.add_calendar_period(school, CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
        journal.add_calendar_period(
            school, CalendarKind.BREAK, lov, lov.replace(day=lov.day + 4), "Höstlov"
        )
        ids[f"class {name}"] = journal.add_group(school, f"7{name}")
        ids[f"school {name}"] = school
    serial = 0

    def pupil(first: str, school: str, enrolled_on: date | None = SUMMER) -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2013, 3, 1), serial),
            first,
            "Testsson",
            school_id=ids[f"school {school}"],
            group_id=ids[f"class {school}"],
            enrolled_on=enrolled_on,
        )

    return journal, ids, pupil


def absent(journal, pupil_id: int, days, code: str = "ill", lesson: int | None = None) -> None:
    journal.write_marks([MarkWrite(pupil_id, day, code, lesson) for day in days])


WEEK_45 = [d(11, 2), d(11, 3), d(11, 4), d(11, 5), d(11, 6)]


def test_each_pupil_is_counted_in_their_own_schools_days(world):
    journal, _ids, pupil = world
    at_a, at_b = pupil("Alva", "A"), pupil("Bo", "B")
    # Both marked absent all of week 45: a school week at A, höstlov at B.
    absent(journal, at_a, WEEK_45[:2])
    absent(journal, at_a, WEEK_45[2:], code="invalid")
    absent(journal, at_b, WEEK_45)
    listed = journal.problematic_absence(TODAY)
    assert [p.pupil_id for p in listed.pupils] == [at_a]
    found = {f.rule: f for f in listed.pupils[0].findings}
    assert set(found) == {
        AbsenceRule.RECENT_SHARE,
        AbsenceRule.CONSECUTIVE,
        AbsenceRule.INVALID_HOURS,
    }
    # A's last 20 school days start on 3 November: 2 November is outside the window.
    recent = found[AbsenceRule.RECENT_SHARE]
    assert (recent.absent_days, recent.school_days) == (4, 20)
    assert (recent.valid_days, recent.invalid_days) == (1, 3)
    assert recent.dates == tuple(WEEK_45[1:])
    # Invalid hours look back 30 calendar days (from 1 November): three whole days of six.
    assert found[AbsenceRule.INVALID_HOURS].lessons == 18
    assert listed.pupils[0].class_name == "7A"


def test_days_before_enrolment_do_not_count(world):
    journal, _ids, pupil = world
    late_comer = pupil("Cecilia", "A", enrolled_on=d(11, 5))
    absent(journal, late_comer, WEEK_45)  # three of them before enrolment
    found = journal.problematic_absence(TODAY).pupils[0].findings
    # 5 and 6 November of 18 school days (11 %, over 10 %); a run of 2, not 5.
    assert [(f.rule, f.dates, f.school_days) for f in found] == [
        (AbsenceRule.RECENT_SHARE, (d(11, 5), d(11, 6)), 18)
    ]


def test_the_share_needs_more_than_ten_percent(world):
    journal, _ids, pupil = world
    two, three = pupil("Dana", "B"), pupil("Elis", "B")
    absent(journal, two, [d(11, 10), d(11, 20)])  # 2 of 20 = 10 %: not over
    absent(journal, three, [d(11, 10), d(11, 20), d(11, 25)])  # 15 %
    listed = journal.problematic_absence(TODAY)
    assert [p.pupil_id for p in listed.pupils] == [three]
    assert [f.rule for f in listed.pupils[0].findings] == [
        AbsenceRule.RECENT_SHARE,
        AbsenceRule.OCCASIONS,
    ]


def test_the_lesson_plan_decides_when_lessons_make_a_day(world):
    journal, ids, pupil = world
    with journal.bulk() as session:
        for weekday in range(5):
            session.add(m.LessonPlan(group_id=ids["class A"], weekday=weekday, lessons=4))
    four_lessons = pupil("Fia", "A")
    for day in (d(11, 24), d(11, 25), d(11, 26)):
        for lesson in (1, 2, 3, 4):
            absent(journal, four_lessons, [day], code="invalid", lesson=lesson)
    findings = journal.problematic_absence(TODAY).pupils[0].findings
    assert {f.rule for f in findings} == {
        AbsenceRule.RECENT_SHARE,
        AbsenceRule.CONSECUTIVE,
        AbsenceRule.INVALID_HOURS,
    }
    assert next(f for f in findings if f.rule == AbsenceRule.INVALID_HOURS).lessons == 12


def test_cases_are_shown_by_kind_and_missing_pupils_kept_apart(world):
    journal, _ids, pupil = world
    investigated, missing = pupil("Gun", "A"), pupil("Hugo", "A")
    for pid in (investigated, missing):
        absent(journal, pid, [d(11, 24), d(11, 25), d(11, 26)], code="invalid")
    case = journal.open_case(investigated, CaseKind.PROBLEMATIC_ABSENCE, d(11, 26))
    journal.open_case(missing, CaseKind.MISSING, d(11, 24))
    listed = journal.problematic_absence(TODAY)
    assert [(p.pupil_id, p.case_id, p.case_day0) for p in listed.pupils] == [
        (investigated, case, d(11, 26))
    ]
    assert listed.missing_left_out == 1


def test_thresholds_are_kept_in_the_journal_and_checked(world):
    journal, _ids, _pupil = world
    assert journal.problematic_absence_settings() == PRESETS["standard"]
    journal.save_problematic_absence_settings(PRESETS["early"])
    assert journal.problematic_absence_settings() == PRESETS["early"]
    assert journal.problematic_absence(TODAY).settings == PRESETS["early"]
    with pytest.raises(InvalidValue):
        journal.save_problematic_absence_settings(ProblematicAbsenceSettings(occasions=0))
    assert journal.problematic_absence_settings() == PRESETS["early"]


def test_attendance_summary_of_a_pupil(world):
    journal, _ids, pupil = world
    pid = pupil("Ida", "B", enrolled_on=d(8, 24))
    absent(journal, pid, [d(11, 9)], code="invalid")  # first day after B's höstlov
    absent(journal, pid, [d(11, 10), d(11, 11)], code="ill")
    absent(journal, pid, [d(11, 16)], code="reported")
    absent(journal, pid, [d(11, 23)], code="late", lesson=1)
    absent(journal, pid, [d(11, 24)], code="invalid", lesson=2)
    absent(journal, pid, [d(12, 1)], code="ill")  # after today: not counted
    summary = journal.attendance_summary(pid, TODAY)
    term = summary.term
    assert (term.start, term.end) == (d(8, 19), TODAY)
    # 69 school days from 19 August; enrolled on 24 August: 66.
    assert term.school_days == 66
    assert (term.valid_days, term.reported_days, term.invalid_days) == (3, 1, 1)
    assert (term.late_days, term.lesson_days) == (1, 1)
    assert term.longest_run == (d(11, 9), d(11, 10), d(11, 11))
    assert term.weekday_absent == (2, 1, 1, 0, 0)
    assert term.after_breaks[0].first_day == d(11, 9)
    assert term.after_breaks[0].state == DayState.INVALID
    assert round(term.attendance_percent, 2) == round(100 * 62 / 66, 2)
    assert summary.year.school_days == 66  # the school year began with this term
    strip = dict(summary.strip)
    assert strip[d(8, 21)] == DayState.NOT_COUNTED  # before enrolment
    assert strip[d(11, 3)] == DayState.NO_SCHOOL
    assert strip[d(11, 24)] == DayState.LESSONS
    assert strip[d(12, 1)] == DayState.NOT_COUNTED
    assert strip[d(11, 27)] == DayState.PRESENT
    assert min(strip) == d(8, 19) and max(strip) == d(12, 18)


def test_an_investigation_opens_once_with_its_checklist_and_why(world):
    journal, _ids, pupil = world
    pid = pupil("Jon", "A")
    case = journal.open_absence_investigation(pid, TODAY, "Regel: 3 dagar i rad")
    steps = {s.step_code for s in journal.case_steps(case)}
    assert {"report_to_organiser", "inform_home_municipality"} <= steps
    with pytest.raises(InvalidValue):
        journal.open_absence_investigation(pid, TODAY, "")
    with journal.bulk() as session:
        entry = session.exec(select(m.JournalEntry)).one()
        assert (entry.case_id, entry.text) == (case, "Regel: 3 dagar i rad")


def test_the_first_day_after_the_summer_break_counts_for_the_autumn_term(world):
    journal, ids, pupil = world
    journal.add_calendar_period(
        ids["school A"], CalendarKind.BREAK, d(6, 20), d(8, 18), "Sommarlov"
    )
    pid = pupil("Kim", "A")
    absent(journal, pid, [d(8, 19)])
    after = journal.attendance_summary(pid, TODAY).term.after_breaks
    assert [(a.break_name, a.first_day, a.state) for a in after] == [
        ("Sommarlov", d(8, 19), DayState.VALID),
        ("Höstlov", d(11, 2), DayState.PRESENT),
    ]
