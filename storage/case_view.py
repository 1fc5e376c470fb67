"""One case as the case screen reads it: the case, its pupil and its contact log; and the
list of a pupil's cases to choose among.

Read-only: every change to a case goes through storage.cases or storage.case_lifecycle.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.candidates import pupil_whereabouts
from storage.clock import aware
from storage.errors import NotFound
from storage.pupil_card import pupil_card, siblings
from storage.register import calendar
from storage.session import stored_id
from storage.whereabouts import Whereabouts


def case_detail(session: Session, case_id: int) -> records.CaseDetail:
    """The case, its pupil's name and marker, and its contact attempts, newest first.

    Raises:
        NotFound: no such case.
    """
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound("case")
    pupil = pupil_card(session, case.pupil_id).pupil
    attempts = session.exec(
        select(m.ContactAttempt)
        .where(m.ContactAttempt.case_id == case_id)
        .order_by(col(m.ContactAttempt.at).desc(), col(m.ContactAttempt.id).desc())
    ).all()
    contacts = tuple(
        records.ContactRow(
            stored_id(a),
            aware(a.at),
            a.channel,
            a.counterpart_kind,
            a.counterpart,
            a.number_or_address,
            a.outcome,
            a.note,
            a.recorded_by,
        )
        for a in attempts
    )
    return records.CaseDetail(
        id=stored_id(case),
        pupil_id=case.pupil_id,
        first_name=pupil.first_name,
        last_name=pupil.last_name,
        class_name=pupil.class_name,
        kind=case.kind,
        status=case.status,
        day0=case.day0,
        honour_related=case.honour_related,
        close_reason=case.close_reason,
        no_guardian_contact=pupil.no_guardian_contact,
        no_guardian_contact_reason=pupil.no_guardian_contact_reason,
        contacts=contacts,
        last_school_day=case.last_school_day,
        last_contact_at=aware(case.last_contact_at),
        whereabouts=case.whereabouts,
        suspected_country=case.suspected_country,
        expected_return=case.expected_return,
        leave_refused=case.leave_refused,
        information_source=case.information_source,
    )


def pupil_cases(session: Session, pupil_id: int) -> list[records.CaseSummary]:
    """The pupil's cases, open ones first, newest day 0 first within each.

    Raises:
        NotFound: no such pupil.
    """
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    cases = session.exec(select(m.Case).where(m.Case.pupil_id == pupil_id)).all()
    ordered = sorted(
        cases, key=lambda c: (c.status != m.CaseStatus.OPEN, -c.day0.toordinal(), -stored_id(c))
    )
    return [
        records.CaseSummary(stored_id(c), c.kind, c.status, c.day0, c.honour_related)
        for c in ordered
    ]


SIBLING_DAYS = 10
"""A sibling's unexplained days are counted over this many school days up to today."""


def siblings_here(session: Session, case_id: int, today: date) -> list[records.SiblingAttendance]:
    """The case pupil's siblings at the same school, with their attendance as of `today`
    (the routine's "check the attendance of siblings at this school"): whether absent today
    and how, the last day present, and unexplained days lately. Siblings at other schools
    have a checklist step each instead (storage.sibling_steps).

    Raises:
        NotFound: no such case.
    """
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound("case")
    pupil = session.get(m.Pupil, case.pupil_id)
    found = []
    for sibling in siblings(session, case.pupil_id):
        other = session.get(m.Pupil, sibling.pupil_id) if sibling.pupil_id else None
        if other is None or pupil is None or other.school_id != pupil.school_id:
            continue
        where = pupil_whereabouts(session, stored_id(other), today)
        recent = calendar(session, other.school_id).school_days(today - timedelta(days=31), today)
        counted = set(recent[-SIBLING_DAYS:])
        days = {d.on_date: d.status for d in where.days}
        found.append(
            records.SiblingAttendance(
                stored_id(other),
                sibling.name,
                sibling.class_name,
                days.get(today, ""),
                where.last_present,
                len([d for d, s in days.items() if d in counted and s != Whereabouts.ACCOUNTED]),
            )
        )
    return found
