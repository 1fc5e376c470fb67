"""Adding or changing an entry of the contact directory."""

from __future__ import annotations

from typing import Any

from storage.codes import DirectoryKind
from storage.records import DirectoryEntry
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog
from tui.directory_words import kind_label


class DirectoryContactDialog(FormDialog):
    """Dismisses the entry's id, or None. With `entry` it changes that entry; without, it
    adds one (of `kind`, named `name`: a sibling's school offered by the directory)."""

    HELP = N_(
        "A contact of the school's directory: who it is, the name, the phone number, the "
        "e-mail address and a note (opening hours, whom to ask for). Tab moves to the next "
        "field; Enter or Ctrl+S saves; Escape cancels."
    )

    def __init__(
        self,
        entry: DirectoryEntry | None = None,
        *,
        kind: str = DirectoryKind.OTHER,
        name: str = "",
    ):
        super().__init__()
        self.entry = entry
        self._kind = entry.kind if entry is not None else kind
        self._name = entry.name if entry is not None else name
        self.TITLE_TEXT = N_("Change contact") if entry is not None else N_("Add contact")

    def fields(self) -> list[Field]:
        entry = self.entry
        return [
            Field(
                "kind",
                N_("Who"),
                kind="select",
                value=self._kind,
                options=[(kind_label(k), str(k)) for k in DirectoryKind],
            ),
            Field("name", N_("Name"), value=self._name),
            Field("phone", N_("Phone"), value=entry.phone if entry else ""),
            Field("email", N_("E-mail"), value=entry.email if entry else ""),
            Field(
                "note",
                N_("Note"),
                value=entry.note if entry else "",
                placeholder=N_("e.g. opening hours, whom to ask for"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        if self.entry is None:
            return self.journal.add_directory_contact(
                kind=values["kind"],
                name=values["name"],
                phone=values["phone"],
                email=values["email"],
                note=values["note"],
            )
        self.journal.update_directory_contact(
            self.entry.id,
            kind=values["kind"],
            name=values["name"],
            phone=values["phone"],
            email=values["email"],
            note=values["note"],
        )
        return self.entry.id
