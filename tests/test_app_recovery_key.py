"""A changed key file is said at unlock, and Settings makes a new recovery key, shown once
(issue 9, point 9)."""

from __future__ import annotations

import base64
import json
import secrets

import pytest
from app_helpers import press_button, wait_for_screen, wait_until
from dialog_world import PASSPHRASE, app_for, make_world, unlock
from textual.widgets import Checkbox, Static

from storage import keys
from storage.access import open_with_recovery_key, unlock_with_passphrase
from storage.paths import JournalPaths
from tui.dialogs.confirm import ConfirmDialog
from tui.screens.home import HomeScreen
from tui.screens.recovery_key import RecoveryKeyScreen
from tui.screens.settings import SettingsScreen


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


def _change_recovery_slot(paths: JournalPaths) -> None:
    """As a program that knows the format but not the data key would: a fresh checksum."""
    document = json.loads(paths.key_file.read_text(encoding="utf-8"))
    slot = next(s for s in document["slots"] if s["kind"] == "recovery")
    slot["wrapped"] = base64.b64encode(secrets.token_bytes(48)).decode()
    del document["checksum"]
    document["checksum"] = keys._checksum(document)
    paths.key_file.write_text(json.dumps(document), encoding="utf-8")


async def test_changed_slots_are_said_at_unlock_and_settings_makes_a_new_key(world):
    paths = JournalPaths(world.folder)
    _change_recovery_slot(paths)
    app = app_for(world, language="en")
    async with app.run_test(size=(100, 36)) as pilot:
        await unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(
            pilot,
            lambda: any(
                "recovery key may no longer work" in str(n.message) for n in app._notifications
            ),
            what="the changed-slots warning",
        )
        await pilot.press("s")
        settings = await wait_for_screen(pilot, SettingsScreen)
        assert settings.query("#recovery-warning")

        await press_button(pilot, "#new-recovery-key")
        await wait_for_screen(pilot, ConfirmDialog)
        await press_button(pilot, "#confirm-new")
        shown = await wait_for_screen(pilot, RecoveryKeyScreen)
        new_key = str(shown.query_one("#recovery-key", Static).render()).strip()
        assert "old recovery key no longer works" in str(shown.query_one(".lead", Static).render())
        assert not shown.query("#remember")  # the keyring is a setting of its own

        shown.query_one("#written", Checkbox).value = True
        await pilot.pause()
        await press_button(pilot, "#continue")
        await wait_for_screen(pilot, SettingsScreen)
        assert not settings.query("#recovery-warning")

    with open_with_recovery_key(paths, new_key) as journal:
        assert not journal.key_slots_changed
    with unlock_with_passphrase(paths, PASSPHRASE) as journal:
        assert not journal.key_slots_changed
