"""F1: what the current screen is for, and its keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadDialog


class HelpDialog(SaknadDialog[None]):
    """Help for the screen below it: its text and its active keys."""

    BINDINGS = [Binding("escape,f1,q", "close", N_("Close"), id="close-help")]

    def __init__(self, for_screen: Screen):
        super().__init__()
        self._help = _(for_screen.HELP) if for_screen.HELP else ""
        self._keys = [
            (self.app.get_key_display(active.binding), active.binding.description)
            for active in for_screen.active_bindings.values()
            if active.binding.description and active.binding.show
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="card"):
            yield Label(_("Help"), classes="title")
            with VerticalScroll():
                yield Static(Content(self._help or _("No help for this screen.")), id="help-text")
                yield Static(_("Keys"), classes="subtitle")
                for key, description in self._keys:
                    # Plain content: a key or its description is never read as markup.
                    line = Content.assemble((key, "bold"), "  ", description)
                    yield Static(line, classes="help-key")
                yield Static(_("Ctrl+P opens the command palette. Ctrl+Q quits."), classes="hint")
            yield Button(_("Close"), id="close-help", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
