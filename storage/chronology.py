"""A pupil's chronology: everything that happened to the pupil in the journal, newest first.

One list merged from the tables that keep it: absent days (from the register's marks
themselves, so a register filled in bulk or imported shows too), register mark changes (who
changed what), case events, checklist steps done or not applicable (a school's own step with
its own words, a step about a sibling at another school with the sibling and whom the
counsellor spoke with), contact attempts, journal entries (a correction names the entry it
corrects), same-day notices, leave decisions, exports, "whereabouts known" records and
warning signs noted. Each item is data (codes, values, the words a person wrote); the screen
words it.

An absent day is one item per day, whatever its marks: the whole day, or the number of
lessons, with the absence codes of the day. Its changes, where the register recorded them,
stay items of their own (who changed what, and when); as the day counts as its end (below),
the day's summary reads first and the changes made that day follow it.

Order: newest first. A day-level item (an absent day, a leave decided on a date) counts as
the end of that day in the school's time zone, so it comes before everything else of that
day; within one instant the order of codes.ChronologyKind, then the newest row first.
Read-only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time
from pathlib import Path

from sqlmodel import Session, col, select

from storage import checklist, records, warning_signs
from storage import models as m
from storage.clock import aware
from storage.codes import ChronologyKind
from storage.errors import NotFound, TemplateInvalid
from storage.session import stored_id
from storage.whereabouts import SCHOOL_TIME_ZONE

# A step item's `after`: done, or marked not applicable (its `text` is the reason).
STEP_DONE = "done"
STEP_NOT_APPLICABLE = "not_applicable"

_KIND_ORDER = {kind: index for index, kind in enumerate(ChronologyKind)}


def pupil_chronology(
    session: Session, pupil_id: int, folder: Path | None = None
) -> list[records.ChronologyItem]:
    """Everything that happened to the pupil, newest first (see the module's order).

    `folder` is the data folder, whose checklists/ may hold the school's own templates (the
    words of the school's own steps); None: the built-in templates only.

    Raises:
        NotFound: no such pupil.
    """
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    case_kinds = {
        stored_id(case): case.kind
        for case in session.exec(select(m.Case).where(m.Case.pupil_id == pupil_id)).all()
    }
    case_ids = list(case_kinds)
    items = [
        *_absent_days(session, pupil_id),
        *_mark_changes(session, pupil_id),
        *_case_events(session, case_ids),
        *_steps(session, case_kinds, folder),
        *_contacts(session, pupil_id),
        *_entries(session, pupil_id),
        *_notices(session, pupil_id),
        *_leave_decisions(session, pupil_id),
        *_exports(session, pupil_id),
        *_concern_reports(session, pupil_id),
        *_whereabouts_known(session, pupil_id),
        *_warning_signs(session, pupil_id, folder),
        *_watch_entries(session, pupil_id),
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


def _absent_days(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    """One item per day with a mark that counts as absence: the whole day, or N lessons."""
    rows = session.exec(
        select(m.AbsenceMark)
        .join(m.AbsenceCode, col(m.AbsenceCode.code) == col(m.AbsenceMark.code))
        .where(m.AbsenceMark.pupil_id == pupil_id, col(m.AbsenceCode.counts_as_absence))
    ).all()
    by_day: dict[date, list[m.AbsenceMark]] = defaultdict(list)
    for row in rows:
        by_day[row.on_date].append(row)
    items = []
    for day, marks in by_day.items():
        whole_day = [mark for mark in marks if mark.lesson is None]
        # A whole-day mark is the day; lesson marks beside it are not counted twice.
        counted = whole_day or marks
        codes = tuple(code for code, _n in Counter(mk.code for mk in counted).most_common())
        notes = " ".join(dict.fromkeys(mk.note for mk in counted if mk.note))
        items.append(
            records.ChronologyItem(
                when=day,
                kind=ChronologyKind.ABSENCE,
                code=codes[0],
                who="",
                source_id=min(stored_id(mk) for mk in counted),
                day=day,
                text=notes,
                lessons=0 if whole_day else len({mk.lesson for mk in marks}),
                codes=codes,
            )
        )
    return items


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
            lesson=r.lesson,
        )
        for r in rows
    ]


def _case_events(session: Session, case_ids: list[int]) -> list[records.ChronologyItem]:
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


def _steps(
    session: Session, case_kinds: dict[int, str], folder: Path | None
) -> list[records.ChronologyItem]:
    rows = session.exec(
        select(m.ChecklistStep, m.SiblingLink)
        .join(
            m.SiblingLink,
            col(m.SiblingLink.id) == col(m.ChecklistStep.sibling_link_id),
            isouter=True,
        )
        .where(
            col(m.ChecklistStep.case_id).in_(list(case_kinds)),
            col(m.ChecklistStep.done_at).is_not(None),
        )
    ).all()
    templates = _templates(set(case_kinds.values()), folder)
    items = []
    for r, sibling in rows:
        assert r.done_at is not None  # the query asks for done steps only
        not_applicable = bool(r.not_applicable_reason)
        template = templates[case_kinds[r.case_id]].step(r.step_code)
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
                label=template.text if template else "",
                sibling=_sibling_words(sibling) if sibling else "",
                counterpart=r.spoke_with,
            )
        )
    return items


def _templates(kinds: set[str], folder: Path | None) -> dict[str, checklist.ChecklistTemplate]:
    """Each case kind's template: the school's own file if valid, else the built-in one (a
    file with an error keeps the chronology readable; the case screen names the error)."""
    templates = {}
    for kind in kinds:
        try:
            templates[kind] = checklist.load_template(kind, folder)
        except TemplateInvalid:
            templates[kind] = checklist.built_in(kind)
    return templates


def _sibling_words(sibling: m.SiblingLink) -> str:
    """A sibling as recorded: the name, then the school."""
    return ", ".join(part for part in (sibling.name, sibling.school_name) if part)


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
            counterpart=r.counterpart,
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


def _concern_reports(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(select(m.ConcernReport).where(m.ConcernReport.pupil_id == pupil_id)).all()
    return [
        records.ChronologyItem(
            when=aware(r.reported_at),
            kind=ChronologyKind.REPORT,
            code=r.channel,
            who=r.reported_by,
            source_id=stored_id(r),
            text=r.reference,
            case_id=r.case_id,
            counterpart=r.recipient,
        )
        for r in rows
    ]


def _whereabouts_known(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    rows = session.exec(
        select(m.WhereaboutsKnown).where(m.WhereaboutsKnown.pupil_id == pupil_id)
    ).all()
    return [
        records.ChronologyItem(
            when=aware(r.recorded_at),
            kind=ChronologyKind.WHEREABOUTS,
            code="",
            who=r.recorded_by,
            source_id=stored_id(r),
            day=r.from_date,
            until=r.to_date,
            text=r.how,
            counterpart=r.source,
        )
        for r in rows
    ]


def _warning_signs(
    session: Session, pupil_id: int, folder: Path | None
) -> list[records.ChronologyItem]:
    """Warning signs noted (storage.warning_signs): when noted, with the day observed (`day`),
    who observed it (`counterpart`), the pupil's own words (`before`) and the note (`text`);
    `label` is the sign's text in the school's list."""
    return [
        records.ChronologyItem(
            when=r.recorded_at,
            kind=ChronologyKind.WARNING_SIGN,
            code=r.sign_code,
            who=r.recorded_by,
            source_id=r.id,
            day=r.observed_on,
            before=r.own_words,
            text=r.note,
            label=r.label,
            counterpart=r.observed_by,
        )
        for r in warning_signs.pupil_signs(
            session, pupil_id, warning_signs.readable_sign_list(folder)
        )
    ]


# A watch item's `code`: put on the watch list, or taken off it.
WATCH_PUT_ON = "put_on"
WATCH_TAKEN_OFF = "taken_off"


def _watch_entries(session: Session, pupil_id: int) -> list[records.ChronologyItem]:
    """Put on the watch list (the reason, the break's first day) and taken off (the reason);
    taken off is listed first, so that within one instant it still reads as the newer."""
    rows = session.exec(
        select(m.WatchEntry, m.CalendarPeriod)
        .join(
            m.CalendarPeriod,
            col(m.CalendarPeriod.id) == col(m.WatchEntry.break_id),
            isouter=True,
        )
        .where(m.WatchEntry.pupil_id == pupil_id)
    ).all()
    items = []
    for entry, period in rows:
        if entry.ended_at is not None:
            items.append(
                records.ChronologyItem(
                    when=aware(entry.ended_at),
                    kind=ChronologyKind.WATCH,
                    code=WATCH_TAKEN_OFF,
                    who=entry.ended_by,
                    source_id=stored_id(entry),
                    text=entry.end_reason,
                    case_id=entry.case_id,
                )
            )
        items.append(
            records.ChronologyItem(
                when=aware(entry.added_at),
                kind=ChronologyKind.WATCH,
                code=WATCH_PUT_ON,
                who=entry.added_by,
                source_id=stored_id(entry),
                day=period.starts_on if period is not None else None,
                text=entry.reason,
                case_id=entry.case_id,
                counterpart=period.name if period is not None else "",
            )
        )
    return items
