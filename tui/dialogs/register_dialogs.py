"""The register screen's dialogs: minutes late, a note on a mark, a date to go to, the day
rule, a mark's history, and choosing a class (those not taken today first)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from storage.day_rule import DAY_RULE_KEY, DayRule
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem, parse_date
from tui.i18n import _, pgettext
from tui.register_words import CODE_WORDS
from tui.screens.base import SaknadDialog
from tui.widgets.footer import SaknadFooter
from tui.widgets.wrapped_column import fitted, widest

MAX_MINUTES_LATE = 24 * 60


class MinutesDialog(FormDialog):
    """How many minutes late; dismisses the minutes (int), or None."""

    TITLE_TEXT = N_("Late: how many minutes?")
    HELP = N_("Type the minutes late (a whole number). Enter saves; Escape cancels.")

    def __init__(self, minutes: int | None = None):
        super().__init__()
        self._minutes = minutes

    def fields(self) -> list[Field]:
        value = "" if self._minutes is None else str(self._minutes)
        return [Field("minutes", N_("Minutes"), value=value, placeholder=N_("e.g. 10"))]

    def save(self, values: dict[str, Any]) -> Any:
        text = values["minutes"]
        if not text.isdigit() or not 0 < int(text) <= MAX_MINUTES_LATE:
            raise FormProblem(_("Write the minutes as a whole number from 1 to 1440."))
        return int(text)


class MarkNoteDialog(FormDialog):
    """A note on one mark (not a diagnosis: the category says enough); dismisses the text."""

    TITLE_TEXT = N_("Note on the mark")
    HELP = N_(
        "A short note on this mark, e.g. who called in. Write no diagnosis: the category "
        "(ill, leave, other) is enough, and longer notes belong in the pupil's journal. "
        "Enter saves; an empty note removes it; Escape cancels."
    )

    def __init__(self, note: str):
        super().__init__()
        self._note = note

    def fields(self) -> list[Field]:
        return [Field("note", N_("Note"), value=self._note, placeholder=N_("e.g. mother called"))]

    def save(self, values: dict[str, Any]) -> Any:
        return values["note"]


class GoToDateDialog(FormDialog):
    """A date to open the register on; dismisses a date, or None."""

    TITLE_TEXT = N_("Go to a date")
    SAVE_LABEL = N_("Open the day")  # nothing is stored: the register of that day opens
    BINDINGS = [Binding("ctrl+s", "save", N_("Open the day"), id="save-form")]
    HELP = N_("Type a date as YYYY-MM-DD. Enter opens the register of that day.")

    def __init__(self, start: date):
        super().__init__()
        self._start = start

    def fields(self) -> list[Field]:
        return [
            Field("day", N_("Date"), value=self._start.isoformat(), placeholder=N_("YYYY-MM-DD"))
        ]

    def save(self, values: dict[str, Any]) -> Any:
        return parse_date(values["day"])


class DayRuleDialog(FormDialog):
    """The day rule: the share of a day's lessons that, marked absent, make an absent day.

    Stored in the journal (the principal's rule, not this computer's); dismisses the saved
    DayRule, or None.
    """

    TITLE_TEXT = N_("Day rule")
    HELP = N_(
        "When lesson marks make a whole absent day: a pupil absent from at least this share "
        "of the day's lessons, in percent, is absent that day (the boundary counts: 50 percent "
        "of 6 lessons is 3 lessons). 100 (the default) means absent from every lesson. Enter "
        "saves the rule in the journal; Escape cancels."
    )

    def __init__(self, rule: DayRule):
        super().__init__()
        self._rule = rule

    def fields(self) -> list[Field]:
        percent = round(self._rule.min_lesson_share * 100)
        return [Field("percent", N_("Share of lessons, percent"), value=str(percent))]

    def save(self, values: dict[str, Any]) -> Any:
        text = values["percent"].rstrip("%").strip()
        if not text.isdigit() or not 1 <= int(text) <= 100:
            raise FormProblem(_("Write the share as a whole number from 1 to 100."))
        rule = DayRule(min_lesson_share=int(text) / 100)
        self.journal.save_rule_setting(DAY_RULE_KEY, rule)
        return rule


NOTE_MINIMUM = 10
"""The history's note column at least: at 80 columns what the others leave is about this."""


class MarkHistoryDialog(SaknadDialog[None]):
    """Every change to a pupil's marks on one day: when, who, lesson, from, to, note."""

    HELP = N_(
        "Every change to this pupil's marks on this day, oldest first: when, by whom, the "
        "lesson (or the whole day), what the slot held before and after, and the note. "
        "Nothing in the register is changed without a line here. Escape closes."
    )
    BINDINGS = [Binding("escape,h,q", "close", N_("Close"), id="close-history")]

    DEFAULT_CSS = """
    MarkHistoryDialog #history-box { width: 100; max-width: 100%; height: auto; max-height: 90%; }
    MarkHistoryDialog DataTable { height: auto; max-height: 20; }
    """

    class Loaded(Message):
        def __init__(self, rows: list) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, pupil_id: int, name: str, day: date):
        super().__init__()
        self._pupil_id, self._name, self._day = pupil_id, name, day

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box", classes="card"):
            title = _("Mark history: {name}, {day}").format(
                name=self._name, day=self._day.isoformat()
            )
            yield Label(title, classes="title", markup=False)
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield Static(_("Reading the history..."), id="history-hint", classes="hint")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="mark-history", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(self.journal.mark_history(self._pupil_id, self._day)))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        table = self.query_one("#history", DataTable)
        titles = (
            _("When"),
            _("Who"),
            _("Lesson"),
            pgettext("mark history", "From"),
            pgettext("mark history", "To"),
            _("Note"),
        )
        cells = [
            (
                Text(self._when(change.at)),
                Text(change.actor),
                Text(_("Whole day") if change.lesson is None else str(change.lesson)),
                Text(_code_word(change.old_code, change.old_minutes)),
                Text(_code_word(change.new_code, change.new_minutes)),
                Text(change.note),
            )
            for change in loaded.rows
        ]
        # At 80 columns the six do not fit side by side: the words wrap (the note in what is
        # left), so "To" and the note are in view, not past the dialog's edge.
        widths = [widest(title, [row[n] for row in cells]) for n, title in enumerate(titles)]
        caps = {
            n: max(cap, len(titles[n])) for n, cap in ((0, 10), (1, 10), (2, 7), (3, 9), (4, 9))
        }
        # The box's width is set by its style, the table's follows its columns: the room is
        # the box's, its scrollbar left out.
        room = self.query_one("#history-box").content_region.width - 2
        widths = fitted(room, widths, 5, caps, minimum=NOTE_MINIMUM)
        for title, width in zip(titles, widths, strict=True):
            table.add_column(title, width=width)
        for row in cells:
            table.add_row(*row, height=None)
        hint = "" if loaded.rows else _("No changes: this day was never marked.")
        self.query_one("#history-hint", Static).update(hint)
        table.focus()

    def _when(self, at: datetime) -> str:
        """The time of a change; with its date too when not made on the mark's day."""
        local = at.astimezone()
        return f"{local:%H:%M}" if local.date() == self._day else f"{local:%Y-%m-%d %H:%M}"

    def action_close(self) -> None:
        self.dismiss(None)


def _code_word(code: str | None, minutes: int | None) -> str:
    if code is None:
        return _("No mark")
    if code == "late" and minutes:
        return _("Late {minutes} min").format(minutes=minutes)
    word = CODE_WORDS.get(code)
    return _(word) if word else code


class ClassChoiceDialog(SaknadDialog[tuple[int, str] | None]):
    """Choose a class for the register of `day`: those not taken yet first, then the rest.

    Dismisses (class id, class name), or None.
    """

    HELP = N_(
        "The classes whose register for the day is not taken yet come first, then every "
        "other class. Up/Down or j/k move; Enter opens the register of the class; Escape "
        "closes."
    )
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="close-classes"),
        Binding("j", "move(1)", show=False, id="classes-down"),
        Binding("k", "move(-1)", show=False, id="classes-up"),
    ]

    DEFAULT_CSS = """
    ClassChoiceDialog #choice-box { width: 72; max-width: 100%; height: auto; max-height: 90%; }
    ClassChoiceDialog DataTable { height: auto; max-height: 18; }
    """

    class Loaded(Message):
        def __init__(self, not_taken: list, others: list) -> None:
            super().__init__()
            self.not_taken = not_taken
            self.others = others

    def __init__(self, day: date, *, only_not_taken: bool = False):
        super().__init__()
        self._day = day
        self._only_not_taken = only_not_taken
        self._choices: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="card"):
            title = (
                _("Registers not taken on {day}")
                if self._only_not_taken
                else _("Register on {day}: choose a class")
            ).format(day=self._day.isoformat())
            yield Label(title, classes="title", markup=False)
            yield DataTable(id="choices", cursor_type="row", zebra_stripes=True)
            yield Static(_("Reading the classes..."), id="choice-hint", classes="hint")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="class-choice", exit_on_error=False)
    def _load(self) -> None:
        journal = self.journal
        not_taken = journal.classes_not_taken(self._day)
        others = [] if self._only_not_taken else journal.classes()
        self.post_message(self.Loaded(not_taken, others))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        table = self.query_one("#choices", DataTable)
        table.add_columns(_("Class"), _("School"), _("Register"))
        waiting = {c.group_id for c in loaded.not_taken}
        for row in loaded.not_taken:
            self._choices.append((row.group_id, row.name))
            table.add_row(
                Text(row.name), Text(row.school_name), Text(_("Not taken"), style="bold")
            )
        for row in loaded.others:
            if row.id not in waiting:
                self._choices.append((row.id, row.name))
                table.add_row(Text(row.name), Text(row.school_name), Text(""))
        if self._choices:
            hint = _("{n} not taken.").format(n=len(loaded.not_taken))
        elif self._only_not_taken:
            hint = _("Every register of the day is taken.")
        else:
            hint = _("No classes yet.")
        self.query_one("#choice-hint", Static).update(hint)
        table.focus()

    @on(DataTable.RowSelected, "#choices")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self._choices[event.cursor_row])

    def action_move(self, step: int) -> None:
        table = self.query_one("#choices", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def action_close(self) -> None:
        self.dismiss(None)
