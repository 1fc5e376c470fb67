"""One case as the case screen reads it: the case, its pupil and its contact log; and the
list of a pupil's cases to choose among.

Read-only: every change to a case goes through storage.cases or storage.case_lifecycle.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.clock import aware
from storage.errors import NotFound
from storage.pupil_card import pupil_card
from storage.session import stored_id


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
