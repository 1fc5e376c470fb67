"""The recovery-key field on the "forgot passphrase" screen shows its hint, and what is typed
(issue 8, point 8): the one moment a stressed person types 32 characters."""

from __future__ import annotations

import pytest
from app_helpers import type_text, wait_for_screen
from dialog_world import app_for, make_world, screen_text
from textual.widgets import Input

from tui.i18n import _
from tui.screens.recover import RecoverScreen
from tui.screens.unlock import UnlockScreen


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("size", [(80, 24), (110, 32)])
async def test_the_recovery_key_field_shows_its_hint_and_what_is_typed(world, language, size):
    app = app_for(world, language=language)
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await pilot.press("ctrl+r")
        screen = await wait_for_screen(pilot, RecoverScreen)
        field = screen.query_one("#recovery-key", Input)
        assert field.has_focus
        hint = _("Recovery key, e.g. ABCD-EFGH-...")
        assert hint in screen_text(app)
        assert field.content_region.height >= 1 and field.content_region.width >= len(hint)
        await type_text(pilot, "ABCD-EFGH-JKLM")
        await pilot.pause()
        shown = screen_text(app)
        assert "ABCD-EFGH-JKLM" in shown and hint not in shown
