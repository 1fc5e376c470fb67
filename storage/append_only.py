"""Rows that are only ever added: journal entries and a case's events.

A record that holds up keeps what was written: a wrong entry is corrected by a new entry that
points at it (JournalEntry.corrects_id), and a case's history is a list of events. The journal's
sessions refuse, before anything reaches the file, to change or delete such a row.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlmodel import Session, SQLModel

from storage import models as m
from storage.errors import InvalidValue

APPEND_ONLY: tuple[type[SQLModel], ...] = (m.JournalEntry, m.CaseEvent)


def _refuse_changes(session: Session, _context, _instances) -> None:
    for row in session.deleted:
        if isinstance(row, APPEND_ONLY):
            raise InvalidValue(row.__tablename__, "append_only")  # type: ignore[arg-type]
    for row in session.dirty:
        if isinstance(row, APPEND_ONLY) and session.is_modified(row):
            changed = [a.key for a in inspect(row).attrs if a.history.has_changes()]
            if changed:
                raise InvalidValue(row.__tablename__, "append_only")  # type: ignore[arg-type]


def install(session_class: type[Session]) -> None:
    """Refuse, in every flush of `session_class`, an update or delete of an append-only row."""
    event.listen(session_class, "before_flush", _refuse_changes)
