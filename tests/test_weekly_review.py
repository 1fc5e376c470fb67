"""The weekly review of a missing pupil's case (storage.weekly_review): one review at a time
after `review_and_escalate`, each due a school week after the one before, on a calendar with
höstlov in the way; closing stops it, reopening restarts it from the reopening day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.codes import CaseKind, CaseOutcome
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer
from storage.weekly_review import WeeklyReviewSettings

# Höstlov 2-6 November 2026 (Monday to Friday). Day 0 is Monday 12 October: the template's
# review_and_escalate (day 10) is due Monday 26 October.
DAY0 = date(2026, 10, 12)
REVIEW_DUE = date(2026, 10, 26)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def alva(journal):
    school = journal.add_school("Provskolan")
    journal.add_calendar_period(school, "term", date(2026, 8, 17), date(2026, 12, 18), "HT")
    journal.add_calendar_period(school, "break", date(2026, 11, 2), date(2026, 11, 6), "Höstlov")
    return journal.add_pupil(
        fictitious_personnummer(date(2013, 5, 3), 0), "Alva", "Testsson", school_id=school
    )


def reviews(journal, case: int) -> list[tuple[str, date, bool]]:
    """The case's review steps: code, due date, settled."""
    return [
        (s.step_code, s.due_on, s.done_at is not None)
        for s in journal.case_steps(case)
        if s.step_code.startswith("weekly_review/") or s.step_code == "review_and_escalate"
    ]


def step_id(journal, case: int, code: str) -> int:
    return next(s.id for s in journal.case_steps(case) if s.step_code == code)


def test_one_review_at_a_time_each_a_school_week_after_the_last_past_the_break(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    assert reviews(journal, case) == [("review_and_escalate", REVIEW_DUE, False)]
    # Settling any other step adds nothing.
    journal.complete_step(step_id(journal, case, "check_registration"), "Inget fel")
    assert len(reviews(journal, case)) == 1

    journal.complete_step(step_id(journal, case, "review_and_escalate"), "Ny anmälan")
    # 27, 28, 29, 30 October, höstlov, then Monday 9 November is the fifth school day.
    assert reviews(journal, case) == [
        ("review_and_escalate", REVIEW_DUE, True),
        ("weekly_review/1", date(2026, 11, 9), False),
    ]
    journal.mark_step_not_applicable(step_id(journal, case, "weekly_review/1"), "Rektor sjuk")
    assert reviews(journal, case)[-1] == ("weekly_review/2", date(2026, 11, 16), False)
    journal.complete_step(step_id(journal, case, "weekly_review/2"), "Fortfarande borta")
    assert reviews(journal, case)[-1] == ("weekly_review/3", date(2026, 11, 23), False)
    assert [code for code, _due, done in reviews(journal, case) if not done] == ["weekly_review/3"]


def test_settling_the_same_review_again_adds_no_second_review(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    review = step_id(journal, case, "review_and_escalate")
    journal.complete_step(review, "Ny anmälan")
    journal.complete_step(review, "Ny anmälan, igen")
    assert [code for code, _due, _done in reviews(journal, case)] == [
        "review_and_escalate",
        "weekly_review/1",
    ]


def test_closing_stops_the_review_and_reopening_restarts_it_from_that_day(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    journal.complete_step(step_id(journal, case, "review_and_escalate"), "Ny anmälan")
    journal.complete_step(step_id(journal, case, "weekly_review/1"), "Ingen kontakt")
    assert reviews(journal, case)[-1] == ("weekly_review/2", date(2026, 11, 16), False)

    journal.close_case(case, CaseOutcome.LOCATED, "Hittad hos släkt")
    # The unsettled review goes with the closing; settled ones stay as history.
    assert reviews(journal, case) == [
        ("review_and_escalate", REVIEW_DUE, True),
        ("weekly_review/1", date(2026, 11, 9), True),
    ]
    # Friday 20 November: the fifth school day after it is Friday 27 November.
    journal.reopen_case(case, "Borta igen", at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    assert reviews(journal, case)[-1] == ("weekly_review/2", date(2026, 11, 27), False)


def test_reopened_late_in_the_evening_counts_from_the_swedish_day(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    journal.complete_step(step_id(journal, case, "review_and_escalate"), "Ny anmälan")
    journal.close_case(case, CaseOutcome.LOCATED, "Hittad")
    # 23:30 UTC on Thursday 19 November is Friday 20 November in Stockholm.
    journal.reopen_case(case, "Borta igen", at=datetime(2026, 11, 19, 23, 30, tzinfo=UTC))
    assert reviews(journal, case)[-1] == ("weekly_review/1", date(2026, 11, 27), False)


def test_a_case_reopened_before_its_review_step_gets_no_weekly_review(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    journal.close_case(case, CaseOutcome.LOCATED, "Tillbaka")
    journal.reopen_case(case, "Borta igen", at=datetime(2026, 10, 16, 9, 0, tzinfo=UTC))
    assert reviews(journal, case) == [("review_and_escalate", REVIEW_DUE, False)]


def test_a_closed_case_gets_no_new_review(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    journal.close_case(case, CaseOutcome.LOCATED, "Tillbaka")
    journal.complete_step(step_id(journal, case, "review_and_escalate"), "Sent ifyllt")
    assert reviews(journal, case) == [("review_and_escalate", REVIEW_DUE, True)]


def test_the_interval_is_a_setting(journal, alva):
    assert journal.weekly_review_settings() == WeeklyReviewSettings(interval_school_days=5)
    journal.save_weekly_review_settings(WeeklyReviewSettings(interval_school_days=1))
    case = journal.open_case(alva, CaseKind.MISSING, DAY0)
    journal.complete_step(step_id(journal, case, "review_and_escalate"), "Ny anmälan")
    assert reviews(journal, case)[-1] == ("weekly_review/1", date(2026, 10, 27), False)
    journal.save_weekly_review_settings(WeeklyReviewSettings(interval_school_days=60))
    for refused in (0, 61):
        with pytest.raises(InvalidValue) as error:
            journal.save_weekly_review_settings(WeeklyReviewSettings(refused))
        assert (error.value.field, error.value.reason) == ("weekly_review", "out_of_range")
    assert journal.weekly_review_settings().interval_school_days == 60


def test_a_problematic_absence_investigation_has_no_weekly_review(journal, alva):
    case = journal.open_case(alva, CaseKind.PROBLEMATIC_ABSENCE, DAY0)
    for step in journal.case_steps(case):
        journal.complete_step(step.id, "Klart")
    assert not [s for s in journal.case_steps(case) if s.step_code.startswith("weekly_review/")]
