"""The journal's vocabulary: every code a row can hold, as StrEnums.

Kept apart from storage.models (no sqlmodel here) so that screens can import the codes at
start-up instead of re-typing "protected", "temporary" or a list of relations as strings.
Codes are English identifiers; what a counsellor reads comes from the UI's translations.
"""

from __future__ import annotations

from enum import StrEnum

from storage.identity import IdentityKind

__all__ = [
    "IdentityKind",
    "SchoolType",
    "GroupType",
    "SecurityMarking",
    "PersonStatus",
    "Relation",
    "AbsenceCategory",
    "MarkSource",
    "NoticeOutcome",
    "CalendarKind",
    "CaseKind",
    "CaseStatus",
    "CaseOutcome",
    "CaseAction",
    "CLOSE_OUTCOMES",
    "LeaveStatus",
    "ContactChannel",
    "Counterpart",
    "ContactOutcome",
    "EntryKind",
    "SiblingSource",
    "ExportFormat",
    "SECURITY_ORDER",
    "is_lower_marking",
    "DEFAULT_ABSENCE_CODES",
]


class SchoolType(StrEnum):
    MUNICIPAL = "municipal"
    INDEPENDENT = "independent"  # friskola
    PRESCHOOL = "preschool"
    ABROAD = "abroad"
    OTHER = "other"
    UNKNOWN = "unknown"


class GroupType(StrEnum):
    CLASS = "class"
    MENTOR = "mentor"
    TEACHING = "teaching"
    OTHER = "other"


class SecurityMarking(StrEnum):
    NONE = "none"  # Ingen
    CONFIDENTIAL = "confidential"  # Sekretessmarkering
    PROTECTED = "protected"  # Skyddad folkbokföring: never an address


class PersonStatus(StrEnum):
    ACTIVE = "active"
    EMIGRATED = "emigrated"  # Utvandrad
    DECEASED = "deceased"
    OTHER = "other"


class Relation(StrEnum):
    GUARDIAN = "guardian"  # vårdnadshavare
    PARENT = "parent"
    FOSTER_PARENT = "foster_parent"
    EMERGENCY_CONTACT = "emergency_contact"
    OTHER = "other"


class AbsenceCategory(StrEnum):
    PRESENT = "present"
    LATE = "late"
    VALID = "valid"
    INVALID = "invalid"
    REPORTED = "reported"
    UNKNOWN = "unknown"


class MarkSource(StrEnum):
    REGISTER = "register"  # observed in the lesson register
    GUARDIAN_NOTICE = "guardian_notice"  # reported in advance by a guardian
    IMPORT = "import"
    LEAVE = "leave"  # filled in from a granted leave of absence


class NoticeOutcome(StrEnum):
    """The same-day notice to guardians (skollagen 7 kap. 17 §)."""

    TOLD = "told"  # guardians reached and told
    NOT_REACHED = "not_reached"  # tried, nobody reached: the duty is not yet met
    SPECIAL_REASONS = "special_reasons"  # not told on purpose, with the reason


class CalendarKind(StrEnum):
    TERM = "term"
    BREAK = "break"  # lov
    DAY_OFF = "day_off"  # studiedag, or a public holiday entered by hand


class CaseKind(StrEnum):
    MISSING = "missing"  # saknad elev: whereabouts unknown
    PROBLEMATIC_ABSENCE = "problematic_absence"  # whereabouts known, absence long or repeated
    PREVENTION = "prevention"  # on the watch list before a break: act before the trip


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CaseOutcome(StrEnum):
    """How a case was closed (Case.close_reason; the why is free text in its CaseEvent)."""

    LOCATED = "located"  # located, or back at school (missing only)
    MOVED = "moved"  # moved away, with a destination
    ABROAD = "abroad"  # confirmed abroad (missing only)
    RESOLVED = "resolved"  # attendance back, investigation concluded (problematic absence)
    ENDED = "ended"  # taken off the watch list (prevention)
    OTHER = "other"


class CaseAction(StrEnum):
    """One change in a case's life, as recorded in case_event (schema 7)."""

    OPENED = "opened"
    CLOSED = "closed"
    REOPENED = "reopened"
    HONOUR_ON = "honour_on"  # honour-related mode switched on
    HONOUR_OFF = "honour_off"


class LeaveStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class ContactChannel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    HOME_VISIT = "home_visit"
    MEETING = "meeting"
    LETTER = "letter"
    DIGITAL = "digital"  # social media, school platform
    OTHER = "other"


class Counterpart(StrEnum):
    GUARDIAN = "guardian"
    EMERGENCY_CONTACT = "emergency_contact"
    PUPIL = "pupil"
    MENTOR = "mentor"
    TEACHER = "teacher"
    CLASSMATE = "classmate"
    SIBLING_SCHOOL = "sibling_school"
    SOCIAL_SERVICES = "social_services"
    POLICE = "police"
    MUNICIPALITY = "municipality"  # hemkommun, compulsory-school monitoring
    HEAD = "head"  # rektor
    OTHER = "other"


class ContactOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    MESSAGE_LEFT = "message_left"
    WRONG_NUMBER = "wrong_number"
    NOBODY_HOME = "nobody_home"
    OTHER = "other"


class EntryKind(StrEnum):
    NOTE = "note"
    OBSERVATION = "observation"
    PUPIL_WORDS = "pupil_words"  # what the child said, in their own words
    MEETING = "meeting"
    DECISION = "decision"


class SiblingSource(StrEnum):
    """How the journal knows two pupils are siblings."""

    SHARED_GUARDIAN = "shared_guardian"  # found: they share a guardian or parent
    LINKED = "linked"  # entered by hand (also siblings at other schools)


class DirectoryKind(StrEnum):
    """Who a contact in the school's directory is (schema 8); the dashboard lists them."""

    SOCIAL_SERVICES = "social_services"
    SOCIAL_SERVICES_OUT_OF_HOURS = "social_services_out_of_hours"  # socialjouren
    POLICE = "police"
    SUPPORT_LINE = "support_line"  # the national support line on honour-related violence
    RESOURCE_CENTRE = "resource_centre"  # the local resource centre (resurscentrum)
    SIBLING_SCHOOL = "sibling_school"
    HEAD = "head"  # rektor
    OTHER = "other"


class ExportFormat(StrEnum):
    MARKDOWN = "markdown"
    PDF = "pdf"
    JSON = "json"
    CSV = "csv"
    BACKUP = "backup"  # a copy of the journal file itself, still encrypted


class ExportContent(StrEnum):
    """What an exported file holds (schema 9)."""

    REPORT_OF_CONCERN = "report_of_concern"
    STATISTICS = "statistics"  # counts for the action plan, no names
    BACKUP = "backup"
    HANDOVER = "handover"  # the journal under a successor's new passphrase and recovery key
    RIGHT_OF_ACCESS = "right_of_access"  # everything about one pupil, for a request of access
    OTHER = "other"  # exports recorded before schema 9 said what they held


# How each track may close: the missing and the problematic-absence tracks are kept apart
# (a problematic-absence pupil was never lost, so it is not "located"; it is "resolved").
CLOSE_OUTCOMES: dict[CaseKind, tuple[CaseOutcome, ...]] = {
    CaseKind.MISSING: (
        CaseOutcome.LOCATED,
        CaseOutcome.MOVED,
        CaseOutcome.ABROAD,
        CaseOutcome.OTHER,
    ),
    CaseKind.PROBLEMATIC_ABSENCE: (CaseOutcome.RESOLVED, CaseOutcome.MOVED, CaseOutcome.OTHER),
    CaseKind.PREVENTION: (CaseOutcome.ENDED, CaseOutcome.MOVED, CaseOutcome.OTHER),
}


# From least to most protected. An import never moves a pupil down this order.
SECURITY_ORDER: tuple[SecurityMarking, ...] = (
    SecurityMarking.NONE,
    SecurityMarking.CONFIDENTIAL,
    SecurityMarking.PROTECTED,
)


def is_lower_marking(new: str, old: str) -> bool:
    """True when `new` protects less than `old` (e.g. none after protected)."""
    return SECURITY_ORDER.index(SecurityMarking(new)) < SECURITY_ORDER.index(SecurityMarking(old))


# The absence codes a new journal starts with (DOMAIN: keep codes data, not strings in code).
# Each row is (code, category, counts as absence, sort order). The UI translates codes into
# the words a teacher uses; new codes can be added to a journal without a code change.
DEFAULT_ABSENCE_CODES: tuple[tuple[str, str, bool, int], ...] = (
    ("present", AbsenceCategory.PRESENT, False, 0),
    ("late", AbsenceCategory.LATE, False, 1),  # minutes in AbsenceMark.minutes
    ("ill", AbsenceCategory.VALID, True, 2),  # giltig: sjukdom
    ("leave", AbsenceCategory.VALID, True, 3),  # giltig: beviljad ledighet
    ("valid_other", AbsenceCategory.VALID, True, 4),  # giltig: annat
    ("invalid", AbsenceCategory.INVALID, True, 5),  # ogiltig: no reason given (yet)
    ("reported", AbsenceCategory.REPORTED, True, 6),  # anmäld by a guardian in advance
    ("unknown", AbsenceCategory.UNKNOWN, False, 7),  # not yet marked
)


class ChronologyKind(StrEnum):
    """What one item of a pupil's chronology is (storage.chronology); the order here is the
    order within one instant, and the filter's order on the chronology screen."""

    MARK_CHANGE = "mark_change"  # a register slot changed: day, from, to
    CASE_EVENT = "case_event"  # a case opened, closed, reopened, honour mode on or off
    STEP = "step"  # a checklist step done, or marked not applicable
    CONTACT = "contact"  # an attempt to reach somebody
    ENTRY = "entry"  # a journal entry (or a correction of one)
    NOTICE = "notice"  # the same-day notice to guardians
    LEAVE = "leave"  # a leave request decided
    EXPORT = "export"  # an export of the pupil's data
    REPORT = "report"  # a report of concern filed with social services
    WARNING_SIGN = "warning_sign"  # a warning sign noted: which, when, by whom, own words
    WATCH = "watch"  # put on the watch list before a break, or taken off it
    ABSENCE = "absence"  # an absent day, from the register's marks: whole day or N lessons
    WHEREABOUTS = "whereabouts"  # absent days whose whereabouts are known, how and from whom
