"""Logging the same-day notice to guardians: told, not reached, or not told for special reasons.

Made to take a key or two: the first guardian and the phone are chosen already, and the Save
button has the focus, so Enter logs it. Special reasons ask for the reason first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text

from storage.codes import ContactChannel, NoticeOutcome
from storage.records import NoticeDue
from tui.bindings import N_
from tui.code_words import channel_label as channel_label
from tui.dialogs.form import Field, FormDialog, require
from tui.i18n import _

NO_GUARDIAN = 0
"""The guardian choice "nobody named" (a select cannot hold None)."""


def outcome_label(outcome: str) -> str:
    """How a notice's outcome reads on screen."""
    labels: dict[str, str] = {
        NoticeOutcome.TOLD: _("Guardians told"),
        NoticeOutcome.NOT_REACHED: _("Not reached"),
        NoticeOutcome.SPECIAL_REASONS: _("Not told: special reasons"),
    }
    return labels.get(outcome, outcome)


class NoticeDialog(FormDialog):
    """Log one notice about a pupil's absence on a day; dismisses the notice id, or None."""

    HELP = N_(
        "Which guardian and how. Enter (or Ctrl+S) logs it with the time now; Escape "
        "logs nothing. Special reasons need the reason, which is kept with the notice."
    )

    def __init__(self, due: NoticeDue, day: date, outcome: str):
        super().__init__()
        self.due = due
        self.day = day
        self.outcome = outcome
        self.TITLE_TEXT = {
            NoticeOutcome.TOLD: N_("Guardians told"),
            NoticeOutcome.NOT_REACHED: N_("Tried, nobody reached"),
            NoticeOutcome.SPECIAL_REASONS: N_("Not told: special reasons"),
        }[NoticeOutcome(outcome)]

    def fields(self) -> list[Field]:
        if self.outcome == NoticeOutcome.SPECIAL_REASONS:
            return [
                Field(
                    "reason",
                    N_("Reason"),
                    placeholder=N_("Why the guardians are not told today"),
                )
            ]
        # Names from the journal are shown as written, never read as markup.
        guardians: list[tuple[str | Text, Any]] = [
            (Text(f"{g.name} ({g.phone or g.phone_other or '-'})"), g.id)
            for g in self.due.guardians
        ]
        guardians.append((_("Nobody named"), NO_GUARDIAN))
        channels = [(channel_label(c), str(c)) for c in ContactChannel]
        return [
            Field(
                "guardian_id",
                N_("Guardian"),
                kind="select",
                value=guardians[0][1],
                options=guardians,
            ),
            Field(
                "channel",
                N_("How"),
                kind="select",
                value=str(ContactChannel.PHONE),
                options=channels,
            ),
        ]

    def on_mount(self) -> None:
        # Told or not reached: the defaults are right most of the time, so Enter saves.
        # After the form's own on_mount, which focuses the first field.
        if self.outcome != NoticeOutcome.SPECIAL_REASONS:
            self.call_after_refresh(self.query_one("#save").focus)

    def save(self, values: dict[str, Any]) -> Any:
        if self.outcome == NoticeOutcome.SPECIAL_REASONS:
            return self.journal.record_notice(
                self.due.pupil_id,
                self.day,
                self.outcome,
                reason=require(values["reason"], _("Reason")),
            )
        guardian = values["guardian_id"]
        return self.journal.record_notice(
            self.due.pupil_id,
            self.day,
            self.outcome,
            values["channel"],
            guardian_id=None if guardian == NO_GUARDIAN else guardian,
        )
