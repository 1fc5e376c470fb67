"""A small form dialog: labelled fields, a message line, Save and Cancel.

Subclasses list their fields and implement `save(values)`, which runs in a thread (it talks
to the journal) and returns the value the dialog dismisses with. Input the form cannot use
(FormProblem, an invalid or duplicate identity number) is refused with a sentence under the
fields; any other storage error reaches the app's one handler, and its sentence is shown
under the fields too. Nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, Switch

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadDialog


@dataclass
class Field:
    """One row of a form.

    Attributes:
        key: the name `save` receives the value under.
        label: English label, translated when shown.
        kind: "text", "switch" or "select".
        value: the starting value.
        options: (label, value) pairs for a select; labels already translated.
        placeholder: English hint inside an empty text field.
    """

    key: str
    label: str
    kind: str = "text"
    value: Any = ""
    options: list[tuple[str, Any]] = field(default_factory=list)
    placeholder: str = ""


class FormDialog(SaknadDialog[Any]):
    """Base of Saknad's edit dialogs."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel-form"),
        Binding("ctrl+s", "save", N_("Save"), id="save-form"),
    ]

    TITLE_TEXT = ""

    class Saved(Message):
        """`save` stored the values; the dialog dismisses with `result`."""

        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    class Refused(Message):
        """The values cannot be stored as they are; `sentence` says why."""

        def __init__(self, sentence: str) -> None:
            super().__init__()
            self.sentence = sentence

    def fields(self) -> list[Field]:
        raise NotImplementedError

    def save(self, values: dict[str, Any]) -> Any:
        """Store `values` through the journal (runs in a worker thread); return the result."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="card form-card"):
            yield Label(_(self.TITLE_TEXT), classes="title")
            for item in self.fields():
                with Horizontal(classes="form-row"):
                    yield Label(_(item.label), classes="form-label")
                    if item.kind == "switch":
                        yield Switch(value=bool(item.value), id=item.key)
                    elif item.kind == "select":
                        yield Select(
                            item.options,
                            value=item.value,
                            allow_blank=False,
                            id=item.key,
                            compact=True,
                        )
                    else:
                        yield Input(
                            value=str(item.value or ""),
                            id=item.key,
                            compact=True,
                            placeholder=_(item.placeholder) if item.placeholder else "",
                        )
            yield Static("", id="form-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        fields = self.query("Input, Select, Switch")
        if fields:
            fields.first().focus()

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in self.fields():
            widget = self.query_one(f"#{item.key}")
            if isinstance(widget, Input):
                result[item.key] = widget.value.strip()
            elif isinstance(widget, (Switch, Select)):
                result[item.key] = widget.value
        return result

    def say(self, sentence: str) -> None:
        self.query_one("#form-message", Static).update(sentence)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.say(_("Saving..."))
        self._save(self.values())

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _save(self, values: dict[str, Any]) -> None:
        from storage.errors import DuplicateIdentityNumber
        from storage.identity import InvalidIdentityNumber

        # Refusals of what was typed are answers, not failures: said under the fields with
        # more detail than the general sentence (which number holder, which rule).
        try:
            result = self.save(values)
        except DuplicateIdentityNumber as error:
            self.post_message(self.Refused(self._duplicate_sentence(error.pupil_id)))
            return
        except InvalidIdentityNumber as error:
            from tui.import_text import reason

            self.post_message(
                self.Refused(
                    _("The identity number is not valid: {reason}.").format(
                        reason=reason(getattr(error, "code", "format"))
                    )
                )
            )
            return
        except FormProblem as problem:
            self.post_message(self.Refused(str(problem)))
            return
        self.post_message(self.Saved(result))

    @on(Saved)
    def _saved(self, saved: Saved) -> None:
        self.dismiss(saved.result)

    @on(Refused)
    def _refused(self, refused: Refused) -> None:
        self.say(refused.sentence)

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self.say(sentence)
        return True

    def _duplicate_sentence(self, holder_id: int) -> str:
        card = self.journal.pupil_card(holder_id)
        return _("{name} in {class_name} already has this identity number.").format(
            name=f"{card.pupil.first_name} {card.pupil.last_name}",
            class_name=card.pupil.class_name or _("no class"),
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class FormProblem(Exception):
    """Input the form cannot use; the message is the sentence to show under the fields."""


def parse_date(text: str):
    """A date typed as YYYY-MM-DD, or FormProblem with a sentence the form can show."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FormProblem(_("Write the date as YYYY-MM-DD, e.g. 2026-11-30.")) from None


def require(value: str, what: str) -> str:
    """`value`, or FormProblem naming the empty field (`what` is already translated)."""
    if not value:
        raise FormProblem(_("{field} is needed.").format(field=what))
    return value
