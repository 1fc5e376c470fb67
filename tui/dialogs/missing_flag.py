"""Flagging a pupil as missing, and marking a candidate as accounted for.

Nothing is flagged without the counsellor: the flag asks for the reason (the candidate's why
is written in already, to confirm or change) and opens a missing-pupil case with its
checklist, day 0 the first unexplained day; the reason is kept as the case's first entry.
By hand (from the pupil card) the reason and day 0 are typed.

"Accounted for" is kept the way the whereabouts rules read it (storage.whereabouts): a
reached contact with a guardian or the pupil on each unexplained day the reasons name, with
the note saying how it is known. A contact counts on the calendar day it is dated; days
before today are dated at noon of that day, and the note says when it was recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from storage.codes import CaseKind, ContactChannel, ContactOutcome, Counterpart
from storage.errors import InvalidValue
from storage.whereabouts import SCHOOL_TIME_ZONE, local_day
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, parse_date, require
from tui.dialogs.notice_form import channel_label
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
                case_id = self.journal.open_case(pupil.pupil_id, CaseKind.MISSING, pupil.day0)
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
        case_id = self.journal.open_case(self.pupil_id, CaseKind.MISSING, day0)
        self.journal.add_entry(self.pupil_id, reason, case_id=case_id)
        return case_id


class AccountedForDialog(FormDialog):
    """Mark a candidate as accounted for, with how it is known; dismisses the contact ids."""

    TITLE_TEXT = N_("Accounted for")

    HELP = N_(
        "Say how the school knows where the pupil is, and whom it reached. It is kept as a "
        "reached contact on each unexplained day, so the pupil leaves the list. Enter or "
        "Ctrl+S keeps it; Escape keeps nothing."
    )

    def __init__(self, pupil_id: int, days: Sequence[date], today: date):
        super().__init__()
        self.pupil_id = pupil_id
        self.days = sorted(set(days)) or [today]
        self.today = today

    def fields(self) -> list[Field]:
        who = [
            (_("Guardian"), str(Counterpart.GUARDIAN)),
            (_("The pupil"), str(Counterpart.PUPIL)),
        ]
        channels = [(channel_label(c), str(c)) for c in ContactChannel]
        return [
            Field("how", N_("How it is known"), placeholder=N_("E.g. mother called: ill at home")),
            Field("who", N_("Reached"), kind="select", value=who[0][1], options=who),
            Field(
                "channel",
                N_("How"),
                kind="select",
                value=str(ContactChannel.PHONE),
                options=channels,
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        how = require(values["how"], _("How it is known"))
        now = datetime.now(SCHOOL_TIME_ZONE)
        logged = []
        for day in self.days:
            # A contact counts on its own day (storage.whereabouts): today's is now, an
            # earlier day's is dated at its noon and says when it was written.
            at = (
                now if local_day(now) == day else datetime.combine(day, time(12), SCHOOL_TIME_ZONE)
            )
            note = _("Accounted for on {day} (recorded {today}): {how}").format(
                day=day.isoformat(), today=self.today.isoformat(), how=how
            )
            logged.append(
                self.journal.log_contact(
                    self.pupil_id,
                    channel=values["channel"],
                    counterpart_kind=values["who"],
                    outcome=ContactOutcome.REACHED,
                    note=note,
                    at=at,
                )
            )
        return logged
