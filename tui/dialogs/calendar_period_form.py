"""A term, break (lov) or day off of one school's calendar: added or changed."""

from __future__ import annotations

from typing import Any

from storage.codes import CalendarKind
from storage.records import CalendarPeriodRow
from tui.bindings import N_
from tui.calendar_words import CALENDAR_KINDS, kind_label
from tui.dialogs.form import Field, FormDialog, parse_date, require
from tui.i18n import _


class CalendarPeriodDialog(FormDialog):
    """Dismisses the period's id once saved, or None."""

    HELP = N_(
        "A term (termin), a break (lov: höstlov, jullov, sportlov, påsklov) or a single day "
        "off (studiedag, lovdag) of this school. School days are the term's weekdays outside "
        "its breaks, days off and public holidays. Dates as YYYY-MM-DD; two terms may not "
        "overlap. Tab moves to the next field; Enter or Ctrl+S saves; Escape cancels."
    )

    def __init__(self, school_id: int, period: CalendarPeriodRow | None = None):
        """
        Args:
            school_id: the school whose calendar it is.
            period: the period to change; None adds a new one.
        """
        super().__init__()
        self.school_id = school_id
        self.period = period
        self.TITLE_TEXT = N_("Add to the calendar") if period is None else N_("Change period")

    def fields(self) -> list[Field]:
        period = self.period
        return [
            Field(
                "kind",
                N_("Kind"),
                kind="select",
                value=period.kind if period else CalendarKind.BREAK,
                options=[(kind_label(kind), kind) for kind in CALENDAR_KINDS],
            ),
            Field(
                "name",
                N_("Name"),
                value=period.name if period else "",
                placeholder=N_("e.g. Sportlov, Studiedag"),
            ),
            Field(
                "starts_on",
                N_("From"),
                value=period.starts_on.isoformat() if period else "",
                placeholder=N_("YYYY-MM-DD"),
            ),
            Field(
                "ends_on",
                N_("To"),
                value=period.ends_on.isoformat() if period else "",
                placeholder=N_("YYYY-MM-DD, empty: one day"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        starts_on = parse_date(require(values["starts_on"], _("From")))
        ends_on = parse_date(values["ends_on"]) if values["ends_on"] else starts_on
        if self.period is None:
            return self.journal.add_calendar_period(
                self.school_id, values["kind"], starts_on, ends_on, values["name"]
            )
        self.journal.update_calendar_period(
            self.period.id, values["kind"], starts_on, ends_on, values["name"]
        )
        return self.period.id
