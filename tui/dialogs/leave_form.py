"""Leave of absence (ledighet): a new request, and the decision on one (grant or refuse)."""

from __future__ import annotations

from typing import Any

from storage.codes import LeaveStatus
from storage.records import LeaveRow
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem, parse_date, require
from tui.i18n import _


def leave_status_label(status: str) -> str:
    """How a leave request's status reads on screen."""
    labels: dict[str, str] = {
        LeaveStatus.PENDING: _("Pending"),
        LeaveStatus.GRANTED: _("Granted"),
        LeaveStatus.REFUSED: _("Refused"),
    }
    return labels.get(status, status)


class LeaveRequestDialog(FormDialog):
    """A new leave request (pending until decided); dismisses its id, or None."""

    TITLE_TEXT = N_("Leave request")
    HELP = N_(
        "The first and last day of the leave, where the pupil is going and why. The request "
        "is pending until it is decided: D on the request in the pupil card grants or "
        "refuses it. Ctrl+S saves; Escape cancels."
    )

    DRAFT_KIND = "leave_request"

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id}

    def fields(self) -> list[Field]:
        today = self.saknad.today.isoformat()
        return [
            Field("starts_on", N_("First day"), value=today, placeholder=N_("YYYY-MM-DD")),
            Field("ends_on", N_("Last day"), value=today, placeholder=N_("YYYY-MM-DD")),
            Field("destination", N_("Where to"), placeholder=N_("e.g. a family trip abroad")),
            Field("reason", N_("Reason"), placeholder=N_("What the guardians wrote")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        starts_on, ends_on = parse_date(values["starts_on"]), parse_date(values["ends_on"])
        if ends_on < starts_on:
            raise FormProblem(_("The last day comes before the first day."))
        return self.journal.add_leave_request(
            self.pupil_id,
            starts_on,
            ends_on,
            destination=values["destination"],
            reason=values["reason"],
        )


class DecideLeaveDialog(FormDialog):
    """Grant or refuse a request (or set it pending again); dismisses True, or None."""

    TITLE_TEXT = N_("Decide on the leave request")
    HELP = N_(
        "Granted leave is written into the register as valid leave on every school day of "
        "the request; a grant taken back puts back what the register said before. Who "
        "decided is usually the head teacher (rektor). Ctrl+S saves; Escape cancels."
    )

    def __init__(self, request: LeaveRow):
        super().__init__()
        self.request = request

    def fields(self) -> list[Field]:
        start = (
            LeaveStatus.GRANTED
            if self.request.status == LeaveStatus.PENDING
            else self.request.status
        )
        return [
            Field(
                "status",
                N_("Decision"),
                kind="select",
                value=str(start),
                options=[(leave_status_label(s), str(s)) for s in LeaveStatus],
            ),
            Field(
                "decided_on",
                N_("Decided on"),
                value=(self.request.decided_on or self.saknad.today).isoformat(),
                placeholder=N_("YYYY-MM-DD"),
            ),
            Field(
                "decided_by",
                N_("Decided by"),
                value=self.request.decided_by,
                placeholder=N_("e.g. the head teacher"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        status = values["status"]
        pending = status == LeaveStatus.PENDING
        self.journal.decide_leave(
            self.request.id,
            status,
            decided_on=None if pending else parse_date(values["decided_on"]),
            decided_by="" if pending else require(values["decided_by"], _("Decided by")),
        )
        return True
