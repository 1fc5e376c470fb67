"""First run: choose a passphrase and say who keeps the journal."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from storage.errors import WeakPassphrase
from storage.keys import MIN_PASSPHRASE_LENGTH, is_too_short
from tui.bindings import N_
from tui.error_text import sentence_for
from tui.i18n import _
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter
from tui.widgets.strength import StrengthHint


class SetupScreen(SaknadScreen):
    """Creates the encrypted journal; the recovery key comes next, shown once."""

    HELP = N_(
        "Saknad keeps an encrypted journal on this computer. Choose a passphrase of "
        "the length the form asks for: several unrelated words are easy to remember and hard "
        "to guess. Your name, role, school and phone head every report of concern. "
        "Tab moves between fields; Enter in the last field creates the journal."
    )

    class JournalCreated(Message):
        """The journal was created and the profile written; its recovery key comes next."""

        def __init__(self, created: Any, keyring_available: bool) -> None:
            super().__init__()
            self.created = created
            self.keyring_available = keyring_available

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup-box", classes="card"):
            yield Static(_("Welcome to Saknad"), classes="app-name")
            yield Static(
                _(
                    "Set up your encrypted journal. Everything about pupils stays in "
                    "it, on this computer."
                ),
                classes="lead",
            )
            yield from self._field(
                _("Passphrase"),
                "passphrase",
                password=True,
                placeholder=_("At least {min_length} characters, e.g. four words").format(
                    min_length=MIN_PASSPHRASE_LENGTH
                ),
            )
            with Horizontal(classes="form-row"):
                yield Static("", classes="form-label")
                yield StrengthHint(id="strength")
            yield from self._field(_("Repeat passphrase"), "repeat", password=True)
            yield from self._field(_("Your name"), "name")
            yield from self._field(_("Role"), "role", value=_("School counsellor"))
            yield from self._field(_("School"), "school", placeholder=_("The school you serve"))
            yield from self._field(_("Work phone"), "phone")
            yield Static(
                _("Your name, role, school and phone head every report of concern."),
                classes="hint",
            )
            yield Static("", id="setup-message", classes="message")
            with Center():
                yield Button(_("Create journal"), id="create", variant="primary", compact=True)
        yield SaknadFooter()

    def _field(
        self,
        label: str,
        field_id: str,
        *,
        password: bool = False,
        placeholder: str = "",
        value: str = "",
    ) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield Input(
                id=field_id, password=password, placeholder=placeholder, value=value, compact=True
            )

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()
        self.query_one(StrengthHint).passphrase = ""

    @on(Input.Changed, "#passphrase")
    def _judge(self, event: Input.Changed) -> None:
        self.query_one(StrengthHint).passphrase = event.value

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _say(self, sentence: str) -> None:
        self.query_one("#setup-message", Static).update(Content(sentence))

    @on(Input.Submitted, "#phone")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        passphrase = self.query_one("#passphrase", Input).value
        if is_too_short(passphrase):
            self._say(sentence_for(WeakPassphrase("too short")))
            self.query_one("#passphrase", Input).focus()
            return
        if passphrase != self.query_one("#repeat", Input).value:
            self._say(_("The two passphrases differ."))
            self.query_one("#repeat", Input).focus()
            return
        if not self._value("name"):
            self._say(_("Your name is needed: it heads every report of concern."))
            self.query_one("#name", Input).focus()
            return
        self.query_one("#create", Button).disabled = True
        self._say(_("Creating the encrypted journal..."))
        self._create_journal(
            passphrase,
            self._value("name"),
            self._value("role"),
            self._value("phone"),
            self._value("school"),
        )

    @work(thread=True, exclusive=True, group="setup", exit_on_error=False)
    def _create_journal(
        self, passphrase: str, name: str, role: str, phone: str, school: str
    ) -> None:
        access = self.saknad.access
        created = access.create(passphrase)
        created.journal.set_profile(name, role, phone)
        if school:
            # With the proposed calendar of this school year: the register works on day one.
            created.journal.add_school(school, propose_calendar_on=self.saknad.today)
        self.post_message(self.JournalCreated(created, access.keyring_available()))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self.query_one("#create", Button).disabled = False
        self._say(sentence)
        return True

    @on(JournalCreated)
    def _show_recovery_key(self, done: JournalCreated) -> None:
        from tui.screens.recovery_key import RecoveryKeyScreen

        self.saknad.journal = done.created.journal
        # Pushed on top: the start mode, set-up included, is dropped when home is shown.
        self.app.push_screen(RecoveryKeyScreen(done.created.recovery_key, done.keyring_available))
