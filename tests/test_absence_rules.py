"""Problematic absence: each rule just under, exactly at and just over its boundary, in the
school days of two schools with different breaks (höstlov in week 44 at one, week 45 at the
other)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage.absence_rules import (
    PRESETS,
    AbsenceRule,
    DayMarks,
    ProblematicAbsenceSettings,
    PupilDays,
    absence_runs,
    absent_day_kind,
    consecutive_finding,
    evaluate,
    invalid_hours_finding,
    invalid_lessons_of,
    occasions_finding,
    preset_of,
    pupil_school_days,
    share_finding,
)
from storage.codes import AbsenceCategory, CalendarKind
from storage.day_rule import DayRule
from storage.school_calendar import Period, SchoolCalendar

TODAY = date(2026, 11, 30)  # a Monday
AUTUMN = Period(CalendarKind.TERM, date(2026, 8, 19), date(2026, 12, 18), "Hösttermin 2026")
WEEK_44 = Period(CalendarKind.BREAK, date(2026, 10, 26), date(2026, 10, 30), "Höstlov")
WEEK_45 = Period(CalendarKind.BREAK, date(2026, 11, 2), date(2026, 11, 6), "Höstlov")
SCHOOL_A = SchoolCalendar([AUTUMN, WEEK_44])
SCHOOL_B = SchoolCalendar([AUTUMN, WEEK_45])
INVALID, VALID, REPORTED = AbsenceCategory.INVALID, AbsenceCategory.VALID, AbsenceCategory.REPORTED


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def days_of(calendar: SchoolCalendar) -> list[date]:
    return calendar.school_days(AUTUMN.starts_on, TODAY)


def last_n(calendar: SchoolCalendar, n: int) -> list[date]:
    return days_of(calendar)[-n:]


def test_the_two_schools_recent_windows_differ_by_their_breaks():
    # 20 school days back from 30 November: week 44 is a break at A, week 45 at B.
    assert last_n(SCHOOL_A, 20)[0] == d(11, 3)
    assert last_n(SCHOOL_B, 20)[0] == d(10, 27)
    assert d(11, 4) not in last_n(SCHOOL_B, 20)


# -- share of a window: strictly over -------------------------------------------------------


@pytest.mark.parametrize("school", [SCHOOL_A, SCHOOL_B])
@pytest.mark.parametrize(("absent", "fires"), [(1, False), (2, False), (3, True)])
def test_recent_share_fires_only_strictly_over_ten_percent(school, absent, fires):
    window = last_n(school, 20)
    marked = {day: VALID for day in window[:absent]}
    found = share_finding(AbsenceRule.RECENT_SHARE, window, marked, 10.0, 5)
    # 1 of 20 is 5 %, 2 of 20 exactly 10 % (not over), 3 of 20 is 15 %.
    assert (found is not None) is fires
    if found:
        assert (found.absent_days, found.school_days) == (3, 20)
        assert found.dates == tuple(window[:3])


def test_term_share_at_twenty_percent_of_each_schools_term_so_far():
    # Both schools have 69 school days from 19 August to 30 November (one break week each);
    # a pupil enrolled on 25 August has 65 of them, and a fifth of 65 is exactly 13.
    term_a = days_of(SCHOOL_A)
    assert len(term_a) == len(days_of(SCHOOL_B)) == 69
    window = pupil_school_days(term_a, d(8, 25), None)
    assert len(window) == 65
    for absent, fires in ((12, False), (13, False), (14, True)):
        marked = {day: INVALID if i % 2 else VALID for i, day in enumerate(window[:absent])}
        found = share_finding(AbsenceRule.TERM_SHARE, window, marked, 20.0, 5)
        assert (found is not None) is fires, absent
    assert found is not None
    assert (found.valid_days, found.invalid_days) == (7, 7)


@pytest.mark.parametrize(("days", "fires"), [(4, False), (5, True)])
def test_a_share_needs_the_minimum_of_school_days(days, fires):
    window = last_n(SCHOOL_A, days)
    every_day = {day: INVALID for day in window}
    assert (share_finding(AbsenceRule.RECENT_SHARE, window, every_day, 10.0, 5) is not None) is (
        fires
    )


# -- K consecutive school days: at K or more --------------------------------------------------


def test_a_run_crosses_a_weekend_and_a_break_but_only_in_that_schools_calendar():
    absent = {d(10, 22): VALID, d(10, 23): INVALID, d(11, 2): INVALID}
    window_a, window_b = days_of(SCHOOL_A), days_of(SCHOOL_B)
    # At A, Friday 23 October and Monday 2 November are consecutive school days (höstlov
    # between); at B, 26-30 October are school days and 2 November is in the break.
    assert absence_runs(window_a, absent) == [[d(10, 22), d(10, 23), d(11, 2)]]
    assert absence_runs(window_b, absent) == [[d(10, 22), d(10, 23)]]
    found = consecutive_finding(window_a, absent, 3)
    assert found is not None
    assert found.dates == (d(10, 22), d(10, 23), d(11, 2))
    assert (found.valid_days, found.invalid_days, found.longest_run) == (1, 2, 3)
    assert consecutive_finding(window_b, absent, 3) is None


@pytest.mark.parametrize(("run", "fires"), [(2, False), (3, True), (4, True)])
def test_consecutive_days_fire_at_k(run, fires):
    window = last_n(SCHOOL_B, 20)
    absent = {day: VALID for day in window[5 : 5 + run]}
    found = consecutive_finding(window, absent, 3)
    assert (found is not None) is fires
    if found:
        assert found.dates == tuple(window[5 : 5 + run])


# -- M occasions in N school days: at M or more ----------------------------------------------


@pytest.mark.parametrize(("occasions", "fires"), [(2, False), (3, True), (4, True)])
def test_occasions_fire_at_m(occasions, fires):
    window = last_n(SCHOOL_A, 20)
    # One absent day every fourth school day: separate occasions.
    absent = {window[i * 4]: REPORTED for i in range(occasions)}
    found = occasions_finding(window, absent, 3)
    assert (found is not None) is fires
    if found:
        assert found.occasions == occasions
        assert found.dates == tuple(window[i * 4] for i in range(occasions))
        assert (found.valid_days, found.invalid_days) == (occasions, 0)


def test_two_absent_days_in_a_row_are_one_occasion():
    window = last_n(SCHOOL_A, 20)
    absent = {window[0]: VALID, window[1]: VALID, window[5]: VALID}
    assert occasions_finding(window, absent, 3) is None
    absent[window[10]] = INVALID
    found = occasions_finding(window, absent, 3)
    assert found is not None
    assert (found.occasions, found.longest_run, found.absent_days) == (3, 2, 4)


# -- H lessons of invalid absence in 30 days: at H or more -----------------------------------


@pytest.mark.parametrize(("lessons", "fires"), [(9, False), (10, True), (11, True)])
def test_invalid_hours_fire_at_h(lessons, fires):
    window = [day for day in days_of(SCHOOL_B) if day >= TODAY - timedelta(days=29)]
    assert window[0] == d(11, 9)  # week 45 is B's break
    invalid = {window[0]: lessons - 6, window[3]: 6} if lessons > 6 else {window[0]: lessons}
    absent = {window[3]: INVALID}
    found = invalid_hours_finding(window, invalid, absent, 10)
    assert (found is not None) is fires
    if found:
        assert found.lessons == lessons
        assert found.dates == (window[0], window[3])
        assert (found.valid_days, found.invalid_days) == (0, 1)


def test_invalid_hours_off_at_zero():
    window = last_n(SCHOOL_A, 5)
    assert invalid_hours_finding(window, {window[0]: 50}, {}, 0) is None


# -- a day's kind, lessons and enrolment ----------------------------------------------------


def test_the_kind_of_an_absent_day():
    rule = DayRule()
    day = d(11, 30)
    assert absent_day_kind(DayMarks(day, whole_day=VALID), 6, rule) == VALID
    assert absent_day_kind(DayMarks(day, whole_day=REPORTED), 6, rule) == REPORTED
    # An invalid lesson makes a valid whole day invalid: invalid wins.
    assert absent_day_kind(DayMarks(day, VALID, 1, 1, 0), 6, rule) == INVALID
    # Five of six lessons is not an absent day under the default rule; six is.
    assert absent_day_kind(DayMarks(day, None, 5, 0, 5), 6, rule) is None
    assert absent_day_kind(DayMarks(day, None, 6, 0, 6), 6, rule) == REPORTED
    # A class with four lessons that day: four make the day.
    assert absent_day_kind(DayMarks(day, None, 4, 4, 0), 4, rule) == INVALID
    assert absent_day_kind(DayMarks(day, None, 3, 3, 0), 6, DayRule(0.5)) == INVALID
    assert invalid_lessons_of(DayMarks(day, whole_day=INVALID), 4) == 4
    assert invalid_lessons_of(DayMarks(day, None, 2, 2, 0), 6) == 2


def test_days_before_enrolment_and_after_leaving_do_not_count():
    days = days_of(SCHOOL_A)
    assert pupil_school_days(days, d(11, 23), None)[0] == d(11, 23)
    assert pupil_school_days(days, None, d(9, 1))[-1] == d(9, 1)
    assert pupil_school_days(days, d(11, 28), None) == [d(11, 30)]


def test_evaluate_gives_every_rule_that_fires_with_valid_and_invalid_apart():
    school_days = days_of(SCHOOL_A)
    marks = {day: DayMarks(day, whole_day=INVALID) for day in (d(11, 24), d(11, 25))}
    marks[d(11, 26)] = DayMarks(d(11, 26), whole_day=VALID)
    marks[d(11, 10)] = DayMarks(d(11, 10), whole_day=REPORTED)
    days = PupilDays(school_days, school_days, marks, lambda _day: 6)
    found = {f.rule: f for f in evaluate(days, TODAY, ProblematicAbsenceSettings(), DayRule())}
    assert set(found) == {
        AbsenceRule.RECENT_SHARE,
        AbsenceRule.CONSECUTIVE,
        AbsenceRule.INVALID_HOURS,
    }
    recent = found[AbsenceRule.RECENT_SHARE]
    assert (recent.absent_days, recent.school_days, recent.valid_days) == (4, 20, 2)
    assert recent.dates == (d(11, 10), d(11, 24), d(11, 25), d(11, 26))
    assert found[AbsenceRule.CONSECUTIVE].dates == (d(11, 24), d(11, 25), d(11, 26))
    assert found[AbsenceRule.INVALID_HOURS].lessons == 12
    # Occasions: 2 of 3 (not yet); term share: 4 of 69 (6 %).


def test_presets_and_the_stated_default():
    assert PRESETS["standard"] == ProblematicAbsenceSettings()
    assert preset_of(ProblematicAbsenceSettings()) == "standard"
    assert preset_of(ProblematicAbsenceSettings(consecutive_days=7)) is None
    assert all(preset.valid() for preset in PRESETS.values())
    assert not ProblematicAbsenceSettings(recent_share_percent=100).valid()
    assert not ProblematicAbsenceSettings(consecutive_days=0).valid()
