"""Today's calls about open missing cases: the guardians to call, and each call logged.

The same-day notice list (storage.notices) holds the day's absence without a valid reason;
this one holds the pupils with an OPEN MISSING case, with every adult linked to them and their
numbers, and the attempts logged on the case that day. A pupil whose guardians must not be
contacted (Pupil.no_guardian_contact; an honour-related case sets it) is never on it: such
cases come apart, with the reason, and storage.cases.log_contact refuses a call to them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text
from sqlmodel import Session, col, select

from storage import cases, records
from storage import models as m
from storage.clock import aware
from storage.codes import CaseKind, CaseStatus, ContactChannel, Counterpart, Relation
from storage.errors import InvalidValue, NotFound
from storage.notices import guardians_to_call
from storage.queries import CURRENT_CLASS_ID
from storage.session import stored_id
from storage.text import class_and_name_key
from storage.values import choice, phone_number, required
from storage.whereabouts import SCHOOL_TIME_ZONE

_OPEN_MISSING = f"""
    SELECT k.id, p.id, p.first_name, p.last_name, g.name, k.day0, k.honour_related,
           p.no_guardian_contact, p.no_guardian_contact_reason
    FROM pupil_case AS k
    JOIN pupil AS p ON p.id = k.pupil_id
    LEFT JOIN school_group AS g ON g.id = {CURRENT_CLASS_ID}
    WHERE k.status = '{CaseStatus.OPEN}' AND k.kind = '{CaseKind.MISSING}'
"""

# How the call is logged: the adult's relation to the pupil, as the contact log names it.
_COUNTERPART: dict[str, str] = {
    Relation.EMERGENCY_CONTACT: Counterpart.EMERGENCY_CONTACT,
    Relation.OTHER: Counterpart.OTHER,
}


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """The school day `day` (Swedish time) as a range [start, end) of UTC times."""
    start = datetime.combine(day, time.min, SCHOOL_TIME_ZONE)
    end = datetime.combine(day + timedelta(days=1), time.min, SCHOOL_TIME_ZONE)
    return start.astimezone(UTC), end.astimezone(UTC)


def _attempts(
    session: Session, case_ids: list[int], day: date
) -> dict[int, list[records.CallAttempt]]:
    start, end = _day_bounds(day)
    rows = session.exec(
        select(m.ContactAttempt)
        .where(
            col(m.ContactAttempt.case_id).in_(case_ids),
            col(m.ContactAttempt.at) >= start,
            col(m.ContactAttempt.at) < end,
        )
        .order_by(col(m.ContactAttempt.at), col(m.ContactAttempt.id))
    ).all()
    found: dict[int, list[records.CallAttempt]] = {}
    for a in rows:
        if a.case_id is None:  # the query asked for cases; kept for the type checker
            continue
        found.setdefault(a.case_id, []).append(
            records.CallAttempt(
                id=stored_id(a),
                at=aware(a.at),
                channel=a.channel,
                counterpart_kind=a.counterpart_kind,
                guardian_id=a.guardian_id,
                counterpart=a.counterpart,
                number_or_address=a.number_or_address,
                outcome=a.outcome,
            )
        )
    return found


def case_calls(session: Session, day: date) -> records.CaseCalls:
    """The open missing cases whose guardians are to be called, with the attempts logged on
    each case on `day`, by class and name; the ones whose guardians must not be contacted
    (the marker, or an honour-related case) come apart, with the reason."""
    rows = session.connection().execute(text(_OPEN_MISSING)).all()
    calls_rows, apart = [], []
    for case_id, pupil_id, first, last, class_name, day0, honour, no_contact, why in rows:
        if no_contact or honour:
            apart.append(
                records.CaseNotToCall(
                    case_id, pupil_id, first, last, class_name, why or "", bool(honour)
                )
            )
        else:
            calls_rows.append(
                (case_id, pupil_id, first, last, class_name, date.fromisoformat(str(day0)[:10]))
            )
    guardians = guardians_to_call(session, [r[1] for r in calls_rows])
    attempts = _attempts(session, [r[0] for r in calls_rows], day)
    calls = [
        records.CaseCall(
            case_id=case_id,
            pupil_id=pupil_id,
            first_name=first,
            last_name=last,
            class_name=class_name,
            day0=day0,
            guardians=guardians.get(pupil_id, []),
            attempts=attempts.get(case_id, []),
        )
        for case_id, pupil_id, first, last, class_name, day0 in calls_rows
    ]

    def by_class_and_name(row) -> tuple:
        return (*class_and_name_key(row.class_name, row.last_name, row.first_name), row.case_id)

    return records.CaseCalls(
        day=day,
        calls=sorted(calls, key=by_class_and_name),
        not_to_call=sorted(apart, key=by_class_and_name),
    )


def log_case_call(
    session: Session,
    actor: str,
    case_id: int,
    guardian_id: int,
    number: str,
    outcome: str,
    *,
    at: datetime | None,
) -> int:
    """Log a phone call to one of the pupil's adults about an open case; returns its id.

    Raises:
        NotFound: no such case or guardian.
        InvalidValue: an unknown outcome, no number or not a phone number, a guardian who is
            not the pupil's, or a pupil whose guardians must not be contacted.
    """
    outcome = choice(outcome, m.ContactOutcome, "outcome")
    number = required(phone_number(number, "phone"), "phone")
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound("case")
    guardian = session.get(m.Guardian, guardian_id)
    if guardian is None:
        raise NotFound("guardian")
    link = session.exec(
        select(m.PupilGuardian).where(
            m.PupilGuardian.pupil_id == case.pupil_id, m.PupilGuardian.guardian_id == guardian_id
        )
    ).first()
    if link is None:
        raise InvalidValue("guardian_id", "other_pupil")
    return cases.log_contact(
        session,
        actor,
        case.pupil_id,
        case_id=case_id,
        channel=ContactChannel.PHONE,
        counterpart_kind=_COUNTERPART.get(link.relation, Counterpart.GUARDIAN),
        counterpart=f"{guardian.first_name} {guardian.last_name}",
        number_or_address=number,
        outcome=outcome,
        note="",
        at=at,
        guardian_id=guardian_id,
    )
