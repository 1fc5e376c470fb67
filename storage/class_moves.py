"""Moving a pupil to a class named by the counsellor, which may not exist yet.

"Move to another class" lets the counsellor type a class name instead of choosing one: the
pupil's school gets the class if it has none of that name ("8c" finds "8C"), and the pupil
moves there, in one transaction: a class is never left behind for a move that failed.
"""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session, select

from storage import models as m
from storage import people
from storage.errors import InvalidValue, NotFound
from storage.session import stored_id
from storage.values import required


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _school_year(name: str) -> int | None:
    """The year a class name starts with ("8C" -> 8), if it names one Swedish schools have."""
    found = re.match(r"\s*(\d{1,2})", name)
    return int(found.group(1)) if found and 0 <= int(found.group(1)) <= 13 else None


def move_to_named_class(session: Session, pupil_id: int, class_name: str, *, on: date) -> int:
    """Move the pupil from `on` to the class `class_name` of their school, creating it if
    the school has none of that name; returns the class's id.

    Raises:
        NotFound: no such pupil.
        InvalidValue: the name is empty ("class_name", "empty"), or the pupil belongs to no
            school to add the class to ("school", "empty").
    """
    name = " ".join(required(class_name, "class_name").split())
    pupil = session.get(m.Pupil, pupil_id)
    if pupil is None:
        raise NotFound("pupil")
    if pupil.school_id is None:
        raise InvalidValue("school", "empty")
    existing = session.exec(
        select(m.SchoolGroup).where(
            m.SchoolGroup.school_id == pupil.school_id,
            m.SchoolGroup.group_type == m.GroupType.CLASS,
        )
    ).all()
    found = next((g for g in existing if _same_name(g.name) == _same_name(name)), None)
    if found is not None:
        group_id = stored_id(found)
    else:
        group_id = people.add_group(
            session,
            pupil.school_id,
            name,
            group_type=m.GroupType.CLASS,
            school_year=_school_year(name),
        )
    people.move_pupil(session, pupil_id, group_id, on=on)
    return group_id
