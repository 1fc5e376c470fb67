"""The case screen's dialogs: a step done or not applicable, a contact logged, the case
closed, reopened or switched into or out of honour-related mode, its whereabouts details.

Each writes through one facade method and dismisses True (or the facade's answer); Escape
writes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from storage.codes import (
    CLOSE_OUTCOMES,
    CaseKind,
    CaseOutcome,
    ContactChannel,
    ContactOutcome,
    Counterpart,
)
from storage.records import CaseDetail
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.bindings import N_
from tui.case_words import close_outcome_label, contact_outcome_label, counterpart_label
from tui.dialogs.form import Field, FormDialog, FormProblem, parse_date, require
from tui.dialogs.notice_form import channel_label
from tui.i18n import _
from tui.widgets.contact_marker import marker_reason

FAMILY = (Counterpart.GUARDIAN, Counterpart.EMERGENCY_CONTACT)
"""Whom a pupil with "guardians must not be contacted" is never offered."""


class StepDoneDialog(FormDialog):
    """A checklist step done, with an optional note of what came of it. A step about a
    sibling at another school asks whom you spoke with there and what came of it (both
    needed)."""

    HELP = N_(
        "What came of the step, if anything worth keeping (optional). For a sibling's school: "
        "whom you spoke with there and what came of it (both needed). Enter or Ctrl+S marks "
        "it done with your name and the time now; Escape changes nothing."
    )

    def __init__(self, step_id: int, step: str, *, sibling: bool = False):
        super().__init__()
        self.step_id = step_id
        self.TITLE_TEXT = N_("Step done")
        self.step = step
        self.sibling = sibling

    def fields(self) -> list[Field]:
        if self.sibling:
            return [
                Field(
                    "spoke_with",
                    N_("Spoke with"),
                    placeholder=N_("Whom you spoke with at the school"),
                ),
                Field("note", N_("Outcome"), placeholder=N_("What came of it")),
            ]
        return [Field("note", N_("Note"), placeholder=N_("What came of it (optional)"))]

    def on_mount(self) -> None:
        self.say(self.step)

    def save(self, values: dict[str, Any]) -> Any:
        if self.sibling:
            spoke_with = require(values["spoke_with"], _("Spoke with"))
            outcome = require(values["note"], _("Outcome"))
            self.journal.complete_step(self.step_id, outcome, spoke_with=spoke_with)
        else:
            self.journal.complete_step(self.step_id, values["note"])
        return True


class StepNotApplicableDialog(FormDialog):
    """A checklist step that does not apply to this case, with the reason."""

    HELP = N_(
        "Why the step does not apply (for example: no siblings). The reason is kept with "
        "the step, with your name and the time. Escape changes nothing."
    )

    def __init__(self, step_id: int, step: str):
        super().__init__()
        self.step_id = step_id
        self.TITLE_TEXT = N_("Step not applicable")
        self.step = step

    def fields(self) -> list[Field]:
        return [Field("reason", N_("Reason"), placeholder=N_("Why the step does not apply"))]

    def on_mount(self) -> None:
        self.say(self.step)

    def save(self, values: dict[str, Any]) -> Any:
        self.journal.mark_step_not_applicable(self.step_id, require(values["reason"], _("Reason")))
        return True


class ContactDialog(FormDialog):
    """Log one attempt to reach somebody about the case, with the time now.

    Made to take seconds: phone, a guardian (or the pupil when guardians must not be
    contacted) and "no answer" are chosen already. A pupil whose guardians must not be
    contacted is never offered guardians or emergency contacts, and the dialog says why.
    """

    HELP = N_(
        "Channel, to whom, the number or address, and what came of it. Enter or Ctrl+S "
        "logs the attempt with the time now; Escape logs nothing."
    )

    def __init__(self, case: CaseDetail):
        super().__init__()
        self.case = case
        self.TITLE_TEXT = N_("Log a contact")

    def counterparts(self) -> list[Counterpart]:
        if self.case.no_guardian_contact:
            return [c for c in Counterpart if c not in FAMILY]
        return list(Counterpart)

    def fields(self) -> list[Field]:
        kinds = self.counterparts()
        return [
            Field(
                "channel",
                N_("Channel"),
                kind="select",
                options=[(channel_label(c), str(c)) for c in ContactChannel],
                value=str(ContactChannel.PHONE),
            ),
            Field(
                "counterpart_kind",
                N_("To whom"),
                kind="select",
                options=[(counterpart_label(c), str(c)) for c in kinds],
                value=str(kinds[0]),
            ),
            Field("counterpart", N_("Name"), placeholder=N_("Who you tried to reach")),
            Field("number_or_address", N_("Number or address")),
            Field(
                "outcome",
                N_("Outcome"),
                kind="select",
                options=[(contact_outcome_label(o), str(o)) for o in ContactOutcome],
                value=str(ContactOutcome.NO_ANSWER),
            ),
            Field("note", N_("Note"), kind="lines"),
        ]

    def on_mount(self) -> None:
        if self.case.no_guardian_contact:
            reason = self.case.no_guardian_contact_reason
            self.say(
                _("Guardians are not offered: they must not be contacted ({reason}).").format(
                    reason=marker_reason(reason)
                )
            )

    def save(self, values: dict[str, Any]) -> Any:
        if self.case.no_guardian_contact and values["counterpart_kind"] in FAMILY:
            raise FormProblem(_("The guardians of this pupil must not be contacted."))
        return self.journal.log_contact(
            self.case.pupil_id,
            case_id=self.case.id,
            channel=values["channel"],
            counterpart_kind=values["counterpart_kind"],
            counterpart=values["counterpart"],
            number_or_address=values["number_or_address"],
            outcome=values["outcome"],
            note=values["note"],
        )


class CloseCaseDialog(FormDialog):
    """Close the case: how it ended, where to when the pupil moved, and why."""

    HELP = N_(
        "How the case ended, the destination when the pupil has moved, and why. The "
        "closing is kept in the case's history; a closed case can be reopened."
    )

    def __init__(self, case: CaseDetail):
        super().__init__()
        self.case = case
        self.TITLE_TEXT = N_("Close the case")

    def fields(self) -> list[Field]:
        outcomes = CLOSE_OUTCOMES[CaseKind(self.case.kind)]
        return [
            Field(
                "outcome",
                N_("Outcome"),
                kind="select",
                options=[(close_outcome_label(o), str(o)) for o in outcomes],
                value=str(outcomes[0]),
            ),
            Field("destination", N_("Destination"), placeholder=N_("Only when moved away")),
            Field("reason", N_("Reason"), placeholder=N_("How it is known")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        if values["outcome"] == CaseOutcome.MOVED:
            require(values["destination"], _("Destination"))
        self.journal.close_case(
            self.case.id,
            values["outcome"],
            values["reason"],
            destination=values["destination"],
        )
        return True


class ReopenCaseDialog(FormDialog):
    """Reopen a closed case, why required; its steps stay as they were."""

    HELP = N_("Why the case is opened again. Its steps stay as they were.")

    def __init__(self, case_id: int):
        super().__init__()
        self.case_id = case_id
        self.TITLE_TEXT = N_("Reopen the case")

    def fields(self) -> list[Field]:
        return [Field("reason", N_("Reason"))]

    def save(self, values: dict[str, Any]) -> Any:
        self.journal.reopen_case(self.case_id, require(values["reason"], _("Reason")))
        return True


class HonourModeDialog(FormDialog):
    """Switch honour-related mode on or off, why required; dismisses the HonourModeChange."""

    HELP = N_(
        "Honour-related mode: the family must never learn of the worry. Switching it on "
        "removes the open steps that contact guardians, family or community, adds seeing "
        'the pupil alone and consulting social services now, and sets "guardians must not '
        'be contacted". Switching it off brings the family steps back; the marker stays '
        "until you clear it on the pupil card."
    )

    def __init__(self, case_id: int, on: bool):
        super().__init__()
        self.case_id = case_id
        self.on = on
        self.TITLE_TEXT = N_("Honour-related mode on") if on else N_("Honour-related mode off")

    def fields(self) -> list[Field]:
        return [Field("reason", N_("Reason"))]

    def save(self, values: dict[str, Any]) -> Any:
        reason = require(values["reason"], _("Reason"))
        return self.journal.set_honour_mode(self.case_id, self.on, reason)


# Refused leave as the details dialog offers it: yes, no, or not known (None).
LEAVE_REFUSED = {"yes": True, "no": False, "unknown": None}


class CaseDetailsDialog(FormDialog):
    """Edit the case's whereabouts details; empty fields are kept as not known. Dismisses
    True when saved."""

    HELP = N_(
        "What is known of where the pupil is: the last school day, the last contact (date "
        "and time), the country they may be in, when they are expected back, whether leave "
        "was refused, where the information comes from, and how to reach them. Dates as "
        "YYYY-MM-DD, the time as HH:MM; leave a field empty when it is not known. Every "
        "change is kept in the audit trail. Enter or Ctrl+S saves; Escape changes nothing."
    )

    def __init__(self, case: CaseDetail, today: date):
        super().__init__()
        self.case = case
        self.today = today
        self.TITLE_TEXT = N_("Whereabouts details")

    def fields(self) -> list[Field]:
        case = self.case
        contact = (
            f"{case.last_contact_at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}"
            if case.last_contact_at
            else ""
        )
        refused = next(k for k, v in LEAVE_REFUSED.items() if v is case.leave_refused)
        return [
            Field(
                "last_school_day",
                N_("Last school day"),
                value=case.last_school_day.isoformat() if case.last_school_day else "",
                placeholder=N_("YYYY-MM-DD"),
            ),
            Field(
                "last_contact_at",
                N_("Last contact"),
                value=contact,
                placeholder=N_("YYYY-MM-DD HH:MM"),
            ),
            Field(
                "whereabouts",
                N_("Where, how to reach"),
                value=case.whereabouts,
                placeholder=N_("Where the pupil may be and how to reach them"),
            ),
            Field("suspected_country", N_("Suspected country"), value=case.suspected_country),
            Field(
                "expected_return",
                N_("Expected back"),
                value=case.expected_return.isoformat() if case.expected_return else "",
                placeholder=N_("YYYY-MM-DD"),
            ),
            Field(
                "leave_refused",
                N_("Leave refused"),
                kind="select",
                value=refused,
                options=[(_("Yes"), "yes"), (_("No"), "no"), (_("Not known"), "unknown")],
            ),
            Field(
                "information_source",
                N_("Source"),
                value=case.information_source,
                placeholder=N_("Where the information comes from"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        last_day = parse_date(values["last_school_day"]) if values["last_school_day"] else None
        if last_day is not None and last_day > self.today:
            raise FormProblem(_("The last school day cannot be after today."))
        back = parse_date(values["expected_return"]) if values["expected_return"] else None
        contact = _parse_time(values["last_contact_at"]) if values["last_contact_at"] else None
        if contact is not None and contact.date() > self.today:
            raise FormProblem(_("The last contact cannot be after today."))
        self.journal.set_case_details(
            self.case.id,
            last_school_day=last_day,
            last_contact_at=contact.astimezone(UTC) if contact else None,
            whereabouts=values["whereabouts"],
            suspected_country=values["suspected_country"],
            expected_return=back,
            leave_refused=LEAVE_REFUSED[values["leave_refused"]],
            information_source=values["information_source"],
        )
        return True


def _parse_time(text: str) -> datetime:
    """A time typed as YYYY-MM-DD HH:MM in Swedish time, or FormProblem with a sentence."""
    try:
        typed = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise FormProblem(
            _("Write the time as YYYY-MM-DD HH:MM, e.g. 2026-11-30 08:15.")
        ) from None
    return typed.replace(tzinfo=SCHOOL_TIME_ZONE)
