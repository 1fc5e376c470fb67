"""Change passphrase: current, new, repeat. The dialog makes the change itself and dismisses
True once it is done, or None when cancelled.

A wrong current passphrase (or any other refusal) is said under the fields, and the dialog
stays open with the three fields as typed: nothing has to be typed again.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from storage.errors import WeakPassphrase
from storage.keys import is_too_short
from tui.bindings import N_
from tui.error_text import sentence_for
from tui.i18n import _
from tui.screens.base import SaknadDialog
from tui.widgets.footer import SaknadFooter
from tui.widgets.strength import StrengthHint


class ChangePassphraseDialog(SaknadDialog[bool | None]):
    """Asks for the current and the new passphrase, and changes it."""

    HELP = N_(
        "Type the passphrase you use now, then the new one twice. Only the passphrase "
        "changes: the recovery key keeps working, and the journal is not re-encrypted. "
        "Escape cancels."
    )

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel")]

    class Changed(Message):
        """The passphrase is changed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase-box", classes="card"):
            yield Label(_("Change passphrase"), classes="title")
            yield Input(password=True, placeholder=_("Current passphrase"), id="current")
            yield Input(password=True, placeholder=_("New passphrase"), id="new")
            yield StrengthHint(id="strength")
            yield Input(password=True, placeholder=_("Repeat the new passphrase"), id="repeat")
            yield Static("", id="passphrase-message", classes="message")
            # Side by side: stacked, Cancel fell below the dialog's edge at 24 rows.
            with Horizontal(classes="buttons"):
                yield Button(_("Change"), id="change", variant="primary")
                yield Button(_("Cancel"), id="cancel")
        yield SaknadFooter()

    @on(Input.Changed, "#new")
    def _judge(self, event: Input.Changed) -> None:
        self.query_one(StrengthHint).passphrase = event.value

    def _say(self, sentence: str) -> None:
        self.query_one("#passphrase-message", Static).update(Content(sentence))

    @on(Input.Submitted, "#repeat")
    @on(Button.Pressed, "#change")
    def _change(self) -> None:
        current = self.query_one("#current", Input).value
        new = self.query_one("#new", Input).value
        if is_too_short(new):
            self._say(sentence_for(WeakPassphrase("too short")))
        elif new != self.query_one("#repeat", Input).value:
            self._say(_("The two passphrases differ."))
        else:
            self._say(_("Changing the passphrase..."))
            self.query_one("#change", Button).disabled = True
            self._change_passphrase(current, new)

    @work(thread=True, exclusive=True, group="passphrase", exit_on_error=False)
    def _change_passphrase(self, current: str, new: str) -> None:
        self.saknad.access.change_passphrase(self.journal, current, new)
        self.post_message(self.Changed())

    @on(Changed)
    def _changed(self) -> None:
        self.dismiss(True)

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        from storage.errors import WrongPassphrase

        self.query_one("#change", Button).disabled = False
        self._say(sentence)
        if isinstance(error, WrongPassphrase):
            self.query_one("#current", Input).focus()
        return True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
