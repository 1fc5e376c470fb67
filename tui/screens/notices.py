"""Today's call list: the same-day notice of absence without a valid reason (skollagen 7
kap. 17 §), and the guardians to call about open missing cases.

One row per pupil absent without a valid reason whose guardians are not told yet, with the
class, the guardians' numbers and the tries so far; T logs "told", N "not reached", S "not
told: special reasons". Then the open missing cases, one row per number of each adult linked
to the pupil, with the day's calls to it; R (reached), A (no answer) and M (message left) log
a call on the row in one key (storage.call_list). Below, apart, the pupils whose guardians
must not be contacted, and why: they are never on either list. Any date; today by default,
[ and ] go a school day back and forth (weekends and public holidays skipped); calls are
logged on today's list only (they are logged with the time now).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from storage.codes import ContactOutcome, NoticeOutcome, Relation
from storage.records import CaseCalls, NoticeDue, NoticesDue
from storage.school_calendar import SchoolCalendar
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.bindings import N_
from tui.calendar_words import weekday_name
from tui.dialogs.guardian_form import relation_label
from tui.i18n import _, ngettext
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.widgets.case_call_table import CaseCallTable
from tui.widgets.footer import SaknadFooter

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
        "for special reasons (write the reason). Enter opens the pupil card. Tab moves to "
        "the open missing cases: one row per number of each guardian, with today's calls; "
        "R logs a call that reached them, A no answer, M a message left (in the case's "
        "contact log, with the time now); Enter opens the case. [ and ] go to the previous "
        "and next school day, Ctrl+T back to today; calls are logged on today's list. The "
        "pupils below the lists must not have their guardians contacted; the reason is shown."
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
        Binding(
            "r",
            "call_reached",
            N_("Reached"),
            id="call-reached",
            tooltip=N_("Call logged: reached"),
        ),
        Binding(
            "a",
            "call_no_answer",
            N_("No answer"),
            id="call-no-answer",
            tooltip=N_("Call logged: no answer"),
        ),
        Binding(
            "m",
            "call_message_left",
            N_("Message left"),
            id="call-message-left",
            tooltip=N_("Call logged: a message left"),
        ),
        Binding("[", "previous_day", N_("Previous day"), id="previous-day"),
        Binding("]", "next_day", N_("Next day"), id="next-day"),
        Binding("ctrl+t", "today", N_("Today"), id="notices-today", show=False),
        Binding("T", "told", show=False, id="notice-told-shift"),
        Binding("N", "not_reached", show=False, id="notice-not-reached-shift"),
        Binding("S", "special_reasons", show=False, id="notice-special-reasons-shift"),
        Binding("R", "call_reached", show=False, id="call-reached-shift"),
        Binding("A", "call_no_answer", show=False, id="call-no-answer-shift"),
        Binding("M", "call_message_left", show=False, id="call-message-left-shift"),
    ]

    # Which table each key works on: the notices or the calls about cases.
    _NOTICE_ACTIONS = frozenset({"told", "not_reached", "special_reasons"})
    _CALL_ACTIONS = frozenset({"call_reached", "call_no_answer", "call_message_left"})

    class Loaded(ReadResult):
        """The day's call list was read: the notices and the calls about open cases."""

        def __init__(self, listed: NoticesDue, calls: CaseCalls) -> None:
            super().__init__()
            self.listed = listed
            self.calls = calls

    def __init__(self, day: date | None = None):
        super().__init__()
        self.day = day
        self.listed: NoticesDue | None = None
        self.calls: CaseCalls | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(classes="page", id="notices-body"):
            yield Static("", id="notices-title", classes="title")
            yield Static(_("Reading the journal..."), id="notices-count")
            yield NoticeTable(id="notices-due")
            yield Static(_("Open missing cases"), classes="subtitle", id="case-calls-title")
            yield Static("", id="case-calls-count")
            yield CaseCallTable(id="case-calls")
            yield Static(_("Not to be called"), classes="subtitle", id="not-to-call-title")
            yield NoticeTable(id="not-to-call")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.day = self.day or self.saknad.today
        due = self.query_one("#notices-due", DataTable)
        for label in (_("Pupil"), _("Class"), _("Absent"), _("Guardians"), _("Tries")):
            due.add_column(label)
        self.query_one("#case-calls", CaseCallTable).add_titles()
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
        self.post_message(self.Loaded(self.journal.notices_due(day), self.journal.case_calls(day)))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        listed = loaded.listed
        if listed.day != self.shown_day:
            return  # an older read, for a day no longer shown
        self.listed, self.calls = listed, loaded.calls
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
        self._show_calls(loaded.calls)
        apart = self.query_one("#not-to-call", DataTable)
        apart.clear()
        shown: set[int] = set()
        apart_rows = [
            (o.pupil_id, o.first_name, o.last_name, o.class_name, o.reason)
            for o in listed.not_to_call
        ] + [
            (
                o.pupil_id,
                o.first_name,
                o.last_name,
                o.class_name,
                o.reason or (_("Honour-related case") if o.honour_related else ""),
            )
            for o in loaded.calls.not_to_call
        ]
        for pupil_id, first, last, class_name, reason in apart_rows:
            if pupil_id in shown:
                continue  # absent today and with an open case: one row says why
            shown.add(pupil_id)
            apart.add_row(
                Text(f"{last}, {first}"),
                Text(class_name or ""),
                Text(reason),
                key=str(pupil_id),
            )
        apart.display = bool(shown)
        self.query_one("#not-to-call-title", Static).display = bool(shown)
        if isinstance(self.focused, DataTable) and not self.focused.display:
            # The list that had the focus is empty now: the other one takes it.
            for table_id in ("#notices-due", "#case-calls"):
                table = self.query_one(table_id, DataTable)
                if table.display:
                    table.focus()
                    break

    def _show_calls(self, calls: CaseCalls) -> None:
        table = self.query_one("#case-calls", CaseCallTable)
        table.show(calls.calls)
        self.query_one("#case-calls-count", Static).update(
            ngettext(
                "{n} open missing case: call the guardians and log each call.",
                "{n} open missing cases: call the guardians and log each call.",
                len(calls.calls),
            ).format(n=len(calls.calls))
        )
        for widget_id in ("#case-calls-title", "#case-calls-count", "#case-calls"):
            self.query_one(widget_id).display = bool(calls.calls)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The notice keys work on the notices, the call keys on the calls: shown only with
        # their list in focus. A call is logged with the time now, so on today's list only.
        calls_focused = isinstance(self.focused, CaseCallTable)
        if action in self._NOTICE_ACTIONS:
            return not calls_focused
        if action in self._CALL_ACTIONS:
            if not calls_focused:
                return False
            return True if self.shown_day == self.saknad.today else None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def _log_call(self, outcome: str) -> None:
        row = self.query_one("#case-calls", CaseCallTable).current()
        if row is None or self.shown_day != self.saknad.today:
            return
        if not row.number:
            self.notify(_("No number to call for this guardian."), severity="warning")
            return
        self._write_call(row.call.case_id, row.guardian.id, row.number, outcome, self._call_time())

    def _call_time(self) -> datetime | None:
        """When a call is logged: now (None), unless the app works on a day that is not the
        calendar's today (a fixed day in tests and screenshots, or an app left open past
        midnight): then the time now on the app's day, so the call is on the list it was
        logged from."""
        today = self.saknad.today
        if today == date.today():
            return None
        clock = datetime.now(SCHOOL_TIME_ZONE).time().replace(microsecond=0)
        return datetime.combine(today, clock, SCHOOL_TIME_ZONE)

    @work(thread=True, exclusive=True, group="notice-call", exit_on_error=False)
    def _write_call(
        self, case_id: int, guardian_id: int, number: str, outcome: str, at: datetime | None
    ) -> None:
        self.journal.log_case_call(case_id, guardian_id, number, outcome, at=at)
        day = self.shown_day
        self.post_message(self.Loaded(self.journal.notices_due(day), self.journal.case_calls(day)))

    def action_call_reached(self) -> None:
        self._log_call(ContactOutcome.REACHED)

    def action_call_no_answer(self) -> None:
        self._log_call(ContactOutcome.NO_ANSWER)

    def action_call_message_left(self) -> None:
        self._log_call(ContactOutcome.MESSAGE_LEFT)

    def action_told(self) -> None:
        self._log(NoticeOutcome.TOLD)

    def action_not_reached(self) -> None:
        self._log(NoticeOutcome.NOT_REACHED)

    def action_special_reasons(self) -> None:
        self._log(NoticeOutcome.SPECIAL_REASONS)

    @on(DataTable.RowSelected, "#notices-due, #not-to-call")
    def _open_pupil(self, event: DataTable.RowSelected) -> None:
        self.saknad.open_pupil(int(str(event.row_key.value)))

    @on(DataTable.RowSelected, "#case-calls")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        from tui.screens.case import CaseScreen

        row = self.query_one("#case-calls", CaseCallTable).current()
        if row is not None:
            self.app.push_screen(CaseScreen(row.call.case_id))

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
