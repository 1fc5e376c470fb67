"""The column-mapping step: say what each column of an unrecognised file holds, and in which
order a guardian's whole name is written ("Förnamn Efternamn" or "Efternamn Förnamn")."""

from __future__ import annotations

from typing import Any

from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem
from tui.i18n import _
from tui.import_text import field_label

IGNORE = "ignore"
NAME_ORDER_FIELD = "guardian-names"


class ColumnMappingDialog(FormDialog):
    """One choice per column and the order of guardians' names.

    Dismisses ({header: field}, name order) or None; the order is "first_last" or
    "last_first" (storage.importing.name_order).
    """

    TITLE_TEXT = N_("What does each column hold?")

    def __init__(
        self,
        headers: list[str],
        known_fields: list[str],
        current: dict[str, str],
        name_order: str = "",
    ):
        super().__init__()
        self.headers = headers
        self.known_fields = known_fields
        self.current = current
        self.name_order = name_order or "first_last"

    def fields(self) -> list[Field]:
        options = [(field_label(IGNORE), IGNORE)] + [
            (field_label(f), f) for f in self.known_fields
        ]
        return [
            Field(
                f"column-{index}",
                header,
                kind="select",
                value=self.current.get(header, IGNORE),
                options=options,
                label_is_data=True,  # a file's header: shown as written, never markup
            )
            for index, header in enumerate(self.headers)
        ] + [
            Field(
                NAME_ORDER_FIELD,
                _("Guardians' names"),
                kind="select",
                value=self.name_order,
                options=[
                    (_("Förnamn Efternamn"), "first_last"),
                    (_("Efternamn Förnamn"), "last_first"),
                ],
            )
        ]

    def save(self, values: dict[str, Any]) -> Any:
        mapping = {header: values[f"column-{index}"] for index, header in enumerate(self.headers)}
        chosen = [f for f in mapping.values() if f != IGNORE]
        if len(chosen) != len(set(chosen)):
            raise FormProblem(_("Two columns are set to the same field."))
        if "identity_number" not in chosen and "pupil_identity_number" not in chosen:
            raise FormProblem(_("One column must hold the identity number."))
        return mapping, values[NAME_ORDER_FIELD]
