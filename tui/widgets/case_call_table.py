"""The calls about open missing cases, one row per number to dial: the pupil (on the case's
first row), the number, what the day's calls to that number came to, and the adult (on their
first number's row).

Each row is one number of one adult, so a call is logged with one key on the row: whom and
which number are the row's. An adult without a number gets a row that says so (nothing to
log there).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from storage.codes import Relation
from storage.records import CallAttempt, CaseCall, NoticeGuardian
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.case_words import contact_outcome_label
from tui.dialogs.guardian_form import relation_label
from tui.i18n import _


@dataclass(frozen=True)
class CallRow:
    """One number to dial about one case; `number` is "" for an adult without one."""

    key: str
    call: CaseCall
    guardian: NoticeGuardian
    number: str
    first_of_case: bool
    first_of_guardian: bool


def call_rows(calls: list[CaseCall]) -> list[CallRow]:
    """Every number of every adult of every case, in the list's order (a case without any
    adult in the journal has no row: the case screen is where to find somebody)."""
    rows = []
    for call in calls:
        first = True
        for guardian in call.guardians:
            numbers = [n for n in (guardian.phone, guardian.phone_other) if n] or [""]
            for index, number in enumerate(numbers):
                key = f"{call.case_id}:{guardian.id}:{index}"
                rows.append(CallRow(key, call, guardian, number, first, index == 0))
                first = False
    return rows


def attempts_to(row: CallRow) -> list[CallAttempt]:
    """The day's attempts on the row's case to the row's adult and number."""
    return [
        a
        for a in row.call.attempts
        if a.guardian_id == row.guardian.id and a.number_or_address == row.number
    ]


def attempts_text(attempts: list[CallAttempt]) -> Text:
    """ "No answer 08:10, Reached 09:30", in the active language (the school's time, as the
    case screen shows it)."""
    return Text(
        ", ".join(
            f"{contact_outcome_label(a.outcome)} {a.at.astimezone(SCHOOL_TIME_ZONE):%H:%M}"
            for a in attempts
        )
    )


def adult_text(guardian: NoticeGuardian) -> Text:
    """The adult's name, and the relation unless a guardian (names are data, never markup)."""
    text = Text(guardian.name)
    if guardian.relation != Relation.GUARDIAN:
        text.append(f" ({relation_label(guardian.relation)})", style="italic")
    return text


class CaseCallTable(DataTable):
    """A row-cursor table of CallRow, with the vim keys."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="vim-down"),
        Binding("k", "cursor_up", show=False, id="vim-up"),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[CallRow] = []

    def add_titles(self) -> None:
        # The number first and what came of today's calls next: they stay in view at 80
        # columns, where a long name may run past the edge.
        for label in (_("Pupil"), _("Class"), _("Number"), _("Today"), _("Guardian")):
            self.add_column(label)

    def show(self, calls: list[CaseCall]) -> None:
        """Replace the rows, keeping the cursor on the same number if it is still there."""
        current = self.current()
        kept_key = current.key if current is not None else None
        kept_row = self.cursor_row
        self.rows_shown = call_rows(calls)
        self.clear()
        for row in self.rows_shown:
            call = row.call
            self.add_row(
                Text(f"{call.last_name}, {call.first_name}" if row.first_of_case else ""),
                Text((call.class_name or "") if row.first_of_case else ""),
                Text(row.number) if row.number else Text(_("no number"), style="italic"),
                attempts_text(attempts_to(row)),
                adult_text(row.guardian) if row.first_of_guardian else Text(""),
                key=row.key,
            )
        keys = [row.key for row in self.rows_shown]
        if keys:
            self.move_cursor(
                row=keys.index(kept_key) if kept_key in keys else min(kept_row, len(keys) - 1)
            )

    def current(self) -> CallRow | None:
        """The row under the cursor, or None when the table is empty."""
        if not self.rows_shown:
            return None
        return self.rows_shown[min(self.cursor_row, len(self.rows_shown) - 1)]
