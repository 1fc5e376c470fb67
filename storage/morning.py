"""The morning dashboard: today at a glance, in one read of the journal.

Each count is the length of the very list its key opens, made by the same use case: the
registers not taken (storage.register_view.classes_not_taken, R), the guardians to tell
(storage.notices.notices_due, N), the missing-pupil candidates (storage.candidates, V: read
only on the first school days after a break, when the not-back list is what the morning is
about), problematic absence (storage.problematic, P). The open missing-pupil cases are
listed with their overdue steps (storage.checklist.is_overdue), the day of the case and the
missing clock since the pupil was last seen (storage.whereabouts, the same rules and numbers
as the case screen). Problematic-absence investigations are never among them: the two tracks
are kept apart.

Last seen is found for every open case at once: the recent days of all their pupils in one
query, walked back from today to the last day present; only a pupil not present in that
span is read over the whole whereabouts window (storage.candidates.WHEREABOUTS_DAYS), pupil
by pupil, so the answer is the one storage.candidates.pupil_whereabouts gives.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import Session

from storage import (
    backup_reminder,
    candidates,
    exports,
    notices,
    overview,
    problematic,
    queries,
    records,
    register_view,
    report_of_concern,
)
from storage.absence_reading import (
    as_date,
    calendar_near,
    day_marks_from_row,
    lessons_of_class,
    read_lesson_plans,
)
from storage.absence_rules import DayMarks, pupil_school_days
from storage.candidate_rules import CandidateRule
from storage.checklist import is_overdue
from storage.codes import ExportContent
from storage.school_calendar import SchoolCalendar
from storage.whereabouts import missing_clock, was_present

RECENT_DAYS = 60
"""Last seen is first looked for this many calendar days back, for every case at once."""

AHEAD_DAYS = 200
"""The checklist's later due dates lie within this many days (storage.problematic reads the
calendar as far ahead)."""


class _CountedCalendar(SchoolCalendar):
    """A school's calendar whose school days around today are worked out once.

    The clock of every open case asks the same calendar for school days between two dates
    several times (since last seen, the day of the case, each milestone); at 200 cases that
    was most of the dashboard's time (tests/bench/bench_dashboard.py). Within [first, last]
    the answer is a slice of one list; outside it the calendar works as always.
    """

    def __init__(self, school: SchoolCalendar, first: date, last: date):
        # The same periods as `school` (SchoolCalendar keeps them sorted in these two).
        self.terms, self.closed = school.terms, school.closed
        self._first, self._last = first, last
        self._days = SchoolCalendar.school_days(self, first, last)

    def school_days(self, start: date, end: date) -> list[date]:
        if self._first <= start and end <= self._last:
            return self._days[bisect_left(self._days, start) : bisect_right(self._days, end)]
        return super().school_days(start, end)


def morning(session: Session, today: date) -> records.Morning:
    """Today at a glance (see the module's text)."""
    schools = _calendars_of_pupils_schools(session, today)
    breaks = after_break_names(session, schools, today)
    listed = candidates.missing_candidates(session, today) if breaks else None
    absence = problematic.problematic_absence(session, today)
    due = notices.notices_due(session, today)
    return records.Morning(
        today=today,
        school_day=any(school.is_school_day(today) for school in schools),
        profile=overview.profile(session),
        summary=overview.summary(session, count_marks=False),
        registers_not_taken=len(register_view.classes_not_taken(session, today)),
        notices_due=len(due.due),
        not_to_call=len(due.not_to_call),
        problematic=len(absence.pupils),
        problematic_investigated=sum(1 for p in absence.pupils if p.case_id is not None),
        breaks=breaks,
        candidates=len(listed.pupils) if listed is not None else None,
        not_back=(
            sum(
                1
                for pupil in listed.pupils
                if any(r.rule == CandidateRule.AFTER_BREAK for r in pupil.reasons)
            )
            if listed is not None
            else 0
        ),
        missing_cases=missing_cases(session, today),
        **_backup_reminder(session, today),
        **_reports_waiting(session),
    )


def _reports_waiting(session: Session) -> dict:
    """Reports of concern not filed yet, and phone reports not yet followed up in writing."""
    unfiled, follow_up = report_of_concern.waiting_counts(session)
    return {"reports_unfiled": unfiled, "reports_follow_up": follow_up}


def _backup_reminder(session: Session, today: date) -> dict:
    """The last backup's age and whether home should remind (storage.backup_reminder)."""
    last = exports.last_export_at(session, ExportContent.BACKUP)
    return {
        "days_since_backup": backup_reminder.days_since_backup(last, today),
        "backup_due": backup_reminder.backup_due(last, today, backup_reminder.settings(session)),
    }


def _calendars_of_pupils_schools(session: Session, today: date) -> list[SchoolCalendar]:
    """The calendar of each school with a pupil at school today, read once for the morning
    (whether today is a school day anywhere: on a weekend, a holiday or in a break "every
    register taken" would say the wrong thing; and which breaks just ended)."""
    schools = session.connection().execute(
        text(queries.SCHOOLS_OF_PUPILS), {"today": today.isoformat()}
    )
    return [calendar_near(session, school_id, today) for (school_id,) in schools.all()]


def after_break_names(
    session: Session, schools: list[SchoolCalendar], today: date
) -> tuple[str, ...]:
    """The breaks (their names, in the order found) whose first school days, as the
    not-back rule counts them, include today at one of `schools`."""
    days_after = candidates.settings(session).days_after_break
    found: list[str] = []
    for school in schools:
        for window in candidates._break_windows(school, today, days_after):
            current = bool(window.days) and window.days[0] <= today <= window.days[-1]
            if current and window.name not in found:
                found.append(window.name)
    return tuple(found)


@dataclass(frozen=True)
class _CaseRow:
    case_id: int
    pupil_id: int
    day0: date
    honour_related: bool
    first_name: str
    last_name: str
    school_id: int | None
    enrolled_on: date | None
    left_on: date | None
    class_id: int | None
    class_name: str
    school_year: int | None


@dataclass(frozen=True)
class _Step:
    code: str
    due_on: date
    settled: bool


def missing_cases(session: Session, today: date) -> tuple[records.MorningCase, ...]:
    """Open missing-pupil cases with their overdue steps and the clock since last seen; the
    most overdue steps first, then the oldest day 0."""
    connection = session.connection()
    cases = [
        _CaseRow(
            r[0],
            r[1],
            as_date(r[2]),  # type: ignore[arg-type]
            bool(r[3]),
            r[4],
            r[5],
            r[6],
            as_date(r[7]),
            as_date(r[8]),
            r[9],
            r[10] or "",
            r[11],
        )
        for r in connection.execute(text(queries.MORNING_MISSING_CASES)).all()
    ]
    if not cases:
        return ()
    steps: dict[int, list[_Step]] = {}
    for case_id, code, due_on, settled in connection.execute(
        text(queries.MORNING_CASE_STEPS)
    ).all():
        steps.setdefault(case_id, []).append(_Step(code, as_date(due_on), bool(settled)))  # type: ignore[arg-type]
    upper_from = candidates.settings(session).upper_secondary_from_year
    calendars = {
        school_id: _CountedCalendar(
            calendar_near(session, school_id, today),
            today - timedelta(days=candidates.WHEREABOUTS_DAYS),
            today + timedelta(days=AHEAD_DAYS),
        )
        for school_id in {case.school_id for case in cases}
    }
    last_seen = _last_present(session, today, cases, calendars)
    found = []
    for case in cases:
        school = calendars[case.school_id]
        own = steps.get(case.case_id, [])
        due_dates = tuple(sorted({s.due_on for s in own}))
        upper = case.school_year is not None and case.school_year >= upper_from
        clock = missing_clock(
            school,
            today,
            last_seen.get(case.pupil_id),
            case.day0,
            upper,
            _fixed(due_dates),
        )
        overdue = [s for s in own if is_overdue(s.due_on, s.settled, today)]
        found.append(
            records.MorningCase(
                case_id=case.case_id,
                pupil_id=case.pupil_id,
                first_name=case.first_name,
                last_name=case.last_name,
                class_name=case.class_name,
                day0=case.day0,
                honour_related=case.honour_related,
                case_day=len([d for d in school.school_days(case.day0, today) if d > case.day0]),
                last_present=clock.last_present,
                school_days_since=clock.school_days_since,
                calendar_days_since=clock.calendar_days_since,
                overdue_steps=len(overdue),
                first_overdue_step=overdue[0].code if overdue else "",
                first_overdue_due=overdue[0].due_on if overdue else None,
            )
        )
    found.sort(key=lambda c: (-c.overdue_steps, c.day0, c.case_id))
    return tuple(found)


def _fixed(dates: tuple[date, ...]) -> Callable[[date], tuple[date, ...]]:
    """The case's own due dates, whatever day 0 is asked (the steps are dated already)."""
    return lambda _day0: dates


def _last_present(
    session: Session,
    today: date,
    cases: list[_CaseRow],
    calendars: dict[int | None, _CountedCalendar],
) -> dict[int, date]:
    """Each case pupil's last school day present, as storage.candidates.pupil_whereabouts
    finds it: the recent days of all of them at once, the whole window only for a pupil not
    present lately."""
    connection = session.connection()
    start = today - timedelta(days=candidates.WHEREABOUTS_DAYS)
    recent = max(start, today - timedelta(days=RECENT_DAYS))
    span = {"start": recent.isoformat(), "end": today.isoformat()}
    marks: dict[int, dict[date, DayMarks]] = {}
    seen: dict[int, set[date]] = {}
    for row in connection.execute(text(queries.MISSING_PUPILS_DAY_MARKS), span).all():
        day = day_marks_from_row(row, 1)
        if row[6]:
            seen.setdefault(row[0], set()).add(day.on_date)
        if day.whole_day is not None or day.absent_lessons:
            marks.setdefault(row[0], {})[day.on_date] = day
    taken: dict[int, set[date]] = {}
    for group_id, on in connection.execute(text(queries.REGISTER_TAKEN_DAYS), span).all():
        taken.setdefault(group_id, set()).add(as_date(on))  # type: ignore[arg-type]
    plans = read_lesson_plans(session)
    days_of = {
        school_id: school.school_days(start, today) for school_id, school in calendars.items()
    }
    found: dict[int, date] = {}
    for case in cases:
        if case.pupil_id in found:
            continue
        days = pupil_school_days(days_of[case.school_id], case.enrolled_on, case.left_on)
        lessons_on = lessons_of_class(plans, case.class_id)
        own_taken = taken.get(case.class_id, set()) if case.class_id is not None else set()
        last = _walk_back(
            [d for d in days if d >= recent],
            marks.get(case.pupil_id, {}),
            own_taken,
            seen.get(case.pupil_id, set()),
            lessons_on,
        )
        if last is None and recent > start:
            last = _whole_window(session, case, [d for d in days if d < recent], lessons_on)
        if last is not None:
            found[case.pupil_id] = last
    return found


def _walk_back(
    days: list[date],
    marks: dict[date, DayMarks],
    taken: set[date],
    seen: set[date],
    lessons_on: Callable[[date], int],
) -> date | None:
    """The latest of `days` (sorted) on which the pupil was present (whereabouts.was_present)."""
    for day in reversed(days):
        if was_present(marks.get(day), day in taken, day in seen, lessons_on(day)):
            return day
    return None


def _whole_window(
    session: Session, case: _CaseRow, days: list[date], lessons_on: Callable[[date], int]
) -> date | None:
    """Last present among `days`, read pupil by pupil as pupil_whereabouts reads them."""
    if not days:
        return None
    connection = session.connection()
    span = {"start": days[0].isoformat(), "end": days[-1].isoformat()}
    marks: dict[date, DayMarks] = {}
    for row in connection.execute(
        text(queries.PUPIL_DAY_MARKS), {**span, "pupil_id": case.pupil_id}
    ).all():
        day = day_marks_from_row(row, 0)
        if day.whole_day is not None or day.absent_lessons:
            marks[day.on_date] = day
    seen = {
        as_date(r[1])
        for r in connection.execute(
            text(queries.PUPIL_SEEN_DAYS), {**span, "pupil_id": case.pupil_id}
        ).all()
    }
    taken = (
        {
            as_date(r[1])
            for r in connection.execute(
                text(queries.GROUP_REGISTER_TAKEN_DAYS), {**span, "group_id": case.class_id}
            ).all()
        }
        if case.class_id is not None
        else set()
    )
    return _walk_back(days, marks, taken, seen, lessons_on)  # type: ignore[arg-type]
