"""The column-mapping step of an absence import: say what each column of the file holds.

The class list's dialog (tui.dialogs.column_mapping) without its question about guardians'
names, and with the absence file's required fields.
"""

from __future__ import annotations

from typing import Any

from tui.dialogs.column_mapping import IGNORE, ColumnMappingDialog
from tui.dialogs.form import Field, FormProblem
from tui.i18n import _


class AbsenceColumnMappingDialog(ColumnMappingDialog):
    """One choice per column; dismisses {header: field} or None."""

    def fields(self) -> list[Field]:
        return [f for f in super().fields() if f.key.startswith("column-")]

    def save(self, values: dict[str, Any]) -> Any:
        mapping = {header: values[f"column-{index}"] for index, header in enumerate(self.headers)}
        chosen = [f for f in mapping.values() if f != IGNORE]
        if len(chosen) != len(set(chosen)):
            raise FormProblem(_("Two columns are set to the same field."))
        if not {"identity_number", "date", "kind"} <= set(chosen):
            raise FormProblem(
                _("Columns must hold the identity number, the date and the kind of absence.")
            )
        return mapping
