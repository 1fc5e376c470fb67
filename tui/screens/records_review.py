"""Records due for review: pupils who left more than the document plan's years ago.

Nothing is deleted by the passing of time (DOMAIN.md, "The counsellor's records"). The list
shows each pupil's school, the class they left from, when they left, how many years ago and
how many cases the journal holds; Ctrl+T shows the pupil's chronology, Enter the pupil card.
Space selects pupils; Delete deletes the selected pupils' records (or the highlighted
pupil's) after a question that names how many and says it cannot be undone, with "Keep"
focused. Ctrl+G changes the document plan (gallring: the school's kind and the years).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from storage.records import RecordsDeleted, ReviewList, ReviewPupil
from storage.text import fold
from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.retention_text import plan_line
from tui.screens.filtered_table import FilteredTableScreen
from tui.widgets.list_table import Cells, ListTable

SELECTED = "[x]"
NOT_SELECTED = "[ ]"


class RecordsReviewScreen(FilteredTableScreen):
    """The pupils whose records are due for review on the app's today."""

    HELP = N_(
        "Pupils who left more than the document plan's years ago, with their school, the "
        "class they left from, when they left and how many cases the journal holds. Nothing "
        "is deleted unless you choose it. Ctrl+T shows the pupil's chronology and Enter the "
        "pupil card. Space selects pupils; Delete deletes the selected pupils' records (or "
        "the highlighted pupil's) after a question: everything about them goes, and the "
        "audit trail keeps only that records were deleted, when, by whom and how many. "
        "Ctrl+G changes the document plan. Type to filter; Up/Down or j/k move."
    )

    BINDINGS = [
        Binding("space", "select", N_("Select"), id="select-for-deletion"),
        Binding(
            "ctrl+t",
            "chronology",
            N_("Chronology"),
            id="review-chronology",
            tooltip=N_("Everything that happened to the pupil, newest first"),
        ),
        Binding(
            "delete",
            "delete",
            N_("Delete"),
            id="delete-records",
            tooltip=N_("Delete the selected pupils' records, after a question"),
        ),
        Binding(
            "ctrl+g",
            "plan",
            N_("Document plan"),
            id="document-plan",
            tooltip=N_("The school's kind and the years after leaving until review"),
        ),
    ]

    class Deleted(Message):
        """Records were deleted (the list is read again)."""

        def __init__(self, result: RecordsDeleted) -> None:
            super().__init__()
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self.listing: ReviewList | None = None
        self.selected: set[int] = set()

    def title_text(self) -> str:
        return _("Records due for review on {date}").format(date=self.saknad.today.isoformat())

    def filter_placeholder(self) -> str:
        return _("Filter: name, school or class")

    def columns(self) -> list[str]:
        return ["", _("Name"), _("School"), _("Class"), _("Left on"), _("Years"), _("Cases")]

    def load_rows(self) -> list[Any]:
        self.listing = self.journal.records_due_for_review(self.saknad.today)
        present = {p.pupil_id for p in self.listing.pupils}
        self.selected &= present
        return list(self.listing.pupils)

    def row_key(self, row: ReviewPupil) -> str:
        return str(row.pupil_id)

    def cells(self, pupil: ReviewPupil) -> Cells:
        chosen = pupil.pupil_id in self.selected
        return [
            Text(SELECTED if chosen else NOT_SELECTED, style="bold" if chosen else ""),
            Text(f"{pupil.last_name}, {pupil.first_name}"),
            Text(pupil.school_name),
            Text(pupil.class_name),
            Text(pupil.left_on.isoformat()),
            Text(str(pupil.years_since), justify="right"),
            Text(str(pupil.cases), justify="right"),
        ]

    def matches(self, pupil: ReviewPupil, wanted: str) -> bool:
        return wanted in fold(
            f"{pupil.first_name} {pupil.last_name} {pupil.school_name} {pupil.class_name}"
        )

    def hint(self, shown: int, filtering: bool) -> str:
        lines = []
        if self.listing is not None:
            lines.append(plan_line(self.listing.settings))
        if not self.rows:
            lines.append(_("No pupil's records are due for review."))
        elif filtering and not shown:
            lines.append(_("No pupil matches the filter."))
        if self.selected:
            lines.append(
                ngettext("{n} pupil selected.", "{n} pupils selected.", len(self.selected)).format(
                    n=len(self.selected)
                )
            )
        return "\n".join(lines)

    def _current(self) -> ReviewPupil | None:
        table = self.query_one("#rows", ListTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in self.rows if str(p.pupil_id) == key), None)

    def _chosen(self) -> list[ReviewPupil]:
        if self.selected:
            return [p for p in self.rows if p.pupil_id in self.selected]
        current = self._current()
        return [current] if current is not None else []

    def action_select(self) -> None:
        pupil = self._current()
        if pupil is None:
            return
        self.selected ^= {pupil.pupil_id}
        self.refill()
        table = self.query_one("#rows", ListTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_chronology(self) -> None:
        pupil = self._current()
        if pupil is not None:
            self.saknad.open_chronology(pupil.pupil_id, f"{pupil.first_name} {pupil.last_name}")

    @on(DataTable.RowSelected, "#rows")
    def _open_card(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.saknad.open_pupil(int(event.row_key.value))

    def action_delete(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        chosen = self._chosen()
        if not chosen:
            return
        count = len(chosen)
        if count == 1:
            question = _(
                "Delete everything the journal holds about {name}? Entries, cases, contacts, "
                "absence and reports go, and the audit trail keeps only that records were "
                "deleted. This cannot be undone."
            ).format(name=f"{chosen[0].first_name} {chosen[0].last_name}")
        else:
            question = ngettext(
                "Delete everything the journal holds about {n} pupil? Entries, cases, "
                "contacts, absence and reports go, and the audit trail keeps only that "
                "records were deleted. This cannot be undone.",
                "Delete everything the journal holds about {n} pupils? Entries, cases, "
                "contacts, absence and reports go, and the audit trail keeps only that "
                "records were deleted. This cannot be undone.",
                count,
            ).format(n=count)
        ids = [p.pupil_id for p in chosen]

        def answered(answer: str | None) -> None:
            if answer == "delete":
                self._delete(ids)

        self.app.push_screen(
            ConfirmDialog(
                _("Delete records"),
                question,
                [
                    ("keep", _("Keep")),
                    (
                        "delete",
                        ngettext(
                            "Delete {n} pupil's records", "Delete {n} pupils' records", count
                        ).format(n=count),
                    ),
                ],
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="delete-records", exit_on_error=False)
    def _delete(self, pupil_ids: list[int]) -> None:
        self.post_message(self.Deleted(self.journal.delete_records_under_plan(pupil_ids)))

    @on(Deleted)
    def _reload(self, event: Deleted) -> None:
        self.selected.clear()
        sentence = ngettext(
            "The records of {n} pupil are deleted.",
            "The records of {n} pupils are deleted.",
            event.result.pupils,
        ).format(n=event.result.pupils)
        if not event.result.traces_cleared:
            sentence += " " + _("Their last traces leave the file when the journal is locked.")
        self.notify(sentence, timeout=10)
        self._load()

    def action_plan(self) -> None:
        from storage.document_plan import DocumentPlanSettings
        from tui.dialogs.document_plan_form import DocumentPlanDialog

        def saved(result: Any) -> None:
            if result is not None:
                self._load()

        current = self.listing.settings if self.listing else DocumentPlanSettings()
        self.app.push_screen(DocumentPlanDialog(current), saved)
