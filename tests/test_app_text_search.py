"""Pilot tests of the palette's journal-text search: a word a counsellor wrote is offered as
"Journal text: <snippet> – <pupil>" (data, never markup), choosing it opens the pupil's
chronology on that entry; fewer than three characters search nothing; a locked journal
offers nothing and shows no traceback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from app_helpers import build_app, counsellors_journal, fill, wait_for_screen, wait_until
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Static

from storage.codes import ChronologyKind
from storage.identity import fictitious_personnummer
from tui.screens.chronology import ChronologyScreen
from tui.screens.home import HomeScreen
from tui.screens.unlock import UnlockScreen


@pytest.fixture
def world(tmp_path):
    """Alva with three entries; the one in the middle holds the word and some markup."""
    journal = counsellors_journal(tmp_path)
    alva = journal.add_pupil(fictitious_personnummer(date(2013, 4, 1), 1), "Alva", "Testsson")
    journal.add_entry(alva, "Ringde mamma.", at=datetime(2026, 11, 24, 8, tzinfo=UTC))
    entry = journal.add_entry(
        alva,
        "Mentorn: [bold]x[/] sågs vid busshållplatsen.",
        at=datetime(2026, 11, 24, 9, tzinfo=UTC),
    )
    journal.add_entry(alva, "Inget nytt.", at=datetime(2026, 11, 24, 10, tzinfo=UTC))
    return journal, alva, entry


def _prompts(palette) -> list[str]:
    """Each option's first line (the second is its help)."""
    return [str(o.prompt).split("\n")[0] for o in palette.query_one(CommandList).options]


async def _search(pilot, query: str):
    await pilot.press("ctrl+p")
    palette = await wait_for_screen(pilot, CommandPalette)
    await fill(pilot, query)
    return palette


async def test_a_word_opens_the_chronology_on_its_entry(world, tmp_path):
    journal, alva, entry = world
    app = build_app(tmp_path / "journal", journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        palette = await _search(pilot, "busshåll")
        await wait_until(
            pilot,
            lambda: any(p.startswith("Journal text:") for p in _prompts(palette)),
            what="the hit",
        )
        [hit] = [p for p in _prompts(palette) if p.startswith("Journal text:")]
        # Markup in the text is shown as written, the pupil after the dash.
        assert "[bold]x[/]" in hit and "busshållplatsen" in hit
        assert hit.endswith("– Alva Testsson")
        options = palette.query_one(CommandList).options
        row = next(i for i, o in enumerate(options) if str(o.prompt).startswith(hit))
        assert str(options[row].prompt).endswith("\nno class · 2026-11-24 10:00")
        await pilot.press(*["down"] * (row + 1), "enter")
        screen = await wait_for_screen(pilot, ChronologyScreen)
        await wait_until(pilot, lambda: screen.items is not None, what="the chronology")
        table = screen.query_one(DataTable)
        shown = screen.shown_items()[table.cursor_row]
        assert (shown.kind, shown.source_id) == (ChronologyKind.ENTRY, entry)
        assert table.cursor_row == 1  # the newest entry is above it
        detail = str(screen.query_one("#chronology-detail", Static).render())
        assert "Mentorn: [bold]x[/] sågs vid busshållplatsen." in detail


async def test_two_characters_search_no_text(world, tmp_path):
    journal, _alva, _entry = world
    app = build_app(tmp_path / "journal", journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        palette = await _search(pilot, "bu")
        await pilot.pause(0.3)
        assert not any(p.startswith("Journal text:") for p in _prompts(palette))
        await fill(pilot, "s")  # "bus": three characters
        await wait_until(
            pilot,
            lambda: any(p.startswith("Journal text:") for p in _prompts(palette)),
            what="the hit",
        )


async def test_a_locked_journal_offers_nothing_and_no_traceback(world, tmp_path):
    journal, _alva, _entry = world
    app = build_app(tmp_path / "journal", journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        # Locked under the palette's feet: the facade raises JournalLocked, the provider
        # yields nothing.
        palette = await _search(pilot, "Ringde")
        await wait_until(
            pilot,
            lambda: any(p.startswith("Journal text:") for p in _prompts(palette)),
            what="the hit",
        )
        journal.close()
        await fill(pilot, " mamma")
        await pilot.pause(0.5)
        assert not any(p.startswith("Journal text:") for p in _prompts(palette))
        await pilot.press("escape")
        # Locked with Ctrl+L: the palette finds no journal text at all.
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, UnlockScreen)
        assert app.journal is None
        palette = await _search(pilot, "busshållplatsen")  # the palette opens here too
        await pilot.pause(0.5)
        assert not any(p.startswith("Journal text:") for p in _prompts(palette))
        assert app.return_code is None and app._exception is None


def test_the_matched_words_are_bold_and_the_rest_plain():
    from storage.records import TextHit
    from tui.commands import text_hit_display

    snippet = "sågs vid [bold]busshållplatsen[/] i morse"
    start = snippet.index("busshållplatsen")
    hit = TextHit(
        pupil_id=1,
        first_name="Alva",
        last_name="Testsson",
        class_name="7B",
        source="entry",
        source_id=1,
        chronology_kind=ChronologyKind.ENTRY,
        when=None,
        snippet=snippet,
        matches=((start, start + len("busshållplatsen")),),
    )
    display = text_hit_display(hit)
    assert display.plain == f"Journal text: {snippet} – Alva Testsson"
    [span] = display.spans
    assert display.plain[span.start : span.end] == "busshållplatsen"
    assert str(span.style) == "bold"
