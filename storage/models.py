"""Every table of the journal, for the whole domain (see shared DOMAIN.md).

Later features extend these tables instead of rebuilding them. Codes are English identifiers;
what a counsellor reads comes from the UI's translations. Dates are calendar dates in the
school's local time; timestamps are aware and stored in UTC (the UI shows local time), so a
daylight-saving change never reorders a chronology.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.clock import now as _now
from storage.codes import (  # noqa: F401 - the model's vocabulary
    AbsenceCategory,
    CaseAction,
    CaseKind,
    CaseStatus,
    ContactChannel,
    ContactOutcome,
    Counterpart,
    DirectoryKind,
    EntryKind,
    ExportContent,
    ExportFormat,
    GroupType,
    IdentityKind,
    LeaveStatus,
    MarkSource,
    NoticeOutcome,
    PersonStatus,
    Relation,
    SchoolType,
    SecurityMarking,
)


class Counsellor(SQLModel, table=True):
    """The journal's owner; their details head every report of concern."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    created_at: datetime = Field(default_factory=_now)


class School(SQLModel, table=True):
    """A school: one the counsellor serves, or one a sibling attends."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    school_type: str = SchoolType.MUNICIPAL
    municipality: str = ""
    unit_code: str = ""  # skolenhetskod
    served: bool = True  # the counsellor works here
    phone: str = ""
    created_at: datetime = Field(default_factory=_now)


class SchoolGroup(SQLModel, table=True):
    """A class, mentor group or teaching group (SS 12000 Group)."""

    __tablename__ = "school_group"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    name: str
    group_type: str = GroupType.CLASS
    school_year: int | None = None  # 0 (förskoleklass) to 10
    starts_on: date | None = None
    ends_on: date | None = None
    external_id: str | None = None


class Pupil(SQLModel, table=True):
    """A pupil. Never an address when the pupil has protected identity (enforced by the file)."""

    __table_args__ = (
        CheckConstraint(
            "security_marking != 'protected' OR "
            "(street IS NULL AND postal_code IS NULL AND city IS NULL)",
            name="protected_identity_has_no_address",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    identity_number: str = Field(unique=True, max_length=12)  # normalised, 12 characters
    identity_kind: str = IdentityKind.PERSONNUMMER
    first_name: str
    last_name: str
    birth_date: date | None = None
    security_marking: str = SecurityMarking.NONE
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    person_status: str = PersonStatus.ACTIVE
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    enrolled_on: date | None = None
    left_on: date | None = None
    left_destination: str | None = None
    external_id: str | None = None
    # "Guardians must not be contacted" (schema 6): set by hand or by an honour-related case;
    # such a pupil is never on a call list, and every list says why.
    # A server default too, as the upgrade gives the column (rows written by plain SQL).
    no_guardian_contact: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    no_guardian_contact_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=_now)


class GroupMembership(SQLModel, table=True):
    """A pupil in a group over a span of time (moving class ends one and starts another)."""

    __tablename__ = "group_membership"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    group_id: int = Field(foreign_key="school_group.id", index=True)
    starts_on: date | None = None
    ends_on: date | None = None


class Guardian(SQLModel, table=True):
    """A guardian or other adult the school contacts (SS 12000 responsible).

    Never an address when the guardian has protected identity (enforced by the file, since
    schema 3).
    """

    __table_args__ = (
        CheckConstraint(
            "security_marking != 'protected' OR "
            "(street IS NULL AND postal_code IS NULL AND city IS NULL)",
            name="protected_identity_has_no_address",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    first_name: str
    last_name: str
    identity_number: str | None = Field(default=None, index=True)
    phone: str = ""
    phone_other: str = ""
    email: str = ""
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    security_marking: str = SecurityMarking.NONE
    interpreter_needed: bool = False
    language: str = ""
    external_id: str | None = None
    created_at: datetime = Field(default_factory=_now)


class PupilGuardian(SQLModel, table=True):
    """Who is responsible for or reachable for a pupil. Siblings are derived from shared rows."""

    __tablename__ = "pupil_guardian"
    __table_args__ = (UniqueConstraint("pupil_id", "guardian_id"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    guardian_id: int = Field(foreign_key="guardian.id", index=True)
    relation: str = Relation.GUARDIAN
    has_custody: bool = True
    lives_with: bool = True


class SiblingLink(SQLModel, table=True):
    """A sibling entered by hand: a pupil in this journal, or a child at another school."""

    __tablename__ = "sibling_link"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    sibling_pupil_id: int | None = Field(default=None, foreign_key="pupil.id")
    name: str = ""
    birth_year: int | None = None
    school_name: str = ""
    school_type: str = SchoolType.UNKNOWN
    note: str = ""
    created_at: datetime = Field(default_factory=_now)


class CalendarPeriod(SQLModel, table=True):
    """Terms, breaks (lov) and single days off; school days are term days outside breaks."""

    __tablename__ = "calendar_period"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    kind: str  # "term", "break" (lov), "day_off" (studiedag, helgdag)
    name: str = ""
    starts_on: date
    ends_on: date


class AbsenceCode(SQLModel, table=True):
    """An absence code as data (DOMAIN: keep codes data, not strings in code)."""

    __tablename__ = "absence_code"

    code: str = Field(primary_key=True)
    category: str
    counts_as_absence: bool
    sort_order: int = 0


class AbsenceMark(SQLModel, table=True):
    """One exception in the register: a day (lesson is NULL) or one lesson.

    Everybody is present unless marked. `source` keeps what a guardian reported in advance
    apart from what was observed in the register.
    """

    __tablename__ = "absence_mark"
    __table_args__ = (
        # Both indexes cover the register's questions (storage/queries.py), so they are
        # answered from the index alone; measured in tests/bench/bench_queries.py.
        Index(
            "ix_absence_pupil_day", "pupil_id", "on_date", "lesson", "code", "minutes", "source"
        ),
        Index("ix_absence_code_day", "code", "on_date", "pupil_id", "lesson", "source"),
        # One mark per pupil, day and lesson (a whole day is lesson NULL, hence the COALESCE):
        # a change updates the mark and leaves a MarkChange, never a second row (schema 6).
        Index("ux_absence_slot", "pupil_id", "on_date", text("coalesce(lesson, 0)"), unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id")
    on_date: date
    lesson: int | None = None
    code: str = Field(foreign_key="absence_code.code")
    minutes: int | None = None
    source: str = MarkSource.REGISTER
    note: str = ""
    recorded_at: datetime = Field(default_factory=_now)


class MarkChange(SQLModel, table=True):
    """One change to a register slot (pupil, day, lesson): from what, to what, who and when.

    The mark history of a pupil-day is read from here; a cleared mark has new_code None. The
    audit trail records the same changes row by row; this table answers "what did this day
    say, and who changed it" without reading the trail (schema 6).
    """

    __tablename__ = "mark_change"
    __table_args__ = (Index("ix_mark_change_pupil_day", "pupil_id", "on_date"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id")
    on_date: date
    lesson: int | None = None
    old_code: str | None = None
    new_code: str | None = None
    old_minutes: int | None = None
    new_minutes: int | None = None
    source: str = MarkSource.REGISTER
    note: str = ""
    at: datetime = Field(default_factory=_now)
    actor: str = ""


class RegisterTaken(SQLModel, table=True):
    """A class's register taken for a day (lesson NULL) or a lesson: until then a pupil with
    no mark is "not marked", never present (schema 6)."""

    __tablename__ = "register_taken"
    __table_args__ = (
        Index(
            "ux_register_taken", "group_id", "on_date", text("coalesce(lesson, 0)"), unique=True
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="school_group.id")
    on_date: date
    lesson: int | None = None
    taken_at: datetime = Field(default_factory=_now)
    taken_by: str = ""


class LessonPlan(SQLModel, table=True):
    """How many lessons a class has on a weekday, for lesson-level marking (schema 6)."""

    __tablename__ = "lesson_plan"
    __table_args__ = (UniqueConstraint("group_id", "weekday"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="school_group.id")
    weekday: int  # 0 Monday .. 4 Friday
    lessons: int


class AbsenceNotice(SQLModel, table=True):
    """The same-day notice to guardians of absence without a valid reason (skollagen 7 kap.
    17 §): told (reached or not) or not told for special reasons. Saknad sends nothing; it
    keeps the record (schema 6)."""

    __tablename__ = "absence_notice"
    __table_args__ = (Index("ix_absence_notice_day", "on_date", "pupil_id"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id")
    on_date: date  # the day of absence the notice is about
    outcome: str = NoticeOutcome.TOLD
    channel: str = ContactChannel.PHONE
    guardian_id: int | None = Field(default=None, foreign_key="guardian.id")
    reason: str = ""  # the special reasons, when not told
    at: datetime = Field(default_factory=_now)
    recorded_by: str = ""


class RuleSetting(SQLModel, table=True):
    """A school rule's setting (thresholds, the day rule) as JSON; defaults live in code."""

    __tablename__ = "rule_setting"

    key: str = Field(primary_key=True)
    value: str  # JSON


class LeaveRequest(SQLModel, table=True):
    """An application for leave of absence (ledighetsansökan), granted or refused."""

    __tablename__ = "leave_request"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    starts_on: date
    ends_on: date
    status: str = LeaveStatus.PENDING
    destination: str = ""
    reason: str = ""
    decided_on: date | None = None
    decided_by: str = ""


class Case(SQLModel, table=True):
    """A missing-pupil flag or a problematic-absence investigation, open until closed."""

    __tablename__ = "pupil_case"
    __table_args__ = (Index("ix_case_status_kind", "status", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    kind: str
    status: str = CaseStatus.OPEN
    day0: date  # first school day of unexplained absence, or first day after a lov
    honour_related: bool = False  # hides guardian-contact steps; never inform the family
    acute_danger: bool = False
    last_school_day: date | None = None
    last_contact_at: datetime | None = None
    whereabouts: str = ""
    suspected_country: str = ""
    expected_return: date | None = None
    leave_refused: bool | None = None
    information_source: str = ""
    opened_at: datetime = Field(default_factory=_now)
    opened_by: str = ""
    closed_at: datetime | None = None
    closed_by: str = ""
    close_reason: str = ""


class CaseEvent(SQLModel, table=True):
    """One change in a case's life: opened, closed (how and why), reopened, honour-related
    mode on or off. Append-only (storage.append_only): never updated, never deleted
    (schema 7)."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="pupil_case.id", index=True)
    at: datetime = Field(default_factory=_now)
    actor: str = ""
    action: str = CaseAction.OPENED
    outcome: str = ""  # on closing: storage.codes.CaseOutcome
    reason: str = ""  # why, in the counsellor's words
    detail: str = ""  # on closing as moved: the destination


class ChecklistStep(SQLModel, table=True):
    """One step of a case's checklist, due on a date counted from day 0."""

    __tablename__ = "checklist_step"
    __table_args__ = (UniqueConstraint("case_id", "step_code"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="pupil_case.id", index=True)
    step_code: str
    due_on: date
    done_at: datetime | None = None
    done_by: str = ""
    outcome: str = ""
    not_applicable_reason: str = ""
    # A step about one sibling at another school (schema 8): the sibling, and whom the
    # counsellor spoke with there. The step code carries the link id, so it stays unique.
    sibling_link_id: int | None = Field(default=None, foreign_key="sibling_link.id")
    spoke_with: str = ""


class ContactAttempt(SQLModel, table=True):
    """One attempt to reach somebody: time, channel, number, outcome."""

    __tablename__ = "contact_attempt"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="pupil_case.id", index=True)
    at: datetime = Field(default_factory=_now)
    channel: str = ContactChannel.PHONE
    counterpart_kind: str = Counterpart.GUARDIAN
    guardian_id: int | None = Field(default=None, foreign_key="guardian.id")
    counterpart: str = ""
    number_or_address: str = ""
    outcome: str = ContactOutcome.NO_ANSWER
    note: str = ""
    recorded_by: str = ""


class JournalEntry(SQLModel, table=True):
    """A dated note in a pupil's chronology. Append-only (storage.append_only)."""

    __tablename__ = "journal_entry"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="pupil_case.id", index=True)
    at: datetime = Field(default_factory=_now)
    kind: str = EntryKind.NOTE
    text: str
    author: str = ""
    # A correction is a new entry pointing at the one it corrects; both stay (schema 7).
    corrects_id: int | None = Field(default=None, foreign_key="journal_entry.id", index=True)


class WhereaboutsKnown(SQLModel, table=True):
    """Days on which a pupil's whereabouts are known although absent (schema 8): the
    counsellor's "accounted for", with how it is known and from whom."""

    __tablename__ = "whereabouts_known"
    __table_args__ = (
        Index("ix_whereabouts_known_pupil_days", "pupil_id", "from_date", "to_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id")
    from_date: date
    to_date: date
    how: str  # how it is known, in the counsellor's words
    source: str = ""  # from whom
    recorded_at: datetime = Field(default_factory=_now)
    recorded_by: str = ""


class DirectoryContact(SQLModel, table=True):
    """One entry of the school's contact directory (schema 8): social services and their
    out-of-hours service, police, the support line, sibling schools. Numbers, not pupils."""

    __tablename__ = "directory_contact"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id")  # None: every school
    kind: str = DirectoryKind.OTHER
    name: str
    phone: str = ""
    email: str = ""
    note: str = ""  # opening hours, whom to ask for
    sort_order: int = 0


class ConcernReport(SQLModel, table=True):
    """A report of concern (orosanmälan) made to social services."""

    __tablename__ = "concern_report"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="pupil_case.id")
    reported_at: datetime = Field(default_factory=_now)
    channel: str = ContactChannel.PHONE
    recipient: str = ""
    guardians_informed: bool | None = None
    reference: str = ""
    summary: str = ""
    reported_by: str = ""
    # After filing (schema 9): whether the child knew of the report, the date a report made
    # by phone was followed up in writing, and whether social services opened an
    # investigation (None: not heard yet).
    child_informed: bool | None = None
    written_follow_up_on: date | None = None
    investigation_opened: bool | None = None


class ReportDraft(SQLModel, table=True):
    """A report of concern being written, one per child (schema 9), until it is filed.

    The report's facts are read from the journal when it is shown or exported; the draft
    keeps what only the counsellor can say about this report, and what they left out.
    A draft made for a sibling from a family concern names the draft it came from.
    """

    __tablename__ = "report_draft"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="pupil_case.id")
    family_of_id: int | None = Field(default=None, foreign_key="report_draft.id")
    honour_related: bool = False
    worry: str = ""  # what the worry is, in the counsellor's words
    since_when: str = ""
    acute_danger: bool | None = None
    guardians_informed: bool | None = None
    child_informed: bool | None = None
    left_out: str = "[]"  # JSON: the keys of the items the counsellor chose not to include
    created_at: datetime = Field(default_factory=_now)
    created_by: str = ""
    filed_report_id: int | None = Field(default=None, foreign_key="concern_report.id")


class WarningSign(SQLModel, table=True):
    """A warning sign noted about a pupil (schema 10): which sign (a code of the school's
    list, storage/templates), when and by whom it was observed, and the pupil's own words."""

    __tablename__ = "warning_sign"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    sign_code: str
    observed_on: date
    observed_by: str = ""  # who saw or heard it, in the counsellor's words
    own_words: str = ""  # what the pupil said, as said
    note: str = ""
    recorded_at: datetime = Field(default_factory=_now)
    recorded_by: str = ""


class WatchEntry(SQLModel, table=True):
    """A pupil on the watch list before a break (schema 10): why, the break it concerns,
    the prevention case that carries its checklist, and when and why it ended."""

    __tablename__ = "watch_entry"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    reason: str
    break_id: int | None = Field(default=None, foreign_key="calendar_period.id")
    case_id: int | None = Field(default=None, foreign_key="pupil_case.id")
    added_at: datetime = Field(default_factory=_now)
    added_by: str = ""
    ended_at: datetime | None = None
    ended_by: str = ""
    end_reason: str = ""


class ExportRecord(SQLModel, table=True):
    """Every export is an explicit act: what, when, why and by whom."""

    __tablename__ = "export_record"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=_now)
    pupil_id: int | None = Field(default=None, foreign_key="pupil.id")
    case_id: int | None = Field(default=None, foreign_key="pupil_case.id")
    format: str
    purpose: str
    file_name: str = ""
    sha256: str = ""  # of the written file, so a copy found later can be matched (schema 2)
    exported_by: str = ""
    # Schema 9: what the file holds (storage.codes.ExportContent), for whom, and the report
    # of concern it was written from.
    content: str = ""
    recipient: str = ""
    report_draft_id: int | None = Field(default=None, foreign_key="report_draft.id")


class AuditEvent(SQLModel, table=True):
    """One change to the journal, written in the same transaction as the change itself."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=_now)
    actor: str = ""
    action: str  # insert, update, delete, or a named act such as "passphrase_changed"
    table_name: str = ""
    row_id: int | None = None
    changes: str = ""  # JSON: {field: [old, new]}


class Draft(SQLModel, table=True):
    """Unfinished work kept when the journal locked (or Saknad quit) in the middle of a dialog.

    Kept here, inside the encrypted journal, and nowhere else: never in the settings file, a
    temporary file or a log. The journal keeps at most one (storage.drafts). The columns are
    what the UI needs to come back: where it was, which dialog, and what was typed (schema 4).
    """

    id: int | None = Field(default=None, primary_key=True)
    saved_at: datetime = Field(default_factory=_now)
    place: str = "[]"  # JSON: the screens under the dialog, e.g. [["pupil_card", 12]]
    dialog: str  # which dialog, e.g. "note"
    arguments: str = "{}"  # JSON: what the dialog was opened for, e.g. {"pupil_id": 12}
    fields: str = "{}"  # JSON: {field: value} as typed
