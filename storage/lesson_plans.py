"""A class's lessons per weekday (lektioner per veckodag), for lesson-level marking.

A class without a plan for a weekday is marked by the day, counted as
storage.day_rule.LESSONS_PER_DAY lessons. Setting a plan replaces the whole plan: weekdays
left out have no plan. Changes are ORM changes, so the audit trail records them.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, select

from storage import models as m
from storage.errors import InvalidValue, NotFound

WEEKDAYS = range(5)
"""0 Monday .. 4 Friday: a school's weekdays."""

MAX_LESSONS = 12
"""The most lessons a plan accepts for one day (a long day has 8 or 9)."""


def lesson_plan(session: Session, group_id: int) -> dict[int, int]:
    """The class's lessons by weekday (0 Monday .. 4 Friday); {} when it has no plan.

    Raises:
        NotFound: no such class.
    """
    if session.get(m.SchoolGroup, group_id) is None:
        raise NotFound("group")
    rows = session.exec(select(m.LessonPlan).where(m.LessonPlan.group_id == group_id)).all()
    return {row.weekday: row.lessons for row in sorted(rows, key=lambda r: r.weekday)}


def set_lesson_plan(session: Session, group_id: int, plan: Mapping[int, int]) -> None:
    """Replace the class's plan with `plan` ({weekday: lessons}); {} removes it.

    Raises:
        NotFound: no such class.
        InvalidValue: a weekday outside 0..4, or lessons outside 0..MAX_LESSONS; nothing
            is changed.
    """
    if session.get(m.SchoolGroup, group_id) is None:
        raise NotFound("group")
    for weekday, lessons in plan.items():
        if weekday not in WEEKDAYS:
            raise InvalidValue("weekday", "out_of_range")
        if not 0 <= lessons <= MAX_LESSONS:
            raise InvalidValue("lessons", "out_of_range")
    rows = {
        row.weekday: row
        for row in session.exec(select(m.LessonPlan).where(m.LessonPlan.group_id == group_id))
    }
    for weekday, row in rows.items():
        if weekday not in plan:
            session.delete(row)
        elif row.lessons != plan[weekday]:
            row.lessons = plan[weekday]
    for weekday, lessons in plan.items():
        if weekday not in rows:
            session.add(m.LessonPlan(group_id=group_id, weekday=weekday, lessons=lessons))
    session.flush()
