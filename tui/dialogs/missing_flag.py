"""Flagging a pupil as missing, and marking a candidate as accounted for.

Nothing is flagged without the counsellor: the flag asks for the reason (the candidate's why
is written in already, to confirm or change) and opens a missing-pupil case with its
checklist, day 0 the first unexplained day; the reason is kept as the case's first entry.
By hand (from the pupil card) the reason and day 0 are typed. A pupil on the watch list gets
an honour-related case with the watch-list history, however flagged (storage.watch_list).

"Accounted for" is a "whereabouts known" record (storage.whereabouts_known): a span of days,
by default from the first day the reasons name to today, with how it is known and from whom.
The whereabouts rules read every day of the span as accounted for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.widgets import Input
from textual.widgets.input import Selection

from storage.errors import InvalidValue
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem, parse_date, require
from tui.first_day_back_text import history_text
from tui.i18n import _


@dataclass(frozen=True)
class ToFlag:
    """One pupil to flag: who, from which day, and why (the list's words)."""

    pupil_id: int
    day0: date
    why: str


class FlagMissingDialog(FormDialog):
    """Confirm the flag of one or more pupils with a reason; dismisses the case ids opened."""

    TITLE_TEXT = N_("Flag as missing")

    HELP = N_(
        "Opens a missing-pupil case with its checklist for each pupil, day 0 the first "
        "unexplained day. The reason is kept as the case's first entry. Enter or Ctrl+S "
        "flags; Escape flags nobody."
    )

    def __init__(self, pupils: Sequence[ToFlag]):
        super().__init__()
        self.pupils = list(pupils)

    def on_mount(self) -> None:
        super().on_mount()
        # The list's why is often wider than the field: show its beginning, not its end
        # (at 80 columns "Absent during refused leave" was scrolled out of view).
        # Selected still (typing replaces it), the cursor at its start: after the focus,
        # which selects it with the cursor at its end.
        reason = self.query_one("#reason", Input)
        self.call_after_refresh(setattr, reason, "selection", Selection(len(reason.value), 0))

    def fields(self) -> list[Field]:
        why = self.pupils[0].why if len(self.pupils) == 1 else ""
        return [
            Field("reason", N_("Reason"), value=why, placeholder=N_("Why the pupil is missing"))
        ]

    def save(self, values: dict[str, Any]) -> Any:
        reason = require(values["reason"], _("Reason"))
        opened = []
        for pupil in self.pupils:
            try:
                case_id = self.journal.open_missing_case(pupil.pupil_id, pupil.day0, history_text)
            except InvalidValue as refused:
                # Of several, one already flagged (by someone else meanwhile, or by a try
                # that stopped half-way) is what was asked: the others go on. One alone is
                # refused with the sentence.
                if len(self.pupils) == 1 or refused.reason != "already_open":
                    raise
                continue
            text = reason if len(self.pupils) == 1 else f"{reason}\n{pupil.why}"
            self.journal.add_entry(pupil.pupil_id, text, case_id=case_id)
            opened.append(case_id)
        return opened


class FlagByHandDialog(FormDialog):
    """Flag one pupil by hand from the card: the reason and day 0 are typed."""

    TITLE_TEXT = N_("Flag as missing")

    HELP = N_(
        "Flag the pupil as missing by hand: say why and from which day (day 0, the first "
        "day nobody knows where the pupil is). A missing-pupil case with its checklist is "
        "opened. Enter or Ctrl+S flags; Escape flags nothing."
    )

    def __init__(self, pupil_id: int, today: date):
        super().__init__()
        self.pupil_id = pupil_id
        self.today = today

    def fields(self) -> list[Field]:
        return [
            Field("reason", N_("Reason"), placeholder=N_("Why the pupil is missing")),
            Field("day0", N_("Day 0"), value=self.today.isoformat()),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        reason = require(values["reason"], _("Reason"))
        day0 = parse_date(values["day0"])
        try:
            case_id = self.journal.open_missing_case(self.pupil_id, day0, history_text)
        except InvalidValue as refused:
            if refused.reason != "already_open":
                raise
            # Said as what to do next, in one sentence: the general refusal read "That value
            # is not accepted: ... Nothing was saved." though no value was wrong.
            raise FormProblem(
                _("The pupil already has an open missing-pupil case: O on the card opens it.")
            ) from None
        self.journal.add_entry(self.pupil_id, reason, case_id=case_id)
        return case_id


class AccountedForDialog(FormDialog):
    """Mark a candidate as accounted for: a span of days on which the school knows where the
    pupil was, how it is known and from whom; dismisses the record's id."""

    TITLE_TEXT = N_("Accounted for")

    HELP = N_(
        "Say from which day to which day the school knows where the pupil was (the first "
        "day on the list to today, unless you change them), how it is known and from whom. "
        "Every day of the span counts as accounted for, so the pupil leaves the list. Enter "
        "or Ctrl+S keeps it; Escape keeps nothing."
    )

    def __init__(self, pupil_id: int, days: Sequence[date], today: date):
        super().__init__()
        self.pupil_id = pupil_id
        self.first_day = min(days, default=today)
        self.today = today

    def fields(self) -> list[Field]:
        return [
            Field("from_date", N_("From"), value=self.first_day.isoformat()),
            Field("to_date", N_("To"), value=self.today.isoformat()),
            Field("how", N_("How it is known"), placeholder=N_("E.g. ill at home")),
            Field("source", N_("From whom"), placeholder=N_("E.g. the mother, by phone")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        from_date = parse_date(values["from_date"])
        to_date = parse_date(values["to_date"])
        how = require(values["how"], _("How it is known"))
        return self.journal.record_whereabouts_known(
            self.pupil_id, from_date, to_date, how, values["source"], today=self.today
        )
