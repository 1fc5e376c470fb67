"""The watch list: pupils at honour-related risk before a break, and the prevention case.

Before a lov the counsellor keeps a short list of pupils who may be taken abroad (DOMAIN.md
"Honour-related risk changes the rules"). Putting a pupil on the list needs a reason and may
name the break it concerns (a break of the pupil's own school); it opens a prevention case
(day 0: today) whose checklist never contacts the family, and sets "guardians must not be
contacted" on the pupil. Taking a pupil off needs a reason and closes the prevention case;
the marker stays, as only the counsellor knows when the family may be contacted again.

The list is reviewed before each break: from the N-th school day before the break begins
(N a rule setting, default 10) until the break begins, the review is due (review_due).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from storage import cases, checklist, notices, queries, records, rule_settings, warning_signs
from storage import models as m
from storage.case_lifecycle import close_case
from storage.clock import aware, now
from storage.codes import CalendarKind, CaseKind, CaseOutcome, CaseStatus, EntryKind
from storage.errors import InvalidValue, NotFound
from storage.register import calendar
from storage.school_calendar import SchoolCalendar
from storage.session import stored_id
from storage.text import sort_key
from storage.values import required
from storage.whereabouts import local_day

WATCH_LIST_KEY = "watch_list"
# The reason kept on the pupil's "guardians must not be contacted" marker (the UI words it).
MARKER_REASON = notices.WATCH_LIST_MARKER_REASON


@dataclass(frozen=True)
class WatchListSettings:
    """How many school days before a break the watch list's review is due."""

    review_school_days: int = 10

    def valid(self) -> bool:
        return 1 <= self.review_school_days <= 60


@dataclass(frozen=True)
class SchoolBreak:
    """One break of one school, with that school's own school days (for counting back)."""

    break_id: int
    school_id: int
    name: str
    starts_on: date
    ends_on: date
    school_days: SchoolCalendar = field(compare=False, repr=False)


def settings(session: Session) -> WatchListSettings:
    """The review setting kept in the journal, the stated default where none was kept."""
    return rule_settings.load(session, WATCH_LIST_KEY, WatchListSettings())


def save_settings(session: Session, value: WatchListSettings) -> None:
    """Keep a new review setting.

    Raises:
        InvalidValue: the number of school days is out of its range (nothing is kept).
    """
    if not value.valid():
        raise InvalidValue("review_school_days", "out_of_range")
    rule_settings.save(session, WATCH_LIST_KEY, value)


def review_starts(school_break: SchoolBreak, school_days: int) -> date:
    """The first day of the review: the `school_days`-th school day before the break at its
    own school (the last school day before the break is the first). Without enough school
    days in reach, the earliest one found (or the break's first day)."""
    day = school_break.starts_on
    for _ in range(school_days):
        earlier = school_break.school_days.previous_school_day(day)
        if earlier is None:
            break
        day = earlier
    return day


def review_due(
    today: date, breaks: list[SchoolBreak], value: WatchListSettings
) -> SchoolBreak | None:
    """The break whose review is due today: today is on or after its review's first day
    and before the break begins. Of several, the one that begins first."""
    due = [b for b in breaks if review_starts(b, value.review_school_days) <= today < b.starts_on]
    return min(due, key=lambda b: (b.starts_on, b.break_id), default=None)


def school_breaks(session: Session, today: date) -> list[SchoolBreak]:
    """Every break of every school that has not begun by `today`."""
    rows = session.exec(
        select(m.CalendarPeriod).where(
            m.CalendarPeriod.kind == CalendarKind.BREAK, m.CalendarPeriod.starts_on > today
        )
    ).all()
    calendars: dict[int, SchoolCalendar] = {}
    found = []
    for row in rows:
        if row.school_id not in calendars:
            calendars[row.school_id] = calendar(session, row.school_id)
        found.append(
            SchoolBreak(
                stored_id(row),
                row.school_id,
                row.name,
                row.starts_on,
                row.ends_on,
                calendars[row.school_id],
            )
        )
    return sorted(found, key=lambda b: (b.starts_on, b.break_id))


def due_review(session: Session, today: date) -> SchoolBreak | None:
    """The break whose watch-list review is due today, of any school served, if any."""
    return review_due(today, school_breaks(session, today), settings(session))


def breaks_for(session: Session, pupil_id: int, today: date) -> list[records.WatchBreak]:
    """The breaks of the pupil's own school that have not ended by `today` (the choices
    when putting the pupil on the list).

    Raises:
        NotFound: no such pupil.
    """
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    rows = session.exec(
        select(m.CalendarPeriod)
        .where(
            m.CalendarPeriod.school_id == pupil.school_id,
            m.CalendarPeriod.kind == CalendarKind.BREAK,
            m.CalendarPeriod.ends_on >= today,
        )
        .order_by(col(m.CalendarPeriod.starts_on))
    ).all()
    return [records.WatchBreak(stored_id(r), r.name, r.starts_on, r.ends_on) for r in rows]


def _open_entry(session: Session, pupil_id: int) -> m.WatchEntry | None:
    return session.exec(
        select(m.WatchEntry).where(
            m.WatchEntry.pupil_id == pupil_id, col(m.WatchEntry.ended_at).is_(None)
        )
    ).first()


def put_on(
    session: Session,
    actor: str,
    pupil_id: int,
    reason: str,
    break_id: int | None,
    today: date,
    *,
    template: checklist.ChecklistTemplate | None = None,
    at: datetime | None = None,
) -> records.WatchPutOn:
    """Put the pupil on the watch list: the entry, an honour-related prevention case opened
    today and linked to it, and "guardians must not be contacted" set on the pupil.

    Raises:
        NotFound: no such pupil.
        InvalidValue: no reason; the break is not a break of the pupil's own school; the
            pupil is on the list already; an open prevention case already.
    """
    reason = required(reason, "reason")
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    if break_id is not None:
        period = session.get(m.CalendarPeriod, break_id)
        if (
            period is None
            or period.kind != CalendarKind.BREAK
            or period.school_id != pupil.school_id
        ):
            raise InvalidValue("break_id", "not_a_break_of_the_school")
    if _open_entry(session, pupil_id) is not None:
        raise InvalidValue("pupil", "on_watch_list_already")
    at = at or now()
    case_id = cases.open_case(
        session,
        actor,
        pupil_id,
        CaseKind.PREVENTION,
        today,
        honour_related=True,
        at=at,
        template=template,
    )
    entry = m.WatchEntry(
        pupil_id=pupil_id,
        reason=reason,
        break_id=break_id,
        case_id=case_id,
        added_at=at,
        added_by=actor,
    )
    session.add(entry)
    notices.set_no_guardian_contact(session, pupil_id, True, MARKER_REASON)
    session.flush()
    return records.WatchPutOn(stored_id(entry), case_id)


def take_off(
    session: Session, actor: str, entry_id: int, reason: str, *, at: datetime | None = None
) -> None:
    """Take the pupil off the watch list, with the reason; the prevention case is closed
    (taken off the list) if it is still open.

    Raises:
        NotFound: no such entry.
        InvalidValue: no reason; the entry has ended already.
    """
    reason = required(reason, "reason")
    entry = session.get(m.WatchEntry, entry_id)
    if entry is None:
        raise NotFound("watch_entry")
    if entry.ended_at is not None:
        raise InvalidValue("watch_entry", "ended_already")
    at = at or now()
    entry.ended_at, entry.ended_by, entry.end_reason = at, actor, reason
    session.add(entry)
    if entry.case_id is not None:
        case = session.get(m.Case, entry.case_id)
        if case is not None and case.status == CaseStatus.OPEN:
            close_case(session, actor, entry.case_id, CaseOutcome.ENDED, reason, at=at)
    session.flush()


_WATCH_ROWS = f"""
SELECT w.id, w.pupil_id, p.first_name, p.last_name, cg.name AS class_name, w.reason,
       w.case_id, cp.name AS break_name, cp.starts_on AS break_starts_on,
       (SELECT COUNT(*) FROM checklist_step AS s
         WHERE s.case_id = w.case_id AND s.done_at IS NULL
           AND s.not_applicable_reason = '' AND s.due_on < :today) AS overdue
FROM watch_entry AS w
JOIN pupil AS p ON p.id = w.pupil_id
LEFT JOIN school_group AS cg ON cg.id = {queries.CURRENT_CLASS_ID}
LEFT JOIN calendar_period AS cp ON cp.id = w.break_id
WHERE w.ended_at IS NULL
"""


def watch_list(session: Session, today: date) -> list[records.WatchRow]:
    """The pupils on the list now: the soonest break first (no break last), then by name;
    each with the prevention case's steps overdue by `today`."""
    rows = session.connection().execute(text(_WATCH_ROWS), {"today": today.isoformat()}).all()
    found = [
        records.WatchRow(
            entry_id=r[0],
            pupil_id=r[1],
            first_name=r[2],
            last_name=r[3],
            class_name=r[4] or "",
            reason=r[5],
            case_id=r[6],
            break_name=r[7] or "",
            break_starts_on=date.fromisoformat(str(r[8])) if r[8] else None,
            overdue_steps=int(r[9]),
        )
        for r in rows
    ]
    return sorted(
        found,
        key=lambda w: (
            w.break_starts_on or date.max,
            sort_key(w.last_name),
            sort_key(w.first_name),
            w.entry_id,
        ),
    )


def watch_history(
    session: Session, entry_id: int, sign_list: warning_signs.SignList
) -> records.WatchHistory:
    """The watch-list entry's reason, break and start, with the pupil's warning signs
    (oldest first, each with its text in `sign_list`).

    Raises:
        NotFound: no such watch-list entry.
    """
    entry = session.get(m.WatchEntry, entry_id)
    if entry is None:
        raise NotFound("watch_entry")
    period = session.get(m.CalendarPeriod, entry.break_id) if entry.break_id else None
    signs = warning_signs.pupil_signs(session, entry.pupil_id, sign_list)
    return records.WatchHistory(
        reason=entry.reason,
        break_name=period.name if period is not None else "",
        added_on=local_day(aware(entry.added_at)),
        added_by=entry.added_by,
        signs=tuple(reversed(signs)),
    )


def open_missing_case(
    session: Session,
    actor: str,
    pupil_id: int,
    day0: date,
    history_text: Callable[[records.WatchHistory], str],
    sign_list: warning_signs.SignList,
    *,
    template: checklist.ChecklistTemplate | None = None,
) -> int:
    """Open a missing-pupil case (however the pupil was flagged); returns its id.

    For a pupil on the watch list the worry is honour-related by what the list already
    knows: the case is honour-related (its checklist never contacts the family), gets
    `history_text(history)` as a journal entry on the case (its signs worded by
    `sign_list`), and the pupil keeps (or gets) "guardians must not be contacted".

    Raises:
        NotFound: no such pupil.
        InvalidValue: the pupil has an open missing-pupil case already.
    """
    entry = _open_entry(session, pupil_id)
    case_id = cases.open_case(
        session,
        actor,
        pupil_id,
        CaseKind.MISSING,
        day0,
        honour_related=entry is not None,
        at=None,
        template=template,
    )
    if entry is None:
        return case_id
    history = watch_history(session, stored_id(entry), sign_list)
    cases.add_entry(
        session,
        actor,
        pupil_id,
        history_text(history),
        kind=EntryKind.NOTE,
        case_id=case_id,
        at=None,
    )
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is not None and not pupil.no_guardian_contact:
        notices.set_no_guardian_contact(session, pupil_id, True, MARKER_REASON)
    return case_id


_OPEN_ENTRIES = """
SELECT w.pupil_id, w.id FROM watch_entry AS w WHERE w.ended_at IS NULL ORDER BY w.added_at, w.id
"""


def open_entries(session: Session) -> dict[int, int]:
    """The open watch-list entry of each pupil on the list now (the latest, should a pupil
    have two), by pupil id."""
    rows = session.connection().execute(text(_OPEN_ENTRIES)).all()
    return {pupil_id: entry_id for pupil_id, entry_id in rows}


def spans(session: Session) -> dict[int, list[tuple[date, date | None]]]:
    """Each pupil's times on the list, as Swedish days: (put on, taken off or None)."""
    found: dict[int, list[tuple[date, date | None]]] = {}
    for entry in session.exec(select(m.WatchEntry)).all():
        ended = local_day(aware(entry.ended_at)) if entry.ended_at is not None else None
        found.setdefault(entry.pupil_id, []).append((local_day(aware(entry.added_at)), ended))
    return found
