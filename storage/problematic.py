"""Problematic absence and per-pupil attendance: read the journal, apply the pure rules.

The rules live in storage.absence_rules and storage.attendance_summary (pure, tested at
their boundaries); this module fetches what they need with the named SQL of storage.queries
(so the benchmark runs exactly these statements): each pupil's own school's calendar, their
class's lesson plan, the day rule and the thresholds kept in the journal.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import Session

from storage import cases, queries, records, rule_settings
from storage.absence_reading import (
    as_date,
    calendar_near,
    day_marks_from_row,
    lessons_of_class,
    read_lesson_plans,
)
from storage.absence_rules import (
    INVALID_HOURS_CALENDAR_DAYS,
    PROBLEMATIC_ABSENCE_KEY,
    DayMarks,
    ProblematicAbsenceSettings,
    PupilDays,
    evaluate,
    pupil_school_days,
)
from storage.attendance_summary import AttendanceSummary, summarise, term_around
from storage.checklist import ChecklistTemplate
from storage.codes import CaseKind, EntryKind
from storage.day_rule import DAY_RULE_KEY, DayRule
from storage.errors import InvalidValue, NotFound
from storage.school_calendar import SchoolCalendar, school_year_of


def _window_start(school_days: SchoolCalendar, today: date, recent_days: int) -> date:
    """The first day any rule of this school looks at: the term's start, the recent window's
    first school day, or 30 calendar days back, whichever is earliest."""
    term_start, _end, _name = term_around(school_days, today)
    first = today
    for _ in range(recent_days):
        earlier = school_days.previous_school_day(first)
        if earlier is None:
            break
        first = earlier
    return min(term_start, first, today - timedelta(days=INVALID_HOURS_CALENDAR_DAYS - 1))


def settings(session: Session) -> ProblematicAbsenceSettings:
    """The thresholds kept in the journal, the stated default where none was kept."""
    return rule_settings.load(session, PROBLEMATIC_ABSENCE_KEY, ProblematicAbsenceSettings())


def save_settings(session: Session, value: ProblematicAbsenceSettings) -> None:
    """Keep new thresholds.

    Raises:
        InvalidValue: a threshold out of its range (nothing is kept).
    """
    if not value.valid():
        raise InvalidValue("problematic_absence", "out_of_range")
    rule_settings.save(session, PROBLEMATIC_ABSENCE_KEY, value)


def problematic_absence(session: Session, today: date) -> records.ProblematicAbsenceList:
    """Pupils for whom at least one rule fires on `today`, by class and name.

    Pupils with an open missing-pupil case are not listed (that track is kept apart); the
    list says how many were left out. A pupil with an open problematic-absence case carries
    the case's id and day 0.
    """
    thresholds = settings(session)
    day_rule = rule_settings.load(session, DAY_RULE_KEY, DayRule())
    connection = session.connection()
    pupils = connection.execute(text(queries.RULE_PUPILS), {"start": today.isoformat()}).all()
    calendars: dict[int | None, SchoolCalendar] = {}
    starts: dict[int | None, date] = {}
    days_of: dict[int | None, list[date]] = {}
    for school_id in sorted({p[3] for p in pupils}, key=lambda s: (s is None, s or 0)):
        school = calendar_near(session, school_id, today)
        calendars[school_id] = school
        starts[school_id] = _window_start(school, today, thresholds.recent_days)
        days_of[school_id] = school.school_days(starts[school_id], today)
    if not pupils:
        return records.ProblematicAbsenceList(today, thresholds, (), 0)
    start = min(starts.values())
    marks: dict[int, dict[date, DayMarks]] = {}
    rows = connection.execute(
        text(queries.ABSENCE_DAY_MARKS), {"start": start.isoformat(), "end": today.isoformat()}
    ).all()
    for row in rows:
        day = day_marks_from_row(row, 1)
        marks.setdefault(row[0], {})[day.on_date] = day
    open_cases = connection.execute(
        text(queries.OPEN_CASES_OF_KIND), {"kind": CaseKind.PROBLEMATIC_ABSENCE}
    ).all()
    investigations = {r[0]: (r[1], as_date(r[2])) for r in open_cases}
    missing = {
        r[0]
        for r in connection.execute(
            text(queries.OPEN_CASES_OF_KIND), {"kind": CaseKind.MISSING}
        ).all()
    }
    plans = read_lesson_plans(session)
    found: list[records.ProblematicPupil] = []
    left_out = 0
    for pupil_id, first, last, school_id, enrolled, left, class_id, class_name in pupils:
        own = marks.get(pupil_id)
        if not own:
            continue  # no absence in the window: no rule can fire
        school = calendars[school_id]
        school_days = pupil_school_days(days_of[school_id], as_date(enrolled), as_date(left))
        term_start, _end, _name = term_around(school, today)
        term_days = [d for d in school_days if d >= term_start]
        days = PupilDays(school_days, term_days, own, lessons_of_class(plans, class_id))
        findings = evaluate(days, today, thresholds, day_rule)
        if not findings:
            continue
        if pupil_id in missing:
            left_out += 1
            continue
        case = investigations.get(pupil_id)
        found.append(
            records.ProblematicPupil(
                pupil_id=pupil_id,
                first_name=first,
                last_name=last,
                class_name=class_name or "",
                findings=tuple(findings),
                case_id=case[0] if case else None,
                case_day0=case[1] if case else None,
            )
        )
    return records.ProblematicAbsenceList(today, thresholds, tuple(found), left_out)


def attendance_summary(session: Session, pupil_id: int, today: date) -> AttendanceSummary:
    """The pupil's attendance this term and this school year, and the term's heat strip.

    Raises:
        NotFound: no such pupil.
    """
    connection = session.connection()
    pupil = connection.execute(text(queries.PUPIL_FOR_ATTENDANCE), {"pupil_id": pupil_id}).first()
    if pupil is None:
        raise NotFound("pupil")
    school_id, enrolled, left, class_id = pupil
    school = calendar_near(session, school_id, today)
    term_start, term_end, _name = term_around(school, today)
    year_start, _year_end = school_year_of(today)
    start, end = min(term_start, year_start), max(term_end, today)
    rows = connection.execute(
        text(queries.PUPIL_DAY_MARKS),
        {"pupil_id": pupil_id, "start": start.isoformat(), "end": end.isoformat()},
    ).all()
    marks = {day.on_date: day for day in (day_marks_from_row(row, 0) for row in rows)}
    return summarise(
        school,
        marks,
        lessons_of_class(read_lesson_plans(session), class_id),
        rule_settings.load(session, DAY_RULE_KEY, DayRule()),
        today,
        enrolled_on=as_date(enrolled),
        left_on=as_date(left),
    )


def open_investigation(
    session: Session,
    actor: str,
    pupil_id: int,
    day0: date,
    explanation: str,
    template: ChecklistTemplate | None = None,
) -> int:
    """Open a problematic-absence investigation (its checklist includes "organiser
    notified" and "home municipality informed"), with `explanation` (why: the rules that
    fired, their dates) as its first entry, in one transaction. Returns the case's id.
    `template` is the school's checklist (storage.checklist; the built-in one if None).

    Raises:
        NotFound: no such pupil.
        InvalidValue: the pupil already has an open problematic-absence investigation.
    """
    already = session.connection().execute(
        text(queries.OPEN_CASES_OF_KIND), {"kind": CaseKind.PROBLEMATIC_ABSENCE}
    )
    if any(row[0] == pupil_id for row in already):
        raise InvalidValue("case", "already_open")
    case_id = cases.open_case(
        session,
        actor,
        pupil_id,
        CaseKind.PROBLEMATIC_ABSENCE,
        day0,
        honour_related=False,
        at=None,
        template=template,
    )
    if explanation.strip():
        cases.add_entry(
            session,
            actor,
            pupil_id,
            explanation.strip(),
            kind=EntryKind.NOTE,
            case_id=case_id,
            at=None,
        )
    return case_id
