"""Writing the register: one mark per slot (pupil, day, lesson), every change kept.

A slot holds at most one mark (the file enforces it: ux_absence_slot). Setting a mark updates
the slot; clearing it deletes the mark; either way a MarkChange row says from what, to what,
who and when, so the mark history of a pupil-day can be shown and nothing is overwritten
without trace. The register screen, granted leave and absence imports all write through
`write_marks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.clock import now
from storage.codes import MarkSource
from storage.errors import InvalidValue, NotFound
from storage.values import absence_codes, choice


@dataclass(frozen=True)
class MarkWrite:
    """What one slot should hold; code None clears it (the pupil was present)."""

    pupil_id: int
    on_date: date
    code: str | None
    lesson: int | None = None
    minutes: int | None = None
    note: str = ""
    source: str = MarkSource.REGISTER


_BULK_FROM = 50  # writes in one call; the register's few marks keep the ORM path


def _slot(mark_or_write) -> tuple[int, date, int]:
    return (mark_or_write.pupil_id, mark_or_write.on_date, mark_or_write.lesson or 0)


def _check(write: MarkWrite, codes: set[str]) -> None:
    if write.code is not None and write.code not in codes:
        raise InvalidValue("code", "unknown")
    choice(write.source, MarkSource, "source")
    if write.lesson is not None and write.lesson < 1:
        raise InvalidValue("lesson", "not_positive")
    if write.minutes is not None and not 0 <= write.minutes <= 24 * 60:
        raise InvalidValue("minutes", "out_of_range")


def write_marks(
    session: Session, actor: str, writes: Iterable[MarkWrite], *, at: datetime | None = None
) -> int:
    """Bring each slot to what its MarkWrite says; returns how many slots changed.

    A write that matches what the slot already holds changes nothing and leaves no history.
    Everything is checked before anything is written, so a bad write changes no slot.

    Raises:
        InvalidValue: an unknown code or source, a lesson below 1, minutes out of range.
        NotFound: a pupil the journal does not have.
    """
    writes = list(writes)
    if not writes:
        return 0
    codes = absence_codes(session)
    for write in writes:
        _check(write, codes)
    pupil_ids = {w.pupil_id for w in writes}
    known = set(session.exec(select(m.Pupil.id).where(col(m.Pupil.id).in_(pupil_ids))).all())
    if known != pupil_ids:
        raise NotFound("pupil")
    first, last = min(w.on_date for w in writes), max(w.on_date for w in writes)
    existing = {
        _slot(mark): mark
        for mark in session.exec(
            select(m.AbsenceMark).where(
                col(m.AbsenceMark.pupil_id).in_(pupil_ids),
                col(m.AbsenceMark.on_date).between(first, last),
            )
        ).all()
    }
    at = at or now()
    # Many new slots at once (an absence import: tens of thousands) go in with one
    # executemany per table and one audit event per row, as the class-list import writes
    # (storage.importing.apply._insert): the ORM costs ~300 µs a mark and its change. When a
    # slot is named twice in one call, every write goes through the ORM in order instead.
    bulk = len(writes) >= _BULK_FROM and len({_slot(w) for w in writes}) == len(writes)
    new_marks: list[dict] = []
    new_changes: list[dict] = []
    changed = 0
    for write in writes:
        mark = existing.get(_slot(write))
        old = (mark.code, mark.minutes, mark.note) if mark else (None, None, "")
        new = (write.code, write.minutes if write.code else None, write.note)
        if old == new or (mark is None and write.code is None):
            continue
        if write.code is None:
            session.delete(mark)
            existing.pop(_slot(write))
        elif mark is None and bulk:
            new_marks.append(
                {
                    "pupil_id": write.pupil_id,
                    "on_date": write.on_date,
                    "lesson": write.lesson,
                    "code": write.code,
                    "minutes": new[1],
                    "source": str(write.source),
                    "note": write.note,
                    "recorded_at": at,
                }
            )
        elif mark is None:
            mark = m.AbsenceMark(
                pupil_id=write.pupil_id,
                on_date=write.on_date,
                lesson=write.lesson,
                code=write.code,
                minutes=new[1],
                source=write.source,
                note=write.note,
                recorded_at=at,
            )
            session.add(mark)
            existing[_slot(write)] = mark
        else:
            mark.code, mark.minutes, mark.note = write.code, new[1], write.note
            mark.source, mark.recorded_at = write.source, at
            session.add(mark)
        change: dict[str, Any] = {
            "pupil_id": write.pupil_id,
            "on_date": write.on_date,
            "lesson": write.lesson,
            "old_code": old[0],
            "new_code": new[0],
            "old_minutes": old[1],
            "new_minutes": new[1],
            "source": str(write.source),
            "note": write.note,
            "at": at,
            "actor": actor,
        }
        if bulk:
            new_changes.append(change)
        else:
            session.add(m.MarkChange(**change))
        changed += 1
    session.flush()
    if bulk:
        from storage.importing.apply import _insert

        _insert(session, m.AbsenceMark, new_marks, actor, at)
        _insert(session, m.MarkChange, new_changes, actor, at)
    return changed


def mark_history(session: Session, pupil_id: int, on_date: date) -> list[records.MarkChangeRow]:
    """Every change to the pupil's marks that day, oldest first."""
    changes = session.exec(
        select(m.MarkChange)
        .where(m.MarkChange.pupil_id == pupil_id, m.MarkChange.on_date == on_date)
        .order_by(col(m.MarkChange.at), col(m.MarkChange.id))
    ).all()
    return [
        records.MarkChangeRow(
            lesson=c.lesson,
            old_code=c.old_code,
            new_code=c.new_code,
            old_minutes=c.old_minutes,
            new_minutes=c.new_minutes,
            source=c.source,
            note=c.note,
            at=c.at,
            actor=c.actor,
        )
        for c in changes
    ]
