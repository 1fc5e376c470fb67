"""The recovery key, shown once, and the choice to remember the key on this computer."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Label, Static

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter


class RecoveryKeyScreen(SaknadScreen):
    """Shows the recovery key until the counsellor confirms writing it down."""

    HELP = N_(
        "This recovery key opens the journal if you forget your passphrase. It is shown "
        "only now. Write it on paper and keep it locked away from this computer. "
        "Without the passphrase or this key nobody can read the journal, not even "
        "you."
    )

    class Remembered(Message):
        """This computer now remembers the journal's key."""

    def __init__(
        self,
        recovery_key: str,
        keyring_available: bool,
        *,
        replacing: bool = False,
        handover_path: Path | None = None,
    ):
        """
        Args:
            recovery_key: the key to show once.
            keyring_available: offer "remember on this computer" (at set-up only).
            replacing: a new key made in Settings: the old one stopped working, and
                Continue goes back to Settings.
            handover_path: the key of a hand-over copy written there (tui.dialogs.
                handover_dialog), for the successor; Continue goes back where it was.
        """
        super().__init__()
        self._recovery_key = recovery_key
        self._handover_path = handover_path
        self._replacing = replacing or handover_path is not None
        self._keyring_available = keyring_available and not self._replacing

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="recovery-box", classes="card"):
            if self._handover_path is not None:
                yield Label(_("The successor's recovery key"), classes="title")
                yield Static(
                    Content(
                        _(
                            "The copy in {path} is verified. This key opens it and is shown "
                            "only now: give it to the successor apart from the file and the "
                            "passphrase."
                        ).format(path=self._handover_path)
                    ),
                    classes="lead",
                )
            elif self._replacing:
                yield Label(_("Your new recovery key"), classes="title")
                yield Static(
                    _(
                        "The old recovery key no longer works. This one is shown only this "
                        "once. Write it on paper now."
                    ),
                    classes="lead",
                )
            else:
                yield Label(_("Your recovery key"), classes="title")
                yield Static(_("Shown only this once. Write it on paper now."), classes="lead")
            yield Static(self._recovery_key, id="recovery-key", markup=False)
            yield Checkbox(_("I have written the recovery key down"), id="written")
            if self._replacing:
                pass  # the computer's keyring is a setting of its own, on the Settings screen
            elif self._keyring_available:
                yield Checkbox(
                    _(
                        "Remember on this computer (open without the passphrase "
                        "when this user is logged in)"
                    ),
                    id="remember",
                )
            else:
                yield Static(
                    _(
                        "This computer has no secure keyring, so Saknad will always "
                        "ask for the passphrase."
                    ),
                    classes="hint",
                )
            yield Static("", id="recovery-message", classes="message")
            with Center():
                yield Button(_("Continue"), id="continue", variant="primary", disabled=True)
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#written", Checkbox).focus()

    @on(Checkbox.Changed, "#written")
    def _written(self, event: Checkbox.Changed) -> None:
        self.query_one("#continue", Button).disabled = not event.value

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        if not self.query_one("#written", Checkbox).value:
            return
        remember = self._keyring_available and self.query_one("#remember", Checkbox).value
        self.query_one("#continue", Button).disabled = True
        if remember:
            self._remember()
        else:
            self._finish()

    @work(thread=True, exclusive=True, group="recovery-key", exit_on_error=False)
    def _remember(self) -> None:
        self.journal.remember_on_this_computer()
        self.post_message(self.Remembered())

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        # Not remembering is no reason to stay: the passphrase still opens the journal.
        self._finish()
        return False  # the app shows the sentence

    @on(Remembered)
    def _finish(self) -> None:
        self._recovery_key = ""
        if self._replacing:
            self.dismiss()
        else:
            self.saknad.show_home()
