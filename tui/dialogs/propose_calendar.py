"""Propose a school year's calendar for a school: the usual terms and breaks, sportlov in the
week chosen (storage.calendar_proposal)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from storage.calendar_proposal import SPORTLOV_WEEKS, SportlovGuess
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog
from tui.i18n import _


class ProposeCalendarDialog(FormDialog):
    """Dismisses how many periods were added, or None."""

    SAVE_LABEL = N_("Add")
    BINDINGS = [Binding("ctrl+s", "save", N_("Add"), id="save-form")]

    HELP = N_(
        "Adds the usual terms and breaks of the school year: hösttermin and vårtermin, "
        "höstlov in week 44, jullov, sportlov in the week chosen, påsklov after Easter and "
        "the lovdag after Kristi himmelsfärdsdag. What the school already has is kept. The "
        "usual sportlov week of the school's county is chosen when the municipality is "
        "known; check every date against the municipality's läsårstider and change what "
        "differs. Enter or Ctrl+S adds; Escape cancels."
    )

    def __init__(self, school_id: int, autumn_year: int, guess: SportlovGuess):
        """
        Args:
            school_id: the school the calendar is for.
            autumn_year: the school year, by the year its autumn term is in.
            guess: the usual sportlov week of the school's municipality.
        """
        super().__init__()
        self.school_id = school_id
        self.autumn_year = autumn_year
        self.guess = guess
        # Already translated: the year is in it (FormDialog translates it again, unchanged).
        self.TITLE_TEXT = _("Propose the calendar of the school year {first}/{second:02d}").format(
            first=autumn_year, second=(autumn_year + 1) % 100
        )

    def _week_label(self, week: int) -> str:
        label = _("Week {n}").format(n=week)
        if self.guess.county is None and week == self.guess.week:
            return _("{week} (the default: the municipality is not in Saknad's table)").format(
                week=label
            )
        if self.guess.county is not None and week in self.guess.weeks:
            return _("{week} (usual in {county})").format(week=label, county=self.guess.county)
        return label

    def fields(self) -> list[Field]:
        return [
            Field(
                "sportlov",
                N_("Sportlov"),
                kind="select",
                value=self.guess.week,
                options=[(self._week_label(week), week) for week in SPORTLOV_WEEKS],
            )
        ]

    def save(self, values: dict[str, Any]) -> Any:
        return self.journal.propose_calendar(
            self.school_id, self.autumn_year, sportlov=int(values["sportlov"])
        )
