"""tui.statistics_export on its own: the file and its record go together, the purpose and
recipient are plain text, and the file's name is the period's label."""

from __future__ import annotations

from datetime import date

import pytest

from storage.errors import InvalidValue, JournalLocked
from tui.i18n import set_language
from tui.statistics_export import export_statistics

TODAY = date(2026, 11, 29)


def test_a_file_whose_export_cannot_be_recorded_is_removed(new_journal, monkeypatch):
    journal = new_journal.journal

    def locked(**_fields):
        raise JournalLocked("the journal is locked")

    monkeypatch.setattr(journal, "record_export", locked)
    with pytest.raises(JournalLocked):
        export_statistics(journal, "HT2026", "csv", today=TODAY)
    assert list(journal.paths.exports.iterdir()) == []


@pytest.mark.parametrize("field", ["purpose", "recipient"])
def test_a_control_character_in_purpose_or_recipient_is_refused_before_writing(new_journal, field):
    journal = new_journal.journal
    with pytest.raises(InvalidValue) as refused:
        export_statistics(journal, "HT2026", "md", today=TODAY, **{field: "Rektor\x1b[2J"})
    assert refused.value.field == field
    assert not journal.paths.exports.exists() or list(journal.paths.exports.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "label"), [("ht 2026", "HT2026"), ("2026/2027", "2026-27"), ("2026/27", "2026-27")]
)
def test_the_file_is_named_by_the_periods_label_not_the_words_typed(new_journal, typed, label):
    set_language("en")
    path = export_statistics(new_journal.journal, typed, "csv", today=TODAY)
    assert path.name == f"statistics-{label}-2026-11-29.csv"
