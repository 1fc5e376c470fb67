"""Pilot tests of the morning dashboard: each key opens the list its count counts, Enter on an
open missing-pupil case opens that case, names are data, and coming back reads it again.

The world's today (app_helpers.TODAY, Monday 30 November) is the first school day after a
week's break, so the not-back line (V) is shown.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, wait_for_screen, wait_until
from textual.widgets import DataTable, Static

from storage.codes import CalendarKind, CaseKind, NoticeOutcome
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from tui.dialogs.register_dialogs import ClassChoiceDialog
from tui.screens.case import CaseScreen
from tui.screens.home import KEYS_LINE_FROM_ROWS, HomeScreen
from tui.screens.missing_candidates import MissingCandidatesScreen
from tui.screens.notices import NoticesScreen
from tui.screens.problematic_absence import ProblematicAbsenceScreen

MARKUP_NAME = "[bold]x[/]"


@pytest.fixture
def world(tmp_path):
    """7A and 7B; a break the week before today. Alva (7A) absent today without a reason and
    not back; a pupil named as markup flagged missing before the break; Bo often ill; 7B's
    register taken today."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 17), date(2026, 12, 18), "HT"
    )
    journal.add_calendar_period(
        school, CalendarKind.BREAK, date(2026, 11, 23), date(2026, 11, 27), "Novemberlov"
    )
    groups = {name: journal.add_group(school, name, school_year=7) for name in ("7A", "7B")}
    ids = {}
    people = (("Alva", "Testsson", "7A"), (MARKUP_NAME, "Markup", "7A"), ("Bo", "Frisk", "7B"))
    for n, (first, last, group) in enumerate(people, 1):
        ids[first] = journal.add_pupil(
            fictitious_personnummer(date(2013, 4, n), n),
            first,
            last,
            school_id=school,
            group_id=groups[group],
            today=date(2026, 8, 17),
            enrolled_on=date(2026, 8, 17),
        )
    calendar = journal.school_calendar(school)
    ill_days = calendar.school_days(date(2026, 11, 2), date(2026, 11, 20))
    journal.write_marks(
        [MarkWrite(ids["Alva"], TODAY, "invalid"), MarkWrite(ids[MARKUP_NAME], TODAY, "invalid")]
        + [MarkWrite(ids["Bo"], day, "ill") for day in ill_days]
        + [MarkWrite(ids[MARKUP_NAME], day, "invalid") for day in ill_days[-3:]]
    )
    journal.take_register(groups["7B"], TODAY)
    journal.take_register(groups["7A"], ill_days[-4])  # the flagged pupil's last day present
    case = journal.open_case(ids[MARKUP_NAME], CaseKind.MISSING, ill_days[-3])
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, ids, case


def _section(screen, name: str) -> str:
    return str(screen.query_one(f"#section-{name}", Static).render())


def _count(screen, name: str) -> int:
    found = re.match(r"[A-Z]\s+(\d+)", _section(screen, name))
    assert found, _section(screen, name)
    return int(found.group(1))


async def _home(pilot) -> HomeScreen:
    screen = await wait_for_screen(pilot, HomeScreen)
    await wait_until(pilot, lambda: bool(_section(screen, "register")), what="the dashboard")
    return screen


async def test_each_key_opens_the_list_its_count_counts(world):
    app, journal, ids, case = world
    async with app.run_test(size=(80, 24)) as pilot:
        home = await _home(pilot)
        assert _count(home, "register") == 1  # 7A; 7B is taken
        assert _count(home, "notices") == 2  # Alva, and the pupil flagged missing
        assert _count(home, "candidates") == 1  # Alva (the flagged one is not a candidate)
        assert "Novemberlov" in _section(home, "candidates")
        counted = _count(home, "problematic")
        assert counted == len(journal.problematic_absence(TODAY).pupils) >= 1

        await pilot.press("r")
        dialog = await wait_for_screen(pilot, ClassChoiceDialog)
        table = dialog.query_one("#choices", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2, what="the classes")
        not_taken = [r for r in range(2) if str(table.get_row_at(r)[2]) == "Not taken"]
        assert len(not_taken) == _count(home, "register")
        await pilot.press("escape")

        await _home(pilot)
        await pilot.press("n")
        notices = await wait_for_screen(pilot, NoticesScreen)
        await wait_until(pilot, lambda: notices.listed is not None, what="the call list")
        due = notices.query_one("#notices-due", DataTable)
        assert due.row_count == _count(home, "notices")
        await pilot.press("escape")

        await _home(pilot)
        await pilot.press("v")
        candidates = await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(pilot, lambda: candidates.listing is not None, what="the candidates")
        assert len(candidates.rows) == _count(home, "candidates")
        await pilot.press("escape")

        await _home(pilot)
        await pilot.press("P")  # capitals work too
        problematic = await wait_for_screen(pilot, ProblematicAbsenceScreen)
        await wait_until(pilot, lambda: problematic.listing is not None, what="the list")
        assert len(problematic.rows) == counted
        await pilot.press("escape")
        await _home(pilot)

        from tui.screens.directory import DirectoryScreen

        for key in ("d", "D"):  # the contact directory, one key away
            await pilot.press(key)
            await wait_for_screen(pilot, DirectoryScreen)
            await pilot.press("escape")
            await _home(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_enter_on_a_missing_case_opens_it(world, size):
    app, journal, ids, case = world
    async with app.run_test(size=size) as pilot:
        home = await _home(pilot)
        table = home.query_one("#missing-cases", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, what="the case")
        # Names are data, shown as written: never markup.
        assert str(table.get_row_at(0)[0]) == f"Markup, {MARKUP_NAME}"
        detail = str(home.query_one("#case-detail", Static).render())
        assert detail.startswith(f"{MARKUP_NAME} Markup: last seen ")
        assert "Overdue:" in detail
        assert table.has_focus
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, CaseScreen)
        assert screen.case_id == case


async def test_coming_back_home_reads_the_dashboard_again(world):
    app, journal, ids, case = world
    async with app.run_test(size=(80, 24)) as pilot:
        home = await _home(pilot)
        assert _count(home, "notices") == 2
        await pilot.press("n")
        await wait_for_screen(pilot, NoticesScreen)
        journal.record_notice(ids["Alva"], TODAY, NoticeOutcome.TOLD)
        journal.close_case(case, "located", "at a relative's")
        await pilot.press("escape")
        await _home(pilot)
        await wait_until(pilot, lambda: _count(home, "notices") == 1, what="the new count")
        title = str(home.query_one("#cases-title", Static).render())
        assert title == "No open missing-pupil case."
        assert not home.query_one("#missing-cases", DataTable).display


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_many_cases_scroll_in_their_room_and_nothing_else_is_hidden(world, size):
    app, journal, ids, case = world
    for n in range(30):
        pupil_id = journal.add_pupil(
            fictitious_personnummer(date(2013, 5, 1 + n), n % 20),
            f"Elev{n}",
            "Många",
            school_id=1,
            group_id=1,
            today=date(2026, 8, 17),
        )
        journal.open_case(pupil_id, CaseKind.MISSING, TODAY)
    async with app.run_test(size=size) as pilot:
        home = await _home(pilot)
        table = home.query_one("#missing-cases", DataTable)
        await wait_until(pilot, lambda: table.row_count == 31, what="the cases")
        await pilot.pause(0.2)
        width, height = size
        assert table.region.height < 31  # it scrolls
        shown = ["#greeting", "#summary", "#section-register", "#section-problematic"]
        shown += ["#cases-title", "#case-detail"]
        if height >= KEYS_LINE_FROM_ROWS:
            shown.append("#next-step")
        else:
            # The line of other keys (also in F1 help) gives its rows to the cases.
            assert not home.query_one("#next-step").display
            assert table.region.height >= 5  # the header and four cases (one before)
        for selector in shown:
            region = home.query_one(selector).region
            assert region.height > 0, selector
            assert region.bottom <= height - 1, selector  # above the footer
            assert region.right <= width, selector
        await pilot.press(*["down"] * 30)  # the last case is reachable by keyboard
        assert table.cursor_row == 30
        assert table.scroll_y > 0  # scrolled within its room


async def test_a_language_switch_words_the_dashboard_again_without_reading_it(world):
    app, journal, ids, case = world
    async with app.run_test(size=(80, 24)) as pilot:
        home = await _home(pilot)
        table = home.query_one("#missing-cases", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, what="the case")
        read = home.morning
        app.change_settings(language="sv")
        await wait_until(
            pilot, lambda: "i dag" in _section(home, "register"), what="the Swedish words"
        )
        assert home.morning is read  # worded again, not read again
        assert _count(home, "notices") == 2
        assert str(table.columns[table.ordered_columns[0].key].label) == "Elev"
        assert table.row_count == 1


def test_the_register_line_says_when_today_is_no_school_day():
    from tui.i18n import set_language
    from tui.screens.home import register_text

    set_language("en")  # the words are checked in English, whatever ran before

    assert register_text(0, school_day=False) == "Today is not a school day: no register to take"
    assert register_text(0, school_day=True) == "No register left to take today"
    assert register_text(2, school_day=True) == "2 registers not taken today"


async def test_reports_not_filed_are_named_on_home_and_o_opens_them(world):
    """No line while no report waits; a draft not filed gives the line, and O opens the list
    that holds exactly that many reports not filed."""
    from tui.i18n import set_language
    from tui.screens.reports import ReportsScreen

    app, journal, ids, _case = world
    set_language("en")
    async with app.run_test(size=(80, 24)) as pilot:
        home = await _home(pilot)
        line = home.query_one("#reports-waiting", Static)
        assert not line.display or str(line.render()) == ""
        journal.start_report(ids["Alva"])
        journal.start_report(ids["Bo"])
        home._load()
        await wait_until(pilot, lambda: "2 not filed" in str(line.render()), what="the line")
        assert str(line.render()) == "Reports of concern: 2 not filed. Press O."
        await pilot.press("o")
        reports = await wait_for_screen(pilot, ReportsScreen)
        await wait_until(pilot, lambda: len(reports.rows) == 2, what="the reports")
