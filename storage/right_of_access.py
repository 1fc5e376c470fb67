"""Everything the journal holds about one pupil, as one JSON document, for a request of access.

A pupil (or a guardian for them) may ask what is kept about them (GDPR art. 15). The
document holds every row about the pupil, the way the journal keeps it: the pupil, guardians
and how they are linked, class memberships, sibling links, absence marks and their history,
same-day notices, leave, "whereabouts known", journal entries with their corrections, contacts,
cases with their checklist steps and events, reports of concern and their drafts, exports,
and the audit trail's events about those rows. Nothing is summarised or left out except
addresses a protected identity forbids: never the pupil's address when the pupil has
protected identity, never a protected guardian's, and, for a protected pupil, no guardian's
address at all (the child lives with them). The audit events lose the same address fields.

The counsellor reviews the file before it is handed over: third persons in it (guardians,
siblings, people named in notes) are weighed under OSL's secrecy rules. The document says so
in its `format` key, which also describes every other key.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, SQLModel, col, select

from storage import models as m
from storage.errors import NotFound
from storage.identity import parse
from storage.protected_identity import ADDRESS_FIELDS, may_hold_address
from storage.records_deletion import rows_about
from storage.session import stored_id

FORMAT_NAME = "saknad-right-of-access"
FORMAT_VERSION = 1

SECTIONS = {
    "format": "This description: the format's name and version, and what each key holds.",
    "exported_at": "When the file was written (UTC, ISO 8601).",
    "pupil": "The pupil as the journal keeps them; no address with protected identity.",
    "school": "The school the pupil belongs to.",
    "guardians": "Guardians and other adults linked to the pupil, each with the link "
    "(relation, custody, lives with); no address of a protected guardian, and none at all "
    "when the pupil has protected identity.",
    "class_memberships": "Classes and groups the pupil was in, with the dates.",
    "sibling_links": "Siblings entered by hand, from the pupil and to the pupil.",
    "absence_marks": "Every absence mark in the register (everybody is present unless marked).",
    "mark_history": "Every change of a register slot: from what, to what, who and when.",
    "absence_notices": "Same-day notices to guardians about absence (skollagen 7 kap. 17 §).",
    "leave_requests": "Applications for leave of absence and their decisions.",
    "whereabouts_known": "Days the pupil's whereabouts were known although absent.",
    "journal_entries": "Notes in the pupil's chronology; a correction names the entry it "
    "corrects (corrects_id) and both are kept.",
    "contact_attempts": "Attempts to reach somebody about the pupil.",
    "cases": "Missing-pupil and problematic-absence cases, each with its checklist steps "
    "and its events.",
    "concern_reports": "Reports of concern (orosanmälan) made to social services.",
    "report_drafts": "Reports of concern being written.",
    "exports": "Every file about the pupil that left the journal: when, what, why, for "
    "whom, where to, and its SHA-256.",
    "warning_signs": "Warning signs noted about the pupil: which, when, by whom, and the "
    "pupil's own words.",
    "watch_list": "The pupil on the watch list before a break: why, the break, when added "
    "and when and why taken off.",
    "audit_events": "The audit trail's events about the rows above: every insert, update "
    "and delete with the old and new values (addresses left out as above).",
    "review_before_handing_over": "The counsellor weighs third persons' data in this file "
    "(guardians, siblings, people named in notes) under OSL before handing it over.",
}


def pupil_id_for(session: Session, pupil: str) -> int:
    """The journal id of the pupil named by `pupil`: the journal's id (digits, at most 9) or
    an identity number (10 or 12 digits, with or without a separator).

    Raises:
        NotFound: no such pupil.
        InvalidIdentityNumber: neither an id nor a valid identity number.
    """
    wanted = pupil.strip()
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 9:
        if session.get(m.Pupil, int(wanted)) is None:
            raise NotFound("no pupil with that id")
        return int(wanted)
    number = parse(wanted).normalised
    found = session.exec(
        select(m.Pupil.id).where(col(m.Pupil.identity_number) == number)
    ).one_or_none()
    if found is None:
        raise NotFound("no pupil with that identity number")
    return found


# Channels whose "number or address" is a place: a home visit's address, a letter's.
_ADDRESSED_CHANNELS = {m.ContactChannel.HOME_VISIT, m.ContactChannel.LETTER}


def _plain(row: SQLModel, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    values = row.model_dump(mode="json")
    for name in without:
        values.pop(name, None)
    return values


def _rows(session: Session, model, *conditions) -> list:
    return list(session.exec(select(model).where(*conditions).order_by(col(model.id))).all())


def _guardians(
    session: Session,
    pupil_id: int,
    pupil_protected: bool,
    hide: dict[tuple[str, int], tuple[str, ...]],
) -> list[dict[str, Any]]:
    """The pupil's guardians with their links; a guardian whose address the file must not
    give back (either is protected) is shown without it and added to `hide`."""
    links = _rows(session, m.PupilGuardian, col(m.PupilGuardian.pupil_id) == pupil_id)
    result = []
    for link in links:
        guardian = session.get(m.Guardian, link.guardian_id)
        if guardian is None:
            continue
        hidden = pupil_protected or not may_hold_address(guardian.security_marking)
        if hidden:
            hide[("guardian", link.guardian_id)] = ADDRESS_FIELDS
        result.append(
            {
                **_plain(guardian, without=ADDRESS_FIELDS if hidden else ()),
                "link": _plain(link, without=("pupil_id", "guardian_id")),
            }
        )
    return result


def _cases(session: Session, pupil_id: int) -> list[dict[str, Any]]:
    result = []
    for case in _rows(session, m.Case, col(m.Case.pupil_id) == pupil_id):
        result.append(
            {
                **_plain(case),
                "steps": [
                    _plain(step)
                    for step in _rows(
                        session, m.ChecklistStep, col(m.ChecklistStep.case_id) == case.id
                    )
                ],
                "events": [
                    _plain(event)
                    for event in _rows(session, m.CaseEvent, col(m.CaseEvent.case_id) == case.id)
                ],
            }
        )
    return result


def _audit_events(
    session: Session, pupil_id: int, hide_addresses: dict[tuple[str, int], tuple[str, ...]]
):
    """The trail's events about the pupil's rows, oldest first; the fields `hide_addresses`
    names for a (table, row id) pair dropped from that row's events."""
    connection = session.connection()
    events = []
    with rows_about(connection, [pupil_id]):
        rows = connection.execute(
            text(
                "SELECT id, at, actor, action, table_name, row_id, changes FROM audit_event a "
                "WHERE row_id IS NOT NULL AND EXISTS (SELECT 1 FROM retention_row r "
                "WHERE r.table_name = a.table_name AND r.row_id = a.row_id) ORDER BY id"
            )
        ).all()
    for event_id, at, actor, action, table_name, row_id, changes in rows:
        try:
            parsed = json.loads(changes) if changes else {}
        except ValueError:
            parsed = changes
        if isinstance(parsed, dict):
            for field in hide_addresses.get((table_name, row_id), ()):
                parsed.pop(field, None)
        events.append(
            {
                "id": event_id,
                "at": at if isinstance(at, str) else _iso(at),
                "actor": actor,
                "action": action,
                "table": table_name,
                "row_id": row_id,
                "changes": parsed,
            }
        )
    return events


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def document(session: Session, pupil_id: int, exported_at: datetime) -> dict[str, Any]:
    """Everything about the pupil `pupil_id`, as a JSON-ready dict (see SECTIONS).

    Raises:
        NotFound: no such pupil.
    """
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("no such pupil")
    protected = not may_hold_address(pupil.security_marking)
    school = session.get(m.School, pupil.school_id) if pupil.school_id is not None else None
    of_pupil = {
        model: _rows(session, model, col(model.pupil_id) == pupil_id)
        for model in (
            m.GroupMembership,
            m.AbsenceMark,
            m.MarkChange,
            m.AbsenceNotice,
            m.LeaveRequest,
            m.WhereaboutsKnown,
            m.JournalEntry,
            m.ContactAttempt,
            m.ConcernReport,
            m.ReportDraft,
            m.ExportRecord,
            m.WarningSign,
            m.WatchEntry,
        )
    }
    memberships = []
    for membership in of_pupil[m.GroupMembership]:
        group = session.get(m.SchoolGroup, membership.group_id)
        memberships.append(
            {
                **_plain(membership),
                "group": group.name if group else "",
                "group_type": group.group_type if group else "",
            }
        )
    links = _rows(
        session,
        m.SiblingLink,
        (col(m.SiblingLink.pupil_id) == pupil_id)
        | (col(m.SiblingLink.sibling_pupil_id) == pupil_id),
    )
    # Addresses the file must not give back: the pupil's when protected, each linked
    # guardian's when either is protected, and where a protected pupil was visited or
    # written to (a contact's address).
    hide: dict[tuple[str, int], tuple[str, ...]] = {}
    if protected:
        hide[("pupil", pupil_id)] = ADDRESS_FIELDS
    guardians = _guardians(session, pupil_id, protected, hide)
    contacts = []
    for attempt in of_pupil[m.ContactAttempt]:
        if protected and attempt.channel in _ADDRESSED_CHANNELS:
            hide[("contact_attempt", stored_id(attempt))] = ("number_or_address",)
            contacts.append(_plain(attempt, without=("number_or_address",)))
        else:
            contacts.append(_plain(attempt))
    return {
        "format": {
            "name": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "description": "Everything the Saknad journal holds about one pupil, for a "
            "request of access. Dates are ISO 8601; times are UTC.",
            "keys": SECTIONS,
        },
        "exported_at": exported_at.isoformat(),
        "pupil": _plain(pupil, without=ADDRESS_FIELDS if protected else ()),
        "school": _plain(school) if school is not None else None,
        "guardians": guardians,
        "class_memberships": memberships,
        "sibling_links": [_plain(link) for link in links],
        "absence_marks": [_plain(row) for row in of_pupil[m.AbsenceMark]],
        "mark_history": [_plain(row) for row in of_pupil[m.MarkChange]],
        "absence_notices": [_plain(row) for row in of_pupil[m.AbsenceNotice]],
        "leave_requests": [_plain(row) for row in of_pupil[m.LeaveRequest]],
        "whereabouts_known": [_plain(row) for row in of_pupil[m.WhereaboutsKnown]],
        "journal_entries": [_plain(row) for row in of_pupil[m.JournalEntry]],
        "contact_attempts": contacts,
        "cases": _cases(session, pupil_id),
        "concern_reports": [_plain(row) for row in of_pupil[m.ConcernReport]],
        "report_drafts": [_plain(row) for row in of_pupil[m.ReportDraft]],
        "exports": [_plain(row) for row in of_pupil[m.ExportRecord]],
        "warning_signs": [_plain(row) for row in of_pupil[m.WarningSign]],
        "watch_list": [_plain(row) for row in of_pupil[m.WatchEntry]],
        "audit_events": _audit_events(session, pupil_id, hide),
        "review_before_handing_over": True,
    }


def document_bytes(content: dict[str, Any]) -> bytes:
    """The document as the file holds it: UTF-8 JSON, indented, å/ä/ö as letters."""
    return (json.dumps(content, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode(
        "utf-8"
    )
