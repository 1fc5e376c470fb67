"""What every Saknad screen shares: a typed handle on the app and the journal, translated
bindings, help text, language refresh, and failed workers handed to the app.

Workers of screens and dialogs run with `exit_on_error=False`: a failed worker does not end
the app. Its `Worker.StateChanged` does not bubble, so the screen hands it on to the app,
whose one handler (`SaknadApp.on_worker_state_changed`) turns the error into its sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from tui.bindings import N_, translate_bindings

if TYPE_CHECKING:
    from storage.journal import Journal
    from tui.app import SaknadApp

    # The mixin only ever sits in front of a Screen; type checkers see it as one.
    _MixinBase = Screen
else:
    _MixinBase = object


def saknad_app(node: DOMNode) -> SaknadApp:
    """The Saknad app that `node` runs in, typed (Textual types `node.app` as any App)."""
    return cast("SaknadApp", node.app)


def open_journal(app: SaknadApp) -> Journal:
    """The app's open journal; JournalLocked when it is locked (also inside a worker)."""
    journal = app.journal
    if journal is None:
        from storage.errors import JournalLocked

        raise JournalLocked("the journal is locked")
    return journal


class LanguageAware(_MixinBase):
    """Mixin: bindings in the active language, re-rendered when the language changes; the
    typed handle on the app; failed workers handed to the app.

    Screens build all their text in compose() through gettext, so recomposing is enough.
    """

    HELP: ClassVar[str | None] = ""
    """What the screen is for and how to use it; English, marked with N_, shown by F1."""

    @property
    def saknad(self) -> SaknadApp:
        """The Saknad app, typed."""
        return saknad_app(self)

    @property
    def journal(self) -> Journal:
        """The open journal; raises storage.errors.JournalLocked when it is locked."""
        return open_journal(saknad_app(self))

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO, so subclasses need not call this.
        translate_bindings(self)

    def refresh_language(self) -> None:
        self.call_later(self.recompose)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Textual calls this for every class in the MRO too; a screen that also defines it
        # still hands its failures on.
        if event.state is WorkerState.ERROR:
            self.app.post_message(Worker.StateChanged(event.worker, event.state))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        """React to a failed worker of this screen (re-enable a button, say it inline).

        Args:
            error: what the worker raised (a storage or file error).
            sentence: the sentence for it, in the active language.

        Returns:
            True when the screen showed the sentence itself; False lets the app show it as
            a notification.
        """
        return False


class SaknadScreen(LanguageAware, Screen):
    """A full screen of Saknad."""


ResultType = TypeVar("ResultType")


class SaknadDialog(LanguageAware, ModalScreen[ResultType]):
    """A modal dialog of Saknad that dismisses a value.

    A modal screen hides the app's ordinary bindings, so F1 is bound here again: help for the
    dialog. Each dialog composes a Footer of its own, so the keys shown are the dialog's.
    """

    BINDINGS = [
        Binding("f1", "app.help", N_("Help"), id="dialog-help", tooltip=N_("Help for this dialog"))
    ]
