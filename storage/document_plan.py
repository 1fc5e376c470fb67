"""The school's document plan and the rule "due for review": plain data, no database.

A municipal school's kept notes are official documents, destroyed only under the
municipality's document management plan; an independent school follows its own rule
(DOMAIN.md, "The counsellor's records"). This module says when a pupil who left is due for
review under that plan; storage.retention lists them, storage.records_deletion deletes after
the counsellor confirms. Nothing is ever deleted by the passing of time alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.codes import SchoolType

SCHOOL_KINDS = (SchoolType.MUNICIPAL, SchoolType.INDEPENDENT)
"""The two rules a school's records fall under: the municipality's plan, or the school's own."""

MIN_YEARS, MAX_YEARS = 1, 50


@dataclass(frozen=True)
class DocumentPlanSettings:
    """The school's document plan, as far as Saknad needs it.

    Attributes:
        school_kind: "municipal" (the notes are official documents kept per the
            municipality's document management plan) or "independent" (the school's own
            rule); what the review screen says the deletion rests on.
        review_after_years: how many whole years after a pupil left their records come up
            for review. Default 5: a common period in municipal plans for a counsellor's
            notes about a pupil who has left, and long enough that a pupil who comes back
            or a late question from social services still finds the notes. A school sets its
            own; the list only proposes, nothing is deleted without the counsellor.
    """

    school_kind: str = SchoolType.MUNICIPAL.value  # a plain str, as the journal stores it
    review_after_years: int = 5

    def valid(self) -> bool:
        return (
            self.school_kind in SCHOOL_KINDS and MIN_YEARS <= self.review_after_years <= MAX_YEARS
        )


def years_after(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February to a year without one
        return day.replace(year=day.year + years, day=28)


def due_for_review(left_on: date | None, today: date, plan: DocumentPlanSettings) -> bool:
    """Whether a pupil who left on `left_on` left more than the plan's years ago on `today`.

    "More than N years": on the Nth anniversary of leaving the records are not yet due; from
    the day after they are. A pupil who has not left is never due.
    """
    if left_on is None:
        return False
    return today > years_after(left_on, plan.review_after_years)


def whole_years_between(earlier: date, later: date) -> int:
    """Whole years from `earlier` to `later` (0 when `later` is before the first anniversary)."""
    years = later.year - earlier.year
    if years > 0 and years_after(earlier, years) > later:
        years -= 1
    return max(years, 0)
