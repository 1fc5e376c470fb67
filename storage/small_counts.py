"""The small-count rule: a count under the threshold is never shown as a number.

"1 pupil not back after sommarlov" in a small school names the child (DOMAIN: any statistic
under 5 must not be shown as a number). A count below `min_count` (default 5) is shown as
"<5"; at `min_count` and above as the number (the boundary is inclusive: 4 -> "<5",
5 -> "5").

Zero is shown as "<5" too. A true zero names nobody, but a zero printed next to a "<5" tells
the reader which of two cells holds the pupil, and a "0 reports of concern" next to a
"<5 cases" invites subtraction; the safe reading of "any statistic under 5" is the literal
one, so 0 is under 5 and is not shown.

Counts that add up to a shown total could give a hidden one away by subtraction; the cells
fit to show (storage.statistics_cells) hide one more where that would happen, as HIDDEN.

The threshold and the lesson length of the hours are the school's settings (kept in the
journal like the other rules, storage.rule_settings), with these stated defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

STATISTICS_KEY = "statistics"

# The settings' ranges (inclusive), here so that valid() and the settings dialog's refusal
# name the same ones.
MIN_COUNT_RANGE = (1, 100)
LESSON_MINUTES_RANGE = (10, 120)


@dataclass(frozen=True)
class StatisticsSettings:
    """The statistics' settings; the defaults are the stated defaults."""

    min_count: int = 5
    """A count under this is shown as "<min_count" (DOMAIN: "any statistic under 5")."""
    lesson_minutes: int = 60
    """How long one lesson is, in minutes, when lessons are turned into hours (a lesson
    counts as an hour, as the invalid-hours rule of problematic absence counts it)."""

    def valid(self) -> bool:
        return (
            MIN_COUNT_RANGE[0] <= self.min_count <= MIN_COUNT_RANGE[1]
            and LESSON_MINUTES_RANGE[0] <= self.lesson_minutes <= LESSON_MINUTES_RANGE[1]
        )


def is_small(count: int, min_count: int) -> bool:
    """Whether `count` must not be shown: under `min_count` (0 included, see the module)."""
    return count < min_count


def shown_count(count: int, min_count: int) -> str:
    """The count as it may be printed: "<5" under the threshold, else the number."""
    return f"<{min_count}" if is_small(count, min_count) else str(count)


HIDDEN = "–"
"""A cell hidden only so that a small one cannot be worked out from it (a median of few
cases, or a figure that adds up with a small one: storage.statistics_cells)."""
