"""Reading and taking a class's register: one class, one date (or one lesson), one week.

The register screen reads a class's pupils on a day with the mark of the slot shown, the
day rule's summary of lesson marks, whether the register is taken, whether the day is a
school day at the class's school (and if not, why), and what else the counsellor must see
at a glance: granted or refused leave covering the day, and "guardians must not be
contacted". Marks are written elsewhere, always through storage.marks.write_marks.

A few plain statements per read (members, marks, codes, leave, taken, lesson plan), each
answered from an index, so opening a register at a school of 2,000 pupils and a million
marks costs about what opening its class list does (tests/bench/bench_register.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, text
from sqlmodel import Session

from storage import models as m
from storage import records, rule_settings
from storage.codes import CalendarKind, GroupType, LeaveStatus
from storage.day_rule import DAY_RULE_KEY, LESSONS_PER_DAY, DayRule
from storage.errors import NotFound
from storage.register import calendar
from storage.register_status import (
    ClosedKind,
    SlotMark,
    SlotState,
    SlotStatus,
    day_status,
    mark_status,
)
from storage.school_calendar import SchoolCalendar, public_holiday
from storage.text import sort_key
from storage.values import as_date

_GROUP = """
SELECT g.name, g.school_id, s.name FROM school_group AS g JOIN school AS s ON s.id = g.school_id
WHERE g.id = :group_id
"""

# Every membership of the class that overlaps [first, last], with the pupil's leaving day.
_MEMBERS = """
SELECT p.id, p.first_name, p.last_name, p.no_guardian_contact, p.left_on,
       gm.starts_on, gm.ends_on
FROM group_membership AS gm JOIN pupil AS p ON p.id = gm.pupil_id
WHERE gm.group_id = :group_id
  AND (gm.starts_on IS NULL OR gm.starts_on <= :last)
  AND (gm.ends_on IS NULL OR gm.ends_on >= :first)
  AND (p.left_on IS NULL OR p.left_on >= :first)
"""

_MARKS = text(
    """
SELECT pupil_id, on_date, lesson, code, minutes, source, note FROM absence_mark
WHERE pupil_id IN :ids AND on_date BETWEEN :first AND :last
"""
).bindparams(bindparam("ids", expanding=True))

_LEAVE = text(
    """
SELECT pupil_id, status, starts_on, ends_on FROM leave_request
WHERE pupil_id IN :ids AND starts_on <= :last AND ends_on >= :first
  AND status IN ('granted', 'refused')
"""
).bindparams(bindparam("ids", expanding=True))

_TAKEN = """
SELECT on_date, lesson, taken_at, taken_by FROM register_taken
WHERE group_id = :group_id AND on_date BETWEEN :first AND :last
"""

_CODES = "SELECT code, category, counts_as_absence FROM absence_code"
_LESSON_PLAN = "SELECT weekday, lessons FROM lesson_plan WHERE group_id = :group_id"


@dataclass
class _Member:
    pupil_id: int
    first_name: str
    last_name: str
    no_guardian_contact: bool
    left_on: date | None
    spans: list[tuple[date | None, date | None]] = field(default_factory=list)

    def in_class_on(self, day: date) -> bool:
        if self.left_on is not None and day > self.left_on:
            return False
        return any(
            (start is None or start <= day) and (end is None or day <= end)
            for start, end in self.spans
        )


@dataclass
class _Week:
    """What one read of [first, last] found for the class."""

    name: str
    school_id: int
    school_name: str
    calendar: SchoolCalendar
    members: list[_Member]
    codes: dict[str, tuple[str, bool]]
    marks: dict[tuple[int, date, int | None], records.RegisterMark]
    leave: list[tuple[int, str, date, date]]
    taken: dict[tuple[date, int | None], tuple[datetime | None, str]]
    lesson_plan: dict[int, int]
    rule: DayRule
    by_lesson: dict[tuple[int, date], list[records.RegisterMark]] = field(default_factory=dict)
    """The lesson marks of each (pupil, day), in lesson order."""

    def __post_init__(self) -> None:
        for (pupil_id, day, lesson), mark in sorted(
            self.marks.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0)
        ):
            if lesson is not None:
                self.by_lesson.setdefault((pupil_id, day), []).append(mark)

    def lessons_on(self, day: date) -> int:
        return self.lesson_plan.get(day.weekday(), LESSONS_PER_DAY)

    def slot_mark(self, mark: records.RegisterMark | None) -> SlotMark | None:
        if mark is None:
            return None
        category, counts = self.codes.get(mark.code, ("unknown", False))
        return SlotMark(mark.code, category, counts, mark.minutes)

    def day_taken(self, day: date) -> bool:
        """A day's register counts as taken when the day's or any lesson's register is."""
        return any(taken_day == day for taken_day, _lesson in self.taken)

    def lesson_marks(self, pupil_id: int, day: date) -> list[records.RegisterMark]:
        return self.by_lesson.get((pupil_id, day), [])

    def day_cell(self, member: _Member, day: date) -> SlotStatus:
        if closed_reason(self.calendar, day)[0] is not None:
            return SlotStatus(SlotState.NOT_SCHOOL_DAY)
        if not member.in_class_on(day):
            return SlotStatus(SlotState.NOT_IN_CLASS)
        whole = self.marks.get((member.pupil_id, day, None))
        lessons = [self.slot_mark(mark) for mark in self.lesson_marks(member.pupil_id, day)]
        return day_status(
            self.slot_mark(whole),
            [mark for mark in lessons if mark is not None],
            lessons_that_day=self.lessons_on(day),
            rule=self.rule,
            taken=self.day_taken(day),
        )

    def leave_on(self, pupil_id: int, day: date, status: str) -> bool:
        return any(
            pid == pupil_id and found == status and start <= day <= end
            for pid, found, start, end in self.leave
        )


def closed_reason(school_calendar: SchoolCalendar, day: date) -> tuple[ClosedKind | None, str]:
    """Why `day` is not a school day at the school (and the break's name), or (None, "")."""
    if day.weekday() >= 5:
        return ClosedKind.WEEKEND, ""
    period = school_calendar.closed_by(day)
    if period is not None:
        kind = ClosedKind.BREAK if period.kind == CalendarKind.BREAK else ClosedKind.DAY_OFF
        return kind, period.name
    holiday = public_holiday(day)
    if holiday:
        return ClosedKind.HOLIDAY, holiday
    if not school_calendar.is_school_day(day):
        return ClosedKind.OUTSIDE_TERM, ""
    return None, ""


def _read(session: Session, group_id: int, first: date, last: date) -> _Week:
    connection = session.connection()
    group = connection.execute(text(_GROUP), {"group_id": group_id}).first()
    if group is None:
        raise NotFound("group")
    span = {"group_id": group_id, "first": first.isoformat(), "last": last.isoformat()}
    members: dict[int, _Member] = {}
    for row in connection.execute(text(_MEMBERS), span):
        member = members.get(row[0])
        if member is None:
            member = members[row[0]] = _Member(
                row[0], row[1], row[2], bool(row[3]), as_date(row[4])
            )
        member.spans.append((as_date(row[5]), as_date(row[6])))
    ordered = sorted(
        members.values(),
        key=lambda p: (sort_key(p.last_name), sort_key(p.first_name), p.pupil_id),
    )
    ids = list(members)
    marks: dict[tuple[int, date, int | None], records.RegisterMark] = {}
    leave: list[tuple[int, str, date, date]] = []
    if ids:
        dates = {"ids": ids, "first": first.isoformat(), "last": last.isoformat()}
        for row in connection.execute(_MARKS, dates):
            day = as_date(row[1])
            assert day is not None
            marks[(row[0], day, row[2])] = records.RegisterMark(
                row[3], row[4], row[5], row[6] or "", row[2]
            )
        for row in connection.execute(_LEAVE, dates):
            start, end = as_date(row[2]), as_date(row[3])
            assert start is not None and end is not None
            leave.append((row[0], row[1], start, end))
    taken = {
        (as_date(row[0]), row[1]): (_as_datetime(row[2]), row[3] or "")
        for row in connection.execute(text(_TAKEN), span)
    }
    codes = {row[0]: (row[1], bool(row[2])) for row in connection.execute(text(_CODES))}
    plan = {
        row[0]: row[1] for row in connection.execute(text(_LESSON_PLAN), {"group_id": group_id})
    }
    return _Week(
        name=group[0],
        school_id=group[1],
        school_name=group[2],
        calendar=calendar(session, group[1]),
        members=ordered,
        codes=codes,
        marks=marks,
        leave=leave,
        taken=taken,  # type: ignore[arg-type]
        lesson_plan=plan,
        rule=rule_settings.load(session, DAY_RULE_KEY, DayRule()),
    )


def _as_datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def class_register(
    session: Session, group_id: int, day: date, lesson: int | None = None
) -> records.ClassRegister:
    """The class's register for `day` (lesson None: the whole day) or one lesson of it.

    Pupils are the class's members on `day` (a pupil who left is listed up to and including
    the day they left), in Swedish order. Each carries the mark of the slot, its cell
    (storage.register_status; for a day, the day rule over its lesson marks), and the leave
    and contact flags that day.

    Raises:
        NotFound: no such class.
    """
    week = _read(session, group_id, day, day)
    closed, closed_name = closed_reason(week.calendar, day)
    taken_key = (day, lesson)
    taken = taken_key in week.taken if lesson is not None else week.day_taken(day)
    taken_at, taken_by = week.taken.get(taken_key, (None, ""))
    pupils = []
    marks_by_lesson = False
    for member in week.members:
        if not member.in_class_on(day):
            continue
        whole = week.marks.get((member.pupil_id, day, None))
        lesson_marks = week.lesson_marks(member.pupil_id, day)
        marks_by_lesson = marks_by_lesson or bool(lesson_marks)
        if closed is not None:
            status = SlotStatus(SlotState.NOT_SCHOOL_DAY)
            mark = whole if lesson is None else week.marks.get((member.pupil_id, day, lesson))
        elif lesson is None:
            mark = whole
            status = week.day_cell(member, day)
        else:
            own = week.marks.get((member.pupil_id, day, lesson))
            mark = own or whole  # a whole day's absence covers every lesson of it
            status = mark_status(week.slot_mark(mark), taken=taken)
        pupils.append(
            records.RegisterPupil(
                pupil_id=member.pupil_id,
                first_name=member.first_name,
                last_name=member.last_name,
                mark=mark,
                status=status,
                leave_granted=week.leave_on(member.pupil_id, day, LeaveStatus.GRANTED),
                leave_refused=week.leave_on(member.pupil_id, day, LeaveStatus.REFUSED),
                no_guardian_contact=member.no_guardian_contact,
            )
        )
    return records.ClassRegister(
        group_id=group_id,
        class_name=week.name,
        school_id=week.school_id,
        school_name=week.school_name,
        on_date=day,
        lesson=lesson,
        lessons_that_day=week.lessons_on(day),
        has_lesson_plan=bool(week.lesson_plan),
        marks_by_lesson=marks_by_lesson,
        closed=closed,
        closed_name=closed_name,
        taken=taken,
        taken_at=taken_at,
        taken_by=taken_by,
        pupils=pupils,
    )


def take_register(
    session: Session, actor: str, group_id: int, day: date, lesson: int | None = None
) -> bool:
    """Record the class's register for `day` (or a lesson) as taken; False if it already was.

    From then on a pupil without a mark in that slot is present, not "not marked". Taking it
    again changes nothing (the first time and person are kept).

    Raises:
        NotFound: no such class.
    """
    if session.get(m.SchoolGroup, group_id) is None:
        raise NotFound("group")
    found = session.connection().execute(
        text(
            "SELECT 1 FROM register_taken WHERE group_id = :group_id AND on_date = :day"
            " AND coalesce(lesson, 0) = :lesson"
        ),
        {"group_id": group_id, "day": day.isoformat(), "lesson": lesson or 0},
    )
    if found.first() is not None:
        return False
    session.add(m.RegisterTaken(group_id=group_id, on_date=day, lesson=lesson, taken_by=actor))
    session.flush()
    return True


_NOT_TAKEN = """
SELECT g.id, g.name, g.school_id, s.name,
       (SELECT COUNT(DISTINCT gm.pupil_id) FROM group_membership AS gm
        JOIN pupil AS p ON p.id = gm.pupil_id
        WHERE gm.group_id = g.id
          AND (gm.starts_on IS NULL OR gm.starts_on <= :day)
          AND (gm.ends_on IS NULL OR gm.ends_on >= :day)
          AND (p.left_on IS NULL OR p.left_on >= :day)) AS pupils
FROM school_group AS g JOIN school AS s ON s.id = g.school_id
WHERE g.group_type = :class_type AND s.served = 1 AND g.school_id = :school_id
  AND NOT EXISTS (SELECT 1 FROM register_taken AS t
                  WHERE t.group_id = g.id AND t.on_date = :day)
"""


def classes_not_taken(session: Session, day: date) -> list[records.NotTakenClass]:
    """Classes of the schools served whose register for `day` is not taken (neither the
    day's nor any lesson's), only where `day` is a school day at that school; by school,
    then 4A < 5A < 10A. Classes with no pupils that day are left out."""
    from storage.text import natural_key

    school_ids = session.connection().execute(text("SELECT id FROM school WHERE served = 1"))
    found = []
    for (school_id,) in school_ids.all():
        if not calendar(session, school_id).is_school_day(day):
            continue
        rows = session.connection().execute(
            text(_NOT_TAKEN),
            {"day": day.isoformat(), "school_id": school_id, "class_type": GroupType.CLASS},
        )
        found += [records.NotTakenClass(r[0], r[1], r[2], r[3], r[4]) for r in rows if r[4]]
    return sorted(found, key=lambda c: (sort_key(c.school_name), natural_key(c.name), c.group_id))


def week_view(session: Session, group_id: int, any_day: date) -> records.WeekView:
    """The class's ISO week around `any_day`: Monday to Friday, one cell per pupil and day.

    Pupils are those in the class on any day of the week; a day they were not in it shows as
    not in class, a day the school is closed as not a school day.

    Raises:
        NotFound: no such class.
    """
    monday = any_day - timedelta(days=any_day.weekday())
    days = [monday + timedelta(days=offset) for offset in range(5)]
    week = _read(session, group_id, days[0], days[-1])
    reasons = [closed_reason(week.calendar, day) for day in days]
    pupils = [
        records.WeekPupil(
            member.pupil_id,
            member.first_name,
            member.last_name,
            [week.day_cell(member, day) for day in days],
        )
        for member in week.members
        if any(member.in_class_on(day) for day in days)
    ]
    return records.WeekView(
        group_id=group_id,
        class_name=week.name,
        school_id=week.school_id,
        days=days,
        closed=[kind for kind, _name in reasons],
        closed_names=[name for _kind, name in reasons],
        taken=[week.day_taken(day) for day in days],
        pupils=pupils,
    )
