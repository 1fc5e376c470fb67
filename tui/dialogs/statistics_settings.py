"""The statistics settings: the small-count threshold and the length of a lesson (kept in the
journal, storage.small_counts.StatisticsSettings); the next export follows them."""

from __future__ import annotations

from typing import Any

from storage.small_counts import LESSON_MINUTES_RANGE, MIN_COUNT_RANGE, StatisticsSettings
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, whole_number_in

MIN_COUNT_LABEL = N_("Smallest count shown as a number (default 5)")
LESSON_LABEL = N_("Minutes in a lesson (default 60)")


class StatisticsSettingsDialog(FormDialog):
    """Dismisses the StatisticsSettings as saved, or None."""

    TITLE_TEXT = N_("Statistics settings")
    HELP = N_(
        "How the exported statistics are counted. A count under the smallest count shown is "
        "written as <5 (with 5), so that no pupil can be picked out; 5 is the rule unless "
        "the school decided otherwise (1 to 100). The minutes in a lesson turn lessons into "
        "hours of absence and teaching (10 to 120). The next export follows the settings. "
        "Ctrl+S saves; Escape cancels and keeps the settings as they were."
    )

    def __init__(self, current: StatisticsSettings) -> None:
        """
        Args:
            current: the settings the journal keeps now (the fields start with them).
        """
        super().__init__()
        self.current = current

    def fields(self) -> list[Field]:
        return [
            Field("min_count", MIN_COUNT_LABEL, value=str(self.current.min_count)),
            Field("lesson_minutes", LESSON_LABEL, value=str(self.current.lesson_minutes)),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        # Both are checked before either is kept, so a refused value keeps neither.
        chosen = StatisticsSettings(
            min_count=whole_number_in(values["min_count"], MIN_COUNT_LABEL, MIN_COUNT_RANGE),
            lesson_minutes=whole_number_in(
                values["lesson_minutes"], LESSON_LABEL, LESSON_MINUTES_RANGE
            ),
        )
        self.journal.save_statistics_settings(chosen)
        return chosen
