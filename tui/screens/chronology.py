"""A pupil's chronology: everything that happened to the pupil, newest first.

Read by one `Journal.chronology` call in a worker. K cycles a filter through the kinds
(all, then one kind at a time). Times show in the school's time zone, like the case screen;
what a person wrote is shown as plain text (rich Text), never read as markup.

The table keeps one line per item and its "What" column is cut to the screen's width (with
"…"), so nothing needs sideways scrolling; the highlighted item is shown whole, wrapped,
in the detail pane under the table. Opened from a palette hit, the screen starts on that
item (`focus`: its kind and source row).
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from storage.codes import ChronologyKind
from storage.records import ChronologyItem
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.bindings import N_
from tui.chronology_words import SEPARATOR, detail_text, kind_word, summary
from tui.i18n import _
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter

# The fewest characters of "What" the table shows, however narrow the screen.
MIN_WHAT = 12

# The filter's steps: everything, then each kind in turn.
FILTERS: tuple[ChronologyKind | None, ...] = (None, *ChronologyKind)


def when_text(when: datetime | date) -> str:
    """A time in the school's time zone; a day-level item shows its date only."""
    if isinstance(when, datetime):
        return f"{when.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}"
    return str(when)


class ChronologyTable(DataTable):
    """The chronology's table: a row cursor that moves with j too."""

    BINDINGS = [Binding("j", "cursor_down", show=False, id="chronology-vim-down")]

    def __init__(self) -> None:
        super().__init__(id="chronology-table", cursor_type="row", zebra_stripes=True)


class ChronologyScreen(SaknadScreen):
    """One pupil's chronology."""

    HELP = N_(
        "Everything that happened to the pupil in the journal, newest first: absent days, "
        "register changes, cases, checklist steps, contacts, journal entries, notices to "
        "guardians, leave decisions, exports and whereabouts known. The item under the cursor "
        "is shown whole under the table. K shows one kind at a time (press again for the next "
        "kind, and back to all). N writes a new note. C corrects the highlighted journal "
        "entry: the correction is a new entry that points at it, and both stay readable."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("k", "next_kind", N_("Kind"), id="chronology-kind", tooltip=N_("Show one kind")),
        Binding("n", "note", N_("Note"), id="chronology-note", tooltip=N_("Write a new note")),
        Binding(
            "c",
            "correct",
            N_("Correct"),
            id="chronology-correct",
            tooltip=N_("Correct the highlighted journal entry (the original stays)"),
        ),
        Binding("K", "next_kind", show=False, id="chronology-kind-shift"),
        Binding("N", "note", show=False, id="chronology-note-shift"),
        Binding("C", "correct", show=False, id="chronology-correct-shift"),
    ]

    class Loaded(ReadResult):
        """The chronology was read from the journal."""

        def __init__(self, items: list[ChronologyItem]) -> None:
            super().__init__()
            self.items = items

    def __init__(
        self, pupil_id: int, pupil_name: str, *, focus: tuple[str, int] | None = None
    ) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.pupil_name = pupil_name
        self.start_on = focus  # (kind, source row) of the item to start on
        self.items: list[ChronologyItem] | None = None
        self.kind_filter: ChronologyKind | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(_("Reading the journal..."), id="chronology-title", classes="title")
            yield Static("", id="chronology-hint", classes="hint")
            yield ChronologyTable()
            yield Static("", id="chronology-detail")
        yield SaknadFooter()

    def on_mount(self) -> None:
        table = self.query_one(ChronologyTable)
        # Who before what: the summary is the long column, and may run past the edge.
        for label in (_("When"), _("Kind"), _("Who"), _("What")):
            table.add_column(label)
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="chronology", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(self.journal.chronology(self.pupil_id)))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        if self.items is None:
            self.query_one("#chronology-title", Static).update("")  # no longer "Reading..."
        return False  # the app shows the sentence

    @on(Loaded)
    def _loaded(self, loaded: Loaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.items = loaded.items
        title = Text(self.pupil_name)
        title.append(f" - {_('Chronology')}")
        self.query_one("#chronology-title", Static).update(title)
        self._show()
        if self.start_on is not None:
            self.focus_on(*self.start_on)

    def focus_on(self, kind: str, source_id: int) -> None:
        """Put the cursor on the item of `kind` from row `source_id`, if it is shown."""
        for row, item in enumerate(self.shown_items()):
            if item.kind == kind and item.source_id == source_id:
                self.query_one(ChronologyTable).move_cursor(row=row)
                return

    def shown_items(self) -> list[ChronologyItem]:
        """The items the table shows, after the kind filter."""
        items = self.items or []
        if self.kind_filter is None:
            return list(items)
        return [i for i in items if i.kind == self.kind_filter]

    def _show(self) -> None:
        table = self.query_one(ChronologyTable)
        table.clear()
        shown = self.shown_items()
        rows = [
            (Text(when_text(i.when)), Text(kind_word(i.kind)), Text(i.who), summary(i))
            for i in shown
        ]
        room = self._room_for_what(rows)
        for when, kind, who, what in rows:
            cut = Text(what, no_wrap=True)
            cut.truncate(room, overflow="ellipsis")
            table.add_row(when, kind, who, cut)
        showing = _("All kinds") if self.kind_filter is None else kind_word(self.kind_filter)
        hint = _("{kind}: {count} of {total}. K shows one kind at a time.").format(
            kind=showing, count=len(shown), total=len(self.items or [])
        )
        self.query_one("#chronology-hint", Static).update(Text(hint))
        self._show_detail()

    def _room_for_what(self, rows: list[tuple[Text, Text, Text, str]]) -> int:
        """How many characters of "What" fit beside the other columns, without scrolling."""
        widths = [
            max([len(label), *(len(row[column]) for row in rows)])
            for column, label in enumerate((_("When"), _("Kind"), _("Who")))
        ]
        padding = 2 * 4  # each column's cell padding, one either side
        scrollbar = 2
        return max(MIN_WHAT, self.size.width - sum(widths) - padding - scrollbar - 2)

    def on_resize(self) -> None:
        if self.items is not None:
            row = self.query_one(ChronologyTable).cursor_row
            self._show()
            self.query_one(ChronologyTable).move_cursor(row=row)

    @on(DataTable.RowHighlighted, "#chronology-table")
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()  # C corrects an entry only

    def _show_detail(self) -> None:
        """The highlighted item whole: when, kind and who, then what happened, wrapped."""
        detail = self.query_one("#chronology-detail", Static)
        shown = self.shown_items()
        row = self.query_one(ChronologyTable).cursor_row
        if not shown or not 0 <= row < len(shown):
            detail.update("")
            return
        item = shown[row]
        heading = SEPARATOR.join(
            part for part in (when_text(item.when), kind_word(item.kind), item.who) if part
        )
        text = Text()
        text.append(heading, style="bold")
        text.append("\n")
        text.append(detail_text(item))
        detail.update(text)

    def action_next_kind(self) -> None:
        position = FILTERS.index(self.kind_filter)
        self.kind_filter = FILTERS[(position + 1) % len(FILTERS)]
        if self.items is not None:
            self._show()

    def highlighted(self) -> ChronologyItem | None:
        """The item under the cursor, or None."""
        shown = self.shown_items()
        row = self.query_one(ChronologyTable).cursor_row
        return shown[row] if shown and 0 <= row < len(shown) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "correct":
            item = self.highlighted()
            return True if item is not None and item.kind == ChronologyKind.ENTRY else None
        return True

    def action_note(self) -> None:
        from tui.dialogs.pupil_moves import NoteDialog

        self.app.push_screen(NoteDialog(self.pupil_id), self._after_writing)

    def action_correct(self) -> None:
        from tui.dialogs.correct_entry import CorrectEntryDialog

        item = self.highlighted()
        if item is None or item.kind != ChronologyKind.ENTRY:
            return
        self.app.push_screen(CorrectEntryDialog(item.source_id, item.text), self._after_writing)

    def _after_writing(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self.start_on = (ChronologyKind.ENTRY, entry_id)  # the new entry, read again
            self._load()

    def action_back(self) -> None:
        self.dismiss()
