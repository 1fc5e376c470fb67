"""First run: choose a passphrase and say who keeps the journal."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Static

from tui.bindings import N_
from tui.error_text import sentence_for
from tui.i18n import _
from tui.screens.base import SaknadScreen
from tui.widgets.strength import MIN_LENGTH, StrengthHint


class SetupScreen(SaknadScreen):
    """Creates the encrypted journal; the recovery key comes next, shown once."""

    HELP = N_("Saknad keeps an encrypted journal on this computer. Choose a passphrase of "
              "at least 10 characters: several unrelated words are easy to remember and hard "
              "to guess. Your name, role, school and phone head every report of concern. "
              "Tab moves between fields; Enter in the last field creates the journal.")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup-box", classes="card"):
            yield Static(_("Welcome to Saknad"), classes="app-name")
            yield Static(_("Set up your encrypted journal. Everything about pupils stays in "
                           "it, on this computer."), classes="lead")
            yield from self._field(_("Passphrase"), "passphrase", password=True,
                                   placeholder=_("At least 10 characters, e.g. four words"))
            with Horizontal(classes="form-row"):
                yield Static("", classes="form-label")
                yield StrengthHint(id="strength")
            yield from self._field(_("Repeat passphrase"), "repeat", password=True)
            yield from self._field(_("Your name"), "name")
            yield from self._field(_("Role"), "role", value=_("School counsellor"))
            yield from self._field(_("School"), "school",
                                   placeholder=_("The school you serve"))
            yield from self._field(_("Work phone"), "phone")
            yield Static(_("Your name, role, school and phone head every report of concern."),
                         classes="hint")
            yield Static("", id="setup-message", classes="message")
            with Center():
                yield Button(_("Create journal"), id="create", variant="primary", compact=True)
        yield Footer()

    def _field(self, label: str, field_id: str, *, password: bool = False,
               placeholder: str = "", value: str = "") -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield Input(id=field_id, password=password, placeholder=placeholder, value=value,
                        compact=True)

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()
        self.query_one(StrengthHint).passphrase = ""

    @on(Input.Changed, "#passphrase")
    def _judge(self, event: Input.Changed) -> None:
        self.query_one(StrengthHint).passphrase = event.value

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _say(self, sentence: str) -> None:
        self.query_one("#setup-message", Static).update(sentence)

    @on(Input.Submitted, "#phone")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        passphrase = self.query_one("#passphrase", Input).value
        if len(passphrase.strip()) < MIN_LENGTH:
            self._say(_("The passphrase is too short: use at least 10 characters."))
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
        self._create_journal(passphrase, self._value("name"), self._value("role"),
                             self._value("phone"), self._value("school"))

    @work(thread=True, exclusive=True, group="setup")
    def _create_journal(self, passphrase: str, name: str, role: str, phone: str,
                        school: str) -> None:
        from storage.errors import SaknadError

        try:
            created = self.app.access.create(passphrase)
            created.journal.set_profile(name, role, phone)
            if school:
                created.journal.add_school(school)
            keyring = self.app.access.keyring_available()
        except (SaknadError, OSError) as error:
            self.app.call_from_thread(self._failed, sentence_for(error))
            return
        self.app.call_from_thread(self._show_recovery_key, created, keyring)

    def _failed(self, sentence: str) -> None:
        self.query_one("#create", Button).disabled = False
        self._say(sentence)

    def _show_recovery_key(self, created, keyring_available: bool) -> None:
        from tui.screens.recovery_key import RecoveryKeyScreen

        self.app.journal = created.journal
        self.app.switch_screen(RecoveryKeyScreen(created.recovery_key, keyring_available))
