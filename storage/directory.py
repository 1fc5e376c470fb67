"""The school's contact directory: social services and their out-of-hours service, police, the
national support line on honour-related violence, the local resource centre, sibling schools.

Numbers of authorities and schools, never of a pupil. An entry with no school is for every
school the counsellor serves. A new journal starts with one entry per kind that every school
needs, named but with EMPTY numbers: each municipality has its own social services and
out-of-hours service, and a number Saknad guessed would be worse than none. The only numbers
filled in are the national ones nobody has to look up (the police's 114 14, the emergency
number 112).

The schools named on the pupils' sibling links that the directory does not have yet are
offered beside it (read-only), so the counsellor adds them with one key when a sibling's
school has to be called. A journal made before the directory existed (or one whose starting
entries were removed) gets the missing ones on asking (add_missing_starting_entries).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert
from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.codes import DirectoryKind
from storage.errors import NotFound
from storage.session import stored_id
from storage.text import fold, sort_key
from storage.values import assign, choice, email_address, phone_number, plain_text, required

# The order kinds are listed in: whom a counsellor with a missing pupil calls first.
KIND_ORDER: dict[str, int] = {str(kind): rank for rank, kind in enumerate(DirectoryKind)}


@dataclass(frozen=True)
class StartingEntry:
    kind: DirectoryKind
    name: str
    phone: str = ""
    note: str = ""


# The journal's data is Swedish (the authorities' own names), like the absence codes.
STARTING_DIRECTORY = (
    StartingEntry(DirectoryKind.SOCIAL_SERVICES, "Socialtjänsten"),
    StartingEntry(DirectoryKind.SOCIAL_SERVICES_OUT_OF_HOURS, "Socialjouren"),
    StartingEntry(DirectoryKind.POLICE, "Polisen", "114 14", "Vid akut fara: ring 112."),
    StartingEntry(DirectoryKind.SUPPORT_LINE, "Stödlinje om hedersrelaterat våld"),
    StartingEntry(DirectoryKind.RESOURCE_CENTRE, "Resurscentrum"),
    StartingEntry(DirectoryKind.HEAD, "Rektor"),
    StartingEntry(DirectoryKind.OTHER, "SOS Alarm (nödnummer)", "112", "Vid akut fara."),
)


def add_starting_directory(connection: Connection) -> None:
    """Write the starting directory into a new journal (storage.schema.create)."""
    connection.execute(
        insert(m.DirectoryContact),
        [
            {
                "school_id": None,
                "kind": str(entry.kind),
                "name": entry.name,
                "phone": entry.phone,
                "email": "",
                "note": entry.note,
                "sort_order": 0,
            }
            for entry in STARTING_DIRECTORY
        ],
    )


def add_missing_starting_entries(session: Session) -> int:
    """Add the starting entries the directory has no entry of that name for (a journal
    from before the directory, or one whose entries were removed); returns how many.

    Audited like any write (a new journal gets them in schema.create, with the codes).
    """
    names = {fold(name) for name in session.exec(select(m.DirectoryContact.name)).all()}
    added = 0
    for entry in STARTING_DIRECTORY:
        if fold(entry.name) in names:
            continue
        session.add(
            m.DirectoryContact(
                kind=entry.kind, name=entry.name, phone=entry.phone, note=entry.note
            )
        )
        added += 1
    session.flush()
    return added


def directory(session: Session) -> records.Directory:
    """Every entry, by kind (KIND_ORDER), then the school's own order, then name; and the
    schools named on sibling links that no entry names yet (folded: "Åsens skola" and
    "asens skola" are one), by name."""
    rows = session.exec(
        select(m.DirectoryContact, m.School).join(
            m.School, col(m.School.id) == m.DirectoryContact.school_id, isouter=True
        )
    ).all()
    entries = [
        records.DirectoryEntry(
            id=stored_id(row),
            kind=row.kind,
            name=row.name,
            phone=row.phone,
            email=row.email,
            note=row.note,
            school_id=row.school_id,
            school_name=school.name if school is not None else "",
        )
        for row, school in rows
    ]
    order = {stored_id(row): row.sort_order for row, _school in rows}
    entries.sort(
        key=lambda e: (
            KIND_ORDER.get(e.kind, len(KIND_ORDER)),
            order[e.id],
            sort_key(e.name),
            e.id,
        )
    )
    return records.Directory(entries, sibling_schools_not_listed(session, entries))


def sibling_schools_not_listed(
    session: Session, entries: list[records.DirectoryEntry]
) -> list[str]:
    """The schools on sibling links (as first written) that no directory entry names."""
    listed = {fold(e.name) for e in entries}
    found: dict[str, str] = {}
    for name in session.exec(select(m.SiblingLink.school_name)).all():
        name = (name or "").strip()
        if name and fold(name) not in listed:
            found.setdefault(fold(name), name)
    return sorted(found.values(), key=sort_key)


def _values(kind: str, name: str, phone: str, email: str, note: str) -> dict:
    """The entry's fields, checked and cleaned.

    Raises:
        InvalidValue: an unknown kind, no name, a phone number or e-mail address that is
            not one, a control character in any of them.
    """
    return {
        "kind": choice(kind, DirectoryKind, "kind"),
        "name": required(plain_text(name, "name"), "name"),
        "phone": phone_number(phone, "phone"),
        "email": email_address(email, "email"),
        "note": plain_text(note, "note"),
    }


def _check_school(session: Session, school_id: int | None) -> None:
    if school_id is not None and session.get(m.School, school_id) is None:
        raise NotFound("school")


def add_contact(
    session: Session,
    *,
    kind: str,
    name: str,
    phone: str,
    email: str,
    note: str,
    school_id: int | None,
) -> int:
    """Add an entry (for every school when `school_id` is None); returns its id.

    Raises:
        NotFound: no such school.
        InvalidValue: see _values.
    """
    values = _values(kind, name, phone, email, note)
    _check_school(session, school_id)
    row = m.DirectoryContact(school_id=school_id, **values)
    session.add(row)
    session.flush()
    return stored_id(row)


def update_contact(
    session: Session,
    contact_id: int,
    *,
    kind: str,
    name: str,
    phone: str,
    email: str,
    note: str,
) -> None:
    """Change an entry (every field is given: the form shows them all).

    Raises:
        NotFound: no such entry.
        InvalidValue: see _values.
    """
    values = _values(kind, name, phone, email, note)
    row = session.get(m.DirectoryContact, contact_id)
    if row is None:
        raise NotFound("directory contact")
    assign(row, values)
    session.add(row)


def remove_contact(session: Session, contact_id: int) -> None:
    """Remove an entry (it holds no pupil's data; the audit trail keeps what it was).

    Raises:
        NotFound: no such entry.
    """
    row = session.get(m.DirectoryContact, contact_id)
    if row is None:
        raise NotFound("directory contact")
    session.delete(row)
    session.flush()
