"""Settings: language, idle lock, backup reminder, remember on this computer, passphrase,
data folder."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Header, Input, Label, Select, Static, Switch

from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.screens.base import SaknadScreen
from tui.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES
from tui.widgets.footer import SaknadFooter


class SettingsScreen(SaknadScreen):
    """Each change takes effect at once and is saved on this computer (never a pupil's data)."""

    HELP = N_(
        "Language switches at once. The idle lock closes the journal after the chosen "
        'number of minutes without a key press. "Remember on this computer" keeps a '
        "key in the operating system's keyring so Saknad opens without the "
        "passphrase; after a lock it always asks. Changing the passphrase does not "
        "change the recovery key."
    )

    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]

    class KeyringChecked(Message):
        """Whether this computer has a usable keyring is known."""

        def __init__(self, available: bool) -> None:
            super().__init__()
            self.available = available

    def __init__(self) -> None:
        super().__init__()
        self._keyring_available: bool | None = None
        """Whether this computer has a secure keyring; None until checked. Kept so that a
        language switch (which recomposes the screen) shows the same note and switch."""
        self._backup_days: int | None = None
        """The backup reminder's days as read from the journal; None until read."""

    class BackupDaysRead(Message):
        """The backup reminder's days are read from the journal."""

        def __init__(self, days: int) -> None:
            super().__init__()
            self.days = days

    class Done(Message):
        """A change in a worker is done; `sentence` says what changed."""

        def __init__(self, sentence: str) -> None:
            super().__init__()
            self.sentence = sentence

    class RecoveryKeyMade(Message):
        """A new recovery key is sealed; show it once."""

        def __init__(self, recovery_key: str) -> None:
            super().__init__()
            self.recovery_key = recovery_key

    def compose(self) -> ComposeResult:
        settings = self.saknad.settings
        journal = self.saknad.journal
        yield Header(icon="")
        with VerticalScroll(id="settings-body"):
            yield Label(_("Settings"), classes="title")

            yield Label(_("Language"), classes="subtitle")
            yield Select(
                [("Svenska", "sv"), ("English", "en")],
                value=settings.language,
                allow_blank=False,
                id="language",
            )

            yield Label(_("Minutes without activity before Saknad locks"), classes="subtitle")
            with Horizontal(classes="row"):
                yield Input(
                    value=f"{settings.idle_minutes:g}",
                    id="idle",
                    type="number",
                    restrict=r"[0-9.]*",
                )
                yield Button(_("Save"), id="save-idle")

            # The backup reminder (issue 12): kept in the journal, read in a worker.
            yield Label(
                _("Remind me when the last backup is older than (days)"), classes="subtitle"
            )
            with Horizontal(classes="row"):
                yield Input(
                    value=str(self._backup_days or ""),
                    id="backup-days",
                    type="integer",
                    restrict=r"[0-9]*",
                )
                yield Button(_("Save"), id="save-backup-days")

            yield Label(_("Remember on this computer"), classes="subtitle")
            with Horizontal(classes="row"):
                yield Switch(
                    value=bool(journal and journal.is_remembered),
                    id="remember",
                    disabled=self._keyring_available is False,
                )
                yield Static(self._keyring_note(), id="remember-note", classes="hint")

            yield Label(_("Passphrase"), classes="subtitle")
            yield Button(_("Change passphrase..."), id="change-passphrase")

            yield Label(_("Recovery key"), classes="subtitle")
            if journal is not None and journal.key_slots_changed:
                yield Static(
                    _(
                        "The key file was changed outside Saknad: your recovery key may no "
                        "longer work. Make a new one."
                    ),
                    id="recovery-warning",
                    classes="message",
                )
            yield Button(_("Make a new recovery key..."), id="new-recovery-key")

            yield Label(_("Data folder"), classes="subtitle")
            yield Static(str(self.saknad.access.paths.folder), id="data-folder", markup=False)
        # Under the scrolling body, not at its end: at 24 rows the end is out of sight, and
        # "Save" seemed to do nothing. Shown once there is something to say.
        message = Static("", id="settings-message", classes="message")
        message.display = False
        yield message
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#language", Select).focus()
        self._check_keyring()
        self._read_backup_days()

    @work(thread=True, exclusive=True, group="backup-days", exit_on_error=False)
    def _read_backup_days(self) -> None:
        days = self.journal.backup_reminder_settings().remind_after_days
        self.post_message(self.BackupDaysRead(days))

    @on(BackupDaysRead)
    def _show_backup_days(self, read: BackupDaysRead) -> None:
        self._backup_days = read.days
        self.query_one("#backup-days", Input).value = str(read.days)

    @on(Input.Submitted, "#backup-days")
    @on(Button.Pressed, "#save-backup-days")
    def _save_backup_days(self) -> None:
        from storage.backup_reminder import BackupReminderSettings

        typed = self.query_one("#backup-days", Input).value
        value = BackupReminderSettings(int(typed)) if typed.isdigit() else None
        if value is None or not value.valid():
            self._say(_("Choose between 1 and 365 days."))
            return
        self._keep_backup_days(value)

    @work(thread=True, exclusive=True, group="backup-days", exit_on_error=False)
    def _keep_backup_days(self, value) -> None:
        self.journal.save_backup_reminder_settings(value)
        self._backup_days = value.remind_after_days
        self.post_message(
            self.Done(
                ngettext(
                    "Home now reminds you when the last backup is older than {days} day.",
                    "Home now reminds you when the last backup is older than {days} days.",
                    value.remind_after_days,
                ).format(days=value.remind_after_days)
            )
        )

    @work(thread=True, exclusive=True, group="keyring", exit_on_error=False)
    def _check_keyring(self) -> None:
        self.post_message(self.KeyringChecked(self.saknad.access.keyring_available()))

    @on(KeyringChecked)
    def _show_keyring(self, checked: KeyringChecked) -> None:
        self._keyring_available = checked.available
        self.query_one("#remember", Switch).disabled = not checked.available
        self.query_one("#remember-note", Static).update(self._keyring_note())

    def _keyring_note(self) -> str:
        if self._keyring_available is False:
            return _("No secure keyring on this computer; the passphrase is always needed.")
        return ""

    def refresh_language(self) -> None:
        # Recomposing drops the focus; give it back to the field that had it (the language
        # select, when that is what changed the language).
        focused = self.focused.id if self.focused is not None else None
        self.call_later(self._recompose_keeping_focus, focused or "language")

    async def _recompose_keeping_focus(self, focused_id: str) -> None:
        await self.recompose()
        found = self.query(f"#{focused_id}")
        (found.first() if found else self.query_one("#language", Select)).focus()

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self._reset_switch()
        self._say(sentence)
        return True

    @on(Done)
    def _done(self, done: Done) -> None:
        self._say(done.sentence)

    def _say(self, sentence: str) -> None:
        message = self.query_one("#settings-message", Static)
        message.update(Content(sentence))
        message.display = bool(sentence)

    @on(Select.Changed, "#language")
    def _language(self, event: Select.Changed) -> None:
        if event.value != self.saknad.settings.language:
            self.saknad.change_settings(language=event.value)

    @on(Input.Submitted, "#idle")
    @on(Button.Pressed, "#save-idle")
    def _idle(self) -> None:
        try:
            minutes = float(self.query_one("#idle", Input).value)
        except ValueError:
            minutes = -1
        if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
            self._say(
                _("Choose between {low:g} and {high:g} minutes.").format(
                    low=MIN_IDLE_MINUTES, high=MAX_IDLE_MINUTES
                )
            )
            return
        self.saknad.change_settings(idle_minutes=minutes)
        self._say(
            _("Saknad now locks after {minutes:g} min without a key press.").format(
                minutes=minutes
            )
        )

    @on(Switch.Changed, "#remember")
    def _remember(self, event: Switch.Changed) -> None:
        journal = self.saknad.journal
        if journal is None or event.value == journal.is_remembered:
            return
        self._set_remembered(event.value)

    @work(thread=True, exclusive=True, group="keyring", exit_on_error=False)
    def _set_remembered(self, remember: bool) -> None:
        if remember:
            self.journal.remember_on_this_computer()
            self.post_message(self.Done(_("This computer now remembers the key.")))
        else:
            self.journal.forget_on_this_computer()
            self.post_message(self.Done(_("This computer no longer remembers the key.")))

    def _reset_switch(self) -> None:
        journal = self.saknad.journal
        with self.prevent(Switch.Changed):
            self.query_one("#remember", Switch).value = bool(journal and journal.is_remembered)

    @on(Button.Pressed, "#change-passphrase")
    def _ask_passphrase(self) -> None:
        from tui.dialogs.change_passphrase import ChangePassphraseDialog

        self.app.push_screen(ChangePassphraseDialog(), self._passphrase_changed)

    def _passphrase_changed(self, changed: bool | None) -> None:
        if changed:
            self._say(_("The passphrase is changed. Your recovery key still works."))

    @on(Button.Pressed, "#new-recovery-key")
    def _ask_new_recovery_key(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        question = _(
            "A new recovery key is shown once, and the one you wrote down stops working. "
            "Your passphrase does not change."
        )
        answers = [("keep", _("Keep the old key")), ("new", _("Make a new key"))]
        self.app.push_screen(
            ConfirmDialog(_("New recovery key"), question, answers), self._recovery_key_answer
        )

    def _recovery_key_answer(self, answer: str | None) -> None:
        if answer == "new":
            self._make_recovery_key()

    @work(thread=True, exclusive=True, group="recovery-key", exit_on_error=False)
    def _make_recovery_key(self) -> None:
        self.post_message(self.RecoveryKeyMade(self.journal.replace_recovery_key()))

    @on(RecoveryKeyMade)
    def _show_recovery_key(self, made: RecoveryKeyMade) -> None:
        from tui.screens.recovery_key import RecoveryKeyScreen

        for warning in self.query("#recovery-warning"):
            warning.remove()
        self.app.push_screen(RecoveryKeyScreen(made.recovery_key, False, replacing=True))
        self._say(_("A new recovery key is made; the old one no longer works."))

    def action_back(self) -> None:
        self.dismiss()
