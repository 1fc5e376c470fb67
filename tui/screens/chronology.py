"""A pupil's chronology: everything that happened to the pupil, newest first.

Read by one `Journal.chronology` call in a worker. K cycles a filter through the kinds
(all, then one kind at a time). Times show in the school's time zone, like the case screen;
what a person wrote is shown as plain text (rich Text), never read as markup.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from storage.codes import ChronologyKind
from storage.records import ChronologyItem
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.bindings import N_
from tui.chronology_words import kind_word, summary
from tui.i18n import _
from tui.screens.base import SaknadScreen

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
        "Everything that happened to the pupil in the journal, newest first: register "
        "changes, cases, checklist steps, contacts, journal entries, notices to guardians, "
        "leave decisions and exports. K shows one kind at a time (press again for the next "
        "kind, and back to all)."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("k", "next_kind", N_("Kind"), id="chronology-kind", tooltip=N_("Show one kind")),
        Binding("K", "next_kind", show=False, id="chronology-kind-shift"),
    ]

    class Loaded(Message):
        """The chronology was read from the journal."""

        def __init__(self, items: list[ChronologyItem]) -> None:
            super().__init__()
            self.items = items

    def __init__(self, pupil_id: int, pupil_name: str) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.pupil_name = pupil_name
        self.items: list[ChronologyItem] | None = None
        self.kind_filter: ChronologyKind | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(_("Reading the journal..."), id="chronology-title", classes="title")
            yield Static("", id="chronology-hint", classes="hint")
            yield ChronologyTable()
        yield Footer()

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
        self.items = loaded.items
        title = Text(self.pupil_name)
        title.append(f" - {_('Chronology')}")
        self.query_one("#chronology-title", Static).update(title)
        self._show()

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
        for item in shown:
            table.add_row(
                Text(when_text(item.when)),
                Text(kind_word(item.kind)),
                Text(item.who),
                Text(summary(item)),
            )
        showing = _("All kinds") if self.kind_filter is None else kind_word(self.kind_filter)
        hint = _("{kind}: {count} of {total}. K shows one kind at a time.").format(
            kind=showing, count=len(shown), total=len(self.items or [])
        )
        self.query_one("#chronology-hint", Static).update(Text(hint))

    def action_next_kind(self) -> None:
        position = FILTERS.index(self.kind_filter)
        self.kind_filter = FILTERS[(position + 1) % len(FILTERS)]
        if self.items is not None:
            self._show()

    def action_back(self) -> None:
        self.dismiss()
