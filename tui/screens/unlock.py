"""Unlock: the passphrase, or straight in when this computer remembers the key.

Wrong passphrases cost a growing wait, and the count is kept beside the journal
(storage.unlock_attempts), so restarting Saknad does not reset it. After a lock the field takes
the keyboard only after a short pause: keys still being typed into the screen that just locked
(a note, a name) never reach the passphrase field, and never count as a wrong passphrase.
"""

from __future__ import annotations

import math
import time
from contextlib import suppress
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from tui.bindings import N_
from tui.i18n import _
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter

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

    AFTER_LOCK_PAUSE_SECONDS = 0.6
    """After a lock, how long keys are ignored before the passphrase field takes them."""

    AUTO_FOCUS = ""  # the field gets the focus from on_mount, or after the pause after a lock

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

    def __init__(self, *, try_remembered: bool = False, after_lock: bool = False):
        """
        Args:
            try_remembered: open with the key this computer remembers, if it has one.
            after_lock: the journal was just locked; keys typed in the first moment are
                ignored (AFTER_LOCK_PAUSE_SECONDS).
        """
        super().__init__()
        self._try_remembered = try_remembered
        self._after_lock = after_lock
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
        field = self.query_one("#passphrase", Input)
        if self._after_lock:
            # Nothing has the focus yet, so keys typed meanwhile go nowhere.
            self.set_timer(self.AFTER_LOCK_PAUSE_SECONDS, self._take_keys)
        else:
            field.focus()
        self._honour_earlier_failures()
        # Paint first: the footer, the keyring and the storage layer come only after the
        # screen is on the terminal, so none of them delays it.
        self.call_after_refresh(self._after_first_paint)

    def _take_keys(self) -> None:
        field = self.query_one("#passphrase", Input)
        if self.focused is None and not field.disabled:
            field.focus()

    def _honour_earlier_failures(self) -> None:
        """Go on with the wait that wrong passphrases before a restart (or a lock) started."""
        attempts = self.saknad.access.failed_attempts()
        self._failures = attempts.count
        wait = delay_after(attempts.count)
        # A clock set back since the failure must not lengthen the wait beyond its rule.
        left = min(wait, max(0.0, attempts.last_at + wait - time.time()))
        if left > 0:
            self._wait_left = math.ceil(left)
            self.query_one("#passphrase", Input).disabled = True
            self._wait(_("Several wrong passphrases were typed."))

    async def _after_first_paint(self) -> None:
        await self.mount(SaknadFooter())
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
        self.query_one("#unlock-message", Static).update(Content(sentence))

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
        from storage.errors import WrongPassphrase

        access = self.saknad.access
        try:
            journal = access.unlock(passphrase)
        except WrongPassphrase:
            # Unwritable folder: the wait still grows in this session; only a restart forgets.
            with suppress(OSError):
                access.record_failed_attempt()
            raise
        access.clear_failed_attempts()
        self.post_message(self.JournalOpened(journal))

    @on(JournalOpened)
    def _opened(self, opened: JournalOpened) -> None:
        self.saknad.unlocked(opened.journal)
        if opened.journal.key_slots_changed:
            from storage.errors import KeySlotsChanged
            from tui.error_text import sentence_for

            self.app.notify(sentence_for(KeySlotsChanged()), severity="warning", timeout=30)

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
            self._wait(sentence)
        else:
            self._failed(sentence)

    def _wait(self, sentence: str) -> None:
        self._say(sentence + " " + _("Wait {seconds} s.").format(seconds=self._wait_left))
        self.set_timer(self.COUNTDOWN_STEP_SECONDS, lambda: self._count_down(sentence))

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
