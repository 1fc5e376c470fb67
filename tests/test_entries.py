"""Append-only journal entries (storage.entries, storage.append_only): a correction is a new
entry pointing at the one it corrects, both stay readable, and no entry is ever changed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from storage import models as m
from storage.codes import CaseKind, EntryKind
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer

WRITTEN = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def alva(journal):
    return journal.add_pupil(fictitious_personnummer(date(2013, 5, 3), 0), "Alva", "Testsson")


def test_a_correction_leaves_the_original_readable_and_both_are_linked(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, date(2026, 11, 2))
    original = journal.add_entry(
        alva,
        "Mamma säger att Alva är hos mormor.\nHon kommer tillbaka på måndag.",
        kind=EntryKind.OBSERVATION,
        case_id=case,
        at=WRITTEN,
    )
    journal.actor = "Sam Skolsköterska"
    corrected_at = WRITTEN + timedelta(days=1)
    correction = journal.correct_entry(
        original, "Det var moster, inte mormor.\nTillbaka på tisdag.", at=corrected_at
    )
    rows = journal.pupil_entries(alva)
    assert [
        (r.id, r.at, r.kind, r.text, r.author, r.case_id, r.corrects_id, r.corrected_by)
        for r in rows
    ] == [
        (
            correction,
            corrected_at,
            EntryKind.OBSERVATION,
            "Det var moster, inte mormor.\nTillbaka på tisdag.",
            "Sam Skolsköterska",
            case,
            original,
            None,
        ),
        (
            original,
            WRITTEN,
            EntryKind.OBSERVATION,
            "Mamma säger att Alva är hos mormor.\nHon kommer tillbaka på måndag.",
            "Karin Kurator",
            case,
            None,
            correction,
        ),
    ]
    # The pupil card shows both too, the correction pointing at the original.
    assert [(e.id, e.corrects_id) for e in journal.pupil_card(alva).notes] == [
        (correction, original),
        (original, None),
    ]


def test_an_entry_is_never_updated_or_deleted(journal, alva):
    entry = journal.add_entry(alva, "Första versionen", at=WRITTEN)
    with journal._session() as session:
        row = session.exec(select(m.JournalEntry).where(m.JournalEntry.id == entry)).one()
        row.text = "Skrivet om i efterhand"
        with pytest.raises(InvalidValue) as refused:
            session.flush()
        session.rollback()
    assert (refused.value.field, refused.value.reason) == ("journal_entry", "append_only")
    with journal._session() as session:
        row = session.exec(select(m.JournalEntry).where(m.JournalEntry.id == entry)).one()
        session.delete(row)
        with pytest.raises(InvalidValue) as refused:
            session.flush()
        session.rollback()
    assert refused.value.reason == "append_only"
    assert [r.text for r in journal.pupil_entries(alva)] == ["Första versionen"]


def test_entries_can_be_dated_back_but_not_forward(journal, alva):
    yesterday = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    entry = journal.add_entry(alva, "Det som hände i går", at=yesterday)
    assert journal.pupil_entries(alva)[0].at == yesterday
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(InvalidValue) as refused:
        journal.add_entry(alva, "I morgon", at=tomorrow)
    assert (refused.value.field, refused.value.reason) == ("at", "in_future")
    with pytest.raises(InvalidValue) as refused:
        journal.correct_entry(entry, "Rättelse", at=tomorrow)
    assert (refused.value.field, refused.value.reason) == ("at", "in_future")
    with pytest.raises(InvalidValue) as refused:
        journal.correct_entry(entry, "  \n ")
    assert (refused.value.field, refused.value.reason) == ("text", "empty")
    with pytest.raises(NotFound):
        journal.correct_entry(999_999, "Rättelse")
    with pytest.raises(NotFound):
        journal.pupil_entries(999_999)
    assert len(journal.pupil_entries(alva)) == 1


def test_a_correction_of_a_correction_chains(journal, alva):
    first = journal.add_entry(alva, "Ett", at=WRITTEN)
    second = journal.correct_entry(first, "Två", at=WRITTEN + timedelta(hours=1))
    third = journal.correct_entry(second, "Tre", at=WRITTEN + timedelta(hours=2))
    assert [(r.id, r.corrects_id, r.corrected_by) for r in journal.pupil_entries(alva)] == [
        (third, second, None),
        (second, first, third),
        (first, None, second),
    ]
