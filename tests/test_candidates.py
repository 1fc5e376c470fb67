"""Candidates for the missing-pupil track, read from a journal: two schools with different
höstlov weeks, each rule at both boundaries, exact pupils and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.candidate_rules import CandidateRule, CandidateSettings
from storage.candidates import by_hand
from storage.codes import CalendarKind, CaseKind, ContactOutcome, Counterpart, LeaveStatus
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite


def d(month: int, day: int) -> date:
    return date(2026, month, day)


# A's höstlov is week 44 (26-30 October): its first school days after are 2, 3, 4 November.
# B's is week 45 (2-6 November): its first school days after are 9, 10, 11 November.
A_WINDOW = (d(11, 2), d(11, 4))
B_WINDOW = (d(11, 9), d(11, 11))


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    ids: dict[str, int] = {}
    for name, lov in (("A", d(10, 26)), ("B", d(11, 2))):
        school = journal.add_school(f"Skola {name}")
        journal.add_calendar_period(school, CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
        journal.add_calendar_period(
            school, CalendarKind.BREAK, lov, lov.replace(day=lov.day + 4), "Höstlov"
        )
        ids[name] = journal.add_group(school, f"8{name}", school_year=8)
        ids[f"school {name}"] = school
    ids["A2"] = journal.add_group(ids["school A"], "7A", school_year=7)
    serial = 0

    def pupil(first: str, group: str, last: str = "Testsson") -> int:
        nonlocal serial
        serial += 1
        school = ids["school " + group[0]]
        return journal.add_pupil(
            fictitious_personnummer(date(2012, 2, 1), serial),
            first,
            last,
            school_id=school,
            group_id=ids[group],
            enrolled_on=d(8, 1),
        )

    return journal, ids, pupil


def mark(journal, pupil_id: int, days, code: str = "invalid") -> None:
    journal.write_marks([MarkWrite(pupil_id, day, code) for day in days])


def take(journal, group_id: int, days) -> None:
    for day in days:
        journal.take_register(group_id, day)


def reasons(journal, today: date, rule: str) -> dict[int, tuple]:
    """Pupil -> (dates, days, starts_on, ends_on) of the given rule's reasons on `today`."""
    found = {}
    for candidate in journal.missing_candidates(today).pupils:
        for reason in candidate.reasons:
            if reason.rule == rule:
                found[candidate.pupil_id] = (
                    reason.dates,
                    reason.days,
                    reason.starts_on,
                    reason.ends_on,
                )
    return found


# -- not back after a break ------------------------------------------------------------------


def test_not_back_after_the_break_on_each_schools_own_first_days(world):
    journal, _ids, pupil = world
    alva, bo = pupil("Alva", "A"), pupil("Bo", "B")
    mark(journal, alva, [d(11, 2)])  # A's first school day after höstlov
    mark(journal, bo, [d(11, 2), d(11, 3)])  # B's höstlov: not school days at B
    assert reasons(journal, d(11, 2), CandidateRule.AFTER_BREAK) == {
        alva: ((d(11, 2),), 1, *A_WINDOW)
    }
    mark(journal, bo, [d(11, 9)])  # B's first school day after its höstlov
    assert reasons(journal, d(11, 9), CandidateRule.AFTER_BREAK) == {
        bo: ((d(11, 9),), 1, *B_WINDOW)
    }
    listed = journal.missing_candidates(d(11, 9)).pupils
    assert [r.name for c in listed for r in c.reasons if c.pupil_id == bo] == ["Höstlov"]


def test_the_after_break_window_is_the_first_three_school_days_inclusive(world):
    journal, _ids, pupil = world
    alva = pupil("Alva", "A")
    mark(journal, alva, [d(11, 4), d(11, 5)])  # absent on the window's last day and after
    assert reasons(journal, d(11, 3), CandidateRule.AFTER_BREAK) == {}  # not absent yet
    assert reasons(journal, d(11, 4), CandidateRule.AFTER_BREAK) == {
        alva: ((d(11, 4),), 1, *A_WINDOW)
    }
    assert reasons(journal, d(11, 5), CandidateRule.AFTER_BREAK) == {}  # window over
    journal.save_missing_candidate_settings(CandidateSettings(days_after_break=4))
    assert reasons(journal, d(11, 5), CandidateRule.AFTER_BREAK) == {
        alva: ((d(11, 4), d(11, 5)), 2, d(11, 2), d(11, 5))
    }


def test_after_a_break_a_known_reason_or_a_return_takes_the_pupil_off(world):
    journal, ids, pupil = world
    ill, called, back, gone = (pupil(n, "A") for n in ("Ilse", "Cai", "Bea", "Gry"))
    mark(journal, ill, [d(11, 2), d(11, 3)], "ill")
    mark(journal, called, [d(11, 2), d(11, 3)])
    journal.log_contact(
        called, outcome=ContactOutcome.REACHED, at=datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    )
    mark(journal, back, [d(11, 2)])
    mark(journal, gone, [d(11, 2)])
    take(journal, ids["A"], [d(11, 3)])  # the register taken on the 3rd: Bea had no mark
    mark(journal, gone, [d(11, 3)])
    found = reasons(journal, d(11, 3), CandidateRule.AFTER_BREAK)
    # Cai's 2nd is still unexplained (the call explains the 3rd only).
    assert found == {
        called: ((d(11, 2),), 1, *A_WINDOW),
        gone: ((d(11, 2), d(11, 3)), 2, *A_WINDOW),
    }


def test_the_list_goes_class_by_class_then_by_name(world):
    journal, _ids, pupil = world
    first = pupil("Åsa", "A", "Öberg")
    second = pupil("Adam", "A", "Berg")
    third = pupil("Cleo", "A2", "Zetterlund")
    for who in (first, second, third):
        mark(journal, who, [d(11, 2)])
    listed = journal.missing_candidates(d(11, 2))
    assert [(c.class_name, c.pupil_id) for c in listed.pupils] == [
        ("7A", third),
        ("8A", second),
        ("8A", first),
    ]


# -- unexplained absence: K consecutive school days ------------------------------------------


def test_k_minus_one_unexplained_days_are_not_a_candidate_and_k_are(world):
    journal, _ids, pupil = world
    omar = pupil("Omar", "A")
    mark(journal, omar, [d(11, 16)])
    assert reasons(journal, d(11, 16), CandidateRule.UNEXPLAINED) == {}  # 1 = K-1
    mark(journal, omar, [d(11, 17)])
    assert reasons(journal, d(11, 17), CandidateRule.UNEXPLAINED) == {
        omar: ((d(11, 16), d(11, 17)), 2, d(11, 16), d(11, 17))
    }
    journal.save_missing_candidate_settings(CandidateSettings(consecutive_days=3))
    assert reasons(journal, d(11, 17), CandidateRule.UNEXPLAINED) == {}  # 2 = K-1
    mark(journal, omar, [d(11, 18)])
    assert omar in reasons(journal, d(11, 18), CandidateRule.UNEXPLAINED)


def test_a_run_goes_over_the_weekend_and_stays_until_the_pupil_is_seen(world):
    journal, ids, pupil = world
    omar = pupil("Omar", "A")
    mark(journal, omar, [d(11, 13), d(11, 16)])  # Friday and Monday: consecutive school days
    run = {omar: ((d(11, 13), d(11, 16)), 2, d(11, 13), d(11, 16))}
    assert reasons(journal, d(11, 16), CandidateRule.UNEXPLAINED) == run
    # On the 17th, before its register is taken, the run ending yesterday still shows.
    assert reasons(journal, d(11, 17), CandidateRule.UNEXPLAINED) == run
    # Two school days on, nothing new marked: the run is not current any more.
    assert reasons(journal, d(11, 18), CandidateRule.UNEXPLAINED) == {}
    take(journal, ids["A"], [d(11, 17)])  # the 17th's register: Omar was there
    assert reasons(journal, d(11, 17), CandidateRule.UNEXPLAINED) == {}


def test_a_contact_with_a_guardian_explains_its_day_and_breaks_the_run(world):
    journal, _ids, pupil = world
    reached, no_answer, teacher, told = (pupil(n, "A") for n in ("Rut", "Nils", "Tea", "Tor"))
    for who in (reached, no_answer, teacher, told):
        mark(journal, who, [d(11, 16), d(11, 17)])
    on_17th = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
    journal.log_contact(reached, outcome=ContactOutcome.REACHED, at=on_17th)
    journal.log_contact(no_answer, outcome=ContactOutcome.NO_ANSWER, at=on_17th)
    journal.log_contact(
        teacher, outcome=ContactOutcome.REACHED, counterpart_kind=Counterpart.TEACHER, at=on_17th
    )
    journal.record_notice(told, d(11, 17), "told")
    found = reasons(journal, d(11, 17), CandidateRule.UNEXPLAINED)
    assert set(found) == {no_answer, teacher}


# -- refused leave ---------------------------------------------------------------------------


def test_absence_inside_a_refused_leave_period_from_its_first_to_its_last_day(world):
    journal, _ids, pupil = world
    first, last, outside = (pupil(n, "A") for n in ("Fia", "Lo", "Ulf"))
    for who in (first, last, outside):
        journal.add_leave_request(who, d(11, 18), d(11, 20), status=LeaveStatus.REFUSED)
    mark(journal, first, [d(11, 18)], "ill")  # the first day; ill, but leave was refused
    mark(journal, last, [d(11, 20)], "ill")  # the last day
    mark(journal, outside, [d(11, 17), d(11, 23)], "ill")  # the day before and the day after
    found = reasons(journal, d(11, 23), CandidateRule.REFUSED_LEAVE)
    period = (d(11, 18), d(11, 20))
    assert found == {first: ((d(11, 18),), 1, *period), last: ((d(11, 20),), 1, *period)}
    # Kept 14 calendar days after the period ended, not 15.
    assert set(reasons(journal, d(12, 4), CandidateRule.REFUSED_LEAVE)) == {first, last}
    assert reasons(journal, d(12, 5), CandidateRule.REFUSED_LEAVE) == {}
    # Before the period begins there is nothing to find.
    assert reasons(journal, d(11, 17), CandidateRule.REFUSED_LEAVE) == {}


def test_a_refused_leave_reason_names_the_request(world):
    journal, _ids, pupil = world
    fia = pupil("Fia", "A")
    request = journal.add_leave_request(fia, d(11, 18), d(11, 20), status=LeaveStatus.REFUSED)
    mark(journal, fia, [d(11, 19)], "reported")
    (candidate,) = journal.missing_candidates(d(11, 19)).pupils
    assert [(r.rule, r.reference) for r in candidate.reasons] == [
        (CandidateRule.REFUSED_LEAVE, request)
    ]


# -- who is never a candidate ----------------------------------------------------------------


def test_a_pupil_with_an_open_missing_case_is_left_out_and_counted(world):
    journal, _ids, pupil = world
    flagged, other = pupil("Nora", "A"), pupil("Otto", "A")
    mark(journal, flagged, [d(11, 16), d(11, 17)])
    mark(journal, other, [d(11, 16), d(11, 17)])
    journal.open_case(flagged, CaseKind.MISSING, d(11, 16))
    listed = journal.missing_candidates(d(11, 17))
    assert ([c.pupil_id for c in listed.pupils], listed.missing_left_out) == ([other], 1)


def test_a_problematic_absence_case_does_not_keep_a_pupil_off_the_missing_track(world):
    journal, _ids, pupil = world
    ida = pupil("Ida", "A")
    mark(journal, ida, [d(11, 16), d(11, 17)])
    journal.open_case(ida, CaseKind.PROBLEMATIC_ABSENCE, d(11, 2))
    listed = journal.missing_candidates(d(11, 17))
    assert ([c.pupil_id for c in listed.pupils], listed.missing_left_out) == ([ida], 0)


def test_a_pupil_who_has_left_is_never_a_candidate(world):
    journal, _ids, pupil = world
    gone, stays = pupil("Vera", "A"), pupil("Stig", "A")
    for who in (gone, stays):
        mark(journal, who, [d(11, 2), d(11, 3)])
        journal.add_leave_request(who, d(11, 2), d(11, 3), status=LeaveStatus.REFUSED)
    journal.mark_left(gone, on=d(10, 23), destination="Skola B")
    listed = journal.missing_candidates(d(11, 3))
    assert [c.pupil_id for c in listed.pupils] == [stays]
    assert {r.rule for r in listed.pupils[0].reasons} == {
        CandidateRule.AFTER_BREAK,
        CandidateRule.UNEXPLAINED,
        CandidateRule.REFUSED_LEAVE,
    }


# -- settings and by hand --------------------------------------------------------------------


def test_settings_have_stated_defaults_and_refuse_out_of_range(world):
    journal, _ids, _pupil = world
    assert journal.missing_candidate_settings() == CandidateSettings(
        consecutive_days=2, days_after_break=3, refused_leave_days=14, upper_secondary_from_year=10
    )
    for out_of_range in (
        CandidateSettings(consecutive_days=0),
        CandidateSettings(consecutive_days=31),  # a run is counted within 60 calendar days
        CandidateSettings(days_after_break=0),
        CandidateSettings(refused_leave_days=61),
    ):
        with pytest.raises(InvalidValue):
            journal.save_missing_candidate_settings(out_of_range)
    assert CandidateSettings(consecutive_days=30, refused_leave_days=60).valid()
    assert journal.missing_candidate_settings() == CandidateSettings()
    journal.save_missing_candidate_settings(CandidateSettings(consecutive_days=1))
    assert journal.missing_candidate_settings().consecutive_days == 1


def test_by_hand_needs_a_reason():
    assert by_hand("  Syster säger att hon rest  ").note == "Syster säger att hon rest"
    assert by_hand("x").rule == CandidateRule.BY_HAND
    with pytest.raises(InvalidValue):
        by_hand("   ")


def test_an_empty_journal_has_no_candidates(world):
    journal, _ids, _pupil = world
    listed = journal.missing_candidates(d(11, 2))
    assert (listed.pupils, listed.missing_left_out) == ((), 0)
