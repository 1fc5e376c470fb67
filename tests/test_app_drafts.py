"""Unfinished work survives a lock and a quit (issue 8, point 5).

Ctrl+L or the idle lock while writing keeps the text as a draft inside the encrypted journal,
shows nothing of it while locked, and after the unlock brings back the screen and the dialog
with the text; saving or discarding removes the draft. Ctrl+Q with typed text asks.
"""

from __future__ import annotations

import pytest
from app_helpers import FakeClock, wait_for_screen, wait_until
from dialog_world import TODAY, app_for, make_world, open_card, reopen, screen_text, unlock
from textual.widgets import Input, TextArea

from tui import drafts
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.pupil_moves import NoteDialog
from tui.screens.home import HomeScreen
from tui.screens.pupil_card import PupilCardScreen
from tui.screens.unlock import UnlockScreen

NOTE = "Mamma ringde: Bo sover hos mormor.\nRing skolsköterskan"


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr("tui.app.monotonic", fake)
    return fake


async def _write_note(pilot, world) -> NoteDialog:
    await unlock(pilot)
    await open_card(pilot, world.ids["bo"])
    await pilot.press("n")
    dialog = await wait_for_screen(pilot, NoteDialog)
    dialog.query_one("#text", TextArea).insert(NOTE)
    await pilot.pause()
    return dialog


def _nothing_of_it_anywhere(app) -> None:
    """No screen of any mode, no input and no text area holds the note; the screen does not
    show it; the settings do not hold it."""
    for stack in app._screen_stacks.values():
        for screen in stack:
            assert not isinstance(screen, (NoteDialog, PupilCardScreen))
            for area in screen.query(TextArea):
                assert "mormor" not in area.text
            for field in screen.query(Input):
                assert "mormor" not in field.value
    assert "mormor" not in screen_text(app)
    assert "mormor" not in repr(app.settings)


async def _comes_back_with_the_note(pilot, app, world) -> NoteDialog:
    await unlock(pilot)
    dialog = await wait_for_screen(pilot, NoteDialog)
    assert dialog.query_one("#text", TextArea).text == NOTE
    assert dialog.pupil_id == world.ids["bo"]
    below = app.screen_stack[-2]
    assert isinstance(below, PupilCardScreen) and below.pupil_id == world.ids["bo"]
    assert isinstance(app.screen_stack[0], HomeScreen)
    return dialog


async def test_ctrl_l_keeps_the_note_in_the_journal_and_brings_it_back(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await _write_note(pilot, world)
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        _nothing_of_it_anywhere(app)
        kept = reopen(world)
        try:
            draft = kept.draft()
            assert draft is not None and draft.fields == {"text": NOTE, "kind": "note", "when": ""}
            assert draft.dialog == "note_form" and draft.arguments == {"pupil_id": world.ids["bo"]}
        finally:
            kept.close()

        dialog = await _comes_back_with_the_note(pilot, app, world)
        dialog.query_one("#text", TextArea).insert(" i kväll.")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
    journal = reopen(world)
    try:
        (note,) = journal.pupil_card(world.ids["bo"]).notes
        assert note.text == NOTE + " i kväll."
        assert journal.draft() is None  # saved: the draft is gone
    finally:
        journal.close()


async def test_the_idle_lock_keeps_the_note_and_escape_discards_it(world, clock):
    app = app_for(world, idle_minutes=0.01, idle_check_seconds=0.02)
    async with app.run_test(size=(110, 32)) as pilot:
        await _write_note(pilot, world)
        clock.advance(1)
        await wait_for_screen(pilot, UnlockScreen, timeout=5)
        _nothing_of_it_anywhere(app)
        await _comes_back_with_the_note(pilot, app, world)
        await pilot.press("escape")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: app.journal.draft() is None, what="the draft to go")
    journal = reopen(world)
    try:
        assert journal.pupil_card(world.ids["bo"]).notes == []
    finally:
        journal.close()


async def test_a_lock_without_typed_text_comes_back_to_the_card_and_keeps_no_draft(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["alva"])
        await pilot.press("n")  # opened, nothing typed: nothing to keep
        await wait_for_screen(pilot, NoteDialog)
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        await unlock(pilot)
        card = await wait_for_screen(pilot, PupilCardScreen)
        assert card.pupil_id == world.ids["alva"]
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        assert app.journal.draft() is None


async def test_ctrl_q_with_typed_text_asks_and_keep_brings_it_back_next_time(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await _write_note(pilot, world)
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")  # "not now": back to the note, as it was
        dialog = await wait_for_screen(pilot, NoteDialog)
        assert dialog.query_one("#text", TextArea).text == NOTE
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("ctrl+q")  # asked again: still asking, not quitting
        assert isinstance(app.screen, ConfirmDialog) and app.is_running
        await pilot.click("#confirm-keep")
        await wait_until(pilot, lambda: not app.is_running, what="the app to end")

    again = app_for(world)
    async with again.run_test(size=(80, 24)) as pilot:
        await _comes_back_with_the_note(pilot, again, world)


async def test_ctrl_q_discard_quits_and_keeps_nothing(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await _write_note(pilot, world)
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.click("#confirm-discard")
        await wait_until(pilot, lambda: not app.is_running, what="the app to end")
    journal = reopen(world)
    try:
        assert journal.draft() is None
        assert journal.pupil_card(world.ids["bo"]).notes == []
    finally:
        journal.close()


async def test_ctrl_q_without_typed_text_quits_at_once(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["bo"])
        await pilot.press("m")
        await wait_for_screen(pilot, FormDialog)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, what="the app to end")


async def test_a_half_filled_guardian_form_comes_back_after_ctrl_l(world):
    from tui.dialogs.guardian_form import GuardianFormDialog

    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["alva"])
        await pilot.press("g")
        dialog = await wait_for_screen(pilot, GuardianFormDialog)
        dialog.query_one("#first_name", Input).value = "Sam"
        dialog.query_one("#phone", Input).value = "070-000 00 09"
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        assert "070-000 00 09" not in screen_text(app)
        await unlock(pilot)
        dialog = await wait_for_screen(pilot, GuardianFormDialog)
        assert dialog.query_one("#first_name", Input).value == "Sam"
        assert dialog.query_one("#phone", Input).value == "070-000 00 09"
        assert isinstance(app.screen_stack[-2], PupilCardScreen)
        dialog.query_one("#last_name", Input).value = "Exempel"
        await pilot.press("ctrl+s")
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card and len(card.card.guardians) == 2)
        assert app.journal.draft() is None


async def test_a_half_typed_leave_request_comes_back_after_ctrl_l(world):
    from tui.dialogs.leave_form import LeaveRequestDialog

    app = app_for(world)
    async with app.run_test(size=(110, 32)) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["bo"])
        await pilot.press("r")
        dialog = await wait_for_screen(pilot, LeaveRequestDialog)
        dialog.query_one("#destination", Input).value = "Farmor i Umeå"
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        for stack in app._screen_stacks.values():
            assert not any(isinstance(screen, LeaveRequestDialog) for screen in stack)
        await unlock(pilot)
        back = await wait_for_screen(pilot, LeaveRequestDialog)
        assert back.pupil_id == world.ids["bo"]
        assert back.query_one("#destination", Input).value == "Farmor i Umeå"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
    journal = reopen(world)
    try:
        (request,) = journal.pupil_leave(world.ids["bo"], TODAY).requests
        assert request.destination == "Farmor i Umeå"
        assert journal.draft() is None
    finally:
        journal.close()


async def test_a_half_written_worry_comes_back_over_its_report_after_ctrl_l(world):
    """A report's worry (long, written in one go) is kept inside the journal when it locks,
    and comes back over the report it was written for; saving it removes the draft."""
    from tui.dialogs.report_dialogs import WorryDialog
    from tui.screens.report_of_concern import ReportScreen

    worry = "Bo berättade att han ska åka bort länge.\nHan var rädd."
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["bo"])
        await pilot.press("a")
        report = await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: report.view is not None, what="the report")
        await pilot.press("w")
        dialog = await wait_for_screen(pilot, WorryDialog)
        dialog.query_one("#worry", TextArea).insert(worry)
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        for stack in app._screen_stacks.values():
            assert not any(isinstance(screen, WorryDialog) for screen in stack)
        await unlock(pilot)
        back = await wait_for_screen(pilot, WorryDialog)
        assert back.query_one("#worry", TextArea).text == worry
        assert isinstance(app.screen_stack[-2], ReportScreen)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ReportScreen)
    journal = reopen(world)
    try:
        (row,) = journal.report_drafts(world.ids["bo"])
        assert journal.report_of_concern(row.id).worry == worry
        assert journal.draft() is None
    finally:
        journal.close()


async def test_a_secret_field_is_never_kept_in_a_draft(world):
    from tui.dialogs.form import Field

    class WithPassword(FormDialog):
        DRAFT_KIND = "test_with_password"
        TITLE_TEXT = "With a password"

        def fields(self) -> list[Field]:
            return [Field("why", "Why"), Field("password", "Password", kind="secret")]

        def save(self, values):
            return values

    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        dialog = WithPassword()
        app.push_screen(dialog)
        await wait_for_screen(pilot, WithPassword)
        dialog.query_one("#why", Input).value = "Till socialtjänsten"
        dialog.query_one("#password", Input).value = "hemligt lösen"
        await pilot.pause()
        assert dialog.values()["password"] == "hemligt lösen"
        drafts.keep(app.journal, drafts.UnfinishedWork(form=dialog))
        kept = app.journal.draft()
        assert kept is not None and kept.fields == {"why": "Till socialtjänsten"}
