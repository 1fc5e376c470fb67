"""The register's read model: who is in the class on a day, what each slot says, whether the
register is taken, whether the day is a school day, and the week view. Exact expectations at
the boundaries: the day a pupil leaves, the day a leave starts and ends, taken or not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage import models as m
from storage.codes import CalendarKind, LeaveStatus
from storage.day_rule import DAY_RULE_KEY, LESSONS_PER_DAY, DayRule
from storage.errors import NotFound
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.register_status import ClosedKind, SlotState

MONDAY = date(2026, 11, 30)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=n) for n in range(1, 5))
STUDIEDAG = date(2026, 12, 2)  # a Wednesday
TERM_END = date(2026, 12, 17)  # a Thursday; Friday 18 December is outside the term
JULLOV = (date(2026, 12, 21), date(2027, 1, 6))
ENROLLED = date(2026, 8, 1)


@pytest.fixture
def world(new_journal):
    """A school with a calendar, class 7B of five pupils and an empty class 7C."""
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    school = journal.add_school("Norrskolan")
    journal.add_calendar_period(school, CalendarKind.TERM, date(2026, 8, 19), TERM_END, "HT")
    journal.add_calendar_period(school, CalendarKind.BREAK, *JULLOV, "Jullov")
    journal.add_calendar_period(school, CalendarKind.DAY_OFF, STUDIEDAG, STUDIEDAG, "Studiedag")
    seven_b = journal.add_group(school, "7B")
    seven_c = journal.add_group(school, "7C")
    names = [("Öberg", "Ali"), ("Åberg", "Bo"), ("Zetterlund", "Cleo"), ("Andersson", "Dana")]
    pupils = {}
    for n, (last, first) in enumerate(names, start=1):
        pupils[last] = journal.add_pupil(
            fictitious_personnummer(date(2013, 3, n), n),
            first,
            last,
            school_id=school,
            group_id=seven_b,
            today=ENROLLED,
        )
    return journal, school, seven_b, seven_c, pupils


def _names(register) -> list[str]:
    return [p.last_name for p in register.pupils]


def _states(register) -> dict[str, SlotState]:
    return {p.last_name: p.status.state for p in register.pupils}


def test_pupils_come_in_swedish_order_and_unmarked_is_not_marked_until_taken(world):
    journal, _school, seven_b, _c, pupils = world
    journal.write_marks([MarkWrite(pupils["Åberg"], MONDAY, "invalid")])

    register = journal.class_register(seven_b, MONDAY)

    assert _names(register) == ["Andersson", "Zetterlund", "Åberg", "Öberg"]
    assert register.is_school_day and register.closed is None
    assert not register.taken and register.taken_at is None
    assert _states(register) == {
        "Andersson": SlotState.NOT_MARKED,
        "Zetterlund": SlotState.NOT_MARKED,
        "Åberg": SlotState.INVALID,
        "Öberg": SlotState.NOT_MARKED,
    }
    aberg = register.pupils[2]
    assert aberg.mark is not None
    assert (aberg.mark.code, aberg.mark.source, aberg.mark.lesson) == ("invalid", "register", None)
    assert register.pupils[0].mark is None

    assert journal.take_register(seven_b, MONDAY) is True
    taken = journal.class_register(seven_b, MONDAY)
    assert taken.taken and taken.taken_by == "Kim Kurator" and taken.taken_at is not None
    assert _states(taken)["Andersson"] is SlotState.PRESENT
    assert _states(taken)["Åberg"] is SlotState.INVALID
    # Only that day: Tuesday is still not taken.
    assert _states(journal.class_register(seven_b, TUESDAY))["Andersson"] is SlotState.NOT_MARKED


def test_taking_twice_changes_nothing_and_is_audited_once(world):
    journal, _school, seven_b, _c, _pupils = world
    assert journal.take_register(seven_b, MONDAY) is True
    first = journal.class_register(seven_b, MONDAY).taken_at
    assert journal.take_register(seven_b, MONDAY) is False
    assert journal.class_register(seven_b, MONDAY).taken_at == first
    events = [e for e in journal.audit_trail(500) if e.table_name == "register_taken"]
    assert [e.action for e in events] == ["insert"]
    with pytest.raises(NotFound):
        journal.take_register(9999, MONDAY)
    with pytest.raises(NotFound):
        journal.class_register(9999, MONDAY)


def test_a_pupil_who_left_is_listed_up_to_their_last_day(world):
    journal, _school, seven_b, _c, pupils = world
    journal.mark_left(pupils["Öberg"], on=TUESDAY, destination="Annan skola")

    assert "Öberg" in _names(journal.class_register(seven_b, TUESDAY))
    assert "Öberg" not in _names(journal.class_register(seven_b, WEDNESDAY))


def test_a_pupil_who_moved_class_is_in_the_old_class_until_the_day_before(world):
    journal, _school, seven_b, seven_c, pupils = world
    journal.move_pupil(pupils["Zetterlund"], seven_c, on=TUESDAY)

    assert "Zetterlund" in _names(journal.class_register(seven_b, MONDAY))
    assert "Zetterlund" not in _names(journal.class_register(seven_b, TUESDAY))
    assert _names(journal.class_register(seven_c, MONDAY)) == []
    assert _names(journal.class_register(seven_c, TUESDAY)) == ["Zetterlund"]


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2026, 12, 5), ClosedKind.WEEKEND, ""),
        (STUDIEDAG, ClosedKind.DAY_OFF, "Studiedag"),
        (JULLOV[0], ClosedKind.BREAK, "Jullov"),
        (JULLOV[1], ClosedKind.BREAK, "Jullov"),
        (date(2026, 12, 18), ClosedKind.OUTSIDE_TERM, ""),
        (date(2026, 8, 18), ClosedKind.OUTSIDE_TERM, ""),
    ],
)
def test_a_day_that_is_not_a_school_day_says_why(world, day, kind, name):
    journal, _school, seven_b, _c, _pupils = world
    register = journal.class_register(seven_b, day)
    assert (register.closed, register.closed_name) == (kind, name)
    assert not register.is_school_day
    assert {p.status.state for p in register.pupils} == {SlotState.NOT_SCHOOL_DAY}


def test_the_first_and_last_days_of_the_term_are_school_days(world):
    journal, _school, seven_b, _c, _pupils = world
    assert journal.class_register(seven_b, date(2026, 8, 19)).is_school_day
    assert journal.class_register(seven_b, TERM_END).is_school_day


def test_a_public_holiday_closes_a_school_without_a_calendar(world):
    journal, _school, _b, _c, _pupils = world
    other = journal.add_school("Utan kalender")
    group = journal.add_group(other, "1A")
    register = journal.class_register(group, date(2026, 12, 25))
    assert register.closed is ClosedKind.HOLIDAY and register.closed_name
    assert journal.class_register(group, date(2026, 12, 23)).closed is None


def test_leave_covering_the_day_is_shown_granted_or_refused_at_both_ends(world):
    journal, _school, seven_b, _c, pupils = world
    journal.add_leave_request(
        pupils["Åberg"], TUESDAY, WEDNESDAY, status=LeaveStatus.GRANTED, decided_by="Rektor"
    )
    journal.add_leave_request(
        pupils["Öberg"], MONDAY, TUESDAY, status=LeaveStatus.REFUSED, decided_by="Rektor"
    )
    journal.add_leave_request(pupils["Andersson"], MONDAY, FRIDAY, status=LeaveStatus.PENDING)

    def flags(day):
        return {
            p.last_name: (p.leave_granted, p.leave_refused)
            for p in journal.class_register(seven_b, day).pupils
        }

    assert flags(MONDAY) == {
        "Andersson": (False, False),  # pending: neither
        "Zetterlund": (False, False),
        "Åberg": (False, False),  # the day before it starts
        "Öberg": (False, True),
    }
    assert flags(TUESDAY)["Åberg"] == (True, False)
    assert flags(TUESDAY)["Öberg"] == (False, True)
    assert flags(THURSDAY)["Åberg"] == (False, False)  # the day after it ends
    assert flags(THURSDAY)["Öberg"] == (False, False)


def test_no_guardian_contact_is_flagged(world):
    journal, _school, seven_b, _c, pupils = world
    with journal.bulk() as session:
        pupil = session.get(m.Pupil, pupils["Zetterlund"])
        pupil.no_guardian_contact = True
        session.add(pupil)
    flagged = {
        p.last_name
        for p in journal.class_register(seven_b, MONDAY).pupils
        if p.no_guardian_contact
    }
    assert flagged == {"Zetterlund"}


def _lesson_plan(journal, group_id: int, weekday: int, lessons: int) -> None:
    with journal.bulk() as session:
        session.add(m.LessonPlan(group_id=group_id, weekday=weekday, lessons=lessons))


def test_the_day_rule_counts_lessons_of_the_lesson_plan_inclusively(world):
    journal, _school, seven_b, _c, pupils = world
    _lesson_plan(journal, seven_b, MONDAY.weekday(), 4)
    andersson, zetterlund = pupils["Andersson"], pupils["Zetterlund"]
    journal.write_marks(
        [MarkWrite(andersson, MONDAY, "invalid", lesson=n) for n in (1, 2, 3)]
        + [MarkWrite(zetterlund, MONDAY, "invalid", lesson=n) for n in (1, 2, 3, 4)]
    )

    register = journal.class_register(seven_b, MONDAY)
    assert register.lessons_that_day == 4 and register.has_lesson_plan
    assert register.marks_by_lesson
    by_name = {p.last_name: p.status for p in register.pupils}
    # The default rule: every lesson. 3 of 4 is partly absent, 4 of 4 an absent day.
    assert (by_name["Andersson"].state, by_name["Andersson"].absent_lessons) == (
        SlotState.PARTLY_ABSENT,
        3,
    )
    assert (by_name["Zetterlund"].state, by_name["Zetterlund"].absent_lessons) == (
        SlotState.INVALID,
        4,
    )

    journal.save_rule_setting(DAY_RULE_KEY, DayRule(min_lesson_share=0.75))
    states = _states(journal.class_register(seven_b, MONDAY))
    assert states["Andersson"] is SlotState.INVALID  # 3 of 4 = 0.75: the boundary counts

    # Tuesday has no lesson plan: the default number of lessons.
    assert journal.class_register(seven_b, TUESDAY).lessons_that_day == LESSONS_PER_DAY


def test_a_lesson_register_shows_its_own_marks_and_the_whole_days(world):
    journal, _school, seven_b, _c, pupils = world
    journal.write_marks(
        [
            MarkWrite(pupils["Andersson"], MONDAY, "late", lesson=2, minutes=10),
            MarkWrite(pupils["Åberg"], MONDAY, "ill"),
        ]
    )
    journal.take_register(seven_b, MONDAY, lesson=2)

    lesson_two = journal.class_register(seven_b, MONDAY, lesson=2)
    assert lesson_two.lesson == 2 and lesson_two.taken
    by_name = {p.last_name: p for p in lesson_two.pupils}
    assert by_name["Andersson"].status.state is SlotState.LATE
    assert by_name["Andersson"].status.minutes == 10
    assert by_name["Åberg"].status.state is SlotState.VALID
    assert by_name["Åberg"].mark is not None and by_name["Åberg"].mark.lesson is None
    assert by_name["Öberg"].status.state is SlotState.PRESENT
    # Lesson 3 is not taken: no mark there is not marked.
    lesson_three = journal.class_register(seven_b, MONDAY, lesson=3)
    assert not lesson_three.taken
    assert _states(lesson_three)["Öberg"] is SlotState.NOT_MARKED
    # A lesson's register taken makes the day's register taken too (the pupils were there).
    day = journal.class_register(seven_b, MONDAY)
    assert day.taken
    assert _states(day)["Andersson"] is SlotState.LATE


def test_classes_not_taken_lists_served_classes_on_school_days_only(world):
    journal, school, seven_b, seven_c, pupils = world
    journal.move_pupil(pupils["Öberg"], seven_c, on=ENROLLED)
    empty = journal.add_group(school, "7D")  # no pupils: never listed
    other = journal.add_school("Grannskolan", served=False)
    journal.add_pupil(
        fictitious_personnummer(date(2013, 4, 1), 1),
        "Eli",
        "Ek",
        school_id=other,
        group_id=journal.add_group(other, "7A"),
        today=ENROLLED,
    )

    assert [c.name for c in journal.classes_not_taken(MONDAY)] == ["7B", "7C"]
    assert [c.pupils for c in journal.classes_not_taken(MONDAY)] == [3, 1]
    journal.take_register(seven_b, MONDAY)
    assert [c.group_id for c in journal.classes_not_taken(MONDAY)] == [seven_c]
    journal.take_register(seven_c, MONDAY, lesson=1)
    assert journal.classes_not_taken(MONDAY) == []
    assert [c.name for c in journal.classes_not_taken(TUESDAY)] == ["7B", "7C"]
    assert journal.classes_not_taken(STUDIEDAG) == []
    assert journal.classes_not_taken(date(2026, 12, 5)) == []
    assert empty not in [c.group_id for c in journal.classes_not_taken(TUESDAY)]


def test_week_view_has_a_cell_per_pupil_and_weekday(world):
    journal, _school, seven_b, _c, pupils = world
    journal.mark_left(pupils["Öberg"], on=TUESDAY, destination="Annan skola")
    journal.write_marks(
        [
            MarkWrite(pupils["Andersson"], MONDAY, "ill"),
            MarkWrite(pupils["Andersson"], TUESDAY, "reported", source="guardian_notice"),
            MarkWrite(pupils["Åberg"], THURSDAY, "late", lesson=1, minutes=5),
            MarkWrite(pupils["Zetterlund"], FRIDAY, "invalid"),
        ]
    )
    journal.take_register(seven_b, MONDAY)
    journal.take_register(seven_b, THURSDAY)

    week = journal.week_view(seven_b, WEDNESDAY)

    assert week.days == [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]
    assert week.closed == [None, None, ClosedKind.DAY_OFF, None, None]
    assert week.taken == [True, False, False, True, False]
    s = SlotState
    cells = {p.last_name: [c.state for c in p.cells] for p in week.pupils}
    assert cells == {
        "Andersson": [s.VALID, s.REPORTED, s.NOT_SCHOOL_DAY, s.PRESENT, s.NOT_MARKED],
        "Zetterlund": [s.PRESENT, s.NOT_MARKED, s.NOT_SCHOOL_DAY, s.PRESENT, s.INVALID],
        "Åberg": [s.PRESENT, s.NOT_MARKED, s.NOT_SCHOOL_DAY, s.LATE, s.NOT_MARKED],
        "Öberg": [s.PRESENT, s.NOT_MARKED, s.NOT_SCHOOL_DAY, s.NOT_IN_CLASS, s.NOT_IN_CLASS],
    }
    assert [p.last_name for p in week.pupils] == ["Andersson", "Zetterlund", "Åberg", "Öberg"]
    andersson = week.pupils[0]
    assert andersson.cells[0].code == "ill"
    # Any day of the week gives the same week; the week after Öberg left has no Öberg.
    assert journal.week_view(seven_b, date(2026, 12, 6)).days == week.days
    assert "Öberg" not in [
        p.last_name for p in journal.week_view(seven_b, MONDAY + timedelta(7)).pupils
    ]
