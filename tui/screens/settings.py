"""Settings: language, idle lock, remember on this computer, passphrase, data folder."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static, Switch

from tui.bindings import N_
from tui.error_text import sentence_for
from tui.i18n import _
from tui.screens.base import SaknadScreen
from tui.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES


class SettingsScreen(SaknadScreen):
    """Each change takes effect at once and is saved on this computer (never a pupil's data)."""

    HELP = N_("Language switches at once. The idle lock closes the journal after the chosen "
              "number of minutes without a key press. \"Remember on this computer\" keeps a "
              "key in the operating system's keyring so Saknad opens without the "
              "passphrase; after a lock it always asks. Changing the passphrase does not "
              "change the recovery key.")

    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        journal = self.app.journal
        yield Header(icon="")
        with VerticalScroll(id="settings-body"):
            yield Label(_("Settings"), classes="title")

            yield Label(_("Language"), classes="subtitle")
            yield Select([("Svenska", "sv"), ("English", "en")], value=settings.language,
                         allow_blank=False, id="language")

            yield Label(_("Minutes without activity before Saknad locks"), classes="subtitle")
            with Horizontal(classes="row"):
                yield Input(value=f"{settings.idle_minutes:g}", id="idle", type="number",
                            restrict=r"[0-9.]*")
                yield Button(_("Save"), id="save-idle")

            yield Label(_("Remember on this computer"), classes="subtitle")
            with Horizontal(classes="row"):
                yield Switch(value=bool(journal and journal.is_remembered), id="remember")
                yield Static("", id="remember-note", classes="hint")

            yield Label(_("Passphrase"), classes="subtitle")
            yield Button(_("Change passphrase..."), id="change-passphrase")

            yield Label(_("Data folder"), classes="subtitle")
            yield Static(str(self.app.access.paths.folder), id="data-folder")
            yield Static("", id="settings-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#language", Select).focus()
        self._check_keyring()

    @work(thread=True, exclusive=True, group="keyring")
    def _check_keyring(self) -> None:
        available = self.app.access.keyring_available()
        self.app.call_from_thread(self._show_keyring, available)

    def _show_keyring(self, available: bool) -> None:
        switch = self.query_one("#remember", Switch)
        switch.disabled = not available
        self.query_one("#remember-note", Static).update(
            "" if available else _("No secure keyring on this computer; the passphrase is "
                                   "always needed."))

    def _say(self, sentence: str) -> None:
        self.query_one("#settings-message", Static).update(sentence)

    @on(Select.Changed, "#language")
    def _language(self, event: Select.Changed) -> None:
        if event.value != self.app.settings.language:
            self.app.change_settings(language=event.value)

    @on(Input.Submitted, "#idle")
    @on(Button.Pressed, "#save-idle")
    def _idle(self) -> None:
        try:
            minutes = float(self.query_one("#idle", Input).value)
        except ValueError:
            minutes = -1
        if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
            self._say(_("Choose between {low:g} and {high:g} minutes.").format(
                low=MIN_IDLE_MINUTES, high=MAX_IDLE_MINUTES))
            return
        self.app.change_settings(idle_minutes=minutes)
        self._say(_("Saknad now locks after {minutes:g} min without a key press.").format(
            minutes=minutes))

    @on(Switch.Changed, "#remember")
    def _remember(self, event: Switch.Changed) -> None:
        journal = self.app.journal
        if journal is None or event.value == journal.is_remembered:
            return
        self._set_remembered(event.value)

    @work(thread=True, exclusive=True, group="keyring")
    def _set_remembered(self, remember: bool) -> None:
        from storage.errors import SaknadError

        journal = self.app.journal
        try:
            if remember:
                journal.remember_on_this_computer()
                sentence = _("This computer now remembers the key.")
            else:
                journal.forget_on_this_computer()
                sentence = _("This computer no longer remembers the key.")
        except SaknadError as error:
            sentence = sentence_for(error)
            self.app.call_from_thread(self._reset_switch)
        self.app.call_from_thread(self._say, sentence)

    def _reset_switch(self) -> None:
        journal = self.app.journal
        with self.prevent(Switch.Changed):
            self.query_one("#remember", Switch).value = bool(journal and journal.is_remembered)

    @on(Button.Pressed, "#change-passphrase")
    def _ask_passphrase(self) -> None:
        from tui.dialogs.change_passphrase import ChangePassphraseDialog

        self.app.push_screen(ChangePassphraseDialog(), self._passphrase_given)

    def _passphrase_given(self, result: tuple[str, str] | None) -> None:
        if result is not None:
            self._say(_("Changing the passphrase..."))
            self._change_passphrase(*result)

    @work(thread=True, exclusive=True, group="passphrase")
    def _change_passphrase(self, current: str, new: str) -> None:
        from storage.errors import SaknadError

        try:
            self.app.access.change_passphrase(self.app.journal, current, new)
            sentence = _("The passphrase is changed. Your recovery key still works.")
        except SaknadError as error:
            sentence = sentence_for(error)
        self.app.call_from_thread(self._say, sentence)

    def action_back(self) -> None:
        self.dismiss()
