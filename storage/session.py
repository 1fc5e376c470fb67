"""The journal's own session: one transaction per use case, audited, with the project's errors.

Only sessions of `JournalSession` are audited: the audit hook is installed on this class, not
on every sqlmodel.Session in the process, so a tool or a test that opens a plain Session on
another database writes no audit events into it (and nothing of ours runs there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from storage import append_only, audit
from storage.database_errors import saknad_error_for
from storage.errors import JournalError
from storage.models import AuditEvent


class JournalSession(Session):
    """A sqlmodel Session whose every flush is written to the audit trail (storage.audit)."""


audit.install(JournalSession)
append_only.install(JournalSession)


@contextmanager
def journal_session(engine: Engine, actor: str) -> Iterator[JournalSession]:
    """One use case's transaction: committed if the block ends normally, else rolled back.

    Args:
        engine: the open journal's engine.
        actor: who is acting; every audit event of the session names them.

    Raises:
        StorageFull, JournalCorrupt, ConstraintViolated, JournalError: the database failed
            (storage.database_errors); raised from None so no statement or value is shown.
    """
    try:
        with JournalSession(engine, expire_on_commit=False) as session:
            session.info[audit.ACTOR_KEY] = actor
            yield session
            session.commit()
    except SQLAlchemyError as error:
        raise saknad_error_for(error) from None


def record_act(session: Session, action: str, detail: str = "") -> None:
    """Write a named act (e.g. "passphrase_set") to the audit trail, by the session's actor."""
    session.add(
        AuditEvent(actor=session.info.get(audit.ACTOR_KEY, ""), action=action, changes=detail)
    )


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Row) -> int:
    """The id of a row the journal holds: one read from it, or one added and flushed.

    Models declare `id: int | None` because a new row has no id until it is flushed; this is
    where "it has one now" is checked, once, instead of every caller trusting it.

    Raises:
        JournalError: the row was never flushed (a bug in the caller, not the counsellor's).
    """
    if row.id is None:
        raise JournalError("a row has no id yet: it was not flushed")
    return row.id
