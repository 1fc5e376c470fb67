"""Statistics for the action plan: counts per term and school year, with no names.

What is counted, per term (storage.statistics_periods: HT is 1 July to 31 December, VT 1
January to 30 June; a school year is both) and up to `today`:

- missing-pupil cases OPENED in the period (the case's "opened" event; a reopening is not a
  new case), and cases CLOSED in it, each once, with the outcome of its last closing in the
  period (storage.codes.CaseOutcome; every outcome of the missing track is listed);
- pupils NOT BACK AFTER EACH BREAK: the candidate rule itself (storage.candidate_rules
  AFTER_BREAK, through storage.candidates.not_back_after_break) asked on the last day of each
  break's window (its first `days_after_break` school days; today if the window is not over),
  for every break of every school whose first school day after it lies in the period; pupils
  with a missing-pupil case are counted too. Breaks of the same name at several schools are
  one row (their pupils added up); a break with no name is a row of its own. Sommarlov is
  counted only where the calendar holds it as a break: the rule sees no other;
- the MEDIAN SCHOOL DAYS TO LOCATE a missing pupil, over the cases closed as located in the
  period: the school days of the pupil's school after the day the case was (last) opened, up
  to and including the day it was closed (closed the day it was opened: 0). It is counted
  from the opening, not from the case's day 0 (its first school day of unexplained
  absence, from which the case screen counts its "day N");
- problematic-absence investigations OPENED in the period, and reports of concern FILED in it
  (concern_report.reported_at). Times are counted on the Swedish date they happened;
- the municipal follow-up of the WATCH LIST (storage.watch_list), three counts of pupils, each
  within the one before: pupils ON THE LIST at any time in the period (up to today); of them,
  pupils NOT BACK OR MISSING: the not-back rule fired for them after a break of the period
  (as above) while they were on the list (put on before the first school day after it, not
  taken off before the break began), or a missing-pupil case was opened for them in the
  period while they were on the list (the first day back's flag opens one); of those, pupils
  LOCATED: a missing-pupil case of theirs closed as located in the period.

Per class year (årskurs: the school year of the pupil's class on that day, or of the first
class the journal has for the pupil when the day comes before it; pupils in no class are a
row of their own) the hours Skolverket proposed for a national absence register:

- TEACHING OFFERED: each school day of the pupil's own school (its calendar: terms, breaks,
  days off, public holidays) between enrolment and leaving, up to today, has the lessons of
  the class's lesson plan for that weekday (storage.lesson_plans; without a plan
  storage.day_rule.LESSONS_PER_DAY), each `lesson_minutes` long (a setting, default 60: a
  lesson counts as an hour, as the invalid-hours rule counts it). Pupils in no school have no
  calendar and are not counted; a school with no term in its calendar yet has every weekday
  that is not a holiday as a school day, as the register has it.
- VALID and INVALID ABSENCE: on such a day, a whole-day mark that counts as absence takes
  all the day's lessons; otherwise each lesson mark that counts as absence takes its minutes
  when the register recorded them (at most one lesson), else a whole lesson. Invalid marks
  (ogiltig) are invalid absence; valid and reported (anmäld) marks are valid absence, as
  everywhere in the journal. Lesson marks beyond the day's lessons are not counted, so a
  day's absence is never more than the teaching offered that day. Marks on days that are not
  school days are not counted.

The counts here are as counted: storage.statistics_cells hides the small ones before anything
is shown.
"""

from __future__ import annotations

import statistics as maths
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import Session, select

from storage import candidates, records, rule_settings, watch_list
from storage import models as m
from storage.absence_reading import lessons_of_class, read_lesson_plans
from storage.absence_rules import pupil_school_days
from storage.clock import aware
from storage.codes import CLOSE_OUTCOMES, AbsenceCategory, CaseAction, CaseKind, CaseOutcome
from storage.errors import InvalidValue
from storage.school_calendar import Period, SchoolCalendar
from storage.small_counts import STATISTICS_KEY, StatisticsSettings
from storage.statistics_periods import StatisticsPeriod, terms_of
from storage.text import fold
from storage.values import as_date
from storage.whereabouts import local_day

_ABSENCE_MARKS = """
SELECT m.pupil_id, m.on_date, m.lesson, c.category, m.minutes
FROM absence_mark AS m
JOIN absence_code AS c ON c.code = m.code
WHERE m.code IN (SELECT code FROM absence_code WHERE counts_as_absence = 1)
  AND m.on_date BETWEEN :start AND :end
"""

_PUPILS = """
SELECT p.id, p.school_id, p.enrolled_on, p.left_on
FROM pupil AS p
WHERE p.school_id IS NOT NULL
  AND (p.left_on IS NULL OR p.left_on >= :start)
  AND (p.enrolled_on IS NULL OR p.enrolled_on <= :end)
"""

# A break's first school day after it lies in the term; the break itself ended before, at
# most a sommarlov's length before the autumn term begins.
_BREAK_LOOK_BACK = timedelta(days=120)

_CLASS_SPANS = """
SELECT gm.pupil_id, gm.group_id, g.school_year, gm.starts_on, gm.ends_on
FROM group_membership AS gm
JOIN school_group AS g ON g.id = gm.group_id
WHERE g.group_type = 'class'
"""


def settings(session: Session) -> StatisticsSettings:
    """The statistics settings kept in the journal, the stated default where none was kept."""
    return rule_settings.load(session, STATISTICS_KEY, StatisticsSettings())


def save_settings(session: Session, value: StatisticsSettings) -> None:
    """Keep new statistics settings.

    Raises:
        InvalidValue: a setting out of its range (nothing is kept).
    """
    if not value.valid():
        raise InvalidValue("statistics", "out_of_range")
    rule_settings.save(session, STATISTICS_KEY, value)


def action_plan_statistics(
    session: Session, scope: StatisticsPeriod, today: date
) -> records.ActionPlanStatistics:
    """The statistics of a term, or of a school year (each term, then the whole year)."""
    chosen = settings(session)
    periods = list(terms_of(scope)) + ([] if scope.is_term else [scope])
    calendars = _calendars(session)
    school_of = dict(session.exec(select(m.Pupil.id, m.Pupil.school_id)).all())
    cases = _case_histories(session)
    reported = [
        local_day(aware(at)) for at in session.exec(select(m.ConcernReport.reported_at)).all()
    ]
    days_after = candidates.settings(session).days_after_break
    not_back_by_term = {
        term.label: _not_back(session, term, today, calendars, days_after)
        for term in terms_of(scope)
    }
    on_list = watch_list.spans(session)
    # A school year's hours are its terms' added up (its pupils: those of either term). The
    # classes and lesson plans are read once for all the terms.
    classes = _class_spans(session)
    plans = read_lesson_plans(session)
    tallies = {
        term.label: _tallies(
            session, term, today, calendars, classes, plans, chosen.lesson_minutes
        )
        for term in terms_of(scope)
    }
    found = []
    for period in periods:
        closings = _closings(cases, period, CaseKind.MISSING)
        located = [
            _days_to_locate(case, at, calendars.get(school_of.get(case.pupil_id)))
            for case, outcome, at in closings
            if outcome == CaseOutcome.LOCATED
        ]
        watched = _watch_follow_up(
            period,
            today,
            on_list,
            [fired for t in terms_of(period) for fired in not_back_by_term[t.label][1]],
            cases,
            closings,
        )
        found.append(
            records.PeriodStatistics(
                label=period.label,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                missing_opened=_opened(cases, period, CaseKind.MISSING),
                missing_closed=len(closings),
                closed_by_outcome=tuple(
                    (outcome, sum(1 for _c, o, _at in closings if o == outcome))
                    for outcome in CLOSE_OUTCOMES[CaseKind.MISSING]
                ),
                not_back=_merged_not_back(
                    [not_back_by_term[t.label][0] for t in terms_of(period)]
                ),
                located=len(located),
                median_days_to_locate=float(maths.median(located)) if located else None,
                investigations_opened=_opened(cases, period, CaseKind.PROBLEMATIC_ABSENCE),
                reports_filed=sum(1 for day in reported if period.covers(day)),
                hours=_hours([tallies[t.label] for t in terms_of(period)]),
                watch=watched,
            )
        )
    return records.ActionPlanStatistics(
        scope=scope.label,
        made_on=today,
        min_count=chosen.min_count,
        lesson_minutes=chosen.lesson_minutes,
        periods=tuple(found),
    )


def _calendars(session: Session) -> dict[int | None, SchoolCalendar]:
    """Every school's whole calendar (a journal holds a few years of a few schools)."""
    periods: dict[int | None, list[Period]] = defaultdict(list)
    for p in session.exec(select(m.CalendarPeriod)).all():
        periods[p.school_id].append(Period(p.kind, p.starts_on, p.ends_on, p.name))
    return {school_id: SchoolCalendar(found) for school_id, found in periods.items()}


# -- cases ---------------------------------------------------------------------------------


@dataclass
class _CaseHistory:
    kind: str
    pupil_id: int
    events: list[tuple[date, str, str]] = field(default_factory=list)  # (day, action, outcome)


def _case_histories(session: Session) -> list[_CaseHistory]:
    """Every case with its opening, closing and reopening days, in the order they happened."""
    histories: dict[int, _CaseHistory] = {}
    rows = session.exec(
        select(m.CaseEvent, m.Case.kind, m.Case.pupil_id)
        .join(m.Case, m.Case.id == m.CaseEvent.case_id)  # type: ignore[arg-type]
        .order_by(m.CaseEvent.at, m.CaseEvent.id)  # type: ignore[arg-type]
    ).all()
    for event, kind, pupil_id in rows:
        history = histories.setdefault(event.case_id, _CaseHistory(kind, pupil_id))
        history.events.append((local_day(aware(event.at)), event.action, event.outcome))
    return list(histories.values())


def _opened(cases: Iterable[_CaseHistory], period: StatisticsPeriod, kind: str) -> int:
    return sum(
        1
        for case in cases
        if case.kind == kind
        and any(
            action == CaseAction.OPENED and period.covers(day) for day, action, _ in case.events
        )
    )


def _closings(
    cases: Iterable[_CaseHistory], period: StatisticsPeriod, kind: str
) -> list[tuple[_CaseHistory, str, date]]:
    """Each case of `kind` closed in the period, once: (case, outcome, day) of its last
    closing in the period."""
    found = []
    for case in cases:
        if case.kind != kind:
            continue
        closed = [
            (day, outcome)
            for day, action, outcome in case.events
            if action == CaseAction.CLOSED and period.covers(day)
        ]
        if closed:
            found.append((case, closed[-1][1], closed[-1][0]))
    return found


def _days_to_locate(case: _CaseHistory, closed_on: date, school: SchoolCalendar | None) -> int:
    """School days after the case was last (re)opened before `closed_on`, up to that day;
    0 when it was closed as of a day before it was written in as opened (an opening with a
    later time than its closing: nothing to count, never an error)."""
    opened_on = max(
        (
            day
            for day, action, _ in case.events
            if action in (CaseAction.OPENED, CaseAction.REOPENED) and day <= closed_on
        ),
        default=closed_on,
    )
    calendar = school or SchoolCalendar([])
    return sum(1 for day in calendar.school_days(opened_on, closed_on) if day > opened_on)


# -- not back after a break -----------------------------------------------------------------


def _breaks_before(
    calendar: SchoolCalendar, term: StatisticsPeriod, today: date
) -> list[tuple[Period, date]]:
    """The school's breaks whose first school day after them lies in the term, up to today."""
    return [
        (period, first)
        for period, first in calendar.first_school_days_after_breaks(
            term.starts_on - _BREAK_LOOK_BACK, term.ends_on
        )
        if term.covers(first) and first <= today
    ]


def _not_back(
    session: Session,
    term: StatisticsPeriod,
    today: date,
    calendars: dict[int | None, SchoolCalendar],
    days_after: int,
) -> tuple[list[records.NotBackAfterBreak], list[_NotBack]]:
    """Pupils the not-back rule fired for after each break whose first school day after it
    lies in the term (see the module's text), breaks of one name at several schools as one
    (a break with no name is a row of its own); a break nobody stayed away after is a row
    too (its count hidden like any small one).
    Beside the rows, each pupil it fired for with their break (for the watch list's counts)."""
    asked: dict[date, set[tuple[int | None, date]]] = defaultdict(set)
    names: dict[tuple[str, date | None], tuple[date, str]] = {}
    row_of: dict[tuple[int | None, date], tuple[str, date | None]] = {}
    began: dict[tuple[int | None, date], date] = {}
    for school_id, calendar in calendars.items():
        for period, first in _breaks_before(calendar, term, today):
            last = calendar.nth_school_day_after(first, days_after - 1) or first
            asked[min(last, today)].add((school_id, first))
            began[(school_id, first)] = period.starts_on
            name = period.name.strip()
            # One row per name; a break with no name has nothing to share, so it is a row
            # of its own, known by its first school day after it.
            key = (fold(name), None if name else first)
            row_of[(school_id, first)] = key
            names[key] = min(names.get(key, (first, name)), (first, name))
    pupils: dict[tuple[str, date | None], set[int]] = defaultdict(set)
    fired: list[_NotBack] = []
    for day, windows in asked.items():
        for school_id, pupil_id, _name, first in candidates.not_back_after_break(session, day):
            if (school_id, first) in windows:
                pupils[row_of[(school_id, first)]].add(pupil_id)
                fired.append(_NotBack(pupil_id, began[(school_id, first)], first))
    rows = sorted(
        (
            records.NotBackAfterBreak(name, first, len(pupils.get(key, ())))
            for key, (first, name) in names.items()
        ),
        key=lambda row: (row.first_school_day, fold(row.break_name)),
    )
    return rows, fired


@dataclass(frozen=True)
class _NotBack:
    """A pupil the not-back rule fired for, with the break: when it began, and the first
    school day after it."""

    pupil_id: int
    break_began: date
    first_school_day: date


# -- the watch list's follow-up ----------------------------------------------------------------

_Spans = dict[int, list[tuple[date, date | None]]]


def _on_list(spans: _Spans, pupil_id: int, first: date, last: date) -> bool:
    """Whether the pupil was on the watch list on some day from `first` to `last`."""
    return any(on <= last and (off is None or off >= first) for on, off in spans.get(pupil_id, []))


def _watch_follow_up(
    period: StatisticsPeriod,
    today: date,
    spans: _Spans,
    fired: list[_NotBack],
    cases: Iterable[_CaseHistory],
    closings: list[tuple[_CaseHistory, str, date]],
) -> records.WatchFollowUp:
    """The watch list's three counts of the period (see the module's text)."""
    end = min(period.ends_on, today)
    listed = {p for p in spans if _on_list(spans, p, period.starts_on, end)}
    not_back = {
        f.pupil_id
        for f in fired
        if f.pupil_id in listed
        and _on_list(spans, f.pupil_id, f.break_began, f.first_school_day - timedelta(days=1))
    }
    not_back |= {
        case.pupil_id
        for case in cases
        if case.kind == CaseKind.MISSING and case.pupil_id in listed
        for day, action, _ in case.events
        if action == CaseAction.OPENED
        and period.covers(day)
        and _on_list(spans, case.pupil_id, day, day)
    }
    located = {
        case.pupil_id
        for case, outcome, _at in closings
        if outcome == CaseOutcome.LOCATED and case.pupil_id in not_back
    }
    return records.WatchFollowUp(len(listed), len(not_back), len(located))


def _merged_not_back(
    terms: list[list[records.NotBackAfterBreak]],
) -> tuple[records.NotBackAfterBreak, ...]:
    """A school year's breaks: its terms' rows one after the other (a row lies in one term
    only, its first school day after deciding which; a name may be a row in both terms)."""
    return tuple(row for rows in terms for row in rows)


# -- hours ----------------------------------------------------------------------------------


@dataclass
class _Tally:
    pupils: set[int] = field(default_factory=set)
    valid: int = 0  # minutes
    invalid: int = 0
    offered: int = 0


def _hours(terms: list[dict[int | None, _Tally]]) -> tuple[records.ClassYearHours, ...]:
    """The hours per class year of one term, or of a school year's terms added up."""
    total: dict[int | None, _Tally] = defaultdict(_Tally)
    for tally in terms:
        for year, row in tally.items():
            total[year].pupils |= row.pupils
            total[year].valid += row.valid
            total[year].invalid += row.invalid
            total[year].offered += row.offered
    return tuple(
        records.ClassYearHours(
            class_year=year,
            pupils=len(row.pupils),
            valid_hours=row.valid / 60,
            invalid_hours=row.invalid / 60,
            offered_hours=row.offered / 60,
        )
        for year, row in sorted(total.items(), key=lambda item: (item[0] is None, item[0] or 0))
    )


_ClassSpans = dict[int, list[tuple[int, int | None, date | None, date | None]]]


def _class_spans(session: Session) -> _ClassSpans:
    """Each pupil's classes: (class id, class year, from, to), the ends None when open."""
    spans: _ClassSpans = defaultdict(list)
    for pupil_id, group_id, year, starts, ends in (
        session.connection().execute(text(_CLASS_SPANS)).all()
    ):
        spans[pupil_id].append((group_id, year, as_date(starts), as_date(ends)))
    return spans


def _tallies(
    session: Session,
    period: StatisticsPeriod,
    today: date,
    calendars: dict[int | None, SchoolCalendar],
    classes: _ClassSpans,
    plans: dict[tuple[int, int], int],
    lesson_minutes: int,
) -> dict[int | None, _Tally]:
    """Teaching offered and valid and invalid absence per class year, in minutes, with the
    pupils counted (see the module's text)."""
    end = min(period.ends_on, today)
    if end < period.starts_on:
        return {}
    span = {"start": period.starts_on.isoformat(), "end": end.isoformat()}
    connection = session.connection()
    whole_day: dict[tuple[int, date], str] = {}
    lessons: dict[tuple[int, date], list[tuple[int, str, int | None]]] = defaultdict(list)
    for pupil_id, on, lesson, category, minutes in connection.execute(
        text(_ABSENCE_MARKS), span
    ).all():
        key = (pupil_id, as_date(on))
        if lesson is None:
            whole_day[key] = category  # type: ignore[index]
        else:
            lessons[key].append((lesson, category, minutes))  # type: ignore[index]
    lessons_by_class: dict[int | None, Callable[[date], int]] = {}
    days_of = {
        school_id: calendar.school_days(period.starts_on, end)
        for school_id, calendar in calendars.items()
    }
    tally: dict[int | None, _Tally] = defaultdict(_Tally)
    for pupil_id, school_id, enrolled, left in connection.execute(text(_PUPILS), span).all():
        school_days = days_of.get(school_id)
        if school_days is None:
            school_days = SchoolCalendar([]).school_days(period.starts_on, end)
            days_of[school_id] = school_days
        for day in pupil_school_days(school_days, as_date(enrolled), as_date(left)):
            group_id, year = _class_on(classes.get(pupil_id, []), day)
            lessons_on = lessons_by_class.get(group_id)
            if lessons_on is None:
                lessons_on = lessons_by_class[group_id] = lessons_of_class(plans, group_id)
            count = lessons_on(day)
            row = tally[year]
            row.pupils.add(pupil_id)
            row.offered += count * lesson_minutes
            valid, invalid = _absent_minutes(
                whole_day.get((pupil_id, day)),
                lessons.get((pupil_id, day), []),
                count,
                lesson_minutes,
            )
            row.valid += valid
            row.invalid += invalid
    return tally


def _class_on(
    spans: list[tuple[int, int | None, date | None, date | None]], day: date
) -> tuple[int | None, int | None]:
    """The class (id, class year) the pupil was in on `day`; before the first class the
    journal knows of, that first class (a class list imported in November places its pupils
    from that day, though they were in the class all autumn); (None, None) when none."""
    for group_id, year, starts, ends in spans:
        if (starts is None or starts <= day) and (ends is None or day <= ends):
            return group_id, year
    later = [span for span in spans if span[2] is not None and span[2] > day]
    if later:
        group_id, year, _starts, _ends = min(later, key=lambda span: span[2] or day)
        return group_id, year
    return None, None


def _absent_minutes(
    whole_day: str | None,
    lesson_marks: list[tuple[int, str, int | None]],
    lessons_that_day: int,
    lesson_minutes: int,
) -> tuple[int, int]:
    """(valid, invalid) minutes of absence of one school day (see the module's text)."""
    if whole_day is not None:
        whole = lessons_that_day * lesson_minutes
        return (0, whole) if whole_day == AbsenceCategory.INVALID else (whole, 0)
    valid = invalid = 0
    for lesson, category, minutes in lesson_marks:
        if not 1 <= lesson <= lessons_that_day:
            continue
        taken = lesson_minutes if minutes is None else min(minutes, lesson_minutes)
        if category == AbsenceCategory.INVALID:
            invalid += taken
        else:
            valid += taken
    return valid, invalid
