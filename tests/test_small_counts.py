"""The small-count rule at both boundaries, the cells hidden so no sum gives a small count
away, and the statistics' periods."""

from __future__ import annotations

from datetime import date

import pytest

from storage import records
from storage.codes import CLOSE_OUTCOMES, CaseKind, CaseOutcome
from storage.errors import InvalidValue
from storage.small_counts import HIDDEN, StatisticsSettings, shown_count
from storage.statistics_cells import Figure, shown_statistics
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


NO_WATCH_LIST = records.WatchFollowUp(0, 0, 0)


def _period(
    label: str,
    closed: dict[str, int],
    opened: int = 9,
    watch: records.WatchFollowUp = NO_WATCH_LIST,
) -> records.PeriodStatistics:
    starts = term(label).starts_on if label[:2] in ("HT", "VT") else school_year(label).starts_on
    return records.PeriodStatistics(
        label=label,
        starts_on=starts,
        ends_on=starts,
        missing_opened=opened,
        missing_closed=sum(closed.values()),
        closed_by_outcome=tuple(closed.items()),
        not_back=(),
        located=0,
        median_days_to_locate=None,
        investigations_opened=0,
        reports_filed=0,
        hours=(),
        watch=watch,
    )


def _cells(*periods: records.PeriodStatistics) -> list[dict[tuple[str, str], str]]:
    counted = records.ActionPlanStatistics("x", date(2026, 11, 30), 5, 60, periods)
    return [
        {(c.figure, c.detail): c.value for c in period.figures}
        for period in shown_statistics(counted).periods
    ]


def outcomes(cells: dict[tuple[str, str], str]) -> list[str]:
    return [cells[(Figure.MISSING_CLOSED, "")]] + [
        v for (f, _d), v in cells.items() if f == Figure.CLOSED_AS
    ]


def test_small_outcomes_adding_up_to_1_to_4_hide_the_smallest_shown_cell():
    located, moved, abroad, other = (str(o) for o in CLOSE_OUTCOMES[CaseKind.MISSING])
    # Closed 7 = located 6 + moved 1: the 6 would give the 1 away.
    (cells,) = _cells(_period("HT2026", {located: 6, moved: 1, abroad: 0, other: 0}))
    assert outcomes(cells) == ["7", HIDDEN, "<5", "<5", "<5"]
    # Small ones adding up to 5 or more, or to 0, give nothing away.
    (cells,) = _cells(_period("HT2026", {located: 6, moved: 3, abroad: 2, other: 0}))
    assert outcomes(cells) == ["11", "6", "<5", "<5", "<5"]
    (cells,) = _cells(_period("HT2026", {located: 6, moved: 0, abroad: 0, other: 0}))
    assert outcomes(cells) == ["6", "6", "<5", "<5", "<5"]
    # The smallest shown cell goes, the total included.
    (cells,) = _cells(_period("HT2026", {located: 9, moved: 6, abroad: 2, other: 0}))
    assert outcomes(cells) == ["17", "9", HIDDEN, "<5", "<5"]


def _watch(cells: dict[tuple[str, str], str]) -> list[str]:
    return [
        cells[(f, "")] for f in (Figure.WATCH_LISTED, Figure.WATCH_NOT_BACK, Figure.WATCH_LOCATED)
    ]


@pytest.mark.parametrize(
    ("on_list", "not_back", "located", "shown"),
    [
        # All on the list were not back, and none were located: nothing to work out.
        (8, 8, 0, ["8", "8", "<5"]),
        # 8 on the list, 7 not back: printing both says 1 came back.
        (8, 7, 5, ["8", HIDDEN, "5"]),
        # 12 on the list, 7 not back: 5 back is no small count; 7 - 6 = 1 not located is.
        (12, 7, 6, ["12", "7", HIDDEN]),
        # 12 - 7 = 5 back, and 7 - 2 = 5 not located, and the 2 is "<5": nothing given away.
        (12, 7, 2, ["12", "7", "<5"]),
        # 4 not back is "<5"; the 5 who came back are never printed, so the 9 gives no 4 away.
        (9, 4, 0, ["9", "<5", "<5"]),
    ],
)
def test_the_watch_lists_counts_never_give_a_small_difference_away(
    on_list, not_back, located, shown
):
    watch = records.WatchFollowUp(on_list, not_back, located)
    (cells,) = _cells(_period("HT2026", {}, watch=watch))
    assert _watch(cells) == shown
    # What lies between two counts is never a row of its own.
    assert not {Figure.WATCH_BACK, Figure.WATCH_NOT_LOCATED} & {f for f, _d in cells}


def test_a_school_year_never_gives_a_small_term_away():
    # Opened: 1 in the autumn, 6 in the spring, 7 in the year: the spring's 6 is hidden.
    autumn, spring, year = _cells(
        _period("HT2026", {}, opened=1), _period("VT2027", {}, opened=6), _period("2026/27", {}, 7)
    )
    opened = (Figure.MISSING_OPENED, "")
    assert (autumn[opened], spring[opened], year[opened]) == ("<5", HIDDEN, "7")
    # A cell hidden in one term (to protect a small outcome) is hidden in the other too, so
    # the year cannot give it back.
    located, moved = str(CaseOutcome.LOCATED), str(CaseOutcome.MOVED)
    autumn, spring, year = _cells(
        _period("HT2026", {located: 6, moved: 1}),
        _period("VT2027", {located: 8, moved: 5}),
        _period("2026/27", {located: 14, moved: 6}),
    )
    key = (Figure.CLOSED_AS, located)
    assert (autumn[key], spring[key], year[key]) == (HIDDEN, HIDDEN, "14")
    assert autumn[(Figure.CLOSED_AS, moved)] == "<5"


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
