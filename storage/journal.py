"""The Journal facade: one method per use case, one session per method.

A screen calls one method; the method opens one journal session (storage.session), hands the
work to the module of its use case, commits and returns plain objects (storage.records).
Every ORM change is written to the audit trail in the same transaction. Database failures and
refused values come out as the project's own errors (storage.errors), never as SQLAlchemy's.

Where the work is done:
    storage.people       schools, classes, pupils, guardians, links, siblings, moves, leaving
    storage.pupil_card   the pupil card
    storage.search       finding a pupil by what was typed
    storage.register     absence marks, the school calendar, who is absent
    storage.leave        leave of absence: requests, decisions, the year's total
    storage.notices      same-day notices to guardians, "must not be contacted"
    storage.calendar_periods, storage.lesson_plans   a school's terms and breaks, lesson plans
    storage.problematic  problematic absence, a pupil's attendance summary
    storage.candidates   whereabouts of absent days, last seen, missing-pupil candidates
    storage.cases        cases, checklist steps, contacts, entries, reports of concern
    storage.case_lifecycle, storage.checklist, storage.entries   closing and reopening a
                         case, honour-related mode, checklist templates, corrected entries
    storage.exports      the record of every export
    storage.export_files writing an export's file: where, 0600, hashed, recorded or removed
    storage.report_of_concern   reports of concern: drafts, one per child, until filed
    storage.backup       backup of the running journal, restore (a module function), check
    storage.backup_reminder, storage.handover   the dashboard's backup reminder, hand-over
    storage.statistics   statistics for the action plan (no names; small counts hidden)
    storage.overview     the counsellor's profile, the summary, the audit trail
    storage.import_plan  importing a class list
    storage.retention, storage.records_deletion, storage.right_of_access   records due for
                         review under the document plan, deleting them, the right of access
This module keeps only the life cycle (open, locked), the session and the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar, cast

from sqlalchemy import Engine

from storage import backup as backup_files
from storage import (
    candidates,
    case_lifecycle,
    case_view,
    cases,
    checklist,
    chronology,
    entries,
    exports,
    leave,
    marks,
    notices,
    overview,
    people,
    problematic,
    pupil_card,
    records,
    register,
    register_view,
    remember,
    rule_settings,
)
from storage import models as m
from storage import report_of_concern as concern
from storage import search as pupil_search
from storage.absence_rules import ProblematicAbsenceSettings
from storage.attendance_summary import AttendanceSummary
from storage.backup_reminder import BackupReminderSettings  # backup reminder, hand-over
from storage.candidate_rules import CandidateSettings
from storage.day_rule import LESSONS_PER_DAY  # noqa: F401 - long-standing import path
from storage.errors import DemoJournal, JournalLocked, WrongPassphrase
from storage.first_day_back import FirstDayBackSettings  # the first day back (issue 13)
from storage.handover import HandoverResult  # backup reminder, hand-over
from storage.keys import DEFAULT_ARGON2, KEYRING, Argon2Params, KeySlots, new_recovery_key
from storage.paths import JournalPaths
from storage.report_data import ReportOfConcern
from storage.school_calendar import SchoolCalendar
from storage.session import JournalSession, journal_session, record_act
from storage.small_counts import StatisticsSettings  # statistics (issue 12)
from storage.text import clear_caches
from storage.warning_signs import SignList  # warning signs (issue 13)
from storage.watch_list import WatchListSettings  # the watch list (issue 13)
from storage.weekly_review import WeeklyReviewSettings  # case work (issue 11, last round)

T = TypeVar("T")


class Journal:
    """An open, unlocked journal. Close it to drop the key and the engine (locking).

    Every method of a locked (closed) journal raises storage.errors.JournalLocked.
    """

    def __init__(self, paths: JournalPaths, engine: Engine, slots: KeySlots, data_key: bytes):
        self.paths = paths
        self._engine: Engine | None = engine
        self._slots = slots
        self._data_key: bytes | None = data_key
        self.key_slots_changed = False
        """True when the key file's slots were changed outside Saknad (storage.errors
        KeySlotsChanged): the recovery key may not work until a new one is made."""
        self.actor = ""
        self.actor = self._profile_name()

    # -- life cycle ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def close(self) -> None:
        """Dispose of the engine, forget the key and every cached name. Safe to call twice."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._data_key = None
        clear_caches()  # folded names and sort keys must not outlive the unlocked journal

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[JournalSession]:
        """One use case's audited transaction (storage.session.journal_session).

        Raises:
            JournalLocked: the journal is closed.
        """
        if self._engine is None:
            raise JournalLocked("the journal is locked")
        with journal_session(self._engine, self.actor) as session:
            yield session

    def _key(self) -> bytes:
        if self._data_key is None:
            raise JournalLocked("the journal is locked")
        return self._data_key

    # -- keys ------------------------------------------------------------------------------

    def _save_slots(self) -> None:
        self._slots.save(self.paths.key_file, self._key())

    def set_passphrase(
        self, new_passphrase: str, *, params: Argon2Params = DEFAULT_ARGON2, reason: str = "change"
    ) -> None:
        """Rewrap the passphrase slot only; the journal is not re-encrypted."""
        self._slots.seal_passphrase(new_passphrase, self._key(), params)
        self._save_slots()
        with self._session() as session:
            record_act(session, "passphrase_set", reason)

    def change_passphrase(
        self, old_passphrase: str, new_passphrase: str, *, params: Argon2Params = DEFAULT_ARGON2
    ) -> None:
        """Change the passphrase after checking the old one (as a locked door would)."""
        if self._slots.open_passphrase(old_passphrase) != self._key():
            raise WrongPassphrase("the current passphrase is not right")
        self.set_passphrase(new_passphrase, params=params, reason="change")

    def replace_recovery_key(self) -> str:
        """Seal a new recovery key (the old one stops working) and return it, to show once.

        Also seals the key file again, so slots changed outside Saknad are no longer reported.
        """
        recovery_key = new_recovery_key()
        self._slots.seal_recovery(recovery_key, self._key())
        self._save_slots()
        self.key_slots_changed = False
        with self._session() as session:
            record_act(session, "recovery_key_replaced")
        return recovery_key

    @property
    def is_remembered(self) -> bool:
        return KEYRING in self._slots.slots

    def remember_on_this_computer(self) -> None:
        """Keep a wrapping key in the OS keyring so this computer opens the journal directly.

        Raises:
            KeyringUnavailable: no secure keyring here; nothing is changed.
        """
        remember.remember(self._slots, self._key())
        self._save_slots()
        with self._session() as session:
            record_act(session, "remembered_on_this_computer")

    def forget_on_this_computer(self) -> None:
        """Remove the keyring slot and the keyring entry."""
        self._key()  # a locked journal changes nothing
        remember.forget(self._slots, self._save_slots)
        with self._session() as session:
            record_act(session, "forgotten_on_this_computer")

    # -- the counsellor and the overview (storage.overview) -------------------------------

    def _profile_name(self) -> str:
        with self._session() as session:
            found = overview.profile(session)
            return found.name if found else ""

    def profile(self) -> records.Profile | None:
        """Who keeps this journal, or None before the profile is set."""
        with self._session() as session:
            return overview.profile(session)

    def set_profile(self, name: str, role: str = "", phone: str = "", email: str = "") -> None:
        """Who keeps this journal; heads every report of concern and names every change."""
        with self._session() as session:
            overview.set_profile(session, name, role, phone, email)
        self.actor = name

    def summary(self) -> records.Summary:
        """What the journal holds, in counts (the home screen's numbers)."""
        with self._session() as session:
            return overview.summary(session)

    def audit_trail(self, limit: int = 100) -> list[records.AuditRow]:
        """The newest changes first."""
        with self._session() as session:
            return overview.audit_trail(session, limit)

    # -- schools, classes, pupils, families (storage.people, storage.pupil_card) ----------

    def add_school(
        self,
        name: str,
        *,
        school_type: str = m.SchoolType.MUNICIPAL,
        municipality: str = "",
        unit_code: str = "",
        served: bool = True,
        propose_calendar_on: date | None = None,
    ) -> int:
        """Add a school; returns its id. See storage.people.add_school.

        Args:
            propose_calendar_on: when given, the school also gets the proposed calendar of
                the school year around that date (storage.calendar_periods.
                propose_current_year), in the same transaction: a school a counsellor
                creates has a working register on day one.
        """
        from storage import calendar_periods

        with self._session() as session:
            school_id = people.add_school(
                session,
                name,
                school_type=school_type,
                municipality=municipality,
                unit_code=unit_code,
                served=served,
            )
            if propose_calendar_on is not None:
                calendar_periods.propose_current_year(session, school_id, propose_calendar_on)
            return school_id

    def add_group(
        self,
        school_id: int,
        name: str,
        *,
        group_type: str = m.GroupType.CLASS,
        school_year: int | None = None,
    ) -> int:
        """Add a class (or another group) to a school; returns its id."""
        with self._session() as session:
            return people.add_group(
                session, school_id, name, group_type=group_type, school_year=school_year
            )

    def schools(self) -> list[records.SchoolRow]:
        """Every school: the ones the counsellor serves first, then by name."""
        with self._session() as session:
            return people.schools(session)

    def classes(self, school_id: int | None = None) -> list[records.ClassRow]:
        """Classes by school name and then 4A < 5A < 10A, with their current pupil counts."""
        with self._session() as session:
            return people.classes(session, school_id)

    def class_pupils(self, group_id: int, *, include_left: bool = False) -> list[records.PupilRow]:
        """The class's current members who have not left (with `include_left`, also those
        who left while in the class), by last name and first name."""
        with self._session() as session:
            return people.class_pupils(session, group_id, include_left=include_left)

    def pupils(self) -> list[records.PupilRow]:
        """Every pupil with their current class, by name."""
        with self._session() as session:
            return people.pupils(session)

    def add_pupil(
        self,
        identity_number: str,
        first_name: str,
        last_name: str,
        *,
        school_id: int | None = None,
        group_id: int | None = None,
        security_marking: str = m.SecurityMarking.NONE,
        street: str | None = None,
        postal_code: str | None = None,
        city: str | None = None,
        today: date | None = None,
        enrolled_on: date | None = None,
    ) -> int:
        """Add a pupil, placed in a class if `group_id` is given. See storage.people.add_pupil.

        Raises:
            InvalidIdentityNumber, DuplicateIdentityNumber, InvalidValue.
        """
        with self._session() as session:
            return people.add_pupil(
                session,
                identity_number,
                first_name,
                last_name,
                school_id=school_id,
                group_id=group_id,
                security_marking=security_marking,
                street=street,
                postal_code=postal_code,
                city=city,
                today=today,
                enrolled_on=enrolled_on,
            )

    def update_pupil(
        self,
        pupil_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        identity_number: str | None = None,
        security_marking: str | None = None,
        street: str | None = None,
        postal_code: str | None = None,
        city: str | None = None,
        today: date | None = None,
    ) -> None:
        """Change only the given fields; "" clears an address field. See
        storage.people.update_pupil.

        Raises:
            NotFound, InvalidIdentityNumber, DuplicateIdentityNumber, InvalidValue.
        """
        with self._session() as session:
            people.update_pupil(
                session,
                pupil_id,
                first_name=first_name,
                last_name=last_name,
                identity_number=identity_number,
                security_marking=security_marking,
                street=street,
                postal_code=postal_code,
                city=city,
                today=today,
            )

    def move_pupil(self, pupil_id: int, group_id: int, *, on: date) -> None:
        """Move a pupil to another class from `on`: the old class ends the day before."""
        with self._session() as session:
            people.move_pupil(session, pupil_id, group_id, on=on)

    def mark_left(self, pupil_id: int, *, on: date, destination: str) -> None:
        """Record that the pupil left the school (`on` is the last day) and where to."""
        with self._session() as session:
            people.mark_left(session, pupil_id, on=on, destination=destination)

    def undo_left(self, pupil_id: int) -> None:
        """Take back mark_left."""
        with self._session() as session:
            people.undo_left(session, pupil_id)

    def pupil_address(self, pupil_id: int) -> tuple[str | None, str | None, str | None]:
        """The pupil's street, postal code and city (all None with protected identity)."""
        with self._session() as session:
            return people.pupil_address(session, pupil_id)

    def add_guardian(
        self,
        first_name: str,
        last_name: str,
        *,
        phone: str = "",
        phone_other: str = "",
        email: str = "",
        street: str | None = None,
        postal_code: str | None = None,
        city: str | None = None,
        interpreter_needed: bool = False,
        language: str = "",
        identity_number: str | None = None,
        security_marking: str = m.SecurityMarking.NONE,
    ) -> int:
        """Add a guardian or other adult. A protected guardian never has an address stored.

        Raises:
            InvalidIdentityNumber, InvalidValue.
        """
        with self._session() as session:
            return people.add_guardian(
                session,
                first_name,
                last_name,
                phone=phone,
                phone_other=phone_other,
                email=email,
                street=street,
                postal_code=postal_code,
                city=city,
                interpreter_needed=interpreter_needed,
                language=language,
                identity_number=identity_number,
                security_marking=security_marking,
            )

    def update_guardian(self, guardian_id: int, **fields) -> None:
        """Change only the given fields (the names add_guardian takes); "" clears an address.

        Raises:
            TypeError, NotFound, InvalidIdentityNumber, InvalidValue.
        """
        with self._session() as session:
            people.update_guardian(session, guardian_id, fields)

    def link_guardian(
        self,
        pupil_id: int,
        guardian_id: int,
        *,
        relation: str | None = None,
        has_custody: bool | None = None,
        lives_with: bool | None = None,
    ) -> None:
        """Link an adult to a pupil; linking again updates the link instead of failing."""
        with self._session() as session:
            people.link_guardian(
                session,
                pupil_id,
                guardian_id,
                relation=relation,
                has_custody=has_custody,
                lives_with=lives_with,
            )

    def unlink_guardian(self, pupil_id: int, guardian_id: int) -> None:
        """Remove the link between a pupil and an adult (the adult stays); no link: no change."""
        with self._session() as session:
            people.unlink_guardian(session, pupil_id, guardian_id)

    def add_sibling_link(
        self,
        pupil_id: int,
        *,
        sibling_pupil_id: int | None = None,
        name: str = "",
        birth_year: int | None = None,
        school_name: str = "",
        school_type: str = m.SchoolType.UNKNOWN,
        note: str = "",
    ) -> int:
        """Link a sibling by hand: a pupil in this journal, or a child elsewhere."""
        with self._session() as session:
            return people.add_sibling_link(
                session,
                pupil_id,
                sibling_pupil_id=sibling_pupil_id,
                name=name,
                birth_year=birth_year,
                school_name=school_name,
                school_type=school_type,
                note=note,
            )

    def remove_sibling_link(self, link_id: int) -> None:
        """Remove a sibling link entered by hand."""
        with self._session() as session:
            people.remove_sibling_link(session, link_id)

    def pupil_card(self, pupil_id: int) -> records.PupilCard:
        """Everything the pupil card shows, in one read (storage.pupil_card)."""
        with self._session() as session:
            return pupil_card.pupil_card(session, pupil_id)

    def find_pupils(self, query: str, limit: int = 20) -> list[records.PupilRow]:
        """Pupils matching `query`, best first; [] for an empty query (storage.search)."""
        with self._session() as session:
            return pupil_search.find_pupils(session, query, limit)

    # -- the register (storage.register) ---------------------------------------------------

    def mark_absence(
        self,
        pupil_id: int,
        on_date: date,
        code: str,
        *,
        lesson: int | None = None,
        minutes: int | None = None,
        source: str = m.MarkSource.REGISTER,
        note: str = "",
    ) -> int:
        """Enter one register mark; returns its id."""
        with self._session() as session:
            return register.mark_absence(
                session,
                self.actor,
                pupil_id,
                on_date,
                code,
                lesson=lesson,
                minutes=minutes,
                source=source,
                note=note,
            )

    def write_marks(self, writes: Iterable[marks.MarkWrite], *, at: datetime | None = None) -> int:
        """Set or clear register slots, keeping each change's history; returns how many
        changed. See storage.marks.write_marks."""
        with self._session() as session:
            return marks.write_marks(session, self.actor, writes, at=at)

    def mark_history(self, pupil_id: int, on_date: date) -> list[records.MarkChangeRow]:
        """Every change to the pupil's marks that day, oldest first."""
        with self._session() as session:
            return marks.mark_history(session, pupil_id, on_date)

    def school_calendar(self, school_id: int | None) -> SchoolCalendar:
        """One school's calendar: school days, breaks, the n-th school day after a date."""
        with self._session() as session:
            return register.calendar(session, school_id)

    def rule_setting(self, key: str, default: T) -> T:
        """A school rule's settings (a dataclass; see storage.rule_settings), defaults filled."""
        with self._session() as session:
            return rule_settings.load(session, key, default)

    def save_rule_setting(self, key: str, value: object) -> None:
        """Store a school rule's settings (audited like every change)."""
        with self._session() as session:
            rule_settings.save(session, key, value)

    def mark_absences(self, rows: Iterable[tuple]) -> int:
        """Enter many register marks in one transaction; returns how many were written.

        Each row is (pupil_id, on_date, code, lesson, minutes, source), optionally followed by
        recorded_at. See storage.register.mark_absences.
        """
        with self._session() as session:
            return register.mark_absences(session, rows)

    def absent_on(self, day: date) -> list[records.AbsentPupil]:
        """Pupils absent on `day`, by name, with whether it was invalid or reported."""
        with self._session() as session:
            return register.absent_on(session, day)

    # -- leave of absence (storage.leave) -------------------------------------------------

    def add_leave_request(
        self,
        pupil_id: int,
        starts_on: date,
        ends_on: date,
        *,
        status: str = m.LeaveStatus.PENDING,
        destination: str = "",
        reason: str = "",
        decided_on: date | None = None,
        decided_by: str = "",
    ) -> int:
        """Record an application for leave of absence (ledighetsansökan) and its decision;
        a granted one fills the register with valid leave. See storage.leave."""
        with self._session() as session:
            return leave.add_leave_request(
                session,
                self.actor,
                pupil_id,
                starts_on,
                ends_on,
                status=status,
                destination=destination,
                reason=reason,
                decided_on=decided_on,
                decided_by=decided_by,
            )

    def decide_leave(
        self,
        request_id: int,
        status: str,
        *,
        decided_on: date | None = None,
        decided_by: str = "",
    ) -> None:
        """Grant or refuse a leave request (or set it pending); the register follows: a grant
        fills it with leave, a withdrawn grant puts back what was there. See storage.leave."""
        with self._session() as session:
            leave.decide_leave(
                session,
                self.actor,
                request_id,
                status,
                decided_on=decided_on,
                decided_by=decided_by,
            )

    def pupil_leave(self, pupil_id: int, day: date) -> records.PupilLeave:
        """The pupil's leave requests and the granted school days of `day`'s school year."""
        with self._session() as session:
            return leave.pupil_leave(session, pupil_id, day)

    def refused_leave(
        self, start: date, end: date, pupil_ids: list[int] | None = None
    ) -> list[records.LeaveRow]:
        """Refused leave periods overlapping [start, end], of the given pupils or everybody."""
        with self._session() as session:
            return leave.refused_leave(session, start, end, pupil_ids)

    def refused_leave_on(self, pupil_id: int, day: date) -> records.LeaveRow | None:
        """The refused leave request covering the pupil's `day`, if there is one."""
        found = self.refused_leave(day, day, [pupil_id])
        return found[0] if found else None

    # -- same-day notices to guardians (storage.notices) -----------------------------------

    def record_notice(
        self,
        pupil_id: int,
        on_date: date,
        outcome: str,
        channel: str = m.ContactChannel.PHONE,
        guardian_id: int | None = None,
        reason: str = "",
    ) -> int:
        """Record the same-day notice about a day's absence (told, not reached, or not told
        for special reasons, with the reason); returns its id. See storage.notices."""
        with self._session() as session:
            return notices.record_notice(
                session,
                self.actor,
                pupil_id,
                on_date,
                outcome,
                channel=channel,
                guardian_id=guardian_id,
                reason=reason,
            )

    def notices(self, pupil_id: int, on_date: date) -> list[records.NoticeRow]:
        """The notices recorded about the pupil's absence that day, oldest first."""
        with self._session() as session:
            return notices.notices(session, pupil_id, on_date)

    def notices_due(self, day: date) -> records.NoticesDue:
        """The day's call list: pupils absent without a valid reason whose guardians are not
        told yet, and apart from it those whose guardians must not be contacted."""
        with self._session() as session:
            return notices.notices_due(session, day)

    def set_no_guardian_contact(self, pupil_id: int, on: bool, reason: str = "") -> None:
        """Set (with a reason) or clear "guardians must not be contacted" (audited)."""
        with self._session() as session:
            notices.set_no_guardian_contact(session, pupil_id, on, reason)

    # -- the school calendar and lesson plans (storage.calendar_periods, lesson_plans) -----

    def calendar_periods(
        self, school_id: int, start: date | None = None, end: date | None = None
    ) -> list[records.CalendarPeriodRow]:
        """The school's terms, breaks and days off touching [start, end], in date order,
        each with its school days (a term) or lovdagar (a break, a day off).

        Raises:
            NotFound: no such school.
        """
        from storage import calendar_periods

        with self._session() as session:
            return calendar_periods.calendar_periods(session, school_id, start, end)

    def add_calendar_period(
        self, school_id: int, kind: str, starts_on: date, ends_on: date, name: str = ""
    ) -> int:
        """Add a term, a break (lov) or a day off to a school's calendar; returns its id.

        Raises:
            NotFound: no such school.
            InvalidValue: an unknown kind, the period ends before it starts, or a term
                overlapping another term of the school.
        """
        from storage import calendar_periods

        with self._session() as session:
            return calendar_periods.add_calendar_period(
                session, school_id, kind, starts_on, ends_on, name
            )

    def update_calendar_period(
        self, period_id: int, kind: str, starts_on: date, ends_on: date, name: str = ""
    ) -> None:
        """Change a period of a school's calendar (the rules of add_calendar_period).

        Raises:
            NotFound, InvalidValue.
        """
        from storage import calendar_periods

        with self._session() as session:
            calendar_periods.update_calendar_period(
                session, period_id, kind, starts_on, ends_on, name
            )

    def delete_calendar_period(self, period_id: int) -> None:
        """Remove a period from its school's calendar.

        Raises:
            NotFound: no such period.
        """
        from storage import calendar_periods

        with self._session() as session:
            calendar_periods.delete_calendar_period(session, period_id)

    def propose_calendar(
        self, school_id: int, autumn_year: int, *, sportlov: int | None = None
    ) -> int:
        """Add the proposed calendar of the school year starting in `autumn_year`, skipping
        what the school already has; returns how many periods were added. `sportlov`: its
        ISO week, None for the usual week of the school's municipality.

        Raises:
            NotFound: no such school.
        """
        from storage import calendar_periods

        with self._session() as session:
            return calendar_periods.propose_calendar(session, school_id, autumn_year, sportlov)

    def lesson_plan(self, group_id: int) -> dict[int, int]:
        """The class's lessons by weekday (0 Monday .. 4 Friday); {} without a plan.

        Raises:
            NotFound: no such class.
        """
        from storage import lesson_plans

        with self._session() as session:
            return lesson_plans.lesson_plan(session, group_id)

    def set_lesson_plan(self, group_id: int, plan: dict[int, int]) -> None:
        """Replace the class's lessons per weekday; {} removes the plan.

        Raises:
            NotFound: no such class.
            InvalidValue: a weekday outside 0..4 or lessons outside 0..12.
        """
        from storage import lesson_plans

        with self._session() as session:
            lesson_plans.set_lesson_plan(session, group_id, plan)

    # -- problematic absence and per-pupil attendance (storage.problematic) ----------------

    def problematic_absence(self, today: date) -> records.ProblematicAbsenceList:
        """Pupils whose absence is repeated or long on `today`, with the rules that fired."""
        with self._session() as session:
            return problematic.problematic_absence(session, today)

    def problematic_absence_settings(self) -> ProblematicAbsenceSettings:
        """The problematic-absence thresholds kept in the journal (the default if none)."""
        with self._session() as session:
            return problematic.settings(session)

    def save_problematic_absence_settings(self, value: ProblematicAbsenceSettings) -> None:
        """Keep new problematic-absence thresholds (refused if out of range).

        Raises:
            InvalidValue: a threshold out of its range.
        """
        with self._session() as session:
            problematic.save_settings(session, value)

    def open_absence_investigation(self, pupil_id: int, day0: date, explanation: str) -> int:
        """Open a problematic-absence investigation with why as its first entry; one only.

        Raises:
            NotFound: no such pupil.
            InvalidValue: an investigation of this pupil is open already.
        """
        with self._session() as session:
            template = checklist.load_template(m.CaseKind.PROBLEMATIC_ABSENCE, self.paths.folder)
            return problematic.open_investigation(
                session, self.actor, pupil_id, day0, explanation, template
            )

    def attendance_summary(self, pupil_id: int, today: date) -> AttendanceSummary:
        """The pupil's attendance this term and school year, and the term's heat strip."""
        with self._session() as session:
            return problematic.attendance_summary(session, pupil_id, today)

    # -- the register screen (storage.register_view) ---------------------------------------

    def class_register(
        self, group_id: int, day: date, lesson: int | None = None
    ) -> records.ClassRegister:
        """The class's register for a day or one lesson. See
        storage.register_view.class_register."""
        with self._session() as session:
            return register_view.class_register(session, group_id, day, lesson)

    def take_register(self, group_id: int, day: date, lesson: int | None = None) -> bool:
        """Record the class's register as taken (audited); False if it already was."""
        with self._session() as session:
            return register_view.take_register(session, self.actor, group_id, day, lesson)

    def classes_not_taken(self, day: date) -> list[records.NotTakenClass]:
        """Classes of the schools served whose register for `day`, a school day there, is
        not taken yet."""
        with self._session() as session:
            return register_view.classes_not_taken(session, day)

    def week_view(self, group_id: int, any_day: date) -> records.WeekView:
        """The class's ISO week around `any_day`, one cell per pupil and weekday."""
        with self._session() as session:
            return register_view.week_view(session, group_id, any_day)

    # -- whereabouts and missing-pupil candidates (storage.candidates) ---------------------

    def missing_candidates(self, today: date) -> records.MissingCandidates:
        """Pupils to look at for the missing track on `today` (not back after a break,
        unexplained absence, refused leave), class by class, each with why; none flagged."""
        with self._session() as session:
            return candidates.missing_candidates(session, today)

    def pupil_whereabouts(self, pupil_id: int, today: date) -> records.PupilWhereabouts:
        """A pupil's absent days (accounted for, unexplained, unknown), last seen and clock.

        Raises:
            NotFound: no such pupil.
        """
        with self._session() as session:
            return candidates.pupil_whereabouts(session, pupil_id, today)

    def missing_candidate_settings(self) -> CandidateSettings:
        """The candidate rules' settings kept in the journal (the default if none)."""
        with self._session() as session:
            return candidates.settings(session)

    def save_missing_candidate_settings(self, value: CandidateSettings) -> None:
        """Keep new candidate settings (refused if out of range).

        Raises:
            InvalidValue: a setting out of its range.
        """
        with self._session() as session:
            candidates.save_settings(session, value)

    # -- cases and the checklist (storage.cases) -------------------------------------------

    def open_case(
        self,
        pupil_id: int,
        kind: str,
        day0: date,
        *,
        honour_related: bool = False,
        at: datetime | None = None,
    ) -> int:
        """Open a missing-pupil flag or an absence investigation, with its checklist (the
        school's own template if the data folder has one, storage.checklist).

        Raises:
            NotFound: no such pupil.
            InvalidValue: an unknown kind; an open case of this kind for the pupil already.
            TemplateInvalid: the school's template file is not valid (naming the line).
        """
        with self._session() as session:
            template = (
                checklist.load_template(kind, self.paths.folder)
                if kind in (checklist.TEMPLATE_FILES)
                else None
            )
            return cases.open_case(
                session,
                self.actor,
                pupil_id,
                kind,
                day0,
                honour_related=honour_related,
                at=at,
                template=template,
            )

    def case_steps(self, case_id: int) -> list[records.StepRow]:
        """The case's checklist, by due date."""
        with self._session() as session:
            return cases.case_steps(session, case_id)

    def complete_step(
        self,
        step_id: int,
        outcome: str = "",
        *,
        at: datetime | None = None,
        spoke_with: str = "",
    ) -> None:
        """Mark a checklist step done, `at` a given time (now if not given); a sibling's
        step with whom you spoke with and the outcome (both needed)."""
        with self._session() as session:
            cases.complete_step(
                session, self.actor, step_id, outcome, at=at, spoke_with=spoke_with
            )

    def set_case_details(self, case_id: int, **fields) -> None:
        """Set a case's whereabouts details; only the given fields change."""
        with self._session() as session:
            cases.set_case_details(session, case_id, fields)

    def open_cases(self, today: date) -> list[records.OpenCase]:
        """Open cases, the ones with the most steps due by `today` first."""
        with self._session() as session:
            return cases.open_cases(session, today)

    def record_concern_report(
        self,
        pupil_id: int,
        *,
        case_id: int | None = None,
        reported_at: datetime | None = None,
        channel: str = m.ContactChannel.PHONE,
        recipient: str = "",
        guardians_informed: bool | None = None,
        reference: str = "",
        summary: str = "",
    ) -> int:
        """Record a report of concern (orosanmälan) made to social services."""
        with self._session() as session:
            return cases.record_concern_report(
                session,
                self.actor,
                pupil_id,
                case_id=case_id,
                reported_at=reported_at,
                channel=channel,
                recipient=recipient,
                guardians_informed=guardians_informed,
                reference=reference,
                summary=summary,
            )

    # -- reports of concern (storage.report_of_concern) ------------------------------------

    def start_report(self, pupil_id: int, *, case_id: int | None = None) -> int:
        """Start (or return the open) report of concern about one child; its draft id."""
        with self._session() as session:
            return concern.start_draft(session, self.actor, pupil_id, case_id=case_id)

    def start_sibling_reports(self, draft_id: int) -> list[int]:
        """One draft per sibling in the journal, from a family concern; their draft ids."""
        with self._session() as session:
            return concern.sibling_drafts(session, self.actor, draft_id)

    def update_report_draft(self, draft_id: int, fields: concern.DraftFields) -> None:
        """Keep what the counsellor wrote on a report's draft."""
        with self._session() as session:
            concern.update_draft(session, draft_id, fields)

    def set_report_left_out(self, draft_id: int, keys: Iterable[str]) -> None:
        """Which items (storage.report_data keys) the report leaves out."""
        with self._session() as session:
            concern.set_left_out(session, draft_id, set(keys))

    def toggle_report_left_out(self, draft_id: int, key: str) -> tuple[str, ...]:
        """Leave one item out of the report, or take it back; the keys left out now."""
        with self._session() as session:
            return concern.toggle_left_out(session, draft_id, key)

    def report_of_concern(
        self, draft_id: int, *, with_left_out: bool = False, made_at: datetime | None = None
    ) -> ReportOfConcern:
        """The report of one draft as the journal has it now (left-out items removed unless
        `with_left_out`)."""
        with self._session() as session:
            return concern.report(
                session,
                draft_id,
                folder=self.paths.folder,
                made_at=made_at,
                with_left_out=with_left_out,
            )

    def report_drafts(self, pupil_id: int | None = None) -> list[concern.ReportDraftRow]:
        """Reports of concern, unfiled first: one pupil's, or all."""
        with self._session() as session:
            return concern.drafts(session, pupil_id)

    def report_draft(self, draft_id: int) -> concern.ReportDraftRow:
        """One report of concern's state: draft, exported or filed, and after filing."""
        with self._session() as session:
            return concern.draft_row(session, draft_id)

    def file_report(
        self,
        draft_id: int,
        *,
        channel: str,
        recipient: str,
        reference: str = "",
        reported_at: datetime | None = None,
    ) -> int:
        """Record that a drafted report was made to social services; the report's id."""
        with self._session() as session:
            return concern.file_draft(
                session,
                self.actor,
                draft_id,
                channel=channel,
                recipient=recipient,
                reference=reference,
                reported_at=reported_at,
            )

    def record_after_filing(
        self,
        report_id: int,
        *,
        reference: str,
        written_follow_up_on: date | None,
        investigation_opened: bool | None,
    ) -> None:
        """What happened after a report was filed: reference, written follow-up, whether an
        investigation was opened."""
        with self._session() as session:
            concern.after_filing(
                session,
                report_id,
                reference=reference,
                written_follow_up_on=written_follow_up_on,
                investigation_opened=investigation_opened,
            )

    def log_contact(
        self,
        pupil_id: int,
        *,
        case_id: int | None = None,
        channel: str = m.ContactChannel.PHONE,
        counterpart_kind: str = m.Counterpart.GUARDIAN,
        counterpart: str = "",
        number_or_address: str = "",
        outcome: str = m.ContactOutcome.NO_ANSWER,
        note: str = "",
        at: datetime | None = None,
    ) -> int:
        """Log one attempt to reach somebody about a pupil."""
        with self._session() as session:
            return cases.log_contact(
                session,
                self.actor,
                pupil_id,
                case_id=case_id,
                channel=channel,
                counterpart_kind=counterpart_kind,
                counterpart=counterpart,
                number_or_address=number_or_address,
                outcome=outcome,
                note=note,
                at=at,
            )

    def add_entry(
        self,
        pupil_id: int,
        text_: str,
        *,
        kind: str = m.EntryKind.NOTE,
        case_id: int | None = None,
        at: datetime | None = None,
    ) -> int:
        """Write a dated entry in the pupil's chronology."""
        with self._session() as session:
            return cases.add_entry(
                session, self.actor, pupil_id, text_, kind=kind, case_id=case_id, at=at
            )

    # -- a case's life, checklist templates, corrected entries (issue 11) -------------------
    # storage.case_lifecycle, storage.checklist, storage.entries

    def close_case(
        self,
        case_id: int,
        outcome: str,
        reason: str = "",
        *,
        destination: str = "",
        at: datetime | None = None,
    ) -> None:
        """Close an open case with how it ended (codes.CaseOutcome) and why. See
        storage.case_lifecycle.close_case."""
        with self._session() as session:
            case_lifecycle.close_case(
                session, self.actor, case_id, outcome, reason, destination=destination, at=at
            )

    def reopen_case(self, case_id: int, reason: str, *, at: datetime | None = None) -> None:
        """Reopen a closed case (its steps stay), why required."""
        with self._session() as session:
            case_lifecycle.reopen_case(session, self.actor, case_id, reason, at=at)

    def set_honour_mode(
        self, case_id: int, on: bool, reason: str, *, at: datetime | None = None
    ) -> records.HonourModeChange:
        """Switch a case's honour-related mode; returns the steps removed and added and the
        pupil's siblings in this journal. See storage.case_lifecycle.set_honour_mode."""
        with self._session() as session:
            kind = session.get(m.Case, case_id)
            template = (
                checklist.load_template(kind.kind, self.paths.folder) if kind is not None else None
            )
            return case_lifecycle.set_honour_mode(
                session, self.actor, case_id, on, reason, template=template, at=at
            )

    def case_events(self, case_id: int) -> list[records.CaseEventRow]:
        """The case's history (opened, closed, reopened, honour mode), oldest first."""
        with self._session() as session:
            return case_lifecycle.case_events(session, case_id)

    def mark_step_not_applicable(
        self, step_id: int, reason: str, *, at: datetime | None = None
    ) -> None:
        """Settle a checklist step as not applicable, with the reason, who and when."""
        with self._session() as session:
            case_lifecycle.mark_step_not_applicable(session, self.actor, step_id, reason, at=at)

    def checklist_template(self, kind: str) -> checklist.ChecklistTemplate:
        """The checklist a new case of `kind` gets: the school's own file in the data
        folder's checklists/ if there is one (validated), else the built-in one.

        Raises:
            TemplateInvalid: the school's file is not valid (naming the line).
        """
        self._key()  # a locked journal tells nothing, not even its template
        return checklist.load_template(kind, self.paths.folder)

    def correct_entry(self, entry_id: int, text_: str, *, at: datetime | None = None) -> int:
        """Write a correction of a journal entry; the original stays readable."""
        with self._session() as session:
            return entries.correct_entry(session, self.actor, entry_id, text_, at=at)

    def pupil_entries(self, pupil_id: int) -> list[records.EntryRow]:
        """The pupil's journal entries, newest first, corrections linked both ways."""
        with self._session() as session:
            return entries.pupil_entries(session, pupil_id)

    # -- one case as the case screen reads it (storage.case_view) ------------------------

    def case_detail(self, case_id: int) -> records.CaseDetail:
        """The case, its pupil and its contact log, newest first.

        Raises:
            NotFound: no such case.
        """
        with self._session() as session:
            return case_view.case_detail(session, case_id)

    def pupil_cases(self, pupil_id: int) -> list[records.CaseSummary]:
        """The pupil's cases, open ones first.

        Raises:
            NotFound: no such pupil.
        """
        with self._session() as session:
            return case_view.pupil_cases(session, pupil_id)

    # -- a pupil's chronology (storage.chronology) -----------------------------------------

    def chronology(self, pupil_id: int) -> list[records.ChronologyItem]:
        """Everything that happened to the pupil, newest first, as data.

        Raises:
            NotFound: no such pupil.
        """
        with self._session() as session:
            return chronology.pupil_chronology(session, pupil_id, self.paths.folder)

    # -- exports (storage.exports) ---------------------------------------------------------

    def record_export(
        self,
        *,
        format: str,
        content: str,
        purpose: str,
        recipient: str = "",
        file_name: str = "",
        sha256: str = "",
        pupil_id: int | None = None,
        case_id: int | None = None,
        report_draft_id: int | None = None,
    ) -> int:
        """Record an export: what, when, why, for whom, where to. The caller writes the file
        (mode 0600)."""
        with self._session() as session:
            return exports.record_export(
                session,
                self.actor,
                format=format,
                content=content,
                purpose=purpose,
                recipient=recipient,
                report_draft_id=report_draft_id,
                file_name=file_name,
                sha256=sha256,
                pupil_id=pupil_id,
                case_id=case_id,
            )

    # -- writing an export's file (storage.export_files) --------------------------------------

    def write_export(
        self,
        data: bytes,
        *,
        default_name: str,
        target: Path | None = None,
        format: str,
        content: str,
        purpose: str,
        recipient: str = "",
        pupil_id: int | None = None,
        case_id: int | None = None,
        report_draft_id: int | None = None,
    ) -> records.ExportWritten:
        """Write an export's file (mode 0600) and record it (record_export); if the record
        cannot be written, the file is removed again. See storage.export_files.

        Args:
            data: The file's bytes.
            default_name: The file's name in a folder (no personal data); "-2", "-3"... is
                added when taken, so an earlier export is never replaced.
            target: A file to write, a folder to write into, or None for the journal's
                exports folder (created 0700 on first use).
            format, content, purpose, recipient, pupil_id, case_id, report_draft_id: the
                record, as record_export takes them; the full path and the SHA-256 are added.

        Raises:
            JournalLocked: the journal is locked (nothing is written), or was locked before
                the record was written (the file is removed again).
            OSError: the file cannot be written; nothing is recorded.
        """
        from storage import export_files

        if not self.is_open:
            raise JournalLocked("the journal is locked")

        def record(file_name: str, sha256: str) -> int:
            return self.record_export(
                format=format,
                content=content,
                purpose=purpose,
                recipient=recipient,
                file_name=file_name,
                sha256=sha256,
                pupil_id=pupil_id,
                case_id=case_id,
                report_draft_id=report_draft_id,
            )

        return export_files.write_recorded_export(
            data,
            target=target,
            exports_folder=self.paths.exports,
            default_name=default_name,
            record=record,
        )

    # -- backup and check (storage.backup) ---------------------------------------------------

    def backup(self, target: Path) -> backup_files.BackupResult:
        """Write a verified backup of this running journal to `target` and record it.

        The copy is a consistent snapshot even while another connection writes; it stays
        encrypted under the same data key and carries the key file, so it opens with the
        passphrase or the recovery key. The file is 0600; its SHA-256 is recorded.

        Raises:
            JournalCorrupt: the copy did not pass its checks; no file is left.
            OSError: the target cannot be written.
        """
        if self._engine is None:
            raise JournalLocked("the journal is locked")
        result = backup_files.write_backup(self._engine, self._key(), self.paths, target)
        try:
            self.record_export(
                format=m.ExportFormat.BACKUP,
                content=m.ExportContent.BACKUP,
                purpose="backup",
                file_name=str(result.path),
                sha256=result.sha256,
            )
        except BaseException:
            # An unrecorded backup would never be reminded of: none at all, as the error says.
            result.path.unlink(missing_ok=True)
            raise
        return result

    def last_backup(self) -> datetime | None:
        """When the last backup was written, or None if never (for a reminder)."""
        with self._session() as session:
            return exports.last_export_at(session, m.ExportContent.BACKUP)

    def check(self) -> backup_files.CheckResult:
        """SQLCipher's HMAC check of every page and SQLite's integrity check of the file."""
        return backup_files.check_database(self.paths.database, self._key())

    # -- importing class lists (storage.import_plan) ---------------------------------------

    def preview_import(self, parsed, school_id: int | None):
        """What importing `parsed` (storage.importing.ParsedList) would do; writes nothing.

        Returns:
            storage.importing.plan.ImportPreview.
        """
        from storage.importing.plan import plan_import

        with self._session() as session:
            preview = plan_import(session, parsed, school_id)
            session.rollback()  # a preview never writes, whatever the plan touched
            return preview

    def apply_import(
        self,
        parsed,
        school_id: int | None,
        *,
        today: date | None = None,
        new_school: str = "",
    ):
        """Import `parsed` into the school, all of it or nothing (one transaction).

        With `school_id` None the school `new_school` is created in the same transaction,
        so nothing (not even the school) is written unless the whole import is.

        Raises:
            ImportRejected: the file has rejected rows; nothing was written.
            DemoJournal: this is the demo journal, whose passphrase is public.
        """
        from storage.demo import is_demo_journal
        from storage.importing.apply import apply_import

        with self._session() as session:
            if is_demo_journal(session):
                raise DemoJournal("no class list is imported into the demo journal")
            return apply_import(
                session, parsed, school_id, today or date.today(), new_school=new_school
            )

    # -- importing absence from the school's own system (storage.importing.absence_*) -------

    def preview_absence_import(self, parsed):
        """What importing an absence file (storage.importing.absence_results.ParsedAbsence)
        would do, slot by slot; writes nothing.

        Returns:
            storage.importing.absence_plan.AbsencePreview.
        """
        from storage.importing.absence_plan import plan_absence_import

        with self._session() as session:
            preview = plan_absence_import(session, parsed)
            session.rollback()  # a preview never writes
            return preview

    def apply_absence_import(self, parsed):
        """Write an absence file to the register, all of it or nothing (one transaction).

        Returns:
            storage.importing.absence_apply.AbsenceImportResult.

        Unlike a class list, an absence file may be imported into the demo journal: it only
        marks pupils the journal already has (any other row is rejected), and the demo's are
        fictitious, so no real person's data can enter a journal whose passphrase is public.

        Raises:
            ImportRejected: the file has rejected rows; nothing was written.
        """
        from storage.importing.absence_apply import apply_absence_import

        with self._session() as session:
            return apply_absence_import(session, parsed)

    # -- many rows at once (the demo) --------------------------------------------------------

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
    def bulk(self) -> Iterator[JournalSession]:
        """One audited session for writing many rows at once (the demo's families).

        Rows added to it are audited by the flush hook like any other change and committed
        at the end of the block (inside in_one_transaction: at the end of that block). The
        caller checks what the facade methods would have checked.
        """
        with self._session() as session:
            yield session

    # -- unfinished work and moving to a named class (storage.drafts, storage.class_moves) --

    def keep_draft(self, *, place: list[list], dialog: str, arguments: dict, fields: dict) -> int:
        """Keep the open dialog's unfinished work in the journal, replacing any earlier
        draft; returns its id. See storage.drafts."""
        from storage import drafts

        with self._session() as session:
            return drafts.keep_draft(
                session, place=place, dialog=dialog, arguments=arguments, fields=fields
            )

    def draft(self) -> records.DraftRow | None:
        """The unfinished work kept when the journal last locked, or None."""
        from storage import drafts

        with self._session() as session:
            return drafts.latest_draft(session)

    def discard_draft(self, draft_id: int) -> None:
        """Remove a draft once its work is saved or discarded; already gone: no change."""
        from storage import drafts

        with self._session() as session:
            drafts.discard_draft(session, draft_id)

    def move_pupil_to_named_class(self, pupil_id: int, class_name: str, *, on: date) -> int:
        """Move a pupil to the class of that name in their school, creating it if needed;
        returns the class's id. See storage.class_moves.

        Raises:
            NotFound, InvalidValue.
        """
        from storage import class_moves

        with self._session() as session:
            return class_moves.move_to_named_class(session, pupil_id, class_name, on=on)

    # -- full-text search over all journal text (storage.fulltext) -------------------------

    def search_text(self, query: str, limit: int = 20) -> list[records.TextHit]:
        """Journal text holding every word of `query` (as typed data, never FTS syntax),
        newest first, each with its pupil, source row and a snippet; [] for no word."""
        from storage import fulltext

        with self._session() as session:
            return fulltext.search_text(session, query, limit)

    # -- case work (issue 11, last round): whereabouts known, weekly review --------------
    # storage.whereabouts_known, storage.weekly_review

    def record_whereabouts_known(
        self,
        pupil_id: int,
        from_date: date,
        to_date: date,
        how: str,
        source: str = "",
        *,
        today: date | None = None,
    ) -> int:
        """Record that the school knows where the pupil was from `from_date` to `to_date`
        (both included), how it is known and from whom; returns the record's id. See
        storage.whereabouts_known.

        Raises:
            NotFound: no such pupil.
            InvalidValue: the span ends before it starts or after today; no `how`.
        """
        from storage import whereabouts_known

        with self._session() as session:
            return whereabouts_known.record_whereabouts_known(
                session, self.actor, pupil_id, from_date, to_date, how, source, today=today
            )

    def weekly_review_settings(self) -> WeeklyReviewSettings:
        """The weekly review's interval in school days (the default, 5, if none was kept)."""
        from storage import weekly_review

        with self._session() as session:
            return weekly_review.settings(session)

    def save_weekly_review_settings(self, value: WeeklyReviewSettings) -> None:
        """Keep a new weekly review interval; reviews added from now on use it.

        Raises:
            InvalidValue: an interval out of its range.
        """
        from storage import weekly_review

        with self._session() as session:
            weekly_review.save_settings(session, value)

    def case_siblings_here(self, case_id: int, today: date) -> list[records.SiblingAttendance]:
        """The case pupil's siblings at the same school, with their attendance today (see
        storage.case_view.siblings_here).

        Raises:
            NotFound: no such case.
        """
        with self._session() as session:
            return case_view.siblings_here(session, case_id, today)

    # -- the school's contact directory (storage.directory) ----------------------------------

    def directory(self) -> records.Directory:
        """The directory by kind and name, and the sibling links' schools not in it yet."""
        from storage import directory

        with self._session() as session:
            return directory.directory(session)

    def add_directory_contact(
        self,
        *,
        kind: str,
        name: str,
        phone: str = "",
        email: str = "",
        note: str = "",
        school_id: int | None = None,
    ) -> int:
        """Add a directory entry (for every school when `school_id` is None); returns its id.

        Raises:
            NotFound, InvalidValue: see storage.directory.add_contact.
        """
        from storage import directory

        with self._session() as session:
            return directory.add_contact(
                session,
                kind=kind,
                name=name,
                phone=phone,
                email=email,
                note=note,
                school_id=school_id,
            )

    def update_directory_contact(
        self, contact_id: int, *, kind: str, name: str, phone: str, email: str, note: str
    ) -> None:
        """Change a directory entry.

        Raises:
            NotFound, InvalidValue: see storage.directory.update_contact.
        """
        from storage import directory

        with self._session() as session:
            directory.update_contact(
                session, contact_id, kind=kind, name=name, phone=phone, email=email, note=note
            )

    def add_starting_directory(self) -> int:
        """Add the starting entries the directory lacks (by name); returns how many."""
        from storage import directory

        with self._session() as session:
            return directory.add_missing_starting_entries(session)

    def remove_directory_contact(self, contact_id: int) -> None:
        """Remove a directory entry (the audit trail keeps what it was).

        Raises:
            NotFound: no such entry.
        """
        from storage import directory

        with self._session() as session:
            directory.remove_contact(session, contact_id)

    # -- today's calls about open missing cases (storage.call_list) -------------------------

    def case_calls(self, day: date) -> records.CaseCalls:
        """Open missing cases whose guardians are to be called, with `day`'s attempts; the
        ones whose guardians must not be contacted apart, with the reason."""
        from storage import call_list

        with self._session() as session:
            return call_list.case_calls(session, day)

    def log_case_call(
        self,
        case_id: int,
        guardian_id: int,
        number: str,
        outcome: str,
        *,
        at: datetime | None = None,
    ) -> int:
        """Log a phone call to one of the pupil's adults about a case; returns its id.

        Raises:
            NotFound, InvalidValue: see storage.call_list.log_case_call (a pupil whose
                guardians must not be contacted is refused).
        """
        from storage import call_list

        with self._session() as session:
            return call_list.log_case_call(
                session, self.actor, case_id, guardian_id, number, outcome, at=at
            )

    # -- the morning dashboard (storage.morning) --------------------------------------------

    def morning(self, today: date) -> records.Morning:
        """Today at a glance for the home screen, in one session: each count is the length
        of the list its key opens; the open missing-pupil cases with their overdue steps and
        the clock since last seen. See storage.morning."""
        from storage import morning

        with self._session() as session:
            return morning.morning(session, today)

    # -- backup reminder and hand-over to a successor (storage.backup_reminder, handover) ---

    def backup_reminder_settings(self) -> BackupReminderSettings:
        """After how many days without a backup home reminds (the default, 7, if none kept)."""
        from storage import backup_reminder

        with self._session() as session:
            return backup_reminder.settings(session)

    def save_backup_reminder_settings(self, value: BackupReminderSettings) -> None:
        """Keep a new number of days for the backup reminder.

        Raises:
            InvalidValue: a number out of its range.
        """
        from storage import backup_reminder

        with self._session() as session:
            backup_reminder.save_settings(session, value)

    def hand_over(
        self,
        target: Path,
        *,
        successor: str,
        current_passphrase: str,
        new_passphrase: str,
        params: Argon2Params = DEFAULT_ARGON2,
    ) -> HandoverResult:
        """Write the whole journal for a successor to `target`, under a new passphrase and a
        new recovery key (storage.handover), and record it with the successor's name.

        The current passphrase is checked first (as a locked door would): an unlocked
        computer left for a moment must not hand the journal to anyone. The returned
        recovery key is shown once; the original journal keeps its own keys.

        Raises:
            WrongPassphrase: the current passphrase is not right; nothing is written.
            InvalidValue: no successor's name, or the new passphrase is the current one.
            WeakPassphrase: the new passphrase is too short.
            JournalCorrupt: the copy did not pass its checks; no file is left.
            OSError: the target cannot be written.
        """
        from storage import handover
        from storage.values import plain_text, required

        if self._engine is None:
            raise JournalLocked("the journal is locked")
        name = required(plain_text(successor, "recipient"), "recipient")
        if self._slots.open_passphrase(current_passphrase) != self._key():
            raise WrongPassphrase("the current passphrase is not right")
        result = handover.write_handover(
            self._engine,
            target,
            current_passphrase=current_passphrase,
            new_passphrase=new_passphrase,
            params=params,
        )
        try:
            self.record_export(
                format=m.ExportFormat.BACKUP,
                content=m.ExportContent.HANDOVER,
                purpose=handover.HANDOVER_PURPOSE,
                recipient=name,
                file_name=str(result.path),
                sha256=result.backup.sha256,
            )
        except BaseException:
            # An unrecorded copy of the whole journal must not stay behind.
            result.path.unlink(missing_ok=True)
            raise
        return result

    # -- retention under the document plan, and the right of access (issue 12: retention) ---
    # storage.document_plan, storage.retention, storage.records_deletion,
    # storage.right_of_access

    def document_plan(self) -> records.DocumentPlanSettings:
        """The school's document plan (kind of school, years after leaving until review)."""
        from storage import retention

        with self._session() as session:
            return retention.settings(session)

    def save_document_plan(self, value: records.DocumentPlanSettings) -> None:
        """Keep a new document plan.

        Raises:
            InvalidValue: an unknown school kind or years out of range; nothing is kept.
        """
        from storage import retention

        with self._session() as session:
            retention.save_settings(session, value)

    def records_due_for_review(self, today: date) -> records.ReviewList:
        """The pupils who left more than the plan's years ago, with their cases, for review.
        Lists only: nothing is ever deleted without delete_records_under_plan."""
        from storage import retention

        with self._session() as session:
            return retention.review_list(session, today)

    def delete_records_under_plan(self, pupil_ids: Iterable[int]) -> records.RecordsDeleted:
        """Delete everything about the pupils, after the counsellor confirmed it, and rewrite
        the file so no free page or log frame keeps the bytes (storage.records_deletion).

        The audit trail keeps one event: when, by whom, how many pupils and rows.

        Raises:
            NotFound: a pupil is not in the journal; nothing is deleted.
            InvalidValue: no pupil given.
        """
        from storage import records_deletion

        with self._session() as session:
            pupils, rows, exports_kept = records_deletion.delete_pupils_records(
                session, self.actor, pupil_ids
            )
        if self._engine is None:
            raise JournalLocked("the journal is locked")
        raw = self._engine.raw_connection()
        try:
            cleared = records_deletion.rewrite_file(raw.driver_connection)
        finally:
            raw.close()
        return records.RecordsDeleted(pupils, rows, exports_kept, cleared)

    def pupil_id_for(self, pupil: str) -> int:
        """The journal id of the pupil named by a journal id or an identity number.

        Raises:
            NotFound: no such pupil.
            InvalidIdentityNumber: neither an id nor a valid identity number.
        """
        from storage import right_of_access

        with self._session() as session:
            return right_of_access.pupil_id_for(session, pupil)

    def export_right_of_access(
        self, pupil_id: int, *, purpose: str, recipient: str = "", to: Path | None = None
    ) -> records.ExportWritten:
        """Write everything about the pupil as one JSON file (mode 0600) and record the export.

        The file goes to `to` (a file, or a folder to write into) or to the journal's exports
        folder, under a name without the pupil's name ("-2" added if the same second's name
        is taken). See storage.right_of_access and storage.export_files.

        Raises:
            InvalidValue: no purpose given.
            NotFound: no such pupil.
            OSError: the file cannot be written (nothing is recorded, no file is left).
        """
        from storage import right_of_access
        from storage.clock import now
        from storage.errors import InvalidValue

        if not purpose.strip():
            raise InvalidValue("purpose", "empty")
        at = now()
        with self._session() as session:
            content = right_of_access.document(session, pupil_id, at)
        return self.write_export(
            right_of_access.document_bytes(content),
            default_name=f"right-of-access-{pupil_id}-{at:%Y%m%d-%H%M%S}.json",
            target=Path(to) if to is not None else None,
            format=m.ExportFormat.JSON,
            content=m.ExportContent.RIGHT_OF_ACCESS,
            purpose=purpose.strip(),
            recipient=recipient.strip(),
            pupil_id=pupil_id,
        )

    # -- statistics for the action plan (storage.statistics; issue 12) -----------------------

    def action_plan_statistics(self, scope: str, today: date) -> records.ActionPlanStatistics:
        """The counts of a term ("HT2026", "VT2027") or a school year ("2026/27") up to
        `today`, with no names (see storage.statistics); small counts are hidden later, by
        storage.statistics_cells.

        Raises:
            InvalidValue: ("term" or "school_year", "period_format") for a scope neither names.
        """
        from storage import statistics, statistics_periods

        period = (
            statistics_periods.term(scope)
            if scope.strip()[:2].upper() in ("HT", "VT")
            else statistics_periods.school_year(scope)
        )
        with self._session() as session:
            return statistics.action_plan_statistics(session, period, today)

    def statistics_terms(self) -> list[str]:
        """The terms the schools' calendars hold, newest first ("HT2026", "VT2026", ...)."""
        from storage import statistics_periods

        with self._session() as session:
            return [p.label for p in statistics_periods.terms_in_calendar(session)]

    def statistics_settings(self) -> StatisticsSettings:
        """The small-count threshold and the lesson length, as kept (stated defaults)."""
        from storage import statistics

        with self._session() as session:
            return statistics.settings(session)

    def save_statistics_settings(self, value: StatisticsSettings) -> None:
        """Keep new statistics settings.

        Raises:
            InvalidValue: a setting out of its range (nothing is kept).
        """
        from storage import statistics

        with self._session() as session:
            statistics.save_settings(session, value)

    # -- warning signs on a pupil (issue 13) ----------------------------------------------
    # storage.warning_signs

    def warning_sign_list(self) -> SignList:
        """The signs a warning sign can be noted as: the data folder's checklists/
        warning_signs.toml if there is one (validated), else the built-in list.

        Raises:
            TemplateInvalid: the school's file is there but not valid (its line named).
        """
        from storage import warning_signs

        self._key()  # a locked journal tells nothing, not even its list
        return warning_signs.load_sign_list(self.paths.folder)

    def record_warning_sign(
        self,
        pupil_id: int,
        sign_code: str,
        observed_on: date,
        *,
        observed_by: str = "",
        own_words: str = "",
        note: str = "",
        today: date | None = None,
    ) -> int:
        """Note a warning sign on the pupil (a code of `warning_sign_list`); returns its id.
        A sign is never edited or removed: a mistake is corrected with a journal entry.

        Raises:
            NotFound: no such pupil.
            TemplateInvalid: the school's list is not valid.
            InvalidValue: an unknown code, a day after today, "other" without a note, text
                with a character the journal refuses.
        """
        from storage import warning_signs

        sign_list = warning_signs.load_sign_list(self.paths.folder)
        with self._session() as session:
            return warning_signs.record_sign(
                session,
                self.actor,
                pupil_id,
                sign_code,
                observed_on,
                sign_list=sign_list,
                observed_by=observed_by,
                own_words=own_words,
                note=note,
                today=today,
            )

    def warning_signs(self, pupil_id: int) -> list[records.WarningSignRow]:
        """The pupil's warning signs, newest observed first.

        Raises:
            NotFound: no such pupil.
        """
        from storage import warning_signs

        sign_list = warning_signs.readable_sign_list(self.paths.folder)
        with self._session() as session:
            return warning_signs.pupil_signs(session, pupil_id, sign_list)

    # -- the first day back (issue 13): the roll call after a break ----------------------
    # storage.first_day_back

    def open_missing_case(
        self,
        pupil_id: int,
        day0: date,
        history_text: Callable[[records.WatchHistory], str],
    ) -> int:
        """Flag the pupil as missing: open a missing-pupil case with its checklist; returns
        its id. A pupil on the watch list gets an honour-related case with the watch-list
        history (worded by `history_text`) as an entry (see storage.watch_list).

        Raises:
            NotFound: no such pupil.
            InvalidValue: an open missing-pupil case for the pupil already.
            TemplateInvalid: the school's template file is not valid (naming the line).
        """
        from storage import warning_signs, watch_list

        sign_list = warning_signs.readable_sign_list(self.paths.folder)
        with self._session() as session:
            template = checklist.load_template(m.CaseKind.MISSING, self.paths.folder)
            return watch_list.open_missing_case(
                session, self.actor, pupil_id, day0, history_text, sign_list, template=template
            )

    def first_day_back(self, today: date) -> records.FirstDayBack:
        """The roll call of pupils not yet seen since a break that just ended, watch-listed
        pupils first (see storage.first_day_back)."""
        from storage import first_day_back

        with self._session() as session:
            return first_day_back.roll_call(session, today)

    def flag_from_roll_call(
        self,
        pupil_id: int,
        today: date,
        history_text: Callable[[records.WatchHistory], str],
    ) -> int:
        """Open a missing-pupil case for a pupil on today's roll call (honour-related, with
        the watch-list history as an entry, for a watch-listed pupil); returns its id.

        Raises:
            InvalidValue: the pupil is not on today's roll call, or is flagged already.
            TemplateInvalid: the school's template file is not valid (naming the line).
        """
        from storage import first_day_back, warning_signs

        sign_list = warning_signs.readable_sign_list(self.paths.folder)
        with self._session() as session:
            template = checklist.load_template(m.CaseKind.MISSING, self.paths.folder)
            return first_day_back.flag(
                session, self.actor, pupil_id, today, history_text, sign_list, template
            )

    def first_day_back_settings(self) -> FirstDayBackSettings:
        """The reporting deadline setting (the default if none was kept)."""
        from storage import first_day_back

        with self._session() as session:
            return first_day_back.settings(session)

    def save_first_day_back_settings(self, value: FirstDayBackSettings) -> None:
        """Keep a new reporting deadline setting.

        Raises:
            InvalidValue: a number out of range or a date that is not a date.
        """
        from storage import first_day_back

        with self._session() as session:
            first_day_back.save_settings(session, value)

    # -- the watch list and the prevention case (storage.watch_list; issue 13) ---------------

    def put_on_watch_list(
        self,
        pupil_id: int,
        reason: str,
        break_id: int | None,
        today: date,
        *,
        at: datetime | None = None,
    ) -> records.WatchPutOn:
        """Put the pupil on the watch list before a break: opens an honour-related prevention
        case (day 0: `today`, the school's own prevention template if it has one) and sets
        "guardians must not be contacted". `at` is when (now if not given).

        Raises:
            NotFound: no such pupil.
            InvalidValue: no reason; not a break of the pupil's school; on the list already.
            TemplateInvalid: the school's prevention template is not valid.
        """
        from storage import watch_list

        with self._session() as session:
            template = checklist.load_template(m.CaseKind.PREVENTION, self.paths.folder)
            return watch_list.put_on(
                session, self.actor, pupil_id, reason, break_id, today, template=template, at=at
            )

    def take_off_watch_list(self, entry_id: int, reason: str) -> None:
        """Take a pupil off the watch list, with the reason; closes the prevention case.

        Raises:
            NotFound: no such entry.
            InvalidValue: no reason; taken off already.
        """
        from storage import watch_list

        with self._session() as session:
            watch_list.take_off(session, self.actor, entry_id, reason)

    def watch_list(self, today: date) -> list[records.WatchRow]:
        """The pupils on the watch list now, the soonest break first."""
        from storage import watch_list

        with self._session() as session:
            return watch_list.watch_list(session, today)

    def watch_breaks(self, pupil_id: int, today: date) -> list[records.WatchBreak]:
        """The breaks of the pupil's school not yet over: what the watch list can concern.

        Raises:
            NotFound: no such pupil.
        """
        from storage import watch_list

        with self._session() as session:
            return watch_list.breaks_for(session, pupil_id, today)

    def watch_review_due(self, today: date) -> records.WatchBreak | None:
        """The break whose watch-list review is due today (N school days before it), if any."""
        from storage import watch_list

        with self._session() as session:
            due = watch_list.due_review(session, today)
        return (
            None
            if due is None
            else records.WatchBreak(due.break_id, due.name, due.starts_on, due.ends_on)
        )

    def watch_list_settings(self) -> WatchListSettings:
        """How many school days before a break the review is due (default 10)."""
        from storage import watch_list

        with self._session() as session:
            return watch_list.settings(session)

    def save_watch_list_settings(self, value: WatchListSettings) -> None:
        """Keep a new review setting.

        Raises:
            InvalidValue: out of its range (nothing is kept).
        """
        from storage import watch_list

        with self._session() as session:
            watch_list.save_settings(session, value)
