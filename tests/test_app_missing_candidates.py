"""Pilot tests of the missing-pupil candidates: opened from home by keyboard, one pupil and two
selected pupils flagged as missing (the open case found in the journal), a pupil marked as
accounted for leaves the list, a second flag refused with a sentence, a flag by hand from the
pupil card, a hostile name shown as written.

The demo world (fictitious pupils, TODAY 2026-11-30, a Monday) plus two pupils of 7B, one
named `[bold]x[/]`, absent without a reason on Thursday and Friday before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from app_helpers import (
    FAST_KDF,
    TODAY,
    build_app,
    fill,
    run_palette_command,
    wait_for_screen,
    wait_until,
)
from sqlmodel import Session, select
from textual.widgets import DataTable, Input, Static

from storage.access import create_journal, unlock_with_passphrase
from storage.codes import CaseKind
from storage.demo import build_demo
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.models import WhereaboutsKnown
from storage.paths import JournalPaths
from storage.whereabouts import KnownBy
from tui.dialogs.missing_flag import AccountedForDialog, FlagByHandDialog, FlagMissingDialog
from tui.screens.home import HomeScreen
from tui.screens.missing_candidates import MissingCandidatesScreen
from tui.screens.pupil_card import PupilCardScreen

PASSPHRASE = "missing candidates passphrase"
HOSTILE = "[bold]x[/]"
ABSENT_DAYS = (date(2026, 11, 26), date(2026, 11, 27))


@dataclass
class World:
    folder: Path
    hostile_id: int
    other_id: int

    def open(self):
        return unlock_with_passphrase(JournalPaths(self.folder), PASSPHRASE)


@pytest.fixture
def world(tmp_path) -> World:
    folder = tmp_path / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    with created.journal as journal:
        build_demo(journal, today=TODAY)
        seven_b = next(c for c in journal.classes() if c.name == "7B")
        ids = []
        for number, first in ((19, HOSTILE), (18, "Tova")):
            pupil = journal.add_pupil(
                fictitious_personnummer(date(2013, 5, 5), number),
                first,
                "Testsson",
                school_id=seven_b.school_id,
                group_id=seven_b.id,
                enrolled_on=date(2026, 8, 1),
            )
            journal.write_marks([MarkWrite(pupil, day, "invalid") for day in ABSENT_DAYS])
            ids.append(pupil)
        return World(folder, ids[0], ids[1])


async def _open_list(pilot) -> tuple[MissingCandidatesScreen, DataTable]:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("v")
    screen = await wait_for_screen(pilot, MissingCandidatesScreen)
    table = screen.query_one("#rows", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0, what="the list")
    await pilot.pause()
    return screen, table


async def _go_to(pilot, table: DataTable, pupil_id: int) -> None:
    table.move_cursor(row=table.get_row_index(str(pupil_id)))
    await pilot.pause()


def _open_missing(world: World, pupil_id: int) -> list:
    with world.open() as journal:
        return [
            c
            for c in journal.open_cases(TODAY)
            if c.pupil_id == pupil_id and c.kind == CaseKind.MISSING
        ]


async def test_the_list_says_why_with_dates_and_shows_a_hostile_name_as_written(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_list(pilot)
        await _go_to(pilot, table, world.hostile_id)
        row = [str(cell) for cell in table.get_row(str(world.hostile_id))]
        assert row[1:3] == ["7B", f"Testsson, {HOSTILE}"]
        assert row[3] == "2 days without a reason"
        hint = str(screen.query_one("#rows-hint", Static).render())
        assert f"{HOSTILE} Testsson:" in hint
        assert (
            "2 school days in a row without a reason (2026-11-26–2026-11-27), "
            "no contact with a guardian" in hint
        )


async def test_flag_one_pupil_by_keyboard_opens_a_missing_case_from_day0(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_list(pilot)
        await _go_to(pilot, table, world.hostile_id)
        await pilot.press("ctrl+o")
        dialog = await wait_for_screen(pilot, FlagMissingDialog)
        assert "2026-11-26–2026-11-27" in dialog.values()["reason"]
        await pilot.press("enter")
        await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(
            pilot, lambda: str(world.hostile_id) not in table.rows, what="the pupil to leave"
        )
    cases = _open_missing(world, world.hostile_id)
    assert len(cases) == 1
    assert cases[0].day0 == ABSENT_DAYS[0]
    assert _open_missing(world, world.other_id) == []


async def test_at_80_columns_the_flag_shows_the_reason_from_its_beginning(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, table = await _open_list(pilot)
        await _go_to(pilot, table, world.hostile_id)
        await pilot.press("ctrl+o")
        dialog = await wait_for_screen(pilot, FlagMissingDialog)
        reason = dialog.query_one("#reason", Input)
        await wait_until(pilot, lambda: reason.cursor_position == 0, what="the cursor")
        await pilot.pause()
        why = reason.value
        assert len(why) > reason.content_region.width  # wider than the field
        assert reason.render_line(0).text.startswith(why[:30])  # its beginning in view
        await pilot.press("x")  # still selected: typing writes a reason of one's own
        assert reason.value == "x"


async def test_flag_two_selected_pupils(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_list(pilot)
        await _go_to(pilot, table, world.hostile_id)
        await pilot.press("space")
        await _go_to(pilot, table, world.other_id)
        await pilot.press("space")
        assert screen.selected == {world.hostile_id, world.other_id}
        assert str(table.get_row(str(world.other_id))[0]) == "[x]"
        await pilot.press("ctrl+o")
        dialog = await wait_for_screen(pilot, FlagMissingDialog)
        await pilot.press("enter")  # no reason yet: refused with a sentence
        await pilot.pause()
        assert "Reason is needed" in str(dialog.query_one("#form-message", Static).render())
        await fill(pilot, "Inte tillbaka, ingen når familjen")
        await pilot.press("enter")
        await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(pilot, lambda: not screen.selected, what="the flags")
    assert len(_open_missing(world, world.hostile_id)) == 1
    assert len(_open_missing(world, world.other_id)) == 1


async def test_accounted_for_leaves_the_list_with_how_it_is_known(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_list(pilot)
        await _go_to(pilot, table, world.other_id)
        await pilot.press("ctrl+a")
        await wait_for_screen(pilot, AccountedForDialog)
        await pilot.press("tab", "tab")  # from the first day on the list to today, as offered
        await fill(pilot, "Sjuk hemma")
        await pilot.press("tab")
        await fill(pilot, "Mamma, i telefon")
        await pilot.press("enter")
        await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(
            pilot, lambda: str(world.other_id) not in table.rows, what="the pupil to leave"
        )
        assert str(world.hostile_id) in table.rows
    with world.open() as journal:
        assert world.other_id not in [p.pupil_id for p in journal.missing_candidates(TODAY).pupils]
        whereabouts = journal.pupil_whereabouts(world.other_id, TODAY)
        assert {d.on_date: d.known_by for d in whereabouts.days if d.on_date in ABSENT_DAYS} == {
            day: (KnownBy.KNOWN,) for day in ABSENT_DAYS
        }
    with world.open() as journal, Session(journal._engine) as session:
        kept = session.exec(select(WhereaboutsKnown)).all()
        assert [(w.pupil_id, w.from_date, w.to_date, w.how, w.source) for w in kept] == [
            (world.other_id, ABSENT_DAYS[0], TODAY, "Sjuk hemma", "Mamma, i telefon")
        ]
    assert _open_missing(world, world.other_id) == []


async def test_a_second_flag_is_refused_with_a_sentence(world):
    with world.open() as journal:
        journal.open_case(world.hostile_id, CaseKind.MISSING, ABSENT_DAYS[0])
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_pupil(world.hostile_id)
        await wait_for_screen(pilot, PupilCardScreen)
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, FlagByHandDialog)
        await fill(pilot, "Syns inte")
        await pilot.press("enter")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "already has" in str(message.render()), what="the refusal")
        # One sentence saying where the case is, not "That value is not accepted: ...
        # Nothing was saved." (no value was wrong).
        assert str(message.render()) == (
            "The pupil already has an open missing-pupil case: O on the card opens it."
        )
    assert len(_open_missing(world, world.hostile_id)) == 1


async def test_flag_by_hand_from_the_card(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_pupil(world.other_id)
        await wait_for_screen(pilot, PupilCardScreen)
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, FlagByHandDialog)
        await fill(pilot, "Kompis säger att hon rest utomlands")
        dialog.query_one("#day0", Input).value = "2026-11-27"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
    cases = _open_missing(world, world.other_id)
    assert [c.day0 for c in cases] == [date(2026, 11, 27)]
    with world.open() as journal:
        entries = journal.pupil_entries(world.other_id)
    assert any("Kompis säger" in e.text for e in entries)


async def test_after_a_break_the_title_says_so_and_each_pupil_why(world, monkeypatch):
    import app_helpers

    after_break = (date(2026, 11, 2), date(2026, 11, 3))  # höstlov is week 44 in the demo
    with world.open() as journal:
        journal.write_marks([MarkWrite(world.hostile_id, day, "invalid") for day in after_break])
    monkeypatch.setattr(app_helpers, "TODAY", after_break[1])
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_list(pilot)
        await _go_to(pilot, table, world.hostile_id)
        title = str(screen.query_one(".title", Static).render())
        assert title == "After Höstlov: pupils not back (2026-11-03)"
        hint = str(screen.query_one("#rows-hint", Static).render())
        assert (
            "Not back after Höstlov: absent 2026-11-02–2026-11-03 without a known reason" in hint
        )
        await pilot.press("ctrl+o")
        await wait_for_screen(pilot, FlagMissingDialog)
        await pilot.press("enter")
        await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(
            pilot, lambda: str(world.hostile_id) not in table.rows, what="the pupil to leave"
        )
    with world.open() as journal:
        cases = [c for c in journal.open_cases(after_break[1]) if c.pupil_id == world.hostile_id]
    assert [c.day0 for c in cases] == [after_break[0]]


async def test_of_two_selected_one_flagged_meanwhile_is_left_as_it_is(world):
    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, table = await _open_list(pilot)
        for pupil in (world.hostile_id, world.other_id):
            await _go_to(pilot, table, pupil)
            await pilot.press("space")
        app.journal.open_case(world.other_id, CaseKind.MISSING, ABSENT_DAYS[1])
        await pilot.press("ctrl+o")
        await wait_for_screen(pilot, FlagMissingDialog)
        await fill(pilot, "Ingen vet var de är")
        await pilot.press("enter")
        await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(pilot, lambda: not table.row_count or not screen.selected, what="flags")
    assert [c.day0 for c in _open_missing(world, world.hostile_id)] == [ABSENT_DAYS[0]]
    assert [c.day0 for c in _open_missing(world, world.other_id)] == [ABSENT_DAYS[1]]


async def test_the_palette_opens_the_candidates_in_swedish(world):

    app = build_app(world.folder, journal=world.open(), language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await run_palette_command(pilot, "möjligen saknade", "Möjligen saknade elever")
        screen = await wait_for_screen(pilot, MissingCandidatesScreen)
        table = screen.query_one("#rows", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2, what="the list")
        assert str(table.get_row(str(world.other_id))[3]) == "2 dagar utan skäl"


async def test_ctrl_t_changes_the_days_in_a_row_and_the_list_follows(world):
    """Three days in a row instead of two: the two-day pupils leave the list; a value out of
    range is refused with a sentence and nothing is kept; the review interval is kept too."""
    from tui.dialogs.missing_settings import MissingSettingsDialog

    app = build_app(world.folder, journal=world.open())
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _open_list(pilot)
        assert str(world.hostile_id) in table.rows
        await pilot.press("ctrl+t")
        dialog = await wait_for_screen(pilot, MissingSettingsDialog)
        field = dialog.query_one("#consecutive_days", Input)
        assert field.value == "2"
        field.value = "99"
        dialog.query_one("#interval_school_days", Input).value = "10"
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(
            pilot, lambda: "outside what Saknad accepts" in str(message.render()), what="refusal"
        )
        assert app.journal.missing_candidate_settings().consecutive_days == 2
        field.value = "3"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(
            pilot, lambda: str(world.hostile_id) not in table.rows, what="the list to follow"
        )
    with world.open() as journal:
        assert journal.missing_candidate_settings().consecutive_days == 3
        assert journal.weekly_review_settings().interval_school_days == 10
