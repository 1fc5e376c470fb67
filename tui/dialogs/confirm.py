"""A question with a few answers, as buttons; dismisses the chosen answer, or None (Escape)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadDialog
from tui.widgets.footer import SaknadFooter


class ConfirmDialog(SaknadDialog[str | None]):
    """Asks `question`; each answer is a button, the first one focused (make it the safe one).

    The question may hold names from the journal: it is shown as plain text, never markup.
    """

    HELP = N_(
        "Choose an answer with Tab and Enter, or click it. Escape closes the question "
        "and changes nothing."
    )

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel-question")]

    def __init__(self, title: str, question: str, answers: list[tuple[str, str]]):
        """
        Args:
            title: the dialog's title, translated.
            question: what is asked, translated (names in it are shown as written).
            answers: (value, label) pairs, labels translated; the first one gets the focus.
        """
        super().__init__()
        self._title = title
        self._question = question
        self._answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="card"):
            yield Label(self._title, classes="title", markup=False)
            yield Static(self._question, id="confirm-question", markup=False)
            with Horizontal(classes="buttons"):
                for index, (value, label) in enumerate(self._answers):
                    yield Button(
                        label,
                        id=f"confirm-{value}",
                        variant="primary" if index == 0 else "default",
                        compact=True,
                    )
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _answered(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id).removeprefix("confirm-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


def remove_answers() -> list[tuple[str, str]]:
    """Keep (focused) or remove: the answers to "remove this link?"."""
    return [("keep", _("Keep")), ("remove", _("Remove"))]
