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
