"""The small-count rule: a count under the threshold is never shown as a number.

"1 pupil not back after sommarlov" in a small school names the child (DOMAIN: any statistic
under 5 must not be shown as a number). A count below `min_count` (default 5) is shown as
"<5"; at `min_count` and above as the number (the boundary is inclusive: 4 -> "<5",
5 -> "5").

Zero is shown as "<5" too. A true zero names nobody, but a zero printed next to a "<5" tells
the reader which of two cells holds the pupil, and a "0 reports of concern" next to a
"<5 cases" invites subtraction; the safe reading of "any statistic under 5" is the literal
one, so 0 is under 5 and is not shown.

One suppressed cell in a breakdown whose total is shown can be worked out by subtraction
(total 7, located 6, moved "<5": moved is 1). `breakdown` therefore hides the smallest other
cell too whenever exactly one cell of a breakdown would be "<5"; that cell is shown as
HIDDEN ("–"), never as "<5" (it may well be 5 or more).

The threshold and the lesson length of the hours are the school's settings (kept in the
journal like the other rules, storage.rule_settings), with these stated defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

STATISTICS_KEY = "statistics"


@dataclass(frozen=True)
class StatisticsSettings:
    """The statistics' settings; the defaults are the stated defaults."""

    min_count: int = 5
    """A count under this is shown as "<min_count" (DOMAIN: "any statistic under 5")."""
    lesson_minutes: int = 60
    """How long one lesson is, in minutes, when lessons are turned into hours (a lesson
    counts as an hour, as the invalid-hours rule of problematic absence counts it)."""

    def valid(self) -> bool:
        return 1 <= self.min_count <= 100 and 10 <= self.lesson_minutes <= 120


def is_small(count: int, min_count: int) -> bool:
    """Whether `count` must not be shown: under `min_count` (0 included, see the module)."""
    return count < min_count


def shown_count(count: int, min_count: int) -> str:
    """The count as it may be printed: "<5" under the threshold, else the number."""
    return f"<{min_count}" if is_small(count, min_count) else str(count)


HIDDEN = "–"
"""A cell hidden only so that a small cell next to it cannot be worked out (see the module)."""


def breakdown(counts: Sequence[int], min_count: int) -> list[str]:
    """The cells of a breakdown (parts of a shown total) as they may be printed: the small
    ones "<5", and, when only one is small, the smallest other one HIDDEN too, so no small
    cell is a subtraction away."""
    cells = [shown_count(count, min_count) for count in counts]
    small = [i for i, count in enumerate(counts) if is_small(count, min_count)]
    if len(small) == 1 and len(counts) > 1:
        others = [i for i in range(len(counts)) if i != small[0]]
        cells[min(others, key=lambda i: (counts[i], i))] = HIDDEN
    return cells
