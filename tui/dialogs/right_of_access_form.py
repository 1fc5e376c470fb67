"""Exporting everything about one pupil for a request of access: why, and for whom.

The file (JSON, mode 0600) goes to the exports folder in the data folder, and the journal
records the export (storage.right_of_access). Dismisses storage.records.ExportWritten, or None.
"""

from __future__ import annotations

from typing import Any

from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, require
from tui.i18n import _


class RightOfAccessDialog(FormDialog):
    """Asks the purpose and the recipient, then writes and records the file."""

    HELP = N_(
        "Everything the journal holds about the pupil, as one JSON file for a request of "
        "access (registerutdrag), written to the exports folder, readable by you only. The "
        "export is recorded with its purpose and recipient. Read the file through before "
        "you hand it over: other people's data in it falls under secrecy (OSL). Ctrl+S "
        "writes the file; Escape cancels."
    )

    def __init__(self, pupil_id: int, pupil_name: str):
        super().__init__()
        self.pupil_id = pupil_id
        # Already translated: the pupil's name is in it (shown without markup).
        self.TITLE_TEXT = _("Right of access: {name}").format(name=pupil_name)

    def fields(self) -> list[Field]:
        return [
            Field("purpose", N_("Purpose"), placeholder=N_("e.g. request of access")),
            Field("recipient", N_("For whom")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        purpose = require(values["purpose"], _("Purpose"))
        return self.journal.export_right_of_access(
            self.pupil_id, purpose=purpose, recipient=str(values["recipient"])
        )
