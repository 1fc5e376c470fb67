"""Pilot test of the chronology screen: opened from the pupil card with T, items of several
kinds newest first (what a person wrote shown as written, never as markup), one kind shown
with K."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from app_helpers import build_app, counsellors_journal, wait_for_screen, wait_until
from textual.widgets import DataTable, Static

from storage.codes import CaseKind, ChronologyKind, ContactOutcome
from storage.identity import fictitious_personnummer
from tui.screens.chronology import ChronologyScreen
from tui.screens.pupil_card import PupilCardScreen

DAY0 = date(2026, 11, 24)


@pytest.fixture
def world(tmp_path):
    """Alva with a case opened, a contact logged and an entry written in markup."""
    journal = counsellors_journal(tmp_path)
    alva = journal.add_pupil(fictitious_personnummer(date(2013, 4, 1), 1), "Alva", "Testsson")
    case = journal.open_case(
        alva, CaseKind.MISSING, DAY0, at=datetime(2026, 11, 24, 8, tzinfo=UTC)
    )
    journal.log_contact(
        alva,
        case_id=case,
        outcome=ContactOutcome.NO_ANSWER,
        at=datetime(2026, 11, 24, 9, tzinfo=UTC),
    )
    journal.add_entry(alva, "[bold]x[/]", at=datetime(2026, 11, 24, 10, tzinfo=UTC))
    return build_app(tmp_path / "journal", journal=journal), alva


def _column(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def test_the_chronology_opens_from_the_card_and_filters_by_kind(world):
    app, alva = world
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_pupil(alva)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await pilot.press("T")
        screen = await wait_for_screen(pilot, ChronologyScreen)
        await wait_until(pilot, lambda: screen.items is not None, what="the chronology")
        table = screen.query_one(DataTable)
        assert _column(table, 0) == ["2026-11-24 11:00", "2026-11-24 10:00", "2026-11-24 09:00"]
        assert _column(table, 1) == ["Entry", "Contact", "Case"]
        assert _column(table, 3) == [
            "Note · [bold]x[/]",
            "Phone · Guardian · No answer",
            "Opened",
        ]
        assert [i.kind for i in screen.shown_items()] == [
            ChronologyKind.ENTRY,
            ChronologyKind.CONTACT,
            ChronologyKind.CASE_EVENT,
        ]
        await pilot.press("k", "k")  # all -> register changes -> cases
        await pilot.pause()
        assert screen.kind_filter == ChronologyKind.CASE_EVENT
        assert _column(table, 1) == ["Case"]
        hint = str(screen.query_one("#chronology-hint", Static).render())
        assert hint == "Case: 1 of 3. K shows one kind at a time."
        await pilot.press("escape")
        await wait_for_screen(pilot, PupilCardScreen)
