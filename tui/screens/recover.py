"""Forgot passphrase: open with the recovery key and choose a new passphrase."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter
from tui.widgets.strength import StrengthHint


class RecoverScreen(SaknadScreen):
    """The recovery key opens the journal; the new passphrase replaces the old one."""

    HELP = N_(
        "Type the recovery key you wrote down at set-up (dashes and spaces do not "
        "matter), then a new passphrase twice. The recovery key keeps working "
        "afterwards; keep it safe."
    )

    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]

    class JournalOpened(Message):
        """The recovery key opened the journal and the new passphrase is set."""

        def __init__(self, journal: Any) -> None:
            super().__init__()
            self.journal = journal

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="recover-box", classes="card"):
            yield Label(_("Open with the recovery key"), classes="title")
            yield Input(placeholder=_("Recovery key, e.g. ABCD-EFGH-..."), id="recovery-key")
            yield Input(password=True, placeholder=_("New passphrase"), id="new")
            yield StrengthHint(id="strength")
            yield Input(password=True, placeholder=_("Repeat the new passphrase"), id="repeat")
            yield Static("", id="recover-message", classes="message")
            with Center():
                yield Button(_("Open and set passphrase"), id="recover", variant="primary")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#recovery-key", Input).focus()

    @on(Input.Changed, "#new")
    def _judge(self, event: Input.Changed) -> None:
        self.query_one(StrengthHint).passphrase = event.value

    def _say(self, sentence: str) -> None:
        self.query_one("#recover-message", Static).update(Content(sentence))

    @on(Input.Submitted)
    @on(Button.Pressed, "#recover")
    def _submit(self) -> None:
        key = self.query_one("#recovery-key", Input).value
        new = self.query_one("#new", Input).value
        if not key.strip():
            self._say(_("Type the recovery key."))
            return
        if new != self.query_one("#repeat", Input).value:
            self._say(_("The two passphrases differ."))
            return
        self._say(_("Opening..."))
        self._recover(key, new)

    @work(thread=True, exclusive=True, group="recover", exit_on_error=False)
    def _recover(self, key: str, new: str) -> None:
        access = self.saknad.access
        journal = access.unlock_with_recovery_key(key, new)
        access.clear_failed_attempts()  # the new passphrase starts with no wrong ones
        self.post_message(self.JournalOpened(journal))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self._say(sentence)
        return True

    @on(JournalOpened)
    def _opened(self, opened: JournalOpened) -> None:
        self.saknad.unlocked(opened.journal)

    def action_back(self) -> None:
        self.dismiss()
