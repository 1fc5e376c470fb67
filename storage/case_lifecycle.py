"""A case's life: closed with an outcome, reopened, switched into honour-related mode.

A case is opened by storage.cases.open_case (its first event). After that:

    open --close(outcome, why)--> closed --reopen(why)--> open ...
    open --honour mode on/off (why)--> open

Every change is an append-only CaseEvent with who, when and why; a case is never deleted, and
reopening keeps its steps (done ones as they were). A missing pupil's case is reviewed every
week until it is closed (storage.weekly_review: closing and reopening stop and restart it).
Impossible changes are refused with InvalidValue: closing a closed case, reopening an open one,
reopening next to another open case of the same track, closing as moved without a destination,
an outcome of the other track (storage.codes.CLOSE_OUTCOMES keeps missing and problematic
absence apart), switching a closed case, or switching to the mode it is in.

Honour-related mode: the family must never learn of the worry. Switching on removes the open
steps that contact guardians, family or community (done ones stay, as history), adds the
honour-only steps, and sets the pupil's "guardians must not be contacted" marker with the
reason. Switching off removes the open honour-only steps and brings the family steps back;
the marker stays (leaving the mode does not show that contact is safe: the counsellor clears
the marker by hand).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage import checklist, notices, records, weekly_review
from storage import models as m
from storage.cases import add_steps, refuse_second_open_case
from storage.clock import aware, now
from storage.codes import CLOSE_OUTCOMES, CaseAction, CaseKind, CaseOutcome, CaseStatus
from storage.errors import InvalidValue, NotFound
from storage.pupil_card import siblings
from storage.session import stored_id
from storage.values import choice, required
from storage.whereabouts import local_day


def _case(session: Session, case_id: int) -> m.Case:
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound("case")
    return case


def _event(session: Session, case: m.Case, actor: str, action: str, at: datetime, **text) -> None:
    session.add(m.CaseEvent(case_id=stored_id(case), at=at, actor=actor, action=action, **text))


def close_case(
    session: Session,
    actor: str,
    case_id: int,
    outcome: str,
    reason: str,
    *,
    destination: str = "",
    at: datetime | None = None,
) -> None:
    """Close an open case with how it ended (storage.codes.CaseOutcome) and why.

    Raises:
        NotFound: no such case.
        InvalidValue: the case is closed already; an unknown outcome, or one of the other
            track; moved without a destination; a destination with another outcome.
    """
    case = _case(session, case_id)
    if case.status == CaseStatus.CLOSED:
        raise InvalidValue("case", "closed_already")
    outcome = choice(outcome, CaseOutcome, "outcome")
    if outcome not in CLOSE_OUTCOMES[CaseKind(case.kind)]:
        raise InvalidValue("outcome", "other_track")
    destination = (destination or "").strip()
    if outcome == CaseOutcome.MOVED and not destination:
        raise InvalidValue("destination", "empty")
    if outcome != CaseOutcome.MOVED and destination:
        raise InvalidValue("destination", "not_moved")
    at = at or now()
    case.status, case.closed_at, case.closed_by, case.close_reason = (
        CaseStatus.CLOSED,
        at,
        actor,
        outcome,
    )
    session.add(case)
    _event(
        session,
        case,
        actor,
        CaseAction.CLOSED,
        at,
        outcome=outcome,
        reason=(reason or "").strip(),
        detail=destination,
    )
    session.flush()
    weekly_review.on_closed(session, case_id)
    if case.kind == CaseKind.PREVENTION:
        _end_watch_entries(session, case_id, actor, (reason or "").strip(), at)


def _end_watch_entries(
    session: Session, case_id: int, actor: str, reason: str, at: datetime
) -> None:
    """A prevention case closed on its own takes the pupil off the watch list as well (the
    list never shows a pupil whose prevention work has ended); taking a pupil off the list
    (storage.watch_list.take_off) ends the entry first, so then there is nothing left here."""
    entries = session.exec(
        select(m.WatchEntry).where(
            m.WatchEntry.case_id == case_id, col(m.WatchEntry.ended_at).is_(None)
        )
    ).all()
    for entry in entries:
        entry.ended_at, entry.ended_by, entry.end_reason = at, actor, reason
        session.add(entry)
    session.flush()


def reopen_case(
    session: Session, actor: str, case_id: int, reason: str, *, at: datetime | None = None
) -> None:
    """Reopen a closed case, why required; its steps stay as they were.

    Raises:
        NotFound: no such case.
        InvalidValue: the case is open; no reason; the pupil has another open case of the
            same track.
    """
    case = _case(session, case_id)
    if case.status == CaseStatus.OPEN:
        raise InvalidValue("case", "open_already")
    reason = required(reason, "reason")
    refuse_second_open_case(session, case.pupil_id, case.kind)
    at = at or now()
    # The closing stays in the case's events; the case itself is open again.
    case.status, case.closed_at, case.closed_by, case.close_reason = CaseStatus.OPEN, None, "", ""
    session.add(case)
    _event(session, case, actor, CaseAction.REOPENED, at, reason=reason)
    session.flush()
    weekly_review.on_reopened(session, case, local_day(aware(at)))
    if case.kind == CaseKind.PREVENTION:
        _back_on_watch_list(session, case, actor, at)


def _back_on_watch_list(session: Session, case: m.Case, actor: str, at: datetime) -> None:
    """A prevention case reopened puts the pupil back on the watch list, as closing it took
    them off (the list and open prevention work go together): a new entry with the reason
    of the case's last one, its break while that has not ended, and "guardians must not be
    contacted" set again."""
    last = session.exec(
        select(m.WatchEntry)
        .where(m.WatchEntry.case_id == case.id)
        .order_by(col(m.WatchEntry.added_at).desc(), col(m.WatchEntry.id).desc())
    ).first()
    if last is None:
        return
    break_id = last.break_id
    if break_id is not None:
        period = session.get(m.CalendarPeriod, break_id)
        if period is None or period.ends_on < local_day(aware(at)):
            break_id = None
    session.add(
        m.WatchEntry(
            pupil_id=case.pupil_id,
            reason=last.reason,
            break_id=break_id,
            case_id=case.id,
            added_at=at,
            added_by=actor,
        )
    )
    notices.set_no_guardian_contact(session, case.pupil_id, True, notices.WATCH_LIST_MARKER_REASON)
    session.flush()


def set_honour_mode(
    session: Session,
    actor: str,
    case_id: int,
    on: bool,
    reason: str,
    *,
    template: checklist.ChecklistTemplate | None = None,
    at: datetime | None = None,
) -> records.HonourModeChange:
    """Switch a case's honour-related mode on or off, why required (see the module's doc).

    Steps added by the switch are due counted from the day of the switch: "consult social
    services now" means now, not a date in the past.

    Raises:
        NotFound: no such case.
        InvalidValue: the case is closed; it is a prevention case (always honour-related:
            the pupil is on the watch list); it is in that mode already; no reason.
    """
    case = _case(session, case_id)
    if case.status == CaseStatus.CLOSED:
        raise InvalidValue("case", "closed_already")
    if case.kind == CaseKind.PREVENTION:
        # Switching it off would offer steps that contact the family of a pupil at risk.
        raise InvalidValue("honour_related", "always_for_prevention")
    if case.honour_related == on:
        raise InvalidValue("honour_related", "unchanged")
    reason = required(reason, "reason")
    template = template or checklist.built_in(case.kind)
    at = at or now()
    steps = session.exec(
        select(m.ChecklistStep)
        .where(m.ChecklistStep.case_id == case_id)
        .order_by(col(m.ChecklistStep.id))
    ).all()
    if on:
        leaving = {s.code for s in template.steps if s.contacts_family}
        leaving |= checklist.family_contact_codes()
    else:
        leaving = {s.code for s in template.steps if s.honour_only}
    removed = []
    for step in steps:
        if step.step_code in leaving and step.done_at is None:
            removed.append(step.step_code)
            session.delete(step)
    session.flush()
    kept = {s.step_code for s in steps if s.step_code not in removed}
    added = [s for s in template.steps_for(on) if s.code not in kept]
    add_steps(session, case, added, aware(at).date())
    case.honour_related = on
    session.add(case)
    if on:
        notices.set_no_guardian_contact(session, case.pupil_id, True, reason)
    _event(
        session,
        case,
        actor,
        CaseAction.HONOUR_ON if on else CaseAction.HONOUR_OFF,
        at,
        reason=reason,
    )
    session.flush()
    here = tuple(s for s in siblings(session, case.pupil_id) if s.pupil_id is not None)
    return records.HonourModeChange(tuple(removed), tuple(s.code for s in added), here)


def case_events(session: Session, case_id: int) -> list[records.CaseEventRow]:
    """The case's history, oldest first.

    Raises:
        NotFound: no such case.
    """
    _case(session, case_id)
    events = session.exec(
        select(m.CaseEvent)
        .where(m.CaseEvent.case_id == case_id)
        .order_by(col(m.CaseEvent.at), col(m.CaseEvent.id))
    ).all()
    return [
        records.CaseEventRow(
            stored_id(e), aware(e.at), e.actor, e.action, e.outcome, e.reason, e.detail
        )
        for e in events
    ]


def mark_step_not_applicable(
    session: Session, actor: str, step_id: int, reason: str, *, at: datetime | None = None
) -> None:
    """Settle a step as not applicable, with the reason, who and when.

    Raises:
        NotFound: no such step.
        InvalidValue: no reason; the step is settled (done or not applicable) already.
    """
    step = session.get(m.ChecklistStep, step_id)
    if step is None:
        raise NotFound("checklist step")
    reason = required(reason, "reason")
    if step.done_at is not None:
        raise InvalidValue("step", "settled_already")
    step.done_at, step.done_by, step.not_applicable_reason = at or now(), actor, reason
    session.add(step)
    session.flush()
    weekly_review.after_settled(session, step)
