"""The pupil card: identity, class, guardians, siblings, notes, and leaving school.

Everything shown comes from one `Journal.pupil_card` call in a worker; every edit goes
through a dialog and one facade method, which writes the audit trail. Names and notes from the
journal are shown as plain text (rich Text), never read as markup.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from storage.codes import IdentityKind, SchoolType, SecurityMarking, SiblingSource
from tui.bindings import N_
from tui.dialogs.guardian_form import relation_label
from tui.dialogs.sibling_form import school_type_label
from tui.i18n import _
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.sign_words import sign_text
from tui.widgets.attendance_summary import AttendanceSummaryView
from tui.widgets.contact_marker import contact_marker_text
from tui.widgets.footer import SaknadFooter
from tui.widgets.identity import display_number
from tui.widgets.pupil_leave import LeaveSection


class PupilCardScreen(SaknadScreen):
    """One pupil."""

    HELP = N_(
        "Everything the journal holds about the pupil's identity and family. E edits "
        "the pupil, G adds a guardian (Enter on a guardian edits them), B adds a "
        "sibling at another school, M moves the pupil to another class (or a new one), "
        "L marks that the pupil has left, N writes a note, Ctrl+R shows the whole identity "
        "number. R adds a leave request and D decides the one under the cursor (grant or "
        'refuse); X sets or clears "guardians must not be contacted". F flags the pupil as '
        "missing by hand (with a reason and day 0: a missing-pupil case opens); O opens the "
        "pupil's case (a chooser when there are several); T shows the pupil's chronology; A "
        "opens a report of concern about the pupil. W notes a warning sign of honour-related "
        "risk (which sign, when, who observed it, the pupil's own words); the card lists the "
        "pupil's signs, newest first. "
        "Delete on a "
        "guardian or on a sibling entered by hand removes that link after asking; the guardian "
        "stays in the journal. Every change is kept in the "
        "journal's audit trail."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("e", "edit", N_("Edit"), id="edit-pupil"),
        Binding(
            "g",
            "add_guardian",
            N_("Add guardian"),
            id="add-guardian",
            tooltip=N_("Add a guardian or another adult to contact"),
        ),
        Binding(
            "b",
            "add_sibling",
            N_("Sibling"),
            id="add-sibling",
            tooltip=N_("Add a sibling at another school"),
        ),
        Binding("m", "move", N_("Move"), id="move-class", tooltip=N_("Move to another class")),
        Binding(
            "l",
            "left",
            N_("Left"),
            id="left-school",
            tooltip=N_("Mark that the pupil has left the school"),
        ),
        Binding("n", "note", N_("Note"), id="note"),
        Binding("r", "add_leave", N_("Leave"), id="add-leave", tooltip=N_("Add a leave request")),
        Binding(
            "d",
            "decide_leave",
            N_("Decide"),
            id="decide-leave",
            tooltip=N_("Grant or refuse the leave request under the cursor"),
        ),
        Binding(
            "x",
            "contact_marker",
            N_("No contact"),
            id="contact-marker",
            tooltip=N_("Set or clear: guardians must not be contacted"),
        ),
        Binding("o", "open_case", N_("Case"), id="open-case", tooltip=N_("Open the pupil's case")),
        Binding(
            "a",
            "report_of_concern",
            N_("Report"),
            id="report-of-concern",
            tooltip=N_("A report of concern about the pupil"),
            show=False,
        ),
        Binding("A", "report_of_concern", show=False, id="report-of-concern-shift"),
        Binding(
            "delete",
            "remove_link",
            N_("Remove link"),
            id="remove-link",
            tooltip=N_("Remove the link to the guardian or sibling under the cursor"),
        ),
        Binding(
            "f",
            "flag_missing",
            N_("Flag missing"),
            id="flag-missing-by-hand",
            tooltip=N_("Flag the pupil as missing by hand, with a reason and day 0"),
            show=False,
        ),
        # Not a bare letter: a key typed by mistake must never reveal the whole number.
        Binding("ctrl+r", "toggle_number", N_("Show number"), id="show-number", show=False),
        # What the help names in capitals works in capitals too.
        Binding("E", "edit", show=False, id="edit-pupil-shift"),
        Binding("G", "add_guardian", show=False, id="add-guardian-shift"),
        Binding("B", "add_sibling", show=False, id="add-sibling-shift"),
        Binding("M", "move", show=False, id="move-class-shift"),
        Binding("L", "left", show=False, id="left-shift"),
        Binding("N", "note", show=False, id="note-shift"),
        Binding("R", "add_leave", show=False, id="add-leave-shift"),
        Binding("D", "decide_leave", show=False, id="decide-leave-shift"),
        Binding("X", "contact_marker", show=False, id="contact-marker-shift"),
        Binding("F", "flag_missing", show=False, id="flag-missing-by-hand-shift"),
        Binding("O", "open_case", show=False, id="open-case-shift"),
        Binding(
            "t",
            "chronology",
            N_("Chronology"),
            id="chronology",
            tooltip=N_("Everything that happened to the pupil, newest first"),
            show=False,
        ),
        Binding("T", "chronology", show=False, id="chronology-shift"),
        Binding(
            "w",
            "warning_sign",
            N_("Warning sign"),
            id="warning-sign",
            tooltip=N_("Note a warning sign of honour-related risk"),
            show=False,
        ),
        Binding("W", "warning_sign", show=False, id="warning-sign-shift"),
    ]

    class PupilCardLoaded(ReadResult):
        """The pupil card was read from the journal."""

        def __init__(self, card: Any) -> None:
            super().__init__()
            self.card = card

    class LeaveLoaded(ReadResult):
        """The pupil's leave requests and the year's total were read."""

        def __init__(self, leave: Any) -> None:
            super().__init__()
            self.leave = leave

    class SignsLoaded(ReadResult):
        """The pupil's warning signs were read, newest first."""

        def __init__(self, signs: list[Any]) -> None:
            super().__init__()
            self.signs = signs

    class SignListLoaded(Message):
        """The school's list of warning signs was read, to note one."""

        def __init__(self, sign_list: Any) -> None:
            super().__init__()
            self.sign_list = sign_list

    class LinkRemoved(Message):
        """A guardian or sibling link was removed (the trail keeps it)."""

    class MoveChoicesLoaded(Message):
        """The classes the pupil can move to were read."""

        def __init__(self, class_rows: list[Any]) -> None:
            super().__init__()
            self.class_rows = class_rows

    class CasesLoaded(ReadResult):
        """The pupil's cases were read, to open one."""

        def __init__(self, cases: list[Any]) -> None:
            super().__init__()
            self.cases = cases

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id
        self.card: Any = None
        self._masked = True

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(classes="page", id="card-body"):
            yield Static(_("Reading the journal..."), id="card-name", classes="title")
            yield Static("", id="card-identity")
            yield Static("", id="card-contact-marker")
            yield Static(_("Guardians"), classes="subtitle")
            yield DataTable(id="guardians", cursor_type="row", zebra_stripes=True)
            yield Static(_("Siblings"), classes="subtitle")
            yield DataTable(id="siblings", cursor_type="row", zebra_stripes=True)
            yield Static("", id="siblings-empty", classes="hint")
            yield LeaveSection(id="card-leave")
            yield AttendanceSummaryView(self.pupil_id, self.saknad.today, id="attendance")
            # Shown only when the pupil has a sign: the card stays calm otherwise.
            yield Static(_("Warning signs"), classes="subtitle", id="card-signs-title")
            yield Static("", id="card-signs")
            yield Static(_("Notes"), classes="subtitle")
            yield Static("", id="card-notes")
        yield SaknadFooter()

    def on_mount(self) -> None:
        guardians = self.query_one("#guardians", DataTable)
        for label in (_("Name"), _("Relation"), _("Phone"), _("E-mail"), _("Interpreter")):
            guardians.add_column(label)
        siblings = self.query_one("#siblings", DataTable)
        for label in (_("Name"), _("Born"), _("School"), _("Source")):
            siblings.add_column(label)
        guardians.focus()
        for section in self.query("#card-signs-title, #card-signs"):
            section.display = False  # until the pupil's signs are read and there are some

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one read, and a fresh one on coming back.
        self._load()
        self.query_one(AttendanceSummaryView).reload()

    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def _load(self) -> None:
        from textual.worker import get_current_worker

        card = self.journal.pupil_card(self.pupil_id)
        leave = self.journal.pupil_leave(self.pupil_id, self.saknad.today)
        signs = self.journal.warning_signs(self.pupil_id)
        # A newer read (after a change) cancelled this one: its older card must not land
        # after the newer one and show what was just removed.
        if get_current_worker().is_cancelled:
            return
        self.post_message(self.PupilCardLoaded(card))
        self.post_message(self.LeaveLoaded(leave))
        self.post_message(self.SignsLoaded(signs))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        if self.card is None:
            self.query_one("#card-name", Static).update("")  # no longer "Reading..."
        return False  # the app shows the sentence

    @on(PupilCardLoaded)
    def _loaded(self, loaded: PupilCardLoaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self._show(loaded.card)

    @on(LeaveLoaded)
    def _leave_loaded(self, loaded: LeaveLoaded) -> None:
        if loaded.stale:
            return
        self.query_one(LeaveSection).show(loaded.leave)

    @on(SignsLoaded)
    def _signs_loaded(self, loaded: SignsLoaded) -> None:
        if loaded.stale:
            return
        self.query_one("#card-signs-title", Static).display = bool(loaded.signs)
        section = self.query_one("#card-signs", Static)
        section.display = bool(loaded.signs)
        section.update(signs_text(loaded.signs))

    def _show(self, card: Any) -> None:
        self.card = card
        p = card.pupil
        self.query_one("#card-name", Static).update(Text(f"{p.first_name} {p.last_name}"))
        self.query_one("#card-identity", Static).update(Text("\n".join(self._identity_lines(p))))
        marker = self.query_one("#card-contact-marker", Static)
        marker.update(contact_marker_text(p))
        marker.display = p.no_guardian_contact

        guardians = self.query_one("#guardians", DataTable)
        guardians.clear()
        for g in card.guardians:
            interpreter = (g.language or _("yes")) if g.interpreter_needed else ""
            guardians.add_row(
                Text(f"{g.first_name} {g.last_name}"),
                relation_label(g.relation),
                Text(", ".join(x for x in (g.phone, g.phone_other) if x)),
                Text(g.email),
                Text(interpreter),
                key=str(g.id),
            )

        siblings = self.query_one("#siblings", DataTable)
        siblings.clear()
        for index, s in enumerate(card.siblings):
            school = s.class_name or s.school_name or ""
            if s.school_type not in ("", SchoolType.UNKNOWN, None) and not s.class_name:
                school = f"{school} ({school_type_label(s.school_type)})".strip()
            found = (
                _("shared guardian") if s.source == SiblingSource.SHARED_GUARDIAN else _("entered")
            )
            siblings.add_row(
                Text(s.name), str(s.birth_year or ""), Text(school), found, key=str(index)
            )
        siblings.display = bool(card.siblings)
        self.query_one("#siblings-empty", Static).update(
            "" if card.siblings else _("No siblings known. Press B to add one at another school.")
        )

        notes = Text()
        for entry in card.notes[:20]:
            # A note of several lines is indented under its time, so each stays one block.
            stamp = f"{entry.at.astimezone():%Y-%m-%d %H:%M}  "
            lines = entry.text.splitlines() or [""]
            body = ("\n" + " " * len(stamp)).join(lines)
            notes.append(stamp, style="bold").append(body).append("\n")
        notes.rstrip()
        self.query_one("#card-notes", Static).update(
            notes if card.notes else _("No notes yet. Press N to write one.")
        )

    def _identity_lines(self, p) -> list[str]:
        kind = {
            IdentityKind.TEMPORARY: _("temporary school number"),
            IdentityKind.SAMORDNINGSNUMMER: _("coordination number"),
        }.get(p.identity_kind, "")
        number = display_number(p.identity_number, masked=self._masked)
        lines = [
            _("Identity number: {number}").format(number=number) + (f" ({kind})" if kind else "")
        ]
        lines.append(
            _("Class: {name}").format(name=p.class_name or _("none"))
            + (f" - {p.school_name}" if p.school_name else "")
        )
        if p.security_marking == SecurityMarking.PROTECTED:
            lines.append(_("PROTECTED IDENTITY: no address is kept or printed."))
        elif p.street or p.city:
            address = ", ".join(
                x for x in (p.street, f"{p.postal_code or ''} {p.city or ''}".strip()) if x
            )
            lines.append(_("Address: {address}").format(address=address))
        if p.left_on:
            lines.append(
                _("Left the school on {day}; moving to {destination}.").format(
                    day=p.left_on.isoformat(), destination=p.left_destination or "?"
                )
            )
        return lines

    # -- actions ---------------------------------------------------------------------------

    def _after(self, result) -> None:
        if result is not None:
            self._load()

    def action_edit(self) -> None:
        from tui.dialogs.pupil_form import PupilFormDialog

        if self.card:
            self.app.push_screen(
                PupilFormDialog(pupil_id=self.pupil_id, detail=self.card.pupil), self._after
            )

    def action_add_guardian(self) -> None:
        from tui.dialogs.guardian_form import GuardianFormDialog

        self.app.push_screen(GuardianFormDialog(self.pupil_id), self._after)

    @on(DataTable.RowSelected, "#guardians")
    def _edit_guardian(self, event: DataTable.RowSelected) -> None:
        from tui.dialogs.guardian_form import GuardianFormDialog

        guardian = next(g for g in self.card.guardians if str(g.id) == event.row_key.value)
        self.app.push_screen(GuardianFormDialog(self.pupil_id, guardian), self._after)

    @on(DataTable.RowSelected, "#siblings")
    def _open_sibling(self, event: DataTable.RowSelected) -> None:
        sibling = self.card.siblings[int(str(event.row_key.value))]
        if sibling.pupil_id is not None:
            self.saknad.open_pupil(sibling.pupil_id)

    def action_add_sibling(self) -> None:
        from tui.dialogs.sibling_form import SiblingFormDialog

        self.app.push_screen(SiblingFormDialog(self.pupil_id), self._after)

    def action_move(self) -> None:
        self._ask_move()

    @work(thread=True, exclusive=True, group="card-move", exit_on_error=False)
    def _ask_move(self) -> None:
        self.post_message(self.MoveChoicesLoaded(self.journal.classes()))

    @on(MoveChoicesLoaded)
    def _choose_class(self, loaded: MoveChoicesLoaded) -> None:
        from tui.dialogs.pupil_moves import MoveClassDialog

        if not loaded.class_rows or self.card is None:
            return
        self.app.push_screen(
            MoveClassDialog(self.pupil_id, loaded.class_rows, self.card.pupil.class_id),
            self._after,
        )

    def action_left(self) -> None:
        from tui.dialogs.pupil_moves import LeftSchoolDialog

        self.app.push_screen(LeftSchoolDialog(self.pupil_id), self._after)

    def action_note(self) -> None:
        from tui.dialogs.pupil_moves import NoteDialog

        self.app.push_screen(NoteDialog(self.pupil_id), self._after)

    def action_add_leave(self) -> None:
        from tui.dialogs.leave_form import LeaveRequestDialog

        self.app.push_screen(LeaveRequestDialog(self.pupil_id), self._after)

    def action_flag_missing(self) -> None:
        from tui.dialogs.missing_flag import FlagByHandDialog

        def flagged(case_id: Any) -> None:
            if case_id is not None:
                self.notify(_("Flagged as missing: a missing-pupil case is open."))
                self._after(case_id)

        self.app.push_screen(FlagByHandDialog(self.pupil_id, self.saknad.today), flagged)

    def action_decide_leave(self) -> None:
        from tui.dialogs.leave_form import DecideLeaveDialog

        request = self.query_one(LeaveSection).selected()
        if request is not None:
            self.app.push_screen(DecideLeaveDialog(request), self._after)

    def action_contact_marker(self) -> None:
        from tui.dialogs.contact_marker import ContactMarkerDialog

        if self.card:
            p = self.card.pupil
            dialog = ContactMarkerDialog(
                self.pupil_id, p.no_guardian_contact, p.no_guardian_contact_reason
            )
            self.app.push_screen(dialog, self._after)

    def action_remove_link(self) -> None:
        """Ask, then remove the link to the guardian or hand-entered sibling under the cursor."""
        from tui.dialogs.confirm import ConfirmDialog, remove_answers

        table = self.focused
        if self.card is None or not isinstance(table, DataTable) or not table.row_count:
            return
        pupil = f"{self.card.pupil.first_name} {self.card.pupil.last_name}"
        if table.id == "guardians":
            guardian = self.card.guardians[table.cursor_row]
            name = f"{guardian.first_name} {guardian.last_name}"
            question = _(
                "Remove the link between {pupil} and {guardian}? {guardian} stays in the "
                "journal, and the audit trail keeps the link."
            ).format(pupil=pupil, guardian=name)
            remove = (self._unlink_guardian, guardian.id)
        else:
            sibling = self.card.siblings[table.cursor_row]
            if sibling.link_id is None:
                self.notify(
                    _(
                        "{sibling} is a sibling through a shared guardian: remove the link "
                        "to that guardian instead."
                    ).format(sibling=sibling.name),
                    markup=False,
                )
                return
            question = _(
                "Remove {sibling} as a sibling of {pupil}? The audit trail keeps the link."
            ).format(sibling=sibling.name, pupil=pupil)
            remove = (self._remove_sibling_link, sibling.link_id)

        def answered(answer: str | None) -> None:
            if answer == "remove":
                work, key = remove
                work(key)

        self.app.push_screen(ConfirmDialog(_("Remove link"), question, remove_answers()), answered)

    @work(thread=True, exclusive=True, group="card-link", exit_on_error=False)
    def _unlink_guardian(self, guardian_id: int) -> None:
        self.journal.unlink_guardian(self.pupil_id, guardian_id)
        self.post_message(self.LinkRemoved())

    @work(thread=True, exclusive=True, group="card-link", exit_on_error=False)
    def _remove_sibling_link(self, link_id: int) -> None:
        self.journal.remove_sibling_link(link_id)
        self.post_message(self.LinkRemoved())

    @on(LinkRemoved)
    def _link_removed(self) -> None:
        self._load()

    def action_open_case(self) -> None:
        self._read_cases()

    def action_report_of_concern(self) -> None:
        self._start_report()

    @work(thread=True, exclusive=True, group="card-report", exit_on_error=False)
    def _start_report(self) -> None:
        draft = self.journal.start_report(self.pupil_id)
        self.app.call_from_thread(self._open_report, draft)

    def _open_report(self, draft_id: int) -> None:
        from tui.screens.report_of_concern import ReportScreen

        self.app.push_screen(ReportScreen(draft_id))

    @work(thread=True, exclusive=True, group="card-cases", exit_on_error=False)
    def _read_cases(self) -> None:
        self.post_message(self.CasesLoaded(self.journal.pupil_cases(self.pupil_id)))

    @on(CasesLoaded)
    def _choose_case(self, loaded: CasesLoaded) -> None:
        """One case opens; several are chosen among; none is said."""
        if loaded.stale:
            return
        from tui.dialogs.confirm import ConfirmDialog
        from tui.screens.case import CaseScreen, case_choice_label

        if not loaded.cases:
            self.notify(_("The pupil has no case."))
            return
        if len(loaded.cases) == 1:
            self.app.push_screen(CaseScreen(loaded.cases[0].id))
            return
        answers = [
            (str(c.id), case_choice_label(c.kind, c.status, c.day0, c.honour_related))
            for c in loaded.cases
        ]

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self.app.push_screen(CaseScreen(int(answer)))

        self.app.push_screen(
            ConfirmDialog(_("Which case?"), _("The pupil has several cases."), answers), chosen
        )

    def action_chronology(self) -> None:
        from tui.screens.chronology import ChronologyScreen

        if self.card is None:
            return  # not read yet: the name is not known
        pupil = self.card.pupil
        self.app.push_screen(
            ChronologyScreen(self.pupil_id, f"{pupil.first_name} {pupil.last_name}")
        )

    def action_warning_sign(self) -> None:
        self._read_sign_list()

    @work(thread=True, exclusive=True, group="card-signs", exit_on_error=False)
    def _read_sign_list(self) -> None:
        self.post_message(self.SignListLoaded(self.journal.warning_sign_list()))

    @on(SignListLoaded)
    def _note_sign(self, loaded: SignListLoaded) -> None:
        from tui.dialogs.warning_sign_form import WarningSignDialog

        dialog = WarningSignDialog(self.pupil_id, loaded.sign_list, self.saknad.today)
        self.app.push_screen(dialog, self._after)

    def action_toggle_number(self) -> None:
        self._masked = not self._masked
        if self.card:
            self._show(self.card)

    def action_back(self) -> None:
        self.dismiss()


def signs_text(signs: list[Any]) -> Text:
    """The pupil's warning signs, one block each: the day observed, the sign and who observed
    it, then the pupil's own words and the note, as written (never markup)."""
    text = Text()
    for sign in signs:
        stamp = f"{sign.observed_on.isoformat()}  "
        indent = "\n" + " " * len(stamp)
        head = sign_text(sign.sign_code, sign.label)
        if sign.observed_by:
            head += " · " + _("by {person}").format(person=sign.observed_by)
        text.append(stamp, style="bold").append(head)
        if sign.own_words:
            words = indent.join(sign.own_words.splitlines())
            quoted = _("“{words}”").format(words=words)  # Swedish quotes ”…”
            text.append(indent).append(quoted, style="italic")
        if sign.note:
            text.append(indent).append(indent.join(sign.note.splitlines()))
        text.append("\n")
    text.rstrip()
    return text
