"""Helpers for pilot tests: build the app through the real factory, wait for screens."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from storage.keys import Argon2Params
from tui.app_factory import make_app
from tui.settings import MemorySettingsStore, Settings

TODAY = date(2026, 11, 30)
FAST_KDF = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)
# How long a pilot test waits for a screen or a condition before it fails. Generous: CI runs
# four workers on two cores, and a wait only costs this long when the test fails anyway.
WAIT_SECONDS = 20.0


def counsellors_journal(tmp_path: Path):
    """A new journal in tmp_path/"journal" (fast KDF), open, with the counsellor's profile."""
    from storage.access import create_journal
    from storage.paths import JournalPaths

    created = create_journal(
        JournalPaths(tmp_path / "journal"), "four calm words here", params=FAST_KDF
    )
    journal = created.journal
    journal.set_profile("Kim Fiktiv", "Skolkurator")
    return journal


def build_app(
    folder: Path,
    *,
    language: str = "en",
    idle_minutes: float = 5.0,
    idle_check_seconds: float = 1.0,
    **kwargs,
):
    store = MemorySettingsStore(Settings(language=language, idle_minutes=idle_minutes))
    return make_app(
        folder=folder,
        settings_store=store,
        today=TODAY,
        kdf_params=FAST_KDF,
        idle_check_seconds=idle_check_seconds,
        **kwargs,
    )


async def wait_for_screen(pilot, screen_type, timeout: float = WAIT_SECONDS):
    """Wait until the app's active screen is a `screen_type`; return it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not isinstance(pilot.app.screen, screen_type):
        if loop.time() > deadline:
            raise AssertionError(
                f"expected {screen_type.__name__}, got {type(pilot.app.screen).__name__}"
            )
        await pilot.pause(0.05)
    await pilot.pause()
    return pilot.app.screen


async def wait_until(pilot, condition, timeout: float = WAIT_SECONDS, what: str = "condition"):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def type_text(pilot, text: str) -> None:
    """Type `text` key by key (about 70 ms a key: use `fill` unless typing is the point)."""
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def fill(pilot, text: str):
    """Put `text` into the focused input at once, where typing it would have gone.

    The input inserts it at the cursor and posts Changed, as it does for typed keys; only
    the key-by-key typing is skipped (about 70 ms a key). Focus moves as before (tab, or the
    screen's own focus), so tests still follow the keyboard path; one test,
    test_unlock_with_the_passphrase, still types.

    Returns:
        The input that got the text.
    """
    from textual.widgets import Input

    await pilot.pause()  # a focus() just asked for moves first, as before a key press
    field = pilot.app.focused
    assert isinstance(field, Input), f"expected a focused input, got {field!r}"
    field.insert_text_at_cursor(text)
    await pilot.pause()
    return field


class FakeClock:
    """A monotonic clock that only moves when the test says so (for the idle lock)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def press_button(pilot, selector: str) -> None:
    """Focus a button and press Enter, as a keyboard user would (it may be scrolled away)."""
    from textual.widgets import Button

    button = pilot.app.screen.query_one(selector, Button)
    await wait_until(pilot, lambda: not button.has_class("-active"), what="the button")
    button.focus()
    await pilot.pause()
    await pilot.press("enter")


async def open_import_screen(pilot):
    """From home: I, and wait until the import screen has its schools; the ImportScreen."""
    from textual.widgets import Select

    from tui.screens.home import HomeScreen
    from tui.screens.import_list import ImportScreen

    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("i")
    screen = await wait_for_screen(pilot, ImportScreen)
    await wait_until(
        pilot,
        lambda: screen.query_one("#school", Select).value not in (None, Select.BLANK),
        what="schools",
    )
    return screen


async def read_in_import_screen(pilot, path):
    """From home: open the import screen, type `path` and press Enter; the ImportScreen."""
    screen = await open_import_screen(pilot)
    await read_path(pilot, screen, path)
    return screen


async def read_path(pilot, screen, path) -> None:
    """On an import screen: type `path` into the file field and press Enter."""
    from textual.widgets import Input

    screen.query_one("#path", Input).value = str(path)
    screen.query_one("#path", Input).focus()
    await pilot.press("enter")


def choose_columns(dialog, fields) -> None:
    """In a column-mapping dialog, map the file's columns, in order, to `fields`."""
    from textual.widgets import Select

    for index, name in enumerate(fields):
        dialog.query_one(f"#column-{index}", Select).value = name


async def confirm_mapping(pilot, screen) -> None:
    """Ctrl+S in the column-mapping dialog; back on the import `screen`, wait for its preview."""
    await pilot.press("ctrl+s")
    await wait_for_screen(pilot, type(screen))
    await wait_until(pilot, lambda: screen.preview is not None, what="the preview")


async def run_palette_command(pilot, words: str, command: str) -> None:
    """Open the palette, type `words`, and choose the hit whose prompt holds `command`.

    The hit is chosen by its text, not by its place: other providers (pupils, journal text,
    the app's own commands) add hits as they answer, in no fixed order.
    """
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    palette = await wait_for_screen(pilot, CommandPalette)
    await fill(pilot, words)
    hits = palette.query_one(CommandList)

    def index() -> int | None:
        return next((i for i, o in enumerate(hits.options) if command in str(o.prompt)), None)

    await wait_until(pilot, lambda: index() is not None, what="the command")
    await pilot.pause()
    found = index()
    assert found is not None
    hits.highlighted = found
    await pilot.press("enter")
