"""Import a class list: choose the file, map its columns if needed, see a preview, confirm.

Nothing is written until the counsellor confirms, and then all of it or nothing
(storage.importing.apply in one transaction), a new school included: it is created with the
import, so cancelling leaves none behind. A file with a single rejected row cannot be
imported: every rejected row is listed with its line, column and reason, so the file can be
fixed at the source and read again. A known identity number arriving with another name needs
a second press of Import: a mistyped number would otherwise rename another pupil.

Names and classes from the file are data: the table and the summary show them as plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Select

from storage.text import without_controls
from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.screens.file_import import FileImportScreen, rejected_lines, source_line

NEW_SCHOOL = -1
FIRST_LAST, LAST_FIRST = "first_last", "last_first"  # storage.importing.name_order


class ImportScreen(FileImportScreen):
    """The import, from file to preview to confirmation."""

    PAGE_TITLE = N_("Import a class list")
    PATH_PLACEHOLDER = N_("Path to the exported file, e.g. ~/klass7a.csv")
    COLUMNS = (N_("Status"), N_("Line"), N_("Name"), N_("Class"), N_("Details"))
    IMPORTED_NOTICE = N_("The class list is imported.")

    HELP = N_(
        "Export the class list from your school's administration system as CSV or "
        "text (comma, semicolon or tab; UTF-8 or Windows encoding), or as SS 12000 "
        "JSON. Type the file's path and press Enter. A SchoolSoft guardians file can be "
        "read together with its pupils file. The preview shows new, changed, unchanged "
        "and rejected rows, and pupils of the school who are not in the file (they are "
        "kept). Nothing is written until you press Import."
    )

    BINDINGS = [
        Binding("escape", "back", N_("Cancel"), id="cancel-import"),
        Binding(
            "ctrl+s",
            "apply",
            N_("Import"),
            id="apply-import",
            tooltip=N_("Write the previewed changes to the journal"),
        ),
    ]

    class SchoolsLoaded(Message):
        """The schools served were read (also after a new school was added)."""

        def __init__(self, schools: list[Any]) -> None:
            super().__init__()
            self.schools = schools

    class PreviewRead(Message):
        """The file was read and compared with the journal; nothing is written yet."""

        def __init__(
            self, parsed: Any, preview: Any, school_id: int | None, new_school: str
        ) -> None:
            super().__init__()
            self.parsed = parsed
            self.preview = preview
            self.school_id = school_id  # None: `new_school` is created with the import
            self.new_school = new_school

    def __init__(self) -> None:
        super().__init__()
        self.school_id: int | None = None
        self.new_school = ""
        self._name_order: str | None = None  # None: as the file shows
        self._renames_confirmed = False

    def compose_choices(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(_("Guardians file"), classes="form-label")
            yield Input(
                id="guardians-path",
                compact=True,
                placeholder=_("Optional: SchoolSoft's guardians file"),
            )
        with Horizontal(classes="form-row"):
            yield Label(_("School"), classes="form-label")
            yield Select(
                [(_("A new school..."), NEW_SCHOOL)],
                id="school",
                allow_blank=False,
                compact=True,
            )
        with Horizontal(classes="form-row", id="new-school-row"):
            yield Label(_("New school's name"), classes="form-label")
            yield Input(id="new-school", compact=True)
        with Horizontal(classes="form-row", id="name-order-row"):
            yield Label(_("Guardians' names"), classes="form-label")
            yield Select(
                [(_("Förnamn Efternamn"), FIRST_LAST), (_("Efternamn Förnamn"), LAST_FIRST)],
                id="name-order",
                allow_blank=False,
                compact=True,
            )

    def on_mount(self) -> None:
        # FileImportScreen.on_mount (run by Textual too) adds the columns and the focus.
        self.query_one("#name-order-row").display = False
        self._load_schools()

    @work(thread=True, exclusive=True, group="import-schools", exit_on_error=False)
    def _load_schools(self) -> None:
        self.post_message(self.SchoolsLoaded([s for s in self.journal.schools() if s.served]))

    @on(SchoolsLoaded)
    def _show_schools(self, loaded: SchoolsLoaded) -> None:
        # A school's name is data: Text, never read as markup.
        options: list[tuple[str | Text, int]] = [(Text(s.name), s.id) for s in loaded.schools]
        options.append((_("A new school..."), NEW_SCHOOL))
        select = self.query_one("#school", Select)
        chosen = select.value
        select.set_options(options)
        ids = [value for _label, value in options]
        select.value = chosen if chosen in ids and chosen != NEW_SCHOOL else options[0][1]
        self._toggle_new_school()

    @on(Select.Changed, "#school")
    def _toggle_new_school(self) -> None:
        self.query_one("#new-school-row").display = (
            self.query_one("#school", Select).value == NEW_SCHOOL
        )
        self._forget_preview()

    def _forget_preview(self) -> None:
        super()._forget_preview()
        self._renames_confirmed = False

    # -- reading ---------------------------------------------------------------------------

    @on(Input.Changed, "#path")
    @on(Input.Changed, "#guardians-path")
    def _file_changed(self) -> None:
        self._mapping = None
        self._name_order = None
        self.query_one("#name-order-row").display = False
        self._forget_preview()

    @on(Select.Changed, "#name-order")
    def _name_order_chosen(self, changed: Select.Changed) -> None:
        # Setting the select to what the file showed is not a choice; a different one is.
        if self.parsed is None or changed.value == self.parsed.guardian_name_order:
            return
        self._name_order = str(changed.value)
        self.action_read()

    def _not_ready_to_read(self) -> str:
        new_school = self.query_one("#new-school", Input).value.strip()
        if self.query_one("#school", Select).value == NEW_SCHOOL and not new_school:
            return _("Type the new school's name.")
        return ""

    def _start_reading(self, path: str) -> None:
        self._read(
            path,
            self.query_one("#guardians-path", Input).value.strip(),
            self.query_one("#school", Select).value,
            self.query_one("#new-school", Input).value.strip(),
            self._mapping,
            self._name_order,
        )

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _read(
        self,
        path: str,
        guardians_path: str,
        school: Any,
        new_school: str,
        mapping: dict[str, str] | None,
        name_order: str | None,
    ) -> None:
        from storage.importing import attach_guardians, parse_class_list
        from storage.importing.file_reading import read_import_file

        today = self.saknad.today
        parsed = parse_class_list(
            read_import_file(path),
            file_name=Path(path).name,
            mapping=mapping,
            today=today,
            guardian_name_order=name_order,
        )
        if guardians_path and not parsed.needs_mapping:
            guardians = parse_class_list(
                read_import_file(guardians_path),
                file_name=Path(guardians_path).name,
                today=today,
                guardian_name_order=name_order,
            )
            parsed = attach_guardians(parsed, guardians)
        if parsed.needs_mapping:
            self.post_message(self.ColumnsUnrecognised(parsed))
            return
        journal = self.journal
        school_id: int | None = school
        if school == NEW_SCHOOL:
            # Nothing is written before the import is confirmed, not even the school: a
            # name the journal does not know is created with the import itself.
            existing = {s.name.casefold(): s.id for s in journal.schools() if s.served}
            school_id = existing.get(new_school.casefold())
        self.post_message(
            self.PreviewRead(
                parsed,
                journal.preview_import(parsed, school_id),
                school_id,
                new_school if school_id is None else "",
            )
        )

    def _mapping_dialog(self, parsed: Any) -> Screen:
        from tui.dialogs.column_mapping import ColumnMappingDialog

        return ColumnMappingDialog(
            parsed.headers, parsed.known_fields, parsed.mapping, self._name_order or ""
        )

    def _remember_mapping(self, chosen: tuple[dict[str, str], str]) -> None:
        self._mapping, self._name_order = chosen

    @on(PreviewRead)
    def _preview_read(self, read: PreviewRead) -> None:
        parsed, preview = read.parsed, read.preview
        self.school_id, self.new_school = read.school_id, read.new_school
        self._renames_confirmed = False
        self._show_rows(preview)
        self._show_name_order(parsed)
        summary = self._summary_lines(parsed, preview)
        self._show_preview(parsed, preview, summary, bool(preview.new or preview.updated))

    def _show_rows(self, preview: Any) -> None:
        """Rejected rows, warnings, new and changed pupils, new guardians, missing pupils."""
        from tui.import_text import changes_text, describe, warning_text

        rows: list[list[Text]] = []

        def add(status: str, line: int | None, name: str, class_name: str, details: str):
            rows.append(
                [
                    Text(status),
                    Text(str(line or "")),
                    *(Text(without_controls(text)) for text in (name, class_name, details)),
                ]
            )

        for error in preview.rejected:
            add(_("Rejected"), error.line, "", "", describe(error))
        for planned in preview.warned:
            for warning in planned.warnings:
                name = f"{planned.first_name} {planned.last_name}"
                add(
                    _("Check"), planned.line, name, planned.class_name or "", warning_text(warning)
                )
        for planned in preview.new:
            add(
                _("New"),
                planned.line,
                f"{planned.first_name} {planned.last_name}",
                planned.class_name or "",
                "",
            )
        for planned in preview.updated:
            add(
                _("Changed"),
                planned.line,
                f"{planned.first_name} {planned.last_name}",
                planned.class_name or "",
                changes_text(planned),
            )
        for guardian in preview.new_guardians:
            add(
                _("Guardian"),
                guardian.line,
                f"{guardian.first_name} {guardian.last_name}",
                "",
                _("first name {first}, last name {last}; guardian of {pupil}").format(
                    first=guardian.first_name,
                    last=guardian.last_name,
                    pupil=f"{guardian.pupil_first_name} {guardian.pupil_last_name}",
                ),
            )
        for missing in preview.missing_from_file:
            add(
                _("Not in file"),
                None,
                f"{missing.first_name} {missing.last_name}",
                missing.class_name or "",
                _("kept; check whether they left"),
            )
        self.show_rows(rows)

    def _show_name_order(self, parsed: Any) -> None:
        """Offer the order of guardians' names when the file writes them in one column."""
        row = self.query_one("#name-order-row")
        row.display = bool(parsed.guardian_name_order)
        if parsed.guardian_name_order:
            with self.prevent(Select.Changed):
                self.query_one("#name-order", Select).value = parsed.guardian_name_order

    def _summary_lines(self, parsed: Any, preview: Any) -> list[str]:
        from tui.import_text import counts_text, guardian_order_text

        lines = [source_line(parsed)]
        if order := guardian_order_text(parsed):
            lines.append(order)
        lines.append(counts_text(preview))
        if self.new_school:
            lines.append(
                _("The school {school} is created with the import.").format(school=self.new_school)
            )
        if preview.missing_from_file:
            lines.append(
                ngettext(
                    "{n} pupil of the school is not in the file; nothing is removed.",
                    "{n} pupils of the school are not in the file; nothing is removed.",
                    len(preview.missing_from_file),
                ).format(n=len(preview.missing_from_file))
            )
        if preview.warned:
            lines.append(
                ngettext(
                    "{n} pupil needs a look (Check, at the top of the list).",
                    "{n} pupils need a look (Check, at the top of the list).",
                    len(preview.warned),
                ).format(n=len(preview.warned))
            )
        if preview.rejected:
            lines += rejected_lines(preview)
        elif not (preview.new or preview.updated):
            lines.append(_("The journal already matches this file."))
        else:
            lines.append(_("Nothing is written yet. Press Import (Ctrl+S) to write it all."))
        return lines

    # -- writing ---------------------------------------------------------------------------

    def _ready_to_write(self) -> bool:
        """A known identity number with another name needs a second press of Import."""
        renamed = self.preview.renamed
        if renamed and not self._renames_confirmed:
            # A mistyped identity number would rename another pupil: ask once more.
            self._renames_confirmed = True
            self._say(
                ngettext(
                    "{n} pupil in the journal would get another name from the file (Check, "
                    "at the top of the list). If the identity number is right, press Import "
                    "again; if not, fix the file and read it again.",
                    "{n} pupils in the journal would get another name from the file (Check, "
                    "at the top of the list). If the identity numbers are right, press Import "
                    "again; if not, fix the file and read it again.",
                    len(renamed),
                ).format(n=len(renamed))
            )
            return False
        return True

    def _start_writing(self) -> None:
        self._apply(self.parsed, self.school_id, self.new_school)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _apply(self, parsed: Any, school_id: int | None, new_school: str) -> None:
        journal = self.journal
        result = journal.apply_import(
            parsed, school_id, today=self.saknad.today, new_school=new_school
        )
        self.post_message(self.ImportApplied(result))
        if new_school:
            self.post_message(self.SchoolsLoaded([s for s in journal.schools() if s.served]))

    def _result_text(self, result: Any) -> str:
        from tui.import_text import result_text

        return result_text(result)
