"""One case: who and what, the missing clock, the checklist, the contact log and the history.

Everything shown is read in one worker (the case with its contact log, its steps, its events,
the checklist template for the steps' questions and, for a missing pupil, the whereabouts
clock); every change goes through a dialog and one facade method, and the screen reads again.
Names, notes and reasons from the journal are shown as plain text (rich Text), never markup.
Times are shown in the school's time zone, the one the whereabouts rules count days in, so
"last contact" and the clock agree on which day it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from storage.checklist import ChecklistTemplate
from storage.codes import CaseAction, CaseKind, CaseStatus
from storage.records import (
    CaseDetail,
    CaseEventRow,
    HonourModeChange,
    PupilWhereabouts,
    SiblingAttendance,
    StepRow,
)
from storage.whereabouts import SCHOOL_TIME_ZONE, Whereabouts
from tui.bindings import N_
from tui.case_words import (
    STATE_STYLE,
    StepState,
    action_label,
    close_outcome_label,
    contact_outcome_label,
    counterpart_label,
    kind_label,
    milestone_label,
    question_text,
    state_word,
    status_label,
    step_state,
    step_words,
)
from tui.dialogs.notice_form import channel_label
from tui.i18n import _, ngettext
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.widgets.contact_marker import marker_reason
from tui.widgets.footer import SaknadFooter

STATE_WIDTH = 14  # "Not applicable", the longest state word in English and Swedish
DUE_WIDTH = 10  # an ISO date


@dataclass(frozen=True)
class CaseView:
    """Everything the case screen shows, read in one go."""

    case: CaseDetail
    steps: list[StepRow]
    events: list[CaseEventRow]
    template: ChecklistTemplate
    whereabouts: PupilWhereabouts | None  # missing cases only
    siblings_here: list[SiblingAttendance] = field(default_factory=list)  # missing cases only


class CaseTable(DataTable):
    """A table of the case screen: a row cursor that moves with j/k too."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="case-vim-down"),
        Binding("k", "cursor_up", show=False, id="case-vim-up"),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)


class CaseScreen(SaknadScreen):
    """One case of one pupil, open or closed."""

    HELP = N_(
        "One case: the pupil, its kind and status, day 0, honour-related mode, and for a "
        "missing pupil the clock since last seen. The checklist lists the steps by due date "
        "with their state: D marks the step under the cursor done (with an optional note), "
        "N marks it not applicable (with the reason); a step about a sibling at another school "
        "asks whom you spoke with. L logs a contact attempt. W edits the whereabouts details "
        "(last school day, last contact, country, expected return, refused leave, source, how "
        "to reach them). C closes the case with its outcome, R reopens a closed one, H "
        "switches honour-related mode on or off (with the reason). A missing pupil's case "
        "gets a weekly review step until it is closed. A opens the report of concern about "
        "the pupil from this case. Every change is kept in the case's history."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="case-back"),
        Binding(
            "a",
            "report_of_concern",
            N_("Report"),
            id="case-report",
            tooltip=N_("The report of concern about the pupil, from this case"),
            show=False,
        ),
        Binding("A", "report_of_concern", show=False, id="case-report-shift"),
        Binding("d", "step_done", N_("Done"), id="case-step-done"),
        Binding(
            "n",
            "step_not_applicable",
            N_("Not applicable"),
            id="case-step-na",
            tooltip=N_("Mark the step under the cursor not applicable"),
        ),
        Binding("l", "log_contact", N_("Contact"), id="case-contact"),
        Binding(
            "w",
            "edit_details",
            N_("Whereabouts"),
            id="case-details",
            tooltip=N_("Edit what is known of where the pupil is"),
        ),
        Binding("c", "close_case", N_("Close case"), id="case-close"),
        Binding("r", "reopen_case", N_("Reopen"), id="case-reopen"),
        Binding("h", "honour_mode", N_("Honour mode"), id="case-honour"),
        Binding("D", "step_done", show=False, id="case-step-done-shift"),
        Binding("N", "step_not_applicable", show=False, id="case-step-na-shift"),
        Binding("L", "log_contact", show=False, id="case-contact-shift"),
        Binding("W", "edit_details", show=False, id="case-details-shift"),
        Binding("C", "close_case", show=False, id="case-close-shift"),
        Binding("R", "reopen_case", show=False, id="case-reopen-shift"),
        Binding("H", "honour_mode", show=False, id="case-honour-shift"),
    ]

    class Loaded(ReadResult):
        """The case was read from the journal."""

        def __init__(self, view: CaseView) -> None:
            super().__init__()
            self.view = view

    class SiblingMarked(Message):
        """A sibling got "guardians must not be contacted"."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, case_id: int):
        super().__init__()
        self.case_id = case_id
        self.view: CaseView | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(classes="page", id="case-body"):
            yield Static(_("Reading the journal..."), id="case-title", classes="title")
            yield Static("", id="case-header")
            yield Static("", id="case-clock")
            yield Static(_("Checklist"), classes="subtitle")
            yield CaseTable(id="case-steps")
            yield Static("", id="case-step-detail", classes="hint")
            yield Static("", id="case-siblings")
            yield Static(_("Contact log"), classes="subtitle")
            yield Static("", id="case-contact-note", classes="hint")
            yield CaseTable(id="case-contacts")
            yield Static(_("History"), classes="subtitle")
            yield Static("", id="case-events")
        yield SaknadFooter()

    def on_mount(self) -> None:
        steps = self.query_one("#case-steps", DataTable)
        contacts = self.query_one("#case-contacts", DataTable)
        for label in (_("When"), _("Channel"), _("To whom"), _("Outcome"), _("Note")):
            contacts.add_column(label)
        steps.focus()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="case", exit_on_error=False)
    def _load(self) -> None:
        journal = self.journal
        case = journal.case_detail(self.case_id)
        whereabouts = (
            journal.pupil_whereabouts(case.pupil_id, self.saknad.today)
            if case.kind == CaseKind.MISSING
            else None
        )
        view = CaseView(
            case,
            journal.case_steps(self.case_id),
            journal.case_events(self.case_id),
            journal.checklist_template(case.kind),
            whereabouts,
            journal.case_siblings_here(self.case_id, self.saknad.today)
            if case.kind == CaseKind.MISSING
            else [],
        )
        self.post_message(self.Loaded(view))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        if self.view is None:
            self.query_one("#case-title", Static).update("")  # no longer "Reading..."
        return False  # the app shows the sentence

    def on_resize(self) -> None:
        if self.view is not None:
            self._show_steps(self.view)  # the step column follows the screen's width

    @on(Loaded)
    def _loaded(self, loaded: Loaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.view = loaded.view
        self._show(loaded.view)
        self.refresh_bindings()  # W, C, R and H as the case's kind and state allow

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        # A prevention case is about a pupil at school: no whereabouts details to edit.
        if action == "edit_details":
            return view is None or view.case.kind != CaseKind.PREVENTION
        # The footer offers what the case's state allows: Close and Honour mode on an open
        # case, Reopen on a closed one (the room at 80 columns goes to keys that work).
        if view is not None and action == "honour_mode":  # a prevention case always is
            return view.case.status == CaseStatus.OPEN and view.case.kind != CaseKind.PREVENTION
        if view is not None and action == "close_case":
            return view.case.status == CaseStatus.OPEN
        if view is not None and action == "reopen_case":
            return view.case.status == CaseStatus.CLOSED
        return True

    # -- showing ---------------------------------------------------------------------------

    def _show(self, view: CaseView) -> None:
        case = view.case
        title = Text(f"{case.first_name} {case.last_name}")
        title.append(f" - {kind_label(case.kind)}")
        self.query_one("#case-title", Static).update(title)
        self.query_one("#case-header", Static).update(self._header(case))
        clock = self.query_one("#case-clock", Static)
        clock.update(self._clock(view.whereabouts) if view.whereabouts else "")
        clock.display = view.whereabouts is not None
        siblings = self.query_one("#case-siblings", Static)
        siblings.update(self._siblings(view.siblings_here))
        siblings.display = bool(view.siblings_here)
        self._show_steps(view)
        self._show_contacts(case)
        self.query_one("#case-events", Static).update(self._events(view.events))

    def _header(self, case: CaseDetail) -> Text:
        status = status_label(case.status)
        if case.status == CaseStatus.CLOSED and case.close_reason:
            status += f": {close_outcome_label(case.close_reason)}"
        lines = Text()
        lines.append(_("Class: {name}").format(name=case.class_name or _("none")) + "\n")
        lines.append(_("Status: {status}").format(status=status) + "\n")
        if case.kind == CaseKind.PREVENTION:  # day 0 is the day the pupil was put on the list
            day0 = _("On the watch list since: {day}").format(day=case.day0.isoformat())
        else:
            day0 = _("Day 0: {day}").format(day=case.day0.isoformat())
        lines.append(day0 + "\n")
        if case.honour_related:
            lines.append(
                _("Honour-related: YES - the family must not learn of the worry."), "bold"
            )
        else:
            lines.append(_("Honour-related: no"))
        if case.no_guardian_contact:
            lines.append("\n" + _("Guardians must not be contacted: "), "bold")
            lines.append(marker_reason(case.no_guardian_contact_reason))
        if case.kind != CaseKind.PREVENTION:  # a pupil at school: no whereabouts to track
            lines.append("\n")
            lines.append_text(self._details(case))
        return lines

    def _details(self, case: CaseDetail) -> Text:
        """The whereabouts details that are known, on as few lines as the width allows."""
        refused = "" if case.leave_refused is None else _("yes") if case.leave_refused else _("no")
        contact = case.last_contact_at
        parts = [
            (_("Last school day"), _day(case.last_school_day)),
            (
                _("Last contact"),
                f"{contact.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}" if contact else "",
            ),
            (_("Where, how to reach"), case.whereabouts),
            (_("Suspected country"), case.suspected_country),
            (_("Expected back"), _day(case.expected_return)),
            (_("Leave refused"), refused),
            (_("Source"), case.information_source),
        ]
        known = [(label, value) for label, value in parts if value]
        text = Text()
        if not known:
            text.append(_("Whereabouts details: none yet (W adds them)"), "dim")
            return text
        for number, (label, value) in enumerate(known):
            if number:
                text.append(" · ")
            text.append(f"{label}: ", "bold")
            text.append(value)  # the counsellor's words: data, never markup
        return text

    def _siblings(self, siblings: list[SiblingAttendance]) -> Text:
        """Siblings at this school and their attendance today (live, read with the case)."""
        text = Text()
        text.append(_("Siblings at this school:"), "bold")
        for sibling in siblings:
            text.append("\n  - ")
            text.append(sibling.name)
            if sibling.class_name:
                text.append(f" ({sibling.class_name})")
            text.append(": ")
            if sibling.today:
                text.append(_sibling_today(sibling.today), "bold")
            else:
                text.append(_("not absent today"))
            last = sibling.last_present.isoformat() if sibling.last_present else _("not known")
            text.append("; " + _("last day present {day}").format(day=last) + "; ")
            text.append(
                ngettext(
                    "{n} unexplained day in two weeks",
                    "{n} unexplained days in two weeks",
                    sibling.unexplained_days,
                ).format(n=sibling.unexplained_days)
            )
        return text

    def _clock(self, where: PupilWhereabouts) -> Text:
        clock = where.clock
        last_present = where.last_present.isoformat() if where.last_present else _("not known")
        last_contact = (
            f"{where.last_contact_at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}"
            if where.last_contact_at
            else _("none confirmed")
        )
        text = Text()
        text.append(_("Last day present: {day}").format(day=last_present) + "\n")
        text.append(_("Last confirmed contact: {when}").format(when=last_contact) + "\n")
        text.append(
            _("Since then: {school} school days, {calendar} calendar days").format(
                school=clock.school_days_since, calendar=clock.calendar_days_since
            ),
            "bold",
        )
        reached = [m for m in clock.milestones if m.reached]
        upcoming = [m for m in clock.milestones if not m.reached]
        if reached:
            last = reached[-1]
            text.append(
                "\n"
                + _("Milestone reached: {what} ({day})").format(
                    what=milestone_label(last.milestone), day=last.on_date.isoformat()
                )
            )
        if upcoming:
            nxt = upcoming[0]
            text.append(
                "\n"
                + _("Next milestone: {what} ({day})").format(
                    what=milestone_label(nxt.milestone), day=nxt.on_date.isoformat()
                )
            )
        return text

    def _show_steps(self, view: CaseView) -> None:
        table = self.query_one("#case-steps", DataTable)
        row = table.cursor_row
        # The step's text wraps in the room the screen has (a fixed width: the table wraps
        # only a column it does not size itself), so 80 columns show every word.
        words_width = max(20, self.size.width - STATE_WIDTH - DUE_WIDTH - 12)
        table.clear(columns=True)
        table.add_column(_("State"), key="state", width=STATE_WIDTH)
        table.add_column(_("Due"), key="due", width=DUE_WIDTH)
        table.add_column(_("Step"), key="step", width=words_width)
        today = self.saknad.today
        for step in view.steps:
            state = step_state(step, today)
            style = STATE_STYLE[state]
            template = view.template.step(step.step_code)
            words = Text(step_words(step, template.text if template else ""))
            for question in template.questions if template else ():
                words.append("\n  - " + question_text(question.code, question.text), "italic")
            if state == StepState.OVERDUE:
                words.stylize("bold")
            state_cell, due_cell = Text(state_word(state)), Text(step.due_on.isoformat())
            for cell in (state_cell, due_cell):
                cell.stylize(style)
            table.add_row(
                state_cell,
                due_cell,
                words,
                key=str(step.id),
                height=None,
            )
        if view.steps:
            table.move_cursor(row=min(row, len(view.steps) - 1))
        self._show_step_detail()

    def _show_contacts(self, case: CaseDetail) -> None:
        note = self.query_one("#case-contact-note", Static)
        if case.no_guardian_contact:
            note.update(
                _("Guardians must not be contacted: they are not offered when you log a contact.")
            )
        elif not case.contacts:
            note.update(_("No contact attempts yet. Press L to log one."))
        else:
            note.update("")
        note.display = case.no_guardian_contact or not case.contacts
        table = self.query_one("#case-contacts", DataTable)
        table.clear()
        for contact in case.contacts:
            whom = counterpart_label(contact.counterpart_kind)
            if contact.counterpart:
                whom += f": {contact.counterpart}"
            if contact.number_or_address:
                whom += f" ({contact.number_or_address})"
            table.add_row(
                Text(f"{contact.at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}"),
                Text(channel_label(contact.channel)),
                Text(whom),
                Text(contact_outcome_label(contact.outcome)),
                Text(contact.note),
                key=str(contact.id),
            )
        table.display = bool(case.contacts)

    def _events(self, events: list[CaseEventRow]) -> Text:
        text = Text()
        for event in reversed(events):  # newest first, as every history in Saknad
            text.append(f"{event.at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}  ", "bold")
            text.append(f"{action_label(event.action)}")
            if event.action == CaseAction.CLOSED and event.outcome:
                text.append(f": {close_outcome_label(event.outcome)}")
            if event.detail:
                text.append(f" ({event.detail})")
            if event.actor:
                text.append(" - " + event.actor)
            if event.reason:
                text.append(" - " + _("why: ") + event.reason)
            text.append("\n")
        text.rstrip()
        return text

    @on(DataTable.RowHighlighted, "#case-steps")
    def _step_highlighted(self) -> None:
        self._show_step_detail()

    def _show_step_detail(self) -> None:
        detail = self.query_one("#case-step-detail", Static)
        step = self._step()
        if step is None or step.done_at is None:
            detail.update("")
            detail.display = False
            return
        when = f"{step.done_at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}"
        if step.not_applicable:
            line = _("Not applicable ({when}, {who}): ").format(when=when, who=step.done_by)
            said = step.not_applicable_reason
        else:
            line = _("Done ({when}, {who})").format(when=when, who=step.done_by)
            if step.spoke_with:
                line += " - " + _("spoke with {whom}").format(whom=step.spoke_with)
            said = f": {step.outcome}" if step.outcome else ""
        detail.update(Text(line + said))
        detail.display = True

    # -- actions ---------------------------------------------------------------------------

    def _step(self) -> StepRow | None:
        table = self.query_one("#case-steps", DataTable)
        if self.view is None or not table.row_count:
            return None
        return self.view.steps[table.cursor_row]

    def _after(self, result: Any) -> None:
        if result is not None:
            self._load()

    def _open_step(self) -> StepRow | None:
        """The step under the cursor, if it can still be settled (says why not)."""
        step = self._step()
        if step is None:
            return None
        if step.done_at is not None:
            self.notify(_("This step is already done or marked not applicable."))
            return None
        return step

    def _step_words(self, step: StepRow) -> str:
        assert self.view is not None
        template = self.view.template.step(step.step_code)
        return step_words(step, template.text if template else "")

    def action_step_done(self) -> None:
        from tui.dialogs.case_dialogs import StepDoneDialog

        step = self._open_step()
        if step is not None:
            sibling = step.sibling_link_id is not None
            dialog = StepDoneDialog(step.id, self._step_words(step), sibling=sibling)
            self.app.push_screen(dialog, self._after)

    def action_step_not_applicable(self) -> None:
        from tui.dialogs.case_dialogs import StepNotApplicableDialog

        step = self._open_step()
        if step is not None:
            dialog = StepNotApplicableDialog(step.id, self._step_words(step))
            self.app.push_screen(dialog, self._after)

    def action_log_contact(self) -> None:
        from tui.dialogs.case_dialogs import ContactDialog

        if self.view is not None:
            self.app.push_screen(ContactDialog(self.view.case), self._after)

    def action_edit_details(self) -> None:
        from tui.dialogs.case_dialogs import CaseDetailsDialog

        if self.view is not None:
            dialog = CaseDetailsDialog(self.view.case, self.saknad.today)
            self.app.push_screen(dialog, self._after)

    def action_close_case(self) -> None:
        from tui.dialogs.case_dialogs import CloseCaseDialog

        if self.view is not None:  # open: check_action offers C on an open case only
            self.app.push_screen(CloseCaseDialog(self.view.case), self._after)

    def action_reopen_case(self) -> None:
        from tui.dialogs.case_dialogs import ReopenCaseDialog

        if self.view is not None:  # closed: check_action offers R on a closed case only
            self.app.push_screen(ReopenCaseDialog(self.case_id), self._after)

    def action_honour_mode(self) -> None:
        from tui.dialogs.case_dialogs import HonourModeDialog

        if self.view is None:  # open: check_action offers H on an open case only
            return
        turning_on = not self.view.case.honour_related
        self.app.push_screen(HonourModeDialog(self.case_id, turning_on), self._honour_changed)

    def _honour_changed(self, change: HonourModeChange | None) -> None:
        if change is None:
            return
        self._load()
        self._offer_sibling_markers(list(change.siblings))

    def _offer_sibling_markers(self, siblings: list) -> None:
        """Ask, one sibling at a time, whether their guardians must not be contacted too."""
        from tui.dialogs.confirm import ConfirmDialog

        if not siblings or self.view is None:
            return
        sibling, rest = siblings[0], siblings[1:]
        question = _(
            'Mark "guardians must not be contacted" for {sibling}, a sibling of {pupil}, '
            "too? The same reason is kept."
        ).format(sibling=sibling.name, pupil=f"{self.view.case.first_name}")

        def answered(answer: str | None) -> None:
            if answer == "mark":
                self._mark_sibling(sibling.pupil_id, sibling.name)
            self._offer_sibling_markers(rest)

        self.app.push_screen(
            ConfirmDialog(
                _("Guardians must not be contacted"),
                question,
                [("skip", _("Not now")), ("mark", _("Mark"))],
            ),
            answered,
        )

    @work(thread=True, group="case-sibling", exit_on_error=False)
    def _mark_sibling(self, pupil_id: int, name: str) -> None:
        reason = next(
            (
                e.reason
                for e in reversed(self.journal.case_events(self.case_id))
                if e.action == CaseAction.HONOUR_ON
            ),
            "",
        )
        self.journal.set_no_guardian_contact(pupil_id, True, reason)
        self.post_message(self.SiblingMarked(name))

    @on(SiblingMarked)
    def _sibling_marked(self, marked: SiblingMarked) -> None:
        self.notify(
            _('{name}: "guardians must not be contacted" is set.').format(name=marked.name),
            markup=False,
        )

    def action_back(self) -> None:
        self.dismiss()

    def action_report_of_concern(self) -> None:
        if self.view is not None:
            self._start_report(self.view.case.pupil_id)

    @work(thread=True, exclusive=True, group="case-report", exit_on_error=False)
    def _start_report(self, pupil_id: int) -> None:
        draft = self.journal.start_report(pupil_id, case_id=self.case_id)
        self.app.call_from_thread(self._open_report, draft)

    def _open_report(self, draft_id: int) -> None:
        from tui.screens.report_of_concern import ReportScreen

        self.app.push_screen(ReportScreen(draft_id))


def case_choice_label(kind: str, status: str, day0: Any, honour_related: bool) -> str:
    """One case in the chooser: kind, status and day 0."""
    label = f"{kind_label(kind)}, {status_label(status).lower()}, {day0.isoformat()}"
    return label + (" (" + _("honour-related") + ")" if honour_related else "")


def _sibling_today(status: str) -> str:
    """A sibling's absence today, by its whereabouts (storage.whereabouts.Whereabouts)."""
    words: dict[str, str] = {
        Whereabouts.ACCOUNTED: _("absent today, accounted for"),
        Whereabouts.UNEXPLAINED: _("absent today, unexplained"),
        Whereabouts.UNKNOWN: _("absent today, whereabouts unknown"),
    }
    return words.get(status, status)


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""
