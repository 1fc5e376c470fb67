"""Whereabouts and missing-pupil candidates: read the journal, apply the pure rules.

The rules live in storage.whereabouts and storage.candidate_rules (pure, tested at their
boundaries); this module fetches what they need with the named SQL of storage.queries (so the
benchmark runs exactly these statements): each pupil's own school's calendar, the class's
lesson plan and registers taken, the day rule, notices, contacts, "whereabouts known" spans
(storage.whereabouts_known), leave and open cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

from storage import queries, records, rule_settings
from storage.absence_reading import (
    as_date,
    calendar_near,
    day_marks_from_row,
    lessons_of_class,
    read_lesson_plans,
)
from storage.absence_rules import DayMarks, absent_day_kind, pupil_school_days
from storage.candidate_rules import (
    CANDIDATE_DAYS,
    MISSING_CANDIDATES_KEY,
    BreakWindow,
    CandidateReason,
    CandidateRule,
    CandidateSettings,
    RefusedPeriod,
    after_break,
    refused_leave,
    unexplained_run,
)
from storage.checklist import built_in, due_date
from storage.clock import aware
from storage.codes import CaseKind, LeaveStatus
from storage.day_rule import DAY_RULE_KEY, DayRule
from storage.errors import InvalidValue, NotFound
from storage.school_calendar import SchoolCalendar
from storage.text import sort_key
from storage.whereabouts import (
    DayFacts,
    DayWhereabouts,
    classify_days,
    local_day,
    missing_clock,
    was_present,
)

WHEREABOUTS_DAYS = 400
"""One pupil's whereabouts look back this many calendar days (last seen, the clock)."""


def settings(session: Session) -> CandidateSettings:
    """The candidate settings kept in the journal, the stated default where none was kept."""
    return rule_settings.load(session, MISSING_CANDIDATES_KEY, CandidateSettings())


def save_settings(session: Session, value: CandidateSettings) -> None:
    """Keep new candidate settings.

    Raises:
        InvalidValue: a setting out of its range (nothing is kept).
    """
    if not value.valid():
        raise InvalidValue("missing_candidates", "out_of_range")
    rule_settings.save(session, MISSING_CANDIDATES_KEY, value)


@dataclass
class _Window:
    """Everything read for the window [start, end], by pupil (or by class for registers)."""

    marks: dict[int, dict[date, DayMarks]] = field(default_factory=dict)
    seen: dict[int, set[date]] = field(default_factory=dict)
    taken: dict[int, set[date]] = field(default_factory=dict)
    told: dict[int, set[date]] = field(default_factory=dict)
    reached: dict[int, set[date]] = field(default_factory=dict)
    granted: dict[int, list[tuple[date, date]]] = field(default_factory=dict)
    known: dict[int, list[tuple[date, date]]] = field(default_factory=dict)
    refused: dict[int, list[RefusedPeriod]] = field(default_factory=dict)
    missing: dict[int, tuple[int, date]] = field(default_factory=dict)


def _read_window(
    session: Session, start: date, end: date, pupil_id: int | None, class_id: int | None
) -> _Window:
    """Read the window for every pupil (`pupil_id` None) or for one pupil of `class_id`."""
    connection = session.connection()
    span = {"start": start.isoformat(), "end": end.isoformat()}
    window = _Window()

    def rows(sql: str, **extra: str):
        found = connection.execute(text(sql), {**span, **extra}).all()
        return [r for r in found if pupil_id is None or r[0] == pupil_id]

    if pupil_id is None:
        mark_rows = connection.execute(text(queries.ABSENCE_DAY_MARKS), span).all()
        for row in mark_rows:
            day = day_marks_from_row(row, 1)
            window.marks.setdefault(row[0], {})[day.on_date] = day
    else:
        own = connection.execute(text(queries.PUPIL_DAY_MARKS), {**span, "pupil_id": pupil_id})
        for row in own.all():
            day = day_marks_from_row(row, 0)
            if day.whole_day is not None or day.absent_lessons:
                window.marks.setdefault(pupil_id, {})[day.on_date] = day
    if pupil_id is None:
        seen = connection.execute(text(queries.SEEN_MARK_DAYS), span).all()
        taken = connection.execute(text(queries.REGISTER_TAKEN_DAYS), span).all()
    else:
        seen = connection.execute(
            text(queries.PUPIL_SEEN_DAYS), {**span, "pupil_id": pupil_id}
        ).all()
        taken = connection.execute(
            text(queries.GROUP_REGISTER_TAKEN_DAYS), {**span, "group_id": class_id}
        ).all()
    for key, on in seen:
        window.seen.setdefault(key, set()).add(as_date(on))  # type: ignore[arg-type]
    for group, on in taken:
        window.taken.setdefault(group, set()).add(as_date(on))  # type: ignore[arg-type]
    for key, on in rows(queries.NOTICES_TOLD):
        window.told.setdefault(key, set()).add(as_date(on))  # type: ignore[arg-type]
    wide = {
        "start_wide": (start - timedelta(days=1)).isoformat(),
        "end_wide": (end + timedelta(days=2)).isoformat(),
    }
    for key, at in rows(queries.CONTACTS_REACHED, **wide):
        on = local_day(_as_datetime(at))  # type: ignore[arg-type]
        if start <= on <= end:
            window.reached.setdefault(key, set()).add(on)
    for key, starts, ends in rows(queries.WHEREABOUTS_KNOWN_SPANS):
        span_days = (as_date(starts), as_date(ends))
        window.known.setdefault(key, []).append(span_days)  # type: ignore[arg-type]
    for request_id, key, starts, ends, status in connection.execute(
        text(queries.LEAVE_PERIODS), span
    ).all():
        if pupil_id is not None and key != pupil_id:
            continue
        starts_on, ends_on = as_date(starts), as_date(ends)
        assert starts_on is not None and ends_on is not None
        if status == LeaveStatus.GRANTED:
            window.granted.setdefault(key, []).append((starts_on, ends_on))
        else:
            window.refused.setdefault(key, []).append(
                RefusedPeriod(request_id, starts_on, ends_on)
            )
    for key, case_id, day0 in connection.execute(
        text(queries.OPEN_CASES_OF_KIND), {"kind": CaseKind.MISSING}
    ).all():
        if key not in window.missing:  # the earliest open case (ordered by day 0)
            window.missing[key] = (case_id, as_date(day0))  # type: ignore[assignment]
    return window


@dataclass(frozen=True)
class _Pupil:
    """One pupil's facts, classified."""

    school_days: list[date]
    days: dict[date, DayWhereabouts]
    absent: set[date]
    present: set[date]
    last_present: date | None


def _classify(
    window: _Window,
    pupil_id: int,
    class_id: int | None,
    school_days: list[date],
    lessons_on: Callable[[date], int],
    day_rule: DayRule,
    *,
    with_case: bool,
    present_from: date | None = None,
) -> _Pupil:
    """Classify the pupil's days; `with_case` False reads them as if no case were open (the
    candidate rules, so that already-flagged pupils are counted, not silently lost).
    Presence is worked out only from `present_from` on (all days when None): the candidate
    rules look at the last days only, and 2,000 pupils' every day costs (bench_candidates)."""
    marks = window.marks.get(pupil_id, {})
    taken = window.taken.get(class_id, set()) if class_id is not None else set()
    seen = window.seen.get(pupil_id, set())
    told = window.told.get(pupil_id, set())
    reached = window.reached.get(pupil_id, set())
    granted = window.granted.get(pupil_id, [])
    known = window.known.get(pupil_id, [])
    facts = []
    for day in school_days:
        day_marks = marks.get(day)
        if day_marks is None:
            continue
        kind = absent_day_kind(day_marks, lessons_on(day), day_rule)
        if kind is None:
            continue
        facts.append(
            DayFacts(
                day,
                kind,
                leave_granted=any(s <= day <= e for s, e in granted),
                notice_told=day in told,
                reached=day in reached,
                whereabouts_known=any(s <= day <= e for s, e in known),
            )
        )
    case = window.missing.get(pupil_id) if with_case else None
    days = classify_days(facts, case[1] if case else None)
    present = {
        d
        for d in school_days
        if (present_from is None or d >= present_from)
        and was_present(marks.get(d), d in taken, d in seen, lessons_on(d))
    }
    last = max(present, default=None)
    return _Pupil(school_days, days, {f.on_date for f in facts}, present, last)


def _break_windows(school: SchoolCalendar, today: date, count: int) -> list[BreakWindow]:
    """The first `count` school days after each break that ended in the candidate window."""
    found = []
    since = today - timedelta(days=CANDIDATE_DAYS)
    for period, first in school.first_school_days_after_breaks(since, today):
        days = [first]
        while len(days) < count:
            following = school.next_school_day(days[-1])
            if following is None:
                break
            days.append(following)
        found.append(BreakWindow(period.name, period.ends_on, tuple(days)))
    return found


def missing_candidates(session: Session, today: date) -> records.MissingCandidates:
    """Pupils a candidate rule fires for on `today`, class by class, then by name.

    Pupils with an open missing-pupil case are not listed (already flagged: counted in
    `missing_left_out`); pupils who have left before today are never read.
    """
    chosen = settings(session)
    found: list[records.MissingCandidate] = []
    left_out = 0
    for pupil, reasons, flagged in _fired(session, today, chosen):
        if flagged:
            left_out += 1
            continue
        found.append(
            records.MissingCandidate(
                pupil.pupil_id,
                pupil.first_name,
                pupil.last_name,
                pupil.school_id,
                pupil.class_name,
                tuple(reasons),
            )
        )
    found.sort(key=_by_class_and_name)
    return records.MissingCandidates(today, chosen, tuple(found), left_out)


def not_back_after_break(session: Session, today: date) -> list[tuple[int | None, int, str, date]]:
    """(school id, pupil id, break name, the window's first school day) for every pupil the
    NOT BACK AFTER A BREAK rule fires for on `today`, flagged already or not: the statistics
    for the action plan count every pupil not back (storage.statistics)."""
    return [
        (pupil.school_id, pupil.pupil_id, reason.name, reason.starts_on)
        for pupil, reasons, _flagged in _fired(session, today, settings(session))
        for reason in reasons
        if reason.rule == CandidateRule.AFTER_BREAK and reason.starts_on is not None
    ]


@dataclass(frozen=True)
class _RulePupil:
    pupil_id: int
    first_name: str
    last_name: str
    school_id: int | None
    class_name: str


def _fired(
    session: Session, today: date, chosen: CandidateSettings
) -> list[tuple[_RulePupil, list[CandidateReason], bool]]:
    """Each pupil a candidate rule fires for on `today`, with the reasons and whether the
    pupil has an open missing-pupil case (see the rules in storage.candidate_rules)."""
    day_rule = rule_settings.load(session, DAY_RULE_KEY, DayRule())
    start = today - timedelta(days=CANDIDATE_DAYS)
    pupils = (
        session.connection()
        .execute(text(queries.CANDIDATE_PUPILS), {"today": today.isoformat()})
        .all()
    )
    if not pupils:
        return []
    window = _read_window(session, start, today, None, None)
    plans = read_lesson_plans(session)
    calendars: dict[int | None, SchoolCalendar] = {}
    days_of: dict[int | None, list[date]] = {}
    breaks_of: dict[int | None, list[BreakWindow]] = {}
    present_from: dict[int | None, date] = {}
    fired: list[tuple[_RulePupil, list[CandidateReason], bool]] = []
    for pupil_id, first, last, school_id, enrolled, left, class_id, class_name, _year in pupils:
        if school_id not in calendars:
            calendars[school_id] = calendar_near(session, school_id, today)
            days_of[school_id] = calendars[school_id].school_days(start, today)
            breaks_of[school_id] = _break_windows(
                calendars[school_id], today, chosen.days_after_break
            )
            # The rules ask about presence in a break's window, or after a run that ends
            # today or on the school day before.
            present_from[school_id] = min(
                [w.days[0] for w in breaks_of[school_id]] + days_of[school_id][-2:],
                default=today,
            )
        if pupil_id not in window.marks and pupil_id not in window.refused:
            continue  # no absence in the window: no rule can fire
        school_days = pupil_school_days(days_of[school_id], as_date(enrolled), as_date(left))
        facts = _classify(
            window,
            pupil_id,
            class_id,
            school_days,
            lessons_of_class(plans, class_id),
            day_rule,
            with_case=False,
            present_from=present_from[school_id],
        )
        reasons: list[CandidateReason] = []
        for break_window in breaks_of[school_id]:
            reason = after_break(break_window, today, facts.days, facts.present)
            if reason is not None:
                reasons.append(reason)
        run = unexplained_run(
            school_days, today, facts.days, facts.present, chosen.consecutive_days
        )
        if run is not None:
            reasons.append(run)
        reasons.extend(
            refused_leave(
                window.refused.get(pupil_id, []),
                today,
                school_days,
                facts.absent,
                chosen.refused_leave_days,
            )
        )
        if reasons:
            pupil = _RulePupil(pupil_id, first, last, school_id, class_name or "")
            fired.append((pupil, reasons, pupil_id in window.missing))
    return fired


def _by_class_and_name(candidate: records.MissingCandidate) -> tuple:
    return (
        candidate.class_name == "",
        sort_key(candidate.class_name),
        sort_key(candidate.last_name),
        sort_key(candidate.first_name),
    )


def by_hand(note: str) -> CandidateReason:
    """The reason of a pupil the counsellor puts on the list by hand, with their words.

    Raises:
        InvalidValue: an empty reason (a pupil is flagged by hand only with a reason).
    """
    if not note.strip():
        raise InvalidValue("reason", "empty")
    return CandidateReason(CandidateRule.BY_HAND, note=note.strip())


def pupil_whereabouts(session: Session, pupil_id: int, today: date) -> records.PupilWhereabouts:
    """One pupil's absent days with their whereabouts, last seen, last contact and clock.

    Raises:
        NotFound: no such pupil.
    """
    connection = session.connection()
    row = connection.execute(text(queries.WHEREABOUTS_PUPIL), {"pupil_id": pupil_id}).first()
    if row is None:
        raise NotFound("pupil")
    _id, _first, _last, school_id, enrolled, left, class_id, _name, school_year = row
    chosen = settings(session)
    start = today - timedelta(days=WHEREABOUTS_DAYS)
    school = calendar_near(session, school_id, today)
    window = _read_window(session, start, today, pupil_id, class_id)
    school_days = pupil_school_days(
        school.school_days(start, today), as_date(enrolled), as_date(left)
    )
    facts = _classify(
        window,
        pupil_id,
        class_id,
        school_days,
        lessons_of_class(read_lesson_plans(session), class_id),
        rule_settings.load(session, DAY_RULE_KEY, DayRule()),
        with_case=True,
    )
    case = window.missing.get(pupil_id)
    upper = school_year is not None and school_year >= chosen.upper_secondary_from_year
    due_dates = _case_due_dates(session, case[0]) if case else template_due_dates(school)
    clock = missing_clock(
        school, today, facts.last_present, case[1] if case else None, upper, due_dates
    )
    last_contact = connection.execute(
        text(queries.LAST_REACHED_CONTACT), {"pupil_id": pupil_id}
    ).scalar()
    return records.PupilWhereabouts(
        pupil_id=pupil_id,
        today=today,
        days=tuple(facts.days[d] for d in sorted(facts.days)),
        last_present=facts.last_present,
        last_contact_at=_as_datetime(last_contact),
        missing_case_id=case[0] if case else None,
        clock=clock,
    )


def template_due_dates(school: SchoolCalendar) -> Callable[[date], list[date]]:
    """The built-in missing-pupil checklist's due dates from a day 0, for a pupil without an
    open case (the clock shows when each step would be due if the pupil were flagged)."""
    due_days = sorted({step.due_day for step in built_in(CaseKind.MISSING).steps})
    return lambda day0: [due_date(school, day0, due) for due in due_days]


def _case_due_dates(session: Session, case_id: int) -> Callable[[date], list[date]]:
    """The open case's own steps' due dates (its template, honour mode included)."""
    rows = session.connection().execute(text(queries.CASE_DUE_DATES), {"case_id": case_id})
    dates = [as_date(r[0]) for r in rows.all()]
    return lambda _day0: [d for d in dates if d is not None]


def _as_datetime(value: object) -> datetime | None:
    """A time read back from SQLite (which keeps no zone) as the UTC time it was."""
    if value is None:
        return None
    return aware(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
