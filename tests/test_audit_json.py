"""One home for the audit JSON: the ORM hook and the import's bulk insert write the same event.

storage.audit records ORM changes as they are flushed; storage.importing.apply writes its new
rows with one executemany per table and their audit events alongside. Both go through
storage.audit's functions, so for the same inserted row the trail holds the same event, byte
for byte, whoever wrote it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import audit
from storage import models as m
from storage.identity import fictitious_personnummer
from storage.importing import apply as apply_step

AT = datetime(2026, 3, 18, 7, 30, tzinfo=UTC)
PUPIL_NUMBER = fictitious_personnummer(date(2012, 5, 3), 1)
GUARDIAN_NUMBER = fictitious_personnummer(date(1980, 2, 14), 3)


class _AuditedSession(Session):
    """This test's own session class with the audit hook, once, whichever session class the
    journal installs it on (a plain SQLAlchemy Session, not sqlmodel's)."""


audit.install(_AuditedSession)

# Rows as the import passes them to its bulk insert: only what the file gives, the rest is
# the model's defaults. Foreign keys point at the rows `_prerequisites` makes.
ROWS = {
    "school_group": (m.SchoolGroup, {"school_id": 1, "name": "7B", "group_type": "class"}),
    "pupil": (
        m.Pupil,
        {
            "identity_number": PUPIL_NUMBER,
            "identity_kind": "personnummer",
            "first_name": "Åsa",
            "last_name": "Öberg",
            "birth_date": date(2012, 5, 3),
            "security_marking": "none",
            "person_status": "active",
            "school_id": 1,
            "street": "Ängsvägen 1",
            "postal_code": "123 45",
            "city": "Västerås",
            "external_id": None,
            "created_at": AT,
        },
    ),
    "group_membership": (
        m.GroupMembership,
        {"pupil_id": 1, "group_id": 1, "starts_on": date(2026, 3, 18)},
    ),
    "guardian": (
        m.Guardian,
        {
            "first_name": "Märta",
            "last_name": "Öberg",
            "identity_number": GUARDIAN_NUMBER,
            "phone": "070-000 00 01",
            "email": "marta@example.com",
            "street": None,
            "postal_code": None,
            "city": None,
            "security_marking": "none",
            "external_id": None,
            "created_at": AT,
        },
    ),
    "pupil_guardian": (m.PupilGuardian, {"pupil_id": 1, "guardian_id": 1, "relation": "guardian"}),
}


def _prerequisites(session: Session) -> None:
    """A school, a class, a pupil and a guardian for the rows that refer to them."""
    session.add(m.School(name="Testskolan"))
    session.flush()
    session.add(m.SchoolGroup(school_id=1, name="1A"))
    session.add(
        m.Pupil(
            identity_number=fictitious_personnummer(date(2013, 1, 9), 2),
            first_name="Test",
            last_name="Testsson",
        )
    )
    session.add(m.Guardian(first_name="Test", last_name="Testsson"))
    session.flush()


def _event_written_by(write, engine, table_name: str) -> tuple:
    """The audit event `write(session)` leaves for a new row of `table_name`; rolled back."""
    with _AuditedSession(engine) as session:
        session.info[audit.ACTOR_KEY] = "Karin Kurator"
        _prerequisites(session)
        written_before = session.scalars(select(m.AuditEvent.id)).all()
        write(session)
        session.flush()
        (event,) = session.scalars(
            select(m.AuditEvent).where(
                m.AuditEvent.table_name == table_name, m.AuditEvent.id.not_in(written_before)
            )
        ).all()
        found = (event.action, event.table_name, event.row_id, event.actor, event.changes)
        session.rollback()
    return found


@pytest.mark.parametrize("table_name", list(ROWS))
def test_the_import_and_the_orm_hook_write_the_same_audit_event(new_journal, table_name):
    model, row = ROWS[table_name]
    engine = new_journal.journal._engine

    by_hook = _event_written_by(lambda session: session.add(model(**row)), engine, table_name)
    by_import = _event_written_by(
        lambda session: apply_step._insert(session, model, [row], "Karin Kurator", AT),
        engine,
        table_name,
    )

    assert by_import == by_hook
    changes = json.loads(by_import[4])
    # The shape: every column with a value, as [old, new]; dates in ISO 8601; å/ä/ö as letters.
    assert all(old is None for old, _new in changes.values())
    assert changes["id"] == [None, by_import[2]]
    assert set(changes) == {"id"} | {name for name, value in row.items() if value is not None} | {
        c.name for c in model.__table__.columns if c.default is not None and c.name not in row
    }
    if table_name == "pupil":
        assert changes["birth_date"] == [None, "2012-05-03"]
        assert changes["created_at"] == [None, AT.isoformat()]
        assert '"Åsa"' in by_import[4]


def test_changes_json_is_the_one_encoding():
    changes = audit.insert_changes(
        {"name": "Åsa", "born": date(2012, 5, 3), "note": None, "at": AT, "custody": True}
    )
    assert changes == {
        "name": [None, "Åsa"],
        "born": [None, "2012-05-03"],
        "at": [None, "2026-03-18T07:30:00+00:00"],
        "custody": [None, True],
    }
    assert audit.changes_json(changes) == (
        '{"at": [null, "2026-03-18T07:30:00+00:00"], "born": [null, "2012-05-03"], '
        '"custody": [null, true], "name": [null, "Åsa"]}'
    )
    row = audit.audit_row("insert", "pupil", 7, changes, "Karin Kurator", AT)
    assert row == {
        "at": AT,
        "actor": "Karin Kurator",
        "action": "insert",
        "table_name": "pupil",
        "row_id": 7,
        "changes": audit.changes_json(changes),
    }
