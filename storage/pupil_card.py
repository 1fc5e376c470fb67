"""The pupil card: everything the card shows about one pupil, read in one session.

The pupil, their guardians (with the link's relation, custody and living arrangement), their
siblings (derived from a shared guardian or linked by hand), their notes and their classes
over time. A protected pupil's card shows no address at all, not even a guardian's: it would
lead to the child.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, or_, text
from sqlmodel import Session, col, select

from storage import entries, records
from storage import models as m
from storage.codes import SiblingSource
from storage.errors import NotFound
from storage.protected_identity import address_for, may_hold_address
from storage.queries import CURRENT_CLASS_ID
from storage.session import stored_id
from storage.text import sort_key
from storage.values import as_date

# Relations that make two pupils siblings when they share the adult. An emergency contact
# (a grandparent, a neighbour) can be shared by cousins or friends.
SIBLING_RELATIONS = (m.Relation.GUARDIAN, m.Relation.PARENT, m.Relation.FOSTER_PARENT)
# Guardians on the card: guardians first, then parents, ..., as the codes are listed.
RELATION_ORDER = {str(r): i for i, r in enumerate(m.Relation)}


def pupil_card(session: Session, pupil_id: int) -> records.PupilCard:
    """Everything the pupil card shows, in one read.

    Raises:
        NotFound: no such pupil.
    """
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    school = session.get(m.School, pupil.school_id) if pupil.school_id else None
    classes, current_class = _classes(session, pupil)
    address = address_for(pupil.security_marking, pupil.street, pupil.postal_code, pupil.city)
    detail = records.PupilDetail(
        stored_id(pupil),
        pupil.identity_number,
        pupil.identity_kind,
        pupil.first_name,
        pupil.last_name,
        pupil.birth_date,
        pupil.security_marking,
        address["street"],
        address["postal_code"],
        address["city"],
        pupil.person_status,
        pupil.school_id,
        school.name if school else None,
        current_class.class_id if current_class else None,
        current_class.class_name if current_class else None,
        pupil.enrolled_on,
        pupil.left_on,
        pupil.left_destination,
        bool(pupil.no_guardian_contact),
        pupil.no_guardian_contact_reason,
    )
    return records.PupilCard(
        detail,
        _guardians(session, pupil),
        siblings(session, pupil_id),
        _notes(session, pupil_id),
        classes,
    )


def _classes(
    session: Session, pupil: m.Pupil
) -> tuple[list[records.ClassSpan], records.ClassSpan | None]:
    """The pupil's classes, oldest first, and the current one (queries.CURRENT_CLASS_ID)."""
    spans = session.exec(
        select(m.GroupMembership, m.SchoolGroup)
        .join(m.SchoolGroup, col(m.SchoolGroup.id) == m.GroupMembership.group_id)
        .where(
            m.GroupMembership.pupil_id == pupil.id, m.SchoolGroup.group_type == m.GroupType.CLASS
        )
    ).all()
    spans = sorted(
        spans, key=lambda s: (s[0].starts_on is not None, s[0].starts_on or date.min, s[0].id)
    )
    # A pupil who left ended every class on the day they left, as far as the card says.
    classes = [
        records.ClassSpan(
            stored_id(g),
            g.name,
            ms.starts_on,
            ms.ends_on if ms.ends_on or not pupil.left_on else pupil.left_on,
        )
        for ms, g in spans
    ]
    current_id = (
        session.connection()
        .execute(
            text(f"SELECT {CURRENT_CLASS_ID} FROM pupil AS p WHERE p.id = :id"), {"id": pupil.id}
        )
        .scalar()
    )
    current = next((span for span in reversed(classes) if span.class_id == current_id), None)
    return classes, current


def _guardians(session: Session, pupil: m.Pupil) -> list[records.GuardianRow]:
    links = session.exec(
        select(m.Guardian, m.PupilGuardian)
        .join(m.PupilGuardian, col(m.PupilGuardian.guardian_id) == m.Guardian.id)
        .where(m.PupilGuardian.pupil_id == pupil.id)
    ).all()
    links = sorted(links, key=lambda gl: (RELATION_ORDER.get(gl[1].relation, 99), gl[1].id))
    child_protected = not may_hold_address(pupil.security_marking)
    rows = []
    for g, link in links:
        # A protected pupil's card shows no address at all: a guardian's would lead to the
        # child. So the guardian's address is shown as if they were protected too.
        marking = m.SecurityMarking.PROTECTED if child_protected else g.security_marking
        address = address_for(marking, g.street, g.postal_code, g.city)
        rows.append(
            records.GuardianRow(
                stored_id(g),
                g.first_name,
                g.last_name,
                link.relation,
                g.phone,
                g.phone_other,
                g.email,
                address["street"],
                address["postal_code"],
                address["city"],
                bool(g.interpreter_needed),
                g.language,
                bool(link.has_custody),
                bool(link.lives_with),
                g.security_marking,
            )
        )
    return rows


def _notes(session: Session, pupil_id: int) -> list[records.EntryRow]:
    """The pupil's journal entries, newest first, corrections linked (storage.entries)."""
    return entries.pupil_entries(session, pupil_id)


def siblings(session: Session, pupil_id: int) -> list[records.SiblingRow]:
    """The pupil's siblings: by a shared guardian or parent, or linked by hand.

    A pupil both derived and linked shows once, as linked (the link carries the note).
    Ordered by birth year, then name.
    """
    relations = [str(r) for r in SIBLING_RELATIONS]
    mine = select(m.PupilGuardian.guardian_id).where(
        m.PupilGuardian.pupil_id == pupil_id, col(m.PupilGuardian.relation).in_(relations)
    )
    derived = set(
        session.exec(
            select(m.PupilGuardian.pupil_id).where(
                col(m.PupilGuardian.guardian_id).in_(mine),
                m.PupilGuardian.pupil_id != pupil_id,
                col(m.PupilGuardian.relation).in_(relations),
            )
        ).all()
    )
    links = session.exec(
        select(m.SiblingLink).where(
            or_(
                col(m.SiblingLink.pupil_id) == pupil_id,
                col(m.SiblingLink.sibling_pupil_id) == pupil_id,
            )
        )
    ).all()
    linked: dict[int, m.SiblingLink] = {}
    elsewhere = []
    for link in links:
        if link.sibling_pupil_id is None:
            elsewhere.append(link)
        else:
            other = link.sibling_pupil_id if link.pupil_id == pupil_id else link.pupil_id
            linked.setdefault(other, link)
    rows = []
    for other, brief in _pupil_briefs(session, derived | set(linked)).items():
        by_hand = linked.get(other)
        # A sibling both linked by hand and sharing a guardian shows as linked (it has a note).
        rows.append(
            records.SiblingRow(
                SiblingSource.LINKED if by_hand else SiblingSource.SHARED_GUARDIAN,
                other,
                *brief,
                by_hand.note if by_hand else "",
                by_hand.id if by_hand else None,
            )
        )
    for link in elsewhere:
        rows.append(
            records.SiblingRow(
                SiblingSource.LINKED,
                None,
                link.name,
                link.birth_year,
                link.school_name,
                link.school_type,
                None,
                link.note,
                link.id,
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.birth_year is None, r.birth_year or 0, sort_key(r.name), r.link_id or 0),
    )


_BRIEFS = f"""
    SELECT p.id, p.first_name, p.last_name, p.birth_date, s.name, s.school_type, g.name
    FROM pupil AS p
    LEFT JOIN school AS s ON s.id = p.school_id
    LEFT JOIN school_group AS g ON g.id = {CURRENT_CLASS_ID}
    WHERE p.id IN :ids
"""


# Name, birth year, school name, school type, class: what a sibling row shows of a pupil.
_Brief = tuple[str, int | None, str, str, str | None]


def _pupil_briefs(session: Session, ids: set[int]) -> dict[int, _Brief]:
    """Name, birth year, school name and type, current class of pupils in the journal."""
    if not ids:
        return {}
    sql = text(_BRIEFS).bindparams(bindparam("ids", expanding=True))
    briefs: dict[int, _Brief] = {}
    for r in session.connection().execute(sql, {"ids": sorted(ids)}).all():
        born = as_date(r[3])
        briefs[r[0]] = (
            f"{r[1]} {r[2]}",
            born.year if born else None,
            r[4] or "",
            r[5] or m.SchoolType.UNKNOWN,
            r[6],
        )
    return briefs
