"""A note on the pupil card: its kind (what the pupil said is kept apart from what the
counsellor saw), dated back to write down what happened earlier, never dated forward."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from app_helpers import fill, wait_for_screen, wait_until
from dialog_world import app_for, make_world, open_card, reopen, screen_text, unlock
from textual.widgets import Select, TextArea

from storage.codes import EntryKind
from tui.dialogs.pupil_moves import NoteDialog
from tui.screens.pupil_card import PupilCardScreen


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


async def _note(pilot, world, text: str, when: str) -> NoteDialog:
    await unlock(pilot)
    await open_card(pilot, world.ids["alva"])
    await pilot.press("n")
    dialog = await wait_for_screen(pilot, NoteDialog)
    dialog.query_one("#text", TextArea).insert(text)
    dialog.query_one("#kind", Select).value = str(EntryKind.PUPIL_WORDS)
    await pilot.press("tab", "tab")
    await fill(pilot, when)
    return dialog


async def test_a_note_dated_back_keeps_its_kind_and_local_time(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await _note(pilot, world, "Jag vill inte åka.\nHon var rädd.", "2026-11-02 16:30")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
    with reopen(world) as journal:
        (entry,) = journal.pupil_entries(world.ids["alva"])
    assert entry.kind == EntryKind.PUPIL_WORDS
    assert entry.text == "Jag vill inte åka.\nHon var rädd."
    # 16:30 in Stockholm in November is 15:30 UTC.
    assert entry.at.replace(tzinfo=UTC) == datetime(2026, 11, 2, 15, 30, tzinfo=UTC)


async def test_a_day_without_a_time_is_noon_that_day(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await _note(pilot, world, "Mentorn ringde.", "2026-11-02")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
    with reopen(world) as journal:
        (entry,) = journal.pupil_entries(world.ids["alva"])
    assert entry.at.replace(tzinfo=UTC) == datetime(2026, 11, 2, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("when", "sentence"),
    [
        ("2099-01-01 08:00", "the time is in the future. Nothing was"),
        ("den andra", "Write when as YYYY-MM-DD HH:MM or YYYY-MM-DD"),
        ("2026-11-02 25:00", "Write when as YYYY-MM-DD HH:MM or YYYY-MM-DD"),
    ],
)
async def test_a_note_dated_forward_or_unreadable_is_refused_and_kept(world, when, sentence):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _note(pilot, world, "Ska ringa.", when)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: sentence in screen_text(app), what="the sentence")
        assert app.screen is dialog
        assert dialog.query_one("#text", TextArea).text == "Ska ringa."
    with reopen(world) as journal:
        assert journal.pupil_entries(world.ids["alva"]) == []
