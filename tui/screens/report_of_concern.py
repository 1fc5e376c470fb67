"""One report of concern (orosanmälan): what it says, what it includes, and its way to
social services.

The report is read from the journal each time the screen shows (storage.report_of_concern):
the counsellor's own words (W), then every item the journal offers for it (siblings,
guardians, what was seen and said, what the school did, earlier reports), each included
unless the counsellor leaves it out (Space). E exports it (PDF, Markdown or JSON, with a
purpose and a recipient, recorded in the journal), F records it as made to social services,
A records what happened after filing, S starts a report for each sibling in the journal.
Names and notes are shown as written (rich Text), never as markup.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from storage.report_data import DraftState, ReportOfConcern
from storage.report_of_concern import ReportDraftRow
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.read_result import ReadResult
from tui.render.report_words import guardians_informed_words, yes_no
from tui.report_item_words import ReportItem, report_items
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter

if TYPE_CHECKING:
    from storage.records import ExportWritten

INCLUDED, LEFT_OUT = "✓", "–"
PART_WIDTH = 16  # "Tidigare anmälan", the longest part in Swedish and English
WHEN_WIDTH = 16  # YYYY-MM-DD HH:MM


@dataclass(frozen=True)
class ReportView:
    report: ReportOfConcern  # with the left-out items, marked in `report.left_out`
    row: ReportDraftRow


class ReportItemTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="report-vim-down"),
        Binding("k", "cursor_up", show=False, id="report-vim-up"),
    ]


class ReportScreen(SaknadScreen):
    """One report of concern: W writes the worry, Space includes or leaves out, E exports,
    F files, A after filing, S the siblings' reports."""

    HELP = N_(
        "A report of concern about one child (one report per child). W: write the worry in "
        "your words and answer social services' questions. The list shows everything the "
        "journal offers for the report; Space leaves the highlighted item out or takes it "
        "back. E exports the report (PDF, Markdown or JSON) with a purpose and a recipient; "
        "the export is recorded in the journal. F records that the report was made to "
        "social services; A records their reference, the written follow-up of a phone "
        "report and whether they opened an investigation. S starts a report for each "
        "sibling in the journal. A filed report is not changed any more."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="report-back"),
        Binding("w", "worry", N_("Worry"), id="report-worry", tooltip=N_("Write the worry")),
        Binding(
            "space",
            "toggle_item",
            N_("Include"),
            id="report-toggle",
            tooltip=N_("Include the highlighted item, or leave it out"),
        ),
        Binding("e", "export", N_("Export"), id="report-export"),
        Binding("f", "file", N_("Filed"), id="report-file", tooltip=N_("Record it as filed")),
        Binding("a", "after_filing", N_("After"), id="report-after"),
        Binding(
            "s",
            "siblings",
            N_("Siblings"),
            id="report-siblings",
            tooltip=N_("Start a report for each sibling in the journal"),
        ),
        Binding("W", "worry", show=False, id="report-worry-shift"),
        Binding("E", "export", show=False, id="report-export-shift"),
        Binding("F", "file", show=False, id="report-file-shift"),
        Binding("A", "after_filing", show=False, id="report-after-shift"),
        Binding("S", "siblings", show=False, id="report-siblings-shift"),
    ]

    class Loaded(ReadResult):
        def __init__(self, view: ReportView) -> None:
            super().__init__()
            self.view = view

    class SiblingsStarted(Message):
        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(self, draft_id: int):
        super().__init__()
        self.draft_id = draft_id
        self.view: ReportView | None = None
        self.items: list[ReportItem] = []
        self._toggle_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page", id="report-body"):
            yield Static(_("Reading the journal..."), id="report-title", classes="title")
            yield Static("", id="report-state")
            yield Static("", id="report-answers")
            yield Static(
                _("What the report includes (Space leaves an item out)"), classes="subtitle"
            )
            yield ReportItemTable(id="report-items", cursor_type="row")
            yield Static("", id="report-item-detail")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#report-items", DataTable).focus()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _load(self) -> None:
        journal = self.journal
        report = journal.report_of_concern(self.draft_id, with_left_out=True)
        self.post_message(self.Loaded(ReportView(report, journal.report_draft(self.draft_id))))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        if self.view is None:
            self.query_one("#report-title", Static).update("")
        else:
            self._load()  # what the screen showed at once may not have been kept
        return False

    def on_resize(self) -> None:
        if self.view is not None:
            self._show(self.view)  # the words column follows the screen's width

    @on(Loaded)
    def _loaded(self, loaded: Loaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.view = loaded.view
        self._show(loaded.view)

    # -- showing ---------------------------------------------------------------------------

    def _show(self, view: ReportView) -> None:
        report, row = view.report, view.row
        child = report.child
        title = Text(_("Report of concern") + ": ")
        title.append(child.name)
        if child.class_name:
            title.append(f" ({child.class_name})")
        self.query_one("#report-title", Static).update(title)
        self.query_one("#report-state", Static).update(self._state(report, row))
        self.query_one("#report-answers", Static).update(self._answers(report))
        self.items = report_items(report)
        table = self.query_one("#report-items", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        # The words are cut at the screen's edge (no sideways scrolling at 80 columns): the
        # detail pane shows the highlighted item whole.
        words_width = max(20, self.size.width - 3 - PART_WIDTH - WHEN_WIDTH - 14)
        table.add_column(_("In"), width=3)
        table.add_column(_("Part"), width=PART_WIDTH)
        table.add_column(_("When"), width=WHEN_WIDTH)
        table.add_column(_("What"), width=words_width)
        left_out = set(report.left_out)
        # A reached contact's note is both what others said and what the school did: two
        # rows, one item key (leaving it out leaves out both), so rows are keyed by place.
        for number, item in enumerate(self.items):
            mark = Text(LEFT_OUT if item.key in left_out else INCLUDED)
            what = Text(item.words)
            if item.key in left_out:
                what.stylize("dim strike")
            table.add_row(mark, Text(item.part), Text(item.when), what, key=str(number))
        if self.items:
            table.move_cursor(row=min(cursor, len(self.items) - 1))
        self._show_detail()

    def _state(self, report: ReportOfConcern, row: ReportDraftRow) -> Text:
        text = Text()
        if row.state == DraftState.FILED:
            assert row.filed_at is not None
            text.append(_("Filed"), "bold")
            text.append(f" {row.filed_at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}")
            if row.reference:
                text.append(" · " + _("reference") + " ")
                text.append(row.reference)
            if row.written_follow_up_due:
                text.append(" · " + _("follow up in writing (A)"), "bold")
            if row.investigation_opened is not None:
                opened = (
                    _("investigation opened")
                    if row.investigation_opened
                    else _("no investigation")
                )
                text.append(" · " + opened)
        else:
            text.append(_("Draft"), "bold")
            text.append(
                " · "
                + ngettext("exported {n} time", "exported {n} times", row.exports).format(
                    n=row.exports
                )
                + " · "
                + _("F records it as filed")
            )
        if report.honour_related:
            text.append(
                "\n" + _("Honour-related: the guardians are not told of the report."), "bold"
            )
        return text

    def _answers(self, report: ReportOfConcern) -> Text:
        text = Text()
        if report.worry:
            first, *rest = report.worry.splitlines()
            text.append(_("The worry") + ": ", "bold")
            text.append(first)  # the counsellor's words: data, never markup
            if rest:
                text.append(" …")
        else:
            text.append(_("The worry is not written yet: press W."), "bold")
        text.append("\n")
        answers = [
            (_("Since when"), report.since_when or _("Not known")),
            (_("Acute danger"), yes_no(report.acute_danger)),
            (_("Guardians told"), guardians_informed_words(report)),
            (_("Child told"), yes_no(report.child_informed)),
        ]
        for number, (label, value) in enumerate(answers):
            if number:
                text.append(" · ")
            text.append(f"{label}: ", "bold")
            text.append(value)
        return text

    @on(DataTable.RowHighlighted, "#report-items")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#report-item-detail", Static)
        item = self._current()
        if item is None:
            detail.update("")
            return
        text = Text(item.words, "bold")  # as written: data, never markup
        if item.detail:
            text.append("\n" + item.detail.strip(), "not bold")
        detail.update(text)

    def _current(self) -> ReportItem | None:
        table = self.query_one("#report-items", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    # -- acting ----------------------------------------------------------------------------

    def _filed(self) -> bool:
        if self.view is not None and self.view.row.state == DraftState.FILED:
            self.notify(
                _("The report is filed and is not changed any more; write a note instead.")
            )
            return True
        return False

    def action_back(self) -> None:
        self.dismiss()

    def action_worry(self) -> None:
        from tui.dialogs.report_dialogs import WorryDialog

        if self.view is None or self._filed():
            return
        dialog = WorryDialog(self.view.report, self.view.row.pupil_id)
        self.app.push_screen(dialog, self._changed)

    def action_toggle_item(self) -> None:
        item = self._current()
        if self.view is None or item is None or self._filed():
            return
        # Shown at once, from what the screen shows; the journal flips the one key (not a
        # whole list computed here), so a second press before the first is written stays.
        left_out = tuple(sorted(set(self.view.report.left_out) ^ {item.key}))
        report = replace(self.view.report, left_out=left_out)
        self.view = replace(self.view, report=report)
        self._show(self.view)
        self._toggle_in_journal(item.key)

    @work(thread=True, group="report-toggle", exit_on_error=False)
    def _toggle_in_journal(self, key: str) -> None:
        # One press, one worker (none cancels another); the lock writes them one at a time.
        with self._toggle_lock:
            self.journal.toggle_report_left_out(self.draft_id, key)

    def action_export(self) -> None:
        if self.view is not None:
            self._read_for_export()

    @work(thread=True, exclusive=True, group="report-export", exit_on_error=False)
    def _read_for_export(self) -> None:
        # What leaves is the report without the items left out, read now.
        report = self.journal.report_of_concern(self.draft_id)
        self.app.call_from_thread(self._ask_export, report)

    def _ask_export(self, report: ReportOfConcern) -> None:
        from tui.dialogs.export_report import ExportReportDialog

        dialog = ExportReportDialog(report)
        self.app.push_screen(dialog, self._exported)

    def _exported(self, exported: ExportWritten | None) -> None:
        from tui.dialogs.export_report import exported_sentence

        if exported is not None:
            self.notify(exported_sentence(exported), markup=False, timeout=10)
            self._load()

    def action_file(self) -> None:
        from tui.dialogs.report_dialogs import FileReportDialog

        if self.view is None or self._filed():
            return
        self.app.push_screen(FileReportDialog(self.draft_id), self._changed)

    def action_after_filing(self) -> None:
        from tui.dialogs.report_dialogs import AfterFilingDialog

        if self.view is None:
            return
        row = self.view.row
        if row.state != DraftState.FILED:
            self.notify(_("Record the report as filed first (F)."))
            return
        follow_up = row.written_follow_up_on.isoformat() if row.written_follow_up_on else ""
        self.app.push_screen(AfterFilingDialog(row, follow_up), self._changed)

    def _changed(self, result: object) -> None:
        if result:
            self._load()

    def action_siblings(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        if self.view is None:
            return
        in_journal = [s for s in self.view.report.siblings if s.key.startswith("sibling:")]
        if not in_journal:
            self.notify(
                _(
                    "No sibling of this child is a pupil in the journal. A sibling at another "
                    "school is told of through that school (the case's sibling step)."
                )
            )
            return

        def answered(answer: str | None) -> None:
            if answer == "start":
                self._start_siblings()

        self.app.push_screen(
            ConfirmDialog(
                _("Reports for the siblings"),
                ngettext(
                    "Start a report of concern for {n} sibling? Each child gets a report of "
                    "their own, with the worry and the honour-related setting as a start.",
                    "Start reports of concern for {n} siblings? Each child gets a report of "
                    "their own, with the worry and the honour-related setting as a start.",
                    len(in_journal),
                ).format(n=len(in_journal)),
                [("cancel", _("Cancel")), ("start", _("Start"))],
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="report-write", exit_on_error=False)
    def _start_siblings(self) -> None:
        drafts = self.journal.start_sibling_reports(self.draft_id)
        self.post_message(self.SiblingsStarted(len(drafts)))

    @on(SiblingsStarted)
    def _siblings_started(self, started: SiblingsStarted) -> None:
        self.notify(
            ngettext(
                "{n} sibling's report is waiting under Reports of concern.",
                "{n} siblings' reports are waiting under Reports of concern.",
                started.count,
            ).format(n=started.count)
        )
        self._load()
