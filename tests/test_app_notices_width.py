"""The call list at 80 columns: every column in view, a long cell wrapped, never cut at the edge.

At 80 columns the guardians' names and the reason a home must not be called ran past the
screen's edge, cut mid-word ("Kari", "ring socia"), and the tries were out of view.
"""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, wait_for_screen, wait_until
from textual.widgets import DataTable

from storage.codes import CalendarKind, CaseKind, Relation
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.records import NoticeDue, NoticeGuardian
from tui.i18n import set_language
from tui.screens.home import HomeScreen
from tui.screens.notices import NoticesScreen, guardians_text
from tui.widgets.case_call_table import CaseCallTable

ADULTS = (
    "070-000 00 01 010-000 00 01 Karin Maria Andersson-Eriksson "
    "070-000 00 02 010-000 00 02 Henrik Andersson-Eriksson "
    "070-000 00 03 010-000 00 03 Andreas Andersson-Eriksson (Emergency contact)"
)
REASON = "Hedersrelaterad oro: kontakta inte hemmet, ring socialtjänsten och skolans rektor"


@pytest.fixture
def world(tmp_path):
    """7A: Alva absent without a reason, with three adults (two numbers each, long names);
    Bo absent too, his home not to be called for a long reason."""
    set_language("en")
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 17), date(2026, 12, 18), "HT"
    )
    group = journal.add_group(school, "7A", school_year=7)
    alva, bo = (
        journal.add_pupil(
            fictitious_personnummer(date(2013, 4, n), n),
            first,
            "Testsson-Lindqvist",
            school_id=school,
            group_id=group,
            today=TODAY,
        )
        for n, first in ((1, "Alva"), (2, "Bo"))
    )
    for n, (first, relation) in enumerate(
        (("Karin Maria", None), ("Henrik", None), ("Andreas", Relation.EMERGENCY_CONTACT)), 1
    ):
        adult = journal.add_guardian(
            first,
            "Andersson-Eriksson",
            phone=f"070-000 00 0{n}",
            phone_other=f"010-000 00 0{n}",
        )
        journal.link_guardian(alva, adult, relation=relation)
    journal.set_no_guardian_contact(bo, True, REASON)
    journal.open_case(alva, CaseKind.MISSING, date(2026, 11, 25))
    journal.write_marks([MarkWrite(alva, TODAY, "invalid"), MarkWrite(bo, TODAY, "invalid")])
    return build_app(tmp_path / "journal", journal=journal)


def _fits(table: DataTable) -> bool:
    """Every column of `table` is in view: nothing to scroll sideways to."""
    return table.virtual_size.width <= table.scrollable_content_region.width


def _cell_lines(table: DataTable, column: int) -> list[str]:
    return [
        line
        for row in range(table.row_count)
        for line in str(table.get_row_at(row)[column]).split("\n")
    ]


async def test_at_80_columns_every_column_is_in_view_and_long_cells_wrap(world):
    async with world.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("n")
        screen = await wait_for_screen(pilot, NoticesScreen)
        await wait_until(pilot, lambda: screen.listed is not None, what="the call list")
        await pilot.pause()
        due = screen.query_one("#notices-due", DataTable)
        apart = screen.query_one("#not-to-call", DataTable)
        assert _fits(due)
        assert _fits(apart)
        guardians = due.ordered_columns[3].width
        lines = _cell_lines(due, 3)
        assert all(len(line) <= guardians for line in lines)
        # A number is never broken inside; a continued line is indented under the first.
        assert "070-000 00 01, 010-000 00 01" in lines[0] or (
            lines[0] == "070-000 00 01" and lines[1].startswith("  010-000 00 01")
        )
        # Every word of every adult is there, in order (the comma between two numbers goes
        # where the line breaks between them).
        assert " ".join(lines).replace(",", "").split() == ADULTS.split()
        assert " ".join(_cell_lines(apart, 2)) == REASON

        # The calls about the open case: a call logged, its words wrap, the name in view.
        calls = screen.query_one("#case-calls", CaseCallTable)
        await pilot.press("tab", "m")
        await wait_until(pilot, lambda: "Message left" in _cell_lines(calls, 3)[0], what="call")
        await pilot.pause()
        assert _fits(calls)
        assert " ".join(_cell_lines(calls, 4)).split()[:3] == [
            "Karin",
            "Maria",
            "Andersson-Eriksson",
        ]

        # Wider, nothing needs wrapping: an adult is one line again.
        await pilot.resize_terminal(120, 36)
        await wait_until(pilot, lambda: _cell_lines(due, 3)[0].endswith("Eriksson"), what="wide")
        assert (
            _cell_lines(due, 3)[0]
            == "070-000 00 01, 010-000 00 01  Karin Maria Andersson-Eriksson"
        )


def test_a_line_breaks_between_numbers_and_name_never_inside_a_number():
    karin = NoticeGuardian(
        1, "Karin Andersson", Relation.GUARDIAN, "070-000 81 02", "010-000 42 16"
    )
    due = NoticeDue(1, "Alva", "Testsson", "7A", True, [], [karin], [])
    assert str(guardians_text(due, 20)) == "070-000 81 02\n  010-000 42 16\n  Karin Andersson"
    assert str(guardians_text(due, 50)) == "070-000 81 02, 010-000 42 16  Karin Andersson"
    assert str(guardians_text(due)) == "070-000 81 02, 010-000 42 16  Karin Andersson"
