"""Change passphrase: current, new, repeat. Dismisses (current, new) or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Button, Input, Label, Static

from storage.errors import WeakPassphrase
from storage.keys import is_too_short
from tui.bindings import N_
from tui.error_text import sentence_for
from tui.i18n import _
from tui.screens.base import SaknadDialog
from tui.widgets.strength import StrengthHint


class ChangePassphraseDialog(SaknadDialog[tuple[str, str] | None]):
    """Asks for the current and the new passphrase; the caller does the change."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase-box", classes="card"):
            yield Label(_("Change passphrase"), classes="title")
            yield Input(password=True, placeholder=_("Current passphrase"), id="current")
            yield Input(password=True, placeholder=_("New passphrase"), id="new")
            yield StrengthHint(id="strength")
            yield Input(password=True, placeholder=_("Repeat the new passphrase"), id="repeat")
            yield Static("", id="passphrase-message", classes="message")
            with Center():
                yield Button(_("Change"), id="change", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    @on(Input.Changed, "#new")
    def _judge(self, event: Input.Changed) -> None:
        self.query_one(StrengthHint).passphrase = event.value

    @on(Input.Submitted, "#repeat")
    @on(Button.Pressed, "#change")
    def _change(self) -> None:
        current = self.query_one("#current", Input).value
        new = self.query_one("#new", Input).value
        message = self.query_one("#passphrase-message", Static)
        if is_too_short(new):
            message.update(sentence_for(WeakPassphrase("too short")))
        elif new != self.query_one("#repeat", Input).value:
            message.update(_("The two passphrases differ."))
        else:
            self.dismiss((current, new))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
