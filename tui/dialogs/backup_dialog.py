"""Back up the journal from the app: where to write, then a verified copy, said in one sentence.

The path is prefilled with a dated file name (tui.backup_place: a removable drive when one is
mounted, else the home folder). The copy is written by `Journal.backup` in a worker; a full
disk, a folder that cannot be written or a copy that fails its checks reaches the person as
the app's one sentence (tui.error_text), shown under the path, and nothing is left behind.
Once written, the dialog says where the copy went and that it was verified, and dismisses
True when closed (None when cancelled before).
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from storage.backup import BackupResult
from tui.backup_place import (
    BACKUP_PREFIX,
    chosen_path,
    missing_folder_sentence,
    suggested_path,
    written_sentence,
)
from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadDialog
from tui.widgets.footer import SaknadFooter


class BackupDialog(SaknadDialog[bool | None]):
    """Asks where to write the backup, writes and verifies it, and says where it went."""

    HELP = N_(
        "A backup is one file holding the whole journal, still encrypted, with its key file: "
        "it opens with your passphrase or your recovery key (saknad restore). Write it to a "
        "removable drive or another place off this computer: a copy on the same disk does not "
        "survive a broken or stolen laptop. Enter backs up; Escape cancels."
    )

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel-backup")]

    DEFAULT_CSS = """
    BackupDialog { align: center middle; background: $background 60%; }
    BackupDialog #backup-box { width: 76; }
    BackupDialog #backup-buttons { height: auto; margin-top: 1; }
    BackupDialog #backup-buttons Button { margin-right: 2; }
    """

    class Written(Message):
        """The backup is written and verified."""

        def __init__(self, result: BackupResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self, suggested: str | None = None) -> None:
        """
        Args:
            suggested: the path to prefill; by default a dated name on a removable drive,
                or in the home folder.
        """
        super().__init__()
        self._suggested = suggested
        self.result: BackupResult | None = None
        # Set while the worker writes: Enter again would start a second copy to the same
        # path, Escape would close the dialog before the copy is said.
        self._writing = False

    def compose(self) -> ComposeResult:
        suggested = self._suggested or suggested_path(BACKUP_PREFIX, self.saknad.today)
        with Vertical(id="backup-box", classes="card"):
            yield Label(_("Back up the journal"), classes="title")
            yield Static(
                _(
                    "A copy on this computer's own disk does not survive a broken or stolen "
                    "laptop: write it to a removable drive (a USB stick) and keep that apart. "
                    "The backup stays encrypted and opens with your passphrase or your "
                    "recovery key."
                ),
                classes="lead",
            )
            yield Label(_("Write the backup to"))
            yield Input(value=suggested, id="backup-path")
            yield Static("", id="backup-message", classes="message")
            with Horizontal(id="backup-buttons"):
                yield Button(_("Back up"), id="back-up", variant="primary")
                yield Button(_("Cancel"), id="cancel")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#backup-path", Input).focus()

    def _say(self, sentence: str) -> None:
        self.query_one("#backup-message", Static).update(Content(sentence))

    @on(Input.Submitted, "#backup-path")
    @on(Button.Pressed, "#back-up")
    def _back_up(self) -> None:
        if self.result is not None or self._writing:
            return
        typed = self.query_one("#backup-path", Input).value
        if not typed.strip():
            self._say(_("Write where the backup should go."))
            return
        missing = missing_folder_sentence(typed)
        if missing is not None:
            self._say(missing)
            return
        target = chosen_path(typed, BACKUP_PREFIX, self.saknad.today)
        self._say(_("Writing and verifying the backup..."))
        self._writing = True
        self.query_one("#back-up", Button).disabled = True
        self._write(target)

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False)
    def _write(self, target: Path) -> None:
        self.post_message(self.Written(self.journal.backup(target)))

    @on(Written)
    def _written(self, written: Written) -> None:
        self.result = written.result
        self._writing = False
        self._say(written_sentence(written.result))
        self.query_one("#back-up", Button).display = False
        self.query_one("#backup-path", Input).disabled = True
        close = self.query_one("#cancel", Button)
        close.label = _("Close")
        close.focus()

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self._writing = False
        self.query_one("#back-up", Button).disabled = False
        self._say(sentence)
        return True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._writing:
            return  # the copy is being written; it is said when done
        self.dismiss(True if self.result is not None else None)
