"""The statistics as they may be shown: every cell a string, the small counts hidden.

Both renderers (Markdown and CSV) print these cells and nothing else, so a count is hidden
the same way in every format (storage.small_counts):

- a count under the threshold is "<5" (0 included);
- a figure that adds up from others can give a hidden one away by subtraction: the closed
  cases are their outcomes added up (in each period), a school year's figure is its two
  terms' added up, and each count of the watch list is the next one plus what lies between
  (on the list = not back + back; not back = located + not located; the parts between are
  never printed, but can be worked out, so they count like the others). In each such sum,
  when the hidden cells (small, or hidden before) add up to 1-4, or when exactly one cell is
  hidden and it is not 0, the smallest shown cell of the sum is HIDDEN too ("–"); this is
  repeated until no sum gives a hidden cell away. (A school year counts a case closed in
  both terms once, so its closed cases are at most the terms' sum: reading them as a sum
  hides more, never less.)
- the median days to locate is HIDDEN when fewer cases than the threshold were located (a
  median of one case is that pupil's days);
- the hours of a class year with fewer pupils than the threshold are HIDDEN (its pupils
  "<5"), and in a school year so are the same class year's hours in the other term (the year
  minus one term is the other).

Numbers with a fraction (hours, a median) are printed with one decimal and the decimal mark
the caller gives ("," in Swedish).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from storage import records
from storage.small_counts import HIDDEN, is_small, shown_count


class Figure(StrEnum):
    """What one counted row is; the renderers name it in the person's language."""

    MISSING_OPENED = "missing_opened"
    MISSING_CLOSED = "missing_closed"
    CLOSED_AS = "closed_as"  # detail: the outcome (storage.codes.CaseOutcome)
    NOT_BACK = "not_back"  # detail: the break's name ("" if none); day: its first school day after
    MEDIAN_DAYS_TO_LOCATE = "median_days_to_locate"
    INVESTIGATIONS_OPENED = "investigations_opened"
    REPORTS_FILED = "reports_filed"
    WATCH_LISTED = "watch_listed"
    WATCH_NOT_BACK = "watch_not_back"
    WATCH_LOCATED = "watch_located"
    # Never shown: what lies between two counts of the watch list (on the list and back; not
    # back and not located). Counted so that a small one hides a shown count like any other;
    # one marked hidden is hidden in its own sum too, as it could be worked out from it.
    WATCH_BACK = "watch_back"
    WATCH_NOT_LOCATED = "watch_not_located"


_NEVER_SHOWN = frozenset({Figure.WATCH_BACK, Figure.WATCH_NOT_LOCATED})


@dataclass(frozen=True)
class FigureCell:
    figure: Figure
    detail: str
    value: str
    day: date | None = None
    """NOT_BACK: the first school day after the break (the row's name when it has none)."""


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
    counts = [_counts(p) for p in counted.periods]
    hidden = _hidden(counts, limit)
    periods = [
        _period(p, c, h, limit, decimal_mark)
        for p, c, h in zip(counted.periods, counts, hidden, strict=True)
    ]
    if len(counted.periods) == 3:  # a school year: two terms, then the year
        periods[0], periods[1] = _hide_hours_across_terms(periods[0], periods[1])
    return ShownStatistics(
        counted.scope, counted.made_on, limit, counted.lesson_minutes, tuple(periods)
    )


# (figure, detail, day): a not-back row is its break's name and first school day after it,
# so that unnamed breaks, or a name used in both terms, stay rows of their own.
_Key = tuple[Figure, str, date | None]


def _counts(period: records.PeriodStatistics) -> dict[_Key, int]:
    """The period's counts in the order they are shown (the median is added apart)."""
    found: dict[_Key, int] = {
        (Figure.MISSING_OPENED, "", None): period.missing_opened,
        (Figure.MISSING_CLOSED, "", None): period.missing_closed,
    }
    found.update(((Figure.CLOSED_AS, o, None), count) for o, count in period.closed_by_outcome)
    found.update(
        ((Figure.NOT_BACK, row.break_name, row.first_school_day), row.pupils)
        for row in period.not_back
    )
    found[(Figure.INVESTIGATIONS_OPENED, "", None)] = period.investigations_opened
    found[(Figure.REPORTS_FILED, "", None)] = period.reports_filed
    watch = period.watch
    found[(Figure.WATCH_LISTED, "", None)] = watch.on_list
    found[(Figure.WATCH_NOT_BACK, "", None)] = watch.not_back
    found[(Figure.WATCH_LOCATED, "", None)] = watch.located
    found[(Figure.WATCH_BACK, "", None)] = watch.on_list - watch.not_back
    found[(Figure.WATCH_NOT_LOCATED, "", None)] = watch.not_back - watch.located
    return found


def _sums(counts: list[dict[_Key, int]]) -> list[list[tuple[int, _Key]]]:
    """The cells that add up (see the module's text), each as (period index, key): every
    period's closed cases with their outcomes; in a school year, each figure of the year
    with the same figure of the two terms."""
    found = []
    for index, period in enumerate(counts):
        outcomes = [k for k in period if k[0] == Figure.CLOSED_AS]
        found.append([(index, (Figure.MISSING_CLOSED, "", None)), *((index, k) for k in outcomes)])
        for total, part, rest in (
            (Figure.WATCH_LISTED, Figure.WATCH_NOT_BACK, Figure.WATCH_BACK),
            (Figure.WATCH_NOT_BACK, Figure.WATCH_LOCATED, Figure.WATCH_NOT_LOCATED),
        ):
            found.append(
                [(index, (total, "", None)), (index, (part, "", None)), (index, (rest, "", None))]
            )
    if len(counts) == 3:
        for key in counts[2]:
            found.append([(i, key) for i in range(3) if key in counts[i]])
    return found


def _hidden(counts: list[dict[_Key, int]], limit: int) -> list[set[_Key]]:
    """The cells HIDDEN beside the small ones, so that no sum gives a hidden cell away."""
    small = [{k for k, c in period.items() if is_small(c, limit)} for period in counts]
    hidden: list[set[_Key]] = [set() for _ in counts]
    sums = _sums(counts)
    changed = True
    while changed:
        changed = False
        for cells in sums:
            out = [(i, k) for i, k in cells if k in small[i] or k in hidden[i]]
            shown = [(i, k) for i, k in cells if (i, k) not in out]
            total = sum(counts[i][k] for i, k in out)
            alone = len(out) == 1 and total > 0
            if shown and (alone or 0 < total < limit):
                i, k = min(shown, key=lambda cell: counts[cell[0]][cell[1]])
                hidden[i].add(k)
                changed = True
    return hidden


def _period(
    period: records.PeriodStatistics,
    counts: dict[_Key, int],
    hidden: set[_Key],
    limit: int,
    mark: str,
) -> ShownPeriod:
    figures = [
        FigureCell(f, d, HIDDEN if (f, d, day) in hidden else shown_count(count, limit), day)
        for (f, d, day), count in counts.items()
        if f not in _NEVER_SHOWN
    ]
    median = (
        _decimal(period.median_days_to_locate, mark)
        if period.median_days_to_locate is not None and not is_small(period.located, limit)
        else HIDDEN
    )
    # The median follows the outcomes, next to the cases it is taken over.
    at = 2 + sum(1 for f, _d, _day in counts if f == Figure.CLOSED_AS)
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


def _hide_hours_across_terms(
    autumn: ShownPeriod, spring: ShownPeriod
) -> tuple[ShownPeriod, ShownPeriod]:
    """HIDDEN the hours of a class year in one term when they are hidden in the other."""
    hidden = {
        (p.label, row.class_year)
        for p in (autumn, spring)
        for row in p.hours
        if row.offered_hours == HIDDEN
    }

    def hours(period: ShownPeriod, other: str) -> tuple[HoursCells, ...]:
        return tuple(
            HoursCells(row.class_year, row.pupils, HIDDEN, HIDDEN, HIDDEN)
            if (other, row.class_year) in hidden
            else row
            for row in period.hours
        )

    return (
        _replace(autumn, autumn.figures, hours(autumn, spring.label)),
        _replace(spring, spring.figures, hours(spring, autumn.label)),
    )


def _replace(
    period: ShownPeriod, figures: Sequence[FigureCell], hours: Sequence[HoursCells]
) -> ShownPeriod:
    return ShownPeriod(
        period.label, period.starts_on, period.ends_on, tuple(figures), tuple(hours)
    )


def _decimal(value: float, mark: str) -> str:
    return f"{value:.1f}".replace(".", mark)
