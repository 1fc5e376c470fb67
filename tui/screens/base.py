"""What every Saknad screen shares: translated bindings, help text, language refresh."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen

from tui.bindings import translate_bindings


class LanguageAware:
    """Mixin: bindings in the active language, re-rendered when the language changes.

    Screens build all their text in compose() through gettext, so recomposing is enough.
    """

    HELP: str = ""
    """What the screen is for and how to use it; English, marked with N_, shown by F1."""

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO, so subclasses need not call this.
        translate_bindings(self)

    def refresh_language(self) -> None:
        self.call_later(self.recompose)


class SaknadScreen(LanguageAware, Screen):
    """A full screen of Saknad."""


ResultType = TypeVar("ResultType")


class SaknadDialog(LanguageAware, ModalScreen[ResultType]):
    """A modal dialog of Saknad that dismisses a value."""
