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
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from storage.text import without_controls
from tui.bindings import N_
from tui.i18n import _
from tui.screens.file_import import FileImportScreen, rejected_lines, source_line

ROWS_SHOWN = 2000  # new and unchanged slots beyond this are counted, not listed


class ImportAbsenceScreen(FileImportScreen):
    """The absence import, from file to preview to confirmation."""

    PAGE_TITLE = N_("Import absence from the school's system")
    PATH_PLACEHOLDER = N_("Path to the exported file, e.g. ~/franvaro.csv")
    COLUMNS = (N_("Status"), N_("Line"), N_("Pupil"), N_("Day and lesson"), N_("Details"))
    IMPORTED_NOTICE = N_("The absence is imported.")

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

    class PreviewRead(Message):
        """The file was read and compared with the register; nothing is written yet."""

        def __init__(self, parsed: Any, preview: Any) -> None:
            super().__init__()
            self.parsed = parsed
            self.preview = preview

    # -- reading ---------------------------------------------------------------------------

    @on(Input.Changed, "#path")
    def _file_changed(self) -> None:
        self._mapping = None
        self._forget_preview()

    def _start_reading(self, path: str) -> None:
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

    def _mapping_dialog(self, parsed: Any) -> Screen:
        from tui.dialogs.absence_column_mapping import AbsenceColumnMappingDialog

        return AbsenceColumnMappingDialog(parsed.headers, parsed.known_fields, parsed.mapping)

    @on(PreviewRead)
    def _preview_read(self, read: PreviewRead) -> None:
        preview = read.preview
        self._show_rows(preview)
        summary = self._summary_lines(read.parsed, preview)
        self._show_preview(read.parsed, preview, summary, bool(preview.new or preview.changed))

    def _show_rows(self, preview: Any) -> None:
        """Rejected rows first, then changed (by hand at the top), new and unchanged slots."""
        from tui.absence_import_text import change_text, mark_text, slot_text
        from tui.import_text import describe

        rows: list[list[Text]] = []

        def add(status: str, line: int, pupil: str, slot: str, details: str) -> None:
            cells = (pupil, slot, details)
            rows.append(
                [Text(status), Text(str(line)), *(Text(without_controls(t)) for t in cells)]
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
                    break
                listed += 1
                name = f"{planned.first_name} {planned.last_name}"
                details = mark_text(planned.code, planned.minutes)
                add(status, planned.line, name, slot_text(planned), details)
        self.show_rows(rows)

    def _summary_lines(self, parsed: Any, preview: Any) -> list[str]:
        from tui.absence_import_text import counts_text

        lines = [source_line(parsed), counts_text(preview)]
        if len(preview.new) + len(preview.unchanged) > ROWS_SHOWN:
            lines.append(
                _("The list shows every changed mark and the first {n} of the others.").format(
                    n=ROWS_SHOWN
                )
            )
        if preview.rejected:
            lines += rejected_lines(preview)
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

    def _start_writing(self) -> None:
        self._apply(self.parsed)

    @work(thread=True, exclusive=True, group="absence-import", exit_on_error=False)
    def _apply(self, parsed: Any) -> None:
        self.post_message(self.ImportApplied(self.journal.apply_absence_import(parsed)))

    def _result_text(self, result: Any) -> str:
        from tui.absence_import_text import result_text

        return result_text(result)
