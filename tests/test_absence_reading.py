"""storage.absence_reading keeps no rule of its own for reading dates back from SQLite: the
rules' modules read them by storage.values.as_date, the one home of that rule."""

from __future__ import annotations

from datetime import date

from storage import absence_reading, values


def test_dates_are_read_back_by_the_one_rule_in_storage_values():
    assert absence_reading.as_date is values.as_date
    assert absence_reading.as_date("2026-11-02 00:00:00.000000") == date(2026, 11, 2)
    assert absence_reading.as_date(None) is None
