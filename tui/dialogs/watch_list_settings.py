"""The watch list's review setting: from how many school days before a break the home screen
asks for a review of the watch list (kept in the journal, storage.watch_list)."""

from __future__ import annotations

from typing import Any

from storage.watch_list import WatchListSettings
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, whole_number_in

REVIEW_LABEL = N_("Review from N school days before a break (default 10)")
REVIEW_DAYS_RANGE = (1, 60)
"""The range WatchListSettings.valid accepts, named in the refusal (a test keeps them in step)."""


class WatchListSettingsDialog(FormDialog):
    """Dismisses the WatchListSettings as saved, or None."""

    TITLE_TEXT = N_("Watch-list review")
    HELP = N_(
        "The home screen asks for a review of the watch list from the N-th school day before "
        "each break (the last school day before the break is the first) until the break "
        "begins; N is 1 to 60. Ctrl+S saves; Escape cancels and keeps the setting as it was."
    )

    def __init__(self, current: WatchListSettings) -> None:
        """
        Args:
            current: the setting the journal keeps now (the field starts with it).
        """
        super().__init__()
        self.current = current

    def fields(self) -> list[Field]:
        return [
            Field(
                "review_school_days",
                REVIEW_LABEL,
                value=str(self.current.review_school_days),
            )
        ]

    def save(self, values: dict[str, Any]) -> Any:
        days = whole_number_in(values["review_school_days"], REVIEW_LABEL, REVIEW_DAYS_RANGE)
        chosen = WatchListSettings(review_school_days=days)
        self.journal.save_watch_list_settings(chosen)
        return chosen
