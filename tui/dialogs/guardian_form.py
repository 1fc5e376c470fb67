"""Add or edit a guardian (or another adult to contact) of a pupil."""

from __future__ import annotations

from typing import Any

from storage.codes import Relation
from tui.bindings import N_
from tui.code_words import relation_label as relation_label
from tui.dialogs.form import Field, FormDialog, require
from tui.i18n import _

RELATIONS = tuple(Relation)


class GuardianFormDialog(FormDialog):
    """Dismisses the guardian's id, or None when cancelled."""

    HELP = N_(
        "A guardian or another adult to contact about the pupil: names, relation, phone "
        "numbers, e-mail, and whether an interpreter is needed. Tab moves to the next "
        "field; Enter or Ctrl+S saves; Escape cancels."
    )
    DRAFT_KIND = "guardian_form"

    def __init__(self, pupil_id: int, guardian=None):
        super().__init__()
        self.pupil_id = pupil_id
        self.guardian = guardian
        self.TITLE_TEXT = N_("Edit guardian") if guardian else N_("New guardian")

    def draft_arguments(self) -> dict[str, Any]:
        return {
            "pupil_id": self.pupil_id,
            "guardian_id": self.guardian.id if self.guardian else None,
        }

    def fields(self) -> list[Field]:
        g = self.guardian
        return [
            Field("first_name", N_("First name"), value=g.first_name if g else ""),
            Field("last_name", N_("Last name"), value=g.last_name if g else ""),
            Field(
                "relation",
                N_("Relation"),
                kind="select",
                value=g.relation if g else Relation.GUARDIAN,
                options=[(relation_label(r), r) for r in RELATIONS],
            ),
            Field("phone", N_("Phone"), value=g.phone if g else ""),
            Field("phone_other", N_("Other phone"), value=g.phone_other if g else ""),
            Field("email", N_("E-mail"), value=g.email if g else ""),
            Field(
                "interpreter_needed",
                N_("Needs interpreter"),
                kind="switch",
                value=bool(g and g.interpreter_needed),
            ),
            Field("language", N_("Language"), value=g.language if g else ""),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        journal = self.journal
        details = {
            "first_name": require(values["first_name"], _("First name")),
            "last_name": require(values["last_name"], _("Last name")),
            "phone": values["phone"],
            "phone_other": values["phone_other"],
            "email": values["email"],
            "interpreter_needed": bool(values["interpreter_needed"]),
            "language": values["language"],
        }
        if self.guardian is None:
            guardian_id = journal.add_guardian(
                details.pop("first_name"), details.pop("last_name"), **details
            )
        else:
            guardian_id = self.guardian.id
            journal.update_guardian(guardian_id, **details)
        journal.link_guardian(self.pupil_id, guardian_id, relation=values["relation"])
        return guardian_id
