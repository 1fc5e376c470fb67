"""Unlock: the passphrase, or straight in when this computer remembers the key."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Button, Footer, Input, Label, Static

from tui.bindings import N_
from tui.error_text import sentence_for
from tui.i18n import _
from tui.screens.base import SaknadScreen

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 30


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passphrases: none at first, then 1, 2, 4 ... 30."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


class UnlockScreen(SaknadScreen):
    """Asks for the passphrase. After a lock it always asks, even when the key is remembered."""

    HELP = N_("Type your passphrase and press Enter. If you have forgotten it, choose "
              "\"Forgot passphrase\" and use the recovery key you wrote down at set-up. "
              "After several wrong tries Saknad waits a little longer each time.")

    BINDINGS = [
        Binding("ctrl+r", "forgot", N_("Forgot passphrase"), id="forgot",
                tooltip=N_("Open the journal with your recovery key")),
    ]

    def __init__(self, *, try_remembered: bool = False):
        super().__init__()
        self._try_remembered = try_remembered
        self._failures = 0
        self._wait_left = 0

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="unlock-box", classes="card"):
            yield Static(_("Saknad"), classes="app-name")
            yield Label(_("The journal is locked."), id="unlock-title")
            yield Input(password=True, placeholder=_("Passphrase"), id="passphrase")
            yield Static("", id="unlock-message", classes="message")
            if self.app.demo_passphrase:
                yield Static(_("Demo journal: the passphrase is {passphrase}").format(
                    passphrase=self.app.demo_passphrase), classes="hint")
            with Center():
                yield Button(_("Unlock"), id="unlock", variant="primary")
                yield Button(_("Forgot passphrase"), id="forgot")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()
        if self._try_remembered:
            self._open_remembered()
        else:
            self._warm_up()

    @work(thread=True, exclusive=True, group="unlock")
    def _warm_up(self) -> None:
        # Import storage while the counsellor types, once the screen is painted.
        self.app.access.warm_up()

    @work(thread=True, exclusive=True, group="unlock")
    def _open_remembered(self) -> None:
        from storage.errors import SaknadError

        access = self.app.access
        try:
            if not access.is_remembered():
                return
            journal = access.unlock_remembered()
        except SaknadError as error:
            self.app.call_from_thread(self._say, sentence_for(error))
            return
        self.app.call_from_thread(self.app.unlocked, journal)

    def _say(self, sentence: str) -> None:
        self.query_one("#unlock-message", Static).update(sentence)

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#unlock")
    def _submit(self) -> None:
        field = self.query_one("#passphrase", Input)
        if self._wait_left or not field.value:
            return
        field.disabled = True
        self._say(_("Opening..."))
        self._unlock(field.value)

    @work(thread=True, exclusive=True, group="unlock")
    def _unlock(self, passphrase: str) -> None:
        from storage.errors import SaknadError, WrongPassphrase

        try:
            journal = self.app.access.unlock(passphrase)
        except WrongPassphrase as error:
            self.app.call_from_thread(self._wrong, sentence_for(error))
            return
        except SaknadError as error:
            self.app.call_from_thread(self._failed, sentence_for(error))
            return
        self.app.call_from_thread(self.app.unlocked, journal)

    def _failed(self, sentence: str) -> None:
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.focus()
        self._say(sentence)

    def _wrong(self, sentence: str) -> None:
        self._failures += 1
        field = self.query_one("#passphrase", Input)
        field.value = ""
        self._wait_left = delay_after(self._failures)
        if self._wait_left:
            self._say(sentence + " " + _("Wait {seconds} s.").format(seconds=self._wait_left))
            self.set_timer(1, lambda: self._count_down(sentence))
        else:
            self._failed(sentence)

    def _count_down(self, sentence: str) -> None:
        self._wait_left -= 1
        if self._wait_left > 0:
            self._say(sentence + " " + _("Wait {seconds} s.").format(seconds=self._wait_left))
            self.set_timer(1, lambda: self._count_down(sentence))
        else:
            self._failed(sentence)

    @on(Button.Pressed, "#forgot")
    def action_forgot(self) -> None:
        from tui.screens.recover import RecoverScreen

        self.app.push_screen(RecoverScreen())
