"""Schools, classes, pupils and the adults around them: adding, editing, moving, leaving.

Each function is one use case, run inside the journal session it is given (the Journal facade
opens it, commits it and audits every change); it returns ids or plain records
(storage.records), never rows. The pupil card, which reads most of this at once, is in
storage.pupil_card; finding a pupil by a typed query is in storage.search.

Two rules hold everywhere here: a person with protected identity has no address
(storage.protected_identity), and every list is in Swedish alphabetical order (storage.text).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import bindparam, or_, text
from sqlmodel import Session, col, select

from storage import models as m
from storage import records, sibling_steps
from storage.errors import DuplicateIdentityNumber, InvalidValue, NotFound
from storage.identity import parse as parse_identity
from storage.protected_identity import ADDRESS_FIELDS, address_for
from storage.queries import CURRENT_CLASS_ID
from storage.session import stored_id
from storage.text import natural_key, sort_key
from storage.values import as_date, assign, blank_to_none, choice, required

GUARDIAN_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "phone",
        "phone_other",
        "email",
        "street",
        "postal_code",
        "city",
        "interpreter_needed",
        "language",
        "identity_number",
        "security_marking",
    }
)

# Every pupil with their current class and leaving date, as records.PupilRow wants them.
PUPIL_ROWS = f"""
SELECT p.id, p.identity_number, p.identity_kind, p.first_name, p.last_name,
       p.security_marking, g.name AS class_name, g.id AS class_id, p.left_on,
       p.left_destination
FROM pupil AS p
LEFT JOIN school_group AS g ON g.id = {CURRENT_CLASS_ID}
"""


def pupil_row(row) -> records.PupilRow:
    """A row of PUPIL_ROWS as a record."""
    return records.PupilRow(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], as_date(row[8]), row[9]
    )


def by_name(rows: list[records.PupilRow]) -> list[records.PupilRow]:
    """Pupils in Swedish order of last name, then first name (ties by id)."""
    return sorted(rows, key=lambda p: (sort_key(p.last_name), sort_key(p.first_name), p.id))


def _pupil(session: Session, pupil_id: int) -> m.Pupil:
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    return pupil


# -- schools and classes -----------------------------------------------------------------


def add_school(
    session: Session,
    name: str,
    *,
    school_type: str,
    municipality: str,
    unit_code: str,
    served: bool,
) -> int:
    """Add a school (one the counsellor serves, or one a sibling attends); returns its id."""
    school = m.School(
        name=required(name, "name"),
        school_type=choice(school_type, m.SchoolType, "school_type"),
        municipality=municipality,
        unit_code=unit_code,
        served=served,
    )
    session.add(school)
    session.flush()
    return stored_id(school)


def add_group(
    session: Session, school_id: int, name: str, *, group_type: str, school_year: int | None
) -> int:
    """Add a class or another group to a school; returns its id."""
    group = m.SchoolGroup(
        school_id=school_id,
        name=required(name, "name"),
        group_type=choice(group_type, m.GroupType, "group_type"),
        school_year=school_year,
    )
    session.add(group)
    session.flush()
    return stored_id(group)


def schools(session: Session) -> list[records.SchoolRow]:
    """Every school: the ones the counsellor serves first, then by name."""
    rows = sorted(
        session.exec(select(m.School)).all(), key=lambda s: (not s.served, sort_key(s.name), s.id)
    )
    return [
        records.SchoolRow(stored_id(s), s.name, s.school_type, s.municipality, bool(s.served))
        for s in rows
    ]


_CLASSES = """
    SELECT g.id, g.name, g.school_id, s.name, g.school_year,
           (SELECT COUNT(DISTINCT gm.pupil_id) FROM group_membership AS gm
            JOIN pupil AS p ON p.id = gm.pupil_id
            WHERE gm.group_id = g.id AND gm.ends_on IS NULL AND p.left_on IS NULL)
    FROM school_group AS g JOIN school AS s ON s.id = g.school_id
    WHERE g.group_type = 'class' AND (:school_id IS NULL OR g.school_id = :school_id)
"""


def classes(session: Session, school_id: int | None) -> list[records.ClassRow]:
    """Classes (groups of type class), by school name and then 4A < 5A < 10A.

    `pupil_count` counts current members (membership not ended) who have not left.
    """
    rows = session.connection().execute(text(_CLASSES), {"school_id": school_id}).all()
    rows = sorted(
        rows,
        key=lambda r: (sort_key(r[3]), r[2], r[4] is None, r[4] or 0, natural_key(r[1]), r[0]),
    )
    return [records.ClassRow(r[0], r[1], r[2], r[3], r[4], int(r[5])) for r in rows]


def class_pupils(
    session: Session, group_id: int, *, include_left: bool = False
) -> list[records.PupilRow]:
    """The class's current members, by last name and first name.

    Pupils who have left are left out, unless `include_left`: then those who were in this
    class when they left come too (their rows carry `left_on` and `left_destination`).
    """
    sql = (
        PUPIL_ROWS
        + """
        WHERE (:include_left OR p.left_on IS NULL) AND EXISTS (
            SELECT 1 FROM group_membership AS gm
            WHERE gm.pupil_id = p.id AND gm.group_id = :group_id AND gm.ends_on IS NULL)
    """
    )
    rows = session.connection().execute(
        text(sql), {"group_id": group_id, "include_left": include_left}
    )
    return by_name([pupil_row(r) for r in rows])


def pupils(session: Session) -> list[records.PupilRow]:
    """Every pupil with their current class, by name."""
    return by_name([pupil_row(r) for r in session.connection().execute(text(PUPIL_ROWS))])


def pupil_rows(session: Session, ids: list[int]) -> dict[int, records.PupilRow]:
    """The PupilRow of each of `ids` (that exists), by id."""
    sql = text(PUPIL_ROWS + " WHERE p.id IN :ids").bindparams(bindparam("ids", expanding=True))
    return {r[0]: pupil_row(r) for r in session.connection().execute(sql, {"ids": ids})}


# -- pupils ------------------------------------------------------------------------------


def add_pupil(
    session: Session,
    identity_number: str,
    first_name: str,
    last_name: str,
    *,
    school_id: int | None,
    group_id: int | None,
    security_marking: str,
    street: str | None,
    postal_code: str | None,
    city: str | None,
    today: date | None,
    enrolled_on: date | None,
) -> int:
    """Add a pupil, placed in a class if `group_id` is given; returns the pupil's id.

    A pupil with protected identity never has an address stored, whatever was passed.
    `enrolled_on` defaults to `today` when the pupil is placed at a school or in a class.

    Raises:
        InvalidIdentityNumber: the number is not valid.
        DuplicateIdentityNumber: another pupil has it.
        InvalidValue: an empty name or an unknown security marking.
    """
    number = parse_identity(identity_number, today=today)
    first_name, last_name = required(first_name, "first_name"), required(last_name, "last_name")
    security_marking = choice(security_marking, m.SecurityMarking, "security_marking")
    holder = session.exec(
        select(m.Pupil.id).where(m.Pupil.identity_number == number.normalised)
    ).first()
    if holder is not None:
        raise DuplicateIdentityNumber(holder)
    if enrolled_on is None and (school_id is not None or group_id is not None):
        enrolled_on = today or date.today()
    address = address_for(security_marking, street, postal_code, city)
    pupil = m.Pupil(
        identity_number=number.normalised,
        identity_kind=number.kind,
        first_name=first_name,
        last_name=last_name,
        birth_date=number.birth_date,
        security_marking=security_marking,
        school_id=school_id,
        enrolled_on=enrolled_on,
        street=address["street"],
        postal_code=address["postal_code"],
        city=address["city"],
    )
    session.add(pupil)
    session.flush()
    if group_id is not None:
        session.add(
            m.GroupMembership(
                pupil_id=stored_id(pupil), group_id=group_id, starts_on=today or date.today()
            )
        )
    return stored_id(pupil)


def update_pupil(
    session: Session,
    pupil_id: int,
    *,
    first_name: str | None,
    last_name: str | None,
    identity_number: str | None,
    security_marking: str | None,
    street: str | None,
    postal_code: str | None,
    city: str | None,
    today: date | None,
) -> None:
    """Change only the given fields; "" clears an address field.

    Protected identity clears the address in the same transaction, and an address is never
    stored on a protected pupil (it is dropped without a word).

    Raises:
        NotFound: no such pupil.
        InvalidIdentityNumber: the new number is not valid.
        DuplicateIdentityNumber: another pupil has it (`pupil_id` names them).
        InvalidValue: an empty name or an unknown security marking.
    """
    number = parse_identity(identity_number, today=today) if identity_number is not None else None
    values: dict = {}
    if first_name is not None:
        values["first_name"] = required(first_name, "first_name")
    if last_name is not None:
        values["last_name"] = required(last_name, "last_name")
    if security_marking is not None:
        values["security_marking"] = choice(
            security_marking, m.SecurityMarking, "security_marking"
        )
    for name, value in (("street", street), ("postal_code", postal_code), ("city", city)):
        if value is not None:
            values[name] = blank_to_none(value)
    pupil = _pupil(session, pupil_id)
    if number is not None and number.normalised != pupil.identity_number:
        holder = session.exec(
            select(m.Pupil.id).where(
                m.Pupil.identity_number == number.normalised, m.Pupil.id != pupil_id
            )
        ).first()
        if holder is not None:
            raise DuplicateIdentityNumber(holder)
        values.update(
            identity_number=number.normalised,
            identity_kind=number.kind,
            birth_date=number.birth_date,
        )
    assign(pupil, values | _address_after(pupil, values))


def _address_after(person: m.Pupil | m.Guardian, values: dict) -> dict:
    """The address `person` may hold once `values` are applied (none if protected then)."""
    marking = values.get("security_marking", person.security_marking)
    return address_for(
        marking, *(values.get(name, getattr(person, name)) for name in ADDRESS_FIELDS)
    )


def move_pupil(session: Session, pupil_id: int, group_id: int, *, on: date) -> None:
    """Move a pupil to another class from `on`: the old class ends the day before.

    Moving to the class the pupil is in changes nothing. A current class that began on or
    after `on` was never really attended and is removed rather than ended.

    Raises:
        NotFound: no such pupil, or no such class.
    """
    pupil = _pupil(session, pupil_id)
    group = session.get(m.SchoolGroup, group_id)
    if group is None or group.group_type != m.GroupType.CLASS:
        raise NotFound("class")
    # Every open class membership ends (not only the current one): after a move the pupil is
    # in exactly one class.
    current = session.exec(
        select(m.GroupMembership)
        .join(m.SchoolGroup, col(m.SchoolGroup.id) == m.GroupMembership.group_id)
        .where(
            m.GroupMembership.pupil_id == pupil_id,
            m.GroupMembership.ends_on == None,  # noqa: E711
            m.SchoolGroup.group_type == m.GroupType.CLASS,
        )
    ).all()
    if [ms.group_id for ms in current] == [group_id]:
        return
    for membership in current:
        if membership.starts_on is not None and membership.starts_on >= on:
            session.delete(membership)
        else:
            assign(membership, {"ends_on": on - timedelta(days=1)})
    session.add(m.GroupMembership(pupil_id=pupil_id, group_id=group_id, starts_on=on))
    if pupil.school_id != group.school_id:
        assign(pupil, {"school_id": group.school_id})


def mark_left(session: Session, pupil_id: int, *, on: date, destination: str) -> None:
    """Record that the pupil left the school (`on` is the last day) and where to.

    The class membership is kept, so undo_left puts everything back; class counts and class
    lists leave the pupil out from now on.
    """
    assign(_pupil(session, pupil_id), {"left_on": on, "left_destination": destination.strip()})


def undo_left(session: Session, pupil_id: int) -> None:
    """Take back mark_left: the pupil is at the school again, in the class they were in."""
    assign(_pupil(session, pupil_id), {"left_on": None, "left_destination": None})


def pupil_address(session: Session, pupil_id: int) -> tuple[str | None, str | None, str | None]:
    """The pupil's street, postal code and city (all None with protected identity)."""
    pupil = _pupil(session, pupil_id)
    address = address_for(pupil.security_marking, pupil.street, pupil.postal_code, pupil.city)
    return address["street"], address["postal_code"], address["city"]


# -- guardians and other adults ------------------------------------------------------------


def add_guardian(
    session: Session,
    first_name: str,
    last_name: str,
    *,
    phone: str,
    phone_other: str,
    email: str,
    street: str | None,
    postal_code: str | None,
    city: str | None,
    interpreter_needed: bool,
    language: str,
    identity_number: str | None,
    security_marking: str,
) -> int:
    """Add a guardian or other adult. A protected guardian never has an address stored.

    Raises:
        InvalidIdentityNumber: `identity_number` is given and not valid.
        InvalidValue: an empty name or an unknown security marking.
    """
    security_marking = choice(security_marking, m.SecurityMarking, "security_marking")
    number = parse_identity(identity_number).normalised if identity_number else None
    address = address_for(
        security_marking, blank_to_none(street), blank_to_none(postal_code), blank_to_none(city)
    )
    guardian = m.Guardian(
        first_name=required(first_name, "first_name"),
        last_name=required(last_name, "last_name"),
        identity_number=number,
        phone=phone.strip(),
        phone_other=phone_other.strip(),
        email=email.strip(),
        security_marking=security_marking,
        interpreter_needed=bool(interpreter_needed),
        language=language.strip(),
        street=address["street"],
        postal_code=address["postal_code"],
        city=address["city"],
    )
    session.add(guardian)
    session.flush()
    return stored_id(guardian)


def update_guardian(session: Session, guardian_id: int, fields: dict) -> None:
    """Change only the given fields (the names add_guardian takes); "" clears an address.

    Raises:
        TypeError: a field that a guardian does not have.
        NotFound: no such guardian.
        InvalidIdentityNumber: a new identity number is not valid.
        InvalidValue: an empty name or an unknown security marking.
    """
    unknown = set(fields) - GUARDIAN_FIELDS
    if unknown:
        raise TypeError(f"update_guardian() got unknown fields: {sorted(unknown)}")
    values: dict = {}
    for name in ("first_name", "last_name"):
        if fields.get(name) is not None:
            values[name] = required(fields[name], name)
    for name in ("phone", "phone_other", "email", "language"):
        if fields.get(name) is not None:
            values[name] = fields[name].strip()
    for name in ADDRESS_FIELDS:
        if fields.get(name) is not None:
            values[name] = blank_to_none(fields[name])
    if fields.get("interpreter_needed") is not None:
        values["interpreter_needed"] = bool(fields["interpreter_needed"])
    if fields.get("security_marking") is not None:
        values["security_marking"] = choice(
            fields["security_marking"], m.SecurityMarking, "security_marking"
        )
    if fields.get("identity_number") is not None:
        number = fields["identity_number"].strip()
        values["identity_number"] = parse_identity(number).normalised if number else None
    guardian = session.get(m.Guardian, guardian_id)
    if guardian is None:
        raise NotFound("guardian")
    assign(guardian, values | _address_after(guardian, values))


def link_guardian(
    session: Session,
    pupil_id: int,
    guardian_id: int,
    *,
    relation: str | None,
    has_custody: bool | None,
    lives_with: bool | None,
) -> None:
    """Link an adult to a pupil; linking again updates the link instead of failing.

    A new link gets relation "guardian", custody and living-with unless told otherwise; on
    an existing link only what is given changes (so re-linking after an edit keeps what was
    known about custody and living arrangements).

    Raises:
        NotFound: no such pupil or adult.
        InvalidValue: an unknown relation.
    """
    if relation is not None:
        relation = choice(relation, m.Relation, "relation")
    _pupil(session, pupil_id)
    if session.get(m.Guardian, guardian_id) is None:
        raise NotFound("guardian")
    link = session.exec(
        select(m.PupilGuardian).where(
            m.PupilGuardian.pupil_id == pupil_id, m.PupilGuardian.guardian_id == guardian_id
        )
    ).first()
    if link is None:
        session.add(
            m.PupilGuardian(
                pupil_id=pupil_id,
                guardian_id=guardian_id,
                relation=relation or m.Relation.GUARDIAN,
                has_custody=True if has_custody is None else bool(has_custody),
                lives_with=True if lives_with is None else bool(lives_with),
            )
        )
        return
    values: dict = {}
    if relation is not None:
        values["relation"] = relation
    if has_custody is not None:
        values["has_custody"] = bool(has_custody)
    if lives_with is not None:
        values["lives_with"] = bool(lives_with)
    assign(link, values)


def unlink_guardian(session: Session, pupil_id: int, guardian_id: int) -> None:
    """Remove the link between a pupil and an adult (the adult stays); no link: no change."""
    link = session.exec(
        select(m.PupilGuardian).where(
            m.PupilGuardian.pupil_id == pupil_id, m.PupilGuardian.guardian_id == guardian_id
        )
    ).first()
    if link is not None:
        session.delete(link)


# -- siblings entered by hand --------------------------------------------------------------


def add_sibling_link(
    session: Session,
    pupil_id: int,
    *,
    sibling_pupil_id: int | None,
    name: str,
    birth_year: int | None,
    school_name: str,
    school_type: str,
    note: str,
) -> int:
    """Link a sibling by hand: a pupil in this journal, or a child elsewhere.

    A link between two pupils of the journal is stored once and shows on both cards; linking
    the same two again returns the existing link (updating its note if given).

    Raises:
        NotFound: either pupil does not exist.
        InvalidValue: a pupil linked to themself, a child elsewhere without a name, or an
            unknown school type.
    """
    school_type = choice(school_type, m.SchoolType, "school_type")
    _pupil(session, pupil_id)
    if sibling_pupil_id is None:
        link = m.SiblingLink(
            pupil_id=pupil_id,
            name=required(name, "name"),
            birth_year=birth_year,
            school_name=school_name.strip(),
            school_type=school_type,
            note=note.strip(),
        )
    else:
        if sibling_pupil_id == pupil_id:
            raise InvalidValue("sibling_pupil_id", "self")
        _pupil(session, sibling_pupil_id)
        existing = session.exec(
            select(m.SiblingLink).where(
                or_(
                    (col(m.SiblingLink.pupil_id) == pupil_id)
                    & (col(m.SiblingLink.sibling_pupil_id) == sibling_pupil_id),
                    (col(m.SiblingLink.pupil_id) == sibling_pupil_id)
                    & (col(m.SiblingLink.sibling_pupil_id) == pupil_id),
                )
            )
        ).first()
        if existing is not None:
            if note.strip():
                assign(existing, {"note": note.strip()})
            return stored_id(existing)
        link = m.SiblingLink(
            pupil_id=pupil_id, sibling_pupil_id=sibling_pupil_id, note=note.strip()
        )
    session.add(link)
    session.flush()
    sibling_steps.on_link_added(session, link)  # an open missing case gets its step
    return stored_id(link)


def remove_sibling_link(session: Session, link_id: int) -> None:
    """Remove a sibling link entered by hand, with its unsettled checklist steps.

    Raises:
        NotFound: no such link.
        InvalidValue: a settled step of a case is about the sibling
            (storage.sibling_steps: the link is part of the case's record).
    """
    link = session.get(m.SiblingLink, link_id)
    if link is None:
        raise NotFound("sibling link")
    sibling_steps.before_link_removed(session, link_id)
    session.delete(link)
