"""Noting a warning sign on a pupil: which sign of the school's list, the day it was observed
(today unless changed), who observed it, the pupil's own words as said, and a note.

A sign is never edited or removed once saved (storage.warning_signs): a sign noted by mistake
is corrected with a note on the pupil card.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text

from storage.warning_signs import OTHER, SignList
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, parse_date, require
from tui.i18n import _
from tui.sign_words import sign_text


class WarningSignDialog(FormDialog):
    """Note one warning sign; dismisses the sign's id."""

    TITLE_TEXT = N_("Warning sign")

    HELP = N_(
        "Note a warning sign of honour-related risk: choose the sign, the day it was "
        "observed (today unless you change it) and who observed it. Write the pupil's own "
        "words as they were said, if any; they go into a report of concern as the child's "
        'words. "Other" needs a note saying what was seen. A sign is never changed once '
        "saved: write a note on the pupil card to correct one. Ctrl+S saves; Escape keeps "
        "nothing. If the journal locks while you write, the form is kept inside the journal "
        "and comes back after you unlock."
    )
    DRAFT_KIND = "warning_sign"

    def __init__(self, pupil_id: int, sign_list: SignList, today: date):
        super().__init__()
        self.pupil_id = pupil_id
        self.sign_list = sign_list
        self.today = today

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id}

    def fields(self) -> list[Field]:
        signs = self.sign_list.signs
        return [
            Field(
                "sign_code",
                N_("Sign"),
                kind="select",
                # A school's own sign is its text as written: data, never markup.
                options=[(Text(sign_text(s.code, s.text)), s.code) for s in signs],
                value=signs[0].code,
            ),
            Field("observed_on", N_("Observed on"), value=self.today.isoformat()),
            Field("observed_by", N_("Observed by"), placeholder=N_("E.g. the mentor")),
            Field(
                "own_words",
                N_("Own words"),
                kind="lines",
                placeholder=N_("What the pupil said, as said"),
            ),
            Field("note", N_("Note"), kind="lines"),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        observed_on = parse_date(values["observed_on"])
        if values["sign_code"] == OTHER:
            require(values["note"], _("Note"))
        return self.journal.record_warning_sign(
            self.pupil_id,
            values["sign_code"],
            observed_on,
            observed_by=values["observed_by"],
            own_words=values["own_words"],
            note=values["note"],
            today=self.today,
        )
