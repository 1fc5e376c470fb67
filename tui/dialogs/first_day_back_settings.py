"""The first day back's reporting deadline: by how many school days after a break, or by a
date the municipality set (kept in the journal, storage.first_day_back)."""

from __future__ import annotations

from typing import Any

from storage.first_day_back import REPORT_WITHIN_RANGE, FirstDayBackSettings
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, parse_date, whole_number_in

# Short enough for the form's label column (19 characters, also in Swedish): the long ones
# wrapped over five rows at 80 columns; the details are in the placeholders and F1 help.
WITHIN_LABEL = N_("School days allowed")
BY_LABEL = N_("Or by date")


class FirstDayBackSettingsDialog(FormDialog):
    """Dismisses the FirstDayBackSettings as saved, or None."""

    TITLE_TEXT = N_("Reporting deadline")
    HELP = N_(
        "When pupils not back after a break must be reported to the municipality. The first "
        "school day after the break is day 0; the deadline is that many school days later. "
        "A date the municipality set wins for a break whose first school day is on or before "
        "it (and at most 60 days before it). Ctrl+S saves; Escape cancels."
    )

    def __init__(self, current: FirstDayBackSettings) -> None:
        super().__init__()
        self.current = current

    def fields(self) -> list[Field]:
        return [
            Field(
                "report_within_school_days",
                WITHIN_LABEL,
                value=str(self.current.report_within_school_days),
                placeholder=N_("After the first school day; default 5"),
            ),
            Field(
                "report_by",
                BY_LABEL,
                value=self.current.report_by,
                placeholder=N_("YYYY-MM-DD, the municipality's own date; empty: none"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        within = whole_number_in(
            values["report_within_school_days"], WITHIN_LABEL, REPORT_WITHIN_RANGE
        )
        typed = values["report_by"].strip()
        report_by = parse_date(typed).isoformat() if typed else ""
        chosen = FirstDayBackSettings(within, report_by)
        self.journal.save_first_day_back_settings(chosen)
        return chosen
