"""The problematic-absence explanation and thresholds in Swedish, as a counsellor writes them.

"3 giltig, 0 ogiltig" did not agree with its number, and "Andel av den" left the reader
asking of what.
"""

from __future__ import annotations

from datetime import date

import pytest

from storage.absence_rules import AbsenceRule, Finding
from tui.i18n import _, set_language
from tui.problematic_text import valid_invalid


@pytest.fixture
def swedish():
    set_language("sv")
    yield
    set_language("en")


def test_valid_and_invalid_days_read_as_labels_in_swedish(swedish):
    finding = Finding(AbsenceRule.RECENT_SHARE, (date(2026, 11, 26),), 20, 3, 1)
    assert valid_invalid(finding) == "giltig: 3, ogiltig: 1"


def test_the_recent_share_threshold_says_of_what(swedish):
    assert _("Share of it: over (%)") == "Andel av perioden: över (%)"


def test_the_cards_attendance_line_puts_each_figure_after_its_word_in_swedish(swedish):
    # "3 giltig (1 anmäld), 1 ogiltig" did not agree with its numbers, as in the explanation.
    from storage.attendance_summary import AttendanceFigures
    from tui.widgets.attendance_summary import figures_line

    figures = AttendanceFigures(
        start=date(2026, 8, 17),
        end=date(2026, 11, 30),
        school_days=66,
        valid_days=3,
        reported_days=1,
        invalid_days=1,
        late_days=1,
        lesson_days=1,
        longest_run=(),
        weekday_absent=(1, 1, 1, 1, 0),
        weekday_school_days=(14, 13, 13, 13, 13),
        after_breaks=(),
    )
    assert figures_line("Den här terminen", figures) == (
        "Den här terminen: 94 % närvaro av 66 skoldagar; frånvarande 4 dagar: giltig 3 "
        "(anmäld 1), ogiltig 1; sen 1 dag; missade lektioner 1 dag"
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_worry_dialog_words_an_unanswered_question_as_the_report_does(language):
    # The dialog said "Ej angivet" where the report said "Okänt" for the same answer.
    from tui.dialogs.report_dialogs import yes_no_options
    from tui.render.report_words import yes_no

    set_language(language)
    try:
        assert [label for label, _value in yes_no_options()] == [yes_no(None), _("Yes"), _("No")]
        assert yes_no_options()[0][0] == {"sv": "Okänt", "en": "Not known"}[language]
    finally:
        set_language("en")
