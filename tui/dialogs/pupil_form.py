"""Add or edit a pupil: identity number, names, protected identity, address."""

from __future__ import annotations

from typing import Any

from storage.codes import SecurityMarking
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, require
from tui.i18n import _


class PupilFormDialog(FormDialog):
    """Dismisses the pupil's id, or None when cancelled.

    With protected identity (skyddad folkbokföring) the address fields are ignored and any
    stored address is removed: the journal never holds one for such a pupil.
    """

    HELP = N_(
        "The pupil's identity number (personnummer, samordningsnummer or a temporary "
        "school number), names and address. With protected identity no address is kept. "
        "Tab moves to the next field; Enter or Ctrl+S saves; Escape cancels."
    )
    DRAFT_KIND = "pupil_form"

    def __init__(self, *, pupil_id: int | None = None, class_id: int | None = None, detail=None):
        super().__init__()
        self.pupil_id = pupil_id
        self.class_id = class_id
        self.detail = detail
        self.TITLE_TEXT = N_("Edit pupil") if pupil_id else N_("Add pupil")

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id, "class_id": self.class_id}

    def fields(self) -> list[Field]:
        d = self.detail
        return [
            Field(
                "identity_number",
                N_("Identity number"),
                value=d.identity_number if d else "",
                placeholder=N_("YYYYMMDD-NNNN"),
            ),
            Field("first_name", N_("First name"), value=d.first_name if d else ""),
            Field("last_name", N_("Last name"), value=d.last_name if d else ""),
            Field(
                "protected_identity",
                N_("Protected identity"),
                kind="switch",
                value=bool(d and d.security_marking == SecurityMarking.PROTECTED),
            ),
            Field("street", N_("Street address"), value=(d.street or "") if d else ""),
            Field("postal_code", N_("Postcode"), value=(d.postal_code or "") if d else ""),
            Field("city", N_("Town"), value=(d.city or "") if d else ""),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        journal = self.journal
        number = require(values["identity_number"], _("Identity number"))
        first = require(values["first_name"], _("First name"))
        last = require(values["last_name"], _("Last name"))
        marking = (
            SecurityMarking.PROTECTED
            if values["protected_identity"]
            else (
                self.detail.security_marking
                if self.detail and self.detail.security_marking != SecurityMarking.PROTECTED
                else SecurityMarking.NONE
            )
        )
        address = {key: values[key] for key in ("street", "postal_code", "city")}
        if self.pupil_id is None:
            school_id = None
            if self.class_id is not None:
                school_id = next(
                    (c.school_id for c in journal.classes() if c.id == self.class_id), None
                )
            return journal.add_pupil(
                number,
                first,
                last,
                school_id=school_id,
                group_id=self.class_id,
                security_marking=marking,
                street=address["street"] or None,
                postal_code=address["postal_code"] or None,
                city=address["city"] or None,
                today=self.saknad.today,
            )
        journal.update_pupil(
            self.pupil_id,
            identity_number=number,
            first_name=first,
            last_name=last,
            security_marking=marking,
            today=self.saknad.today,
            **address,
        )
        return self.pupil_id
