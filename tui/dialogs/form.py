"""A small form dialog: labelled fields, a message line, Save and Cancel.

Subclasses list their fields and implement `save(values)`, which runs in a thread (it talks
to the journal) and returns the value the dialog dismisses with. Input the form cannot use
(FormProblem, an invalid or duplicate identity number) is refused with a sentence under the
fields; any other storage error reaches the app's one handler, and its sentence is shown
under the fields too. Nothing typed is lost. While the values are being stored, Enter, Save
and Escape do nothing (no second save, no closing before the answer).

A form whose class names a DRAFT_KIND is kept as a draft inside the journal when the journal
locks while something is typed (tui.drafts), and comes back from it after the unlock: the
draft's values replace the fields' starting values, and the draft is removed when the form is
saved or cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, Switch, TextArea

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadDialog
from tui.widgets.footer import SaknadFooter


@dataclass
class Field:
    """One row of a form.

    Attributes:
        key: the name `save` receives the value under.
        label: English label, translated when shown.
        kind: "text", "lines" (several lines: Enter makes a new line), "secret" (a text
            shown as dots: a password), "switch" or "select".
        value: the starting value.
        options: (label, value) pairs for a select; labels already translated, or rich Text
            for names from the journal (shown as written, never as markup).
        placeholder: English hint inside an empty text field.
        label_is_data: the label is text from a file (a column header): shown as written,
            never translated and never read as markup.
    """

    key: str
    label: str
    kind: str = "text"
    value: Any = ""
    options: Sequence[tuple[str | Text, Any]] = field(default_factory=list)
    placeholder: str = ""
    label_is_data: bool = False


class FormDialog(SaknadDialog[Any]):
    """Base of Saknad's edit dialogs."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel-form"),
        Binding("ctrl+s", "save", N_("Save"), id="save-form"),
    ]

    TITLE_TEXT = ""

    SAVE_LABEL: ClassVar[str] = N_("Save")
    """The word on the button that does the form's job ("Add"; "Open the day" when nothing
    is stored)."""

    HELP = N_(
        "Tab moves to the next field. Enter or Ctrl+S saves; Escape cancels and keeps "
        "nothing of what was typed."
    )

    DRAFT_KIND: ClassVar[str] = ""
    """The name this form is kept under as a draft when the journal locks (tui.drafts);
    empty: the form is not kept."""

    def __init__(self) -> None:
        super().__init__()
        self.draft_id: int | None = None
        """The draft this form was restored from; removed when the form is saved or cancelled."""
        self._restored: dict[str, Any] = {}
        # Set while the worker saves: Enter again would store the values twice (two notes,
        # two files written), Escape would close the form before it is known whether they were.
        self._saving = False

    def restore(self, values: dict[str, Any], draft_id: int) -> None:
        """Show `values` (a draft's) instead of the starting values; call before mounting."""
        self._restored = dict(values)
        self.draft_id = draft_id

    def draft_arguments(self) -> dict[str, Any]:
        """What the form was opened for, as tui.drafts rebuilds it (ids, never names)."""
        return {}

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
            yield Label(_(self.TITLE_TEXT), classes="title", markup=False)
            for item in self.fields():
                value = self._restored.get(item.key, item.value)
                with Horizontal(classes="form-row"):
                    label = item.label if item.label_is_data else _(item.label)
                    yield Label(label, classes="form-label", markup=False)
                    if item.kind == "switch":
                        yield Switch(value=bool(value), id=item.key)
                    elif item.kind == "select":
                        known = any(option == value for _label, option in item.options)
                        yield Select(
                            item.options,
                            value=value if known else item.value,
                            allow_blank=False,
                            id=item.key,
                            compact=True,
                        )
                    elif item.kind == "lines":
                        area = TextArea(
                            str(value or ""),
                            id=item.key,
                            soft_wrap=True,
                            tab_behavior="focus",
                            compact=True,
                            placeholder=_(item.placeholder) if item.placeholder else "",
                        )
                        area.move_cursor(area.document.end)  # go on writing where it ended
                        yield area
                    else:
                        yield Input(
                            value=str(value or ""),
                            id=item.key,
                            compact=True,
                            placeholder=_(item.placeholder) if item.placeholder else "",
                            password=item.kind == "secret",
                        )
            yield Static("", id="form-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button(_(self.SAVE_LABEL), id="save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
        yield SaknadFooter()

    def on_mount(self) -> None:
        fields = self.query("Input, Select, Switch, TextArea")
        if fields:
            fields.first().focus()

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in self.fields():
            widget = self.query_one(f"#{item.key}")
            if isinstance(widget, Input):
                # A password is taken as typed: a space in it is part of it.
                result[item.key] = widget.value if widget.password else widget.value.strip()
            elif isinstance(widget, TextArea):
                result[item.key] = widget.text.strip()
            elif isinstance(widget, (Switch, Select)):
                result[item.key] = widget.value
        return result

    def draft_values(self) -> dict[str, Any]:
        """The values kept as a draft when the journal locks: never a secret field (a
        password or passphrase is typed again, not kept in the journal)."""
        secret = {item.key for item in self.fields() if item.kind == "secret"}
        return {key: value for key, value in self.values().items() if key not in secret}

    def has_unsaved_work(self) -> bool:
        """Whether anything differs from what the form started with (a restored draft
        counts as unsaved: it is not in the journal yet)."""
        if self.draft_id is not None:
            return True
        typed = self.values()
        for item in self.fields():
            start = item.value
            if item.kind in ("text", "lines", "secret"):
                start = str(start or "").strip()
            elif item.kind == "switch":
                start = bool(start)
            if typed.get(item.key) != start:
                return True
        return False

    def say(self, sentence: str) -> None:
        self.query_one("#form-message", Static).update(Content(sentence))

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
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
        if self.draft_id is not None:
            self.journal.discard_draft(self.draft_id)  # its work is in the journal now
        self.post_message(self.Saved(result))

    @on(Saved)
    def _saved(self, saved: Saved) -> None:
        self.dismiss(saved.result)

    @on(Refused)
    def _refused(self, refused: Refused) -> None:
        self._saving = False
        self.say(refused.sentence)

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self._saving = False
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
        if self._saving:
            return  # the values are being stored; the form closes when they are
        if self.draft_id is not None:
            self.saknad.discard_draft(self.draft_id)
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


def parse_when(text: str):
    """When something happened, typed as YYYY-MM-DD or YYYY-MM-DD HH:MM in the school's local
    time; None when left empty (meaning now). FormProblem with a sentence otherwise.

    Returned as an aware UTC time, as the journal stores it.
    """
    from datetime import UTC, datetime, time

    from storage.whereabouts import SCHOOL_TIME_ZONE

    typed = " ".join(text.split())
    if not typed:
        return None
    try:
        if len(typed) <= len("2026-11-30"):
            # A day without a time: noon, so the day stays the same in every time zone.
            when = datetime.combine(parse_date(typed), time(12, 0))
        else:
            when = datetime.strptime(typed, "%Y-%m-%d %H:%M")
    except (ValueError, FormProblem):
        raise FormProblem(
            _("Write when as YYYY-MM-DD HH:MM or YYYY-MM-DD, e.g. 2026-11-29 16:30.")
        ) from None
    return when.replace(tzinfo=SCHOOL_TIME_ZONE).astimezone(UTC)


def require(value: str, what: str) -> str:
    """`value`, or FormProblem naming the empty field (`what` is already translated)."""
    if not value:
        raise FormProblem(_("{field} is needed.").format(field=what))
    return value


def whole_number_in(typed: str, label: str, allowed: tuple[int, int]) -> int:
    """`typed` as a whole number within `allowed`, or FormProblem naming the range.

    Args:
        typed: what the field holds.
        label: the field's English label (translated in the sentence).
        allowed: the lowest and highest value accepted, both included.
    """
    low, high = allowed
    try:
        number: int | None = int(typed)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise FormProblem(
            _("Write a whole number from {low} to {high} for “{label}”.").format(
                low=low, high=high, label=_(label)
            )
        )
    return number
