"""Pilot tests of the dialogs: their own keys and help, a new class when moving, removing a
guardian or sibling link with a confirmation, and notes of several lines (issue 8, point 19)."""

from __future__ import annotations

import json

import pytest
from app_helpers import wait_for_screen, wait_until
from dialog_world import app_for, make_world, open_card, reopen, screen_text, unlock
from textual.widgets import Button, DataTable, Footer, Input, Static, TextArea

from tui.dialogs.form import FormDialog
from tui.dialogs.help import HelpDialog
from tui.screens.pupil_card import PupilCardScreen


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


@pytest.mark.parametrize("size", [(80, 24), (110, 32)])
async def test_a_dialog_shows_its_own_keys_in_the_footer(world, size):
    app = app_for(world)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["alva"])
        # The card's footer is painted after the card: wait for it (it was flaky under load).
        await wait_until(pilot, lambda: "Add guardian" in screen_text(app), what="the card's keys")
        await pilot.press("n")
        dialog = await wait_for_screen(pilot, FormDialog)
        assert dialog.query(Footer), "the dialog has a footer of its own"
        await wait_until(pilot, lambda: "^s Save" in screen_text(app), what="the dialog's keys")
        shown = screen_text(app)
        assert "^s Save" in shown and "esc Cancel" in shown
        assert "Add guardian" not in shown  # the card's keys are not offered in the dialog


async def test_f1_in_a_dialog_shows_help_for_the_dialog(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["alva"])
        await pilot.press("n")
        dialog = await wait_for_screen(pilot, FormDialog)
        await pilot.press("f1")
        help_dialog = await wait_for_screen(pilot, HelpDialog)
        text = str(help_dialog.query_one("#help-text", Static).render())
        assert "Ctrl+S" in text and "Enter" in text
        await pilot.press("escape")
        assert await wait_for_screen(pilot, FormDialog) is dialog


async def test_the_cards_long_help_keeps_its_close_button_on_screen_at_80x24(world):
    # The card's help is longer than 24 rows: its text scrolls, the Close button stays.
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_card(pilot, world.ids["alva"])
        await pilot.press("f1")
        help_dialog = await wait_for_screen(pilot, HelpDialog)
        close = help_dialog.query_one("#close-help", Button)
        box = help_dialog.query_one("#help-box")
        await pilot.pause()
        assert close.region.height >= 3  # drawn whole, with its frame
        assert box.region.y <= close.region.y and close.region.bottom <= box.region.bottom
        assert box.region.bottom <= 24


async def test_move_to_a_class_that_does_not_exist_yet(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        card = await open_card(pilot, world.ids["alva"])
        await pilot.press("m")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#new_class", Input).value = "  8C "
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card.pupil.class_name == "8C", what="the move")
    journal = reopen(world)
    try:
        classes = {c.name: c for c in journal.classes()}
        assert classes["8C"].school_id == world.ids["school"]
        assert classes["8C"].pupil_count == 1
    finally:
        journal.close()


async def test_moving_to_a_typed_class_that_exists_uses_it(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        card = await open_card(pilot, world.ids["alva"])
        await pilot.press("m")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#new_class", Input).value = "5a"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card.pupil.class_name == "5A", what="the move")
    journal = reopen(world)
    try:
        assert sorted(c.name for c in journal.classes()) == ["5A", "7A"]
    finally:
        journal.close()


def _audited_deletes(journal, table: str) -> list[dict]:
    return [
        json.loads(row.changes)
        for row in journal.audit_trail(500)
        if row.action == "delete" and row.table_name == table
    ]


async def test_remove_a_guardian_link_after_a_confirmation(world):
    from tui.dialogs.confirm import ConfirmDialog

    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        card = await open_card(pilot, world.ids["alva"])
        guardians = card.query_one("#guardians", DataTable)
        assert guardians.has_focus and guardians.row_count == 1
        await pilot.press("delete")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        await wait_until(pilot, lambda: "Eva Testsson" in screen_text(app), what="the question")
        await pilot.press("escape")  # changed my mind: nothing is removed
        await wait_for_screen(pilot, PupilCardScreen)
        assert len(app.journal.pupil_card(world.ids["alva"]).guardians) == 1
        await pilot.press("delete")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        await pilot.click(confirm.query_one("#confirm-remove"))
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: guardians.row_count == 0, what="the link to go")
    journal = reopen(world)
    try:
        assert journal.pupil_card(world.ids["alva"]).guardians == []
        # The adult stays (still Bo's mother); the trail keeps the removed link.
        assert [g.first_name for g in journal.pupil_card(world.ids["bo"]).guardians] == ["Eva"]
        (deleted,) = _audited_deletes(journal, "pupil_guardian")
        assert deleted["guardian_id"] == [world.ids["eva"], None]
        assert deleted["pupil_id"] == [world.ids["alva"], None]
    finally:
        journal.close()


async def test_remove_a_sibling_link_after_a_confirmation(world):
    from tui.dialogs.confirm import ConfirmDialog

    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        card = await open_card(pilot, world.ids["alva"])
        siblings = card.query_one("#siblings", DataTable)
        names = [str(siblings.get_row_at(row)[0]) for row in range(siblings.row_count)]
        assert sorted(names) == ["Bo Testsson", "Dani Testsson"]
        siblings.focus()
        siblings.move_cursor(row=names.index("Bo Testsson"))
        await pilot.press("delete")  # found through the shared mother: not a link to remove
        await pilot.pause(0.2)
        assert isinstance(app.screen, PupilCardScreen)
        said = [n.message for n in app._notifications]
        assert said == [
            "Bo Testsson is a sibling through a shared guardian: remove the link to that "
            "guardian instead."
        ]
        siblings.move_cursor(row=names.index("Dani Testsson"))
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Dani Testsson" in screen_text(app)
        await pilot.press("tab", "enter")  # "Keep" has the focus; "Remove" is the next
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: siblings.row_count == 1, what="the link to go")
    journal = reopen(world)
    try:
        assert [s.name for s in journal.pupil_card(world.ids["alva"]).siblings] == ["Bo Testsson"]
        (deleted,) = _audited_deletes(journal, "sibling_link")
        assert deleted["name"] == ["Dani Testsson", None]
    finally:
        journal.close()


async def test_a_note_has_several_lines_and_ctrl_s_saves_it(world):
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        card = await open_card(pilot, world.ids["bo"])
        await pilot.press("n")
        dialog = await wait_for_screen(pilot, FormDialog)
        area = dialog.query_one("#text", TextArea)
        assert area.has_focus
        area.insert("Mentor ringde hem.")
        await pilot.press("enter")  # a new line, not "save"
        area.insert("[b]Mamma[/b] ringer tillbaka.")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        notes = card.query_one("#card-notes", Static)
        await wait_until(pilot, lambda: "Mamma" in str(notes.render()), what="the note")
        # Text from the journal is data: the brackets are shown, not read as markup.
        assert "[b]Mamma[/b] ringer tillbaka." in str(notes.render())
    journal = reopen(world)
    try:
        (note,) = journal.pupil_card(world.ids["bo"]).notes
        assert note.text == "Mentor ringde hem.\n[b]Mamma[/b] ringer tillbaka."
    finally:
        journal.close()
