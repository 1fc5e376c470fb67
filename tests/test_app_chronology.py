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


LONG = (
    "Mentorn ringde efter lunch och berättade att en klasskamrat sett henne vid "
    "busshållplatsen vid centralstationen i morse, med en stor väska och en äldre kusin."
)


async def test_a_long_summary_reads_whole_at_80_columns_without_scrolling(tmp_path):
    journal = counsellors_journal(tmp_path)
    alva = journal.add_pupil(fictitious_personnummer(date(2013, 4, 1), 1), "Alva", "Testsson")
    journal.add_entry(alva, LONG, at=datetime(2026, 11, 24, 10, tzinfo=UTC))
    journal.add_entry(alva, "Ringde [i]mamma[/i].", at=datetime(2026, 11, 24, 9, tzinfo=UTC))
    app = build_app(tmp_path / "journal", journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_chronology(alva, "Alva Testsson")
        screen = await wait_for_screen(pilot, ChronologyScreen)
        await wait_until(pilot, lambda: screen.items is not None, what="the chronology")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert _column(table, 3)[0].endswith("…")  # cut in the table...
        detail = screen.query_one("#chronology-detail", Static)
        shown = str(detail.render())
        assert LONG in " ".join(shown.split("\n")[1:]) or LONG in shown.replace("\n", " ")
        assert detail.size.height >= 3  # ...read whole, wrapped, in the detail pane
        await pilot.press("down")
        await pilot.pause()
        assert "Ringde [i]mamma[/i]." in str(detail.render())  # follows the cursor, as data


def test_the_new_kinds_in_words():
    from storage.records import ChronologyItem
    from tui.chronology_words import kind_word, summary

    day = date(2026, 11, 24)
    at = datetime(2026, 11, 24, 10, tzinfo=UTC)
    absent_lessons = ChronologyItem(
        day, ChronologyKind.ABSENCE, "ill", "", 1, day=day, lessons=3, codes=("ill", "invalid")
    )
    assert summary(absent_lessons) == "3 lessons: Ill, Invalid"
    absent_day = ChronologyItem(
        day, ChronologyKind.ABSENCE, "invalid", "", 2, day=day, codes=("invalid",)
    )
    assert summary(absent_day) == "Whole day: Invalid"
    change = ChronologyItem(
        at, ChronologyKind.MARK_CHANGE, "ill", "K", 3, day=day, before="invalid", after="ill"
    )
    assert summary(change) == "2026-11-24: changed Invalid → Ill"
    lesson_change = ChronologyItem(**{**change.__dict__, "lesson": 2, "before": ""})
    assert summary(lesson_change) == "2026-11-24, lesson 2: changed no mark → Ill"
    own_step = ChronologyItem(
        at, ChronologyKind.STEP, "ring_mentor", "K", 4, after="done", label="Ring mentorn"
    )
    assert summary(own_step) == "Ring mentorn: done"
    sibling = ChronologyItem(
        at,
        ChronologyKind.STEP,
        "sibling_school_7",
        "K",
        5,
        after="done",
        text="Bo är i skolan",
        sibling="Bo Testsson, Friskolan Norr",
        counterpart="Rektor Lind",
    )
    assert summary(sibling) == (
        "Sibling at another school: Bo Testsson, Friskolan Norr: done · spoke with Rektor Lind"
        " · Bo är i skolan"
    )
    known = ChronologyItem(
        at,
        ChronologyKind.WHEREABOUTS,
        "",
        "K",
        6,
        day=day,
        until=date(2026, 11, 26),
        text="Hos mormor",
        counterpart="Mamma",
    )
    assert summary(known) == (
        "Whereabouts known 2026-11-24 – 2026-11-26 · from Mamma · Hos mormor"
    )
    assert [kind_word(k) for k in (ChronologyKind.ABSENCE, ChronologyKind.WHEREABOUTS)] == [
        "Absence",
        "Whereabouts",
    ]


async def test_c_corrects_an_entry_and_both_stay_readable(world):
    """C on a journal entry writes a correction that points at it; the original stays and
    the cursor lands on the correction. On any other kind of item C does nothing."""
    from textual.widgets import TextArea

    from tui.dialogs.correct_entry import CorrectEntryDialog

    app, alva = world
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_pupil(alva)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await pilot.press("t")
        screen = await wait_for_screen(pilot, ChronologyScreen)
        await wait_until(pilot, lambda: screen.items is not None, what="the chronology")
        table = screen.query_one(DataTable)
        table.move_cursor(row=1)  # the contact: nothing to correct
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen
        table.move_cursor(row=0)
        await pilot.pause()
        await pilot.press("c")
        dialog = await wait_for_screen(pilot, CorrectEntryDialog)
        area = dialog.query_one("#text", TextArea)
        assert area.text == "[bold]x[/]"
        await pilot.press("ctrl+s")  # the same text is no correction
        await wait_until(
            pilot,
            lambda: "says the same" in str(dialog.query_one("#form-message", Static).render()),
            what="the refusal",
        )
        area.text = "[bold]y[/] (rättat)"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ChronologyScreen)
        await wait_until(
            pilot, lambda: screen.items is not None and len(screen.items) == 4, what="reading"
        )
        await pilot.pause()
        highlighted = screen.highlighted()
        assert highlighted is not None and highlighted.text == "[bold]y[/] (rättat)"
    entries = app.journal.pupil_entries(alva)
    assert [(e.text, e.corrects_id, e.corrected_by) for e in entries] == [
        ("[bold]y[/] (rättat)", entries[1].id, None),
        ("[bold]x[/]", None, entries[0].id),
    ]
