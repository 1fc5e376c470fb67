"""Pilot tests of the records due for review (tui/screens/records_review.py) and the right of
access from the pupil card: opened from the palette, the chronology one key away, nothing
deleted without the question, one and two pupils deleted after it, the document plan changed,
a hostile name shown as written, and the right-of-access file written and recorded.

The fictitious world of tests/retention_world.py, plus a second pupil who left in 2018 and
whose first name is markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import retention_world
from app_helpers import FAST_KDF, build_app, fill, run_palette_command, wait_for_screen, wait_until
from textual.widgets import Button, DataTable, Static

from storage.access import create_journal, unlock_with_passphrase
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.document_plan_form import DocumentPlanDialog
from tui.dialogs.right_of_access_form import RightOfAccessDialog
from tui.i18n import set_language
from tui.screens.chronology import ChronologyScreen
from tui.screens.pupil_card import PupilCardScreen
from tui.screens.records_review import RecordsReviewScreen

PASSPHRASE = "records review passphrase"
HOSTILE = "[bold]x[/]"


@dataclass
class World:
    folder: Path
    gone: int
    hostile: int
    kept: int

    def open(self):
        return unlock_with_passphrase(JournalPaths(self.folder), PASSPHRASE)

    def pupil_ids(self) -> set[int]:
        with self.open() as journal:
            return {p.id for p in journal.pupils()} | {
                p.pupil_id for p in journal.records_due_for_review(retention_world.TODAY).pupils
            }


@pytest.fixture
def world(tmp_path) -> World:
    set_language("en")
    folder = tmp_path / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    with created.journal as journal:
        ids = retention_world.build(journal)
        hostile = journal.add_pupil(
            fictitious_personnummer(date(2007, 2, 3), 9),
            HOSTILE,
            "Lämnadsson",
            school_id=ids.school,
            enrolled_on=date(2015, 8, 20),
        )
        journal.add_entry(hostile, "En gammal anteckning")
        journal.mark_left(hostile, on=date(2018, 6, 15), destination="Utomlands")
        return World(folder, ids.gone, hostile, ids.kept)


async def _open_review(pilot) -> tuple[RecordsReviewScreen, DataTable]:
    await run_palette_command(pilot, "records due", "Records due for review")
    screen = await wait_for_screen(pilot, RecordsReviewScreen)
    table = screen.query_one("#rows", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0, what="the list")
    await pilot.pause()
    return screen, table


async def _go_to(pilot, table: DataTable, pupil_id: int) -> None:
    table.move_cursor(row=table.get_row_index(str(pupil_id)))
    await pilot.pause()


async def test_the_list_shows_who_left_long_ago_and_a_hostile_name_as_written(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_review(pilot)
        assert list(table.rows) == [str(world.hostile), str(world.gone)]  # longest gone first
        row = [str(cell) for cell in table.get_row(str(world.gone))]
        assert row == [
            "[ ]",
            "Raderasson, Tovalinnea",
            "Påhittskolan",
            "9B",
            "2019-06-14",
            "7",
            "1",
        ]
        hostile = [str(cell) for cell in table.get_row(str(world.hostile))]
        assert hostile[1] == f"Lämnadsson, {HOSTILE}"
        hint = str(screen.query_one("#rows-hint", Static).render())
        assert "Municipal school" in hint and "more than 5 years ago" in hint
        assert "Nothing is deleted unless you choose it." in hint


async def test_the_chronology_is_one_key_away(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        _screen, table = await _open_review(pilot)
        await _go_to(pilot, table, world.gone)
        await pilot.press("ctrl+t")
        chronology = await wait_for_screen(pilot, ChronologyScreen)
        assert chronology.pupil_id == world.gone


async def test_nothing_is_deleted_without_the_question_and_keep_is_the_first_answer(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        _screen, table = await _open_review(pilot)
        await _go_to(pilot, table, world.gone)
        await pilot.press("delete")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        question = str(dialog.query_one("#confirm-question", Static).render())
        assert "Tovalinnea Raderasson" in question and "cannot be undone" in question
        assert dialog.focused is dialog.query_one("#confirm-keep", Button)
        await pilot.press("enter")  # Keep
        await wait_for_screen(pilot, RecordsReviewScreen)
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, RecordsReviewScreen)
        await pilot.pause()
    assert {world.gone, world.hostile} <= world.pupil_ids()


async def test_delete_one_pupil_after_the_question(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        _screen, table = await _open_review(pilot)
        await _go_to(pilot, table, world.gone)
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")  # to "Delete 1 pupil's records"
        await wait_for_screen(pilot, RecordsReviewScreen)
        await wait_until(pilot, lambda: str(world.gone) not in table.rows, what="the deletion")
    assert world.pupil_ids() == {world.hostile, world.kept, world.kept + 1}
    with world.open() as journal:
        trail = journal.audit_trail(limit=1)
    assert trail[0].action == "records_deleted_under_document_plan"


async def test_delete_two_selected_pupils_names_how_many(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_review(pilot)
        await _go_to(pilot, table, world.hostile)
        await pilot.press("space", "space")
        assert screen.selected == {world.gone, world.hostile}
        assert "2 pupils selected." in str(screen.query_one("#rows-hint", Static).render())
        await pilot.press("delete")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        question = str(dialog.query_one("#confirm-question", Static).render())
        assert "about 2 pupils?" in question and "cannot be undone" in question
        assert str(dialog.query_one("#confirm-delete", Button).label) == "Delete 2 pupils' records"
        await pilot.press("tab", "enter")
        await wait_for_screen(pilot, RecordsReviewScreen)
        await wait_until(pilot, lambda: table.row_count == 0, what="the deletion")
        assert "No pupil's records are due for review." in str(
            screen.query_one("#rows-hint", Static).render()
        )
    assert world.gone not in world.pupil_ids() and world.hostile not in world.pupil_ids()


async def test_the_document_plan_changes_the_list(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_review(pilot)
        await pilot.press("ctrl+g")
        await wait_for_screen(pilot, DocumentPlanDialog)
        await pilot.press("tab", "backspace")  # the years field held 5
        await fill(pilot, "8")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, RecordsReviewScreen)
        await wait_until(pilot, lambda: list(table.rows) == [str(world.hostile)], what="8 years")
        assert "more than 8 years ago" in str(screen.query_one("#rows-hint", Static).render())
    with world.open() as journal:
        assert journal.document_plan().review_after_years == 8


async def test_right_of_access_from_the_pupil_card(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_pupil(world.kept)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await run_palette_command(pilot, "right of access", "Right of access")
        await wait_for_screen(pilot, RightOfAccessDialog)
        await fill(pilot, "Begäran om registerutdrag")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        exports = world.folder / "exports"
        await wait_until(pilot, lambda: exports.exists() and any(exports.iterdir()), what="file")
    (written,) = list(exports.iterdir())
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["pupil"]["first_name"] == retention_world.KEPT_FIRST
    with world.open() as journal:
        chronology = journal.chronology(world.kept)
    assert any("export" in str(item.kind) for item in chronology)
