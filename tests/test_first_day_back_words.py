"""The roll call's deadline line: "today is the last day" only on the deadline itself; on a
weekend before a Monday deadline one school day is left."""

from __future__ import annotations

from datetime import date

import pytest

from storage.records import RollCallBreak
from tui.first_day_back_text import deadline_text
from tui.i18n import set_language

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("today", "left", "said"),
    [
        (date(2026, 11, 27), 2, "2 school days left"),  # Friday
        (date(2026, 11, 28), 1, "1 school day left"),  # Saturday
        (MONDAY, 1, "today is the last day"),
    ],
)
def test_the_last_day_is_the_deadline_itself(today, left, said):
    set_language("en")
    found = RollCallBreak("Höstlov", date(2026, 11, 2), MONDAY, left)
    assert deadline_text(found, today) == (
        f"After Höstlov: report missing pupils to the municipality by 2026-11-30 ({said})."
    )
