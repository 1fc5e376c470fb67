"""Retention under the school's document plan: which pupils' records are up for review.

A counsellor's notes are kept, not deleted on a timer (DOMAIN.md, "The counsellor's
records"). In a municipal school the notes that are kept are official documents and may only
be destroyed under the municipality's document management plan (dokumenthanteringsplan); an
independent school follows its own rule. So Saknad deletes nothing by itself: this module
only lists the pupils who left more than the plan's number of years ago, with how many cases
the journal holds about them, so the counsellor can review them. Deleting is a separate,
confirmed act (storage.records_deletion).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage import models as m
from storage import rule_settings
from storage.codes import GroupType
from storage.document_plan import (
    DocumentPlanSettings,
    due_for_review,
    whole_years_between,
)
from storage.errors import InvalidValue
from storage.records import ReviewList, ReviewPupil

DOCUMENT_PLAN_KEY = "document_plan"


def settings(session: Session) -> DocumentPlanSettings:
    """The document plan kept in the journal; the defaults where none was kept."""
    return rule_settings.load(session, DOCUMENT_PLAN_KEY, DocumentPlanSettings())


def save_settings(session: Session, value: DocumentPlanSettings) -> None:
    """Keep a new document plan.

    Raises:
        InvalidValue: an unknown school kind or a number of years out of 1-50 (nothing kept).
    """
    if not value.valid():
        raise InvalidValue("document_plan", "out_of_range")
    rule_settings.save(session, DOCUMENT_PLAN_KEY, value)


def _class_when_left(session: Session, pupil_ids: list[int]) -> dict[int, str]:
    """Each pupil's last class (the class membership that started last)."""
    rows = session.exec(
        select(
            col(m.GroupMembership.pupil_id),
            col(m.SchoolGroup.name),
            col(m.GroupMembership.starts_on),
            col(m.GroupMembership.id),
        )
        .join(m.SchoolGroup, col(m.SchoolGroup.id) == col(m.GroupMembership.group_id))
        .where(
            col(m.GroupMembership.pupil_id).in_(pupil_ids),
            col(m.SchoolGroup.group_type) == GroupType.CLASS,
        )
    ).all()
    latest: dict[int, tuple[date, int, str]] = {}
    for pupil_id, name, starts_on, membership_id in rows:
        key = (starts_on or date.min, membership_id or 0, name)
        if pupil_id not in latest or key > latest[pupil_id]:
            latest[pupil_id] = key
    return {pupil_id: key[2] for pupil_id, key in latest.items()}


def _counts(session: Session, model, pupil_ids: list[int]) -> dict[int, int]:
    rows = session.exec(
        select(col(model.pupil_id), func.count())
        .where(col(model.pupil_id).in_(pupil_ids))
        .group_by(col(model.pupil_id))
    ).all()
    return dict(rows)


def review_list(session: Session, today: date) -> ReviewList:
    """The pupils whose records are due for review on `today`, longest gone first.

    Each with their school, the class they were in when they left, when they left, how many
    whole years ago, and how many cases the journal holds about them (what the review screen
    shows; the pupil's chronology has the rest).
    """
    plan = settings(session)
    left = session.exec(
        select(m.Pupil, m.School.name)
        .outerjoin(m.School, col(m.School.id) == col(m.Pupil.school_id))
        .where(col(m.Pupil.left_on).is_not(None))
    ).all()
    due = [(pupil, school) for pupil, school in left if due_for_review(pupil.left_on, today, plan)]
    ids = [pupil.id for pupil, _school in due if pupil.id is not None]
    classes = _class_when_left(session, ids)
    cases = _counts(session, m.Case, ids)
    pupils = []
    for pupil, school in due:
        assert pupil.id is not None and pupil.left_on is not None  # read from the file
        pupils.append(
            ReviewPupil(
                pupil_id=pupil.id,
                first_name=pupil.first_name,
                last_name=pupil.last_name,
                school_name=school or "",
                class_name=classes.get(pupil.id, ""),
                left_on=pupil.left_on,
                years_since=whole_years_between(pupil.left_on, today),
                cases=cases.get(pupil.id, 0),
            )
        )
    pupils.sort(key=lambda p: (p.left_on, p.last_name, p.first_name, p.pupil_id))
    return ReviewList(today=today, settings=plan, pupils=tuple(pupils))
