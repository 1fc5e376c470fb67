"""One school's calendar: breaks, days off, Swedish public holidays, school-day arithmetic.

Each school answers from its own periods only (two schools with different breaks); the
arithmetic crosses a year end and a break.
"""

from __future__ import annotations

from datetime import date

import pytest

from storage.codes import CalendarKind
from storage.school_calendar import Period, SchoolCalendar, public_holiday, school_year_of

TERM_AUTUMN = Period(CalendarKind.TERM, date(2026, 8, 19), date(2026, 12, 18), "HT 2026")
TERM_SPRING = Period(CalendarKind.TERM, date(2027, 1, 11), date(2027, 6, 11), "VT 2027")
JULLOV = Period(CalendarKind.BREAK, date(2026, 12, 19), date(2027, 1, 10), "Jullov")
HOSTLOV = Period(CalendarKind.BREAK, date(2026, 10, 26), date(2026, 10, 30), "Höstlov")
STUDIEDAG = Period(CalendarKind.DAY_OFF, date(2026, 11, 13), date(2026, 11, 13), "Studiedag")


@pytest.fixture
def school() -> SchoolCalendar:
    return SchoolCalendar([TERM_AUTUMN, TERM_SPRING, JULLOV, HOSTLOV, STUDIEDAG])


def test_public_holidays_are_swedish_and_no_sunday_is_one():
    assert public_holiday(date(2027, 1, 6))  # trettondedag jul
    assert public_holiday(date(2027, 5, 6))  # Kristi himmelsfärdsdag 2027
    assert public_holiday(date(2026, 6, 6))  # nationaldagen
    assert public_holiday(date(2026, 11, 29)) is None  # an ordinary Sunday
    assert public_holiday(date(2026, 11, 30)) is None


def test_school_days_are_term_weekdays_outside_breaks_days_off_and_holidays(school):
    assert school.is_school_day(date(2026, 8, 19))  # first day of term
    assert not school.is_school_day(date(2026, 8, 18))  # before the term
    assert not school.is_school_day(date(2026, 10, 26))  # höstlov, first day
    assert not school.is_school_day(date(2026, 10, 30))  # höstlov, last day
    assert school.is_school_day(date(2026, 11, 2))  # the Monday after
    assert not school.is_school_day(date(2026, 11, 13))  # studiedag
    assert not school.is_school_day(date(2026, 11, 14))  # Saturday
    assert not school.is_school_day(date(2027, 5, 6))  # Ascension Day, inside the term
    assert school.is_school_day(date(2026, 12, 18))
    assert not school.is_school_day(date(2026, 12, 21))  # jullov
    assert school.closed_by(date(2026, 10, 28)) == HOSTLOV


def test_two_schools_answer_from_their_own_breaks_only():
    # Sportlov in week 8 at one school and week 9 at the other.
    spring = Period(CalendarKind.TERM, date(2027, 1, 11), date(2027, 6, 11))
    week8 = SchoolCalendar(
        [spring, Period(CalendarKind.BREAK, date(2027, 2, 22), date(2027, 2, 26))]
    )
    week9 = SchoolCalendar(
        [spring, Period(CalendarKind.BREAK, date(2027, 3, 1), date(2027, 3, 5))]
    )
    assert not week8.is_school_day(date(2027, 2, 22)) and week9.is_school_day(date(2027, 2, 22))
    assert week8.is_school_day(date(2027, 3, 1)) and not week9.is_school_day(date(2027, 3, 1))
    assert week8.next_school_day(date(2027, 2, 19)) == date(2027, 3, 1)
    assert week9.next_school_day(date(2027, 2, 19)) == date(2027, 2, 22)


def test_nth_school_day_after_crosses_the_year_end_and_jullov(school):
    # Friday 18 Dec is the last day of term; jullov to 10 Jan; 11 Jan the first day back.
    assert school.nth_school_day_after(date(2026, 12, 18), 0) == date(2026, 12, 18)
    assert school.nth_school_day_after(date(2026, 12, 18), 1) == date(2027, 1, 11)
    assert school.nth_school_day_after(date(2026, 12, 17), 2) == date(2027, 1, 11)
    assert school.nth_school_day_after(date(2026, 12, 18), 3) == date(2027, 1, 13)
    # From a day inside the break, day 0 is the first school day after it.
    assert school.nth_school_day_after(date(2026, 12, 24), 0) == date(2027, 1, 11)
    assert school.previous_school_day(date(2027, 1, 11)) == date(2026, 12, 18)


def test_school_days_between_two_dates_skip_the_studiedag(school):
    days = school.school_days(date(2026, 11, 9), date(2026, 11, 16))
    assert days == [date(2026, 11, d) for d in (9, 10, 11, 12, 16)]


def test_after_the_last_term_there_is_no_next_school_day():
    calendar = SchoolCalendar([TERM_AUTUMN])
    assert calendar.next_school_day(date(2026, 12, 18)) is None
    assert calendar.nth_school_day_after(date(2026, 12, 17), 2) is None


def test_without_terms_every_weekday_but_holidays_is_a_school_day():
    calendar = SchoolCalendar([])
    assert calendar.is_school_day(date(2026, 11, 30))
    assert not calendar.is_school_day(date(2026, 12, 25))


def test_first_school_days_after_breaks(school):
    found = school.first_school_days_after_breaks(date(2026, 10, 1), date(2027, 1, 31))
    assert [(p.name, day) for p, day in found] == [
        ("Höstlov", date(2026, 11, 2)),
        ("Jullov", date(2027, 1, 11)),
    ]


@pytest.mark.parametrize(
    ("day", "first"),
    [(date(2026, 6, 30), 2025), (date(2026, 7, 1), 2026), (date(2027, 1, 5), 2026)],
)
def test_school_year_runs_from_july_to_june(day, first):
    assert school_year_of(day) == (date(first, 7, 1), date(first + 1, 6, 30))


def test_the_journal_keeps_each_schools_periods_apart(new_journal):
    journal = new_journal.journal
    north = journal.add_school("Norrskolan")
    south = journal.add_school("Söderskolan")
    journal.add_calendar_period(north, "break", date(2027, 2, 22), date(2027, 2, 26), "Sportlov")
    journal.add_calendar_period(south, "break", date(2027, 3, 1), date(2027, 3, 5), "Sportlov")
    assert not journal.school_calendar(north).is_school_day(date(2027, 2, 22))
    assert journal.school_calendar(south).is_school_day(date(2027, 2, 22))
    assert journal.school_calendar(None).is_school_day(date(2027, 2, 22))
