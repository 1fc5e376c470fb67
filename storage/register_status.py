"""What one register cell says: the state of a pupil's slot, from its marks and the day rule.

Pure functions over plain data, so the rule is tested without a journal or a screen. The
register and the week view show exactly these states, each as a word or a letter as well as
a colour (tui.widgets.register_grid).

"Not marked" is a state of its own: until a class's register is taken, a pupil without a mark
is neither present nor absent. Once it is taken, no mark means present (exception-based
marking, as Swedish schools work).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from storage.codes import AbsenceCategory
from storage.day_rule import DayRule


class SlotState(StrEnum):
    """The state of one pupil on one day (or lesson), as the register shows it."""

    NOT_SCHOOL_DAY = "not_school_day"
    NOT_IN_CLASS = "not_in_class"  # not a member of the class that day (joined later, left)
    NOT_MARKED = "not_marked"
    PRESENT = "present"
    LATE = "late"
    PARTLY_ABSENT = "partly_absent"  # absent from some lessons, fewer than the day rule asks
    REPORTED = "reported"  # reported in advance by a guardian
    VALID = "valid"  # ill, approved leave, other valid reason: the code says which
    INVALID = "invalid"  # absent without a (known) valid reason


class ClosedKind(StrEnum):
    """Why a day is not a school day at a school."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a Swedish public holiday
    BREAK = "break"  # a lov from the school's calendar
    DAY_OFF = "day_off"  # studiedag or another single day off
    OUTSIDE_TERM = "outside_term"


@dataclass(frozen=True)
class SlotMark:
    """A mark as the rule needs it: its code, the code's category, and minutes late."""

    code: str
    category: str  # storage.codes.AbsenceCategory
    counts_as_absence: bool
    minutes: int | None = None


@dataclass(frozen=True)
class SlotStatus:
    """A cell: the state, and the code that decides its word (e.g. "ill" for a valid state)."""

    state: SlotState
    code: str | None = None
    minutes: int | None = None
    absent_lessons: int = 0
    """Lessons marked absent that day (the day view's "2 of 6 lessons")."""


_BY_CATEGORY = {
    AbsenceCategory.PRESENT: SlotState.PRESENT,
    AbsenceCategory.LATE: SlotState.LATE,
    AbsenceCategory.VALID: SlotState.VALID,
    AbsenceCategory.INVALID: SlotState.INVALID,
    AbsenceCategory.REPORTED: SlotState.REPORTED,
    AbsenceCategory.UNKNOWN: SlotState.NOT_MARKED,
}

# When lessons of one day carry different absences, the day takes the most serious one:
# an unexplained lesson keeps the day unexplained (it is what a same-day notice is about).
_SERIOUSNESS = (SlotState.INVALID, SlotState.REPORTED, SlotState.VALID)


def mark_status(mark: SlotMark | None, *, taken: bool) -> SlotStatus:
    """The state of one slot (a whole day, or one lesson) from its own mark."""
    if mark is None:
        return SlotStatus(SlotState.PRESENT if taken else SlotState.NOT_MARKED)
    state = _BY_CATEGORY.get(AbsenceCategory(mark.category), SlotState.NOT_MARKED)
    return SlotStatus(state, mark.code, mark.minutes, 0)


def day_status(
    whole_day: SlotMark | None,
    lessons: Sequence[SlotMark],
    *,
    lessons_that_day: int,
    rule: DayRule,
    taken: bool,
) -> SlotStatus:
    """The state of a pupil's day from its whole-day mark and its lesson marks.

    A whole-day mark decides the day. Otherwise the day rule counts the lessons marked as
    absence: at least `rule.lessons_needed(lessons_that_day)` of them (inclusive) make an
    absent day, which takes the most serious of their states (invalid, then reported, then
    valid); fewer make a partly absent day; late lessons alone make a late day (minutes
    added up). A day with no mark is present once the register is taken, else not marked.
    """
    absent = [mark for mark in lessons if mark.counts_as_absence]
    if whole_day is not None:
        status = mark_status(whole_day, taken=taken)
        return SlotStatus(status.state, status.code, status.minutes, len(absent))
    if absent:
        if rule.is_absent_day(
            whole_day_absent=False,
            absent_lessons=len(absent),
            lessons_that_day=lessons_that_day,
        ):
            states = [(mark_status(mark, taken=True), mark) for mark in absent]
            for serious in _SERIOUSNESS:
                codes = [mark.code for status, mark in states if status.state is serious]
                if codes:
                    # The code most of those lessons carry (the first one on a tie).
                    code = max(codes, key=codes.count)
                    return SlotStatus(serious, code, None, len(absent))
        return SlotStatus(SlotState.PARTLY_ABSENT, None, None, len(absent))
    late = [mark for mark in lessons if mark.category == AbsenceCategory.LATE]
    if late:
        minutes = sum(mark.minutes or 0 for mark in late)
        return SlotStatus(SlotState.LATE, late[0].code, minutes or None, 0)
    if lessons:
        return SlotStatus(SlotState.PRESENT, lessons[0].code, None, 0)
    return mark_status(None, taken=taken)
