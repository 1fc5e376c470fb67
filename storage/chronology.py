"""A pupil's chronology: everything that happened to the pupil in the journal, newest first.

One list merged from the tables that keep it: register mark changes, case events, checklist
steps done or not applicable, contact attempts, journal entries (a correction names the entry
it corrects), same-day notices, leave decisions and exports. Each item is data (codes, values,
the words a person wrote); the screen words it in the active language.

Order: newest first. A day-level item (a leave decided on a date) counts as the end of that
day in the school's time zone, so it comes before everything else of that day; within one
instant the order of codes.ChronologyKind, then the newest row first. Read-only.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.clock import aware
from storage.codes import ChronologyKind
from storage.errors import NotFound
from storage.session import stored_id
from storage.whereabouts import SCHOOL_TIME_ZONE

# A step item's `after`: done, or marked not applicable (its `text` is the reason).
STEP_DONE = "done"
STEP_NOT_APPLICABLE = "not_applicable"

_KIND_ORDER = {kind: index for index, kind in enumerate(ChronologyKind)}


def pupil_chronology(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    """Everything that happened to the pupil, newest first (see the module's order).

    Raises:
        NotFound: no such pupil.
    """
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    case_ids = list(session.exec(select(m.Case.id).where(m.Case.pupil_id == pupil_id)).all())
    items = [
        *_mark_changes(session, pupil_id),
        *_case_events(session, case_ids),
        *_steps(session, case_ids),
        *_contacts(session, pupil_id),
        *_entries(session, pupil_id),
        *_notices(session, pupil_id),
        *_leave_decisions(session, pupil_id),
        *_exports(session, pupil_id),
    ]
    return sorted(items, key=_newest_first)


def _newest_first(item: records.ChronologyItem) -> tuple[float, int, int]:
    return (
        -_instant(item.when).timestamp(),
        _KIND_ORDER[ChronologyKind(item.kind)],
        -item.source_id,
    )


def _instant(when: datetime | date) -> datetime:
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, time.max, SCHOOL_TIME_ZONE)


def _mark_changes(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(select(m.MarkChange).where(m.MarkChange.pupil_id == pupil_id)).all()
    return [
        records.ChronologyItem(
            when=aware(r.at),
            kind=ChronologyKind.MARK_CHANGE,
            code=r.new_code or "",
            who=r.actor,
            source_id=stored_id(r),
            day=r.on_date,
            before=r.old_code or "",
            after=r.new_code or "",
            text=r.note,
        )
        for r in rows
    ]


def _case_events(session: Session, case_ids: list[int | None]) -> list[records.ChronologyItem]:
    rows = session.exec(select(m.CaseEvent).where(col(m.CaseEvent.case_id).in_(case_ids))).all()
    return [
        records.ChronologyItem(
            when=aware(r.at),
            kind=ChronologyKind.CASE_EVENT,
            code=r.action,
            who=r.actor,
            source_id=stored_id(r),
            after=r.outcome,
            text=r.reason,
            case_id=r.case_id,
        )
        for r in rows
    ]


def _steps(session: Session, case_ids: list[int | None]) -> list[records.ChronologyItem]:
    rows = session.exec(
        select(m.ChecklistStep).where(
            col(m.ChecklistStep.case_id).in_(case_ids), col(m.ChecklistStep.done_at).is_not(None)
        )
    ).all()
    items = []
    for r in rows:
        assert r.done_at is not None  # the query asks for done steps only
        not_applicable = bool(r.not_applicable_reason)
        items.append(
            records.ChronologyItem(
                when=aware(r.done_at),
                kind=ChronologyKind.STEP,
                code=r.step_code,
                who=r.done_by,
                source_id=stored_id(r),
                after=STEP_NOT_APPLICABLE if not_applicable else STEP_DONE,
                text=r.not_applicable_reason if not_applicable else r.outcome,
                case_id=r.case_id,
            )
        )
    return items


def _contacts(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(
        select(m.ContactAttempt).where(m.ContactAttempt.pupil_id == pupil_id)
    ).all()
    return [
        records.ChronologyItem(
            when=aware(r.at),
            kind=ChronologyKind.CONTACT,
            code=r.outcome,
            who=r.recorded_by,
            source_id=stored_id(r),
            before=r.channel,
            after=r.counterpart_kind,
            text=r.note,
            case_id=r.case_id,
        )
        for r in rows
    ]


def _entries(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(select(m.JournalEntry).where(m.JournalEntry.pupil_id == pupil_id)).all()
    return [
        records.ChronologyItem(
            when=aware(r.at),
            kind=ChronologyKind.ENTRY,
            code=r.kind,
            who=r.author,
            source_id=stored_id(r),
            text=r.text,
            case_id=r.case_id,
            corrects_id=r.corrects_id,
        )
        for r in rows
    ]


def _notices(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(select(m.AbsenceNotice).where(m.AbsenceNotice.pupil_id == pupil_id)).all()
    return [
        records.ChronologyItem(
            when=aware(r.at),
            kind=ChronologyKind.NOTICE,
            code=r.outcome,
            who=r.recorded_by,
            source_id=stored_id(r),
            day=r.on_date,
            before=r.channel,
            text=r.reason,
        )
        for r in rows
    ]


def _leave_decisions(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(
        select(m.LeaveRequest).where(
            m.LeaveRequest.pupil_id == pupil_id, col(m.LeaveRequest.decided_on).is_not(None)
        )
    ).all()
    items = []
    for r in rows:
        assert r.decided_on is not None  # the query asks for decided requests only
        items.append(
            records.ChronologyItem(
                when=r.decided_on,
                kind=ChronologyKind.LEAVE,
                code=r.status,
                who=r.decided_by,
                source_id=stored_id(r),
                day=r.starts_on,
                until=r.ends_on,
                text=r.reason,
            )
        )
    return items


def _exports(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(select(m.ExportRecord).where(m.ExportRecord.pupil_id == pupil_id)).all()
    return [
        records.ChronologyItem(
            when=aware(r.at),
            kind=ChronologyKind.EXPORT,
            code=r.format,
            who=r.exported_by,
            source_id=stored_id(r),
            text=r.purpose,
            case_id=r.case_id,
        )
        for r in rows
    ]
