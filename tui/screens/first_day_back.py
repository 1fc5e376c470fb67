"""The first day back: the roll call of pupils not yet seen since a break that just ended.

Watch-listed pupils come first, marked with a symbol and a word (never only a colour), then
every pupil by class and name (storage.first_day_back states the rule). Over the list, each
break's reporting deadline with the school days left. F flags the highlighted pupil as
missing after asking (a watch-listed pupil's case is honour-related and gets the watch-list
history), K marks the pupil accounted for with how it is known (storage.whereabouts_known),
Enter opens the pupil card, T sets the reporting deadline. Letters are keys here, so the
list has no filter field.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from storage.first_day_back import FirstDayBackSettings
from storage.records import FirstDayBack, RollCallPupil
from tui.bindings import N_
from tui.first_day_back_text import deadline_text, history_text
from tui.i18n import _, ngettext
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter

WATCH_MARK = "◆"


class FirstDayBackScreen(SaknadScreen):
    """The roll call on the app's today."""

    HELP = N_(
        "Every pupil not yet seen since the break: not present on any school day since the "
        "break with the class register taken. Pupils on the watch list come first, marked. "
        "F flags the pupil as missing (a watch-listed pupil's case is honour-related and "
        "gets the watch-list history); K marks the pupil accounted for, with how it is "
        "known; Enter opens the pupil card. T sets the deadline for reporting to the "
        "municipality."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("f", "flag", N_("Flag missing"), id="roll-call-flag"),
        Binding("k", "accounted", N_("Accounted for"), id="roll-call-accounted"),
        Binding(
            "t",
            "settings",
            N_("Deadline"),
            id="roll-call-deadline",
            tooltip=N_("When pupils not back must be reported to the municipality"),
        ),
        Binding("F", "flag", show=False, id="roll-call-flag-shift"),
        Binding("K", "accounted", show=False, id="roll-call-accounted-shift"),
        Binding("T", "settings", show=False, id="roll-call-deadline-shift"),
    ]

    DEFAULT_CSS = """
    FirstDayBackScreen #deadlines { height: auto; color: $warning; }
    """

    class Loaded(ReadResult):
        """The roll call was read (storage.first_day_back)."""

        def __init__(self, roll_call: FirstDayBack) -> None:
            super().__init__()
            self.roll_call = roll_call

    def __init__(self) -> None:
        super().__init__()
        self.roll_call: FirstDayBack | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(_("First day back"), id="roll-call-title", classes="title")
            yield Static("", id="deadlines")
            # The hint over the table: a long roll call takes every line under it.
            yield Static(_("Reading the journal..."), id="roll-call-hint", classes="hint")
            yield DataTable(id="roll-call", cursor_type="row", zebra_stripes=True)
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#roll-call", DataTable).focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: a fresh read on coming back.
        self._load()

    def refresh_language(self) -> None:
        """Word the roll call again from the last read (no recompose: the cursor stays)."""
        if self.roll_call is not None:
            self._fill(self.roll_call)

    @work(thread=True, exclusive=True, group="first-day-back", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(self.journal.first_day_back(self.saknad.today)))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.roll_call = loaded.roll_call
        self._fill(loaded.roll_call)

    def _fill(self, found: FirstDayBack) -> None:
        title = _("First day back: pupils not yet seen ({date})").format(
            date=found.today.isoformat()
        )
        self.query_one("#roll-call-title", Static).update(Content(title))
        self.query_one("#deadlines", Static).update(
            Content("\n".join(deadline_text(b, found.today) for b in found.breaks))
        )
        table = self.query_one("#roll-call", DataTable)
        kept = table.cursor_row
        table.clear(columns=True)
        table.add_columns(_("Watch"), _("Class"), _("Name"), _("Status"))
        for pupil in found.pupils:
            table.add_row(*_cells(pupil), key=str(pupil.pupil_id))
        if found.pupils:
            table.move_cursor(row=min(kept, len(found.pupils) - 1))
        self.query_one("#roll-call-hint", Static).update(Content(_hint(found)))

    def _current(self) -> RollCallPupil | None:
        table = self.query_one("#roll-call", DataTable)
        if self.roll_call is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in self.roll_call.pupils if str(p.pupil_id) == key), None)

    @on(DataTable.RowSelected, "#roll-call")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.saknad.open_pupil(int(event.row_key.value))

    def action_back(self) -> None:
        self.dismiss()

    def action_flag(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        pupil = self._current()
        if pupil is None:
            return
        if pupil.missing_case_id is not None:
            self.notify(_("Already flagged as missing."))
            return
        name = f"{pupil.first_name} {pupil.last_name}"
        question = _("Flag {name} as missing, from {date} (the first school day)?").format(
            name=name, date=pupil.first_day.isoformat()
        )
        if pupil.watched:
            question += " " + _(
                "The pupil is on the watch list: the case is honour-related, the watch-list "
                "history goes into it, and the guardians must not be contacted."
            )

        def answered(answer: str | None) -> None:
            if answer == "flag":
                self._flag(pupil.pupil_id)

        self.app.push_screen(
            ConfirmDialog(
                _("Flag missing"),
                question,
                [("cancel", _("Cancel")), ("flag", _("Flag missing"))],
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="first-day-back-flag", exit_on_error=False)
    def _flag(self, pupil_id: int) -> None:
        self.journal.flag_from_roll_call(pupil_id, self.saknad.today, history_text)
        self.app.call_from_thread(self._flagged)

    def _flagged(self) -> None:
        self.notify(_("Flagged as missing."))
        self._load()

    @work(thread=True, exclusive=True, group="first-day-back-settings", exit_on_error=False)
    def action_settings(self) -> None:
        current = self.journal.first_day_back_settings()
        self.app.call_from_thread(self._open_settings, current)

    def _open_settings(self, current: FirstDayBackSettings) -> None:
        from tui.dialogs.first_day_back_settings import FirstDayBackSettingsDialog

        def saved(result: Any) -> None:
            if result is not None:
                self._load()

        self.app.push_screen(FirstDayBackSettingsDialog(current), saved)

    def action_accounted(self) -> None:
        from tui.dialogs.missing_flag import AccountedForDialog

        pupil = self._current()
        if pupil is None:
            return

        def kept(logged: Any) -> None:
            if logged:
                self.notify(_("Accounted for."))
                self._load()

        def ask_how() -> None:
            self.app.push_screen(
                AccountedForDialog(pupil.pupil_id, [pupil.first_day], self.saknad.today), kept
            )

        if not pupil.watched:
            ask_how()
            return
        # After a break, "they are home, ill" from the family is what a family hiding a trip
        # would say: for a pupil on the watch list the counsellor is asked to think twice.
        from tui.dialogs.confirm import ConfirmDialog

        question = _(
            "{name} is on the watch list. The family's word does not account for the pupil: "
            "go on only if someone other than the family has seen the pupil or knows where "
            "they are."
        ).format(name=f"{pupil.first_name} {pupil.last_name}")
        self.app.push_screen(
            ConfirmDialog(
                _("Accounted for"),
                question,
                [("cancel", _("Cancel")), ("go_on", _("Someone else knows"))],
            ),
            lambda answer: ask_how() if answer == "go_on" else None,
        )


def _cells(pupil: RollCallPupil) -> list[Text]:
    word = _("on watch list")
    watch = Text(f"{WATCH_MARK} {word}", style="bold") if pupil.watched else Text("")
    status = _("flagged as missing") if pupil.missing_case_id is not None else _("not seen")
    return [
        watch,
        Text(pupil.class_name),
        Text(f"{pupil.last_name}, {pupil.first_name}"),
        Text(status),
    ]


def _hint(found: FirstDayBack) -> str:
    if not found.breaks:
        return _("No break has just ended: the roll call is kept on the first days back.")
    if not found.pupils:
        words = _("Every pupil has been seen since the break.")
    else:
        words = ngettext(
            "{n} pupil not yet seen since the break.",
            "{n} pupils not yet seen since the break.",
            len(found.pupils),
        ).format(n=len(found.pupils))
    if found.accounted_for:
        words += " " + ngettext(
            "{n} more accounted for.", "{n} more accounted for.", found.accounted_for
        ).format(n=found.accounted_for)
    return words + " " + _("F flags, K accounted for, Enter the pupil card, T the deadline.")
