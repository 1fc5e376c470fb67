"""Wrong passphrases: keys typed as the screen locks do not count, and the wait after wrong
passphrases survives a restart (issue 8, point 21)."""

from __future__ import annotations

import json
import re
import stat
import time

import pytest
from app_helpers import wait_for_screen, wait_until
from dialog_world import PASSPHRASE, app_for, make_world, unlock
from textual.widgets import Input, Static

from storage.paths import JournalPaths
from storage.unlock_attempts import (
    FailedAttempts,
    attempts_file,
    read_attempts,
    record_failure,
)
from tui.screens.home import HomeScreen
from tui.screens.unlock import UnlockScreen


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


@pytest.fixture
def short_countdown(monkeypatch) -> None:
    """The wait counts in twentieths of a second instead of seconds."""
    monkeypatch.setattr(UnlockScreen, "COUNTDOWN_STEP_SECONDS", 0.05)


def _message(screen) -> str:
    return str(screen.query_one("#unlock-message", Static).render())


async def test_keys_typed_as_the_screen_locks_are_not_a_wrong_passphrase(world, monkeypatch):
    # A longer pause than the real one, so that a busy test machine types within it too.
    monkeypatch.setattr(UnlockScreen, "AFTER_LOCK_PAUSE_SECONDS", 2.0)
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        # Still typing (a name, a note) when the lock comes: the rest lands on the lock screen.
        await pilot.press("ctrl+l", "h", "e", "j", "enter", "d", "enter")
        screen = await wait_for_screen(pilot, UnlockScreen)
        await pilot.pause(0.3)
        field = screen.query_one("#passphrase", Input)
        assert screen._failures == 0 and _message(screen) == ""
        assert field.value == ""
        assert not attempts_file(JournalPaths(world.folder)).exists()
        # Then the field takes the keyboard, and the passphrase opens the journal.
        await unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)


async def test_the_wait_after_wrong_passphrases_survives_a_restart(world, short_countdown):
    paths = JournalPaths(world.folder)
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, UnlockScreen)
        field = screen.query_one("#passphrase", Input)
        for attempt in (1, 2):
            field.value = "not the passphrase"
            await pilot.press("enter")
            await wait_until(pilot, lambda a=attempt: screen._failures == a, what="a failure")
            await wait_until(pilot, lambda: not field.disabled, what="the field")
    kept = read_attempts(paths)
    assert kept.count == 2 and abs(kept.last_at - time.time()) < 60
    # Only a count and a time, readable by the owner only.
    assert set(json.loads(attempts_file(paths).read_text())) == {"count", "last_at"}
    assert stat.S_IMODE(attempts_file(paths).stat().st_mode) == 0o600
    for _ in range(4):
        record_failure(paths, time.time())  # six in all: the next try waits 8 s

    restarted = app_for(world)
    async with restarted.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, UnlockScreen)
        field = screen.query_one("#passphrase", Input)
        assert field.disabled and screen._failures == 6
        # Eight seconds from the last failure, less the time the restart took.
        assert re.search(r"Wait [1-8] s", _message(screen))
        await wait_until(pilot, lambda: not field.disabled, what="the wait to end")
        field.value = "still not the passphrase"
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen._failures == 7, what="the seventh failure")
        assert re.search(r"Wait 1[0-6] s", _message(screen))  # 16 s, counting down
        assert read_attempts(paths).count == 7
        await wait_until(pilot, lambda: not field.disabled, what="the wait to end")
        await unlock(pilot, PASSPHRASE)
        await wait_for_screen(pilot, HomeScreen)
    assert not attempts_file(paths).exists()  # opened: the count starts again


def test_an_unreadable_attempts_file_counts_as_none(tmp_path):
    paths = JournalPaths(tmp_path)
    attempts_file(paths).write_text("{not json")
    assert read_attempts(paths) == FailedAttempts()
    assert record_failure(paths, 1234.5) == FailedAttempts(1, 1234.5)
