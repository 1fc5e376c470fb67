"""What the two import screens share: a file to read, its columns mapped, a preview, a write.

The class list's (tui.screens.import_list) and the absence's (tui.screens.import_absence)
screens are one flow: type a path and read it in a worker; a file whose columns are not
recognised asks for a mapping and is read again; the preview fills a table and a summary;
Import writes it all in a worker. FileImportScreen holds that flow once; each screen says
what it reads, previews and writes through the hooks below.

Text from the file is data: the summary and the table show it as plain text, with control
characters made visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Static

from storage.text import without_controls
from tui.i18n import _
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter
from tui.widgets.wrapped_column import NAME_WIDTH, fitted, widest


class FileImportScreen(SaknadScreen):
    """An import from file to preview to confirmation; subclasses fill in the hooks.

    Class attributes (English, marked with N_ and translated when shown):
        PAGE_TITLE: the title of the page.
        PATH_PLACEHOLDER: the hint in the empty path field.
        COLUMNS: the table's column labels.
        IMPORTED_NOTICE: the notification once the import is written.
    """

    PAGE_TITLE: ClassVar[str]
    PATH_PLACEHOLDER: ClassVar[str]
    COLUMNS: ClassVar[tuple[str, ...]]
    IMPORTED_NOTICE: ClassVar[str]

    class ColumnsUnrecognised(Message):
        """The file was read, but its columns need mapping before a preview."""

        def __init__(self, parsed: Any) -> None:
            super().__init__()
            self.parsed = parsed

    class ImportApplied(Message):
        """The previewed changes were written to the journal."""

        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self.parsed: Any = None
        self.preview: Any = None
        self._rows: list[list[Text]] = []
        self._mapping: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(_(self.PAGE_TITLE), classes="title")
            with Horizontal(classes="form-row"):
                yield Label(_("File"), classes="form-label")
                yield Input(id="path", compact=True, placeholder=_(self.PATH_PLACEHOLDER))
            yield from self.compose_choices()
            yield Static("", id="import-summary")
            yield DataTable(id="import-rows", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Read file"), id="read", compact=True)
                yield Button(
                    _("Import"), id="apply", variant="primary", compact=True, disabled=True
                )
        yield SaknadFooter()

    def compose_choices(self) -> ComposeResult:
        """The form rows between the file and the summary; none unless the import asks more."""
        yield from ()

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO: a screen's own adds to this.
        table = self.query_one("#import-rows", DataTable)
        for label in self.COLUMNS:
            table.add_column(_(label))
        self.query_one("#path", Input).focus()

    def show_rows(self, rows: Sequence[Sequence[Text]]) -> None:
        """Replace the preview's rows (cells in COLUMNS' order; text, never markup)."""
        self._rows = [list(row) for row in rows]
        self._fill_rows()

    def on_resize(self) -> None:
        if self._rows:
            self._fill_rows()  # the details column follows the screen's width

    def _fill_rows(self) -> None:
        # The details (last) wrap in what the other columns leave, and a long name wraps
        # too: at 80 columns they ran past the edge ("sen ankomst, 40 mi").
        table = self.query_one("#import-rows", DataTable)
        titles = [_(label) for label in self.COLUMNS]
        widths = [widest(title, [row[n] for row in self._rows]) for n, title in enumerate(titles)]
        room = self.size.width - 4  # the page's padding and the table's scrollbar left out
        caps = {2: max(NAME_WIDTH, len(titles[2]))}
        widths = fitted(room, widths, len(titles) - 1, caps)
        table.clear(columns=True)
        for title, width in zip(titles, widths, strict=True):
            table.add_column(title, width=width)
        for row in self._rows:
            table.add_row(*row, height=None)

    def _say(self, text: str) -> None:
        # Plain text: the summary quotes the file's headers and the pupils' names, with any
        # control character made visible (it must never reach the terminal).
        lines = (without_controls(line) for line in text.split("\n"))
        self.query_one("#import-summary", Static).update(Text("\n".join(lines)))

    def _forget_preview(self) -> None:
        self.parsed = self.preview = None
        self.query_one("#apply", Button).disabled = True

    # -- hooks -----------------------------------------------------------------------------

    def _not_ready_to_read(self) -> str:
        """What the form still lacks before the file can be read; "" when nothing."""
        return ""

    def _start_reading(self, path: str) -> None:
        """Read `path` in a worker that posts ColumnsUnrecognised or the screen's preview."""
        raise NotImplementedError

    def _mapping_dialog(self, parsed: Any) -> Screen:
        """The dialog that maps the columns of `parsed`; it dismisses with the choice."""
        raise NotImplementedError

    def _remember_mapping(self, chosen: Any) -> None:
        """Keep what the mapping dialog chose, for reading the file again."""
        self._mapping = chosen

    def _ready_to_write(self) -> bool:
        """Whether Import may write now; a screen may ask for a second press first."""
        return True

    def _start_writing(self) -> None:
        """Write the preview in a worker that posts ImportApplied."""
        raise NotImplementedError

    def _result_text(self, result: Any) -> str:
        """What the import wrote, in one or more sentences."""
        raise NotImplementedError

    # -- reading ---------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#read")
    def action_read(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self._say(_("Type the path of the file to import."))
            return
        if lacking := self._not_ready_to_read():
            self._say(lacking)
            return
        self._say(_("Reading the file..."))
        self._start_reading(path)

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        from storage.importing.file_reading import ImportFileRefused
        from tui.import_text import refused_file_text

        # Reading is the only step that opens files the counsellor named; say which problem.
        if isinstance(error, ImportFileRefused):
            self._say(refused_file_text(error.code))
        else:
            self._say(file_sentence(error) if isinstance(error, OSError) else sentence)
        return True

    @on(ColumnsUnrecognised)
    def _ask_mapping(self, unrecognised: ColumnsUnrecognised) -> None:
        self._say(_("Saknad does not recognise all the columns of this file."))
        self.app.push_screen(self._mapping_dialog(unrecognised.parsed), self._mapped)

    def _mapped(self, chosen: Any) -> None:
        if chosen is None:
            self._say(_("Import cancelled; nothing was written."))
            return
        self._remember_mapping(chosen)
        self.action_read()

    def _show_preview(self, parsed: Any, preview: Any, summary: list[str], changes: bool) -> None:
        """Show a preview read: its rows, its summary, Import enabled when there is a change."""
        self.parsed, self.preview = parsed, preview
        self._say("\n".join(summary))
        self.query_one("#apply", Button).disabled = not (preview.can_apply and changes)

    # -- writing ---------------------------------------------------------------------------

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        if self.preview is None or self.query_one("#apply", Button).disabled:
            return
        if not self._ready_to_write():
            return
        self.query_one("#apply", Button).disabled = True
        self._say(_("Importing..."))
        self._start_writing()

    @on(ImportApplied)
    def _applied(self, applied: ImportApplied) -> None:
        self._forget_preview()
        self._rows = []
        self.query_one("#import-rows", DataTable).clear()
        self._say(self._result_text(applied.result))
        self.app.notify(_(self.IMPORTED_NOTICE))

    def action_back(self) -> None:
        self.dismiss()


def source_line(parsed: Any) -> str:
    """The summary's first line: how the file was read (format, encoding, separator)."""
    from tui.import_text import encoding_name, separator_name

    separator = separator_name(parsed.delimiter) if parsed.delimiter else ""
    source = ", ".join(
        x for x in (parsed.format.upper(), encoding_name(parsed.encoding), separator) if x
    )
    return _("File: {source}.").format(source=source)


def rejected_lines(preview: Any) -> list[str]:
    """The summary's lines for a file with rejected rows: the first three, and what to do."""
    from tui.import_text import describe

    return [describe(error) for error in preview.rejected[:3]] + [
        _("Fix the rejected rows in the file and read it again: an import is all or nothing.")
    ]


def file_sentence(error: OSError) -> str:
    """Why the named file could not be opened, in one sentence."""
    if isinstance(error, FileNotFoundError):
        return _("There is no file at that path.")
    if isinstance(error, PermissionError):
        return _("Saknad may not read that file (permission denied).")
    return _("The file could not be read: {reason}.").format(
        reason=error.strerror or type(error).__name__
    )
