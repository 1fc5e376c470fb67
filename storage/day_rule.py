"""The day rule: when lesson marks make an absent day (DOMAIN: make the rule explicit).

A school day counts as absent when it has a whole-day absence mark, or when the share of its
lessons marked absent is at least `min_lesson_share` (the boundary is inclusive). The default,
1.0, is "absent from every lesson of the day". A class's lessons per weekday come from its
lesson plan; without one a day has LESSONS_PER_DAY lessons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LESSONS_PER_DAY = 6
DAY_RULE_KEY = "day_rule"


@dataclass(frozen=True)
class DayRule:
    min_lesson_share: float = 1.0
    """Share of a day's lessons (0 < share <= 1) that, marked absent, make the day absent."""

    def valid(self) -> bool:
        return 0 < self.min_lesson_share <= 1

    def lessons_needed(self, lessons_that_day: int) -> int:
        """How many absent lessons make an absent day with `lessons_that_day` lessons."""
        # A tiny tolerance so 0.5 of 6 is 3, not 4 through a float's last digit.
        return max(1, math.ceil(self.min_lesson_share * lessons_that_day - 1e-9))

    def is_absent_day(
        self, *, whole_day_absent: bool, absent_lessons: int, lessons_that_day: int
    ) -> bool:
        if whole_day_absent:
            return True
        return lessons_that_day > 0 and absent_lessons >= self.lessons_needed(lessons_that_day)
