"""Rows that are only ever added: journal entries, a case's events and warning signs.

A record that holds up keeps what was written: a wrong entry is corrected by a new entry that
points at it (JournalEntry.corrects_id), and a case's history is a list of events. The journal's
sessions refuse, before anything reaches the file, to change or delete such a row.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlmodel import Session, SQLModel

from storage import models as m
from storage.errors import InvalidValue

APPEND_ONLY: tuple[type[SQLModel], ...] = (m.JournalEntry, m.CaseEvent, m.WarningSign)


def _refuse(row: SQLModel) -> InvalidValue:
    if isinstance(row, m.JournalEntry):
        return InvalidValue("journal_entry", "append_only")
    if isinstance(row, m.WarningSign):
        return InvalidValue("warning_sign", "append_only")
    return InvalidValue("case_event", "append_only")


def _refuse_changes(session: Session, _context, _instances) -> None:
    for row in session.deleted:
        if isinstance(row, APPEND_ONLY):
            raise _refuse(row)
    for row in session.dirty:
        if isinstance(row, APPEND_ONLY) and any(
            attribute.history.has_changes() for attribute in inspect(row).attrs
        ):
            raise _refuse(row)


def install(session_class: type[Session]) -> None:
    """Refuse, in every flush of `session_class`, an update or delete of an append-only row."""
    event.listen(session_class, "before_flush", _refuse_changes)
