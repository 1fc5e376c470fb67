"""Pilot tests of the app shell: set-up, unlock, recovery, lock, idle lock, hide, settings."""

from __future__ import annotations

import re

import pytest
from app_helpers import (
    FAST_KDF,
    FakeClock,
    build_app,
    fill,
    press_button,
    type_text,
    wait_for_screen,
    wait_until,
)
from textual.widgets import Button, Checkbox, Input, Select, Static

from storage.access import create_journal, unlock_with_passphrase
from storage.keys import KEYRING
from storage.paths import JournalPaths
from tui.dialogs.change_passphrase import ChangePassphraseDialog
from tui.dialogs.help import HelpDialog
from tui.screens.hidden import HiddenScreen
from tui.screens.home import HomeScreen
from tui.screens.recover import RecoverScreen
from tui.screens.recovery_key import RecoveryKeyScreen
from tui.screens.settings import SettingsScreen
from tui.screens.setup import SetupScreen
from tui.screens.unlock import UnlockScreen, delay_after

PASSPHRASE = "four calm words here"


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "journal"


@pytest.fixture
def existing(folder):
    """A journal with a counsellor, closed; returns its recovery key."""
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    created.journal.set_profile("Kim Fiktiv", "Skolkurator")
    created.journal.close()
    return created.recovery_key


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    """The idle lock's clock, moved by the test instead of waited for."""
    fake = FakeClock()
    monkeypatch.setattr("tui.app.monotonic", fake)
    return fake


@pytest.fixture
def short_countdown(monkeypatch) -> None:
    """The wait after wrong passphrases counts in quarter seconds instead of seconds."""
    monkeypatch.setattr(UnlockScreen, "COUNTDOWN_STEP_SECONDS", 0.25)


async def _unlock(pilot, passphrase: str = PASSPHRASE) -> None:
    screen = await wait_for_screen(pilot, UnlockScreen)
    # After a lock the field takes the keyboard only after a short pause (issue 8, point 21).
    field = screen.query_one("#passphrase", Input)
    await wait_until(pilot, lambda: field.has_focus, what="the passphrase field's focus")
    await fill(pilot, passphrase)
    await pilot.press("enter")


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_first_run_sets_up_a_journal_and_shows_the_recovery_key_once(folder, no_keyring):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, SetupScreen)
        await fill(pilot, PASSPHRASE)
        await pilot.press("tab")
        await fill(pilot, PASSPHRASE)
        await pilot.press("tab")
        await fill(pilot, "Kim Fiktiv")
        screen.query_one("#school", Input).value = "Påhittade skolan"
        screen.query_one("#phone", Input).focus()
        await fill(pilot, "070 000 00 00")
        await pilot.press("enter")

        key_screen = await wait_for_screen(pilot, RecoveryKeyScreen)
        shown = _text(key_screen, "#recovery-key")
        assert re.fullmatch(r"([0-9A-Z]{4}-){7}[0-9A-Z]{4}", shown.strip())
        assert key_screen.query_one("#continue", Button).disabled
        assert "no secure keyring" in _text(key_screen, ".hint")
        await pilot.press("space")  # tick "I have written it down"
        assert not key_screen.query_one("#continue", Button).disabled
        await press_button(pilot, "#continue")
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: "Kim Fiktiv" in _text(app.screen, "#greeting"))
        assert "empty" in _text(app.screen, "#summary")

    with unlock_with_passphrase(JournalPaths(folder), PASSPHRASE) as journal:
        assert journal.profile().name == "Kim Fiktiv"
        assert journal.profile().phone == "070 000 00 00"
        assert journal.summary().schools == 1
        # The school has the proposed calendar of the app's school year (2026/27).
        school = journal.schools()[0]
        terms = [p for p in journal.calendar_periods(school.id) if p.kind == "term"]
        assert [t.name for t in terms] == ["Hösttermin 2026", "Vårtermin 2027"]
    # The recovery key shown is the real one.
    from storage.access import unlock_with_recovery_key

    unlock_with_recovery_key(
        JournalPaths(folder), shown, "another long passphrase", params=FAST_KDF
    ).close()


async def test_set_up_refuses_differing_passphrases_and_writes_nothing(folder):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, SetupScreen)
        await fill(pilot, PASSPHRASE)
        await pilot.press("tab")
        await fill(pilot, "something else entirely")
        screen.query_one("#name", Input).value = "Kim Fiktiv"
        await press_button(pilot, "#create")
        await pilot.pause()
        assert "differ" in _text(screen, "#setup-message")
        assert isinstance(app.screen, SetupScreen)
    assert not folder.exists()


async def test_set_up_remembers_the_key_when_asked(folder, memory_keyring):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, SetupScreen)
        for field, value in (
            ("passphrase", PASSPHRASE),
            ("repeat", PASSPHRASE),
            ("name", "Kim Fiktiv"),
        ):
            screen.query_one(f"#{field}", Input).value = value
        await press_button(pilot, "#create")
        key_screen = await wait_for_screen(pilot, RecoveryKeyScreen)
        key_screen.query_one("#written", Checkbox).value = True
        key_screen.query_one("#remember", Checkbox).value = True
        await pilot.pause()
        await press_button(pilot, "#continue")
        await wait_for_screen(pilot, HomeScreen)
    assert len(memory_keyring.entries) == 1
    # Next start opens straight to home, without the passphrase.
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)


async def test_unlock_with_the_passphrase(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        # The one test that types key by key, as the counsellor does; the others fill fields.
        await wait_for_screen(pilot, UnlockScreen)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)
        assert app.journal is not None and app.journal.is_open


async def test_wrong_passphrase_says_so_and_slows_down(folder, existing, short_countdown):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, UnlockScreen)
        field = screen.query_one("#passphrase", Input)
        for attempt in range(1, 4):
            await fill(pilot, "not the passphrase")
            await pilot.press("enter")
            await wait_until(
                pilot, lambda attempt=attempt: screen._failures == attempt, what="a failure"
            )
        message = _text(screen, "#unlock-message")
        assert "does not open the journal" in message
        assert "Traceback" not in message
        assert "Wait 1 s" in message
        assert field.disabled  # the third failure costs a wait
        assert app.journal is None
        await wait_until(pilot, lambda: not field.disabled, timeout=5, what="the wait to end")


def test_the_wait_grows_and_is_capped():
    assert [delay_after(n) for n in range(1, 10)] == [0, 0, 1, 2, 4, 8, 16, 30, 30]


async def test_forgot_passphrase_opens_with_the_recovery_key(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await pilot.press("ctrl+r")
        await wait_for_screen(pilot, RecoverScreen)
        await fill(pilot, existing.lower().replace("-", " "))
        await pilot.press("tab")
        await fill(pilot, "a new long passphrase")
        await pilot.press("tab")
        await fill(pilot, "a new long passphrase")
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)
    unlock_with_passphrase(JournalPaths(folder), "a new long passphrase").close()


async def test_the_typed_recovery_key_is_visible(folder, existing):
    """The recover screen's input shares its id with the key shown at set-up; the set-up
    screen's heavy border and padding must not squeeze it to nothing."""
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await pilot.press("ctrl+r")
        screen = await wait_for_screen(pilot, RecoverScreen)
        await type_text(pilot, "ABCD EFGH")
        await pilot.pause()
        field = screen.query_one("#recovery-key", Input)
        assert field.value == "ABCD EFGH"
        assert field.content_region.height >= 1 and field.content_region.width >= 20
        assert "ABCD EFGH" in _screen_text(app)


def _screen_text(app) -> str:
    """The text of the screen as drawn (the SVG export's text runs, joined)."""
    import html

    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return "".join(html.unescape(run).replace("\xa0", " ") for run in runs)


async def test_wrong_recovery_key_is_a_sentence(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await pilot.press("ctrl+r")
        screen = await wait_for_screen(pilot, RecoverScreen)
        screen.query_one("#recovery-key", Input).value = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"
        screen.query_one("#new", Input).value = "a new long passphrase"
        screen.query_one("#repeat", Input).value = "a new long passphrase"
        await press_button(pilot, "#recover")
        await wait_until(
            pilot, lambda: "recovery key does not" in _text(screen, "#recover-message")
        )
        assert app.journal is None


async def test_lock_drops_the_journal_and_always_asks_again(folder, existing, memory_keyring):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        journal = app.journal
        journal.remember_on_this_computer()
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        assert app.journal is None and not journal.is_open
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.pause(0.3)
        # Remembered, yet after a lock the passphrase is asked for.
        assert isinstance(app.screen, UnlockScreen) and app.journal is None
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)


async def test_idle_timeout_locks_by_itself(folder, existing, clock):
    app = build_app(folder, idle_minutes=0.01, idle_check_seconds=0.02)  # 0.6 s idle
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        clock.advance(0.7)  # past the 0.6 s, on the idle lock's clock
        await wait_for_screen(pilot, UnlockScreen, timeout=5)
        assert app.journal is None


async def test_activity_keeps_the_journal_open(folder, existing, clock):
    app = build_app(folder, idle_minutes=0.02, idle_check_seconds=0.02)  # 1.2 s idle
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        for _ in range(8):
            clock.advance(0.3)  # 8 x 0.3 s: twice the idle time in all, never in one go
            await pilot.pause(0.05)  # the idle check runs a few times in between
            await pilot.press("shift")  # any key counts as activity
        assert app.journal is not None


async def test_hide_screen_blanks_at_once_and_one_key_brings_it_back(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: "Kim Fiktiv" in _text(app.screen, "#greeting"))
        await pilot.press("ctrl+b")
        hidden = await wait_for_screen(pilot, HiddenScreen)
        assert "Kim" not in "".join(str(w.render()) for w in hidden.query(Static))
        assert "Kim" not in app.export_screenshot()
        await pilot.press("x")
        await wait_for_screen(pilot, HomeScreen)
        assert app.journal is not None


async def test_language_switch_re_renders_in_swedish(folder, existing):
    app = build_app(folder, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: "Good day" in _text(home, "#greeting"))
        await pilot.press("s")
        settings = await wait_for_screen(pilot, SettingsScreen)
        settings.query_one("#language", Select).value = "sv"
        await wait_until(pilot, lambda: app.settings.language == "sv", what="the change")
        assert app.settings.language == "sv"
        assert app.settings_store.load().language == "sv"
        await wait_until(
            pilot, lambda: "Inställningar" in app.export_screenshot(), what="Swedish settings"
        )
        await pilot.press("escape")
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: "Kim Fiktiv" in _text(home, "#greeting"))
        assert "Good day" not in _text(home, "#greeting")
        footer = app.export_screenshot()
        assert "Lås" in footer and "Lock" not in footer


async def test_settings_idle_timeout_and_data_folder(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("s")
        screen = await wait_for_screen(pilot, SettingsScreen)
        assert str(folder) in _text(screen, "#data-folder")
        idle = screen.query_one("#idle", Input)
        idle.value = "500"
        await press_button(pilot, "#save-idle")
        assert "between" in _text(screen, "#settings-message")
        assert app.settings.idle_minutes == 5.0
        idle.value = "12"
        await press_button(pilot, "#save-idle")
        assert app.settings.idle_minutes == 12.0
        assert app.settings_store.load().idle_minutes == 12.0


async def test_change_passphrase_from_settings(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("s")
        screen = await wait_for_screen(pilot, SettingsScreen)
        await press_button(pilot, "#change-passphrase")
        dialog = await wait_for_screen(pilot, ChangePassphraseDialog)
        dialog.query_one("#current", Input).value = PASSPHRASE
        dialog.query_one("#new", Input).value = "the brand new passphrase"
        dialog.query_one("#repeat", Input).value = "the brand new passphrase"
        await press_button(pilot, "#change")
        await wait_for_screen(pilot, SettingsScreen)
        await wait_until(pilot, lambda: "is changed" in _text(screen, "#settings-message"))
    unlock_with_passphrase(JournalPaths(folder), "the brand new passphrase").close()


async def test_remember_switch_in_settings(folder, existing, memory_keyring):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("s")
        screen = await wait_for_screen(pilot, SettingsScreen)
        from textual.widgets import Switch

        await wait_until(pilot, lambda: not screen.query_one("#remember", Switch).disabled)
        screen.query_one("#remember", Switch).value = True
        await wait_until(pilot, lambda: KEYRING in app.journal._slots.slots)
        assert len(memory_keyring.entries) == 1
        screen.query_one("#remember", Switch).value = False
        await wait_until(pilot, lambda: not memory_keyring.entries)


async def test_remember_switch_is_disabled_without_a_keyring(folder, existing, no_keyring):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("s")
        screen = await wait_for_screen(pilot, SettingsScreen)
        from textual.widgets import Switch

        await wait_until(pilot, lambda: "No secure keyring" in _text(screen, "#remember-note"))
        assert screen.query_one("#remember", Switch).disabled


async def test_f1_opens_help_for_the_current_screen(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await pilot.press("f1")
        dialog = await wait_for_screen(pilot, HelpDialog)
        assert "recovery key" in _text(dialog, "#help-text")
        await pilot.press("escape")
        await wait_for_screen(pilot, UnlockScreen)


async def test_palette_has_saknads_commands_and_no_screenshot(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Lock", "Settings", "Hide screen", "Help", "Quit"} <= set(titles)
        assert not any("creenshot" in title for title in titles)


async def test_resizing_keeps_what_was_typed(folder):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, SetupScreen)
        await fill(pilot, PASSPHRASE)
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.query_one("#passphrase", Input).value == PASSPHRASE


async def test_an_unexpected_error_shows_a_sentence_not_a_traceback(folder, existing):
    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot)
        await wait_for_screen(pilot, HomeScreen)
        journal = app.journal
        try:
            raise RuntimeError("Alva Testsson 201203149834")
        except RuntimeError:
            app._fatal_error()
        shown = " ".join(str(r) for r in app._exit_renderables)
        app._exit_renderables.clear()
    assert "Alva" not in shown and "Traceback" not in shown
    assert "unexpected" in shown
    assert not journal.is_open


async def test_a_tiny_terminal_gets_a_sentence_and_loses_nothing(folder):
    from tui.screens.too_small import TooSmallScreen

    app = build_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, SetupScreen)
        await fill(pilot, PASSPHRASE)
        await pilot.resize_terminal(40, 10)
        small = await wait_for_screen(pilot, TooSmallScreen)
        assert "too small" in str(small.query_one("#too-small", Static).render())
        await pilot.resize_terminal(80, 24)
        await wait_for_screen(pilot, SetupScreen)
        assert screen.query_one("#passphrase", Input).value == PASSPHRASE
