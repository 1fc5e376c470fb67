"""The cell rule: a slot's state from its marks, the day rule and whether it is taken."""

from __future__ import annotations

import pytest

from storage.day_rule import DayRule
from storage.register_status import SlotMark, SlotState, day_status, mark_status

INVALID = SlotMark("invalid", "invalid", True)
ILL = SlotMark("ill", "valid", True)
REPORTED = SlotMark("reported", "reported", True)
PRESENT = SlotMark("present", "present", False)


def late(minutes: int) -> SlotMark:
    return SlotMark("late", "late", False, minutes)


def test_no_mark_is_not_marked_until_taken_then_present():
    assert mark_status(None, taken=False).state is SlotState.NOT_MARKED
    assert mark_status(None, taken=True).state is SlotState.PRESENT
    assert day_status(None, [], lessons_that_day=6, rule=DayRule(), taken=False).state is (
        SlotState.NOT_MARKED
    )


def test_a_mark_decides_its_slot_whether_taken_or_not():
    for taken in (False, True):
        status = mark_status(ILL, taken=taken)
        assert (status.state, status.code) == (SlotState.VALID, "ill")
    assert mark_status(late(10), taken=False).minutes == 10
    assert mark_status(SlotMark("unknown", "unknown", False), taken=True).state is (
        SlotState.NOT_MARKED
    )


@pytest.mark.parametrize(
    ("share", "absent", "lessons", "expected"),
    [
        (1.0, 6, 6, SlotState.INVALID),  # every lesson: absent
        (1.0, 5, 6, SlotState.PARTLY_ABSENT),  # one short of every lesson
        (0.5, 3, 6, SlotState.INVALID),  # exactly half: the boundary is inclusive
        (0.5, 2, 6, SlotState.PARTLY_ABSENT),
        (0.5, 2, 3, SlotState.INVALID),  # 0.5 of 3 is 1.5: two lessons needed
        (0.5, 1, 3, SlotState.PARTLY_ABSENT),
    ],
)
def test_the_day_rule_is_inclusive_at_its_boundary(share, absent, lessons, expected):
    status = day_status(
        None,
        [INVALID] * absent,
        lessons_that_day=lessons,
        rule=DayRule(min_lesson_share=share),
        taken=False,
    )
    assert (status.state, status.absent_lessons) == (expected, absent)


def test_an_absent_day_takes_its_most_serious_lesson():
    status = day_status(
        None, [ILL, ILL, REPORTED, INVALID], lessons_that_day=4, rule=DayRule(), taken=True
    )
    assert (status.state, status.code) == (SlotState.INVALID, "invalid")
    valid = day_status(None, [ILL, ILL, REPORTED], lessons_that_day=3, rule=DayRule(), taken=True)
    assert (valid.state, valid.code) == (SlotState.REPORTED, "reported")
    ill = day_status(None, [ILL, ILL], lessons_that_day=2, rule=DayRule(), taken=True)
    assert (ill.state, ill.code) == (SlotState.VALID, "ill")


def test_a_whole_day_mark_wins_over_lessons_and_late_lessons_add_up():
    whole = day_status(ILL, [INVALID], lessons_that_day=6, rule=DayRule(), taken=False)
    assert (whole.state, whole.code, whole.absent_lessons) == (SlotState.VALID, "ill", 1)
    lates = day_status(None, [late(5), late(10)], lessons_that_day=6, rule=DayRule(), taken=True)
    assert (lates.state, lates.minutes) == (SlotState.LATE, 15)
    present = day_status(None, [PRESENT], lessons_that_day=6, rule=DayRule(), taken=False)
    assert present.state is SlotState.PRESENT
