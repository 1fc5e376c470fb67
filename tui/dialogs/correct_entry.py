"""Correcting a journal entry: a new entry that points at the one it corrects.

Entries are append-only (storage.append_only): the original is never changed and stays
readable beside its correction, so the chronology shows what was written and when it was
put right. The dialog starts from the original's text. It is not kept as a draft across a
lock (the chronology is not a place a draft returns to).
"""

from __future__ import annotations

from typing import Any

from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem, require
from tui.i18n import _


class CorrectEntryDialog(FormDialog):
    """Write a correction of one entry; dismisses the correction's id, or None."""

    TITLE_TEXT = N_("Correct a note")
    HELP = N_(
        "A note is never changed or deleted: the correction is a new note that points at "
        "the one it corrects, and both stay readable in the chronology. Change the text, "
        "then Ctrl+S saves the correction, dated now; Escape keeps only the original."
    )

    def __init__(self, entry_id: int, original: str):
        super().__init__()
        self.entry_id = entry_id
        self.original = original

    def fields(self) -> list[Field]:
        return [Field("text", N_("Correction"), kind="lines", value=self.original)]

    def save(self, values: dict[str, Any]) -> Any:
        text = require(values["text"], _("Correction"))
        if text.strip() == self.original.strip():
            raise FormProblem(_("The correction says the same as the note; change the text."))
        return self.journal.correct_entry(self.entry_id, text)
