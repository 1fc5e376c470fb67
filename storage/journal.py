"""The Journal facade: one method per use case, one session per method.

A screen calls one method; the method opens one session, does one use case, commits and
returns plain objects (storage.records). Every ORM change is written to the audit trail by
storage.audit in the same transaction. Database failures come out as the project's own errors.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import cast

from sqlalchemy import Engine, bindparam, func, or_, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session, select

from storage import audit, checklist, queries, records
from storage import models as m
from storage import remember
from storage.errors import (
    DuplicateIdentityNumber,
    JournalCorrupt,
    NotFound,
    StorageFull,
    WrongPassphrase,
)
from storage.identity import parse as parse_identity
from storage.keys import DEFAULT_ARGON2, KEYRING, Argon2Params, KeySlots
from storage.paths import JournalPaths
from storage.school_calendar import Period, SchoolCalendar

audit.install(Session)

LESSONS_PER_DAY = 6


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back naive; the journal stores them in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _as_date(value) -> date | None:
    """A date column read through plain SQL comes back as ISO text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _blank_to_none(value: str | None) -> str | None:
    """Address fields: "" (or only spaces) clears, so it is stored as NULL."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _required(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(f"{what} must not be empty")
    return value


def _check_choice(value: str, choices: type, what: str) -> str:
    if value not in {str(choice) for choice in choices}:
        raise ValueError(f"unknown {what}: {value!r}")
    return str(value)


@lru_cache(maxsize=65536)
def _fold(value: str) -> str:
    """Case- and accent-insensitive form for searching: "Åberg" and "aberg" meet."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_SWEDISH_LAST = {"å": "z\x01", "ä": "z\x02", "æ": "z\x02", "ö": "z\x03", "ø": "z\x03"}


@lru_cache(maxsize=65536)
def _order(value: str) -> str:
    """Sort key in Swedish alphabetical order: a-z, then å, ä, ö; other accents ignored."""
    return "".join(_SWEDISH_LAST.get(c) or _fold(c) for c in value.casefold())


def _natural(name: str) -> tuple:
    """Sort key putting "4A" before "10A"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, _order(part))
                 for part in re.findall(r"\d+|\D+", name))


# Relations that make two pupils siblings when they share the adult. An emergency contact
# (a grandparent, a neighbour) can be shared by cousins or friends.
SIBLING_RELATIONS = (m.Relation.GUARDIAN, m.Relation.PARENT, m.Relation.FOSTER_PARENT)
RELATION_ORDER = {str(r): i for i, r in enumerate(m.Relation)}

GUARDIAN_FIELDS = frozenset({
    "first_name", "last_name", "phone", "phone_other", "email", "street", "postal_code",
    "city", "interpreter_needed", "language", "identity_number", "security_marking",
})
CASE_DETAIL_FIELDS = frozenset({
    "last_school_day", "last_contact_at", "whereabouts", "suspected_country",
    "expected_return", "leave_refused", "information_source", "acute_danger",
})

# Every pupil with their current class (the latest open class membership) and leaving date.
_PUPIL_ROWS = """
SELECT p.id, p.identity_number, p.identity_kind, p.first_name, p.last_name,
       p.security_marking, g.name AS class_name, g.id AS class_id, p.left_on
FROM pupil AS p
LEFT JOIN school_group AS g ON g.id = (
    SELECT gm.group_id FROM group_membership AS gm
    JOIN school_group AS cg ON cg.id = gm.group_id
    WHERE gm.pupil_id = p.id AND gm.ends_on IS NULL AND cg.group_type = 'class'
    ORDER BY gm.starts_on DESC, gm.id DESC LIMIT 1)
"""


def _assign(row, values: dict) -> None:
    """Set only what differs, so the audit trail lists real changes."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


# What find_pupils scans: one row per pupil and open membership (class or not).
_SEARCH_ROWS = """
SELECT p.id, p.identity_number, p.first_name, p.last_name, g.name
FROM pupil AS p
LEFT JOIN group_membership AS gm ON gm.pupil_id = p.id AND gm.ends_on IS NULL
LEFT JOIN school_group AS g ON g.id = gm.group_id AND g.group_type = 'class'
"""


@lru_cache(maxsize=65536)
def _searchable(first: str, last: str, class_name: str | None) -> tuple:
    """A pupil's names folded once: (first, last, class, haystack, words, everything)."""
    first_f, last_f = _fold(first), _fold(last)
    class_f = _fold(class_name) if class_name else ""
    words = tuple(f"{first_f} {last_f}".replace("-", " ").split())
    return (first_f, last_f, class_f, f"{first_f} {last_f} {first_f}", words,
            f"{first_f} {last_f} {class_f}")


class _Search:
    """One find_pupils query, folded once and matched against many pupils.

    Ranks, best first:
        0. the identity number, exactly (12 or 10 digits, "-" and "+" ignored);
        1. a name starting with the query: first name, last name, a part of either,
           "first last" or "last first";
        2. the start or the end of an identity number (at least four characters, e.g. the
           last four digits "9819" or the birth date "20120503"), or exactly the class;
        3. the query inside a name, the start of a class name, or every word of the query
           starting a word of the pupil's names or class ("alva 5a").
    """

    __slots__ = ("folded", "number", "words")

    def __init__(self, folded: str, number: str | None):
        self.folded = folded
        self.number = number
        self.words = folded.split()

    @classmethod
    def of(cls, query: str) -> _Search | None:
        folded = " ".join(_fold(query).split())
        if not folded:
            return None
        compact = re.sub(r"[\s+\-]", "", query).upper()
        number = compact if (compact.isascii() and compact.isalnum() and len(compact) >= 4
                             and sum(c.isdigit() for c in compact) >= 2) else None
        return cls(folded, number)

    def rank(self, identity: str, first: str, last: str, class_name: str | None) -> int | None:
        """0-3 as above, or None when the pupil does not match."""
        number = self.number
        if number is not None and (number == identity or number == identity[2:]):
            return 0
        q = self.folded
        first_f, last_f, class_f, haystack, names, everything = _searchable(first, last,
                                                                            class_name)
        inside = q in haystack
        if inside and (haystack.startswith(q) or last_f.startswith(q)
                       or f"{last_f} {first_f}".startswith(q)
                       or any(word.startswith(q) for word in names)):
            return 1
        if number is not None and (identity.startswith(number) or identity.endswith(number)
                                   or identity[2:].startswith(number)):
            return 2
        if class_f and class_f == q:
            return 2
        if inside or (class_f and class_f.startswith(q)):
            return 3
        if len(self.words) > 1 and all(part in everything for part in self.words):
            words = names + (class_f,) if class_f else names
            if all(any(w.startswith(part) for w in words) for part in self.words):
                return 3
        return None


def _pupil_row(row) -> records.PupilRow:
    return records.PupilRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                            _as_date(row[8]))


class Journal:
    """An open, unlocked journal. Close it to drop the key and the engine (locking)."""

    def __init__(self, paths: JournalPaths, engine: Engine, slots: KeySlots, data_key: bytes):
        self.paths = paths
        self._engine: Engine | None = engine
        self._slots = slots
        self._data_key: bytes | None = data_key
        self.actor = ""
        self.actor = self._profile_name()

    # -- life cycle ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def close(self) -> None:
        """Dispose of the engine and forget the key. Safe to call twice."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._data_key = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        if self._engine is None:
            raise RuntimeError("the journal is locked")
        try:
            with Session(self._engine, expire_on_commit=False) as session:
                session.info[audit.ACTOR_KEY] = self.actor
                yield session
                session.commit()
        except OperationalError as error:
            message = str(error.orig).lower()
            if "full" in message or "disk i/o" in message:
                raise StorageFull("the journal could not be written") from None
            if "malformed" in message or "not a database" in message:
                raise JournalCorrupt("the journal is damaged") from None
            raise
        except DatabaseError as error:
            message = str(error.orig).lower()
            if "malformed" in message or "not a database" in message or "corrupt" in message:
                raise JournalCorrupt("the journal is damaged") from None
            raise

    def _log(self, session: Session, action: str, detail: str = "") -> None:
        session.add(m.AuditEvent(actor=self.actor, action=action, changes=detail))

    # -- keys ------------------------------------------------------------------------------

    def _save_slots(self) -> None:
        self._slots.save(self.paths.key_file)

    def set_passphrase(self, new_passphrase: str, *, params: Argon2Params = DEFAULT_ARGON2,
                       reason: str = "change") -> None:
        """Rewrap the passphrase slot only; the journal is not re-encrypted."""
        assert self._data_key is not None, "the journal is locked"
        self._slots.seal_passphrase(new_passphrase, self._data_key, params)
        self._save_slots()
        with self._session() as session:
            self._log(session, "passphrase_set", reason)

    def change_passphrase(self, old_passphrase: str, new_passphrase: str, *,
                          params: Argon2Params = DEFAULT_ARGON2) -> None:
        """Change the passphrase after checking the old one (as a locked door would)."""
        if self._slots.open_passphrase(old_passphrase) != self._data_key:
            raise WrongPassphrase("the current passphrase is not right")
        self.set_passphrase(new_passphrase, params=params, reason="change")

    @property
    def is_remembered(self) -> bool:
        return KEYRING in self._slots.slots

    def remember_on_this_computer(self) -> None:
        """Keep a wrapping key in the OS keyring so this computer opens the journal directly.

        Raises:
            KeyringUnavailable: no secure keyring here; nothing is changed.
        """
        assert self._data_key is not None, "the journal is locked"
        remember.remember(self._slots, self._data_key)
        self._save_slots()
        with self._session() as session:
            self._log(session, "remembered_on_this_computer")

    def forget_on_this_computer(self) -> None:
        """Remove the keyring slot and the keyring entry."""
        remember.forget(self._slots)
        self._save_slots()
        with self._session() as session:
            self._log(session, "forgotten_on_this_computer")

    # -- the counsellor --------------------------------------------------------------------

    def _profile_name(self) -> str:
        with self._session() as session:
            row = session.exec(select(m.Counsellor).order_by(m.Counsellor.id)).first()
            return row.name if row else ""

    def profile(self) -> records.Profile | None:
        with self._session() as session:
            row = session.exec(select(m.Counsellor).order_by(m.Counsellor.id)).first()
            if not row:
                return None
            return records.Profile(row.name, row.role, row.phone, row.email)

    def set_profile(self, name: str, role: str = "", phone: str = "", email: str = "") -> None:
        """Who keeps this journal; heads every report of concern."""
        with self._session() as session:
            row = session.exec(select(m.Counsellor).order_by(m.Counsellor.id)).first()
            counsellor = row or m.Counsellor(name=name)
            counsellor.name, counsellor.role = name, role
            counsellor.phone, counsellor.email = phone, email
            session.add(counsellor)
        self.actor = name

    # -- schools, classes, pupils, families ------------------------------------------------

    def add_school(self, name: str, *, school_type: str = m.SchoolType.MUNICIPAL,
                   municipality: str = "", unit_code: str = "", served: bool = True) -> int:
        with self._session() as session:
            school = m.School(name=name, school_type=school_type, municipality=municipality,
                              unit_code=unit_code, served=served)
            session.add(school)
            session.flush()
            return school.id

    def add_group(self, school_id: int, name: str, *, group_type: str = m.GroupType.CLASS,
                  school_year: int | None = None) -> int:
        with self._session() as session:
            group = m.SchoolGroup(school_id=school_id, name=name, group_type=group_type,
                                  school_year=school_year)
            session.add(group)
            session.flush()
            return group.id

    def add_pupil(self, identity_number: str, first_name: str, last_name: str, *,
                  school_id: int | None = None, group_id: int | None = None,
                  security_marking: str = m.SecurityMarking.NONE, street: str | None = None,
                  postal_code: str | None = None, city: str | None = None,
                  today: date | None = None, enrolled_on: date | None = None) -> int:
        """Add a pupil, placed in a class if `group_id` is given.

        A pupil with protected identity never has an address stored, whatever was passed.
        `enrolled_on` defaults to `today` when the pupil is placed at a school or in a class.

        Raises:
            InvalidIdentityNumber: the number is not valid.
            DuplicateIdentityNumber: another pupil has it.
        """
        number = parse_identity(identity_number, today=today)
        if security_marking == m.SecurityMarking.PROTECTED:
            street = postal_code = city = None
        with self._session() as session:
            holder = session.exec(
                select(m.Pupil.id).where(m.Pupil.identity_number == number.normalised)
            ).first()
            if holder is not None:
                raise DuplicateIdentityNumber(holder)
            pupil = m.Pupil(identity_number=number.normalised, identity_kind=number.kind,
                            first_name=first_name, last_name=last_name,
                            birth_date=number.birth_date, security_marking=security_marking,
                            street=street, postal_code=postal_code, city=city,
                            school_id=school_id)
            if enrolled_on is None and (school_id is not None or group_id is not None):
                enrolled_on = today or date.today()
            pupil.enrolled_on = enrolled_on
            session.add(pupil)
            session.flush()
            if group_id is not None:
                session.add(m.GroupMembership(pupil_id=pupil.id, group_id=group_id,
                                              starts_on=today or date.today()))
            return pupil.id

    def schools(self) -> list[records.SchoolRow]:
        """Every school: the ones the counsellor serves first, then by name."""
        with self._session() as session:
            rows = session.exec(select(m.School)).all()
            rows = sorted(rows, key=lambda s: (not s.served, _order(s.name), s.id))
            return [records.SchoolRow(s.id, s.name, s.school_type, s.municipality,
                                      bool(s.served)) for s in rows]

    def classes(self, school_id: int | None = None) -> list[records.ClassRow]:
        """Classes (groups of type class), by school name and then 4A < 5A < 10A.

        `pupil_count` counts current members (membership not ended) who have not left.
        """
        sql = """
            SELECT g.id, g.name, g.school_id, s.name, g.school_year,
                   (SELECT COUNT(DISTINCT gm.pupil_id) FROM group_membership AS gm
                    JOIN pupil AS p ON p.id = gm.pupil_id
                    WHERE gm.group_id = g.id AND gm.ends_on IS NULL AND p.left_on IS NULL)
            FROM school_group AS g JOIN school AS s ON s.id = g.school_id
            WHERE g.group_type = 'class' AND (:school_id IS NULL OR g.school_id = :school_id)
        """
        with self._session() as session:
            rows = session.connection().execute(text(sql), {"school_id": school_id}).all()
        rows = sorted(rows, key=lambda r: (_order(r[3]), r[2], r[4] is None, r[4] or 0,
                                           _natural(r[1]), r[0]))
        return [records.ClassRow(r[0], r[1], r[2], r[3], r[4], int(r[5])) for r in rows]

    def class_pupils(self, group_id: int) -> list[records.PupilRow]:
        """The class's current members who have not left, by last name and first name."""
        sql = _PUPIL_ROWS + """
            WHERE p.left_on IS NULL AND EXISTS (
                SELECT 1 FROM group_membership AS gm
                WHERE gm.pupil_id = p.id AND gm.group_id = :group_id AND gm.ends_on IS NULL)
        """
        with self._session() as session:
            rows = session.connection().execute(text(sql), {"group_id": group_id}).all()
        rows = [_pupil_row(r) for r in rows]
        return sorted(rows, key=lambda p: (_order(p.last_name), _order(p.first_name), p.id))

    def add_guardian(self, first_name: str, last_name: str, *, phone: str = "",
                     phone_other: str = "", email: str = "", street: str | None = None,
                     postal_code: str | None = None, city: str | None = None,
                     interpreter_needed: bool = False, language: str = "",
                     identity_number: str | None = None,
                     security_marking: str = m.SecurityMarking.NONE) -> int:
        """Add a guardian or other adult. A protected guardian never has an address stored.

        Raises:
            InvalidIdentityNumber: `identity_number` is given and not valid.
        """
        _check_choice(security_marking, m.SecurityMarking, "security marking")
        number = parse_identity(identity_number).normalised if identity_number else None
        if security_marking == m.SecurityMarking.PROTECTED:
            street = postal_code = city = None
        with self._session() as session:
            guardian = m.Guardian(
                first_name=_required(first_name, "first name"),
                last_name=_required(last_name, "last name"), identity_number=number,
                phone=phone.strip(), phone_other=phone_other.strip(), email=email.strip(),
                street=_blank_to_none(street), postal_code=_blank_to_none(postal_code),
                city=_blank_to_none(city), security_marking=security_marking,
                interpreter_needed=bool(interpreter_needed), language=language.strip())
            session.add(guardian)
            session.flush()
            return guardian.id

    def update_guardian(self, guardian_id: int, **fields) -> None:
        """Change only the given fields (the names add_guardian takes); "" clears an address.

        Raises:
            TypeError: a field that a guardian does not have.
            NotFound: no such guardian.
            InvalidIdentityNumber: a new identity number is not valid.
        """
        unknown = set(fields) - GUARDIAN_FIELDS
        if unknown:
            raise TypeError(f"update_guardian() got unknown fields: {sorted(unknown)}")
        values: dict = {}
        for name in ("first_name", "last_name"):
            if fields.get(name) is not None:
                values[name] = _required(fields[name], name.replace("_", " "))
        for name in ("phone", "phone_other", "email", "language"):
            if fields.get(name) is not None:
                values[name] = fields[name].strip()
        for name in ("street", "postal_code", "city"):
            if fields.get(name) is not None:
                values[name] = _blank_to_none(fields[name])
        if fields.get("interpreter_needed") is not None:
            values["interpreter_needed"] = bool(fields["interpreter_needed"])
        if fields.get("security_marking") is not None:
            values["security_marking"] = _check_choice(fields["security_marking"],
                                                       m.SecurityMarking, "security marking")
        if fields.get("identity_number") is not None:
            number = fields["identity_number"].strip()
            values["identity_number"] = parse_identity(number).normalised if number else None
        with self._session() as session:
            guardian = session.get(m.Guardian, guardian_id)
            if guardian is None:
                raise NotFound("guardian")
            if values.get("security_marking", guardian.security_marking) == \
                    m.SecurityMarking.PROTECTED:
                values.update(street=None, postal_code=None, city=None)
            _assign(guardian, values)

    def link_guardian(self, pupil_id: int, guardian_id: int, *, relation: str | None = None,
                      has_custody: bool | None = None, lives_with: bool | None = None) -> None:
        """Link an adult to a pupil; linking again updates the link instead of failing.

        A new link gets relation "guardian", custody and living-with unless told otherwise;
        on an existing link only what is given changes (so re-linking after an edit keeps
        what was known about custody and living arrangements).
        """
        if relation is not None:
            _check_choice(relation, m.Relation, "relation")
        with self._session() as session:
            if session.get(m.Pupil, pupil_id) is None:
                raise NotFound("pupil")
            if session.get(m.Guardian, guardian_id) is None:
                raise NotFound("guardian")
            link = session.exec(select(m.PupilGuardian).where(
                m.PupilGuardian.pupil_id == pupil_id,
                m.PupilGuardian.guardian_id == guardian_id)).first()
            if link is None:
                session.add(m.PupilGuardian(
                    pupil_id=pupil_id, guardian_id=guardian_id,
                    relation=relation or m.Relation.GUARDIAN,
                    has_custody=True if has_custody is None else bool(has_custody),
                    lives_with=True if lives_with is None else bool(lives_with)))
                return
            values: dict = {}
            if relation is not None:
                values["relation"] = relation
            if has_custody is not None:
                values["has_custody"] = bool(has_custody)
            if lives_with is not None:
                values["lives_with"] = bool(lives_with)
            _assign(link, values)

    def unlink_guardian(self, pupil_id: int, guardian_id: int) -> None:
        """Remove the link between a pupil and an adult (the adult stays); no link: no change."""
        with self._session() as session:
            link = session.exec(select(m.PupilGuardian).where(
                m.PupilGuardian.pupil_id == pupil_id,
                m.PupilGuardian.guardian_id == guardian_id)).first()
            if link is not None:
                session.delete(link)

    def add_sibling_link(self, pupil_id: int, *, sibling_pupil_id: int | None = None,
                         name: str = "", birth_year: int | None = None, school_name: str = "",
                         school_type: str = m.SchoolType.UNKNOWN, note: str = "") -> int:
        """Link a sibling by hand: a pupil in this journal, or a child elsewhere.

        A link between two pupils of the journal is stored once and shows on both cards;
        linking the same two again returns the existing link (updating its note if given).

        Raises:
            NotFound: either pupil does not exist.
            ValueError: a pupil linked to themself, or a child elsewhere without a name.
        """
        _check_choice(school_type, m.SchoolType, "school type")
        with self._session() as session:
            if session.get(m.Pupil, pupil_id) is None:
                raise NotFound("pupil")
            if sibling_pupil_id is not None:
                if sibling_pupil_id == pupil_id:
                    raise ValueError("a pupil cannot be their own sibling")
                if session.get(m.Pupil, sibling_pupil_id) is None:
                    raise NotFound("pupil")
                existing = session.exec(select(m.SiblingLink).where(or_(
                    (m.SiblingLink.pupil_id == pupil_id)
                    & (m.SiblingLink.sibling_pupil_id == sibling_pupil_id),
                    (m.SiblingLink.pupil_id == sibling_pupil_id)
                    & (m.SiblingLink.sibling_pupil_id == pupil_id)))).first()
                if existing is not None:
                    if note.strip():
                        _assign(existing, {"note": note.strip()})
                    return existing.id
                link = m.SiblingLink(pupil_id=pupil_id, sibling_pupil_id=sibling_pupil_id,
                                     note=note.strip())
            else:
                link = m.SiblingLink(pupil_id=pupil_id, name=_required(name, "name"),
                                     birth_year=birth_year, school_name=school_name.strip(),
                                     school_type=school_type, note=note.strip())
            session.add(link)
            session.flush()
            return link.id

    def remove_sibling_link(self, link_id: int) -> None:
        with self._session() as session:
            link = session.get(m.SiblingLink, link_id)
            if link is None:
                raise NotFound("sibling link")
            session.delete(link)

    def pupils(self) -> list[records.PupilRow]:
        """Every pupil with their current class, by name."""
        with self._session() as session:
            rows = session.connection().execute(text(_PUPIL_ROWS)).all()
        rows = [_pupil_row(r) for r in rows]
        return sorted(rows, key=lambda p: (_order(p.last_name), _order(p.first_name), p.id))

    def find_pupils(self, query: str, limit: int = 20) -> list[records.PupilRow]:
        """Pupils matching `query`, best first; [] for an empty query.

        Matches first name, last name, "first last", "last first" (case and accents
        ignored), the class, or the identity number ("-" and "+" ignored; the whole number in
        12 or 10 digits, its start such as the birth date, or its end such as the last four
        digits). Exact identity numbers come first, then names starting with the query, then
        number parts and the exact class, then the query anywhere in a name. Ties by name.
        Pupils who have left are found too (their rows carry `left_on`).
        """
        search = _Search.of(query)
        if search is None or limit <= 0:
            return []
        with self._session() as session:
            connection = session.connection()
            pupils: dict[int, tuple] = {}
            for row in connection.exec_driver_sql(_SEARCH_ROWS).fetchall():
                if row[4] is not None or row[0] not in pupils:
                    pupils[row[0]] = row
            ranked = []
            for pupil_id, identity, first, last, class_name in pupils.values():
                rank = search.rank(identity, first, last, class_name)
                if rank is not None:
                    ranked.append((rank, _order(last), _order(first), pupil_id))
            best = [item[3] for item in heapq.nsmallest(limit, ranked)]
            if not best:
                return []
            sql = text(_PUPIL_ROWS + " WHERE p.id IN :ids").bindparams(
                bindparam("ids", expanding=True))
            rows = {r[0]: _pupil_row(r) for r in connection.execute(sql, {"ids": best}).all()}
            return [rows[pupil_id] for pupil_id in best]

    def pupil_card(self, pupil_id: int) -> records.PupilCard:
        """Everything the pupil card shows, in one read.

        Raises:
            NotFound: no such pupil.
        """
        with self._session() as session:
            pupil = session.get(m.Pupil, pupil_id)
            if pupil is None:
                raise NotFound("pupil")
            protected = pupil.security_marking == m.SecurityMarking.PROTECTED
            school = session.get(m.School, pupil.school_id) if pupil.school_id else None

            spans = session.exec(
                select(m.GroupMembership, m.SchoolGroup)
                .join(m.SchoolGroup, m.SchoolGroup.id == m.GroupMembership.group_id)
                .where(m.GroupMembership.pupil_id == pupil_id,
                       m.SchoolGroup.group_type == m.GroupType.CLASS)).all()
            spans = sorted(spans, key=lambda s: (s[0].starts_on is not None,
                                                 s[0].starts_on or date.min, s[0].id))
            current = [g for ms, g in spans if ms.ends_on is None]
            current_class = current[-1] if current else None
            classes = [records.ClassSpan(g.id, g.name, ms.starts_on,
                                         ms.ends_on if ms.ends_on or not pupil.left_on
                                         else pupil.left_on)
                       for ms, g in spans]

            detail = records.PupilDetail(
                pupil.id, pupil.identity_number, pupil.identity_kind, pupil.first_name,
                pupil.last_name, pupil.birth_date, pupil.security_marking,
                None if protected else pupil.street, None if protected else pupil.postal_code,
                None if protected else pupil.city, pupil.person_status, pupil.school_id,
                school.name if school else None,
                current_class.id if current_class else None,
                current_class.name if current_class else None,
                pupil.enrolled_on, pupil.left_on, pupil.left_destination)

            links = session.exec(select(m.Guardian, m.PupilGuardian)
                                 .join(m.PupilGuardian,
                                       m.PupilGuardian.guardian_id == m.Guardian.id)
                                 .where(m.PupilGuardian.pupil_id == pupil_id)).all()
            links = sorted(links, key=lambda gl: (RELATION_ORDER.get(gl[1].relation, 99),
                                                  gl[1].id))
            guardians = []
            for g, link in links:
                # A protected pupil's card shows no address at all: a guardian's would lead
                # to the child.
                hide = protected or g.security_marking == m.SecurityMarking.PROTECTED
                guardians.append(records.GuardianRow(
                    g.id, g.first_name, g.last_name, link.relation, g.phone, g.phone_other,
                    g.email, None if hide else g.street, None if hide else g.postal_code,
                    None if hide else g.city, bool(g.interpreter_needed), g.language,
                    bool(link.has_custody), bool(link.lives_with), g.security_marking))

            siblings = self._siblings(session, pupil_id)

            entries = session.exec(select(m.JournalEntry)
                                   .where(m.JournalEntry.pupil_id == pupil_id)).all()
            entries = sorted(entries, key=lambda e: (_aware(e.at), e.id), reverse=True)
            notes = [records.EntryRow(e.id, _aware(e.at), e.kind, e.text, e.author, e.case_id)
                     for e in entries]
            return records.PupilCard(detail, guardians, siblings, notes, classes)

    def _siblings(self, session: Session, pupil_id: int) -> list[records.SiblingRow]:
        relations = [str(r) for r in SIBLING_RELATIONS]
        mine = select(m.PupilGuardian.guardian_id).where(
            m.PupilGuardian.pupil_id == pupil_id, m.PupilGuardian.relation.in_(relations))
        derived = set(session.exec(select(m.PupilGuardian.pupil_id).where(
            m.PupilGuardian.guardian_id.in_(mine), m.PupilGuardian.pupil_id != pupil_id,
            m.PupilGuardian.relation.in_(relations))).all())
        links = session.exec(select(m.SiblingLink).where(or_(
            m.SiblingLink.pupil_id == pupil_id,
            m.SiblingLink.sibling_pupil_id == pupil_id))).all()
        linked: dict[int, m.SiblingLink] = {}
        elsewhere = []
        for link in links:
            if link.sibling_pupil_id is None:
                elsewhere.append(link)
            else:
                other = link.sibling_pupil_id if link.pupil_id == pupil_id else link.pupil_id
                linked.setdefault(other, link)
        briefs = self._pupil_briefs(session, derived | set(linked))
        rows = []
        for other, brief in briefs.items():
            link = linked.get(other)
            name, birth_year, school_name, school_type, class_name = brief
            if link is not None:
                rows.append(records.SiblingRow("linked", other, name, birth_year, school_name,
                                               school_type, class_name, link.note, link.id))
            else:
                rows.append(records.SiblingRow("shared_guardian", other, name, birth_year,
                                               school_name, school_type, class_name, "", None))
        for link in elsewhere:
            rows.append(records.SiblingRow("linked", None, link.name, link.birth_year,
                                           link.school_name, link.school_type, None, link.note,
                                           link.id))
        return sorted(rows, key=lambda r: (r.birth_year is None, r.birth_year or 0,
                                           _order(r.name), r.link_id or 0))

    @staticmethod
    def _pupil_briefs(session: Session, ids: set[int]) -> dict[int, tuple]:
        """Name, birth year, school name and type, current class of pupils in the journal."""
        if not ids:
            return {}
        sql = text("""
            SELECT p.id, p.first_name, p.last_name, p.birth_date, s.name, s.school_type,
                   (SELECT g.name FROM group_membership AS gm
                    JOIN school_group AS g ON g.id = gm.group_id
                    WHERE gm.pupil_id = p.id AND gm.ends_on IS NULL
                      AND g.group_type = 'class'
                    ORDER BY gm.starts_on DESC, gm.id DESC LIMIT 1)
            FROM pupil AS p LEFT JOIN school AS s ON s.id = p.school_id
            WHERE p.id IN :ids
        """).bindparams(bindparam("ids", expanding=True))
        briefs = {}
        for r in session.connection().execute(sql, {"ids": sorted(ids)}).all():
            born = _as_date(r[3])
            briefs[r[0]] = (f"{r[1]} {r[2]}", born.year if born else None, r[4] or "",
                            r[5] or m.SchoolType.UNKNOWN, r[6])
        return briefs

    def update_pupil(self, pupil_id: int, *, first_name: str | None = None,
                     last_name: str | None = None, identity_number: str | None = None,
                     security_marking: str | None = None, street: str | None = None,
                     postal_code: str | None = None, city: str | None = None,
                     today: date | None = None) -> None:
        """Change only the given fields; "" clears an address field.

        Protected identity clears the address in the same transaction, and an address is
        never stored on a protected pupil (it is dropped without a word).

        Raises:
            NotFound: no such pupil.
            InvalidIdentityNumber: the new number is not valid.
            DuplicateIdentityNumber: another pupil has it (`pupil_id` names them).
            ValueError: an empty name or an unknown security marking.
        """
        number = parse_identity(identity_number, today=today) \
            if identity_number is not None else None
        values: dict = {}
        if first_name is not None:
            values["first_name"] = _required(first_name, "first name")
        if last_name is not None:
            values["last_name"] = _required(last_name, "last name")
        if security_marking is not None:
            values["security_marking"] = _check_choice(security_marking, m.SecurityMarking,
                                                       "security marking")
        for name, value in (("street", street), ("postal_code", postal_code), ("city", city)):
            if value is not None:
                values[name] = _blank_to_none(value)
        with self._session() as session:
            pupil = session.get(m.Pupil, pupil_id)
            if pupil is None:
                raise NotFound("pupil")
            if number is not None and number.normalised != pupil.identity_number:
                holder = session.exec(select(m.Pupil.id).where(
                    m.Pupil.identity_number == number.normalised,
                    m.Pupil.id != pupil_id)).first()
                if holder is not None:
                    raise DuplicateIdentityNumber(holder)
                values.update(identity_number=number.normalised, identity_kind=number.kind,
                              birth_date=number.birth_date)
            if values.get("security_marking", pupil.security_marking) == \
                    m.SecurityMarking.PROTECTED:
                values.update(street=None, postal_code=None, city=None)
            _assign(pupil, values)

    def move_pupil(self, pupil_id: int, group_id: int, *, on: date) -> None:
        """Move a pupil to another class from `on`: the old class ends the day before.

        Moving to the class the pupil is in changes nothing. A current class that began on
        or after `on` was never really attended and is removed rather than ended.

        Raises:
            NotFound: no such pupil, or no such class.
        """
        with self._session() as session:
            pupil = session.get(m.Pupil, pupil_id)
            if pupil is None:
                raise NotFound("pupil")
            group = session.get(m.SchoolGroup, group_id)
            if group is None or group.group_type != m.GroupType.CLASS:
                raise NotFound("class")
            current = session.exec(
                select(m.GroupMembership)
                .join(m.SchoolGroup, m.SchoolGroup.id == m.GroupMembership.group_id)
                .where(m.GroupMembership.pupil_id == pupil_id,
                       m.GroupMembership.ends_on == None,  # noqa: E711
                       m.SchoolGroup.group_type == m.GroupType.CLASS)).all()
            if [ms.group_id for ms in current] == [group_id]:
                return
            for membership in current:
                if membership.starts_on is not None and membership.starts_on >= on:
                    session.delete(membership)
                else:
                    _assign(membership, {"ends_on": on - timedelta(days=1)})
            session.add(m.GroupMembership(pupil_id=pupil_id, group_id=group_id, starts_on=on))
            if pupil.school_id != group.school_id:
                _assign(pupil, {"school_id": group.school_id})

    def mark_left(self, pupil_id: int, *, on: date, destination: str) -> None:
        """Record that the pupil left the school (`on` is the last day) and where to.

        The class membership is kept, so undo_left puts everything back; class counts and
        class lists leave the pupil out from now on.
        """
        with self._session() as session:
            pupil = session.get(m.Pupil, pupil_id)
            if pupil is None:
                raise NotFound("pupil")
            _assign(pupil, {"left_on": on, "left_destination": destination.strip()})

    def undo_left(self, pupil_id: int) -> None:
        with self._session() as session:
            pupil = session.get(m.Pupil, pupil_id)
            if pupil is None:
                raise NotFound("pupil")
            _assign(pupil, {"left_on": None, "left_destination": None})

    def pupil_address(self, pupil_id: int) -> tuple[str | None, str | None, str | None]:
        with self._session() as session:
            pupil = session.get(m.Pupil, pupil_id)
            if pupil is None:
                raise NotFound("pupil")
            return pupil.street, pupil.postal_code, pupil.city

    # -- the register ----------------------------------------------------------------------

    def mark_absence(self, pupil_id: int, on_date: date, code: str, *,
                     lesson: int | None = None, minutes: int | None = None,
                     source: str = m.MarkSource.REGISTER, note: str = "") -> int:
        with self._session() as session:
            mark = m.AbsenceMark(pupil_id=pupil_id, on_date=on_date, code=code, lesson=lesson,
                                 minutes=minutes, source=source, note=note)
            session.add(mark)
            session.flush()
            return mark.id

    def mark_absences(self, rows: Iterable[tuple]) -> int:
        """Enter many register marks in one transaction; returns how many were written.

        Each row is (pupil_id, on_date, code, lesson, minutes, source), optionally followed by
        recorded_at (when the mark was made; now if left out). Every mark is an ORM row, so
        the audit trail records each one, as it does for mark_absence.
        """
        now = _now()
        marks = []
        for row in rows:
            if len(row) not in (6, 7):
                raise ValueError("a mark is (pupil_id, on_date, code, lesson, minutes, source"
                                 "[, recorded_at])")
            pupil_id, on_date, code, lesson, minutes, source = row[:6]
            recorded_at = row[6] if len(row) == 7 and row[6] is not None else now
            marks.append(m.AbsenceMark(pupil_id=pupil_id, on_date=on_date, code=code,
                                       lesson=lesson, minutes=minutes, source=source,
                                       recorded_at=recorded_at))
        if not marks:
            return 0
        with self._session() as session:
            session.add_all(marks)
        return len(marks)

    def add_leave_request(self, pupil_id: int, starts_on: date, ends_on: date, *,
                          status: str = m.LeaveStatus.PENDING, destination: str = "",
                          reason: str = "", decided_on: date | None = None,
                          decided_by: str = "") -> int:
        """Record an application for leave of absence (ledighetsansökan) and its decision.

        Raises:
            NotFound: no such pupil.
            ValueError: the leave ends before it starts, or an unknown status.
        """
        _check_choice(status, m.LeaveStatus, "leave status")
        if ends_on < starts_on:
            raise ValueError("the leave ends before it starts")
        with self._session() as session:
            if session.get(m.Pupil, pupil_id) is None:
                raise NotFound("pupil")
            request = m.LeaveRequest(pupil_id=pupil_id, starts_on=starts_on, ends_on=ends_on,
                                     status=status, destination=destination.strip(),
                                     reason=reason.strip(), decided_on=decided_on,
                                     decided_by=decided_by.strip())
            session.add(request)
            session.flush()
            return request.id

    def absent_on(self, day: date) -> list[records.AbsentPupil]:
        """Pupils absent on `day`, by name, with whether it was invalid or reported."""
        with self._session() as session:
            rows = session.connection().execute(text(queries.ABSENT_ON_DAY),
                                                {"day": day.isoformat()}).all()
            return [records.AbsentPupil(r[0], r[1], r[2], bool(r[3]), r[4], bool(r[5]),
                                        bool(r[6])) for r in rows]

    def _calendar(self, session: Session) -> SchoolCalendar:
        periods = session.exec(select(m.CalendarPeriod)).all()
        return SchoolCalendar([Period(p.kind, p.starts_on, p.ends_on) for p in periods])

    def add_calendar_period(self, school_id: int, kind: str, starts_on: date, ends_on: date,
                            name: str = "") -> int:
        with self._session() as session:
            period = m.CalendarPeriod(school_id=school_id, kind=kind, starts_on=starts_on,
                                      ends_on=ends_on, name=name)
            session.add(period)
            session.flush()
            return period.id

    def low_attendance(self, start: date, end: date, *,
                       threshold: float = 0.9) -> list[records.LowAttendance]:
        """Pupils whose attendance over [start, end] is below `threshold` (90 % by default)."""
        with self._session() as session:
            school_days = len(self._calendar(session).school_days(start, end))
            max_absent = int(school_days * (1 - threshold))
            rows = session.connection().execute(text(queries.ABSENT_DAYS_PER_PUPIL), {
                "start": start.isoformat(), "end": end.isoformat(),
                "lessons_per_day": LESSONS_PER_DAY, "max_absent_days": max_absent,
            }).all()
            return [records.LowAttendance(r[0], r[1], school_days) for r in rows]

    # -- cases and the checklist ------------------------------------------------------------

    def open_case(self, pupil_id: int, kind: str, day0: date, *,
                  honour_related: bool = False, at: datetime | None = None) -> int:
        """Open a missing-pupil flag or an absence investigation, with its checklist.

        `at` is when it was opened (now if not given).
        """
        with self._session() as session:
            if session.get(m.Pupil, pupil_id) is None:
                raise NotFound("pupil")
            case = m.Case(pupil_id=pupil_id, kind=kind, day0=day0,
                          honour_related=honour_related, opened_by=self.actor,
                          opened_at=at or _now())
            session.add(case)
            session.flush()
            calendar = self._calendar(session)
            for step in checklist.steps_for(kind, honour_related):
                session.add(m.ChecklistStep(case_id=case.id, step_code=step.code,
                                            due_on=calendar.add_working_days(day0,
                                                                             step.due_day)))
            return case.id

    def case_steps(self, case_id: int) -> list[records.StepRow]:
        with self._session() as session:
            steps = session.exec(select(m.ChecklistStep)
                                 .where(m.ChecklistStep.case_id == case_id)
                                 .order_by(m.ChecklistStep.due_on, m.ChecklistStep.id)).all()
            return [records.StepRow(s.id, s.step_code, s.due_on, s.done_at) for s in steps]

    def complete_step(self, step_id: int, outcome: str = "", *,
                      at: datetime | None = None) -> None:
        """Mark a checklist step done, `at` a given time (now if not given)."""
        with self._session() as session:
            step = session.get(m.ChecklistStep, step_id)
            if step is None:
                raise NotFound("checklist step")
            step.done_at, step.done_by, step.outcome = at or _now(), self.actor, outcome

    def set_case_details(self, case_id: int, **fields) -> None:
        """Set a case's whereabouts details; only the given fields change.

        Fields: last_school_day, last_contact_at, whereabouts, suspected_country,
        expected_return, leave_refused (None: not known), information_source, acute_danger.

        Raises:
            TypeError: a field that is not one of these.
            NotFound: no such case.
        """
        unknown = set(fields) - CASE_DETAIL_FIELDS
        if unknown:
            raise TypeError(f"set_case_details() got unknown fields: {sorted(unknown)}")
        values = dict(fields)
        for name in ("whereabouts", "suspected_country", "information_source"):
            if name in values:
                values[name] = (values[name] or "").strip()
        if "acute_danger" in values:
            values["acute_danger"] = bool(values["acute_danger"])
        with self._session() as session:
            case = session.get(m.Case, case_id)
            if case is None:
                raise NotFound("case")
            _assign(case, values)

    def record_concern_report(self, pupil_id: int, *, case_id: int | None = None,
                              reported_at: datetime | None = None,
                              channel: str = m.ContactChannel.PHONE, recipient: str = "",
                              guardians_informed: bool | None = None, reference: str = "",
                              summary: str = "") -> int:
        """Record a report of concern (orosanmälan) made to social services.

        Raises:
            NotFound: no such pupil or case.
            ValueError: guardians informed of a report on an honour-related case (the family
                must never learn of the worry), or the case belongs to another pupil.
        """
        _check_choice(channel, m.ContactChannel, "channel")
        with self._session() as session:
            if session.get(m.Pupil, pupil_id) is None:
                raise NotFound("pupil")
            if case_id is not None:
                case = session.get(m.Case, case_id)
                if case is None:
                    raise NotFound("case")
                if case.pupil_id != pupil_id:
                    raise ValueError("the case belongs to another pupil")
                if case.honour_related and guardians_informed:
                    raise ValueError("guardians are never informed on an honour-related case")
            report = m.ConcernReport(pupil_id=pupil_id, case_id=case_id,
                                     reported_at=reported_at or _now(), channel=channel,
                                     recipient=recipient.strip(),
                                     guardians_informed=guardians_informed,
                                     reference=reference.strip(), summary=summary.strip(),
                                     reported_by=self.actor)
            session.add(report)
            session.flush()
            return report.id

    def open_cases(self, today: date) -> list[records.OpenCase]:
        with self._session() as session:
            rows = session.connection().execute(text(queries.OPEN_CASES_WITH_DUE_STEPS),
                                                {"today": today.isoformat()}).all()
            return [records.OpenCase(r[0], r[1], r[2], date.fromisoformat(str(r[3])),
                                     bool(r[4]), int(r[5])) for r in rows]

    def log_contact(self, pupil_id: int, *, case_id: int | None = None,
                    channel: str = m.ContactChannel.PHONE,
                    counterpart_kind: str = m.Counterpart.GUARDIAN, counterpart: str = "",
                    number_or_address: str = "", outcome: str = m.ContactOutcome.NO_ANSWER,
                    note: str = "", at: datetime | None = None) -> int:
        with self._session() as session:
            attempt = m.ContactAttempt(pupil_id=pupil_id, case_id=case_id, channel=channel,
                                       counterpart_kind=counterpart_kind,
                                       counterpart=counterpart,
                                       number_or_address=number_or_address, outcome=outcome,
                                       note=note, at=at or _now(), recorded_by=self.actor)
            session.add(attempt)
            session.flush()
            return attempt.id

    def add_entry(self, pupil_id: int, text_: str, *, kind: str = m.EntryKind.NOTE,
                  case_id: int | None = None, at: datetime | None = None) -> int:
        with self._session() as session:
            entry = m.JournalEntry(pupil_id=pupil_id, case_id=case_id, kind=kind, text=text_,
                                   at=at or _now(), author=self.actor)
            session.add(entry)
            session.flush()
            return entry.id

    def record_export(self, *, format: str, purpose: str, file_name: str = "",
                      sha256: str = "", pupil_id: int | None = None,
                      case_id: int | None = None) -> int:
        """Record an export: what, when, why. The caller writes the file (mode 0600)."""
        with self._session() as session:
            record = m.ExportRecord(format=format, purpose=purpose, file_name=file_name,
                                    sha256=sha256, pupil_id=pupil_id, case_id=case_id,
                                    exported_by=self.actor)
            session.add(record)
            session.flush()
            return record.id

    # -- overview --------------------------------------------------------------------------

    def summary(self) -> records.Summary:
        with self._session() as session:
            def count(model, *where) -> int:
                return session.exec(select(func.count()).select_from(model).where(*where)
                                    ).one()

            return records.Summary(
                schools=count(m.School, m.School.served),
                classes=count(m.SchoolGroup, m.SchoolGroup.group_type == m.GroupType.CLASS),
                pupils=count(m.Pupil),
                guardians=count(m.Guardian),
                absence_marks=count(m.AbsenceMark),
                open_missing=count(m.Case, m.Case.status == m.CaseStatus.OPEN,
                                   m.Case.kind == m.CaseKind.MISSING),
                open_absence_cases=count(m.Case, m.Case.status == m.CaseStatus.OPEN,
                                         m.Case.kind == m.CaseKind.PROBLEMATIC_ABSENCE),
            )

    # -- importing class lists -------------------------------------------------------------

    def preview_import(self, parsed, school_id: int | None):
        """What importing `parsed` (storage.importing.ParsedList) would do; writes nothing.

        Returns:
            storage.import_plan.ImportPreview.
        """
        from storage.import_plan import plan_import

        with self._session() as session:
            preview = plan_import(session, parsed, school_id)
            session.rollback()  # a preview never writes, whatever the plan touched
            return preview

    def apply_import(self, parsed, school_id: int, *, today: date | None = None):
        """Import `parsed` into the school, all of it or nothing (one transaction).

        Raises:
            ImportRejected: the file has rejected rows; nothing was written.
        """
        from storage.import_plan import apply_import

        with self._session() as session:
            return apply_import(session, parsed, school_id, today or date.today())

    def audit_trail(self, limit: int = 100) -> list[records.AuditRow]:
        """The newest changes first."""
        with self._session() as session:
            rows = session.exec(select(m.AuditEvent).order_by(m.AuditEvent.id.desc())
                                .limit(limit)).all()
            return [records.AuditRow(a.at, a.actor, a.action, a.table_name, a.row_id, a.changes)
                    for a in rows]

    # -- many use cases at once ------------------------------------------------------------

    @contextmanager
    def in_one_transaction(self) -> Iterator[Journal]:
        """Run many facade calls as one transaction: all of them are written, or none.

        For building a whole world at once (the demo): one commit instead of one per call.
        Each call's session joins the shared connection's transaction (SQLAlchemy's
        "join an external transaction"), so its flushes, and the audit rows the flush hook
        writes with them, land in that transaction; only the end of the block commits. Use it
        only while nothing else (no other thread) uses this journal.

        Raises:
            StorageFull, JournalCorrupt: as for any facade call, at the final commit.
        """
        engine = self._engine
        with self._session() as outer:
            # A Session binds to a Connection as well as to an Engine; while the block runs,
            # every facade call's session binds to this one and joins its transaction.
            self._engine = cast(Engine, outer.connection())
            try:
                yield self
            finally:
                self._engine = engine

    @contextmanager
    def bulk(self) -> Iterator[Session]:
        """One ORM session for writing many rows at once (the demo's families).

        Rows added to it are audited by the flush hook like any other change and committed
        at the end of the block (inside in_one_transaction: at the end of that block). The
        caller checks what the facade methods would have checked.
        """
        with self._session() as session:
            yield session
