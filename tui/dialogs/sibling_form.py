"""A sibling at another school (or none), entered by hand."""

from __future__ import annotations

from typing import Any

from storage.codes import SchoolType
from tui.bindings import N_
from tui.code_words import school_type_label as school_type_label
from tui.dialogs.form import Field, FormDialog, FormProblem, require
from tui.i18n import _

SCHOOL_TYPES = tuple(SchoolType)


class SiblingFormDialog(FormDialog):
    """Dismisses the new link's id, or None. Siblings in this journal who share a guardian
    are found by themselves; this is for the others, above all at other schools."""

    TITLE_TEXT = N_("Add sibling")
    HELP = N_(
        "A brother or sister who is not a pupil in this journal, for example at another "
        "school. Siblings who share a guardian with the pupil are found by themselves. "
        "Tab moves to the next field; Enter or Ctrl+S saves; Escape cancels."
    )
    DRAFT_KIND = "sibling_form"

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id}

    def fields(self) -> list[Field]:
        return [
            Field("name", N_("Name")),
            Field("birth_year", N_("Birth year"), placeholder=N_("e.g. 2015")),
            Field("school_name", N_("School")),
            Field(
                "school_type",
                N_("School type"),
                kind="select",
                value="unknown",
                options=[(school_type_label(t), t) for t in SCHOOL_TYPES],
            ),
            Field("note", N_("Note")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        name = require(values["name"], _("Name"))
        birth_year = None
        if values["birth_year"]:
            if not (values["birth_year"].isdigit() and len(values["birth_year"]) == 4):
                raise FormProblem(_("Write the birth year with four digits."))
            birth_year = int(values["birth_year"])
        return self.journal.add_sibling_link(
            self.pupil_id,
            name=name,
            birth_year=birth_year,
            school_name=values["school_name"],
            school_type=values["school_type"],
            note=values["note"],
        )
