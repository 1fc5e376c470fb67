"""Hand the journal over to a successor: their name, your passphrase, their new passphrase
twice, and where to write the copy.

The copy (storage.handover, through `Journal.hand_over` in a worker) opens only with the new
passphrase and a new recovery key, never with yours; it is recorded in your journal with the
successor's name. The dialog dismisses with (path, recovery key) once it is written, and the
app shows the new recovery key once (tui.screens.recovery_key). A refusal (your passphrase
wrong, the new one too short or the same as yours, a folder that cannot be written) is said
under the fields, with everything typed kept. While the copy is written, Enter and Escape
do nothing: one copy, and its recovery key is always shown.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from storage.errors import WeakPassphrase
from storage.keys import is_too_short
from tui.backup_place import (
    HANDOVER_PREFIX,
    chosen_path,
    missing_folder_sentence,
    suggested_path,
)
from tui.bindings import N_
from tui.error_text import sentence_for
from tui.i18n import _
from tui.screens.base import SaknadDialog
from tui.widgets.footer import SaknadFooter
from tui.widgets.strength import StrengthHint


class HandoverDialog(SaknadDialog[tuple[Path, str] | None]):
    """Writes the successor's copy under new keys; dismisses (path, new recovery key)."""

    HELP = N_(
        "When you leave, your notes go to your successor; they are not deleted. This writes "
        "one file holding the whole journal under a new passphrase (the successor's) and a "
        "new recovery key, shown once when it is done; your passphrase and recovery key do "
        "not open it. The successor restores it with saknad restore. Give the file, the "
        "passphrase and the recovery key to the successor by different ways. The hand-over "
        "is recorded in your journal, which stays as it is. Escape cancels."
    )

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel-handover")]

    DEFAULT_CSS = """
    HandoverDialog { align: center middle; background: $background 60%; }
    HandoverDialog #handover-box { width: 76; height: auto; max-height: 100%; }
    HandoverDialog #handover-box Input { margin-top: 1; background: $boost; }
    HandoverDialog #repeat, HandoverDialog #handover-path { margin-top: 0; }
    HandoverDialog #handover-box Input:focus { background: $primary 20%; }
    HandoverDialog #handover-path-label { margin-top: 1; }
    HandoverDialog #handover-buttons { height: auto; margin-top: 1; }
    HandoverDialog #handover-buttons Button { margin-right: 2; }
    """

    class Written(Message):
        """The copy is written and verified."""

        def __init__(self, path: Path, recovery_key: str) -> None:
            super().__init__()
            self.path = path
            self.recovery_key = recovery_key

    def __init__(self, suggested: str | None = None) -> None:
        """
        Args:
            suggested: the path to prefill; by default a dated name on a removable drive,
                or in the home folder.
        """
        super().__init__()
        self._suggested = suggested
        # Set while the worker writes: Enter again or Escape would start a second copy under
        # another recovery key, or close the dialog before the key is shown.
        self._writing = False

    def compose(self) -> ComposeResult:
        suggested = self._suggested or suggested_path(HANDOVER_PREFIX, self.saknad.today)
        with VerticalScroll(id="handover-box", classes="card"):
            yield Label(_("Hand over to a successor"), classes="title")
            yield Static(
                _(
                    "A copy of the whole journal under the successor's new passphrase and a "
                    "new recovery key; yours will not open it. Your journal stays as it is."
                ),
                classes="lead",
            )
            # Compact fields: the five of them and the buttons fit an 80x24 terminal.
            yield Input(placeholder=_("The successor's name"), id="successor", compact=True)
            yield Input(
                password=True, placeholder=_("Your passphrase"), id="current", compact=True
            )
            yield Input(
                password=True,
                placeholder=_("The successor's new passphrase"),
                id="new",
                compact=True,
            )
            yield StrengthHint(id="strength")
            yield Input(
                password=True,
                placeholder=_("Repeat the new passphrase"),
                id="repeat",
                compact=True,
            )
            yield Label(_("Write the copy to"), id="handover-path-label")
            yield Input(value=suggested, id="handover-path", compact=True)
            yield Static("", id="handover-message", classes="message")
            with Horizontal(id="handover-buttons"):
                yield Button(_("Hand over"), id="hand-over", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#successor", Input).focus()

    @on(Input.Changed, "#new")
    def _judge(self, event: Input.Changed) -> None:
        self.query_one(StrengthHint).passphrase = event.value

    def _say(self, sentence: str) -> None:
        self.query_one("#handover-message", Static).update(Content(sentence))

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    @on(Input.Submitted, "#handover-path")
    @on(Button.Pressed, "#hand-over")
    def _hand_over(self) -> None:
        if self._writing:
            return
        successor = self._value("#successor").strip()
        new = self._value("#new")
        path = self._value("#handover-path")
        if not successor:
            self._say(_("Write the successor's name."))
        elif is_too_short(new):
            self._say(sentence_for(WeakPassphrase("too short")))
        elif new != self._value("#repeat"):
            self._say(_("The two passphrases differ."))
        elif not path.strip():
            self._say(_("Write where the copy should go."))
        elif (missing := missing_folder_sentence(path)) is not None:
            self._say(missing)
        else:
            self._say(_("Writing and verifying the copy..."))
            self._writing = True
            self.query_one("#hand-over", Button).disabled = True
            self._write(successor, self._value("#current"), new, path)

    @work(thread=True, exclusive=True, group="handover", exit_on_error=False)
    def _write(self, successor: str, current: str, new: str, typed: str) -> None:
        params = self.saknad.access.kdf_params
        result = self.journal.hand_over(
            chosen_path(typed, HANDOVER_PREFIX, self.saknad.today),
            successor=successor,
            current_passphrase=current,
            new_passphrase=new,
            **({"params": params} if params is not None else {}),
        )
        self.post_message(self.Written(result.path, result.recovery_key))

    @on(Written)
    def _written(self, written: Written) -> None:
        self.dismiss((written.path, written.recovery_key))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        from storage.errors import WrongPassphrase

        self._writing = False
        self.query_one("#hand-over", Button).disabled = False
        self._say(sentence)
        if isinstance(error, WrongPassphrase):
            self.query_one("#current", Input).focus()
        return True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._writing:
            return  # the copy is being written; its recovery key must still be shown
        self.dismiss(None)
