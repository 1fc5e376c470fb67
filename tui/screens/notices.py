"""Guardians to tell today: the same-day notice of absence without a valid reason
(skollagen 7 kap. 17 §).

One row per pupil absent without a valid reason whose guardians are not told yet, with the
class, the guardians' numbers and the tries so far; T logs "told", N "not reached", S "not
told: special reasons". Below, apart, the pupils whose guardians must not be contacted, and
why: they are never on the call list. Any date; today by default, [ and ] go a school day back
and forth (weekends and public holidays skipped).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from storage.codes import NoticeOutcome, Relation
from storage.records import NoticeDue, NoticesDue
from storage.school_calendar import SchoolCalendar
from tui.bindings import N_
from tui.calendar_words import weekday_name
from tui.dialogs.guardian_form import relation_label
from tui.i18n import _, ngettext
from tui.screens.base import SaknadScreen

# Weekdays that are not public holidays: [ and ] step over weekends and holidays. Each
# school's own breaks are not known here (the list holds pupils of every school).
_WEEKDAYS = SchoolCalendar([])


class NoticeTable(DataTable):
    """A row-cursor table with the vim keys."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="vim-down"),
        Binding("k", "cursor_up", show=False, id="vim-up"),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)


def day_label(day: date) -> str:
    """ "Monday 2026-11-30", in the active language."""
    return f"{weekday_name(day.weekday())} {day.isoformat()}"


def absence_text(due: NoticeDue) -> Text:
    """ "Whole day", or the lessons marked invalid: "Lessons 2, 3"."""
    if due.whole_day:
        return Text(_("Whole day"))
    lessons = ", ".join(str(n) for n in due.lessons)
    return Text(ngettext("Lesson {n}", "Lessons {n}", len(due.lessons)).format(n=lessons))


def guardians_text(due: NoticeDue) -> Text:
    """One line per adult: the numbers first (what is dialled; they stay in view at 80
    columns), then the name, and the relation unless a guardian (names are data, never
    markup)."""
    if not due.guardians:
        return Text(_("No guardian in the journal"), style="italic")
    lines = Text()
    for index, g in enumerate(due.guardians):
        if index:
            lines.append("\n")
        numbers = ", ".join(n for n in (g.phone, g.phone_other) if n) or _("no number")
        lines.append(numbers).append(f"  {g.name}")
        if g.relation != Relation.GUARDIAN:
            lines.append(f" ({relation_label(g.relation)})", style="italic")
    return lines


def attempts_text(due: NoticeDue) -> Text:
    """The tries that reached nobody: "not reached 08:10, 09:30"."""
    if not due.attempts:
        return Text("")
    times = ", ".join(f"{a.at.astimezone():%H:%M}" for a in due.attempts)
    return Text(_("not reached {times}").format(times=times))


class NoticesScreen(SaknadScreen):
    """The day's call list and the pupils not to be called."""

    HELP = N_(
        "Pupils absent without a valid reason whose guardians are not told yet: the school "
        "must see that they are told the same day (skollagen 7 kap. 17 §). Saknad sends "
        "nothing; it keeps the record. T: guardians told (choose the guardian and how; "
        "Enter logs it). N: tried, nobody reached (the pupil stays on the list). S: not told "
        "for special reasons (write the reason). Enter opens the pupil card. [ and ] go to the "
        "previous and next school day, Ctrl+T back to today. The pupils below the list must "
        "not have their guardians contacted; the reason is shown."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("t", "told", N_("Told"), id="notice-told", tooltip=N_("Guardians told")),
        Binding(
            "n",
            "not_reached",
            N_("Not reached"),
            id="notice-not-reached",
            tooltip=N_("Tried, nobody reached"),
        ),
        Binding(
            "s",
            "special_reasons",
            N_("Special reasons"),
            id="notice-special-reasons",
            tooltip=N_("Not told, for special reasons"),
        ),
        Binding("[", "previous_day", N_("Previous day"), id="previous-day"),
        Binding("]", "next_day", N_("Next day"), id="next-day"),
        Binding("ctrl+t", "today", N_("Today"), id="notices-today", show=False),
        Binding("T", "told", show=False, id="notice-told-shift"),
        Binding("N", "not_reached", show=False, id="notice-not-reached-shift"),
        Binding("S", "special_reasons", show=False, id="notice-special-reasons-shift"),
    ]

    class Loaded(Message):
        """The day's call list was read."""

        def __init__(self, listed: NoticesDue) -> None:
            super().__init__()
            self.listed = listed

    def __init__(self, day: date | None = None):
        super().__init__()
        self.day = day
        self.listed: NoticesDue | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(classes="page", id="notices-body"):
            yield Static("", id="notices-title", classes="title")
            yield Static(_("Reading the journal..."), id="notices-count")
            yield NoticeTable(id="notices-due")
            yield Static(_("Not to be called"), classes="subtitle", id="not-to-call-title")
            yield NoticeTable(id="not-to-call")
        yield Footer()

    def on_mount(self) -> None:
        self.day = self.day or self.saknad.today
        due = self.query_one("#notices-due", DataTable)
        for label in (_("Pupil"), _("Class"), _("Absent"), _("Guardians"), _("Tries")):
            due.add_column(label)
        apart = self.query_one("#not-to-call", DataTable)
        for label in (_("Pupil"), _("Class"), _("Why")):
            apart.add_column(label)
        due.focus()

    def on_screen_resume(self) -> None:
        self._load()

    @property
    def shown_day(self) -> date:
        return self.day or self.saknad.today

    def _load(self) -> None:
        self.query_one("#notices-title", Static).update(
            Text(_("Guardians to tell: {day}").format(day=day_label(self.shown_day)))
        )
        self._read(self.shown_day)

    @work(thread=True, exclusive=True, group="notices", exit_on_error=False)
    def _read(self, day: date) -> None:
        self.post_message(self.Loaded(self.journal.notices_due(day)))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        listed = loaded.listed
        if listed.day != self.shown_day:
            return  # an older read, for a day no longer shown
        self.listed = listed
        self.query_one("#notices-count", Static).update(
            ngettext(
                "{n} pupil whose guardians are not told yet.",
                "{n} pupils whose guardians are not told yet.",
                len(listed.due),
            ).format(n=len(listed.due))
            if listed.due
            else _("Nobody to tell: every unexplained absence of the day has its notice.")
        )
        due = self.query_one("#notices-due", DataTable)
        kept = due.cursor_row
        due.clear()
        for row in listed.due:
            due.add_row(
                Text(f"{row.last_name}, {row.first_name}"),
                Text(row.class_name or ""),
                absence_text(row),
                guardians_text(row),
                attempts_text(row),
                key=str(row.pupil_id),
                height=None,
            )
        due.display = bool(listed.due)
        if listed.due:
            due.move_cursor(row=min(kept, len(listed.due) - 1))
        apart = self.query_one("#not-to-call", DataTable)
        apart.clear()
        for other in listed.not_to_call:
            apart.add_row(
                Text(f"{other.last_name}, {other.first_name}"),
                Text(other.class_name or ""),
                Text(other.reason),
                key=str(other.pupil_id),
            )
        apart.display = bool(listed.not_to_call)
        self.query_one("#not-to-call-title", Static).display = bool(listed.not_to_call)

    # -- actions ---------------------------------------------------------------------------

    def _current(self) -> NoticeDue | None:
        due = self.query_one("#notices-due", DataTable)
        if self.listed is None or not self.listed.due:
            return None
        return self.listed.due[min(due.cursor_row, len(self.listed.due) - 1)]

    def _log(self, outcome: str) -> None:
        from tui.dialogs.notice_form import NoticeDialog

        row = self._current()
        if row is not None:
            self.app.push_screen(NoticeDialog(row, self.shown_day, outcome), self._logged)

    def _logged(self, result: Any) -> None:
        if result is not None:
            self._load()

    def action_told(self) -> None:
        self._log(NoticeOutcome.TOLD)

    def action_not_reached(self) -> None:
        self._log(NoticeOutcome.NOT_REACHED)

    def action_special_reasons(self) -> None:
        self._log(NoticeOutcome.SPECIAL_REASONS)

    @on(DataTable.RowSelected)
    def _open_pupil(self, event: DataTable.RowSelected) -> None:
        self.saknad.open_pupil(int(str(event.row_key.value)))

    def _go_to(self, day: date | None) -> None:
        if day is not None:
            self.day = day
            self._load()

    def action_previous_day(self) -> None:
        self._go_to(_WEEKDAYS.previous_school_day(self.shown_day))

    def action_next_day(self) -> None:
        self._go_to(_WEEKDAYS.next_school_day(self.shown_day))

    def action_today(self) -> None:
        self._go_to(self.saknad.today)

    def action_back(self) -> None:
        self.dismiss()
