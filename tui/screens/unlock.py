"""Unlock: the passphrase, or straight in when this computer remembers the key."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Input, Static

from tui.bindings import N_
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

    HELP = N_(
        "Type your passphrase and press Enter. If you have forgotten it, choose "
        '"Forgot passphrase" and use the recovery key you wrote down at set-up. '
        "After several wrong tries Saknad waits a little longer each time."
    )

    COUNTDOWN_STEP_SECONDS = 1.0
    """How long one second of the wait after wrong passphrases lasts (tests shorten it)."""

    BINDINGS = [
        Binding(
            "ctrl+r",
            "forgot",
            N_("Forgot passphrase"),
            id="forgot",
            tooltip=N_("Open the journal with your recovery key"),
        ),
    ]

    class JournalOpened(Message):
        """The passphrase (or the key this computer remembers) opened the journal."""

        def __init__(self, journal: Any) -> None:
            super().__init__()
            self.journal = journal

    def __init__(self, *, try_remembered: bool = False):
        super().__init__()
        self._try_remembered = try_remembered
        self._failures = 0
        self._wait_left = 0

    def compose(self) -> ComposeResult:
        # Deliberately few widget types: each one's CSS is parsed at start-up, and this is
        # the screen whose first paint the counsellor waits for (see tests/bench).
        with Vertical(id="unlock-box", classes="card"):
            yield Static(_("Saknad"), classes="app-name")
            yield Static(
                _("The journal is locked. Type your passphrase and press Enter."),
                id="unlock-title",
            )
            yield Input(password=True, placeholder=_("Passphrase"), id="passphrase")
            yield Static("", id="unlock-message", classes="message")
            if self.saknad.demo_passphrase:
                yield Static(
                    _("Demo journal: the passphrase is {passphrase}").format(
                        passphrase=self.saknad.demo_passphrase
                    ),
                    classes="hint",
                )
            yield Static(
                _("Forgot your passphrase? Press Ctrl+R to use the recovery key."), classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()
        # Paint first: the footer, the keyring and the storage layer come only after the
        # screen is on the terminal, so none of them delays it.
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        await self.mount(Footer())
        self.refresh_bindings()  # the footer draws its keys when bindings are published
        if self._try_remembered:
            self._open_remembered()
        else:
            self._warm_up()

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _warm_up(self) -> None:
        # Import storage while the counsellor types, once the screen is painted.
        self.saknad.access.warm_up()

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _open_remembered(self) -> None:
        access = self.saknad.access
        if access.is_remembered():
            self.post_message(self.JournalOpened(access.unlock_remembered()))

    def _say(self, sentence: str) -> None:
        self.query_one("#unlock-message", Static).update(sentence)

    @on(Input.Submitted, "#passphrase")
    def _submit(self) -> None:
        field = self.query_one("#passphrase", Input)
        if self._wait_left or not field.value:
            return
        field.disabled = True
        self._say(_("Opening..."))
        self._unlock(field.value)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _unlock(self, passphrase: str) -> None:
        self.post_message(self.JournalOpened(self.saknad.access.unlock(passphrase)))

    @on(JournalOpened)
    def _opened(self, opened: JournalOpened) -> None:
        self.saknad.unlocked(opened.journal)

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        from storage.errors import WrongPassphrase

        if isinstance(error, WrongPassphrase):
            self._wrong(sentence)
        else:
            self._failed(sentence)
        return True

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
            self.set_timer(self.COUNTDOWN_STEP_SECONDS, lambda: self._count_down(sentence))
        else:
            self._failed(sentence)

    def _count_down(self, sentence: str) -> None:
        self._wait_left -= 1
        if self._wait_left > 0:
            self._say(sentence + " " + _("Wait {seconds} s.").format(seconds=self._wait_left))
            self.set_timer(self.COUNTDOWN_STEP_SECONDS, lambda: self._count_down(sentence))
        else:
            self._failed(sentence)

    def action_forgot(self) -> None:
        from tui.screens.recover import RecoverScreen

        self.app.push_screen(RecoverScreen())
