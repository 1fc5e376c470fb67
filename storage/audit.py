"""The audit trail: every insert, update and delete, written in the same transaction.

Counsellors complain about registers that can be silently changed. Here no ORM change can
bypass the trail: a session hook records each one as it is flushed, with old and new values.
The trail lives inside the encrypted journal, like everything else about a pupil.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from storage.clock import now
from storage.models import AuditEvent
from storage.protected_identity import ADDRESS_FIELDS, may_hold_address

ACTOR_KEY = "saknad_actor"

REDACTED = "redacted"
"""Stands in the trail for an old address of a person who now has protected identity."""

# One encoder for every event: keys sorted, å/ä/ö kept as letters.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


_DATES = (date, datetime)


def _plain(value: Any) -> Any:
    """A column value as the trail stores it: dates and times in ISO 8601."""
    if isinstance(value, _DATES):
        return value.isoformat()
    return value


def insert_changes(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The changes of an inserted row: each column that has a value, as [None, value]."""
    # `_plain` inline: an import calls this for every row it writes.
    return {
        name: [None, value.isoformat() if isinstance(value, _DATES) else value]
        for name, value in values.items()
        if value is not None
    }


def changes_json(changes: Mapping[str, Any]) -> str:
    """The `changes` text of an audit event, as JSON.

    {field: [old, new]} for a row's change; a summary for a named act (what an import did).
    """
    return _JSON.encode(changes)


def audit_row(
    action: str,
    table_name: str,
    row_id: int | None,
    changes: Mapping[str, list[Any]],
    actor: str,
    at: datetime,
) -> dict[str, Any]:
    """One audit_event row, for writers that insert rows in bulk.

    The session hook below records ORM changes this way; storage.importing.apply writes its
    bulk inserts' events with the same function, so the trail has one shape whoever wrote it.
    """
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "table_name": table_name,
        "row_id": row_id,
        "changes": changes_json(changes),
    }


def _changes_of(obj, action: str) -> dict:
    state = inspect(obj)
    if action == "insert":
        return insert_changes(
            {attr.key: getattr(obj, attr.key) for attr in state.mapper.column_attrs}
        )
    changes = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if action == "delete":
            changes[attr.key] = [_plain(getattr(obj, attr.key)), None]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[attr.key] = [_plain(old), _plain(new)]
    if not may_hold_address(getattr(obj, "security_marking", "")):
        _forget_old_address(changes)
    return changes


def _forget_old_address(changes: dict) -> None:
    # A person who now has protected identity has no address anywhere in the journal, the
    # trail included: the trail says the address was removed, not what it was.
    for field in ADDRESS_FIELDS:
        if field in changes and changes[field][0] is not None:
            changes[field][0] = REDACTED


def _record_flush(session: Session, _context) -> None:
    actor, at = session.info.get(ACTOR_KEY, ""), now()
    rows = []
    for action, objects in (
        ("insert", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if isinstance(obj, AuditEvent):
                continue
            changes = _changes_of(obj, action)
            if action == "update" and not changes:
                continue
            key = inspect(obj).mapper.primary_key_from_instance(obj)
            row_id = key[0] if key and isinstance(key[0], int) else None
            rows.append(audit_row(action, obj.__tablename__, row_id, changes, actor, at))
    if rows:
        session.connection().execute(insert(AuditEvent), rows)
    for obj in session.dirty:
        if _became_protected(obj):
            redact_addresses(session.connection(), obj.__tablename__, obj.id, actor, at)


def _became_protected(obj) -> bool:
    history = (
        inspect(obj).attrs.security_marking.history if hasattr(obj, "security_marking") else None
    )
    return bool(history and history.added) and not may_hold_address(obj.security_marking)


def redact_addresses(
    connection: Connection, table: str, row_id: int, actor: str, at: datetime
) -> int:
    """Take the address of a person marked protected out of the trail's events of that row.

    The trail keeps every change, but a protected person's address may not stay anywhere in
    the journal; the events keep that an address was there and when it went (a "redact"
    event records this act), not what it was. Returns how many events were rewritten.
    """
    events = connection.execute(
        select(col(AuditEvent.id), col(AuditEvent.changes)).where(
            col(AuditEvent.table_name) == table, col(AuditEvent.row_id) == row_id
        )
    ).all()
    redacted = 0
    for event_id, text in events:
        try:
            changes = json.loads(text or "{}")
        except ValueError:
            continue
        touched = False
        for field in ADDRESS_FIELDS:
            values = changes.get(field) if isinstance(changes, dict) else None
            if isinstance(values, list):
                for index, value in enumerate(values):
                    if value not in (None, REDACTED):
                        values[index] = REDACTED
                        touched = True
        if touched:
            redacted += 1
            connection.execute(
                update(AuditEvent)
                .where(col(AuditEvent.id) == event_id)
                .values(changes=changes_json(changes))
            )
    if redacted:
        connection.execute(
            insert(AuditEvent),
            [
                audit_row(
                    "redact", table, row_id, {"address_in_events": [None, redacted]}, actor, at
                )
            ],
        )
    return redacted


def install(session_class: type[Session]) -> None:
    """Record every flush of sessions of `session_class` in the audit trail."""
    event.listen(session_class, "after_flush", _record_flush)
