"""Cases: a missing pupil or a problematic absence, with its checklist, contacts and notes.

A case opens with the checklist its kind gets (storage.checklist), each step due a number of
weekdays after day 0. Around it the counsellor logs every attempt to reach somebody, writes
journal entries, and records reports of concern (orosanmälan) to social services. On an
honour-related case the family must never learn of the worry: steps that contact them are
left out, and a report of concern is never marked as told to the guardians.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from storage import checklist, queries, records, sibling_steps, weekly_review
from storage import models as m
from storage.checklist import due_date
from storage.clock import now
from storage.entries import entry_time
from storage.errors import InvalidValue, NotFound
from storage.register import calendar
from storage.session import stored_id
from storage.values import assign, choice, required

CASE_DETAIL_FIELDS = frozenset(
    {
        "last_school_day",
        "last_contact_at",
        "whereabouts",
        "suspected_country",
        "expected_return",
        "leave_refused",
        "information_source",
        "acute_danger",
    }
)


def _check_pupil(session: Session, pupil_id: int) -> None:
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")


def _check_guardian_of(session: Session, pupil_id: int, guardian_id: int) -> None:
    """InvalidValue("guardian_id", "other_pupil") unless the guardian is the pupil's."""
    link = session.exec(
        select(m.PupilGuardian.id).where(
            m.PupilGuardian.pupil_id == pupil_id, m.PupilGuardian.guardian_id == guardian_id
        )
    ).first()
    if link is None:
        raise InvalidValue("guardian_id", "other_pupil")


def _case_of(session: Session, pupil_id: int, case_id: int | None) -> m.Case | None:
    """The case `case_id` (None if not given), which must be this pupil's."""
    if case_id is None:
        return None
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound("case")
    if case.pupil_id != pupil_id:
        raise InvalidValue("case_id", "another_pupil")
    return case


def open_case(
    session: Session,
    actor: str,
    pupil_id: int,
    kind: str,
    day0: date,
    *,
    honour_related: bool,
    at: datetime | None,
    template: checklist.ChecklistTemplate | None = None,
) -> int:
    """Open a missing-pupil flag or an absence investigation, with its checklist.

    `at` is when it was opened (now if not given); `template` the checklist (the built-in
    one of `kind` if not given). The opening is the first event of the case's history.

    Raises:
        NotFound: no such pupil.
        InvalidValue: an unknown kind (storage.codes.CaseKind), or the pupil has an open
            case of this kind already (one per track: missing and problematic absence are
            kept apart, so a pupil may have one of each).
    """
    kind = choice(kind, m.CaseKind, "kind")
    _check_pupil(session, pupil_id)
    refuse_second_open_case(session, pupil_id, kind)
    opened_at = at or now()
    case = m.Case(
        pupil_id=pupil_id,
        kind=kind,
        day0=day0,
        honour_related=honour_related,
        opened_by=actor,
        opened_at=opened_at,
    )
    session.add(case)
    session.flush()
    template = template or checklist.built_in(kind)
    add_steps(session, case, template.steps_for(honour_related), day0)
    sibling_steps.add_for_case(session, case, sibling_steps.due_day(template), day0)
    session.add(
        m.CaseEvent(case_id=stored_id(case), at=opened_at, actor=actor, action=m.CaseAction.OPENED)
    )
    return stored_id(case)


def refuse_second_open_case(session: Session, pupil_id: int, kind: str) -> None:
    """InvalidValue("case", "already_open") if the pupil has an open case of `kind`."""
    already = session.exec(
        select(m.Case.id).where(
            m.Case.pupil_id == pupil_id,
            m.Case.kind == kind,
            m.Case.status == m.CaseStatus.OPEN,
        )
    ).first()
    if already is not None:
        raise InvalidValue("case", "already_open")


def add_steps(
    session: Session, case: m.Case, steps: list[checklist.StepTemplate], day0: date
) -> None:
    """Give the case these steps, due in school days from `day0` at the pupil's school."""
    pupil = session.get(m.Pupil, case.pupil_id)
    school_days = calendar(session, pupil.school_id if pupil is not None else None)
    for step in steps:
        session.add(
            m.ChecklistStep(
                case_id=stored_id(case),
                step_code=step.code,
                due_on=due_date(school_days, day0, step.due_day),
            )
        )
    session.flush()


def case_steps(session: Session, case_id: int) -> list[records.StepRow]:
    """The case's checklist, by due date; a sibling's step names the sibling and school."""
    steps = session.exec(
        select(m.ChecklistStep)
        .where(m.ChecklistStep.case_id == case_id)
        .order_by(col(m.ChecklistStep.due_on), col(m.ChecklistStep.id))
    ).all()
    case = session.get(m.Case, case_id)
    rows = []
    for s in steps:
        link = session.get(m.SiblingLink, s.sibling_link_id) if s.sibling_link_id else None
        sibling = sibling_steps.describe(session, link, case.pupil_id) if link and case else None
        rows.append(
            records.StepRow(
                stored_id(s),
                s.step_code,
                s.due_on,
                s.done_at,
                done_by=s.done_by,
                outcome=s.outcome,
                not_applicable_reason=s.not_applicable_reason,
                sibling_link_id=s.sibling_link_id,
                spoke_with=s.spoke_with,
                sibling_name=sibling.name if sibling else "",
                sibling_school=sibling.school_name if sibling else "",
                sibling_school_type=sibling.school_type if sibling else "",
            )
        )
    return rows


def complete_step(
    session: Session,
    actor: str,
    step_id: int,
    outcome: str,
    *,
    at: datetime | None,
    spoke_with: str = "",
) -> None:
    """Mark a checklist step done, `at` a given time (now if not given). A step about a
    sibling at another school (storage.sibling_steps) says whom the counsellor spoke with
    there and what came of it; both are needed.

    Raises:
        NotFound: no such step.
        InvalidValue: a sibling's step without whom you spoke with or without the outcome.
    """
    step = session.get(m.ChecklistStep, step_id)
    if step is None:
        raise NotFound("checklist step")
    spoke_with = (spoke_with or "").strip()
    if step.sibling_link_id is not None:
        spoke_with = required(spoke_with, "spoke_with")
        outcome = required(outcome, "outcome")
    step.done_at, step.done_by, step.outcome = at or now(), actor, outcome
    step.spoke_with = spoke_with
    session.add(step)
    session.flush()
    weekly_review.after_settled(session, step)


def set_case_details(session: Session, case_id: int, fields: dict) -> None:
    """Set a case's whereabouts details; only the given fields change.

    Fields: last_school_day, last_contact_at, whereabouts, suspected_country,
    expected_return, leave_refused (None: not known), information_source, acute_danger.

    Raises:
        TypeError: a field that is not one of these.
        NotFound: no such case.
        InvalidValue: a value of the wrong shape (a date that is not a date, a time
            without its zone); the expected return before the last school day.
    """
    unknown = set(fields) - CASE_DETAIL_FIELDS
    if unknown:
        raise TypeError(f"set_case_details() got unknown fields: {sorted(unknown)}")
    values = dict(fields)
    for name in ("whereabouts", "suspected_country", "information_source"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "acute_danger" in values:
        values["acute_danger"] = bool(values["acute_danger"])
    _check_detail_shapes(values)
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound("case")
    if {"last_school_day", "expected_return"} & set(values):
        last = values.get("last_school_day", case.last_school_day)
        back = values.get("expected_return", case.expected_return)
        if last is not None and back is not None and back < last:
            raise InvalidValue("expected_return", "before_last_school_day")
    assign(case, values)


def _check_detail_shapes(values: dict) -> None:
    """InvalidValue(field, "shape") for a date that is not a date, a time that is not an
    aware time, or refused leave that is not yes, no or None (not known)."""
    for name in ("last_school_day", "expected_return"):
        day = values.get(name)
        if day is not None and (not isinstance(day, date) or isinstance(day, datetime)):
            raise InvalidValue(name, "shape")
    at = values.get("last_contact_at")
    if at is not None and (not isinstance(at, datetime) or at.tzinfo is None):
        raise InvalidValue("last_contact_at", "shape")
    refused = values.get("leave_refused")
    if refused is not None and not isinstance(refused, bool):
        raise InvalidValue("leave_refused", "shape")


def open_cases(session: Session, today: date) -> list[records.OpenCase]:
    """Open cases, the ones with the most steps due by `today` first."""
    rows = (
        session.connection()
        .execute(text(queries.OPEN_CASES_WITH_DUE_STEPS), {"today": today.isoformat()})
        .all()
    )
    return [
        records.OpenCase(r[0], r[1], r[2], date.fromisoformat(str(r[3])), bool(r[4]), int(r[5]))
        for r in rows
    ]


def record_concern_report(
    session: Session,
    actor: str,
    pupil_id: int,
    *,
    case_id: int | None,
    reported_at: datetime | None,
    channel: str,
    recipient: str,
    guardians_informed: bool | None,
    reference: str,
    summary: str,
) -> int:
    """Record a report of concern (orosanmälan) made to social services.

    Raises:
        NotFound: no such pupil or case.
        InvalidValue: guardians informed of a report on an honour-related case (the family
            must never learn of the worry), the case belongs to another pupil, or an
            unknown channel.
    """
    channel = choice(channel, m.ContactChannel, "channel")
    _check_pupil(session, pupil_id)
    case = _case_of(session, pupil_id, case_id)
    if case is not None and case.honour_related and guardians_informed:
        raise InvalidValue("guardians_informed", "honour_related")
    report = m.ConcernReport(
        pupil_id=pupil_id,
        case_id=case_id,
        reported_at=reported_at or now(),
        channel=channel,
        recipient=recipient.strip(),
        guardians_informed=guardians_informed,
        reference=reference.strip(),
        summary=summary.strip(),
        reported_by=actor,
    )
    session.add(report)
    session.flush()
    return stored_id(report)


def log_contact(
    session: Session,
    actor: str,
    pupil_id: int,
    *,
    case_id: int | None,
    channel: str,
    counterpart_kind: str,
    counterpart: str,
    number_or_address: str,
    outcome: str,
    note: str,
    at: datetime | None,
    guardian_id: int | None = None,
) -> int:
    """Log one attempt to reach somebody about a pupil: when, how, whom, and what came of it.

    `guardian_id` names the guardian reached for (one of the pupil's), when it was one.

    Raises:
        NotFound: no such pupil or case.
        InvalidValue: an unknown channel, counterpart kind or outcome, the case belongs to
            another pupil, the guardian is not the pupil's, or a contact with a guardian (or
            any adult linked to the pupil) for a pupil whose guardians must not be contacted
            (an honour-related case sets it).
    """
    channel = choice(channel, m.ContactChannel, "channel")
    counterpart_kind = choice(counterpart_kind, m.Counterpart, "counterpart_kind")
    outcome = choice(outcome, m.ContactOutcome, "outcome")
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    _case_of(session, pupil_id, case_id)
    if guardian_id is not None:
        _check_guardian_of(session, pupil_id, guardian_id)
    # Any adult linked to the pupil (guardian_id) counts as the family here.
    if pupil.no_guardian_contact and (
        counterpart_kind == m.Counterpart.GUARDIAN or guardian_id is not None
    ):
        raise InvalidValue("counterpart_kind", "guardians_not_contacted")
    attempt = m.ContactAttempt(
        pupil_id=pupil_id,
        case_id=case_id,
        guardian_id=guardian_id,
        channel=channel,
        counterpart_kind=counterpart_kind,
        counterpart=counterpart,
        number_or_address=number_or_address,
        outcome=outcome,
        note=note,
        at=at or now(),
        recorded_by=actor,
    )
    session.add(attempt)
    session.flush()
    return stored_id(attempt)


def add_entry(
    session: Session,
    actor: str,
    pupil_id: int,
    text_: str,
    *,
    kind: str,
    case_id: int | None,
    at: datetime | None,
) -> int:
    """Write a dated entry in the pupil's chronology (a note, what the pupil said, ...).

    Raises:
        NotFound: no such pupil or case.
        InvalidValue: an unknown kind (storage.codes.EntryKind), the case belongs to
            another pupil, or `at` is in the future (dated back is fine).
    """
    kind = choice(kind, m.EntryKind, "kind")
    at = entry_time(at)
    _check_pupil(session, pupil_id)
    _case_of(session, pupil_id, case_id)
    entry = m.JournalEntry(
        pupil_id=pupil_id, case_id=case_id, kind=kind, text=text_, at=at, author=actor
    )
    session.add(entry)
    session.flush()
    return stored_id(entry)
