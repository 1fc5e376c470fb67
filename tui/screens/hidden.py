"""A blank screen for when somebody walks in: nothing of the journal, any key brings it back."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class HiddenScreen(Screen):
    """Covers everything; the app's lock and idle timer keep running underneath."""

    DEFAULT_CSS = """
    HiddenScreen {
        background: $background;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="blank")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss()
