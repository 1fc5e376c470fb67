"""What a report of concern (orosanmälan) says: plain, read-only data, no rendering.

storage.report_of_concern reads these from the journal; tui.render turns them into Markdown,
JSON and PDF. Everything here is data a counsellor or an import wrote: a renderer must print
it as written, never read it as markup. Codes (channels, outcomes, step codes) stay codes;
the renderer words them in the reader's language.

Every item the counsellor may leave out carries a `key` ("entry:12", "contact:4",
"step:7", ...), stable across visits, which the draft keeps in its `left_out` list.
An address is never here for a person with protected identity: it is None, and the
renderers print nothing in its place (not even "protected").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class WorrySource(StrEnum):
    """Who an item of the worry comes from: DOMAIN.md asks to keep these apart."""

    REPORTER = "reporter"  # what the reporter saw or heard themselves
    OTHERS = "others"  # what others said (who and when in `by` and `at`)
    CHILD = "child"  # the child's own words


class DraftState(StrEnum):
    """Where a draft is on its way to social services (derived, never stored)."""

    DRAFT = "draft"  # being written
    EXPORTED = "exported"  # written to a file at least once, not yet recorded as filed
    FILED = "filed"  # recorded as made to social services


class ActionKind(StrEnum):
    """What kind of thing the school did, for the actions list in time order."""

    STEP = "step"  # a checklist step done or not applicable (code: the step code)
    CONTACT = "contact"  # a contact attempt (code: the channel)
    CASE_EVENT = "case_event"  # a case opened, closed, reopened, honour mode (code: action)
    MEETING = "meeting"  # a journal entry of kind meeting or decision (code: entry kind)
    WATCH = "watch"  # put on or taken off the watch list (code: put_on / taken_off)


@dataclass(frozen=True)
class ReportChild:
    name: str
    identity_number: str  # as printed: YYYYMMDD-NNNN
    temporary_number: bool  # a school's temporary number, not a personnummer
    birth_date: date | None
    age: int | None  # whole years on the day of the report
    address: str | None  # None: unknown, or never with protected identity
    protected_identity: bool  # the renderers say nothing about where the child lives
    school: str
    class_name: str


@dataclass(frozen=True)
class ReportSibling:
    key: str  # "sibling:<pupil id>" or "link:<sibling link id>"
    name: str
    age: int | None
    school: str  # this school, another school named on the link, or "" unknown
    class_name: str
    report: str  # this sibling's own report: "" none, DraftState.DRAFT or DraftState.FILED


@dataclass(frozen=True)
class ReportGuardian:
    key: str  # "guardian:<id>"
    name: str
    relation: str  # storage.codes.Relation
    phone: str
    email: str
    address: str | None  # None: unknown, or never with protected identity
    interpreter_needed: bool
    language: str


@dataclass(frozen=True)
class WorryItem:
    key: str  # "entry:<id>", "contact:<id>", "sign:<id>" or "sign_words:<id>"
    at: datetime
    source: WorrySource
    by: str  # who saw, heard or said it (a name, as written; "" when not written)
    text: str
    by_kind: str = ""  # who said it, as a storage.codes.Counterpart (what others said)
    # A warning sign noted (storage.warning_signs): its code, its text in the school's list
    # (the renderer words a code it knows) and the day it was observed; `text` is the note.
    sign_code: str = ""
    sign_label: str = ""
    observed_on: date | None = None


@dataclass(frozen=True)
class ReportWhereabouts:
    """For a missing pupil: where the child is now, as far as the school knows."""

    missing: bool  # an open missing-pupil case: whereabouts unknown
    last_school_day: date | None
    last_contact: datetime | None  # the last contact with the child; None: not known
    whereabouts: str
    suspected_country: str
    expected_return: date | None
    refused_leave: bool | None  # None: not known
    source: str


@dataclass(frozen=True)
class ReportAction:
    key: str  # "step:<id>", "contact:<id>", "case_event:<id>", "entry:<id>", "watch:<id>",
    # "watch_off:<id>"
    at: datetime
    kind: ActionKind
    code: str  # the step code, channel, case action or entry kind
    counterpart: str  # whom: a guardian's name, "Socialtjänsten", a sibling's school
    outcome: str  # a contact's outcome code; a step's "done" or "not_applicable"; a case
    # event's close outcome
    detail: str  # what a person wrote: the note, the step's outcome or why not applicable
    by: str
    title: str = ""  # a step's words in the school's template, or the sibling it is about;
    # a contact's counterpart kind (storage.codes.Counterpart)


@dataclass(frozen=True)
class EarlierReport:
    key: str  # "report:<id>"
    reported_at: datetime
    channel: str  # storage.codes.ContactChannel
    recipient: str
    reference: str
    investigation_opened: bool | None


@dataclass(frozen=True)
class Reporter:
    """A reporter in a school is never anonymous: name, role, school, phone."""

    name: str
    role: str
    school: str
    phone: str
    email: str


@dataclass(frozen=True)
class ReportOfConcern:
    """One report, about one child."""

    draft_id: int
    pupil_id: int  # the child the report is about (an export is recorded under this child)
    case_id: int | None  # the case it was started from, if any
    made_at: datetime  # when this text was put together (the export's date and time)
    child: ReportChild
    siblings: tuple[ReportSibling, ...]
    guardians: tuple[ReportGuardian, ...]
    worry: str  # the worry in the counsellor's words (the draft's own text)
    since_when: str
    acute_danger: bool | None
    honour_related: bool
    worry_items: tuple[WorryItem, ...]  # in time order; renderers group them by source
    whereabouts: ReportWhereabouts | None  # None: not a missing-pupil report
    actions: tuple[ReportAction, ...]  # in time order
    guardians_informed: bool | None  # always False when honour_related
    child_informed: bool | None
    earlier_reports: tuple[EarlierReport, ...]
    reporter: Reporter
    left_out: tuple[str, ...]  # keys the counsellor chose not to include (already removed)
