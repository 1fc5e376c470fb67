"""Leave of absence (ledighet): requests, decisions, the register they fill, the year's total.

A granted request fills the register as valid leave: each school day of the pupil's own school
in the range gets a whole-day mark "leave" with source MarkSource.LEAVE, written through
storage.marks.write_marks, so every slot it touches keeps its history.

What a grant does to a day that already holds marks (decided here, tested in test_leave.py):
- marks of absence without a valid reason (categories invalid, unknown, reported) give way:
  the whole-day slot becomes leave, and lesson marks of those categories are cleared;
- a day that holds any other mark (present, late, or a valid reason such as illness) is left
  as it is: the register saw the pupil, or the absence already has its reason.

When a grant is withdrawn (the request becomes refused or pending again), each slot in the
range that the grant was the last to change goes back to what it held before the grant (read
from its MarkChange history); a slot changed by somebody after the grant is left alone.

Short leave is at most 10 school days a school year (skollagen 7 kap. 18 §): the total is
shown against that ceiling as a warning, never as a block.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.codes import AbsenceCategory, LeaveStatus, MarkSource
from storage.errors import NotFound
from storage.marks import MarkWrite, write_marks
from storage.register import calendar
from storage.school_calendar import SchoolCalendar, school_year_of
from storage.session import stored_id
from storage.values import choice, date_range

LEAVE_CODE = "leave"
"""The absence code granted leave fills the register with (codes.DEFAULT_ABSENCE_CODES)."""

SHORT_LEAVE_CEILING = 10
"""School days of short leave a school year the law allows (skollagen 7 kap. 18 §)."""

# Marks that a grant replaces: absence that has no valid reason (yet).
_GIVES_WAY = {AbsenceCategory.INVALID, AbsenceCategory.UNKNOWN, AbsenceCategory.REPORTED}


def add_leave_request(
    session: Session,
    actor: str,
    pupil_id: int,
    starts_on: date,
    ends_on: date,
    *,
    status: str,
    destination: str,
    reason: str,
    decided_on: date | None,
    decided_by: str,
) -> int:
    """Record an application for leave of absence (ledighetsansökan) and its decision.

    A request recorded as granted fills the register at once (see the module's docstring).

    Raises:
        NotFound: no such pupil.
        InvalidValue: the leave ends before it starts, or an unknown status.
    """
    status = choice(status, LeaveStatus, "status")
    date_range(starts_on, ends_on, "ends_on")
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    request = m.LeaveRequest(
        pupil_id=pupil_id,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        destination=destination.strip(),
        reason=reason.strip(),
        decided_on=decided_on,
        decided_by=decided_by.strip(),
    )
    session.add(request)
    session.flush()
    if status == LeaveStatus.GRANTED:
        _fill(session, actor, request)
    return stored_id(request)


def decide_leave(
    session: Session,
    actor: str,
    request_id: int,
    status: str,
    *,
    decided_on: date | None,
    decided_by: str,
) -> None:
    """Grant or refuse a request (or set it pending again), and bring the register in step.

    Raises:
        NotFound: no such request.
        InvalidValue: an unknown status.
    """
    status = choice(status, LeaveStatus, "status")
    request = session.get(m.LeaveRequest, request_id)
    if request is None:
        raise NotFound("leave request")
    before = request.status
    request.status = status
    request.decided_on = decided_on if status != LeaveStatus.PENDING else None
    request.decided_by = decided_by.strip() if status != LeaveStatus.PENDING else ""
    session.add(request)
    session.flush()
    if before != LeaveStatus.GRANTED and status == LeaveStatus.GRANTED:
        _fill(session, actor, request)
    elif before == LeaveStatus.GRANTED and status != LeaveStatus.GRANTED:
        _withdraw(session, actor, request)


def _categories(session: Session) -> dict[str, str]:
    return {c.code: c.category for c in session.exec(select(m.AbsenceCode)).all()}


def _school_calendar(session: Session, pupil_id: int) -> SchoolCalendar:
    pupil = session.get(m.Pupil, pupil_id)
    return calendar(session, pupil.school_id if pupil else None)


def _marks_in(session: Session, pupil_id: int, start: date, end: date) -> list[m.AbsenceMark]:
    return list(
        session.exec(
            select(m.AbsenceMark).where(
                m.AbsenceMark.pupil_id == pupil_id,
                col(m.AbsenceMark.on_date).between(start, end),
            )
        ).all()
    )


def _fill(session: Session, actor: str, request: m.LeaveRequest) -> None:
    """Write valid leave on every school day of the request that has no reason yet."""
    categories = _categories(session)
    by_day: dict[date, list[m.AbsenceMark]] = {}
    for mark in _marks_in(session, request.pupil_id, request.starts_on, request.ends_on):
        by_day.setdefault(mark.on_date, []).append(mark)
    writes = []
    school_days = _school_calendar(session, request.pupil_id).school_days(
        request.starts_on, request.ends_on
    )
    for day in school_days:
        marks = by_day.get(day, [])
        if any(categories.get(mark.code) not in _GIVES_WAY for mark in marks):
            continue  # seen in school, or a valid reason already: the day stays as it is
        writes += [
            MarkWrite(request.pupil_id, day, None, mark.lesson, source=MarkSource.LEAVE)
            for mark in marks
            if mark.lesson is not None
        ]
        writes.append(MarkWrite(request.pupil_id, day, LEAVE_CODE, source=MarkSource.LEAVE))
    write_marks(session, actor, writes)


def _withdraw(session: Session, actor: str, request: m.LeaveRequest) -> None:
    """Put back what each slot held before the grant, where the grant changed it last."""
    changes = session.exec(
        select(m.MarkChange)
        .where(
            m.MarkChange.pupil_id == request.pupil_id,
            col(m.MarkChange.on_date).between(request.starts_on, request.ends_on),
        )
        .order_by(col(m.MarkChange.at), col(m.MarkChange.id))
    ).all()
    history: dict[tuple[date, int], list[m.MarkChange]] = {}
    for change in changes:
        history.setdefault((change.on_date, change.lesson or 0), []).append(change)
    writes = []
    for slot_changes in history.values():
        last = slot_changes[-1]
        if last.source != MarkSource.LEAVE:
            continue  # changed by somebody after the grant: their word stands
        earlier = slot_changes[-2] if len(slot_changes) > 1 else None
        writes.append(
            MarkWrite(
                request.pupil_id,
                last.on_date,
                last.old_code,
                last.lesson,
                last.old_minutes,
                earlier.note if earlier else "",
                earlier.source if earlier else MarkSource.REGISTER,
            )
        )
    write_marks(session, actor, writes)


def _row(request: m.LeaveRequest, school_days: int) -> records.LeaveRow:
    return records.LeaveRow(
        id=stored_id(request),
        pupil_id=request.pupil_id,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        status=request.status,
        destination=request.destination,
        reason=request.reason,
        decided_on=request.decided_on,
        decided_by=request.decided_by,
        school_days=school_days,
    )


def granted_days_in_school_year(session: Session, pupil_id: int, day: date) -> int:
    """School days of granted leave in the school year of `day` (1 July - 30 June); a day
    covered by two requests counts once."""
    first, last = school_year_of(day)
    school = _school_calendar(session, pupil_id)
    days: set[date] = set()
    for request in _requests(session, pupil_id):
        if request.status == LeaveStatus.GRANTED:
            start, end = max(request.starts_on, first), min(request.ends_on, last)
            if start <= end:
                days.update(school.school_days(start, end))
    return len(days)


def _requests(session: Session, pupil_id: int) -> list[m.LeaveRequest]:
    return list(
        session.exec(
            select(m.LeaveRequest)
            .where(m.LeaveRequest.pupil_id == pupil_id)
            .order_by(col(m.LeaveRequest.starts_on).desc(), col(m.LeaveRequest.id).desc())
        ).all()
    )


def pupil_leave(session: Session, pupil_id: int, day: date) -> records.PupilLeave:
    """The pupil's leave requests (newest first) and the granted total of `day`'s school year.

    Raises:
        NotFound: no such pupil.
    """
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    school = _school_calendar(session, pupil_id)
    rows = [
        _row(r, len(school.school_days(r.starts_on, r.ends_on)))
        for r in _requests(session, pupil_id)
    ]
    first, last = school_year_of(day)
    return records.PupilLeave(
        requests=rows,
        school_year_starts=first,
        school_year_ends=last,
        granted_school_days=granted_days_in_school_year(session, pupil_id, day),
        ceiling=SHORT_LEAVE_CEILING,
    )


def refused_leave(
    session: Session, start: date, end: date, pupil_ids: list[int] | None = None
) -> list[records.LeaveRow]:
    """Refused requests overlapping [start, end] (of the given pupils, or of everybody), so
    absence inside a refused-leave period can be shown as such. `school_days` is 0 here."""
    query = select(m.LeaveRequest).where(
        m.LeaveRequest.status == LeaveStatus.REFUSED,
        col(m.LeaveRequest.starts_on) <= end,
        col(m.LeaveRequest.ends_on) >= start,
    )
    if pupil_ids is not None:
        query = query.where(col(m.LeaveRequest.pupil_id).in_(pupil_ids))
    found = session.exec(query.order_by(col(m.LeaveRequest.starts_on))).all()
    return [_row(r, 0) for r in found]
