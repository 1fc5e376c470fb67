"""Import absence from the school's own system: choose the file, map its columns if needed,
see the preview slot by slot, confirm.

For exports of Skola24, SchoolSoft, Vklass and the like (CSV or tab-separated text) and SS
12000 attendance JSON (storage.importing.absence_reading). Nothing is written until the
counsellor confirms, and then all of it or nothing, every mark through the register's one
writer with its history. A file with a single rejected row cannot be imported: every rejected
row is listed with its line, column and reason, so the file can be fixed at the source and
read again. A mark entered by hand that the file changes is shown as such before it is
replaced (the file wins; the history keeps the old mark).

Names, headers and cells from the file are data: the table and the summary show them as
plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from storage.text import without_controls
from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadScreen

ROWS_SHOWN = 2000  # new and unchanged slots beyond this are counted, not listed


class ImportAbsenceScreen(SaknadScreen):
    """The absence import, from file to preview to confirmation."""

    HELP = N_(
        "Export the absence from your school's system (Skola24, SchoolSoft, Vklass...) as "
        "CSV or text (comma, semicolon or tab; UTF-8 or Windows encoding), or as SS 12000 "
        "JSON. The file needs the identity number, the date and the kind of absence (Giltig, "
        "Ogiltig, Anmäld, Sjuk, Ledig, Sen ankomst), and a lesson number, or minutes or times "
        "of a whole day. Type the file's path and press Enter. The preview shows new, changed "
        "and unchanged marks and every rejected row; a mark entered by hand that the file "
        "changes is shown as such. Nothing is written until you press Import; a file imported "
        "again updates its marks instead of adding new ones."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Cancel"), id="cancel-absence-import"),
        Binding(
            "ctrl+s",
            "apply",
            N_("Import"),
            id="apply-absence-import",
            tooltip=N_("Write the previewed marks to the register"),
        ),
    ]

    class ColumnsUnrecognised(Message):
        """The file was read, but its columns need mapping before a preview."""

        def __init__(self, parsed: Any) -> None:
            super().__init__()
            self.parsed = parsed

    class PreviewRead(Message):
        """The file was read and compared with the register; nothing is written yet."""

        def __init__(self, parsed: Any, preview: Any) -> None:
            super().__init__()
            self.parsed = parsed
            self.preview = preview

    class ImportApplied(Message):
        """The previewed marks were written to the register."""

        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self.parsed: Any = None
        self.preview: Any = None
        self._mapping: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(_("Import absence from the school's system"), classes="title")
            with Horizontal(classes="form-row"):
                yield Label(_("File"), classes="form-label")
                yield Input(
                    id="path",
                    compact=True,
                    placeholder=_("Path to the exported file, e.g. ~/franvaro.csv"),
                )
            yield Static("", id="import-summary")
            yield DataTable(id="import-rows", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Read file"), id="read", compact=True)
                yield Button(
                    _("Import"), id="apply", variant="primary", compact=True, disabled=True
                )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#import-rows", DataTable)
        for label in (_("Status"), _("Line"), _("Pupil"), _("Day and lesson"), _("Details")):
            table.add_column(label)
        self.query_one("#path", Input).focus()

    def _say(self, text: str) -> None:
        # Plain text, controls made visible: the summary quotes the file's headers.
        lines = (without_controls(line) for line in text.split("\n"))
        self.query_one("#import-summary", Static).update(Text("\n".join(lines)))

    def _forget_preview(self) -> None:
        self.parsed = self.preview = None
        self.query_one("#apply", Button).disabled = True

    # -- reading ---------------------------------------------------------------------------

    @on(Input.Changed, "#path")
    def _file_changed(self) -> None:
        self._mapping = None
        self._forget_preview()

    @on(Input.Submitted)
    @on(Button.Pressed, "#read")
    def action_read(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self._say(_("Type the path of the file to import."))
            return
        self._say(_("Reading the file..."))
        self._read(path, self._mapping)

    @work(thread=True, exclusive=True, group="absence-import", exit_on_error=False)
    def _read(self, path: str, mapping: dict[str, str] | None) -> None:
        from storage.importing.absence_reading import parse_absence_file
        from storage.importing.file_reading import read_import_file

        parsed = parse_absence_file(
            read_import_file(path),
            file_name=Path(path).name,
            mapping=mapping,
            today=self.saknad.today,
        )
        if parsed.needs_mapping:
            self.post_message(self.ColumnsUnrecognised(parsed))
            return
        self.post_message(self.PreviewRead(parsed, self.journal.preview_absence_import(parsed)))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        from storage.importing.file_reading import ImportFileRefused
        from tui.import_text import refused_file_text
        from tui.screens.import_list import _file_sentence

        if isinstance(error, ImportFileRefused):
            self._say(refused_file_text(error.code))
        else:
            self._say(_file_sentence(error) if isinstance(error, OSError) else sentence)
        return True

    @on(ColumnsUnrecognised)
    def _ask_mapping(self, unrecognised: ColumnsUnrecognised) -> None:
        from tui.dialogs.absence_column_mapping import AbsenceColumnMappingDialog

        parsed = unrecognised.parsed
        self._say(_("Saknad does not recognise all the columns of this file."))
        self.app.push_screen(
            AbsenceColumnMappingDialog(parsed.headers, parsed.known_fields, parsed.mapping),
            self._mapped,
        )

    def _mapped(self, chosen: dict[str, str] | None) -> None:
        if chosen is None:
            self._say(_("Import cancelled; nothing was written."))
            return
        self._mapping = chosen
        self.action_read()

    @on(PreviewRead)
    def _show_preview(self, read: PreviewRead) -> None:
        self.parsed, self.preview = read.parsed, read.preview
        self._show_rows(read.preview)
        self._say("\n".join(self._summary_lines(read.parsed, read.preview)))
        self.query_one("#apply", Button).disabled = not (
            read.preview.can_apply and (read.preview.new or read.preview.changed)
        )

    def _show_rows(self, preview: Any) -> None:
        """Rejected rows first, then changed (by hand at the top), new and unchanged slots."""
        from tui.absence_import_text import change_text, mark_text, slot_text
        from tui.import_text import describe

        table = self.query_one("#import-rows", DataTable)
        table.clear()

        def add(status: str, line: int, pupil: str, slot: str, details: str) -> None:
            table.add_row(
                status, str(line), *(Text(without_controls(t)) for t in (pupil, slot, details))
            )

        for error in preview.rejected:
            add(_("Rejected"), error.line, "", "", describe(error))
        changed = sorted(preview.changed, key=lambda p: (not p.by_hand, p.line))
        for planned in changed:
            name = f"{planned.first_name} {planned.last_name}"
            add(_("Changed"), planned.line, name, slot_text(planned), change_text(planned))
        listed = 0
        for status, marks in ((_("New"), preview.new), (_("Unchanged"), preview.unchanged)):
            for planned in marks:
                if listed == ROWS_SHOWN:
                    return
                listed += 1
                name = f"{planned.first_name} {planned.last_name}"
                details = mark_text(planned.code, planned.minutes)
                add(status, planned.line, name, slot_text(planned), details)

    def _summary_lines(self, parsed: Any, preview: Any) -> list[str]:
        from tui.absence_import_text import counts_text
        from tui.import_text import describe, encoding_name, separator_name

        separator = separator_name(parsed.delimiter) if parsed.delimiter else ""
        source = ", ".join(
            x for x in (parsed.format.upper(), encoding_name(parsed.encoding), separator) if x
        )
        lines = [_("File: {source}.").format(source=source), counts_text(preview)]
        if len(preview.new) + len(preview.unchanged) > ROWS_SHOWN:
            lines.append(
                _("The list shows every changed mark and the first {n} of the others.").format(
                    n=ROWS_SHOWN
                )
            )
        if preview.rejected:
            lines += [describe(error) for error in preview.rejected[:3]]
            lines.append(
                _(
                    "Fix the rejected rows in the file and read it again: an import "
                    "is all or nothing."
                )
            )
        elif not (preview.new or preview.changed):
            lines.append(_("The register already matches this file."))
        else:
            if preview.changed_by_hand:
                lines.append(
                    _(
                        "Marks entered by hand that the file changes are at the top; the "
                        "file's value replaces them, and their history keeps the old one."
                    )
                )
            lines.append(_("Nothing is written yet. Press Import (Ctrl+S) to write it all."))
        return lines

    # -- writing ---------------------------------------------------------------------------

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        if self.preview is None or self.query_one("#apply", Button).disabled:
            return
        self.query_one("#apply", Button).disabled = True
        self._say(_("Importing..."))
        self._apply(self.parsed)

    @work(thread=True, exclusive=True, group="absence-import", exit_on_error=False)
    def _apply(self, parsed: Any) -> None:
        self.post_message(self.ImportApplied(self.journal.apply_absence_import(parsed)))

    @on(ImportApplied)
    def _applied(self, applied: ImportApplied) -> None:
        from tui.absence_import_text import result_text

        self._forget_preview()
        self.query_one("#import-rows", DataTable).clear()
        self._say(result_text(applied.result))
        self.app.notify(_("The absence is imported."))

    def action_back(self) -> None:
        self.dismiss()
