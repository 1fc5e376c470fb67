"""Settings after a language switch, and a wrong current passphrase (issue 8, point 20)."""

from __future__ import annotations

import pytest
from app_helpers import press_button, wait_for_screen, wait_until
from dialog_world import PASSPHRASE, app_for, make_world, unlock
from textual.widgets import Input, Select, Static, Switch

from storage.access import unlock_with_passphrase
from storage.paths import JournalPaths
from tui.dialogs.change_passphrase import ChangePassphraseDialog
from tui.screens.home import HomeScreen
from tui.screens.settings import SettingsScreen


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


async def _settings(pilot) -> SettingsScreen:
    await unlock(pilot)
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("s")
    return await wait_for_screen(pilot, SettingsScreen)


def _note(screen) -> str:
    return str(screen.query_one("#remember-note", Static).render())


async def test_after_a_language_switch_the_language_field_has_the_focus(world):
    app = app_for(world, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _settings(pilot)
        screen.query_one("#language", Select).value = "sv"
        await wait_until(
            pilot,
            lambda: (
                screen.query_one("#language", Select).value == "sv"
                and "Inställningar" in app.export_screenshot()
            ),
            what="Swedish settings",
        )
        # The focus comes back once the screen has recomposed; a busy machine may take longer.
        await wait_until(
            pilot,
            lambda: app.focused is screen.query_one("#language", Select),
            what="the focus back on the language field",
        )
        await pilot.press("down")  # the keyboard still works from where the counsellor was
        await pilot.pause()
        assert app.screen is screen


async def test_the_no_keyring_note_stays_after_a_language_switch(world, no_keyring):
    app = app_for(world, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _settings(pilot)
        await wait_until(pilot, lambda: "No secure keyring" in _note(screen), what="the note")
        screen.query_one("#language", Select).value = "sv"
        await wait_until(
            pilot, lambda: "Inställningar" in app.export_screenshot(), what="Swedish settings"
        )
        await pilot.pause(0.3)
        note = _note(screen)
        assert note.strip() and "No secure keyring" not in note  # there, and in Swedish
        assert screen.query_one("#remember", Switch).disabled


async def test_a_wrong_current_passphrase_keeps_the_dialog_and_what_was_typed(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _settings(pilot)
        await press_button(pilot, "#change-passphrase")
        dialog = await wait_for_screen(pilot, ChangePassphraseDialog)
        typed = {
            "#current": "not the passphrase",
            "#new": "the brand new passphrase",
            "#repeat": "the brand new passphrase",
        }
        for selector, value in typed.items():
            dialog.query_one(selector, Input).value = value
        await press_button(pilot, "#change")
        message = dialog.query_one("#passphrase-message", Static)
        await wait_until(
            pilot, lambda: "does not open" in str(message.render()), what="the refusal"
        )
        assert app.screen is dialog
        for selector, value in typed.items():
            assert dialog.query_one(selector, Input).value == value
        assert dialog.query_one("#current", Input).has_focus  # where the mistake is

        dialog.query_one("#current", Input).value = PASSPHRASE
        await press_button(pilot, "#change")
        await wait_for_screen(pilot, SettingsScreen)
        await wait_until(
            pilot,
            lambda: "is changed" in str(screen.query_one("#settings-message", Static).render()),
            what="the confirmation",
        )
    unlock_with_passphrase(JournalPaths(world.folder), "the brand new passphrase").close()


async def test_both_buttons_of_the_passphrase_dialog_are_inside_it_at_24_rows(world):
    """Stacked, the Cancel button fell below the dialog's edge at 80x24 (only its top showed)."""
    from textual.widgets import Button

    app = app_for(world, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settings(pilot)
        await press_button(pilot, "#change-passphrase")
        dialog = await wait_for_screen(pilot, ChangePassphraseDialog)
        dialog.query_one("#new", Input).value = "short"  # the strength hint takes its row
        await pilot.pause()
        box = dialog.query_one("#passphrase-box").content_region  # inside the border
        for button in dialog.query(Button):
            region = button.region
            assert region.height, button.id
            assert box.contains_region(region), (button.id, region, box)


async def test_what_settings_say_after_save_is_in_sight_at_24_rows(world):
    """The answer to Save was written at the end of the scrolling body, below the screen's
    edge at 80x24: the counsellor saw nothing happen."""
    app = app_for(world, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _settings(pilot)
        screen.query_one("#idle", Input).value = "0"
        await press_button(pilot, "#save-idle")
        message = screen.query_one("#settings-message", Static)
        await wait_until(pilot, lambda: str(message.render()).strip(), what="the answer")
        await pilot.pause()
        from tui.widgets.footer import SaknadFooter

        footer = screen.query_one(SaknadFooter).region
        assert message.region.height
        assert screen.region.contains_region(message.region)
        assert message.region.bottom <= footer.y  # above the footer, not under it
