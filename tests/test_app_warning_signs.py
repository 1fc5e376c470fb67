"""Noting a warning sign from the pupil card (tui.dialogs.warning_sign_form): the sign kept as
typed, listed on the card newest first as written (never markup), a day to come refused with
the form kept, and "other" without a note refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from app_helpers import TODAY, wait_for_screen, wait_until
from dialog_world import app_for, make_world, open_card, reopen, screen_text, unlock
from textual.widgets import Input, Select, Static, TextArea

from tui.dialogs.warning_sign_form import WarningSignDialog
from tui.i18n import set_language
from tui.screens.pupil_card import PupilCardScreen

HOSTILE = "[bold]x[/]"


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


async def _sign_dialog(pilot, world) -> WarningSignDialog:
    await unlock(pilot)
    await open_card(pilot, world.ids["alva"])
    await pilot.press("w")
    return await wait_for_screen(pilot, WarningSignDialog)


def _fill(dialog: WarningSignDialog, code: str, observed_on: str, by: str, words: str) -> None:
    dialog.query_one("#sign_code", Select).value = code
    dialog.query_one("#observed_on", Input).value = observed_on
    dialog.query_one("#observed_by", Input).value = by
    dialog.query_one("#own_words", TextArea).insert(words)


async def test_a_sign_noted_from_the_card_is_kept_and_shown_as_written(world):
    set_language("en")
    app = app_for(world)
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await _sign_dialog(pilot, world)
        assert dialog.query_one("#observed_on", Input).value == TODAY.isoformat()
        _fill(dialog, "fear_of_trip_abroad", TODAY.isoformat(), "Mentor Ali", HOSTILE)
        await pilot.press("ctrl+s")
        card = await wait_for_screen(pilot, PupilCardScreen)
        section = card.query_one("#card-signs", Static)
        await wait_until(pilot, lambda: section.display, what="the signs section")
        card.query_one("#card-body").scroll_end(animate=False)
        await pilot.pause()
        shown = screen_text(app)
        assert "Is afraid of being taken abroad over a break · by Mentor Ali" in shown
        assert f"“{HOSTILE}”" in shown  # as written, not read as markup
    with reopen(world) as journal:
        (sign,) = journal.warning_signs(world.ids["alva"])
    assert (sign.sign_code, sign.observed_on) == ("fear_of_trip_abroad", TODAY)
    assert (sign.observed_by, sign.own_words) == ("Mentor Ali", HOSTILE)


async def test_the_card_of_a_pupil_without_signs_has_no_signs_section(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        card = await open_card(pilot, world.ids["alva"])
        await pilot.pause()
        assert not card.query_one("#card-signs-title", Static).display
        assert not card.query_one("#card-signs", Static).display


async def test_a_day_to_come_is_refused_and_the_form_kept(world):
    set_language("en")
    app = app_for(world)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _sign_dialog(pilot, world)
        _fill(dialog, "recurring_absence", tomorrow, "", "Jag är sjuk ofta")
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(
            pilot, lambda: "is in the future" in str(message.render()), what="refusal"
        )
        assert app.screen is dialog
        assert dialog.query_one("#own_words", TextArea).text == "Jag är sjuk ofta"
    with reopen(world) as journal:
        assert journal.warning_signs(world.ids["alva"]) == []


async def test_other_without_a_note_is_refused(world):
    set_language("en")
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _sign_dialog(pilot, world)
        _fill(dialog, "other", TODAY.isoformat(), "", "")
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "Note is needed" in str(message.render()), what="refusal")
        assert app.screen is dialog
    with reopen(world) as journal:
        assert journal.warning_signs(world.ids["alva"]) == []


async def test_a_half_noted_sign_comes_back_after_ctrl_l(world):
    from tui.screens.unlock import UnlockScreen

    app = app_for(world)
    async with app.run_test(size=(110, 32)) as pilot:
        dialog = await _sign_dialog(pilot, world)
        _fill(dialog, "asks_for_help", TODAY.isoformat(), "Mentorn", "Jag är rädd")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        for stack in app._screen_stacks.values():
            assert not any(isinstance(screen, WarningSignDialog) for screen in stack)
        await unlock(pilot)
        back = await wait_for_screen(pilot, WarningSignDialog)
        assert back.pupil_id == world.ids["alva"]
        assert back.query_one("#sign_code", Select).value == "asks_for_help"
        assert back.query_one("#own_words", TextArea).text == "Jag är rädd"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
    with reopen(world) as journal:
        (sign,) = journal.warning_signs(world.ids["alva"])
        assert journal.draft() is None
    assert (sign.sign_code, sign.own_words) == ("asks_for_help", "Jag är rädd")
