"""The Journal facade: one method per use case, one session per method.

A screen calls one method; the method opens one session, does one use case, commits and
returns plain objects (storage.records). Every ORM change is written to the audit trail by
storage.audit in the same transaction. Database failures come out as the project's own errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, text
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
                  today: date | None = None) -> int:
        """Add a pupil, placed in a class if `group_id` is given.

        A pupil with protected identity never has an address stored, whatever was passed.

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
            session.add(pupil)
            session.flush()
            if group_id is not None:
                session.add(m.GroupMembership(pupil_id=pupil.id, group_id=group_id,
                                              starts_on=today or date.today()))
            return pupil.id

    def add_guardian(self, first_name: str, last_name: str, *, phone: str = "",
                     email: str = "", interpreter_needed: bool = False,
                     language: str = "") -> int:
        with self._session() as session:
            guardian = m.Guardian(first_name=first_name, last_name=last_name, phone=phone,
                                  email=email, interpreter_needed=interpreter_needed,
                                  language=language)
            session.add(guardian)
            session.flush()
            return guardian.id

    def link_guardian(self, pupil_id: int, guardian_id: int, *,
                      relation: str = m.Relation.GUARDIAN) -> None:
        with self._session() as session:
            session.add(m.PupilGuardian(pupil_id=pupil_id, guardian_id=guardian_id,
                                        relation=relation))

    def pupils(self) -> list[records.PupilRow]:
        """Every pupil with their current class, by name."""
        with self._session() as session:
            rows = session.connection().execute(text("""
                SELECT p.id, p.identity_number, p.identity_kind, p.first_name, p.last_name,
                       p.security_marking,
                       (SELECT g.name FROM group_membership AS gm
                        JOIN school_group AS g ON g.id = gm.group_id
                        WHERE gm.pupil_id = p.id AND gm.ends_on IS NULL
                          AND g.group_type = 'class' LIMIT 1) AS class_name
                FROM pupil AS p ORDER BY p.last_name, p.first_name, p.id
            """)).all()
            return [records.PupilRow(*row) for row in rows]

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
                  honour_related: bool = False) -> int:
        """Open a missing-pupil flag or an absence investigation, with its checklist."""
        with self._session() as session:
            if session.get(m.Pupil, pupil_id) is None:
                raise NotFound("pupil")
            case = m.Case(pupil_id=pupil_id, kind=kind, day0=day0,
                          honour_related=honour_related, opened_by=self.actor)
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

    def complete_step(self, step_id: int, outcome: str = "") -> None:
        with self._session() as session:
            step = session.get(m.ChecklistStep, step_id)
            if step is None:
                raise NotFound("checklist step")
            step.done_at, step.done_by, step.outcome = _now(), self.actor, outcome

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

    def audit_trail(self, limit: int = 100) -> list[records.AuditRow]:
        """The newest changes first."""
        with self._session() as session:
            rows = session.exec(select(m.AuditEvent).order_by(m.AuditEvent.id.desc())
                                .limit(limit)).all()
            return [records.AuditRow(a.at, a.actor, a.action, a.table_name, a.row_id, a.changes)
                    for a in rows]
