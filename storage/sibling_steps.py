"""A checklist step per sibling at another school, on a missing pupil's case (DOMAIN.md,
"The missing-pupil checklist": contact the schools of siblings elsewhere, including
independent schools).

Which siblings: each sibling link (storage.people, SiblingLink) of the pupil that points
elsewhere: a child entered by name (not a pupil of this journal), or a pupil of this journal
at another school than the missing pupil's (a school the counsellor also serves). Siblings at
the pupil's own school need no step: their attendance is on the case already
(storage.case_view, `siblings_here`). Siblings found only through a shared guardian are not
links and get no step of their own: the general step covers them.

Each gets its own step, code `contact_sibling_school/<link id>` (unique within the case),
due like the template's general step `contact_sibling_schools` (2 school days after day 0
in the built-in template). A sibling linked while a missing case is open gets its step when
the link is added, due that many school days from the day it is added (as steps added by
honour-related mode are): nobody could have called that school before the sibling was known.

The general step stays, always: the journal only knows the siblings somebody entered, and
the routine asks to find the others too (the guardians, the population register). Marking it
not applicable on the counsellor's behalf would claim there are no other siblings.

Completing a sibling's step asks whom the counsellor spoke with (`spoke_with`) and what came
of it (storage.cases.complete_step). A link whose step is settled (done or not applicable)
is part of the case's record and cannot be removed (InvalidValue("sibling_link",
"in_case_record")): the step keeps naming the sibling and their school. A link whose steps
are all unsettled can be removed, and its steps go with it (a link entered by mistake).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage import checklist
from storage import models as m
from storage.clock import now
from storage.codes import CaseKind, CaseStatus, SchoolType
from storage.errors import InvalidValue
from storage.register import calendar
from storage.session import stored_id
from storage.whereabouts import local_day

SIBLING_STEP_PREFIX = "contact_sibling_school/"
GENERAL_STEP = "contact_sibling_schools"


@dataclass(frozen=True)
class SiblingElsewhere:
    """A sibling a step is about, as the step names them."""

    link_id: int
    name: str
    school_name: str
    school_type: str  # storage.codes.SchoolType


def step_code(link_id: int) -> str:
    """The step code of the sibling linked by `link_id`."""
    return f"{SIBLING_STEP_PREFIX}{link_id}"


def is_sibling_step(code: str) -> bool:
    return code.startswith(SIBLING_STEP_PREFIX)


def due_day(template: checklist.ChecklistTemplate) -> int:
    """School days after day 0 a sibling's step is due: as the template's general step, or
    as the built-in one's when the school's template has none."""
    general = template.step(GENERAL_STEP) or checklist.built_in(CaseKind.MISSING).step(
        GENERAL_STEP
    )
    assert general is not None  # the built-in template has it (tested)
    return general.due_day


def describe(session: Session, link: m.SiblingLink, pupil_id: int) -> SiblingElsewhere:
    """The sibling of `pupil_id` that `link` names: by the link's own words for a child
    elsewhere, by the journal's pupil and school for a pupil of this journal."""
    if link.sibling_pupil_id is None:
        return SiblingElsewhere(stored_id(link), link.name, link.school_name, link.school_type)
    other_id = link.sibling_pupil_id if link.pupil_id == pupil_id else link.pupil_id
    other = session.get(m.Pupil, other_id)
    school = session.get(m.School, other.school_id) if other and other.school_id else None
    return SiblingElsewhere(
        stored_id(link),
        f"{other.first_name} {other.last_name}" if other else "",
        school.name if school else "",
        school.school_type if school else SchoolType.UNKNOWN,
    )


def _elsewhere(session: Session, link: m.SiblingLink, pupil: m.Pupil) -> bool:
    """Whether the link names a sibling of `pupil` at another school."""
    if link.sibling_pupil_id is None:
        return link.pupil_id == pupil.id
    other_id = link.sibling_pupil_id if link.pupil_id == pupil.id else link.pupil_id
    other = session.get(m.Pupil, other_id)
    return other is not None and other.school_id != pupil.school_id


def links_elsewhere(session: Session, pupil_id: int) -> list[m.SiblingLink]:
    """The pupil's sibling links that point at another school, oldest link first."""
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        return []
    links = session.exec(
        select(m.SiblingLink)
        .where(
            or_(
                col(m.SiblingLink.pupil_id) == pupil_id,
                col(m.SiblingLink.sibling_pupil_id) == pupil_id,
            )
        )
        .order_by(col(m.SiblingLink.id))
    ).all()
    return [link for link in links if _elsewhere(session, link, pupil)]


def add_for_case(session: Session, case: m.Case, days: int, from_day: date) -> list[str]:
    """Give a missing case a step for each sibling elsewhere it has no step for yet, due
    `days` school days after `from_day`; returns the codes added."""
    if case.kind != CaseKind.MISSING:
        return []
    have = set(
        session.exec(
            select(m.ChecklistStep.step_code).where(m.ChecklistStep.case_id == stored_id(case))
        ).all()
    )
    pupil = session.get(m.Pupil, case.pupil_id)
    school_days = calendar(session, pupil.school_id if pupil is not None else None)
    added = []
    for link in links_elsewhere(session, case.pupil_id):
        code = step_code(stored_id(link))
        if code in have:
            continue
        session.add(
            m.ChecklistStep(
                case_id=stored_id(case),
                step_code=code,
                due_on=checklist.due_date(school_days, from_day, days),
                sibling_link_id=stored_id(link),
            )
        )
        added.append(code)
    session.flush()
    return added


def on_link_added(session: Session, link: m.SiblingLink) -> None:
    """A sibling was linked: each open missing case of either pupil the link joins gets a
    step for the sibling if they are at another school, due from today (see the module)."""
    today = local_day(now())
    days = due_day(checklist.built_in(CaseKind.MISSING))
    pupils = {link.pupil_id} | ({link.sibling_pupil_id} if link.sibling_pupil_id else set())
    cases = session.exec(
        select(m.Case).where(
            col(m.Case.pupil_id).in_(pupils),
            m.Case.kind == CaseKind.MISSING,
            m.Case.status == CaseStatus.OPEN,
        )
    ).all()
    for case in cases:
        add_for_case(session, case, days, today)


def before_link_removed(session: Session, link_id: int) -> None:
    """Remove the unsettled steps about the sibling of `link_id`, before the link goes.

    Raises:
        InvalidValue: a step about the sibling is settled ("sibling_link", "in_case_record").
    """
    steps = session.exec(
        select(m.ChecklistStep).where(m.ChecklistStep.sibling_link_id == link_id)
    ).all()
    if any(step.done_at is not None for step in steps):
        raise InvalidValue("sibling_link", "in_case_record")
    for step in steps:
        session.delete(step)
    session.flush()
