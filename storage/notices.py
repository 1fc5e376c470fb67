"""The same-day notice to guardians (skollagen 7 kap. 17 §) and the "must not be contacted" marker.

When a pupil is absent without a valid reason (a mark whose code's category is invalid, for
the whole day or any lesson), the school must see that the guardians are told the same day,
unless there are special reasons not to. Saknad sends nothing; it keeps the record: told,
tried but not reached (the duty is not met yet), or not told for special reasons.

A pupil marked "guardians must not be contacted" (Pupil.no_guardian_contact) is never on the
call list: the list returns them apart, with the reason, so the screen can say why.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.clock import aware, now
from storage.codes import AbsenceCategory, ContactChannel, NoticeOutcome
from storage.errors import InvalidValue, NotFound
from storage.pupil_card import RELATION_ORDER
from storage.queries import CURRENT_CLASS_ID
from storage.session import stored_id
from storage.text import class_and_name_key
from storage.values import choice, required

# Outcomes that meet the duty for the day: the pupil leaves the call list.
SETTLED = (NoticeOutcome.TOLD, NoticeOutcome.SPECIAL_REASONS)

_UNEXPLAINED = f"""
    SELECT p.id, p.first_name, p.last_name, g.name, p.no_guardian_contact,
           p.no_guardian_contact_reason, a.lesson
    FROM absence_mark AS a
    JOIN absence_code AS c ON c.code = a.code
    JOIN pupil AS p ON p.id = a.pupil_id
    LEFT JOIN school_group AS g ON g.id = {CURRENT_CLASS_ID}
    WHERE a.code IN (SELECT code FROM absence_code WHERE category = '{AbsenceCategory.INVALID}')
      AND a.on_date = :day AND c.category = '{AbsenceCategory.INVALID}'
      AND (p.left_on IS NULL OR p.left_on >= :day)
"""
# Naming the codes lets SQLite walk ix_absence_code_day (code, on_date, ...) for the day only;
# with the category alone it read every mark of every day (0.2 s at a million marks; measured
# in tests/bench/bench_dashboard.py).


def record_notice(
    session: Session,
    actor: str,
    pupil_id: int,
    on_date: date,
    outcome: str,
    *,
    channel: str,
    guardian_id: int | None,
    reason: str,
) -> int:
    """Record a same-day notice (or a try, or the special reasons not to); returns its id.

    Raises:
        NotFound: no such pupil.
        InvalidValue: an unknown outcome or channel; special reasons without the reason; a
            guardian who is not linked to the pupil; told or tried for a pupil whose
            guardians must not be contacted.
    """
    outcome = choice(outcome, NoticeOutcome, "outcome")
    channel = choice(channel, ContactChannel, "channel")
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    reason = (reason or "").strip()
    if outcome == NoticeOutcome.SPECIAL_REASONS:
        reason = required(reason, "reason")
    elif pupil.no_guardian_contact:
        raise InvalidValue("outcome", "no_guardian_contact")
    if guardian_id is not None:
        link = session.exec(
            select(m.PupilGuardian).where(
                m.PupilGuardian.pupil_id == pupil_id, m.PupilGuardian.guardian_id == guardian_id
            )
        ).first()
        if link is None:
            raise InvalidValue("guardian_id", "other_pupil")
    notice = m.AbsenceNotice(
        pupil_id=pupil_id,
        on_date=on_date,
        outcome=outcome,
        channel=channel,
        guardian_id=guardian_id,
        reason=reason,
        at=now(),
        recorded_by=actor,
    )
    session.add(notice)
    session.flush()
    return stored_id(notice)


WATCH_LIST_MARKER_REASON = "watch list"
"""The reason kept on the marker when the watch list set it (the UI words it)."""


def set_no_guardian_contact(session: Session, pupil_id: int, on: bool, reason: str) -> None:
    """Set or clear "guardians must not be contacted"; a reason is needed to set it.

    Raises:
        NotFound: no such pupil.
        InvalidValue: setting the marker without a reason.
    """
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    pupil.no_guardian_contact = on
    pupil.no_guardian_contact_reason = required(reason, "reason") if on else ""
    session.add(pupil)
    session.flush()


def notices(session: Session, pupil_id: int, on_date: date) -> list[records.NoticeRow]:
    """The notices recorded about the pupil's absence that day, oldest first."""
    return _notices(session, [pupil_id], on_date).get(pupil_id, [])


def _notices(
    session: Session, pupil_ids: list[int], on_date: date
) -> dict[int, list[records.NoticeRow]]:
    rows = session.exec(
        select(m.AbsenceNotice, m.Guardian)
        .join(m.Guardian, col(m.Guardian.id) == m.AbsenceNotice.guardian_id, isouter=True)
        .where(m.AbsenceNotice.on_date == on_date, col(m.AbsenceNotice.pupil_id).in_(pupil_ids))
        .order_by(col(m.AbsenceNotice.at), col(m.AbsenceNotice.id))
    ).all()
    found: dict[int, list[records.NoticeRow]] = {}
    for notice, guardian in rows:
        found.setdefault(notice.pupil_id, []).append(
            records.NoticeRow(
                id=stored_id(notice),
                on_date=notice.on_date,
                outcome=notice.outcome,
                channel=notice.channel,
                guardian_id=notice.guardian_id,
                guardian_name=f"{guardian.first_name} {guardian.last_name}" if guardian else "",
                reason=notice.reason,
                at=aware(notice.at),
                recorded_by=notice.recorded_by,
            )
        )
    return found


def guardians_to_call(
    session: Session, pupil_ids: list[int]
) -> dict[int, list[records.NoticeGuardian]]:
    """Whom to call: names, relations and numbers (never an address)."""
    rows = session.exec(
        select(m.PupilGuardian, m.Guardian)
        .join(m.Guardian, col(m.Guardian.id) == m.PupilGuardian.guardian_id)
        .where(col(m.PupilGuardian.pupil_id).in_(pupil_ids))
    ).all()
    rows = sorted(rows, key=lambda lg: (RELATION_ORDER.get(lg[0].relation, 99), lg[0].id))
    found: dict[int, list[records.NoticeGuardian]] = {}
    for link, g in rows:
        found.setdefault(link.pupil_id, []).append(
            records.NoticeGuardian(
                stored_id(g),
                f"{g.first_name} {g.last_name}",
                link.relation,
                g.phone,
                g.phone_other,
            )
        )
    return found


def notices_due(session: Session, day: date) -> records.NoticesDue:
    """The day's pupils absent without a valid reason whose guardians are not told yet.

    A pupil leaves the list once a notice of that day says told or special reasons; a try
    that did not reach anybody keeps them on it (with the try shown). Pupils whose guardians
    must not be contacted are never on it: they come apart, with the reason.
    """
    rows = session.connection().execute(text(_UNEXPLAINED), {"day": day.isoformat()}).all()
    pupils: dict[int, tuple] = {}
    lessons: dict[int, set[int]] = {}
    for pupil_id, first, last, class_name, no_contact, why, lesson in rows:
        pupils[pupil_id] = (first, last, class_name, bool(no_contact), why or "")
        if lesson is not None:
            lessons.setdefault(pupil_id, set()).add(lesson)
    whole_day = {r[0] for r in rows if r[6] is None}
    ids = sorted(pupils)
    notices_by_pupil = _notices(session, ids, day)
    guardians = guardians_to_call(session, ids)
    due, not_to_call = [], []
    for pupil_id in ids:
        first, last, class_name, no_contact, why = pupils[pupil_id]
        if no_contact:
            not_to_call.append(records.NotToCall(pupil_id, first, last, class_name, why))
            continue
        given = notices_by_pupil.get(pupil_id, [])
        if any(n.outcome in SETTLED for n in given):
            continue
        due.append(
            records.NoticeDue(
                pupil_id=pupil_id,
                first_name=first,
                last_name=last,
                class_name=class_name,
                whole_day=pupil_id in whole_day,
                lessons=sorted(lessons.get(pupil_id, ())),
                guardians=guardians.get(pupil_id, []),
                attempts=[n for n in given if n.outcome == NoticeOutcome.NOT_REACHED],
            )
        )

    def by_class_and_name(row) -> tuple:
        return (*class_and_name_key(row.class_name, row.last_name, row.first_name), row.pupil_id)

    return records.NoticesDue(
        day=day,
        due=sorted(due, key=by_class_and_name),
        not_to_call=sorted(not_to_call, key=by_class_and_name),
    )
