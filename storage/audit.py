"""The audit trail: every insert, update and delete, written in the same transaction.

Counsellors complain about registers that can be silently changed. Here no ORM change can
bypass the trail: a session hook records each one as it is flushed, with old and new values.
The trail lives inside the encrypted journal, like everything else about a pupil.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from storage.clock import now
from storage.models import AuditEvent

ACTOR_KEY = "saknad_actor"


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _changes_of(obj, action: str) -> dict:
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if action == "insert":
            value = getattr(obj, attr.key)
            if value is not None:
                changes[attr.key] = [None, _plain(value)]
        elif action == "delete":
            changes[attr.key] = [_plain(getattr(obj, attr.key)), None]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _record_flush(session: Session, _context) -> None:
    actor = session.info.get(ACTOR_KEY, "")
    rows = []
    for action, objects in (("insert", session.new), ("update", session.dirty),
                            ("delete", session.deleted)):
        for obj in objects:
            if isinstance(obj, AuditEvent):
                continue
            changes = _changes_of(obj, action)
            if action == "update" and not changes:
                continue
            key = inspect(obj).mapper.primary_key_from_instance(obj)
            rows.append({
                "at": now(),
                "actor": actor,
                "action": action,
                "table_name": obj.__tablename__,
                "row_id": key[0] if key and isinstance(key[0], int) else None,
                "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True),
            })
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


def install(session_class: type[Session]) -> None:
    """Record every flush of sessions of `session_class` in the audit trail."""
    event.listen(session_class, "after_flush", _record_flush)
