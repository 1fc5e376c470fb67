"""The heat strip and its legend read without colour: one character per weekday of the term,
weeks of five (Monday to Friday), the term's first days before its start left blank."""

from __future__ import annotations

from datetime import date

import pytest

from storage.attendance_summary import DayState
from tui import i18n
from tui.widgets.attendance_summary import WEEKS_PER_LINE, heat_strip, legend


@pytest.fixture
def english():
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def test_each_state_has_its_own_character_week_by_week(english):
    states = [
        DayState.PRESENT,  # Wed 19 August (the term starts on a Wednesday)
        DayState.LATE,
        DayState.INVALID,
        DayState.VALID,  # Mon 24
        DayState.REPORTED,
        DayState.LESSONS,
        DayState.NO_SCHOOL,
        DayState.NOT_COUNTED,  # Fri 28: after today
    ]
    days = [date(2026, 8, d) for d in (19, 20, 21, 24, 25, 26, 27, 28)]
    assert heat_strip(tuple(zip(days, states, strict=True))).plain == "w34   ·so gal- "


def test_the_strip_wraps_by_whole_weeks(english):
    mondays = [date.fromisocalendar(2026, week, 1) for week in range(34, 34 + WEEKS_PER_LINE + 1)]
    lines = heat_strip(tuple((day, DayState.PRESENT) for day in mondays)).plain.splitlines()
    assert [line[:4] for line in lines] == ["w34 ", "w43 "]
    assert lines[1] == "w43 ·    "


def test_the_legend_names_every_character(english):
    assert legend().plain == (
        "· present  o invalid  g valid  a reported by a guardian  s late  l lessons missed  "
        "- no school  blank: not yet, or not enrolled"
    )
