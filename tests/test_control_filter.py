"""No text on screen carries a terminal command, whatever a widget was given (issue 9, point 4)."""

from __future__ import annotations

from datetime import date

from app_helpers import FAST_KDF, build_app, wait_for_screen, wait_until

from storage.access import create_journal
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths

OSC_52 = "\x1b]52;c;SGVsbG8=\x07"  # writes "Hello" to the clipboard in many terminals
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
RTL = "\u202e"


async def test_names_from_the_journal_reach_the_terminal_without_control_characters(tmp_path):
    from tui.screens.class_list import ClassListScreen
    from tui.screens.home import HomeScreen
    from tui.screens.pupil_card import PupilCardScreen

    journal = create_journal(
        JournalPaths(tmp_path / "journal"), "four calm words here", params=FAST_KDF
    ).journal
    journal.set_profile(f"Kim{TITLE} Fiktiv", "Skolkurator")
    school = journal.add_school("Påhittade skolan")
    group = journal.add_group(school, f"7A{CLEAR}", school_year=7)
    pupil = journal.add_pupil(
        fictitious_personnummer(date(2013, 4, 2), 1),
        f"Ul{OSC_52}la",
        f"Ek{RTL}son",
        school_id=school,
        group_id=group,
    )
    journal.add_entry(pupil, f"Ringde {OSC_52}hem")
    app = build_app(tmp_path / "journal", journal=journal)
    seen = []
    async with app.run_test(size=(110, 32)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        seen.append(app.screen._compositor.render_update(full=True).render_segments(app.console))
        app.push_screen(ClassListScreen(group, f"7A{CLEAR}"))
        screen = await wait_for_screen(pilot, ClassListScreen)
        await wait_until(pilot, lambda: "Ekson" in app.export_screenshot(), what="the list")
        seen.append(app.screen._compositor.render_update(full=True).render_segments(app.console))
        app.open_pupil(pupil)
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card is not None, what="the card")
        await pilot.pause()
        seen.append(app.screen._compositor.render_update(full=True).render_segments(app.console))
        assert screen is not None
    for terminal in seen:
        assert "\x1b]" not in terminal and CLEAR not in terminal and RTL not in terminal
    assert "Kim" in seen[0] and "Ekson" in seen[1] and "Ekson" in seen[2]
    assert "]52;c;SGVsbG8=" in seen[2]  # what is left of the sequence is plain, visible text


def test_the_filter_keeps_joiners_and_ordinary_text():
    from rich.segment import Segment
    from textual.color import Color

    from tui.control_filter import ControlCharacterFilter

    text = "Ali\u200dReza Öberg, [sic] 7A"
    (segment,) = ControlCharacterFilter().apply([Segment(text)], Color(0, 0, 0))
    assert segment.text == text
