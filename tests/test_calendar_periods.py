"""A school's calendar through the journal: the proposed school year, periods checked and
changed, two schools kept apart, a new school's calendar, and lesson plans."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from storage import models as m
from storage.calendar_proposal import (
    DEFAULT_SPORTLOV_WEEK,
    easter_sunday,
    proposed_calendar,
    sportlov_week,
)
from storage.codes import CalendarKind
from storage.errors import InvalidValue, NotFound

TERM, BREAK, DAY_OFF = CalendarKind.TERM, CalendarKind.BREAK, CalendarKind.DAY_OFF


def _as_tuples(periods):
    return [(p.kind, p.name, p.starts_on, p.ends_on) for p in periods]


def test_the_proposal_for_2026_27_has_these_dates():
    assert _as_tuples(proposed_calendar(2026)) == [
        (TERM, "Hösttermin 2026", date(2026, 8, 19), date(2026, 12, 18)),
        (BREAK, "Höstlov", date(2026, 10, 26), date(2026, 10, 30)),  # week 44
        (BREAK, "Jullov", date(2026, 12, 19), date(2027, 1, 7)),
        (TERM, "Vårtermin 2027", date(2027, 1, 8), date(2027, 6, 18)),
        (BREAK, "Sportlov", date(2027, 3, 1), date(2027, 3, 5)),  # week 9
        (BREAK, "Påsklov", date(2027, 3, 29), date(2027, 4, 2)),  # Easter 28 March
        (DAY_OFF, "Lovdag", date(2027, 5, 7), date(2027, 5, 7)),  # after Ascension, 6 May
    ]


def test_påsklov_and_the_lovdag_follow_easter():
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2038) == date(2038, 4, 25)  # the latest day Easter can fall on
    periods = {p.name: p for p in proposed_calendar(2025, sportlov=7)}
    assert (periods["Påsklov"].starts_on, periods["Påsklov"].ends_on) == (
        date(2026, 4, 6),
        date(2026, 4, 10),
    )
    assert periods["Lovdag"].starts_on == date(2026, 5, 15)  # Ascension Day 14 May 2026
    assert (periods["Sportlov"].starts_on, periods["Sportlov"].ends_on) == (
        date(2026, 2, 9),
        date(2026, 2, 13),
    )
    # A spring term that would start on a Saturday starts on the Monday.
    assert periods["Vårtermin 2026"].starts_on == date(2026, 1, 8)
    assert {p.name: p for p in proposed_calendar(2027)}["Vårtermin 2028"].starts_on == date(
        2028, 1, 10
    )


@pytest.mark.parametrize(
    ("municipality", "week", "county"),
    [
        ("Stockholm", 9, "Stockholms län"),
        ("Malmö", 8, "Skåne län"),
        ("Göteborgs stad", 7, "Västra Götalands län"),
        ("Umeå kommun", 10, "Västerbottens län"),
        ("jonkoping", 7, "Jönköpings län"),
        ("Region Gotland", 9, "Gotlands län"),
        ("Norrvik", DEFAULT_SPORTLOV_WEEK, None),  # not a real municipality: the default
        ("", DEFAULT_SPORTLOV_WEEK, None),
    ],
)
def test_sportlov_week_by_municipality(municipality, week, county):
    guess = sportlov_week(municipality)
    assert (guess.week, guess.county) == (week, county)
    assert guess.week in guess.weeks


def test_propose_calendar_adds_the_year_once_and_uses_the_municipalitys_week(new_journal):
    journal = new_journal.journal
    school = journal.add_school("Malmöskolan", municipality="Malmö")
    assert journal.propose_calendar(school, 2026) == 7
    periods = journal.calendar_periods(school)
    sportlov = next(p for p in periods if p.name == "Sportlov")
    assert (sportlov.starts_on, sportlov.ends_on) == (date(2027, 2, 22), date(2027, 2, 26))
    assert journal.propose_calendar(school, 2026) == 0  # nothing twice
    assert len(journal.calendar_periods(school)) == 7


def test_propose_calendar_keeps_what_the_counsellor_changed(new_journal):
    journal = new_journal.journal
    school = journal.add_school("Norrskolan")
    # The counsellor entered the autumn term a day earlier and sportlov in week 8.
    journal.add_calendar_period(school, TERM, date(2026, 8, 18), date(2026, 12, 18), "HT 26")
    journal.add_calendar_period(school, BREAK, date(2027, 2, 22), date(2027, 2, 26), "sportlov")
    assert journal.propose_calendar(school, 2026, sportlov=9) == 5
    periods = journal.calendar_periods(school)
    assert [p.name for p in periods if p.kind == TERM] == ["HT 26", "Vårtermin 2027"]
    assert [p.starts_on for p in periods if p.name.casefold() == "sportlov"] == [date(2027, 2, 22)]


def test_periods_come_in_date_order_with_school_days_and_lovdagar(new_journal):
    journal = new_journal.journal
    school = journal.add_school("Norrskolan", municipality="Stockholm")
    journal.propose_calendar(school, 2026)
    rows = journal.calendar_periods(school)
    assert [r.starts_on for r in rows] == sorted(r.starts_on for r in rows)
    by_name = {r.name: r for r in rows}
    # 19-21 August and 17 whole weeks (88 weekdays) less höstlov (5); Alla helgons dag is
    # on a Saturday.
    assert by_name["Hösttermin 2026"].days == 83
    # Vårtermin 2027: Friday 8 January and 23 whole weeks (116 weekdays) less sportlov and
    # påsklov (5 each), the lovdag, Långfredagen and Kristi himmelsfärdsdag; 1 May and
    # 6 June 2027 are on a weekend.
    assert by_name["Vårtermin 2027"].days == 116 - 5 - 5 - 1 - 1 - 1
    assert by_name["Höstlov"].days == 5
    assert by_name["Påsklov"].days == 4  # Annandag påsk is a public holiday
    # 21 December-7 January: 14 weekdays less Juldagen, Nyårsdagen and Trettondedag jul.
    assert by_name["Jullov"].days == 11
    assert by_name["Lovdag"].days == 1
    # Only the periods touching a school year, when asked for.
    journal.propose_calendar(school, 2027)
    year = journal.calendar_periods(school, date(2027, 7, 1), date(2028, 6, 30))
    assert {r.name for r in year if r.kind == TERM} == {"Hösttermin 2027", "Vårtermin 2028"}


def test_a_period_is_checked_before_it_is_stored(new_journal):
    journal = new_journal.journal
    school = journal.add_school("Norrskolan")
    term = journal.add_calendar_period(school, TERM, date(2026, 8, 19), date(2026, 12, 18))
    with pytest.raises(InvalidValue) as ends:
        journal.add_calendar_period(school, BREAK, date(2026, 10, 30), date(2026, 10, 26))
    assert (ends.value.field, ends.value.reason) == ("ends_on", "ends_before_start")
    with pytest.raises(InvalidValue) as kind:
        journal.add_calendar_period(school, "summer", date(2026, 7, 1), date(2026, 7, 2))
    assert (kind.value.field, kind.value.reason) == ("kind", "unknown")
    with pytest.raises(InvalidValue) as overlap:
        journal.add_calendar_period(school, TERM, date(2026, 12, 18), date(2027, 6, 11))
    assert (overlap.value.field, overlap.value.reason) == ("term", "overlaps")
    # Touching is not overlapping; a break inside a term is what a break is.
    journal.add_calendar_period(school, TERM, date(2026, 12, 19), date(2027, 6, 11))
    journal.add_calendar_period(school, BREAK, date(2026, 10, 26), date(2026, 10, 30))
    with pytest.raises(NotFound):
        journal.add_calendar_period(9999, BREAK, date(2026, 10, 26), date(2026, 10, 30))
    # Changing a term may keep its own dates (it does not overlap itself) but not take
    # another's.
    journal.update_calendar_period(term, TERM, date(2026, 8, 18), date(2026, 12, 18), "HT")
    with pytest.raises(InvalidValue):
        journal.update_calendar_period(term, TERM, date(2026, 8, 18), date(2027, 1, 5), "HT")
    with pytest.raises(InvalidValue):
        journal.update_calendar_period(term, TERM, date(2026, 8, 18), date(2026, 8, 17), "HT")
    row = next(r for r in journal.calendar_periods(school) if r.id == term)
    assert (row.name, row.starts_on, row.ends_on) == ("HT", date(2026, 8, 18), date(2026, 12, 18))


def test_changes_to_periods_are_audited_and_change_the_calendar(new_journal):
    journal = new_journal.journal
    school = journal.add_school("Norrskolan")
    journal.propose_calendar(school, 2026)
    sportlov = next(p for p in journal.calendar_periods(school) if p.name == "Sportlov")
    assert not journal.school_calendar(school).is_school_day(date(2027, 3, 1))
    journal.update_calendar_period(sportlov.id, BREAK, date(2027, 2, 22), date(2027, 2, 26))
    calendar = journal.school_calendar(school)
    assert calendar.is_school_day(date(2027, 3, 1))
    assert not calendar.is_school_day(date(2027, 2, 22))
    journal.delete_calendar_period(sportlov.id)
    assert journal.school_calendar(school).is_school_day(date(2027, 2, 22))
    with pytest.raises(NotFound):
        journal.delete_calendar_period(sportlov.id)
    with pytest.raises(NotFound):
        journal.update_calendar_period(sportlov.id, BREAK, date(2027, 2, 22), date(2027, 2, 26))
    actions = [
        (row.action, row.table_name)
        for row in journal.audit_trail(200)
        if row.table_name == "calendar_period"
    ]
    assert ("update", "calendar_period") in actions
    assert ("delete", "calendar_period") in actions


def test_two_schools_keep_their_own_calendars_through_the_journal(new_journal):
    journal = new_journal.journal
    north = journal.add_school("Norrskolan", municipality="Umeå")  # sportlov week 10
    south = journal.add_school("Söderskolan", municipality="Malmö")  # sportlov week 8
    journal.propose_calendar(north, 2026)
    journal.propose_calendar(south, 2026)
    north_days, south_days = journal.school_calendar(north), journal.school_calendar(south)
    assert south_days.is_school_day(date(2027, 3, 8)) and not north_days.is_school_day(
        date(2027, 3, 8)
    )
    assert north_days.is_school_day(date(2027, 2, 22)) and not south_days.is_school_day(
        date(2027, 2, 22)
    )
    sportlov = next(p for p in journal.calendar_periods(south) if p.name == "Sportlov")
    journal.delete_calendar_period(sportlov.id)
    assert not journal.school_calendar(north).is_school_day(date(2027, 3, 8))  # untouched
    assert {p.school_id for p in journal.calendar_periods(north)} == {north}
    # The n-th school day after a date counts the school's own days only: after Friday
    # 5 March the north school is on sportlov a week; the south school's sportlov (week 8)
    # is removed, and week 10 was never its break.
    assert north_days.nth_school_day_after(date(2027, 3, 5), 1) == date(2027, 3, 15)
    assert journal.school_calendar(south).nth_school_day_after(date(2027, 3, 5), 1) == date(
        2027, 3, 8
    )


def test_a_new_school_gets_the_proposed_calendar_of_the_current_school_year(new_journal):
    journal = new_journal.journal
    autumn = journal.add_school("Höstskolan", propose_calendar_on=date(2026, 11, 30))
    summer = journal.add_school("Sommarskolan", propose_calendar_on=date(2027, 7, 2))
    plain = journal.add_school("Syskonskolan", served=False)
    assert {p.name for p in journal.calendar_periods(autumn) if p.kind == TERM} == {
        "Hösttermin 2026",
        "Vårtermin 2027",
    }
    assert {p.name for p in journal.calendar_periods(summer) if p.kind == TERM} == {
        "Hösttermin 2027",
        "Vårtermin 2028",
    }
    assert journal.calendar_periods(plain) == []
    with pytest.raises(NotFound):
        journal.calendar_periods(9999)


def test_a_lesson_plan_round_trip(new_journal):
    journal = new_journal.journal
    school = journal.add_school("Norrskolan")
    group = journal.add_group(school, "7A")
    other = journal.add_group(school, "7B")
    assert journal.lesson_plan(group) == {}
    journal.set_lesson_plan(group, {0: 6, 1: 7, 2: 5, 3: 6, 4: 4})
    journal.set_lesson_plan(other, {0: 3})
    assert journal.lesson_plan(group) == {0: 6, 1: 7, 2: 5, 3: 6, 4: 4}
    journal.set_lesson_plan(group, {0: 6, 2: 0, 4: 12})  # Tuesday and Thursday dropped
    assert journal.lesson_plan(group) == {0: 6, 2: 0, 4: 12}
    assert journal.lesson_plan(other) == {0: 3}
    for plan, field in (({5: 6}, "weekday"), ({-1: 6}, "weekday"), ({0: 13}, "lessons")):
        with pytest.raises(InvalidValue) as refused:
            journal.set_lesson_plan(group, plan)
        assert (refused.value.field, refused.value.reason) == (field, "out_of_range")
    with pytest.raises(InvalidValue):
        journal.set_lesson_plan(group, {0: -1})
    assert journal.lesson_plan(group) == {0: 6, 2: 0, 4: 12}  # refused: nothing changed
    journal.set_lesson_plan(group, {})
    assert journal.lesson_plan(group) == {}
    with pytest.raises(NotFound):
        journal.lesson_plan(9999)
    with journal.bulk() as session:
        stored = session.exec(select(m.LessonPlan).where(m.LessonPlan.group_id == other)).all()
        assert [(row.weekday, row.lessons) for row in stored] == [(0, 3)]
    tables = {row.table_name for row in journal.audit_trail(200)}
    assert "lesson_plan" in tables
