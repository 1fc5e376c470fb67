"""The plan step of an import: compare a checked file with the journal, writing nothing.

`plan_import` shows what an import would do (new, updated with each field's old and new value,
unchanged, rejected, pupils of the school missing from the file, classes to create);
storage.importing.apply writes the same plan. Both take a `ParsedList` and a sqlmodel Session;
the Journal facade calls them inside its own session.

Rules:
- Pupils are matched by identity number. Re-importing the same list changes nothing; a newer
  list updates names, markings, addresses and classes, and never duplicates a pupil.
- An import never lowers a security marking (none < confidential < protected): a marking set
  by hand stays, with a warning, and a pupil who stays protected keeps no address (nor do
  the guardians the file brings for them).
- A known identity number arriving with a wholly different name (no name in common) is
  warned about: a mistyped number in the file would otherwise rename another pupil.
- Nothing is ever deleted. Pupils of the school missing from the file are listed for review.
  An address is only replaced when the file carries one, except that protected identity
  always clears it (the journal never keeps such an address).
- A changed class ends the old membership and starts a new one, so the history stays.
- Guardians are matched by identity number, else by name and phone (across the journal:
  siblings share guardians), else by name among the pupil's own guardians (whose phone may
  have changed); a link is never duplicated.
- Any rejected row blocks the whole import (ImportRejected), before anything is written.

Speed: the rows an import compares with are read once into dicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import ColumnElement, select
from sqlmodel import Session, col

from storage import models as m
from storage.codes import is_lower_marking
from storage.errors import NotFound
from storage.importing.results import (
    KIND_GUARDIANS,
    Address,
    ImportedGuardian,
    ImportedPupil,
    ParsedList,
    RowError,
)
from storage.protected_identity import address_for, may_hold_address
from storage.session import stored_id


@dataclass(frozen=True)
class FieldChange:
    """One value an import changes; for "school_id" the old and new are schools' names."""

    field: str  # a Pupil column, or "class_name"
    old: str | None
    new: str | None


# What a PupilWarning is about.
MARKING_KEPT = "marking_kept"  # the file's marking is lower; the journal's stays
OTHER_NAME = "other_name"  # a known identity number with a wholly different name


@dataclass(frozen=True)
class PupilWarning:
    """Something about one pupil the counsellor should look at before importing.

    Attributes:
        code: MARKING_KEPT or OTHER_NAME.
        journal_value: what the journal holds (the marking code, or the full name).
        file_value: what the file says.
    """

    code: str
    journal_value: str
    file_value: str


@dataclass(frozen=True)
class PlannedGuardian:
    """A guardian the import would add, with the names exactly as they would be stored."""

    line: int
    first_name: str
    last_name: str
    pupil_first_name: str
    pupil_last_name: str


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
    warnings: tuple[PupilWarning, ...] = ()


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
    new_guardians: list[PlannedGuardian] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return not self.rejected

    @property
    def warned(self) -> list[PlannedPupil]:
        """Pupils of the file with a warning, in the file's order."""
        pupils = self.updated + self.unchanged + self.new
        return sorted((p for p in pupils if p.warnings), key=lambda p: p.line)

    @property
    def renamed(self) -> list[PlannedPupil]:
        """Pupils whose known identity number arrives with a wholly different name."""
        return [p for p in self.warned if any(w.code == OTHER_NAME for w in p.warnings)]


# -- reading the journal once --------------------------------------------------------------


@dataclass
class Existing:
    """The rows an import compares with, read once."""

    pupils: dict[str, m.Pupil]  # by identity number
    classes: dict[str, int]  # this school's classes: name -> group id
    current_class: dict[int, tuple[m.GroupMembership, str]]  # pupil id -> membership, name
    guardian_by_number: dict[str, m.Guardian]
    guardian_by_name_phone: dict[tuple[str, str, str], m.Guardian]
    links: dict[int, dict[int, m.Guardian]]  # pupil id -> guardian id -> guardian
    school_names: dict[int, str]  # every school's name, for the changes shown


_NOT_DIGITS = re.compile(r"[^0-9]")


def name_key(text: str) -> str:
    """A name as guardians are matched on it: case and spacing aside, letters as written.

    Not storage.text.fold: accents count here ("Asa" is not taken for "Åsa" when deciding
    that two rows are one person).
    """
    return " ".join(text.casefold().split())


def phone_key(phone: str) -> str:
    """A phone number as digits, +46 written as 0: "+46 70-123" and "070 123" match."""
    digits = _NOT_DIGITS.sub("", phone)
    return "0" + digits[2:] if digits.startswith("46") and len(digits) > 9 else digits


def _read(session: Session, parsed: ParsedList, school_id: int | None) -> Existing:
    if school_id is not None and session.get(m.School, school_id) is None:
        raise NotFound("school")
    numbers = {p.identity_number for p in parsed.pupils}
    numbers |= {row.pupil_identity_number for row in parsed.guardian_rows}
    wanted: ColumnElement[bool] = col(m.Pupil.identity_number).in_(numbers)
    if school_id is not None:
        wanted = wanted | (col(m.Pupil.school_id) == school_id)
    pupils = {p.identity_number: p for p in session.scalars(select(m.Pupil).where(wanted))}
    classes = {
        name: group_id
        for group_id, name in session.execute(
            select(col(m.SchoolGroup.id), col(m.SchoolGroup.name)).where(
                col(m.SchoolGroup.school_id) == school_id,
                col(m.SchoolGroup.group_type) == m.GroupType.CLASS,
            )
        )
    }
    pupil_ids = [stored_id(p) for p in pupils.values()]
    current_class: dict[int, tuple[m.GroupMembership, str]] = {}
    for membership, name in session.execute(
        select(m.GroupMembership, col(m.SchoolGroup.name))
        .join(m.SchoolGroup, col(m.SchoolGroup.id) == m.GroupMembership.group_id)
        .where(
            col(m.GroupMembership.pupil_id).in_(pupil_ids),
            col(m.GroupMembership.ends_on).is_(None),
            col(m.SchoolGroup.group_type) == m.GroupType.CLASS,
        )
        .order_by(col(m.GroupMembership.id))
    ):
        current_class[membership.pupil_id] = (membership, name)
    links: dict[int, dict[int, m.Guardian]] = {}
    for link, guardian in session.execute(
        select(m.PupilGuardian, m.Guardian)
        .join(m.Guardian, col(m.Guardian.id) == m.PupilGuardian.guardian_id)
        .where(col(m.PupilGuardian.pupil_id).in_(pupil_ids))
    ):
        links.setdefault(link.pupil_id, {})[guardian.id] = guardian
    by_number: dict[str, m.Guardian] = {}
    by_name_phone: dict[tuple[str, str, str], m.Guardian] = {}
    imported = [g for p in parsed.pupils for g in p.guardians]
    imported += [row.guardian for row in parsed.guardian_rows]
    wanted_numbers = {g.identity_number for g in imported if g.identity_number}
    wanted_phones = {phone_key(g.phone) for g in imported if g.phone}
    if wanted_numbers or wanted_phones:
        # Guardians are matched across the journal: siblings share them.
        for guardian in session.scalars(select(m.Guardian)):
            if guardian.identity_number in wanted_numbers:
                by_number.setdefault(guardian.identity_number, guardian)
            phone = phone_key(guardian.phone)
            if phone in wanted_phones:
                by_name_phone.setdefault(
                    (name_key(guardian.first_name), name_key(guardian.last_name), phone), guardian
                )
    school_names = {
        school_id: name
        for school_id, name in session.execute(select(col(m.School.id), col(m.School.name)))
    }
    return Existing(pupils, classes, current_class, by_number, by_name_phone, links, school_names)


# -- deciding ------------------------------------------------------------------------------


@dataclass
class GuardianPlan:
    """Where each imported guardian goes: an existing row or one to create."""

    new: list[ImportedGuardian] = field(default_factory=list)
    # (pupil number, line) each new guardian came with
    new_owners: list[tuple[str, int]] = field(default_factory=list)
    # (pupil number, existing guardian or index into `new`, relation)
    links: list[tuple[str, m.Guardian | int, str]] = field(default_factory=list)
    updates: list[tuple[m.Guardian, ImportedGuardian]] = field(default_factory=list)


def _plan_guardians(
    items: Iterable[tuple[str, int | None, ImportedGuardian, int]], existing: Existing
) -> GuardianPlan:
    plan = GuardianPlan()
    new_by_number: dict[str, int] = {}
    new_by_name_phone: dict[tuple[str, str, str], int] = {}
    linked: set[tuple[str, int | str | None]] = set()
    for pupil_number, pupil_id, guardian, line in items:
        name = (name_key(guardian.first_name), name_key(guardian.last_name))
        phone = phone_key(guardian.phone)
        own = existing.links.get(pupil_id, {}) if pupil_id is not None else {}
        target: m.Guardian | int | None = None
        if guardian.identity_number:
            target = existing.guardian_by_number.get(
                guardian.identity_number
            ) or new_by_number.get(guardian.identity_number)
        if target is None and phone:
            target = existing.guardian_by_name_phone.get((*name, phone)) or new_by_name_phone.get(
                (*name, phone)
            )
        if target is None:
            # The same name among the pupil's own guardians is the same person, whose phone
            # may have changed since the last list.
            target = next(
                (
                    g
                    for g in own.values()
                    if (name_key(g.first_name), name_key(g.last_name)) == name
                ),
                None,
            )
        if target is None:
            plan.new.append(guardian)
            plan.new_owners.append((pupil_number, line))
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


def _marking(pupil: ImportedPupil, old: m.Pupil | None) -> str:
    """The marking to store: the file's, unless that is lower than the journal's."""
    if old is not None and is_lower_marking(pupil.security_marking, old.security_marking):
        return str(old.security_marking)
    return str(pupil.security_marking)


def _pupil_values(
    pupil: ImportedPupil, school_id: int | None, old: m.Pupil | None, marking: str
) -> dict:
    values = {
        "first_name": pupil.first_name,
        "last_name": pupil.last_name,
        "identity_kind": str(pupil.identity_kind),
        "security_marking": marking,
        "person_status": str(pupil.person_status),
        "school_id": school_id,
    }
    # An address is replaced only when the file has one; protected identity always clears it.
    if pupil.address is not None or old is None or not may_hold_address(marking):
        address = pupil.address or Address(None, None, None)
        values.update(address_for(marking, address.street, address.postal_code, address.city))
    return values


def _name_words(first: str, last: str) -> set[str]:
    return set(name_key(f"{first} {last}").replace("-", " ").split())


def _warnings(pupil: ImportedPupil, old: m.Pupil | None, marking: str) -> list[PupilWarning]:
    """What the counsellor should look at for this pupil before importing."""
    if old is None:
        return []
    warnings = []
    if marking != pupil.security_marking:
        warnings.append(PupilWarning(MARKING_KEPT, marking, str(pupil.security_marking)))
    # A new first name, a new last name or both reordered is a person's name changing; not
    # a single name in common is more likely another person under a mistyped number.
    if not _name_words(old.first_name, old.last_name) & _name_words(
        pupil.first_name, pupil.last_name
    ):
        warnings.append(
            PupilWarning(
                OTHER_NAME,
                f"{old.first_name} {old.last_name}",
                f"{pupil.first_name} {pupil.last_name}",
            )
        )
    return warnings


def _change(existing: Existing, name: str, old_value, new_value) -> FieldChange:
    if name == "school_id":  # a school is shown by its name
        return FieldChange(
            name,
            existing.school_names.get(old_value) if old_value is not None else None,
            existing.school_names.get(new_value) if new_value is not None else None,
        )
    return FieldChange(name, _text(old_value), _text(new_value))


@dataclass
class Plan:
    """What an import will do: the preview, and what the apply step needs to write it."""

    preview: ImportPreview
    existing: Existing
    guardians: GuardianPlan
    pupil_values: dict[str, dict]  # identity number -> new values for changed/new pupils


def make_plan(session: Session, parsed: ParsedList, school_id: int | None) -> Plan:
    """Compare `parsed` with the journal (read once) and decide every row; writes nothing."""
    existing = _read(session, parsed, school_id)
    preview = ImportPreview(rejected=list(parsed.errors))
    if parsed.needs_mapping:
        preview.rejected.append(
            RowError(1, "", "needs_mapping", "the required columns were not found")
        )
    pupil_values: dict[str, dict] = {}
    guardian_items: list[tuple[str, int | None, ImportedGuardian, int]] = []
    if parsed.kind == KIND_GUARDIANS:
        column = next((h for h, f in parsed.mapping.items() if f == "pupil_identity_number"), "")
        for row in parsed.guardian_rows:
            owner = existing.pupils.get(row.pupil_identity_number)
            if owner is None:
                preview.rejected.append(
                    RowError(
                        row.line, column, "unknown_pupil", "no pupil with this identity number"
                    )
                )
            else:
                guardian = row.guardian
                if not may_hold_address(owner.security_marking):
                    guardian = replace(guardian, address=None)  # it would reveal the child's
                guardian_items.append((row.pupil_identity_number, owner.id, guardian, row.line))
    classes_to_create: dict[str, None] = {}
    planned: list[tuple[ImportedPupil, m.Pupil | None, list[FieldChange], str]] = []
    for pupil in parsed.pupils:
        old = existing.pupils.get(pupil.identity_number)
        marking = _marking(pupil, old)
        values = _pupil_values(pupil, school_id, old, marking)
        changes = [
            _change(existing, name, getattr(old, name), value)
            for name, value in values.items()
            if old is not None and getattr(old, name) != value
        ]
        if pupil.class_name is not None:
            current = existing.current_class.get(stored_id(old)) if old is not None else None
            if (
                current is None
                or current[1] != pupil.class_name
                or current[0].group_id != existing.classes.get(pupil.class_name)
            ):
                if old is not None:
                    changes.append(
                        FieldChange(
                            "class_name", current[1] if current else None, pupil.class_name
                        )
                    )
                if pupil.class_name not in existing.classes:
                    classes_to_create[pupil.class_name] = None
        if old is None or changes:
            pupil_values[pupil.identity_number] = values
        planned.append((pupil, old, changes, marking))
        for guardian in pupil.guardians:
            if not may_hold_address(marking):
                # Also when the journal's marking was kept over the file's: a guardian's
                # address would reveal where the child lives.
                guardian = replace(guardian, address=None)
            guardian_items.append(
                (pupil.identity_number, old.id if old else None, guardian, pupil.line)
            )
    guardians = _plan_guardians(guardian_items, existing)
    links_per_pupil: dict[str, int] = {}
    for number, _target, _relation in guardians.links:
        links_per_pupil[number] = links_per_pupil.get(number, 0) + 1
    for pupil, old, changes, marking in planned:
        item = PlannedPupil(
            pupil.line,
            pupil.identity_number,
            pupil.first_name,
            pupil.last_name,
            pupil.class_name,
            old.id if old else None,
            tuple(changes),
            links_per_pupil.get(pupil.identity_number, 0),
            tuple(_warnings(pupil, old, marking)),
        )
        if old is None:
            preview.new.append(item)
        elif changes or item.guardians_to_add:
            preview.updated.append(item)
        else:
            preview.unchanged.append(item)
        if pupil.person_status == m.PersonStatus.EMIGRATED:
            preview.emigrated.append(item)
    preview.classes_to_create = list(classes_to_create)
    preview.new_guardians = _planned_guardians(guardians, parsed, existing)
    preview.guardians_to_create = len(guardians.new)
    preview.links_to_create = len(guardians.links)
    if parsed.kind != KIND_GUARDIANS:
        in_file = {p.identity_number for p in parsed.pupils}
        rejected_lines = bool(parsed.errors)
        class_ids = set(existing.classes.values())
        for number, known in sorted(
            existing.pupils.items(), key=lambda item: (item[1].last_name, item[1].first_name)
        ):
            current = existing.current_class.get(stored_id(known))
            if (
                number in in_file
                or known.school_id != school_id
                or current is None
                or current[0].group_id not in class_ids
                or rejected_lines
            ):
                continue
            preview.missing_from_file.append(
                MissingPupil(
                    stored_id(known), number, known.first_name, known.last_name, current[1]
                )
            )
    return Plan(preview, existing, guardians, pupil_values)


def _planned_guardians(
    guardians: GuardianPlan, parsed: ParsedList, existing: Existing
) -> list[PlannedGuardian]:
    """The new guardians with the line and the pupil they came with, in the file's order."""
    names = {p.identity_number: (p.first_name, p.last_name) for p in existing.pupils.values()}
    names |= {p.identity_number: (p.first_name, p.last_name) for p in parsed.pupils}
    planned = [
        PlannedGuardian(
            line, guardian.first_name, guardian.last_name, *names.get(number, ("", ""))
        )
        for guardian, (number, line) in zip(guardians.new, guardians.new_owners, strict=True)
    ]
    return sorted(planned, key=lambda g: g.line)


def _text(value) -> str | None:
    return None if value is None else str(value)


def plan_import(session: Session, parsed: ParsedList, school_id: int | None) -> ImportPreview:
    """What importing `parsed` into the school `school_id` would do; nothing is written.

    Args:
        session: any session; only reads.
        parsed: the checked file.
        school_id: the school the list belongs to; None for a school not created yet (a dry
            run with a new school's name), which has no classes and no pupils.

    Raises:
        NotFound: no school with that id.
    """
    return make_plan(session, parsed, school_id).preview
