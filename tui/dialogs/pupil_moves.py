"""Moving a pupil to another class, and marking that a pupil has left the school."""

from __future__ import annotations

from typing import Any

from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem, parse_date, require
from tui.i18n import _


class MoveClassDialog(FormDialog):
    """Dismisses True once moved, or None."""

    TITLE_TEXT = N_("Move to another class")

    def __init__(self, pupil_id: int, class_rows, current_class_id: int | None):
        super().__init__()
        self.pupil_id = pupil_id
        self.class_rows = class_rows
        self.current_class_id = current_class_id

    def fields(self) -> list[Field]:
        options = [(f"{c.name} ({c.school_name})", c.id) for c in self.class_rows]
        start = (
            self.current_class_id
            if self.current_class_id in [c.id for c in self.class_rows]
            else options[0][1]
        )
        return [
            Field("class_id", N_("New class"), kind="select", value=start, options=options),
            Field(
                "on", N_("From"), value=self.saknad.today.isoformat(), placeholder=N_("YYYY-MM-DD")
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        self.journal.move_pupil(self.pupil_id, values["class_id"], on=parse_date(values["on"]))
        return True


class LeftSchoolDialog(FormDialog):
    """Dismisses True once marked, or None."""

    TITLE_TEXT = N_("Left the school")

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id

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
    """A free note in the pupil's chronology; dismisses the entry id, or None."""

    TITLE_TEXT = N_("New note")

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id

    def fields(self) -> list[Field]:
        return [Field("text", N_("Note"), placeholder=N_("What happened, who said what, when"))]

    def save(self, values: dict[str, Any]) -> Any:
        return self.journal.add_entry(self.pupil_id, require(values["text"], _("Note")))
