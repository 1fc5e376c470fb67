"""The register: one class, one date (the whole day or one lesson), marked by keyboard.

Everybody is present unless marked, once the register is taken; until then a pupil without a
mark is "not marked". One key per mark, then the cursor moves to the next pupil; Space
selects several pupils and a mark key marks them all. Every mark is written through
storage.marks.write_marks (Journal.write_marks), so its history is kept.

Speed: a mark changes the pupil's row at once (RegisterGrid.show_pupil: that row only,
never a rebuild), and the journal is written behind it, once the frame is painted. All of
this screen's journal work (writes, taking the register, reading it) runs in ONE thread
worker at a time, in the order asked
(`_jobs`): marks typed quickly are written in order, batched into one transaction, and a
read never overtakes a write. A read that comes back while more work waits is dropped and
done again at the end, so the grid always ends up showing the journal's own state.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from typing import cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static

from storage.codes import DEFAULT_ABSENCE_CODES, MarkSource
from storage.day_rule import DAY_RULE_KEY, DayRule
from storage.marks import MarkWrite
from storage.records import ClassRegister, RegisterMark, RegisterPupil
from storage.register_status import SlotMark, SlotState, mark_status
from storage.school_calendar import SchoolCalendar
from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.register_words import closed_word, day_label
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter
from tui.widgets.register_grid import RegisterGrid

_CATEGORIES = {
    code: (category, counts) for code, category, counts, _order in DEFAULT_ABSENCE_CODES
}

MARK_KEYS = (
    ("o", N_("Invalid")),
    ("s", N_("Ill")),
    ("l", N_("Leave")),
    ("a", N_("Other valid")),
    ("f", N_("Reported")),
    ("m", N_("Late")),
    ("x", N_("Clear")),
)
"""The mark keys, as the legend line shows them (Swedish mnemonics: ogiltig, sjuk,
ledighet, annan giltig, förhandsanmäld, minuter sen)."""


class RegisterScreen(SaknadScreen):
    """The register of one class on one day, or one lesson of it."""

    HELP = N_(
        "The register of one class for one day. Everybody is present unless marked, once "
        "the register is taken; until then a pupil without a mark is Not marked. Mark the "
        "pupil under the cursor with one key, and the cursor moves to the next pupil: "
        "o invalid (absent, no reason given yet), s ill, l approved leave, a other valid "
        "reason, f reported in advance by a guardian, m or e late (asks the minutes), "
        "x or Delete clears the mark. Space selects several pupils; a mark key then marks "
        "all of them. n writes a note on the mark, h shows the mark's history (who changed "
        "what, and when). t records the register as taken. [ and ] go to the previous and "
        "next school day (breaks are skipped), . or Home to today, g to any date. w shows "
        "the week, u the classes whose register is not taken today, d the day rule, i imports "
        "absence from the school's own system. With "
        "lessons: 1-9 mark one lesson, 0 the whole day, + and - the next or previous lesson."
    )

    # Taking, moving and looking first: the footer shows what fits; the mark keys are on
    # the legend line above the grid (and all of them in F1).
    BINDINGS = [
        Binding("t", "take", N_("Taken"), id="take-register"),
        Binding("left_square_bracket", "previous_day", N_("Previous day"), id="previous-day"),
        Binding("right_square_bracket", "next_day", N_("Next day"), id="next-day"),
        Binding("full_stop", "today", N_("Today"), id="today"),
        Binding("g", "go_to_date", N_("Date"), id="go-to-date"),
        Binding("w", "week", N_("Week"), id="week-view"),
        Binding("u", "not_taken", N_("Not taken"), id="not-taken"),
        Binding("n", "note", N_("Note"), id="mark-note"),
        Binding("h", "history", N_("History"), id="mark-history"),
        Binding("d", "day_rule", N_("Day rule"), id="day-rule"),
        Binding(
            "i",
            "app.import_absence",
            N_("Import absence"),
            id="import-absence",
            tooltip=N_("Bring in absence from the school's system (Skola24, SchoolSoft, Vklass)"),
            show=False,
        ),
        Binding("o", "mark('invalid')", N_("Invalid"), id="mark-invalid"),
        Binding("s", "mark('ill')", N_("Ill"), id="mark-ill"),
        Binding("l", "mark('leave')", N_("Leave"), id="mark-leave"),
        Binding("a", "mark('valid_other')", N_("Other valid"), id="mark-valid-other"),
        Binding("f", "mark('reported')", N_("Reported"), id="mark-reported"),
        Binding("m,e", "late", N_("Late"), id="mark-late"),
        Binding("x,delete", "clear", N_("Clear"), id="mark-clear"),
        Binding("space", "select", N_("Select"), id="select-pupil"),
        Binding("0", "lesson(0)", N_("Whole day"), id="whole-day", show=False),
        Binding("plus", "lesson_step(1)", N_("Next lesson"), id="next-lesson", show=False),
        Binding(
            "minus", "lesson_step(-1)", N_("Previous lesson"), id="previous-lesson", show=False
        ),
        *[Binding(str(n), f"lesson({n})", show=False, id=f"lesson-{n}") for n in range(1, 10)],
        Binding("escape", "back", N_("Back"), id="back"),
    ]

    DEFAULT_CSS = """
    RegisterScreen { align: left top; }
    RegisterScreen #register-grid { height: 1fr; max-height: 100%; }
    RegisterScreen #register-title { margin: 0; }
    RegisterScreen #register-state { height: 1; }
    RegisterScreen #register-keys { color: $text-muted; height: auto; }
    """

    class Loaded(Message):
        """The register (and the school's calendar) were read."""

        def __init__(self, register: ClassRegister, calendar: SchoolCalendar) -> None:
            super().__init__()
            self.register = register
            self.calendar = calendar

    class JobFailed(Message):
        """A write or read failed (the app says why); the grid must show the journal again."""

    def __init__(
        self,
        group_id: int,
        class_name: str,
        day: date,
        lesson: int | None = None,
        *,
        pupil_id: int | None = None,
    ):
        super().__init__()
        self._cursor_to = pupil_id
        """The pupil to put the cursor on when the register is shown (from the week view)."""
        self._grid: RegisterGrid | None = None
        self.group_id = group_id
        self.class_name = class_name
        self.day = day
        self.lesson = lesson
        self.register: ClassRegister | None = None
        self.pupils: dict[int, RegisterPupil] = {}
        self.selected: set[int] = set()
        self._calendars: dict[int, SchoolCalendar] = {}
        # The one queue of journal work (see the module's docstring).
        self._lock = threading.Lock()
        self._jobs: list[tuple[str, object]] = []
        self._reload = False
        self._busy = False

    # -- the screen --------------------------------------------------------------------------

    @property
    def grid(self) -> RegisterGrid:
        """The grid (kept: a DOM query on every key costs more than the mark itself)."""
        grid = self._grid
        if grid is None or grid.parent is None:
            grid = self._grid = self.query_one(RegisterGrid)
        return grid

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(Content(self._title()), id="register-title", classes="title")
            yield Static(_("Reading the register..."), id="register-state")
            yield Static(self._legend(), id="register-keys")
            yield RegisterGrid(id="register-grid")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.grid.focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, and on coming back from the week view,
        # an absence import or a dialog: read the register again (after queued writes).
        self._ask_reload()

    def refresh_language(self) -> None:
        # Recomposing makes a new grid: show the register again once it is there.
        self.call_later(self._recompose_and_show)

    async def _recompose_and_show(self) -> None:
        await self.recompose()
        if self.register is not None:
            self._show_register(self.register)
        self.grid.focus()

    def _title(self) -> str:
        when = day_label(self.day)
        register = self.register
        if self.lesson is None:
            part = _("whole day")
        elif register is not None:
            part = _("lesson {n} of {total}").format(
                n=self.lesson, total=register.lessons_that_day
            )
        else:
            part = _("lesson {n}").format(n=self.lesson)
        return _("Register: class {name}, {day}, {part}").format(
            name=self.class_name, day=when, part=part
        )

    def _legend(self) -> Text:
        text = Text()
        for key, word in MARK_KEYS:
            text.append(key, style="bold")
            text.append(f" {_(word)}  ")
        text.rstrip()
        return text

    # -- the one queue of journal work -----------------------------------------------------

    @property
    def is_idle(self) -> bool:
        """Nothing waits to be written or read (tests and benchmarks wait for this)."""
        with self._lock:
            return not self._busy and not self._jobs and not self._reload

    def _queue(self, kind: str, payload: object, *, reload: bool = False) -> None:
        with self._lock:
            if kind == "write" and self._jobs and self._jobs[-1][0] == "write":
                previous = self._jobs[-1][1]
                assert isinstance(previous, list) and isinstance(payload, list)
                previous.extend(payload)  # marks typed quickly: one transaction
            else:
                self._jobs.append((kind, payload))
            self._reload = self._reload or reload
        # After the frame that shows the mark: the write's Python half would otherwise take
        # the GIL from the paint (measured: a third of a key's time).
        self.call_after_refresh(self._kick)

    def _ask_reload(self) -> None:
        with self._lock:
            self._reload = True
        self._kick()

    def _kick(self) -> None:
        with self._lock:
            if self._busy:
                return
            self._busy = True
        self.run_worker(self._work, thread=True, group="register-io", exit_on_error=False)

    def _work(self) -> None:
        journal = self.journal
        try:
            while True:
                with self._lock:
                    if self._jobs:
                        kind, payload = self._jobs.pop(0)
                    elif self._reload:
                        self._reload = False
                        kind, payload = "read", (self.group_id, self.day, self.lesson)
                    else:
                        self._busy = False
                        return
                if kind == "write":
                    journal.write_marks(cast(list[MarkWrite], payload))
                    continue
                slot = cast(tuple[int, date, "int | None"], payload)
                if kind == "take":
                    journal.take_register(*slot)
                else:
                    register = journal.class_register(*slot)
                    calendar = self._calendars.get(register.school_id)
                    if calendar is None:
                        calendar = journal.school_calendar(register.school_id)
                        self._calendars[register.school_id] = calendar
                    self.post_message(self.Loaded(register, calendar))
        except BaseException:
            with self._lock:
                self._jobs.clear()
                self._reload = False
                self._busy = False
            self.post_message(self.JobFailed())
            raise

    @on(Loaded)
    def _loaded(self, loaded: Loaded) -> None:
        register = loaded.register
        target = (self.group_id, self.day, self.lesson)
        if (register.group_id, register.on_date, register.lesson) != target:
            return  # the screen moved on; its own read is queued
        with self._lock:
            waiting = bool(self._jobs) or self._reload
            if waiting:
                self._reload = True
        if waiting:
            self._kick()  # more work came in: read again after it
            return
        self._show_register(register)

    @on(JobFailed)
    def _failed(self) -> None:
        self._ask_reload()

    def _show_register(self, register: ClassRegister) -> None:
        self.register = register
        self.class_name = register.class_name
        self.pupils = {p.pupil_id: p for p in register.pupils}
        self.selected &= set(self.pupils)
        grid = self.grid
        grid.show(register, self.selected)
        if self._cursor_to in grid.pupil_ids:
            grid.move_cursor(row=grid.pupil_ids.index(self._cursor_to))
        self._cursor_to = None
        self._show_state(title=True)
        self.refresh_bindings()

    def _show_state(self, *, title: bool = False) -> None:
        if title:
            self.query_one("#register-title", Static).update(Content(self._title()))
        # One line, always: no layout pass on every mark (it would redraw the whole screen).
        self.query_one("#register-state", Static).update(self._state_text(), layout=False)

    def _state_text(self) -> Text:
        register = self.register
        if register is None:
            return Text(_("Reading the register..."))
        if register.closed is not None:
            text = Text(_("Not a school day: "), style="bold")
            text.append(closed_word(register.closed, register.closed_name))
            return text
        counts: dict[SlotState, int] = {}
        for pupil in self.pupils.values():
            counts[pupil.status.state] = counts.get(pupil.status.state, 0) + 1
        absent = sum(
            counts.get(s, 0) for s in (SlotState.INVALID, SlotState.VALID, SlotState.REPORTED)
        )
        text = Text()
        if register.taken:
            text.append(_("Taken"), style="bold")
            if register.taken_at is not None:
                text.append(" " + f"{register.taken_at.astimezone():%H:%M}")
            if register.taken_by:
                text.append(" " + _("by {name}").format(name=register.taken_by))
        else:
            text.append(_("Not taken"), style="bold reverse")
        text.append("  ·  ")
        parts = [
            ngettext("{n} absent", "{n} absent", absent).format(n=absent),
            ngettext("{n} late", "{n} late", counts.get(SlotState.LATE, 0)).format(
                n=counts.get(SlotState.LATE, 0)
            ),
        ]
        if counts.get(SlotState.NOT_MARKED):
            n = counts[SlotState.NOT_MARKED]
            parts.append(ngettext("{n} not marked", "{n} not marked", n).format(n=n))
        if self.selected:
            n = len(self.selected)
            parts.append(ngettext("{n} selected", "{n} selected", n).format(n=n))
        text.append(", ".join(parts))
        return text

    # -- which keys apply ------------------------------------------------------------------

    def _is_current(self) -> bool:
        register = self.register
        return register is not None and (
            register.group_id,
            register.on_date,
            register.lesson,
        ) == (self.group_id, self.day, self.lesson)

    def _can_mark(self) -> bool:
        return self._is_current() and self.register is not None and self.register.is_school_day

    def _lessons_enabled(self) -> bool:
        register = self.register
        return register is not None and (
            register.has_lesson_plan or register.marks_by_lesson or self.lesson is not None
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "late", "clear", "select", "take", "note"):
            return True if self._can_mark() and self.pupils else None
        if action == "history":
            return True if self._is_current() and self.pupils else None
        if action in ("lesson", "lesson_step"):
            return True if self._lessons_enabled() and self._can_mark() else None
        return True

    # -- marking -----------------------------------------------------------------------------

    def _targets(self) -> list[int]:
        if self.selected:
            return [p for p in self.grid.pupil_ids if p in self.selected]
        cursor = self.grid.cursor_pupil
        return [] if cursor is None else [cursor]

    def _own_mark(self, pupil: RegisterPupil) -> RegisterMark | None:
        """The mark of the slot shown (not the whole day's, shown in a lesson's register)."""
        mark = pupil.mark
        if mark is None or mark.lesson != self.lesson:
            return None
        return mark

    def _set(
        self,
        code: str | None,
        *,
        minutes: int | None = None,
        source: str = MarkSource.REGISTER,
        note: str | None = None,
        pupil_ids: list[int] | None = None,
    ) -> None:
        """Set (or clear) the slot of the target pupils: row by row at once, the journal
        behind (one job)."""
        if not self._can_mark():
            return
        register = self.register
        assert register is not None
        targets = self._targets() if pupil_ids is None else pupil_ids
        grid = self.grid
        writes = []
        for pupil_id in targets:
            pupil = self.pupils[pupil_id]
            own = self._own_mark(pupil)
            if code is None and own is None:
                continue
            kept_note = own.note if own is not None else ""
            new_note = kept_note if note is None else note
            late_minutes = minutes if code == "late" else None
            writes.append(
                MarkWrite(pupil_id, self.day, code, self.lesson, late_minutes, new_note, source)
            )
            mark = (
                None
                if code is None
                else RegisterMark(code, late_minutes, source, new_note, self.lesson)
            )
            updated = _with_mark(pupil, mark, taken=register.taken)
            self.pupils[pupil_id] = updated
            grid.show_pupil(updated, selected=False)
        was_selection = bool(self.selected)
        for pupil_id in self.selected:
            if pupil_id not in targets:
                grid.show_selected(pupil_id, False)
        self.selected.clear()
        if not was_selection and pupil_ids is None:
            grid.action_cursor_down()
        # The counts line in the frame right after: the row the counsellor looks at is
        # painted first (tests/bench/bench_register.py times a key to its first frame).
        self.call_after_refresh(self._show_state)
        if writes:
            # A day read lesson by lesson, or a lesson under a whole day's mark: the rule
            # decides what the cell says, so the journal's own answer is read after.
            subtle = self.lesson is not None or register.marks_by_lesson
            self._queue("write", writes, reload=subtle)

    def action_mark(self, code: str) -> None:
        source = MarkSource.GUARDIAN_NOTICE if code == "reported" else MarkSource.REGISTER
        self._set(code, source=source)

    def action_clear(self) -> None:
        self._set(None)

    def action_late(self) -> None:
        if not self._can_mark():
            return
        from tui.dialogs.register_dialogs import MinutesDialog

        targets = self._targets()
        if not targets:
            return
        one = not self.selected
        own = self._own_mark(self.pupils[targets[0]])
        start = own.minutes if own is not None and own.code == "late" else None

        def answered(minutes: int | None) -> None:
            if minutes is not None:
                self._set("late", minutes=minutes, pupil_ids=targets)
                if one:
                    self.grid.action_cursor_down()
            self._clear_selection()

        self.app.push_screen(MinutesDialog(start), answered)

    def _clear_selection(self) -> None:
        grid = self.grid
        for pupil_id in self.selected:
            grid.show_selected(pupil_id, False)
        self.selected.clear()
        self._show_state()

    def _pupil_to_mark(self) -> int | None:
        """The pupil under the cursor, when this register can be marked; else None."""
        return self.grid.cursor_pupil if self._can_mark() else None

    def action_select(self) -> None:
        pupil_id = self._pupil_to_mark()
        if pupil_id is None:
            return
        grid = self.grid
        if pupil_id in self.selected:
            self.selected.discard(pupil_id)
        else:
            self.selected.add(pupil_id)
        grid.show_selected(pupil_id, pupil_id in self.selected)
        grid.action_cursor_down()
        self._show_state()

    def action_note(self) -> None:
        pupil_id = self._pupil_to_mark()
        if pupil_id is None:
            return
        own = self._own_mark(self.pupils[pupil_id])
        if own is None:
            self.notify(_("Mark the pupil first: a note belongs to a mark."), markup=False)
            return
        from tui.dialogs.register_dialogs import MarkNoteDialog

        def answered(note: str | None) -> None:
            if note is not None:
                self._set(
                    own.code,
                    minutes=own.minutes,
                    source=own.source,
                    note=note,
                    pupil_ids=[pupil_id],
                )

        self.app.push_screen(MarkNoteDialog(own.note), answered)

    def action_history(self) -> None:
        pupil_id = self.grid.cursor_pupil
        if pupil_id is None:
            return
        from tui.dialogs.register_dialogs import MarkHistoryDialog

        pupil = self.pupils[pupil_id]
        name = f"{pupil.first_name} {pupil.last_name}"
        self.app.push_screen(MarkHistoryDialog(pupil_id, name, self.day))

    def action_take(self) -> None:
        if not self._can_mark():
            return
        self._queue("take", (self.group_id, self.day, self.lesson), reload=True)

    # -- moving in time, between lessons and classes ---------------------------------------

    def go_to(
        self,
        day: date,
        *,
        lesson: int | None = None,
        group: tuple[int, str] | None = None,
        pupil_id: int | None = None,
    ) -> None:
        """Show another day (the whole day, or `lesson`), or another class; with `pupil_id`,
        the cursor goes to that pupil."""
        self._cursor_to = pupil_id
        if group is not None:
            self.group_id, self.class_name = group
        self.day, self.lesson = day, lesson
        self.selected.clear()
        self._show_state(title=True)
        self._ask_reload()

    def _calendar(self) -> SchoolCalendar | None:
        register = self.register
        return None if register is None else self._calendars.get(register.school_id)

    def action_previous_day(self) -> None:
        calendar = self._calendar()
        day = calendar.previous_school_day(self.day) if calendar else None
        if day is not None:
            self.go_to(day)

    def action_next_day(self) -> None:
        calendar = self._calendar()
        day = calendar.next_school_day(self.day) if calendar else None
        if day is not None:
            self.go_to(day)

    def action_today(self) -> None:
        self.go_to(self.saknad.today)

    def action_go_to_date(self) -> None:
        from tui.dialogs.register_dialogs import GoToDateDialog

        def answered(day: date | None) -> None:
            if day is not None:
                self.go_to(day)

        self.app.push_screen(GoToDateDialog(self.day), answered)

    def action_lesson(self, lesson: int) -> None:
        register = self.register
        if register is None or lesson > register.lessons_that_day:
            return
        self.go_to(self.day, lesson=lesson or None)

    def action_lesson_step(self, step: int) -> None:
        register = self.register
        if register is None:
            return
        lesson = (self.lesson or 0) + step
        if 0 <= lesson <= register.lessons_that_day:
            self.go_to(self.day, lesson=lesson or None)

    def action_week(self) -> None:
        from tui.screens.register_week import RegisterWeekScreen

        self.app.push_screen(RegisterWeekScreen(self.group_id, self.class_name, self.day))

    def action_not_taken(self) -> None:
        from tui.dialogs.register_dialogs import ClassChoiceDialog

        today = self.saknad.today

        def chosen(choice: tuple[int, str] | None) -> None:
            if choice is not None:
                self.go_to(today, group=choice)

        self.app.push_screen(ClassChoiceDialog(today, only_not_taken=True), chosen)

    def action_day_rule(self) -> None:
        from tui.dialogs.register_dialogs import DayRuleDialog

        rule = self.journal.rule_setting(DAY_RULE_KEY, DayRule())

        def saved(rule: DayRule | None) -> None:
            if rule is not None:
                self._ask_reload()

        self.app.push_screen(DayRuleDialog(rule), saved)

    def action_back(self) -> None:
        if self.selected:
            self._clear_selection()
            return
        self.dismiss()


def _with_mark(pupil: RegisterPupil, mark: RegisterMark | None, *, taken: bool) -> RegisterPupil:
    """The pupil's line as it reads with `mark` in the slot shown."""
    slot = None
    if mark is not None:
        category, counts = _CATEGORIES.get(mark.code, ("unknown", False))
        slot = SlotMark(mark.code, category, counts, mark.minutes)
    return replace(pupil, mark=mark, status=mark_status(slot, taken=taken))
