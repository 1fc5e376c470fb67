"""Plain, read-only objects the Journal hands out. Screens render these; they never see rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from storage.absence_rules import Finding, ProblematicAbsenceSettings
from storage.candidate_rules import CandidateReason, CandidateSettings
from storage.document_plan import DocumentPlanSettings
from storage.register_status import ClosedKind, SlotStatus
from storage.whereabouts import DayWhereabouts, MissingClock


@dataclass(frozen=True)
class Profile:
    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class Summary:
    schools: int
    classes: int
    pupils: int
    guardians: int
    absence_marks: int | None
    """None when not counted (storage.overview.summary with count_marks=False): counting
    every mark reads the whole register, 0.7 s at 20 years (tests/bench/bench_dashboard.py)."""
    open_missing: int
    open_absence_cases: int
    pupils_left: int = 0
    """Pupils who have left (kept in the journal); `pupils` counts only the others."""

    @property
    def is_empty(self) -> bool:
        return self.pupils == 0 and self.pupils_left == 0


@dataclass(frozen=True)
class PupilRow:
    id: int
    identity_number: str
    identity_kind: str
    first_name: str
    last_name: str
    security_marking: str
    class_name: str | None
    class_id: int | None = None
    left_on: date | None = None
    left_destination: str | None = None


@dataclass(frozen=True)
class AbsentPupil:
    pupil_id: int
    first_name: str
    last_name: str
    whole_day: bool
    marks: int
    any_invalid: bool
    reported_in_advance: bool


@dataclass(frozen=True)
class MarkChangeRow:
    """One change to a register slot; a code of None means no mark (present, or cleared)."""

    lesson: int | None
    old_code: str | None
    new_code: str | None
    old_minutes: int | None
    new_minutes: int | None
    source: str
    note: str
    at: datetime
    actor: str


@dataclass(frozen=True)
class OpenCase:
    case_id: int
    pupil_id: int
    kind: str
    day0: date
    honour_related: bool
    due_steps: int


@dataclass(frozen=True)
class StepRow:
    """A checklist step. Settled = done (outcome) or not applicable (the reason), by
    `done_by` at `done_at`."""

    id: int
    step_code: str
    due_on: date
    done_at: datetime | None
    done_by: str = ""
    outcome: str = ""
    not_applicable_reason: str = ""
    # A step about one sibling at another school (storage.sibling_steps): the sibling as the
    # step names them, and whom the counsellor spoke with there.
    sibling_link_id: int | None = None
    spoke_with: str = ""
    sibling_name: str = ""
    sibling_school: str = ""
    sibling_school_type: str = ""

    @property
    def not_applicable(self) -> bool:
        return bool(self.not_applicable_reason)


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    table_name: str
    row_id: int | None
    changes: str


@dataclass(frozen=True)
class SchoolRow:
    id: int
    name: str
    school_type: str
    municipality: str
    served: bool


@dataclass(frozen=True)
class ClassRow:
    id: int
    name: str
    school_id: int
    school_name: str
    school_year: int | None
    pupil_count: int  # current members who have not left


@dataclass(frozen=True)
class GuardianRow:
    """A guardian as seen from one pupil: the person, plus the link (relation, custody...)."""

    id: int
    first_name: str
    last_name: str
    relation: str
    phone: str
    phone_other: str
    email: str
    street: str | None  # None for a protected guardian, and on a protected pupil's card
    postal_code: str | None
    city: str | None
    interpreter_needed: bool
    language: str
    has_custody: bool
    lives_with: bool
    security_marking: str


@dataclass(frozen=True)
class SiblingRow:
    """A sibling: derived from a shared guardian, or linked by hand (SiblingLink).

    `source` is "shared_guardian" or "linked". `pupil_id` is set when the sibling is a pupil in
    this journal; `link_id` when the row comes from a link (so it can be removed).
    """

    source: str
    pupil_id: int | None
    name: str
    birth_year: int | None
    school_name: str
    school_type: str
    class_name: str | None
    note: str
    link_id: int | None


@dataclass(frozen=True)
class EntryRow:
    """A journal entry. A correction points at the entry it corrects (`corrects_id`); the
    corrected entry names its latest correction (`corrected_by`); both stay readable."""

    id: int
    at: datetime  # aware, UTC
    kind: str
    text: str
    author: str
    case_id: int | None
    corrects_id: int | None = None
    corrected_by: int | None = None


@dataclass(frozen=True)
class ClassSpan:
    class_id: int
    class_name: str
    starts_on: date | None
    ends_on: date | None  # None: still in the class


@dataclass(frozen=True)
class PupilDetail:
    id: int
    identity_number: str
    identity_kind: str
    first_name: str
    last_name: str
    birth_date: date | None
    security_marking: str
    street: str | None  # always None for a protected pupil
    postal_code: str | None
    city: str | None
    person_status: str
    school_id: int | None
    school_name: str | None
    class_id: int | None
    class_name: str | None
    enrolled_on: date | None
    left_on: date | None
    left_destination: str | None
    no_guardian_contact: bool = False  # "guardians must not be contacted" (storage.notices)
    no_guardian_contact_reason: str = ""


@dataclass(frozen=True)
class PupilCard:
    pupil: PupilDetail
    guardians: list[GuardianRow]
    siblings: list[SiblingRow]
    notes: list[EntryRow]  # newest first
    classes: list[ClassSpan]  # oldest first


@dataclass(frozen=True)
class DraftRow:
    """Unfinished work kept when the journal locked (storage.drafts)."""

    id: int
    saved_at: datetime  # aware, UTC
    place: list  # the screens under the dialog, as the UI wrote them
    dialog: str
    arguments: dict
    fields: dict


# -- same-day notices to guardians (storage.notices) -----------------------------------------


@dataclass(frozen=True)
class NoticeRow:
    """One recorded notice about a day's absence: told, not reached, or special reasons."""

    id: int
    on_date: date
    outcome: str  # codes.NoticeOutcome
    channel: str  # codes.ContactChannel
    guardian_id: int | None
    guardian_name: str
    reason: str
    at: datetime  # aware, UTC
    recorded_by: str


@dataclass(frozen=True)
class NoticeGuardian:
    """Whom to call about a pupil: never an address."""

    id: int
    name: str
    relation: str
    phone: str
    phone_other: str


@dataclass(frozen=True)
class NoticeDue:
    """A pupil absent without a valid reason whose guardians are not told yet that day."""

    pupil_id: int
    first_name: str
    last_name: str
    class_name: str | None
    whole_day: bool
    lessons: list[int]  # lessons marked invalid (beside or instead of the whole day)
    guardians: list[NoticeGuardian]
    attempts: list[NoticeRow]  # tries that reached nobody, oldest first


@dataclass(frozen=True)
class NotToCall:
    """A pupil absent without a valid reason whose guardians must not be contacted."""

    pupil_id: int
    first_name: str
    last_name: str
    class_name: str | None
    reason: str


@dataclass(frozen=True)
class NoticesDue:
    day: date
    due: list[NoticeDue]
    not_to_call: list[NotToCall]


# -- leave of absence (storage.leave) -----------------------------------------------------------


@dataclass(frozen=True)
class LeaveRow:
    id: int
    pupil_id: int
    starts_on: date
    ends_on: date
    status: str  # codes.LeaveStatus
    destination: str
    reason: str
    decided_on: date | None
    decided_by: str
    school_days: int  # school days of the pupil's school in the range


@dataclass(frozen=True)
class PupilLeave:
    requests: list[LeaveRow]  # newest first
    school_year_starts: date
    school_year_ends: date
    granted_school_days: int  # granted leave in this school year, in school days
    ceiling: int  # the law's ceiling for short leave (10 school days)

    @property
    def over_ceiling(self) -> bool:
        return self.granted_school_days > self.ceiling


@dataclass(frozen=True)
class CalendarPeriodRow:
    """A term, break (lov) or day off of one school's calendar.

    Attributes:
        kind: a storage.codes.CalendarKind.
        days: for a term, its school days; for a break or a day off, the weekdays it keeps
            the pupils at home that are not public holidays (lovdagar).
    """

    id: int
    school_id: int
    kind: str
    name: str
    starts_on: date
    ends_on: date
    days: int


# -- problematic absence (storage.problematic) ------------------------------------------------


@dataclass(frozen=True)
class ProblematicPupil:
    """A pupil for whom a problematic-absence rule fires (storage.problematic)."""

    pupil_id: int
    first_name: str
    last_name: str
    class_name: str
    findings: tuple[Finding, ...]
    """The rules that fired, in AbsenceRule order."""
    case_id: int | None = None
    """The open problematic-absence investigation, if any (never a missing-pupil case)."""
    case_day0: date | None = None


@dataclass(frozen=True)
class ProblematicAbsenceList:
    """The problematic-absence list on `today`, with the thresholds it was made with."""

    today: date
    settings: ProblematicAbsenceSettings
    pupils: tuple[ProblematicPupil, ...]
    missing_left_out: int
    """Pupils a rule fires for who have an open missing-pupil case: listed there, not here."""


# -- the register (storage.register_view) ------------------------------------------------


@dataclass(frozen=True)
class RegisterMark:
    """The mark a register slot holds."""

    code: str
    minutes: int | None
    source: str  # storage.codes.MarkSource
    note: str
    lesson: int | None = None
    """The lesson it was set on; None for a whole-day mark (also when a lesson's register
    shows the whole day's mark)."""


@dataclass(frozen=True)
class RegisterPupil:
    """One pupil's line in a class's register for a day or a lesson."""

    pupil_id: int
    first_name: str
    last_name: str
    mark: RegisterMark | None
    """The mark of the slot shown (the whole-day mark in a lesson's register when the lesson
    has none of its own); None: no mark."""
    status: SlotStatus
    """The cell, from the mark and (for a day) the day rule."""
    leave_granted: bool
    """A granted leave of absence covers the day."""
    leave_refused: bool
    """A refused leave of absence covers the day: a strong signal (DOMAIN)."""
    no_guardian_contact: bool


@dataclass(frozen=True)
class ClassRegister:
    """A class's register for one day (lesson None) or one lesson of it."""

    group_id: int
    class_name: str
    school_id: int
    school_name: str
    on_date: date
    lesson: int | None
    lessons_that_day: int
    """From the class's lesson plan, or storage.day_rule.LESSONS_PER_DAY without one."""
    has_lesson_plan: bool
    marks_by_lesson: bool
    """Some pupil has a lesson mark that day: the register can be read lesson by lesson."""
    closed: ClosedKind | None
    """Why the day is not a school day at the class's school; None on a school day."""
    closed_name: str
    """The break's or day off's name, or the holiday's (English, from `holidays`)."""
    taken: bool
    taken_at: datetime | None
    taken_by: str
    pupils: list[RegisterPupil]

    @property
    def is_school_day(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class NotTakenClass:
    """A class whose register for a school day is not taken yet."""

    group_id: int
    name: str
    school_id: int
    school_name: str
    pupils: int


@dataclass(frozen=True)
class WeekPupil:
    pupil_id: int
    first_name: str
    last_name: str
    cells: list[SlotStatus]
    """One per day of WeekView.days."""


@dataclass(frozen=True)
class WeekView:
    """A class's week: Monday to Friday across, pupils down, one status per cell."""

    group_id: int
    class_name: str
    school_id: int
    days: list[date]
    """Monday to Friday of the ISO week."""
    closed: list[ClosedKind | None]
    """Per day: why it is not a school day, or None on a school day."""
    closed_names: list[str]
    taken: list[bool]
    pupils: list[WeekPupil]


@dataclass(frozen=True)
class CaseEventRow:
    """One change in a case's life (storage.case_lifecycle), oldest first."""

    id: int
    at: datetime  # aware, UTC
    actor: str
    action: str  # storage.codes.CaseAction
    outcome: str  # on closing: storage.codes.CaseOutcome
    reason: str
    detail: str  # on closing as moved: the destination


@dataclass(frozen=True)
class HonourModeChange:
    """What switching honour-related mode did: steps removed and added, and the pupil's
    siblings in this journal, so the UI can offer them the "guardians must not be contacted"
    marker too."""

    removed_steps: tuple[str, ...]
    added_steps: tuple[str, ...]
    siblings: tuple[SiblingRow, ...]


# -- whereabouts and missing-pupil candidates (storage.candidates) ---------------------------


@dataclass(frozen=True)
class MissingCandidate:
    """A pupil a candidate rule fires for; the counsellor decides (nothing is flagged)."""

    pupil_id: int
    first_name: str
    last_name: str
    school_id: int | None
    class_name: str
    reasons: tuple[CandidateReason, ...]
    """Why, in CandidateRule order (storage.candidate_rules)."""


@dataclass(frozen=True)
class MissingCandidates:
    """The candidates on `today`, class by class, with the settings they were found with."""

    today: date
    settings: CandidateSettings
    pupils: tuple[MissingCandidate, ...]
    missing_left_out: int
    """Pupils a rule fires for who have an open missing-pupil case (already flagged)."""


@dataclass(frozen=True)
class PupilWhereabouts:
    """One pupil's absent days with their whereabouts, last seen and the clock."""

    pupil_id: int
    today: date
    days: tuple[DayWhereabouts, ...]
    """Absent school days in the window (storage.candidates.WHEREABOUTS_DAYS), by date."""
    last_present: date | None
    last_contact_at: datetime | None
    missing_case_id: int | None
    clock: MissingClock


# -- one case as the case screen shows it (storage.case_view) --------------------------------


@dataclass(frozen=True)
class ContactRow:
    """One logged attempt to reach somebody about the pupil."""

    id: int
    at: datetime  # aware, UTC
    channel: str  # storage.codes.ContactChannel
    counterpart_kind: str  # storage.codes.Counterpart
    counterpart: str
    number_or_address: str
    outcome: str  # storage.codes.ContactOutcome
    note: str
    recorded_by: str


@dataclass(frozen=True)
class CaseDetail:
    """A case with its pupil and its contact log (newest first)."""

    id: int
    pupil_id: int
    first_name: str
    last_name: str
    class_name: str | None
    kind: str  # storage.codes.CaseKind
    status: str  # storage.codes.CaseStatus
    day0: date
    honour_related: bool
    close_reason: str  # storage.codes.CaseOutcome when closed, else ""
    no_guardian_contact: bool
    no_guardian_contact_reason: str
    contacts: tuple[ContactRow, ...]
    # The whereabouts details (storage.cases.set_case_details); None or "": not given.
    last_school_day: date | None = None
    last_contact_at: datetime | None = None
    whereabouts: str = ""  # where the pupil is thought to be and how to reach them
    suspected_country: str = ""
    expected_return: date | None = None
    leave_refused: bool | None = None  # None: not known
    information_source: str = ""


@dataclass(frozen=True)
class CaseSummary:
    """One of a pupil's cases, to choose among."""

    id: int
    kind: str
    status: str
    day0: date
    honour_related: bool


@dataclass(frozen=True)
class ChronologyItem:
    """One thing that happened to a pupil, as data: the screen words it (storage.chronology).

    `code` is the item's own code: the new mark code (a mark change), CaseAction, the step
    code, ContactOutcome, EntryKind, NoticeOutcome, LeaveStatus, ExportFormat, or the main
    absence code of an absent day. `before` and `after` are the mark codes of a mark change
    ("" when none), or the case outcome (after) on closing, or the contact's channel (before)
    and counterpart kind (after). `text` is what a person wrote (entry text, reason, note, how
    the whereabouts are known): data, never markup.

    An absent day (ChronologyKind.ABSENCE) has `lessons` (0: the whole day) and `codes`, every
    absence code of the day, most lessons first. A mark change names its `lesson` (None: the
    whole day). A step has `label`, its text in the template that made it (the school's own
    words for a step of its own), and a step about a sibling at another school `sibling`
    (name and school) and `counterpart` (whom the counsellor spoke with). A "whereabouts
    known" item covers `day` to `until`, with `counterpart` the person it came from. A
    warning sign has `code` the sign's code, `label` its text in the school's list, `day` the
    day it was observed, `counterpart` who observed it, `before` the pupil's own words and
    `text` the note.
    """

    when: datetime | date  # aware UTC; a date for day-level things (a leave decision)
    kind: str  # storage.codes.ChronologyKind
    code: str
    who: str
    source_id: int  # the row's id in its own table
    day: date | None = None  # the day it is about: a mark's day, a notice's day, leave start
    until: date | None = None  # the last day of a leave
    before: str = ""
    after: str = ""
    text: str = ""
    case_id: int | None = None
    corrects_id: int | None = None  # an entry that corrects another names it
    lesson: int | None = None  # a mark change's lesson (None: the whole day)
    lessons: int = 0  # an absent day's lessons marked absent (0: the whole day)
    codes: tuple[str, ...] = ()  # an absent day's absence codes, most lessons first
    label: str = ""  # a step's text in its template (a school's own step: its own words)
    sibling: str = ""  # a sibling step: the sibling's name and school, as recorded
    counterpart: str = ""  # whom the counsellor spoke with; whom "whereabouts known" came from


@dataclass(frozen=True)
class TextHit:
    """A piece of journal text that matched a search (storage.fulltext), with its pupil.

    `source` names the table the text is in (storage.fulltext_index.SOURCES) and `source_id`
    its row; `chronology_kind` is the chronology item that row is (None when no single item
    is, e.g. a case's details). `snippet` is a short stretch of the text around the match on
    one line, as written (data, never markup); `matches` are the (start, end) offsets of the
    matched words in it.
    """

    pupil_id: int
    first_name: str
    last_name: str
    class_name: str | None
    source: str
    source_id: int
    chronology_kind: str | None
    when: datetime | date | None
    snippet: str
    matches: tuple[tuple[int, int], ...] = ()


# -- the school's contact directory (storage.directory) ------------------------------------------


@dataclass(frozen=True)
class DirectoryEntry:
    """One contact of the directory: numbers of an authority or a school, never a pupil."""

    id: int
    kind: str  # storage.codes.DirectoryKind
    name: str
    phone: str
    email: str
    note: str
    school_id: int | None  # None: for every school
    school_name: str  # "" when for every school


@dataclass(frozen=True)
class Directory:
    """The directory, and the schools named on sibling links that it does not have yet
    (offered to add; read-only until added)."""

    entries: list[DirectoryEntry]
    sibling_schools: list[str]


# -- today's calls about open missing cases (storage.call_list) ----------------------------------


@dataclass(frozen=True)
class CaseCall:
    """An open missing case whose guardians are to be called, with the day's attempts."""

    case_id: int
    pupil_id: int
    first_name: str
    last_name: str
    class_name: str | None
    day0: date
    guardians: list[NoticeGuardian]
    attempts: list[CallAttempt]  # the case's attempts logged that day, oldest first


@dataclass(frozen=True)
class SiblingAttendance:
    """A sibling at the missing pupil's own school, as the case shows them (live: read with
    the case). `today` is the sibling's whereabouts today (storage.whereabouts.Whereabouts)
    when absent, "" when not absent; `unexplained_days` counts their unexplained or unknown
    absent days in the last two school weeks (storage.case_view.SIBLING_DAYS)."""

    pupil_id: int
    name: str
    class_name: str | None
    today: str
    last_present: date | None
    unexplained_days: int


@dataclass(frozen=True)
class CallAttempt:
    """One attempt logged on a case that day: to whom (a guardian's id when it was one of
    them), which number, and what came of it."""

    id: int
    at: datetime  # aware, UTC
    channel: str  # storage.codes.ContactChannel
    counterpart_kind: str  # storage.codes.Counterpart
    guardian_id: int | None
    counterpart: str
    number_or_address: str
    outcome: str  # storage.codes.ContactOutcome


@dataclass(frozen=True)
class CaseNotToCall:
    """An open missing case whose pupil's guardians must not be contacted."""

    case_id: int
    pupil_id: int
    first_name: str
    last_name: str
    class_name: str | None
    reason: str  # the marker's reason ("" if the case is honour-related without one)
    honour_related: bool


@dataclass(frozen=True)
class CaseCalls:
    day: date
    calls: list[CaseCall]
    not_to_call: list[CaseNotToCall]


# -- the morning dashboard (storage.morning) ------------------------------------------------


@dataclass(frozen=True)
class MorningCase:
    """An open missing-pupil case as the dashboard lists it.

    `case_day` counts the school days after day 0 up to today (day 0 is day 0), as the
    checklist's due days do; `school_days_since` and `calendar_days_since` are the missing
    clock's (storage.whereabouts.missing_clock), the same as the case screen shows.
    `overdue_steps` counts the steps storage.checklist.is_overdue finds; the first of them
    (by due date) is named by its code.
    """

    case_id: int
    pupil_id: int
    first_name: str
    last_name: str
    class_name: str
    day0: date
    honour_related: bool
    case_day: int
    last_present: date | None
    school_days_since: int
    calendar_days_since: int
    overdue_steps: int
    first_overdue_step: str = ""
    first_overdue_due: date | None = None


@dataclass(frozen=True)
class Morning:
    """Today at a glance, read in one session; each count is the length of the list its
    key opens (storage.morning)."""

    today: date
    school_day: bool
    """Today is a school day at a school of a pupil at school today."""
    profile: Profile | None
    summary: Summary
    registers_not_taken: int
    """Classes whose register of today is not taken (journal.classes_not_taken)."""
    notices_due: int
    """Pupils absent without a valid reason whose guardians are not told (notices_due.due)."""
    not_to_call: int
    """Pupils absent without a valid reason whose guardians must not be contacted."""
    problematic: int
    """Pupils on the problematic-absence list (journal.problematic_absence)."""
    problematic_investigated: int
    """Of those, pupils with an open problematic-absence investigation."""
    breaks: tuple[str, ...]
    """Names of the breaks whose first school days include today; () on other days."""
    candidates: int | None
    """Pupils on the missing-pupil candidate list; None when today is not among the first
    school days after a break (the list is not read then)."""
    not_back: int
    """Of those, pupils not back after the break."""
    missing_cases: tuple[MorningCase, ...]
    """Open missing-pupil cases, the most overdue steps first (never problematic absence)."""
    # The backup reminder (storage.backup_reminder).
    days_since_backup: int | None = None
    """Calendar days since the last backup; None if the journal was never backed up."""
    backup_due: bool = False
    """The last backup is older than the reminder's setting, or there has been none."""
    # Reports of concern on their way (storage.report_of_concern.waiting_counts).
    reports_unfiled: int = 0
    """Reports of concern started and not yet filed with social services."""
    reports_follow_up: int = 0
    """Reports made by phone whose written follow-up is not recorded yet."""


# -- retention under the document plan (storage.retention, storage.records_deletion) --------


@dataclass(frozen=True)
class ReviewPupil:
    """A pupil who left more than the document plan's years ago, up for review."""

    pupil_id: int
    first_name: str
    last_name: str
    school_name: str
    class_name: str
    """The class the pupil was in when they left ("" if none)."""
    left_on: date
    years_since: int
    """Whole years since the pupil left."""
    cases: int


@dataclass(frozen=True)
class ReviewList:
    """The records due for review on `today` under the journal's document plan."""

    today: date
    settings: DocumentPlanSettings
    pupils: tuple[ReviewPupil, ...]


@dataclass(frozen=True)
class RecordsDeleted:
    """What a deletion under the document plan removed (counts only: nothing about whom).

    Attributes:
        pupils: how many pupils' records were deleted.
        rows: how many rows in all (the pupils', their guardians' and the audit events that
            carried their data), the full-text index not counted.
        exports_kept: export records kept as "an export happened", their details cleared.
        traces_cleared: True when the write-ahead log was emptied after the file was
            rewritten, so no old page is left anywhere; False when another connection kept
            reading (SQLite empties the log when the journal is next closed).
    """

    pupils: int
    rows: int
    exports_kept: int
    traces_cleared: bool


@dataclass(frozen=True)
class ExportWritten:
    """A file written out of the journal and recorded (storage.exports).

    Attributes:
        path: where the file is (mode 0600).
        sha256: the SHA-256 of its bytes, as recorded.
        export_id: the export record's id.
    """

    path: Path
    sha256: str
    export_id: int


# -- statistics for the action plan (storage.statistics) ----------------------------------


@dataclass(frozen=True)
class NotBackAfterBreak:
    """Pupils the not-back rule fired for after one break (its name), at any school."""

    break_name: str
    first_school_day: date
    """The earliest first school day after a break of this name (schools differ)."""
    pupils: int


@dataclass(frozen=True)
class ClassYearHours:
    """Hours of one class year (årskurs; None: pupils in no class) over a period."""

    class_year: int | None
    pupils: int
    valid_hours: float
    invalid_hours: float
    offered_hours: float


@dataclass(frozen=True)
class PeriodStatistics:
    """The counts of one term or school year, as counted: not yet fit to show (the small
    counts are hidden by storage.statistics_cells)."""

    label: str
    starts_on: date
    ends_on: date
    missing_opened: int
    missing_closed: int
    closed_by_outcome: tuple[tuple[str, int], ...]
    """Every outcome of the missing track (storage.codes.CLOSE_OUTCOMES), with its count."""
    not_back: tuple[NotBackAfterBreak, ...]
    located: int
    """Cases closed as located: how many days the median is taken over."""
    median_days_to_locate: float | None
    investigations_opened: int
    reports_filed: int
    hours: tuple[ClassYearHours, ...]
    watch: WatchFollowUp


@dataclass(frozen=True)
class WatchFollowUp:
    """The watch list's counts of a period for the municipal follow-up, each of pupils and
    each within the one before (storage.statistics says exactly what is counted)."""

    on_list: int
    not_back: int
    """On the list and not back after a break, or missing, while on it."""
    located: int
    """Of those not back or missing, located."""


@dataclass(frozen=True)
class ActionPlanStatistics:
    """The statistics of a term or a school year (each of its terms, then the whole year)."""

    scope: str
    made_on: date
    min_count: int
    lesson_minutes: int
    periods: tuple[PeriodStatistics, ...]


# -- warning signs (issue 13) ----------------------------------------------------------------


@dataclass(frozen=True)
class WarningSignRow:
    """A warning sign noted on a pupil (storage.warning_signs): the sign's code, its text in
    the school's list (`label`, "" for a code the list no longer has), and what was written,
    as written: data, never markup."""

    id: int
    sign_code: str
    label: str
    observed_on: date
    observed_by: str
    own_words: str
    note: str
    recorded_at: datetime
    recorded_by: str


# -- the first day back (issue 13, storage.first_day_back) ------------------------------


@dataclass(frozen=True)
class RollCallPupil:
    """One pupil not yet seen since a break, on the first-day-back roll call."""

    pupil_id: int
    first_name: str
    last_name: str
    class_name: str
    first_day: date
    """The first school day after the break (day 0 of a case opened from the roll call)."""
    watch_entry_id: int | None
    """The pupil's open watch-list entry, None when the pupil is not watch-listed."""
    missing_case_id: int | None
    """The pupil's open missing-pupil case (already flagged), None when there is none."""

    @property
    def watched(self) -> bool:
        return self.watch_entry_id is not None


@dataclass(frozen=True)
class RollCallBreak:
    """One break just over at a school of the roll call, with its reporting deadline."""

    name: str
    first_day: date
    report_by: date
    school_days_left: int
    """School days from today up to the deadline, both counted (0 when it has passed)."""


@dataclass(frozen=True)
class FirstDayBack:
    """The roll call of `today`: watch-listed pupils first, then by class and name."""

    today: date
    breaks: tuple[RollCallBreak, ...]
    pupils: tuple[RollCallPupil, ...]
    accounted_for: int
    """Pupils not seen since the break whose whereabouts are known (not listed)."""


@dataclass(frozen=True)
class WatchHistory:
    """A watch-listed pupil's history, attached to the pupil's missing-pupil case."""

    reason: str
    break_name: str
    added_on: date
    added_by: str
    signs: tuple[WarningSignRow, ...]
    """Oldest observed first."""


# -- the watch list (storage.watch_list) -------------------------------------------------------


@dataclass(frozen=True)
class WatchBreak:
    """A break of the pupil's school that the watch list can concern."""

    id: int
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class WatchPutOn:
    """A pupil put on the watch list: the entry and the prevention case opened with it."""

    entry_id: int
    case_id: int


@dataclass(frozen=True)
class WatchRow:
    """One pupil on the watch list now, with the break it concerns (if any) and how many of
    the prevention case's steps are overdue."""

    entry_id: int
    pupil_id: int
    first_name: str
    last_name: str
    class_name: str
    reason: str
    case_id: int | None
    break_name: str
    break_starts_on: date | None
    overdue_steps: int
