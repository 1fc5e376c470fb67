"""The apply step of an import: write the plan, all of it or nothing, with its audit trail.

`apply_import` works in the caller's session, so the caller's transaction makes the import all
or nothing; any rejected row blocks it before anything is written (ImportRejected). A matched
guardian gets the file's phone and e-mail when the file has them; nothing the file leaves
empty is blanked. Nobody with protected identity gets an address (storage.protected_identity).

Speed: new rows go in with one driver-level executemany per table, and one audit event per
row is written alongside with storage.audit's own functions, so the trail records every row
in the same shape as the ORM hook without the ORM's per-object cost. Updates go through the
ORM, so storage.audit's hook records their old and new values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from operator import itemgetter

from sqlalchemy import inspect
from sqlmodel import Session

from storage import audit, calendar_periods, people
from storage import models as m
from storage.clock import now
from storage.errors import ImportRejected
from storage.importing.plan import MissingPupil, make_plan, phone_key
from storage.importing.results import Address, ImportedGuardian, ParsedList
from storage.protected_identity import address_for, may_hold_address
from storage.session import stored_id

_AUDIT_COLUMNS = ("at", "actor", "action", "table_name", "row_id", "changes")


@dataclass(frozen=True)
class ImportResult:
    """What an applied import did."""

    created: int
    updated: int
    unchanged: int
    classes_created: int
    guardians_created: int
    links_created: int
    class_moves: int
    missing_from_file: tuple[MissingPupil, ...]
    school_id: int  # the school imported into (a new school's id when one was created)


def _insert(session: Session, model, rows: list[dict], actor: str, at: datetime) -> list[int]:
    """Insert `rows` with one executemany each, and one audit event per row (storage.audit).

    The ORM's bulk paths cost ~20 µs per row here (parameter processing, RETURNING per row);
    one driver-level executemany per table is an order of magnitude cheaper. Ids are handed
    out after the table's largest, which is what SQLite itself would do; the session's
    transaction already holds the snapshot, so a concurrent writer makes this fail rather
    than collide.

    Returns:
        The new rows' ids, in the order of `rows`.
    """
    if not rows:
        return []
    connection = session.connection()
    table = model.__table__
    # A plain str: the driver looks for an adapter on every parameter of a str subclass
    # (SQLAlchemy's quoted_name), which cost ~2 µs an audit event.
    table_name = str(table.name)
    names = [c.name for c in table.columns]
    row_values, event_values = itemgetter(*names), itemgetter(*_AUDIT_COLUMNS)
    defaults = {
        c.name: (str(c.default.arg) if isinstance(c.default.arg, StrEnum) else c.default.arg)
        if c.default is not None and c.default.is_scalar
        else at
        if c.default is not None
        else None
        for c in table.columns
    }
    first = (
        connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table_name}").scalar_one()
        + 1
    )
    ids = list(range(first, first + len(rows)))
    values, events = [], []
    dialect = connection.dialect
    # Dates and times go through their column types (UTCDateTime stores naive UTC text).
    processors = [
        (c.name, process)
        for c in table.columns
        if (process := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    # Through the mapper: SQLModel does not declare __table__ to type checkers.
    at_column = inspect(m.AuditEvent).columns["at"]
    process_at = at_column.type.dialect_impl(dialect).bind_processor(dialect)
    event_at = process_at(at) if process_at is not None else at
    for row_id, row in zip(ids, rows, strict=True):
        full = {**defaults, **row, "id": row_id}
        event = audit.audit_row(
            "insert", table_name, row_id, audit.insert_changes(full), actor, event_at
        )
        events.append(event_values(event))
        for name, process in processors:
            if full[name] is not None:
                full[name] = process(full[name])
        values.append(row_values(full))
    placeholders = ", ".join("?" for _name in names)
    connection.exec_driver_sql(
        f"INSERT INTO {table_name} ({', '.join(names)}) VALUES ({placeholders})", values
    )
    connection.exec_driver_sql(
        f"INSERT INTO audit_event ({', '.join(_AUDIT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)", events
    )
    return ids


def apply_import(
    session: Session,
    parsed: ParsedList,
    school_id: int | None,
    today: date,
    *,
    new_school: str = "",
) -> ImportResult:
    """Import `parsed` into the school `school_id`, in the caller's transaction.

    Args:
        session: the caller's session; its commit makes the import, its rollback undoes all.
        parsed: the checked file.
        school_id: the served school the list belongs to; None to create `new_school`.
        today: the date class memberships start (and moved-from ones end the day before).
        new_school: the name of a school to create for the list, in the same transaction, so
            that a cancelled or failed import leaves no empty school behind.

    Raises:
        ImportRejected: the file has rejected rows or unmapped columns; nothing was written.
        NotFound: no school with that id.
        InvalidValue: neither a school id nor a new school's name.
    """
    if school_id is None:
        school_id = people.add_school(
            session,
            new_school,
            school_type=m.SchoolType.MUNICIPAL,
            municipality="",
            unit_code="",
            served=True,
        )
        # A new school gets this school year's proposed calendar (editable), so its
        # register works on day one.
        calendar_periods.propose_current_year(session, school_id, today)
    plan = make_plan(session, parsed, school_id)
    preview, existing = plan.preview, plan.existing
    if preview.rejected:
        raise ImportRejected(preview.rejected)
    actor, at = session.info.get(audit.ACTOR_KEY, ""), now()

    class_ids = dict(existing.classes)
    new_classes = preview.classes_to_create
    for name, group_id in zip(
        new_classes,
        _insert(
            session,
            m.SchoolGroup,
            [
                {"school_id": school_id, "name": name, "group_type": str(m.GroupType.CLASS)}
                for name in new_classes
            ],
            actor,
            at,
        ),
        strict=True,
    ):
        class_ids[name] = group_id

    pupil_ids = {number: stored_id(pupil) for number, pupil in existing.pupils.items()}
    new_pupils = [p for p in parsed.pupils if p.identity_number not in existing.pupils]
    rows = [
        {
            **plan.pupil_values[p.identity_number],
            "identity_number": p.identity_number,
            "birth_date": p.birth_date,
            "external_id": p.external_id,
            "created_at": at,
        }
        for p in new_pupils
    ]
    for pupil, pupil_id in zip(
        new_pupils, _insert(session, m.Pupil, rows, actor, at), strict=True
    ):
        pupil_ids[pupil.identity_number] = pupil_id

    for pupil in parsed.pupils:
        old = existing.pupils.get(pupil.identity_number)
        values = plan.pupil_values.get(pupil.identity_number)
        if old is None or values is None:
            continue
        for name, value in values.items():
            if getattr(old, name) != value:
                setattr(old, name, value)  # through the ORM: the audit hook keeps old/new

    memberships, moves = [], 0
    start_before = today - timedelta(days=1)
    for pupil in parsed.pupils:
        if pupil.class_name is None:
            continue
        pupil_id = pupil_ids[pupil.identity_number]
        group_id = class_ids[pupil.class_name]
        current = existing.current_class.get(pupil_id)
        if current is not None and current[0].group_id == group_id:
            continue
        if current is not None:
            old_membership = current[0]
            starts = old_membership.starts_on
            old_membership.ends_on = today if starts and starts > start_before else start_before
            moves += 1
        memberships.append({"pupil_id": pupil_id, "group_id": group_id, "starts_on": today})
    session.flush()  # the updates above, recorded by the audit hook
    _insert(session, m.GroupMembership, memberships, actor, at)

    guardians = plan.guardians
    for guardian, imported in guardians.updates:
        _update_guardian(guardian, imported)
    guardian_ids = _insert(
        session, m.Guardian, [_new_guardian(g, at) for g in guardians.new], actor, at
    )
    _insert(
        session,
        m.PupilGuardian,
        [
            {
                "pupil_id": pupil_ids[number],
                "guardian_id": target.id
                if isinstance(target, m.Guardian)
                else guardian_ids[target],
                "relation": str(relation),
            }
            for number, target, relation in guardians.links
        ],
        actor,
        at,
    )

    updated = len(preview.updated)
    summary = {
        "file_format": parsed.format,
        "encoding": parsed.encoding,
        "school_id": school_id,
        "created": len(preview.new),
        "updated": updated,
        "unchanged": len(preview.unchanged),
        "missing_from_file": len(preview.missing_from_file),
    }
    session.add(
        m.AuditEvent(
            at=at, actor=actor, action="class_list_imported", changes=audit.changes_json(summary)
        )
    )
    session.flush()
    return ImportResult(
        len(preview.new),
        updated,
        len(preview.unchanged),
        len(new_classes),
        len(guardians.new),
        len(guardians.links),
        moves,
        tuple(preview.missing_from_file),
        school_id,
    )


def _update_guardian(guardian: m.Guardian, imported: ImportedGuardian) -> None:
    """Fill in or refresh what the file knows; never blank a field the file leaves empty."""
    if imported.phone and phone_key(imported.phone) != phone_key(guardian.phone):
        guardian.phone = imported.phone
    if imported.email and imported.email.casefold() != guardian.email.casefold():
        guardian.email = imported.email
    if imported.identity_number and not guardian.identity_number:
        guardian.identity_number = imported.identity_number
    if not may_hold_address(imported.security_marking):
        guardian.security_marking = str(m.SecurityMarking.PROTECTED)
    address = imported.address
    if address is not None or not may_hold_address(guardian.security_marking):
        for name, value in address_for(
            guardian.security_marking,
            address.street if address else None,
            address.postal_code if address else None,
            address.city if address else None,
        ).items():
            setattr(guardian, name, value)


def _new_guardian(guardian: ImportedGuardian, at: datetime) -> dict:
    """The row of a guardian the journal does not have yet."""
    address = guardian.address or Address(None, None, None)
    return {
        "first_name": guardian.first_name,
        "last_name": guardian.last_name,
        "identity_number": guardian.identity_number,
        "phone": guardian.phone,
        "email": guardian.email,
        "security_marking": str(guardian.security_marking),
        "external_id": guardian.external_id,
        "created_at": at,
        **address_for(
            guardian.security_marking, address.street, address.postal_code, address.city
        ),
    }
