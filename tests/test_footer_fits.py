"""No footer key is ever cut mid-word, and Help always shows (tui.widgets.footer).

At 80 columns Textual's footer drew keys until the terminal ended: home's Hide showed as
"Dö", the notices screen lost Help. The footer now leaves out whole keys from the right
(the app's Lock and Hide first), never Help. Each screen a key on home opens is checked at
80x24 in Swedish and English; home keeps Hide, the key for someone at the door.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from app_helpers import FAST_KDF, TODAY, build_app, wait_for_screen, wait_until
from textual.widgets._footer import FooterKey

from storage.access import create_journal, unlock_with_passphrase
from storage.demo import build_demo
from storage.paths import JournalPaths
from tui.screens.home import HomeScreen
from tui.screens.notices import NoticesScreen
from tui.widgets.footer import key_width, keys_that_fit

PASSPHRASE = "footer fits passphrase"
# The keys on home that open a screen or a dialog of their own on the demo's day.
SCREEN_KEYS = ["r", "n", "p", "c", "k", "s", "v", "d", "o", "w", "i"]


@dataclass
class Demo:
    folder: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    folder = tmp_path_factory.mktemp("footer-demo") / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    with created.journal as journal:
        build_demo(journal, today=TODAY)
    return Demo(folder)


def _shown(screen) -> list[FooterKey]:
    return [k for k in screen.query(FooterKey) if not k.has_class("-command-palette")]


def _keys_cut(screen) -> list[str]:
    """The footer keys not drawn whole: past the palette key or the screen's edge."""
    palette = next(iter(screen.query("FooterKey.-command-palette")), None)
    right = palette.region.x if palette is not None else screen.size.width
    return [
        f"{key.key} {key.description}"
        for key in _shown(screen)
        if key.region.right > right or key.region.width == 0
    ]


def _tidy(screen) -> bool:
    """Nothing cut, and Help shown."""
    return not _keys_cut(screen) and any(key.key == "f1" for key in _shown(screen))


@pytest.mark.parametrize("language", ["sv", "en"])
async def test_no_footer_key_is_cut_and_help_always_shows_at_80x24(demo, language):
    journal = unlock_with_passphrase(JournalPaths(demo.folder), PASSPHRASE)
    app = build_app(demo.folder, journal=journal, language=language)
    untidy: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: _tidy(home), what="home's footer")
        assert {"ctrl+l", "ctrl+b"} <= {key.key for key in _shown(home)}  # Lock and Hide
        for key in SCREEN_KEYS:
            await pilot.press(key)
            await wait_until(pilot, lambda: not isinstance(app.screen, HomeScreen), what=key)
            screen = app.screen
            try:
                await wait_until(pilot, lambda s=screen: _tidy(s), what=key)
            except AssertionError:
                untidy.append(f"{key}: {type(screen).__name__}: {_keys_cut(screen)}")
            while not isinstance(app.screen, HomeScreen):
                await app.pop_screen()
                await pilot.pause(0.05)
    assert untidy == []


async def test_a_wider_terminal_shows_the_keys_left_out_at_80_columns(demo):
    journal = unlock_with_passphrase(JournalPaths(demo.folder), PASSPHRASE)
    app = build_app(demo.folder, journal=journal, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("n")
        notices = await wait_for_screen(pilot, NoticesScreen)

        def hide_shown() -> bool:
            return any(key.key == "ctrl+b" for key in _shown(notices))

        await wait_until(pilot, lambda: _tidy(notices), what="the notices' footer")
        assert not hide_shown()  # no room at 80 columns
        await pilot.resize_terminal(130, 32)
        await wait_until(pilot, hide_shown, what="Hide at 130 columns")
        assert _tidy(notices)
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: not hide_shown() and _tidy(notices), what="80 again")


def _key(key: str, description: str) -> FooterKey:
    return FooterKey(key, key, description, "action")


def test_keys_are_left_out_from_the_right_never_help_and_only_when_needed():
    back, flag, help_key, hide = (
        _key("esc", "Tillbaka"),
        _key("^o", "Flagga"),
        _key("f1", "Hjälp"),
        _key("^b", "Dölj"),
    )
    keys = [back, flag, help_key, hide]
    widths = [key_width(key) for key in keys]
    assert widths == [3 + 8 + 3, 2 + 6 + 3, 2 + 5 + 3, 2 + 4 + 3]
    everything = sum(widths)
    assert keys_that_fit(keys, everything) == keys  # exactly the room: all of them
    assert keys_that_fit(keys, everything - 1) == [back, flag, help_key]  # Hide goes first
    assert keys_that_fit(keys, everything - widths[3]) == [back, flag, help_key]
    assert keys_that_fit(keys, everything - widths[3] - 1) == [back, help_key]  # then Flag
    assert keys_that_fit(keys, 0) == [help_key]  # never Help
