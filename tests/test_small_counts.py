"""The small-count rule at both boundaries, the breakdown rule, and the statistics' periods."""

from __future__ import annotations

from datetime import date

import pytest

from storage.errors import InvalidValue
from storage.small_counts import HIDDEN, StatisticsSettings, breakdown, shown_count
from storage.statistics_periods import school_year, school_year_around, term, terms_of


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "<5"), (1, "<5"), (4, "<5"), (5, "5"), (6, "6"), (120, "120")]
)
def test_a_count_under_five_is_never_a_number(count, shown):
    assert shown_count(count, 5) == shown


def test_the_threshold_is_a_setting():
    assert StatisticsSettings().min_count == 5
    assert shown_count(9, 10) == "<10"
    assert shown_count(10, 10) == "10"
    assert StatisticsSettings(min_count=1).valid()
    assert not StatisticsSettings(min_count=0).valid()
    assert StatisticsSettings(lesson_minutes=10).valid()
    assert not StatisticsSettings(lesson_minutes=9).valid()
    assert not StatisticsSettings(lesson_minutes=121).valid()


def test_one_small_cell_of_a_breakdown_hides_the_smallest_other_one():
    assert breakdown([6, 1], 5) == [HIDDEN, "<5"]
    assert breakdown([9, 6, 2], 5) == ["9", HIDDEN, "<5"]
    assert breakdown([6, 6, 1], 5) == [HIDDEN, "6", "<5"]  # the first of equals
    # Two small cells already hide each other; none small: all shown.
    assert breakdown([7, 1, 0], 5) == ["7", "<5", "<5"]
    assert breakdown([7, 5], 5) == ["7", "5"]
    assert breakdown([3], 5) == ["<5"]


def test_terms_and_school_years():
    assert (term("HT2026").starts_on, term("HT2026").ends_on) == (
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    assert (term("vt2027").label, term("VT2027").starts_on, term("VT2027").ends_on) == (
        "VT2027",
        date(2027, 1, 1),
        date(2027, 6, 30),
    )
    year = school_year("2026/27")
    assert (year.label, year.starts_on, year.ends_on) == (
        "2026/27",
        date(2026, 7, 1),
        date(2027, 6, 30),
    )
    assert school_year("2026/2027") == year == school_year("2026-27")
    assert [t.label for t in terms_of(year)] == ["HT2026", "VT2027"]
    assert school_year_around(date(2027, 6, 30)) == year
    assert school_year_around(date(2027, 7, 1)).label == "2027/28"
    assert school_year("2099/00").ends_on == date(2100, 6, 30)


@pytest.mark.parametrize("label", ["HT26", "ST2026", "2026", "HT 20266"])
def test_a_term_is_named_ht_or_vt_and_a_year(label):
    with pytest.raises(InvalidValue) as refused:
        term(label)
    assert (refused.value.field, refused.value.reason) == ("term", "period_format")


@pytest.mark.parametrize("label", ["2026/28", "2026/2028", "2026", "26/27"])
def test_a_school_year_is_two_years_that_follow(label):
    with pytest.raises(InvalidValue) as refused:
        school_year(label)
    assert (refused.value.field, refused.value.reason) == ("school_year", "period_format")
