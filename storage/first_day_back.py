"""The first day back: the roll call of pupils not yet seen since a break (issue 13).

The roll call of `today` covers each school of a pupil at school today whose break just ended:
the break ended before today, its first school day (storage.school_calendar
first_school_days_after_breaks) is on or before today, and today is on or before the
reporting deadline (see FirstDayBackSettings). Each school reads its own calendar, so two
schools with breaks in different weeks have roll calls on different days.

A pupil of such a school is NOT YET SEEN when, on every school day from the first school
day after the break up to today (both included, only days the pupil was enrolled), the pupil
was not present by the whereabouts rule (storage.whereabouts.was_present, read through
storage.candidates: a present or late mark, or the class register taken without a whole-day
mark and with fewer absent lessons than the class has). On the first school day, before the
register is taken, every pupil is not yet seen; a pupil present on any day since is off the
list for good.

A pupil not yet seen is ACCOUNTED FOR (counted, not listed) when the counsellor recorded
"whereabouts known" (storage.whereabouts_known) for a span touching those days. An absence
reported by the guardians does not account for a pupil here: after a break that is exactly
what a family hiding a trip would say. Pupils with an open missing-pupil case stay listed,
marked with their case (already flagged).

Pupils with an open watch-list entry (watch_entry, ended_at empty) come first, then every
pupil by class and name (Swedish order). Flagging a pupil opens a missing-pupil case with day
0 the first school day after the break; a watch-listed pupil's case is honour-related, gets
the watch-list history as a journal entry, and keeps the "guardians must not be contacted"
marker (storage.watch_list.open_missing_case).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import Session

from storage import (
    candidates,
    checklist,
    queries,
    records,
    rule_settings,
    warning_signs,
    watch_list,
)
from storage.absence_reading import as_date, calendar_near, lessons_of_class, read_lesson_plans
from storage.absence_rules import pupil_school_days
from storage.candidate_rules import CANDIDATE_DAYS
from storage.day_rule import DAY_RULE_KEY, DayRule
from storage.errors import InvalidValue
from storage.school_calendar import SchoolCalendar
from storage.text import sort_key

FIRST_DAY_BACK_KEY = "first_day_back"
REPORT_WITHIN_RANGE = (0, 20)
"""The school days after the first one a deadline may be set to, both included."""


@dataclass(frozen=True)
class FirstDayBackSettings:
    """When pupils not back after a break must be reported to the municipality.

    The deadline is `report_by` (an ISO date, e.g. "2026-08-24", as the municipality sets it)
    for a break whose first school day is on or before it and no more than CANDIDATE_DAYS
    calendar days before it; otherwise the `report_within_school_days`-th school day after
    the first school day (default 5: the first school day is day 0).
    """

    report_within_school_days: int = 5
    report_by: str = ""

    def valid(self) -> bool:
        low, high = REPORT_WITHIN_RANGE
        if not low <= self.report_within_school_days <= high:
            return False
        if self.report_by:
            try:
                date.fromisoformat(self.report_by)
            except ValueError:
                return False
        return True

    def deadline(self, school: SchoolCalendar, first_day: date) -> date:
        """The reporting deadline of the break whose first school day is `first_day`."""
        if self.report_by:
            chosen = date.fromisoformat(self.report_by)
            if first_day <= chosen <= first_day + timedelta(days=CANDIDATE_DAYS):
                return chosen
        found = school.nth_school_day_after(first_day, self.report_within_school_days)
        return found or first_day


def settings(session: Session) -> FirstDayBackSettings:
    """The deadline setting kept in the journal, the stated default where none was kept."""
    return rule_settings.load(session, FIRST_DAY_BACK_KEY, FirstDayBackSettings())


def save_settings(session: Session, value: FirstDayBackSettings) -> None:
    """Keep a new deadline setting.

    Raises:
        InvalidValue: a number out of range or a date that is not a date (nothing is kept).
    """
    if not value.valid():
        raise InvalidValue("first_day_back", "out_of_range")
    rule_settings.save(session, FIRST_DAY_BACK_KEY, value)


def _current_break(
    school: SchoolCalendar, chosen: FirstDayBackSettings, today: date
) -> records.RollCallBreak | None:
    """The school's break whose roll call runs today (the latest one, if two would)."""
    found = None
    since = today - timedelta(days=CANDIDATE_DAYS)
    for period, first in school.first_school_days_after_breaks(since, today):
        deadline = chosen.deadline(school, first)
        if first <= today <= deadline:
            left = len(school.school_days(today, deadline))
            found = records.RollCallBreak(period.name, first, deadline, left)
    return found


def roll_call(session: Session, today: date) -> records.FirstDayBack:
    """Every pupil not yet seen since a break that just ended (see the module's text)."""
    chosen = settings(session)
    pupils = (
        session.connection()
        .execute(text(queries.CANDIDATE_PUPILS), {"today": today.isoformat()})
        .all()
    )
    calendars: dict[int | None, SchoolCalendar] = {}
    breaks: dict[int | None, records.RollCallBreak | None] = {}
    for row in pupils:
        school_id = row[3]
        if school_id not in calendars:
            calendars[school_id] = calendar_near(session, school_id, today)
            breaks[school_id] = _current_break(calendars[school_id], chosen, today)
    firsts = [b.first_day for b in breaks.values() if b is not None]
    if not firsts:
        return records.FirstDayBack(today, (), (), 0)
    window = candidates._read_window(session, min(firsts), today, None, None)
    plans = read_lesson_plans(session)
    day_rule = rule_settings.load(session, DAY_RULE_KEY, DayRule())
    watched = watch_list.open_entries(session)
    listed: list[records.RollCallPupil] = []
    accounted = 0
    for pupil_id, first, last, school_id, enrolled, left, class_id, class_name, _year in pupils:
        current = breaks[school_id]
        if current is None:
            continue
        since = calendars[school_id].school_days(current.first_day, today)
        days = pupil_school_days(since, as_date(enrolled), as_date(left))
        if not days:
            continue  # enrolled after today: not expected back yet
        facts = candidates._classify(
            window,
            pupil_id,
            class_id,
            days,
            lessons_of_class(plans, class_id),
            day_rule,
            with_case=False,
        )
        if facts.present:
            continue
        known = window.known.get(pupil_id, [])
        if any(s <= days[-1] and days[0] <= e for s, e in known):
            accounted += 1
            continue
        case = window.missing.get(pupil_id)
        listed.append(
            records.RollCallPupil(
                pupil_id=pupil_id,
                first_name=first,
                last_name=last,
                class_name=class_name or "",
                first_day=current.first_day,
                watch_entry_id=watched.get(pupil_id),
                missing_case_id=case[0] if case else None,
            )
        )
    listed.sort(key=_watched_then_class_and_name)
    found = sorted(
        {b for b in breaks.values() if b is not None}, key=lambda b: (b.report_by, b.name)
    )
    return records.FirstDayBack(today, tuple(found), tuple(listed), accounted)


def _watched_then_class_and_name(pupil: records.RollCallPupil) -> tuple:
    return (
        not pupil.watched,
        pupil.class_name == "",
        sort_key(pupil.class_name),
        sort_key(pupil.last_name),
        sort_key(pupil.first_name),
    )


def flag(
    session: Session,
    actor: str,
    pupil_id: int,
    today: date,
    history_text: Callable[[records.WatchHistory], str],
    sign_list: warning_signs.SignList,
    template: checklist.ChecklistTemplate | None = None,
) -> int:
    """Open a missing-pupil case for a pupil on today's roll call; returns the case's id.

    Day 0 is the first school day after the break. A watch-listed pupil's case is as
    storage.watch_list.open_missing_case makes it (honour-related, with the history).

    Raises:
        InvalidValue: ("pupil_id", "not_on_roll_call") for a pupil not on today's roll call;
            the pupil has an open missing-pupil case already.
    """
    listed = roll_call(session, today)
    pupil = next((p for p in listed.pupils if p.pupil_id == pupil_id), None)
    if pupil is None:
        raise InvalidValue("pupil_id", "not_on_roll_call")
    return watch_list.open_missing_case(
        session, actor, pupil_id, pupil.first_day, history_text, sign_list, template=template
    )
