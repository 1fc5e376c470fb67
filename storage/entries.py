"""Append-only journal entries: written once, corrected by a new entry, never changed.

An entry may be many lines and dated back ("what happened yesterday"), never forward. A
correction is a new entry of the same pupil, case and kind pointing at the entry it corrects
(corrects_id); the corrected entry stays as written and readable (storage.append_only refuses
any update or delete of an entry in the journal's sessions).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.clock import aware, now
from storage.errors import InvalidValue, NotFound
from storage.session import stored_id
from storage.values import required

# Clocks of two computers (the one that wrote `at`, this one) may differ by a little.
CLOCK_SLACK = timedelta(minutes=5)


def entry_time(at: datetime | None) -> datetime:
    """When an entry happened: now if not given; dated back is fine, the future is not.

    Raises:
        InvalidValue: `at` is later than now.
    """
    current = now()
    if at is None:
        return current
    if aware(at) > current + CLOCK_SLACK:
        raise InvalidValue("at", "in_future")
    return at


def correct_entry(
    session: Session, actor: str, entry_id: int, text_: str, *, at: datetime | None = None
) -> int:
    """Write a correction of entry `entry_id`; returns the new entry's id.

    Raises:
        NotFound: no such entry.
        InvalidValue: an empty text; `at` in the future.
    """
    original = session.get(m.JournalEntry, entry_id)
    if original is None:
        raise NotFound("journal entry")
    correction = m.JournalEntry(
        pupil_id=original.pupil_id,
        case_id=original.case_id,
        kind=original.kind,
        text=required(text_, "text"),
        at=entry_time(at),
        author=actor,
        corrects_id=entry_id,
    )
    session.add(correction)
    session.flush()
    return stored_id(correction)


def pupil_entries(session: Session, pupil_id: int) -> list[records.EntryRow]:
    """The pupil's entries, newest first, each correction linked both ways.

    Raises:
        NotFound: no such pupil.
    """
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    entries = session.exec(
        select(m.JournalEntry)
        .where(m.JournalEntry.pupil_id == pupil_id)
        .order_by(col(m.JournalEntry.id))
    ).all()
    corrected_by = {e.corrects_id: stored_id(e) for e in entries if e.corrects_id is not None}
    entries = sorted(entries, key=lambda e: (aware(e.at), e.id), reverse=True)
    return [
        records.EntryRow(
            stored_id(e),
            aware(e.at),
            e.kind,
            e.text,
            e.author,
            e.case_id,
            corrects_id=e.corrects_id,
            corrected_by=corrected_by.get(stored_id(e)),
        )
        for e in entries
    ]
