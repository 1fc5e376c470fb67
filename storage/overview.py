"""The journal at a glance: who keeps it, what it holds, and the newest changes.

The counsellor's profile heads every report of concern; the summary is what the home screen
counts; the audit trail is every change, newest first.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage import models as m
from storage import records


def _counsellor(session: Session) -> m.Counsellor | None:
    return session.exec(select(m.Counsellor).order_by(col(m.Counsellor.id))).first()


def profile(session: Session) -> records.Profile | None:
    """Who keeps this journal, or None before the profile is set."""
    row = _counsellor(session)
    return records.Profile(row.name, row.role, row.phone, row.email) if row else None


def set_profile(session: Session, name: str, role: str, phone: str, email: str) -> None:
    """Who keeps this journal; heads every report of concern."""
    counsellor = _counsellor(session) or m.Counsellor(name=name)
    counsellor.name, counsellor.role = name, role
    counsellor.phone, counsellor.email = phone, email
    session.add(counsellor)


def summary(session: Session, *, count_marks: bool = True) -> records.Summary:
    """How many schools, classes, pupils, ... the journal holds, and its open cases.

    `pupils` counts the pupils at school now (not those who have left, counted apart), as
    the class counts do. With `count_marks` False the absence marks are not counted
    (absence_marks None): that count reads the whole register, and the dashboard shows it
    nowhere.
    """

    def count(model, *where) -> int:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()

    return records.Summary(
        schools=count(m.School, m.School.served),
        classes=count(m.SchoolGroup, m.SchoolGroup.group_type == m.GroupType.CLASS),
        pupils=count(m.Pupil, col(m.Pupil.left_on).is_(None)),
        guardians=count(m.Guardian),
        absence_marks=count(m.AbsenceMark) if count_marks else None,
        open_missing=count(
            m.Case, m.Case.status == m.CaseStatus.OPEN, m.Case.kind == m.CaseKind.MISSING
        ),
        open_absence_cases=count(
            m.Case,
            m.Case.status == m.CaseStatus.OPEN,
            m.Case.kind == m.CaseKind.PROBLEMATIC_ABSENCE,
        ),
        pupils_left=count(m.Pupil, col(m.Pupil.left_on).is_not(None)),
    )


def audit_trail(session: Session, limit: int) -> list[records.AuditRow]:
    """The newest changes first."""
    rows = session.exec(
        select(m.AuditEvent).order_by(col(m.AuditEvent.id).desc()).limit(limit)
    ).all()
    return [
        records.AuditRow(a.at, a.actor, a.action, a.table_name, a.row_id, a.changes) for a in rows
    ]
