"""The register keeps one mark per slot and every change to it (who, when, from, to)."""

from __future__ import annotations

from datetime import date

import pytest

from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite

DAY = date(2026, 11, 30)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    return journal


def _pupil(journal, n: int = 1) -> int:
    return journal.add_pupil(fictitious_personnummer(date(2013, 3, n), n), "Elev", f"Prov{n}")


def _slots(journal, pupil: int) -> list[tuple]:
    with journal._engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT lesson, code, minutes, note, source FROM absence_mark"
            f" WHERE pupil_id = {pupil} ORDER BY coalesce(lesson, 0)"
        ).all()


def test_a_change_updates_the_slot_and_the_history_says_from_what_to_what(journal):
    pupil = _pupil(journal)
    assert journal.write_marks([MarkWrite(pupil, DAY, "invalid")]) == 1
    assert journal.write_marks([MarkWrite(pupil, DAY, "ill", note="ringde 8.10")]) == 1
    assert _slots(journal, pupil) == [(None, "ill", None, "ringde 8.10", "register")]
    history = journal.mark_history(pupil, DAY)
    assert [(h.old_code, h.new_code, h.actor) for h in history] == [
        (None, "invalid", "Kim Kurator"),
        ("invalid", "ill", "Kim Kurator"),
    ]
    assert history[1].note == "ringde 8.10"


def test_clearing_deletes_the_mark_and_keeps_the_trace(journal):
    pupil = _pupil(journal)
    journal.write_marks([MarkWrite(pupil, DAY, "late", lesson=2, minutes=15)])
    assert journal.write_marks([MarkWrite(pupil, DAY, None, lesson=2)]) == 1
    assert _slots(journal, pupil) == []
    last = journal.mark_history(pupil, DAY)[-1]
    assert (last.lesson, last.old_code, last.old_minutes, last.new_code) == (2, "late", 15, None)


def test_the_same_mark_again_changes_nothing_and_leaves_no_history(journal):
    pupil = _pupil(journal)
    journal.write_marks([MarkWrite(pupil, DAY, "invalid")])
    assert journal.write_marks([MarkWrite(pupil, DAY, "invalid")]) == 0
    assert journal.write_marks([MarkWrite(pupil, DAY, None, lesson=3)]) == 0
    assert len(journal.mark_history(pupil, DAY)) == 1


def test_day_and_lesson_slots_are_apart(journal):
    pupil = _pupil(journal)
    journal.write_marks([MarkWrite(pupil, DAY, "invalid", lesson=1), MarkWrite(pupil, DAY, "ill")])
    assert _slots(journal, pupil) == [
        (None, "ill", None, "", "register"),
        (1, "invalid", None, "", "register"),
    ]


def test_a_bad_write_changes_no_slot(journal):
    pupil = _pupil(journal)
    good = MarkWrite(pupil, DAY, "ill")
    with pytest.raises(InvalidValue):
        journal.write_marks([good, MarkWrite(pupil, DAY, "holiday", lesson=1)])
    with pytest.raises(InvalidValue):
        journal.write_marks([good, MarkWrite(pupil, DAY, "late", lesson=0)])
    with pytest.raises(NotFound):
        journal.write_marks([good, MarkWrite(pupil + 99, DAY, "ill")])
    assert _slots(journal, pupil) == []


def test_every_change_is_also_in_the_audit_trail(journal):
    pupil = _pupil(journal)
    journal.write_marks([MarkWrite(pupil, DAY, "invalid")])
    journal.write_marks([MarkWrite(pupil, DAY, "ill")])
    trail = [(e.action, e.table_name) for e in journal.audit_trail()]
    assert ("update", "absence_mark") in trail and ("insert", "absence_mark") in trail


def test_mark_absence_goes_through_the_slot_too(journal):
    pupil = _pupil(journal)
    first = journal.mark_absence(pupil, DAY, "invalid")
    second = journal.mark_absence(pupil, DAY, "ill")
    assert first == second
    assert len(journal.mark_history(pupil, DAY)) == 2
