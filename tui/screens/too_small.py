"""Shown instead of a squeezed screen when the terminal is too small to use safely."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app import MIN_HEIGHT, MIN_WIDTH
from tui.i18n import _


class TooSmallScreen(ModalScreen[None]):
    """Covers the app until the terminal is large enough again; nothing underneath is lost."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
    }
    TooSmallScreen #too-small {
        width: 100%;
        padding: 0 1;
        color: $warning;
        text-align: center;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            _(
                "The window is too small for Saknad. Make it at least {width} x "
                "{height} characters; nothing is lost meanwhile."
            ).format(width=MIN_WIDTH, height=MIN_HEIGHT),
            id="too-small",
        )
