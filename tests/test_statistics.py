"""Statistics for the action plan, counted from a small journal built here: two schools with
höstlov in different weeks, missing-pupil cases opened and closed with outcomes, pupils not
back after a break, investigations and reports; exact counts, the median and the hours."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.codes import CalendarKind, CaseKind, CaseOutcome
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.small_counts import StatisticsSettings
from storage.statistics_cells import Figure, shown_statistics


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


TODAY = d(3, 1, 2027)


@pytest.fixture
def world(new_journal):
    """Schools A (höstlov week 44) and B (week 45), autumn and spring terms, pupils in 8A
    and 7B enrolled from 1 August."""
    journal = new_journal.journal
    ids: dict[str, int] = {}
    for name, lov in (("A", d(10, 26)), ("B", d(11, 2))):
        school = journal.add_school(f"Skola {name}")
        ids[f"school {name}"] = school
        journal.add_calendar_period(school, CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
        journal.add_calendar_period(
            school, CalendarKind.BREAK, lov, lov.replace(day=lov.day + 4), "Höstlov"
        )
        journal.add_calendar_period(
            school, CalendarKind.TERM, d(1, 11, 2027), d(6, 11, 2027), "Vårtermin"
        )
    ids["8A"] = journal.add_group(ids["school A"], "8A", school_year=8)
    ids["7B"] = journal.add_group(ids["school B"], "7B", school_year=7)
    serial = 0

    def pupil(group: str) -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2012, 2, 1), serial),
            f"Elev{serial}",
            "Påhittsson",
            school_id=ids["school " + group[-1]],
            group_id=ids[group],
            today=d(8, 1),
            enrolled_on=d(8, 1),
        )

    return journal, ids, pupil


def located_case(journal, pupil_id: int, opened: date, closed: date) -> int:
    case = journal.open_case(pupil_id, CaseKind.MISSING, opened, at=at(opened))
    journal.close_case(case, CaseOutcome.LOCATED, "Hittad.", at=at(closed, 14))
    return case


def test_missing_cases_opened_closed_outcomes_and_median(world):
    journal, _ids, pupil = world
    # Five located at A, in school days after opening: 1, 2, 4, 6 and 9 (Mon 16 Nov on).
    for closed in (d(11, 17), d(11, 18), d(11, 20), d(11, 24), d(11, 27)):
        located_case(journal, pupil("8A"), d(11, 16), closed)
    # At B: opened Friday 30 October, located Monday 9 November: B's höstlov between, 1 day.
    located_case(journal, pupil("7B"), d(10, 30), d(11, 9))
    # Moved away; still open; one opened in the spring term.
    moved = journal.open_case(pupil("8A"), CaseKind.MISSING, d(12, 1), at=at(d(12, 1)))
    journal.close_case(
        moved, CaseOutcome.MOVED, "Flyttat.", destination="Annan kommun", at=at(d(12, 2))
    )
    journal.open_case(pupil("8A"), CaseKind.MISSING, d(12, 7), at=at(d(12, 7)))
    journal.open_case(pupil("7B"), CaseKind.MISSING, d(2, 1, 2027), at=at(d(2, 1, 2027)))
    # Closed as moved by mistake, reopened, located two school days after the reopening:
    # counted once, as located, its days from the reopening.
    again = journal.open_case(pupil("8A"), CaseKind.MISSING, d(12, 7), at=at(d(12, 7)))
    journal.close_case(again, CaseOutcome.OTHER, "Fel.", at=at(d(12, 8)))
    journal.reopen_case(again, "Inte hittad ändå.", at=at(d(12, 9)))
    journal.close_case(again, CaseOutcome.LOCATED, "Hittad.", at=at(d(12, 11)))

    autumn, spring, year = journal.action_plan_statistics("2026/27", TODAY).periods
    assert (autumn.label, spring.label, year.label) == ("HT2026", "VT2027", "2026/27")
    assert autumn.missing_opened == 9
    assert autumn.missing_closed == 8
    assert dict(autumn.closed_by_outcome) == {
        CaseOutcome.LOCATED: 7,
        CaseOutcome.MOVED: 1,
        CaseOutcome.ABROAD: 0,
        CaseOutcome.OTHER: 0,
    }
    assert autumn.located == 7
    assert autumn.median_days_to_locate == 2.0  # 1, 1, 2, 2, 4, 6, 9
    assert (spring.missing_opened, spring.missing_closed, spring.located) == (1, 0, 0)
    assert spring.median_days_to_locate is None
    assert (year.missing_opened, year.missing_closed, year.located) == (10, 8, 7)


def test_median_of_an_even_number_of_cases_is_the_mean_of_the_middle_two(world):
    journal, _ids, pupil = world
    for closed in (d(11, 17), d(11, 18), d(11, 20), d(11, 24)):  # 1, 2, 4, 6
        located_case(journal, pupil("8A"), d(11, 16), closed)
    (autumn,) = journal.action_plan_statistics("HT2026", TODAY).periods
    assert autumn.median_days_to_locate == 3.0


def test_a_case_closed_before_the_day_it_was_opened_at_counts_zero_days(world):
    journal, _ids, pupil = world
    # Its day 0 is 16 November, but it was written in on the 20th and closed as of the 18th.
    case = journal.open_case(pupil("8A"), CaseKind.MISSING, d(11, 16), at=at(d(11, 20)))
    journal.close_case(case, CaseOutcome.LOCATED, "Hittad.", at=at(d(11, 18), 14))
    (autumn,) = journal.action_plan_statistics("HT2026", TODAY).periods
    assert (autumn.located, autumn.median_days_to_locate) == (1, 0.0)


def test_investigations_and_reports_are_counted_in_the_term_they_happened(world):
    journal, _ids, pupil = world
    first, second = pupil("8A"), pupil("7B")
    journal.open_case(first, CaseKind.PROBLEMATIC_ABSENCE, d(9, 7), at=at(d(9, 7)))
    journal.open_case(second, CaseKind.PROBLEMATIC_ABSENCE, d(2, 1, 2027), at=at(d(2, 1, 2027)))
    # Late on 31 December in UTC is already 1 January in Sweden: the spring term's.
    journal.record_concern_report(first, reported_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    journal.record_concern_report(second, reported_at=at(d(12, 30)))
    autumn, spring, year = journal.action_plan_statistics("2026/27", TODAY).periods
    assert (autumn.investigations_opened, spring.investigations_opened) == (1, 1)
    assert (autumn.reports_filed, spring.reports_filed, year.reports_filed) == (1, 1, 2)
    assert autumn.missing_opened == 0  # the tracks are kept apart


def invalid(journal, pupil_id: int, days) -> None:
    journal.write_marks([MarkWrite(pupil_id, day, "invalid") for day in days])


def test_pupils_not_back_after_each_break_by_the_candidate_rule(world):
    journal, ids, pupil = world
    # A's window is 2-4 November, B's 9-11 November (three school days after höstlov).
    for _ in range(4):
        invalid(journal, pupil("8A"), [d(11, 2), d(11, 3), d(11, 4)])
    invalid(journal, pupil("7B"), [d(11, 9)])  # absent the first day only, then not marked
    back = pupil("8A")
    invalid(journal, back, [d(11, 2)])
    journal.take_register(ids["8A"], d(11, 3))  # present on the second day: back
    flagged = pupil("7B")
    invalid(journal, flagged, [d(11, 9), d(11, 10), d(11, 11)])
    journal.open_case(flagged, CaseKind.MISSING, d(11, 9), at=at(d(11, 11)))
    # B's register is taken on the 10th and 11th, so the one absent on the 9th is back.
    journal.take_register(ids["7B"], d(11, 10))
    journal.take_register(ids["7B"], d(11, 11))
    (autumn,) = journal.action_plan_statistics("HT2026", TODAY).periods
    assert [(r.break_name, r.first_school_day, r.pupils) for r in autumn.not_back] == [
        ("Höstlov", d(11, 2), 5)  # four at A, the flagged one at B
    ]


def test_a_break_whose_window_is_not_over_is_asked_today(world):
    journal, _ids, pupil = world
    invalid(journal, pupil("8A"), [d(11, 2), d(11, 3)])
    (autumn,) = journal.action_plan_statistics("HT2026", d(11, 3)).periods
    # B's first school day after its break (9 November) has not come: not asked yet.
    assert [(r.break_name, r.pupils) for r in autumn.not_back] == [("Höstlov", 1)]
    (spring,) = journal.action_plan_statistics("VT2027", TODAY).periods
    assert spring.not_back == ()


def test_breaks_without_a_name_or_of_one_name_in_both_terms_are_rows_of_their_own(world):
    journal, ids, pupil = world
    school = ids["school A"]
    # Two unnamed breaks in the autumn, one "Lov" in each term (every break "Lov", as some
    # schools have it).
    journal.add_calendar_period(school, CalendarKind.BREAK, d(9, 28), d(10, 2))
    journal.add_calendar_period(school, CalendarKind.BREAK, d(11, 23), d(11, 27))
    journal.add_calendar_period(school, CalendarKind.BREAK, d(12, 7), d(12, 9), "Lov")
    journal.add_calendar_period(school, CalendarKind.BREAK, d(2, 15, 2027), d(2, 19, 2027), "Lov")
    invalid(journal, pupil("8A"), [d(10, 5), d(10, 6), d(10, 7)])
    for _ in range(2):
        invalid(journal, pupil("8A"), [d(11, 30), d(12, 1), d(12, 2)])
    for _ in range(3):
        invalid(journal, pupil("8A"), [d(12, 10), d(12, 11), d(12, 14)])
    for _ in range(4):
        invalid(journal, pupil("8A"), [d(2, 22, 2027), d(2, 23, 2027), d(2, 24, 2027)])
    autumn, spring, year = journal.action_plan_statistics("2026/27", TODAY).periods
    expected_autumn = [
        ("", d(10, 5), 1),
        ("Höstlov", d(11, 2), 0),
        ("", d(11, 30), 2),
        ("Lov", d(12, 10), 3),
    ]
    assert [(r.break_name, r.first_school_day, r.pupils) for r in autumn.not_back] == (
        expected_autumn
    )
    assert [(r.break_name, r.pupils) for r in spring.not_back] == [("Lov", 4)]
    assert [(r.break_name, r.pupils) for r in year.not_back] == [
        *((name, count) for name, _first, count in expected_autumn),
        ("Lov", 4),
    ]

    # Shown with the threshold 1, every row keeps its own count, in the year too.
    journal.save_statistics_settings(StatisticsSettings(min_count=1))
    shown = shown_statistics(journal.action_plan_statistics("2026/27", TODAY))
    not_back = [
        [(c.detail, c.day, c.value) for c in p.figures if c.figure == Figure.NOT_BACK]
        for p in shown.periods
    ]
    assert not_back[2] == [
        ("", d(10, 5), "1"),
        ("Höstlov", d(11, 2), "<1"),
        ("", d(11, 30), "2"),
        ("Lov", d(12, 10), "3"),
        ("Lov", d(2, 22, 2027), "4"),
    ]
    assert not_back[2] == not_back[0] + not_back[1]


def watched(journal, pupil_id: int, on: date, off: date | None = None) -> int:
    """Put on the watch list on `on` (taken off on `off`); the prevention case's id."""
    put = journal.put_on_watch_list(pupil_id, "Rädd för resan.", None, on, at=at(on))
    if off is not None:
        journal.close_case(put.case_id, CaseOutcome.ENDED, "Klart.", at=at(off, 15))
    return put.case_id


def test_the_watch_lists_follow_up_counts(world):
    journal, ids, pupil = world
    gone = [d(11, 2), d(11, 3), d(11, 4)]  # A's höstlov is 26-30 October; back on 2 November
    # On the list before the break, not back, flagged on the first day and located.
    located = pupil("8A")
    watched(journal, located, d(10, 20))
    invalid(journal, located, gone)
    located_case(journal, located, d(11, 2), d(11, 5))
    # On the list from the Sunday before the first school day: not back while on the list.
    sunday = pupil("8A")
    watched(journal, sunday, d(11, 1))
    invalid(journal, sunday, gone)
    # Taken off the day the break began: on the list over the break.
    taken_off_as_it_began = pupil("8A")
    watched(journal, taken_off_as_it_began, d(10, 20), off=d(10, 26))
    invalid(journal, taken_off_as_it_began, gone)
    # Not back, but put on the first school day after, or taken off before the break: on the
    # list in the term, not back while on it.
    put_on_after = pupil("8A")
    watched(journal, put_on_after, d(11, 2))
    invalid(journal, put_on_after, gone)
    off_before = pupil("8A")
    watched(journal, off_before, d(10, 20), off=d(10, 25))
    invalid(journal, off_before, gone)
    # Back after the break; taken off in November, so not on the list in the spring.
    back = pupil("8A")
    watched(journal, back, d(10, 20), off=d(11, 10))
    invalid(journal, back, [d(11, 2)])
    journal.take_register(ids["8A"], d(11, 3))
    # Gone in December while on the list (a missing-pupil case), located.
    december = pupil("7B")
    watched(journal, december, d(12, 1))
    located_case(journal, december, d(12, 7), d(12, 10))
    # Not back, never on the list; and one put on in the spring.
    invalid(journal, pupil("8A"), gone)
    watched(journal, pupil("7B"), d(2, 1, 2027))

    autumn, spring, year = journal.action_plan_statistics("2026/27", TODAY).periods
    assert (autumn.watch.on_list, autumn.watch.not_back, autumn.watch.located) == (7, 4, 2)
    # Spring: the five still on the list, and the one put on; nobody not back.
    assert (spring.watch.on_list, spring.watch.not_back, spring.watch.located) == (5, 0, 0)
    assert (year.watch.on_list, year.watch.not_back, year.watch.located) == (8, 4, 2)

    shown = shown_statistics(journal.action_plan_statistics("HT2026", TODAY)).periods[0]
    cells = {c.figure: c.value for c in shown.figures}
    # 7 on the list, "<5" of them not back: the 3 back cannot be worked out.
    assert [cells[f] for f in (Figure.WATCH_LISTED, Figure.WATCH_NOT_BACK)] == ["7", "<5"]
    assert Figure.WATCH_BACK not in cells


@pytest.fixture
def short_term(new_journal):
    """School C whose autumn term is one week, 24-28 August, with a day off on the 26th."""
    journal = new_journal.journal
    school = journal.add_school("Skola C")
    journal.add_calendar_period(school, CalendarKind.TERM, d(8, 24), d(8, 28), "Hösttermin")
    journal.add_calendar_period(school, CalendarKind.DAY_OFF, d(8, 26), d(8, 26), "Studiedag")
    seven = journal.add_group(school, "7C", school_year=7)
    eight = journal.add_group(school, "8C", school_year=8)
    journal.set_lesson_plan(seven, {0: 6, 1: 5, 2: 5, 3: 4, 4: 3})
    pupils = [
        journal.add_pupil(
            fictitious_personnummer(date(2013, 3, 1), n),
            f"Elev{n}",
            "Påhittsson",
            school_id=school,
            group_id=seven if n < 5 else eight,
            today=d(8, 1),
            enrolled_on=d(8, 25) if n == 4 else d(8, 1),
        )
        for n in range(7)
    ]
    return journal, pupils, (seven, eight)


def test_hours_per_class_year(short_term):
    journal, pupils, _classes = short_term
    first, second = pupils[0], pupils[1]
    journal.write_marks(
        [
            MarkWrite(first, d(8, 24), "invalid"),  # a whole Monday: 6 lessons invalid
            MarkWrite(first, d(8, 25), "ill", lesson=1),  # two valid lessons on Tuesday
            MarkWrite(first, d(8, 25), "ill", lesson=2),
            MarkWrite(first, d(8, 25), "invalid", lesson=3, minutes=30),  # half a lesson
            MarkWrite(first, d(8, 27), "invalid", lesson=5),  # Thursday has 4: not counted
            MarkWrite(first, d(8, 26), "invalid"),  # the day off: not counted
            MarkWrite(second, d(8, 28), "reported"),  # Friday, 3 lessons, anmäld: valid
            MarkWrite(second, d(8, 27), "late", lesson=1, minutes=10),  # late: not absence
            MarkWrite(pupils[5], d(8, 24), "invalid"),  # 8C, no plan: 6 lessons
        ]
    )
    (autumn,) = journal.action_plan_statistics("HT2026", TODAY).periods
    rows = {row.class_year: row for row in autumn.hours}
    # 7C: Monday 6 + Tuesday 5 + Thursday 4 + Friday 3 = 18 lessons a pupil; the fifth pupil
    # from Tuesday: 12.
    assert (rows[7].pupils, rows[7].offered_hours) == (5, 4 * 18 + 12)
    assert (rows[7].valid_hours, rows[7].invalid_hours) == (2 + 3, 6 + 0.5)
    # 8C: four days of LESSONS_PER_DAY (6) each.
    assert (rows[8].pupils, rows[8].offered_hours) == (2, 2 * 4 * 6)
    assert (rows[8].valid_hours, rows[8].invalid_hours) == (0, 6)


def test_hours_follow_the_class_a_pupil_moved_to_and_the_lesson_length(short_term):
    journal, pupils, (seven, _eight) = short_term
    journal.move_pupil(pupils[5], seven, on=d(8, 27))  # 8C to 7C on Thursday
    journal.save_statistics_settings(StatisticsSettings(lesson_minutes=40))
    (autumn,) = journal.action_plan_statistics("HT2026", TODAY).periods
    rows = {row.class_year: row for row in autumn.hours}
    # 7C gains Thursday 4 + Friday 3 lessons; 8C keeps Monday and Tuesday (6 + 6).
    assert rows[7].offered_hours == pytest.approx((4 * 18 + 12 + 7) * 40 / 60)
    assert rows[8].offered_hours == pytest.approx((4 * 6 + 12) * 40 / 60)
    assert (rows[7].pupils, rows[8].pupils) == (6, 2)


def test_teaching_is_offered_only_up_to_today(short_term):
    journal, _pupils, _classes = short_term
    (autumn,) = journal.action_plan_statistics("HT2026", d(8, 25)).periods
    rows = {row.class_year: row for row in autumn.hours}
    assert rows[8].offered_hours == 2 * 2 * 6  # Monday and Tuesday
    (spring,) = journal.action_plan_statistics("VT2027", d(8, 25)).periods
    assert spring.hours == ()


def test_small_counts_never_appear_as_numbers(world):
    journal, _ids, pupil = world
    located_case(journal, pupil("8A"), d(11, 16), d(11, 17))  # 1 located
    for _ in range(6):  # 6 opened in spring
        journal.open_case(pupil("7B"), CaseKind.MISSING, d(2, 1, 2027), at=at(d(2, 1, 2027)))
    shown = shown_statistics(journal.action_plan_statistics("2026/27", TODAY), ",")
    autumn, spring, year = shown.periods
    cells = {(c.figure, c.detail): c.value for c in autumn.figures}
    assert cells[(Figure.MISSING_OPENED, "")] == "<5"
    assert cells[(Figure.MISSING_CLOSED, "")] == "<5"
    assert cells[(Figure.CLOSED_AS, CaseOutcome.LOCATED)] == "<5"
    assert cells[(Figure.MEDIAN_DAYS_TO_LOCATE, "")] == "–"
    assert cells[(Figure.REPORTS_FILED, "")] == "<5"  # 0 is under 5 too
    spring_cells = {(c.figure, c.detail): c.value for c in spring.figures}
    year_cells = {(c.figure, c.detail): c.value for c in year.figures}
    # 7 in the year, 1 in the autumn: the spring's 6 would give the autumn away.
    assert year_cells[(Figure.MISSING_OPENED, "")] == "7"
    assert spring_cells[(Figure.MISSING_OPENED, "")] == "–"
    for period in shown.periods:
        for cell in period.figures:
            assert cell.value not in {"1", "2", "3", "4"}


def test_scopes_are_refused_when_they_name_no_term_or_school_year(world):
    journal, _ids, _pupil = world
    for scope, field in (("HT26", "term"), ("2026/28", "school_year"), ("VT", "term")):
        with pytest.raises(InvalidValue) as refused:
            journal.action_plan_statistics(scope, TODAY)
        assert refused.value.field == field
    assert journal.statistics_terms() == ["VT2027", "HT2026"]


def test_days_before_the_first_class_count_in_that_class(short_term):
    journal, _pupils, (seven, _eight) = short_term
    # Imported on Wednesday: the class list places the pupil from then on, but the pupil
    # was at school, in 7C, from Monday.
    journal.add_pupil(
        fictitious_personnummer(date(2013, 3, 1), 8),
        "Elev8",
        "Påhittsson",
        school_id=journal.schools()[0].id,
        group_id=seven,
        today=d(8, 26),
        enrolled_on=d(8, 1),
    )
    (autumn,) = journal.action_plan_statistics("HT2026", TODAY).periods
    rows = {row.class_year: row for row in autumn.hours}
    assert None not in rows
    assert (rows[7].pupils, rows[7].offered_hours) == (6, 5 * 18 + 12)


def test_a_school_year_reads_the_lesson_plans_once(world, monkeypatch):
    from storage import statistics

    journal, _ids, pupil = world
    pupil("8A")
    reads = []
    real = statistics.read_lesson_plans

    def counted(session):
        reads.append(1)
        return real(session)

    monkeypatch.setattr(statistics, "read_lesson_plans", counted)
    journal.action_plan_statistics("2026/27", TODAY)
    assert len(reads) == 1
