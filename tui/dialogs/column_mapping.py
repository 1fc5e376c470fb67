"""The column-mapping step: say what each column of an unrecognised file holds."""

from __future__ import annotations

from typing import Any

from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem
from tui.i18n import _

IGNORE = "ignore"

_PUPIL_FIELDS = {
    "identity_number": N_("Identity number"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "full_name": N_("Full name"),
    "class_name": N_("Class"),
    "street": N_("Street address"),
    "postal_code": N_("Postcode"),
    "city": N_("Town"),
    "protected_identity": N_("Protected identity"),
    "security_marking": N_("Security marking"),
    "external_id": N_("Id in the school system"),
    "pupil_identity_number": N_("The pupil's identity number"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "relation": N_("Relation"),
    "person_status": N_("Registration status"),
    "identity_kind": N_("Kind of number"),
}
_GUARDIAN_PARTS = {
    "name": N_("name"),
    "first_name": N_("first name"),
    "last_name": N_("last name"),
    "identity_number": N_("identity number"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "relation": N_("relation"),
    "street": N_("street address"),
    "postal_code": N_("postcode"),
    "city": N_("town"),
}


def field_label(name: str) -> str:
    """What a counsellor calls the field `name` of storage.importing."""
    if name == IGNORE:
        return _("(leave out)")
    if name.startswith("guardian") and "_" in name:
        number, _sep, part = name[len("guardian"):].partition("_")
        if number.isdigit() and part in _GUARDIAN_PARTS:
            return _("Guardian {n}: {part}").format(n=number, part=_(_GUARDIAN_PARTS[part]))
    return _(_PUPIL_FIELDS[name]) if name in _PUPIL_FIELDS else name


class ColumnMappingDialog(FormDialog):
    """One choice per column; dismisses {header: field} or None."""

    TITLE_TEXT = N_("What does each column hold?")

    def __init__(self, headers: list[str], known_fields: list[str], current: dict[str, str]):
        super().__init__()
        self.headers = headers
        self.known_fields = known_fields
        self.current = current

    def fields(self) -> list[Field]:
        options = [(field_label(IGNORE), IGNORE)] + [(field_label(f), f)
                                                    for f in self.known_fields]
        return [Field(f"column-{index}", header, kind="select",
                      value=self.current.get(header, IGNORE), options=options)
                for index, header in enumerate(self.headers)]

    def save(self, values: dict[str, Any]) -> Any:
        mapping = {header: values[f"column-{index}"]
                   for index, header in enumerate(self.headers)}
        chosen = [f for f in mapping.values() if f != IGNORE]
        if len(chosen) != len(set(chosen)):
            raise FormProblem(_("Two columns are set to the same field."))
        if "identity_number" not in chosen and "pupil_identity_number" not in chosen:
            raise FormProblem(_("One column must hold the identity number."))
        return mapping
