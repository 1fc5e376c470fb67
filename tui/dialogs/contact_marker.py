"""Setting or clearing "guardians must not be contacted" on a pupil."""

from __future__ import annotations

from typing import Any

from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, require
from tui.i18n import _
from tui.widgets.contact_marker import marker_reason, stored_reason


class ContactMarkerDialog(FormDialog):
    """Set the marker with its reason, or clear it; dismisses True, or None."""

    HELP = N_(
        "A pupil whose guardians must not be contacted (for example when there is a risk "
        "of honour-related violence) is never on the list of guardians to tell, and every "
        "list says why. The reason is kept with the marker and in the audit trail. "
        "Ctrl+S saves; Escape cancels."
    )

    def __init__(self, pupil_id: int, marked: bool, reason: str):
        super().__init__()
        self.pupil_id = pupil_id
        self.marked = marked
        self.reason = reason
        self.TITLE_TEXT = N_("Guardians must not be contacted")

    def fields(self) -> list[Field]:
        return [
            Field("on", N_("Must not be contacted"), kind="switch", value=not self.marked),
            Field(
                "reason",
                N_("Reason"),
                value=marker_reason(self.reason) if self.reason else "",
                placeholder=N_("Why the guardians must not be contacted"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        on = bool(values["on"])
        reason = stored_reason(require(values["reason"], _("Reason"))) if on else ""
        self.journal.set_no_guardian_contact(self.pupil_id, on, reason)
        return True
