"""The missing-pupil track's settings: when a pupil becomes a candidate, and how often an open
case is reviewed (both kept in the journal, each with its stated default).

Each label states its boundary: days in a row count at the number or more; the first school
days after a break are looked at; a refused leave keeps a pupil listed that many calendar
days after it ended; classes of that school year and above are upper secondary (the month
milestone); a weekly review is due that many school days after the last.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from storage.candidate_rules import CandidateSettings
from storage.weekly_review import WeeklyReviewSettings
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem
from tui.i18n import _

# (setting, label, default) in the order shown; the default is said in the label.
CANDIDATE_FIELDS: tuple[tuple[str, str], ...] = (
    ("consecutive_days", N_("School days in a row without a reason: at least (default 2)")),
    ("days_after_break", N_("First school days after a break looked at (default 3)")),
    ("refused_leave_days", N_("Days listed after a refused leave ended (default 14)")),
    ("upper_secondary_from_year", N_("Upper secondary from school year (default 10)")),
)
REVIEW_FIELD = ("interval_school_days", N_("Weekly review every N school days (default 5)"))


class MissingSettingsDialog(FormDialog):
    """Dismisses (CandidateSettings, WeeklyReviewSettings) as saved, or None."""

    TITLE_TEXT = N_("Missing-pupil settings")
    HELP = N_(
        "When a pupil is listed as a possible missing pupil, and how often an open case asks "
        "for a review. Days in a row count at the number or more, and only days with no "
        "reason and no contact with a guardian count. Nothing is flagged without you; these "
        "settings only decide who is listed. Ctrl+S saves; Escape cancels."
    )

    def __init__(self, candidates: CandidateSettings, review: WeeklyReviewSettings) -> None:
        super().__init__()
        self.candidates = candidates
        self.review = review

    def fields(self) -> list[Field]:
        current = asdict(self.candidates)
        key, label = REVIEW_FIELD
        return [
            *(Field(name, label, value=str(current[name])) for name, label in CANDIDATE_FIELDS),
            Field(key, label, value=str(self.review.interval_school_days)),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        numbers: dict[str, int] = {}
        for key, label in (*CANDIDATE_FIELDS, REVIEW_FIELD):
            try:
                numbers[key] = int(values[key])
            except ValueError:
                raise FormProblem(
                    _("Write a whole number for “{label}”.").format(label=_(label))
                ) from None
        review = WeeklyReviewSettings(numbers.pop(REVIEW_FIELD[0]))
        candidates = CandidateSettings(**numbers)
        # Both are checked before either is kept, so a refused value keeps neither.
        if not candidates.valid() or not review.valid():
            raise FormProblem(_("A setting is outside what Saknad accepts."))
        self.journal.save_missing_candidate_settings(candidates)
        self.journal.save_weekly_review_settings(review)
        return candidates, review
