"""The weekly review of a missing pupil's case, until the pupil is located (DOMAIN.md,
"The missing-pupil checklist", item 6).

After the template's last step, `review_and_escalate` (day 10), an open missing-pupil case
gets a review step every week until it is closed, one at a time:

- The first, `weekly_review/1`, appears when `review_and_escalate` is settled (done or not
  applicable); `weekly_review/<n+1>` appears when `weekly_review/<n>` is settled. Never a
  pile of future steps: at most one unsettled review at a time.
- Each is due `interval_school_days` school days (a setting, default 5: a week) at the
  pupil's school after the due date of the step before it (storage.checklist.due_date), so a
  break pushes it on and a late settling does not shift the weekly rhythm.
- Closing the case removes its unsettled review: it is a reminder of work to come, not a
  record of work done (the audit trail keeps the removal). Reopening a case whose reviews had
  begun (its `review_and_escalate` settled) adds the next review, due the interval from the
  reopening day; a case reopened before that still has its template's review step to do.

A school's own template keeps the weekly review by keeping a step with the code
`review_and_escalate`. Problematic-absence investigations have no weekly review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from storage import models as m
from storage import rule_settings
from storage.checklist import due_date
from storage.codes import CaseKind, CaseStatus
from storage.errors import InvalidValue
from storage.register import calendar
from storage.session import stored_id

WEEKLY_REVIEW_KEY = "weekly_review"
FIRST_REVIEW_AFTER = "review_and_escalate"
"""The template step whose settling starts the weekly reviews."""
REVIEW_PREFIX = "weekly_review/"


@dataclass(frozen=True)
class WeeklyReviewSettings:
    """The weekly review's interval; the default is a school week."""

    interval_school_days: int = 5

    def valid(self) -> bool:
        return 1 <= self.interval_school_days <= 60


def settings(session: Session) -> WeeklyReviewSettings:
    """The interval kept in the journal, the default (5 school days) where none was kept."""
    return rule_settings.load(session, WEEKLY_REVIEW_KEY, WeeklyReviewSettings())


def save_settings(session: Session, value: WeeklyReviewSettings) -> None:
    """Keep a new interval.

    Raises:
        InvalidValue: an interval out of its range (1 to 60 school days; nothing is kept).
    """
    if not value.valid():
        raise InvalidValue("weekly_review", "out_of_range")
    rule_settings.save(session, WEEKLY_REVIEW_KEY, value)


def review_code(number: int) -> str:
    """The step code of the `number`-th weekly review."""
    return f"{REVIEW_PREFIX}{number}"


def review_number(code: str) -> int | None:
    """The number of a weekly review's step code, None for any other code."""
    if not code.startswith(REVIEW_PREFIX):
        return None
    rest = code.removeprefix(REVIEW_PREFIX)
    return int(rest) if rest.isdigit() else None


def _steps(session: Session, case_id: int) -> list[m.ChecklistStep]:
    return list(
        session.exec(
            select(m.ChecklistStep)
            .where(m.ChecklistStep.case_id == case_id)
            .order_by(col(m.ChecklistStep.id))
        ).all()
    )


def _reviews(steps: list[m.ChecklistStep]) -> list[tuple[int, m.ChecklistStep]]:
    found = [(review_number(s.step_code), s) for s in steps]
    return sorted((n, s) for n, s in found if n is not None)


def _add_review(session: Session, case: m.Case, number: int, after: date) -> None:
    pupil = session.get(m.Pupil, case.pupil_id)
    school_days = calendar(session, pupil.school_id if pupil is not None else None)
    interval = settings(session).interval_school_days
    session.add(
        m.ChecklistStep(
            case_id=stored_id(case),
            step_code=review_code(number),
            due_on=due_date(school_days, after, interval),
        )
    )
    session.flush()


def after_settled(session: Session, step: m.ChecklistStep) -> None:
    """A step was settled: if it is the case's latest review step (the template's
    `review_and_escalate` or the last weekly review), add the next weekly review."""
    case = session.get(m.Case, step.case_id)
    if case is None or case.kind != CaseKind.MISSING or case.status != CaseStatus.OPEN:
        return
    number = review_number(step.step_code)
    if step.step_code != FIRST_REVIEW_AFTER and number is None:
        return
    reviews = _reviews(_steps(session, step.case_id))
    if any(s.done_at is None for _n, s in reviews):
        return  # one review waits already
    last = reviews[-1][0] if reviews else 0
    if (number or 0) != last:
        return  # an earlier review settled late: the chain goes on from its last review
    _add_review(session, case, last + 1, step.due_on)


def on_closed(session: Session, case_id: int) -> None:
    """The case was closed: its unsettled weekly review goes (see the module's text)."""
    for _number, step in _reviews(_steps(session, case_id)):
        if step.done_at is None:
            session.delete(step)
    session.flush()


def on_reopened(session: Session, case: m.Case, day: date) -> None:
    """The case was reopened on `day`: if its reviews had begun, the next is due the
    interval from `day`."""
    if case.kind != CaseKind.MISSING:
        return
    steps = _steps(session, stored_id(case))
    started = any(s.step_code == FIRST_REVIEW_AFTER and s.done_at is not None for s in steps)
    reviews = _reviews(steps)
    if not started or any(s.done_at is None for _n, s in reviews):
        return
    _add_review(session, case, (reviews[-1][0] if reviews else 0) + 1, day)
