"""The database side of importing a class list: compare with the journal, then write it all.

`plan_import` shows what an import would do (new, updated with each field's old and new value,
unchanged, rejected, pupils of the school missing from the file, classes to create) without
writing; `apply_import` does it in the caller's session, so the caller's transaction makes it
all or nothing. Both take a `storage.importing.ParsedList` and a sqlmodel Session; the Journal
facade calls them inside its own session.

Rules:
- Pupils are matched by identity number. Re-importing the same list changes nothing; a newer
  list updates names, markings, addresses and classes, and never duplicates a pupil.
- Nothing is ever deleted. Pupils of the school missing from the file are listed for review.
  An address is only replaced when the file carries one, except that protected identity
  always clears it (the journal never keeps such an address).
- A changed class ends the old membership and starts a new one, so the history stays.
- Guardians are matched by identity number, else by name and phone (across the journal:
  siblings share guardians), else by name among the pupil's own guardians (whose phone may
  have changed); a link is never duplicated. A matched guardian gets the file's phone and
  e-mail when the file has them; nothing the file leaves empty is blanked.
- Any rejected row blocks the whole import (ImportRejected), before anything is written.

Speed: existing rows are read once into dicts, new rows go in with one executemany per table
(RETURNING gives their ids) and their audit events are written alongside in the same format as
storage.audit, so the trail records every row without the ORM's per-object cost. Updates go
through the ORM, so storage.audit's hook records their old and new values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session

from storage import audit
from storage import models as m
from storage.errors import ImportRejected, NotFound
from storage.importing import (
    KIND_GUARDIANS,
    ImportedGuardian,
    ImportedPupil,
    ParsedList,
    RowError,
)

# The pupil fields an import sets, in the order a preview lists changes.
PUPIL_FIELDS = ("first_name", "last_name", "identity_kind", "security_marking",
                "person_status", "street", "postal_code", "city", "school_id")


@dataclass(frozen=True)
class FieldChange:
    field: str  # a Pupil column, or "class_name"
    old: str | None
    new: str | None


@dataclass(frozen=True)
class PlannedPupil:
    """One pupil of the file and what the import would do to them."""

    line: int
    identity_number: str
    first_name: str
    last_name: str
    class_name: str | None
    pupil_id: int | None  # None for a new pupil
    changes: tuple[FieldChange, ...] = ()
    guardians_to_add: int = 0  # new links (to a new or an existing guardian)


@dataclass(frozen=True)
class MissingPupil:
    """A pupil of the school with a current class, not in the file: shown, never removed."""

    pupil_id: int
    identity_number: str
    first_name: str
    last_name: str
    class_name: str | None


@dataclass
class ImportPreview:
    """What an import would do; nothing is written to make it."""

    new: list[PlannedPupil] = field(default_factory=list)
    updated: list[PlannedPupil] = field(default_factory=list)
    unchanged: list[PlannedPupil] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    missing_from_file: list[MissingPupil] = field(default_factory=list)
    classes_to_create: list[str] = field(default_factory=list)
    guardians_to_create: int = 0
    links_to_create: int = 0
    emigrated: list[PlannedPupil] = field(default_factory=list)  # personStatus Utvandrad

    @property
    def can_apply(self) -> bool:
        return not self.rejected


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


# -- reading the journal once --------------------------------------------------------------

@dataclass
class _Existing:
    """The rows an import compares with, read once."""

    pupils: dict[str, m.Pupil]  # by identity number
    classes: dict[str, int]  # this school's classes: name -> group id
    current_class: dict[int, tuple[m.GroupMembership, str]]  # pupil id -> membership, name
    guardian_by_number: dict[str, m.Guardian]
    guardian_by_name_phone: dict[tuple[str, str, str], m.Guardian]
    links: dict[int, dict[int, m.Guardian]]  # pupil id -> guardian id -> guardian


_NOT_DIGITS = re.compile(r"[^0-9]")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _phone_key(phone: str) -> str:
    digits = _NOT_DIGITS.sub("", phone)
    return "0" + digits[2:] if digits.startswith("46") and len(digits) > 9 else digits


def _read(session: Session, parsed: ParsedList, school_id: int | None) -> _Existing:
    if school_id is not None and session.get(m.School, school_id) is None:
        raise NotFound("school")
    numbers = {p.identity_number for p in parsed.pupils}
    numbers |= {row.pupil_identity_number for row in parsed.guardian_rows}
    wanted = m.Pupil.identity_number.in_(numbers)
    if school_id is not None:
        wanted = wanted | (m.Pupil.school_id == school_id)
    pupils = {p.identity_number: p for p in session.scalars(select(m.Pupil).where(wanted))}
    classes = {name: group_id for group_id, name in session.execute(
        select(m.SchoolGroup.id, m.SchoolGroup.name).where(
            m.SchoolGroup.school_id == school_id,
            m.SchoolGroup.group_type == m.GroupType.CLASS))}
    pupil_ids = [p.id for p in pupils.values()]
    current_class: dict[int, tuple[m.GroupMembership, str]] = {}
    for membership, name in session.execute(
            select(m.GroupMembership, m.SchoolGroup.name)
            .join(m.SchoolGroup, m.SchoolGroup.id == m.GroupMembership.group_id)
            .where(m.GroupMembership.pupil_id.in_(pupil_ids),
                   m.GroupMembership.ends_on.is_(None),
                   m.SchoolGroup.group_type == m.GroupType.CLASS)
            .order_by(m.GroupMembership.id)):
        current_class[membership.pupil_id] = (membership, name)
    links: dict[int, dict[int, m.Guardian]] = {}
    for link, guardian in session.execute(
            select(m.PupilGuardian, m.Guardian)
            .join(m.Guardian, m.Guardian.id == m.PupilGuardian.guardian_id)
            .where(m.PupilGuardian.pupil_id.in_(pupil_ids))):
        links.setdefault(link.pupil_id, {})[guardian.id] = guardian
    by_number: dict[str, m.Guardian] = {}
    by_name_phone: dict[tuple[str, str, str], m.Guardian] = {}
    imported = [g for p in parsed.pupils for g in p.guardians]
    imported += [row.guardian for row in parsed.guardian_rows]
    wanted_numbers = {g.identity_number for g in imported if g.identity_number}
    wanted_phones = {_phone_key(g.phone) for g in imported if g.phone}
    if wanted_numbers or wanted_phones:
        # Guardians are matched across the journal: siblings share them.
        for guardian in session.scalars(select(m.Guardian)):
            if guardian.identity_number in wanted_numbers:
                by_number.setdefault(guardian.identity_number, guardian)
            phone = _phone_key(guardian.phone)
            if phone in wanted_phones:
                by_name_phone.setdefault((_key(guardian.first_name),
                                          _key(guardian.last_name), phone), guardian)
    return _Existing(pupils, classes, current_class, by_number, by_name_phone, links)


# -- deciding ------------------------------------------------------------------------------

@dataclass
class _GuardianPlan:
    """Where each imported guardian goes: an existing row or one to create."""

    new: list[ImportedGuardian] = field(default_factory=list)
    # (pupil number, existing guardian or index into `new`, relation)
    links: list[tuple[str, m.Guardian | int, str]] = field(default_factory=list)
    updates: list[tuple[m.Guardian, ImportedGuardian]] = field(default_factory=list)


def _plan_guardians(items: Iterable[tuple[str, int | None, ImportedGuardian]],
                    existing: _Existing) -> _GuardianPlan:
    plan = _GuardianPlan()
    new_by_number: dict[str, int] = {}
    new_by_name_phone: dict[tuple[str, str, str], int] = {}
    linked: set[tuple[str, int | str]] = set()
    for pupil_number, pupil_id, guardian in items:
        name = (_key(guardian.first_name), _key(guardian.last_name))
        phone = _phone_key(guardian.phone)
        own = existing.links.get(pupil_id, {}) if pupil_id is not None else {}
        target: m.Guardian | int | None = None
        if guardian.identity_number:
            target = (existing.guardian_by_number.get(guardian.identity_number)
                      or new_by_number.get(guardian.identity_number))
        if target is None and phone:
            target = (existing.guardian_by_name_phone.get((*name, phone))
                      or new_by_name_phone.get((*name, phone)))
        if target is None:
            # The same name among the pupil's own guardians is the same person, whose phone
            # may have changed since the last list.
            target = next((g for g in own.values()
                           if (_key(g.first_name), _key(g.last_name)) == name), None)
        if target is None:
            plan.new.append(guardian)
            target = len(plan.new) - 1
            if guardian.identity_number:
                new_by_number[guardian.identity_number] = target
            if phone:
                new_by_name_phone[(*name, phone)] = target
        elif isinstance(target, m.Guardian):
            plan.updates.append((target, guardian))
        key = (pupil_number, target.id if isinstance(target, m.Guardian) else f"new{target}")
        if key in linked or (isinstance(target, m.Guardian) and target.id in own):
            continue
        linked.add(key)
        plan.links.append((pupil_number, target, guardian.relation))
    return plan


def _pupil_values(pupil: ImportedPupil, school_id: int | None,
                  old: m.Pupil | None) -> dict:
    values = {"first_name": pupil.first_name, "last_name": pupil.last_name,
              "identity_kind": str(pupil.identity_kind),
              "security_marking": str(pupil.security_marking),
              "person_status": str(pupil.person_status), "school_id": school_id}
    if pupil.security_marking == m.SecurityMarking.PROTECTED:
        values.update(street=None, postal_code=None, city=None)
    elif pupil.address is not None:
        values.update(street=pupil.address.street, postal_code=pupil.address.postal_code,
                      city=pupil.address.city)
    elif old is None:
        values.update(street=None, postal_code=None, city=None)
    return values


@dataclass
class _Plan:
    preview: ImportPreview
    existing: _Existing
    guardians: _GuardianPlan
    pupil_values: dict[str, dict]  # identity number -> new values for changed/new pupils


def _plan(session: Session, parsed: ParsedList, school_id: int | None) -> _Plan:
    existing = _read(session, parsed, school_id)
    preview = ImportPreview(rejected=list(parsed.errors))
    if parsed.needs_mapping:
        preview.rejected.append(RowError(1, "", "needs_mapping",
                                         "the required columns were not found"))
    pupil_values: dict[str, dict] = {}
    guardian_items: list[tuple[str, int | None, ImportedGuardian]] = []
    if parsed.kind == KIND_GUARDIANS:
        column = next((h for h, f in parsed.mapping.items()
                       if f == "pupil_identity_number"), "")
        for row in parsed.guardian_rows:
            pupil = existing.pupils.get(row.pupil_identity_number)
            if pupil is None:
                preview.rejected.append(RowError(row.line, column, "unknown_pupil",
                                                 "no pupil with this identity number"))
            else:
                guardian_items.append((row.pupil_identity_number, pupil.id, row.guardian))
    classes_to_create: dict[str, None] = {}
    planned: list[tuple[ImportedPupil, m.Pupil | None, list[FieldChange]]] = []
    for pupil in parsed.pupils:
        old = existing.pupils.get(pupil.identity_number)
        values = _pupil_values(pupil, school_id, old)
        changes = [FieldChange(name, _text(getattr(old, name)), _text(value))
                   for name, value in values.items()
                   if old is not None and getattr(old, name) != value]
        if pupil.class_name is not None:
            current = existing.current_class.get(old.id) if old is not None else None
            if current is None or current[1] != pupil.class_name \
                    or current[0].group_id != existing.classes.get(pupil.class_name):
                if old is not None:
                    changes.append(FieldChange("class_name", current[1] if current else None,
                                               pupil.class_name))
                if pupil.class_name not in existing.classes:
                    classes_to_create[pupil.class_name] = None
        if old is None or changes:
            pupil_values[pupil.identity_number] = values
        planned.append((pupil, old, changes))
        for guardian in pupil.guardians:
            guardian_items.append((pupil.identity_number, old.id if old else None, guardian))
    guardians = _plan_guardians(guardian_items, existing)
    links_per_pupil: dict[str, int] = {}
    for number, _target, _relation in guardians.links:
        links_per_pupil[number] = links_per_pupil.get(number, 0) + 1
    for pupil, old, changes in planned:
        item = PlannedPupil(pupil.line, pupil.identity_number, pupil.first_name,
                            pupil.last_name, pupil.class_name, old.id if old else None,
                            tuple(changes), links_per_pupil.get(pupil.identity_number, 0))
        if old is None:
            preview.new.append(item)
        elif changes or item.guardians_to_add:
            preview.updated.append(item)
        else:
            preview.unchanged.append(item)
        if pupil.person_status == m.PersonStatus.EMIGRATED:
            preview.emigrated.append(item)
    preview.classes_to_create = list(classes_to_create)
    preview.guardians_to_create = len(guardians.new)
    preview.links_to_create = len(guardians.links)
    if parsed.kind != KIND_GUARDIANS:
        in_file = {p.identity_number for p in parsed.pupils}
        rejected_lines = bool(parsed.errors)
        class_ids = set(existing.classes.values())
        for number, pupil in sorted(existing.pupils.items(),
                                    key=lambda item: (item[1].last_name, item[1].first_name)):
            current = existing.current_class.get(pupil.id)
            if (number in in_file or pupil.school_id != school_id or current is None
                    or current[0].group_id not in class_ids or rejected_lines):
                continue
            preview.missing_from_file.append(MissingPupil(pupil.id, number, pupil.first_name,
                                                          pupil.last_name, current[1]))
    return _Plan(preview, existing, guardians, pupil_values)


def _text(value) -> str | None:
    return None if value is None else str(value)


def plan_import(session: Session, parsed: ParsedList,
                school_id: int | None) -> ImportPreview:
    """What importing `parsed` into the school `school_id` would do; nothing is written.

    Args:
        session: any session; only reads.
        parsed: the checked file.
        school_id: the school the list belongs to; None for a school not created yet (a dry
            run with a new school's name), which has no classes and no pupils.

    Raises:
        NotFound: no school with that id.
    """
    return _plan(session, parsed, school_id).preview


# -- writing -------------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # as storage.audit writes


def _insert(session: Session, model, rows: list[dict], actor: str, at: datetime) -> list[int]:
    """Insert `rows` with one executemany and write their audit events as storage.audit would.

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
    names = [c.name for c in table.columns]
    defaults = {c.name: (str(c.default.arg) if isinstance(c.default.arg, StrEnum)
                         else c.default.arg) if c.default is not None and c.default.is_scalar
                else at if c.default is not None else None for c in table.columns}
    first = connection.exec_driver_sql(
        f"SELECT coalesce(max(id), 0) FROM {table.name}").scalar_one() + 1
    ids = list(range(first, first + len(rows)))
    values, events = [], []
    dialect = connection.dialect
    # Dates and times go through their column types (UTCDateTime stores naive UTC text).
    processors = [(c.name, process) for c in table.columns
                  if (process := c.type.dialect_impl(dialect).bind_processor(dialect))
                  is not None]
    at_column = m.AuditEvent.__table__.c.at
    event_at = at_column.type.dialect_impl(dialect).bind_processor(dialect)(at)
    for row_id, row in zip(ids, rows, strict=True):
        full = {**defaults, **row, "id": row_id}
        # Callers pass str, int, bool, None, date or datetime; the audit trail has dates in
        # ISO 8601, as storage.audit writes them.
        changes = {name: [None, value.isoformat() if isinstance(value, date) else value]
                   for name, value in full.items() if value is not None}
        events.append((event_at, actor, "insert", table.name, row_id, _JSON.encode(changes)))
        for name, process in processors:
            if full[name] is not None:
                full[name] = process(full[name])
        values.append(tuple(full[name] for name in names))
    placeholders = ", ".join("?" for _name in names)
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({placeholders})", values)
    connection.exec_driver_sql(
        "INSERT INTO audit_event (at, actor, action, table_name, row_id, changes) "
        "VALUES (?, ?, ?, ?, ?, ?)", events)
    return ids


def apply_import(session: Session, parsed: ParsedList, school_id: int,
                 today: date) -> ImportResult:
    """Import `parsed` into the school `school_id`, in the caller's transaction.

    Args:
        session: the caller's session; its commit makes the import, its rollback undoes all.
        parsed: the checked file.
        school_id: the served school the list belongs to.
        today: the date class memberships start (and moved-from ones end the day before).

    Raises:
        ImportRejected: the file has rejected rows or unmapped columns; nothing was written.
        NotFound: no school with that id.
    """
    plan = _plan(session, parsed, school_id)
    preview, existing = plan.preview, plan.existing
    if preview.rejected:
        raise ImportRejected(preview.rejected)
    actor, at = session.info.get(audit.ACTOR_KEY, ""), _now()

    class_ids = dict(existing.classes)
    new_classes = preview.classes_to_create
    for name, group_id in zip(new_classes, _insert(session, m.SchoolGroup, [
            {"school_id": school_id, "name": name, "group_type": str(m.GroupType.CLASS)}
            for name in new_classes], actor, at), strict=True):
        class_ids[name] = group_id

    pupil_ids = {number: pupil.id for number, pupil in existing.pupils.items()}
    new_pupils = [p for p in parsed.pupils if p.identity_number not in existing.pupils]
    rows = [{**plan.pupil_values[p.identity_number], "identity_number": p.identity_number,
             "birth_date": p.birth_date, "external_id": p.external_id, "created_at": at}
            for p in new_pupils]
    for pupil, pupil_id in zip(new_pupils, _insert(session, m.Pupil, rows, actor, at),
                               strict=True):
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
    guardian_ids = _insert(session, m.Guardian, [
        {"first_name": g.first_name, "last_name": g.last_name,
         "identity_number": g.identity_number, "phone": g.phone, "email": g.email,
         "street": g.address.street if g.address else None,
         "postal_code": g.address.postal_code if g.address else None,
         "city": g.address.city if g.address else None,
         "security_marking": str(g.security_marking), "external_id": g.external_id,
         "created_at": at} for g in guardians.new], actor, at)
    _insert(session, m.PupilGuardian, [
        {"pupil_id": pupil_ids[number],
         "guardian_id": target.id if isinstance(target, m.Guardian) else guardian_ids[target],
         "relation": str(relation)}
        for number, target, relation in guardians.links], actor, at)

    updated = len(preview.updated)
    session.add(m.AuditEvent(actor=actor, action="class_list_imported", changes=json.dumps({
        "file_format": parsed.format, "encoding": parsed.encoding, "school_id": school_id,
        "created": len(preview.new), "updated": updated, "unchanged": len(preview.unchanged),
        "missing_from_file": len(preview.missing_from_file)}, sort_keys=True)))
    session.flush()
    return ImportResult(len(preview.new), updated, len(preview.unchanged), len(new_classes),
                        len(guardians.new), len(guardians.links), moves,
                        tuple(preview.missing_from_file))


def _update_guardian(guardian: m.Guardian, imported: ImportedGuardian) -> None:
    """Fill in or refresh what the file knows; never blank a field the file leaves empty."""
    if imported.phone and _phone_key(imported.phone) != _phone_key(guardian.phone):
        guardian.phone = imported.phone
    if imported.email and imported.email.casefold() != guardian.email.casefold():
        guardian.email = imported.email
    if imported.identity_number and not guardian.identity_number:
        guardian.identity_number = imported.identity_number
    if imported.security_marking == m.SecurityMarking.PROTECTED:
        guardian.security_marking = str(m.SecurityMarking.PROTECTED)
        guardian.street = guardian.postal_code = guardian.city = None
    elif imported.address is not None and guardian.security_marking != \
            m.SecurityMarking.PROTECTED:
        guardian.street = imported.address.street
        guardian.postal_code = imported.address.postal_code
        guardian.city = imported.address.city
