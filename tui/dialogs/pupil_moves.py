"""Moving a pupil to another class, and marking that a pupil has left the school."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from storage.codes import EntryKind
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem, parse_date, parse_when, require
from tui.i18n import _


class MoveClassDialog(FormDialog):
    """Dismisses True once moved, or None. A class typed under "Or a new class" is used
    instead of the chosen one, and made in the pupil's school if it has none of that name."""

    TITLE_TEXT = N_("Move to another class")
    HELP = N_(
        "Choose the class the pupil moves to, or type the name of a class under "
        '"Or a new class": a class the school does not have yet is created. The old class '
        "ends the day before the date. Ctrl+S moves the pupil; Escape cancels."
    )
    DRAFT_KIND = "move_class"

    def __init__(self, pupil_id: int, class_rows, current_class_id: int | None):
        super().__init__()
        self.pupil_id = pupil_id
        self.class_rows = class_rows
        self.current_class_id = current_class_id

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id}

    def fields(self) -> list[Field]:
        # Names from the journal are shown as written, never read as markup.
        options = [(Text(f"{c.name} ({c.school_name})"), c.id) for c in self.class_rows]
        chosen: list[Field] = []
        if options:
            start = (
                self.current_class_id
                if self.current_class_id in [c.id for c in self.class_rows]
                else options[0][1]
            )
            chosen = [
                Field("class_id", N_("New class"), kind="select", value=start, options=options)
            ]
        return [
            *chosen,
            Field("new_class", N_("Or a new class"), placeholder=N_("e.g. 8C")),
            Field(
                "on", N_("From"), value=self.saknad.today.isoformat(), placeholder=N_("YYYY-MM-DD")
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        on = parse_date(values["on"])
        if values["new_class"] or "class_id" not in values:
            name = require(values["new_class"], _("Or a new class"))
            self.journal.move_pupil_to_named_class(self.pupil_id, name, on=on)
        else:
            self.journal.move_pupil(self.pupil_id, values["class_id"], on=on)
        return True


class LeftSchoolDialog(FormDialog):
    """Dismisses True once marked, or None."""

    TITLE_TEXT = N_("Left the school")
    HELP = N_(
        "The pupil's last day at the school and where they are going (a school, a "
        "municipality or a country). Ctrl+S saves; Escape cancels."
    )
    DRAFT_KIND = "left_school"

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id}

    def fields(self) -> list[Field]:
        return [
            Field(
                "on",
                N_("Last day"),
                value=self.saknad.today.isoformat(),
                placeholder=N_("YYYY-MM-DD"),
            ),
            Field(
                "destination", N_("Destination"), placeholder=N_("School, municipality or country")
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        on = parse_date(values["on"])
        if on > self.saknad.today:
            raise FormProblem(_("The last day cannot be in the future."))
        self.journal.mark_left(
            self.pupil_id, on=on, destination=require(values["destination"], _("Destination"))
        )
        return True


class NoteDialog(FormDialog):
    """A note in the pupil's chronology, dated now or back; dismisses the entry id, or None."""

    TITLE_TEXT = N_("New note")
    HELP = N_(
        "Write the note; Enter starts a new line. Choose what kind of note it is: what you "
        "saw or heard yourself (observation) is kept apart from what the pupil said in their "
        "own words, as a report of concern asks. Leave When empty for now, or date it back "
        "(YYYY-MM-DD HH:MM) to write down what happened earlier. Ctrl+S saves it in the "
        "pupil's chronology; Escape discards it. If the journal locks while you write, "
        "the note is kept inside the journal and comes back after you unlock."
    )
    DRAFT_KIND = "note_form"

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id}

    def fields(self) -> list[Field]:
        from tui.code_words import ENTRY_WORDS

        return [
            Field(
                "text",
                N_("Note"),
                kind="lines",
                placeholder=N_("What happened, who said what, when"),
            ),
            Field(
                "kind",
                N_("Kind"),
                kind="select",
                options=[(_(ENTRY_WORDS[kind]), str(kind)) for kind in EntryKind],
                value=str(EntryKind.NOTE),
            ),
            Field("when", N_("When"), placeholder=N_("Now, or YYYY-MM-DD HH:MM")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        text = require(values["text"], _("Note"))
        return self.journal.add_entry(
            self.pupil_id, text, kind=values["kind"], at=parse_when(values["when"])
        )
