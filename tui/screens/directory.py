"""The school's contact directory: social services and their out-of-hours service, police, the
support line on honour-related violence, the resource centre, sibling schools.

A list like the others (typing filters). Ctrl+N adds an entry, Enter changes the one under the
cursor, Delete removes it after asking. Below the entries, greyed, the schools named on the
pupils' sibling links that the directory does not have yet: Enter on one adds it at once, as a
sibling's school, to fill in its numbers later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.widgets import DataTable

from storage.codes import DirectoryKind
from storage.records import Directory, DirectoryEntry
from storage.text import fold
from tui.bindings import N_
from tui.directory_words import kind_label
from tui.i18n import _, ngettext
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import Cells, ListTable

_OFFERED = "dim italic"


@dataclass(frozen=True)
class DirectoryRow:
    """A row of the list: an entry, or a sibling's school offered to add (`entry` None)."""

    key: str
    entry: DirectoryEntry | None
    offered_name: str = ""


def rows_of(directory: Directory) -> list[DirectoryRow]:
    """The entries, then the sibling schools not in the directory yet."""
    return [DirectoryRow(f"entry-{e.id}", e) for e in directory.entries] + [
        DirectoryRow(f"offered-{n}", None, n) for n in directory.sibling_schools
    ]


class DirectoryScreen(FilteredTableScreen):
    """The contact directory; type to filter, Ctrl+N adds, Enter changes, Delete removes."""

    HELP = N_(
        "The school's contacts: social services and the out-of-hours service, the police, "
        "the support line on honour-related violence, the resource centre, the schools of "
        "pupils' siblings. Fill in your municipality's own numbers; Saknad only knows the "
        "national ones (police 114 14, emergency 112). Type to narrow the list (typing in "
        "the list goes to the filter). Ctrl+N adds a contact, Enter changes the one under "
        "the cursor, Delete removes it (you are asked first). Ctrl+D adds the usual "
        "contacts the directory lacks. Greyed at the end: schools named on siblings that "
        "are not in the directory yet; Enter adds one."
    )

    BINDINGS = [
        Binding(
            "ctrl+n",
            "add",
            N_("Add"),
            id="directory-add",
            tooltip=N_("Add a contact to the directory"),
        ),
        Binding(
            "delete",
            "remove",
            N_("Remove"),
            id="directory-remove",
            tooltip=N_("Remove the contact under the cursor"),
        ),
        Binding(
            "ctrl+d",
            "usual_contacts",
            N_("Usual contacts"),
            id="directory-usual",
            tooltip=N_("Add the usual contacts the directory lacks (social services, police...)"),
        ),
    ]

    def title_text(self) -> str:
        return _("Contact directory")

    def filter_placeholder(self) -> str:
        return _("Filter: who, name, number or note")

    def columns(self) -> list[str]:
        # The name and the number first: they stay in view at 80 columns (the name mostly
        # says who it is too).
        return [_("Name"), _("Phone"), _("E-mail"), _("Who"), _("Note")]

    def load_rows(self) -> list[Any]:
        return rows_of(self.journal.directory())

    def row_key(self, row: Any) -> str:
        return row.key

    def cells(self, row: Any) -> Cells:
        entry = row.entry
        if entry is None:
            return [
                Text(row.offered_name, style=_OFFERED),
                Text(""),
                Text(""),
                Text(kind_label(DirectoryKind.SIBLING_SCHOOL), style=_OFFERED),
                Text(_("Not in the directory yet"), style=_OFFERED),
            ]
        name = f"{entry.name} ({entry.school_name})" if entry.school_name else entry.name
        return [
            Text(name),
            Text(entry.phone),
            Text(entry.email),
            Text(kind_label(entry.kind)),
            Text(entry.note),
        ]

    def matches(self, row: Any, wanted: str) -> bool:
        entry = row.entry
        if entry is None:
            return wanted in fold(f"{kind_label(DirectoryKind.SIBLING_SCHOOL)} {row.offered_name}")
        words = (kind_label(entry.kind), entry.name, entry.school_name, entry.phone)
        return wanted in fold(" ".join((*words, entry.email, entry.note)))

    def hint(self, shown: int, filtering: bool) -> str:
        if not self.rows:
            return _(
                "The directory is empty. Press Ctrl+D for the usual contacts, Ctrl+N to add one."
            )
        if not shown:
            return _("No contact matches the filter.")
        entries = sum(1 for row in self.rows if row.entry is not None)
        said = ngettext("{n} contact.", "{n} contacts.", entries).format(n=entries)
        offered = len(self.rows) - entries
        if offered:
            said += " " + ngettext(
                "{n} sibling's school is not in the directory yet (greyed): Enter adds it.",
                "{n} siblings' schools are not in the directory yet (greyed): Enter adds one.",
                offered,
            ).format(n=offered)
        return said

    # -- actions ---------------------------------------------------------------------------

    def _current(self) -> DirectoryRow | None:
        table = self.query_one("#rows", ListTable)
        if not table.row_count:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((r for r in self.rows if r.key == row_key.value), None)

    def _changed(self, result: Any) -> None:
        if result is not None:
            if isinstance(result, int):  # a new contact's id: the cursor goes to it
                self.cursor_to = f"entry-{result}"
            self._load()

    def action_add(self) -> None:
        from tui.dialogs.directory_form import DirectoryContactDialog

        self.app.push_screen(DirectoryContactDialog(), self._changed)

    @on(DataTable.RowSelected, "#rows")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        from tui.dialogs.directory_form import DirectoryContactDialog

        row = next((r for r in self.rows if r.key == event.row_key.value), None)
        if row is None:
            return
        if row.entry is None:
            self._add_offered(row.offered_name)
        else:
            self.app.push_screen(DirectoryContactDialog(row.entry), self._changed)

    @work(thread=True, exclusive=True, group="directory", exit_on_error=False)
    def _add_offered(self, name: str) -> None:
        added = self.journal.add_directory_contact(kind=DirectoryKind.SIBLING_SCHOOL, name=name)
        self.cursor_to = f"entry-{added}"
        self.post_message(self.RowsLoaded(self.load_rows()))

    def action_usual_contacts(self) -> None:
        self._add_usual()

    @work(thread=True, exclusive=True, group="directory", exit_on_error=False)
    def _add_usual(self) -> None:
        added = self.journal.add_starting_directory()
        self.post_message(self.RowsLoaded(self.load_rows()))
        if not added:
            self.app.call_from_thread(
                self.notify, _("The usual contacts are all in the directory already.")
            )

    def action_remove(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        row = self._current()
        if row is None or row.entry is None:
            return
        entry = row.entry

        def answered(answer: str | None) -> None:
            if answer == "remove":
                self._remove(entry.id)

        self.app.push_screen(
            ConfirmDialog(
                _("Remove contact?"),
                _("Remove {name} from the directory?").format(name=entry.name),
                [("keep", _("Keep it")), ("remove", _("Remove"))],
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="directory", exit_on_error=False)
    def _remove(self, contact_id: int) -> None:
        self.journal.remove_directory_contact(contact_id)
        self.post_message(self.RowsLoaded(self.load_rows()))
