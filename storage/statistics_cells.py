"""The statistics as they may be shown: every cell a string, the small counts hidden.

Both renderers (Markdown and CSV) print these cells and nothing else, so a count is hidden
the same way in every format (storage.small_counts):

- a count under the threshold is "<5" (0 included);
- the outcomes of the closed cases are a breakdown of the closed cases' total, so when only
  one of them is "<5" the smallest other one is HIDDEN too;
- a school year's figures are its two terms added up, so when a figure is "<5" in one term
  only, the other term's cell is HIDDEN (else year minus term gives the small one);
- the median days to locate is HIDDEN when fewer cases than the threshold were located (a
  median of one case is that pupil's days);
- the hours of a class year with fewer pupils than the threshold are HIDDEN (its pupils
  "<5"), and in a school year so are the same class year's hours in the other term.

Numbers with a fraction (hours, a median) are printed with one decimal and the decimal mark
the caller gives ("," in Swedish).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from storage import records
from storage.small_counts import HIDDEN, breakdown, is_small, shown_count


class Figure(StrEnum):
    """What one counted row is; the renderers name it in the person's language."""

    MISSING_OPENED = "missing_opened"
    MISSING_CLOSED = "missing_closed"
    CLOSED_AS = "closed_as"  # detail: the outcome (storage.codes.CaseOutcome)
    NOT_BACK = "not_back"  # detail: the break's name
    MEDIAN_DAYS_TO_LOCATE = "median_days_to_locate"
    INVESTIGATIONS_OPENED = "investigations_opened"
    REPORTS_FILED = "reports_filed"


@dataclass(frozen=True)
class FigureCell:
    figure: Figure
    detail: str
    value: str


@dataclass(frozen=True)
class HoursCells:
    class_year: int | None
    pupils: str
    valid_hours: str
    invalid_hours: str
    offered_hours: str


@dataclass(frozen=True)
class ShownPeriod:
    label: str
    starts_on: date
    ends_on: date
    figures: tuple[FigureCell, ...]
    hours: tuple[HoursCells, ...]


@dataclass(frozen=True)
class ShownStatistics:
    scope: str
    made_on: date
    min_count: int
    lesson_minutes: int
    periods: tuple[ShownPeriod, ...]


def shown_statistics(
    counted: records.ActionPlanStatistics, decimal_mark: str = "."
) -> ShownStatistics:
    """The statistics with every cell as it may be printed (see the module's text)."""
    limit = counted.min_count
    periods = [_period(p, limit, decimal_mark) for p in counted.periods]
    if len(counted.periods) == 3:  # a school year: two terms, then the year
        periods[0], periods[1] = _hide_across_terms(
            counted.periods[0], counted.periods[1], periods[0], periods[1], limit
        )
    return ShownStatistics(
        counted.scope, counted.made_on, limit, counted.lesson_minutes, tuple(periods)
    )


def _counts(period: records.PeriodStatistics) -> list[tuple[Figure, str, int]]:
    """The period's counts in the order they are shown (the median is added apart)."""
    return [
        (Figure.MISSING_OPENED, "", period.missing_opened),
        (Figure.MISSING_CLOSED, "", period.missing_closed),
        *((Figure.CLOSED_AS, outcome, count) for outcome, count in period.closed_by_outcome),
        *((Figure.NOT_BACK, row.break_name, row.pupils) for row in period.not_back),
        (Figure.INVESTIGATIONS_OPENED, "", period.investigations_opened),
        (Figure.REPORTS_FILED, "", period.reports_filed),
    ]


def _period(period: records.PeriodStatistics, limit: int, mark: str) -> ShownPeriod:
    counts = _counts(period)
    cells = [shown_count(count, limit) for _f, _d, count in counts]
    outcomes = [i for i, (figure, _d, _c) in enumerate(counts) if figure == Figure.CLOSED_AS]
    for i, cell in zip(outcomes, breakdown([counts[i][2] for i in outcomes], limit), strict=True):
        cells[i] = cell
    figures = [FigureCell(f, d, cell) for (f, d, _c), cell in zip(counts, cells, strict=True)]
    median = (
        _decimal(period.median_days_to_locate, mark)
        if period.median_days_to_locate is not None and not is_small(period.located, limit)
        else HIDDEN
    )
    # The median follows the outcomes, next to the cases it is taken over.
    at = max(outcomes, default=1) + 1
    figures.insert(at, FigureCell(Figure.MEDIAN_DAYS_TO_LOCATE, "", median))
    hours = tuple(
        HoursCells(
            row.class_year,
            shown_count(row.pupils, limit),
            *(
                (HIDDEN, HIDDEN, HIDDEN)
                if is_small(row.pupils, limit)
                else tuple(
                    _decimal(h, mark)
                    for h in (row.valid_hours, row.invalid_hours, row.offered_hours)
                )
            ),
        )
        for row in period.hours
    )
    return ShownPeriod(period.label, period.starts_on, period.ends_on, tuple(figures), hours)


def _hide_across_terms(
    autumn: records.PeriodStatistics,
    spring: records.PeriodStatistics,
    shown_autumn: ShownPeriod,
    shown_spring: ShownPeriod,
    limit: int,
) -> tuple[ShownPeriod, ShownPeriod]:
    """HIDDEN the other term's cell of every figure (or class year) small in one term only."""
    small = {
        (p.label, f, d) for p in (autumn, spring) for f, d, c in _counts(p) if is_small(c, limit)
    }

    def figures(period: ShownPeriod, other: str) -> tuple[FigureCell, ...]:
        return tuple(
            FigureCell(cell.figure, cell.detail, HIDDEN)
            if (other, cell.figure, cell.detail) in small
            and (period.label, cell.figure, cell.detail) not in small
            and cell.value != HIDDEN
            else cell
            for cell in period.figures
        )

    small_years = {
        (p.label, row.class_year)
        for p in (autumn, spring)
        for row in p.hours
        if is_small(row.pupils, limit)
    }

    def hours(period: ShownPeriod, other: str) -> tuple[HoursCells, ...]:
        return tuple(
            HoursCells(row.class_year, row.pupils, HIDDEN, HIDDEN, HIDDEN)
            if (other, row.class_year) in small_years
            and (period.label, row.class_year) not in small_years
            else row
            for row in period.hours
        )

    return (
        _replace(
            shown_autumn, figures(shown_autumn, spring.label), hours(shown_autumn, spring.label)
        ),
        _replace(
            shown_spring, figures(shown_spring, autumn.label), hours(shown_spring, autumn.label)
        ),
    )


def _replace(
    period: ShownPeriod, figures: Sequence[FigureCell], hours: Sequence[HoursCells]
) -> ShownPeriod:
    return ShownPeriod(
        period.label, period.starts_on, period.ends_on, tuple(figures), tuple(hours)
    )


def _decimal(value: float, mark: str) -> str:
    return f"{value:.1f}".replace(".", mark)
