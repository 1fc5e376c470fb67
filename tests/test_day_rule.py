"""The day rule at both boundaries, and rule settings kept in the journal."""

from __future__ import annotations

import pytest

from storage import models as m
from storage import rule_settings
from storage.day_rule import DAY_RULE_KEY, DayRule


@pytest.mark.parametrize(
    ("share", "lessons", "absent", "expected"),
    [
        (1.0, 6, 6, True),  # every lesson: absent
        (1.0, 6, 5, False),  # one lesson attended: not an absent day
        (0.5, 6, 3, True),  # half, inclusive
        (0.5, 6, 2, False),
        (0.5, 5, 3, True),  # half of five rounds up to three
        (0.5, 5, 2, False),
        (0.01, 6, 1, True),  # any lesson
        (1.0, 0, 0, False),  # a day without lessons is never absent by lessons
    ],
)
def test_lessons_make_an_absent_day_at_the_stated_share(share, lessons, absent, expected):
    rule = DayRule(min_lesson_share=share)
    assert (
        rule.is_absent_day(whole_day_absent=False, absent_lessons=absent, lessons_that_day=lessons)
        is expected
    )


def test_a_whole_day_mark_is_always_an_absent_day():
    assert DayRule().is_absent_day(whole_day_absent=True, absent_lessons=0, lessons_that_day=6)


def test_rule_settings_keep_what_was_saved_and_refuse_what_is_out_of_range(new_journal):
    journal = new_journal.journal
    with journal.bulk() as session:
        assert rule_settings.load(session, DAY_RULE_KEY, DayRule()) == DayRule()
        rule_settings.save(session, DAY_RULE_KEY, DayRule(min_lesson_share=0.5))
    with journal.bulk() as session:
        assert rule_settings.load(session, DAY_RULE_KEY, DayRule()).min_lesson_share == 0.5
        for bad in ('{"min_lesson_share": 0}', '{"min_lesson_share": "all"}', "[1]", "{"):
            session.merge(m.RuleSetting(key=DAY_RULE_KEY, value=bad))
            session.flush()
            assert rule_settings.load(session, DAY_RULE_KEY, DayRule()) == DayRule()
