"""The first-day-back roll call: two schools with höstlov in different weeks, the "not yet
seen" rule at both ends, watch-listed pupils first, the deadline setting, and flagging a
watch-listed pupil into an honour-related missing-pupil case with the watch-list history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from storage import models as m
from storage.codes import CalendarKind, CaseKind
from storage.errors import InvalidValue
from storage.first_day_back import FirstDayBackSettings
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.watch_list import MARKER_REASON


def d(month: int, day: int) -> date:
    return date(2026, month, day)


# A's höstlov is week 44 (26-30 October): its first school day after is Monday 2 November.
# B's is week 45 (2-6 November): its first school day after is Monday 9 November.
A_FIRST, B_FIRST = d(11, 2), d(11, 9)


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    ids: dict[str, int] = {}
    for name, lov in (("A", d(10, 26)), ("B", d(11, 2))):
        school = journal.add_school(f"Skola {name}")
        journal.add_calendar_period(school, CalendarKind.TERM, d(8, 19), d(12, 18), "Hösttermin")
        ids[f"break {name}"] = journal.add_calendar_period(
            school, CalendarKind.BREAK, lov, lov.replace(day=lov.day + 4), "Höstlov"
        )
        ids[name] = journal.add_group(school, f"8{name}", school_year=8)
        ids[f"school {name}"] = school
    ids["A7"] = journal.add_group(ids["school A"], "7A", school_year=7)
    serial = 0

    def pupil(first: str, group: str, last: str = "Testsson") -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(date(2012, 2, 1), serial),
            first,
            last,
            school_id=ids["school " + group[0]],
            group_id=ids[group],
            enrolled_on=d(8, 1),
        )

    return journal, ids, pupil


def watch(journal, pupil_id: int, break_id: int, reason: str = "Rädd att bli bortförd") -> int:
    """Put a pupil on the watch list as the watch-list part does (a watch_entry row)."""
    with journal._session() as session:
        entry = m.WatchEntry(pupil_id=pupil_id, reason=reason, break_id=break_id, added_by="K")
        session.add(entry)
        session.flush()
        assert entry.id is not None
        return entry.id


def listed(journal, today: date) -> list[int]:
    return [p.pupil_id for p in journal.first_day_back(today).pupils]


def test_seen_on_the_first_day_is_off_the_list_not_seen_is_on_it(world):
    journal, ids, pupil = world
    back = pupil("Alva", "A")
    away = pupil("Bror", "A")
    assert set(listed(journal, A_FIRST)) == {back, away}  # before the register is taken
    journal.take_register(ids["A"], A_FIRST)
    journal.write_marks([MarkWrite(away, A_FIRST, "invalid")])
    assert listed(journal, A_FIRST) == [away]
    # Present on the second day after all: off the list from then on.
    journal.take_register(ids["A"], d(11, 3))
    assert listed(journal, d(11, 3)) == []


def test_a_register_not_taken_does_not_make_a_pupil_seen(world):
    journal, ids, pupil = world
    quiet = pupil("Cilla", "A")
    journal.take_register(ids["A7"], A_FIRST)  # another class's register
    assert listed(journal, A_FIRST) == [quiet]


def test_two_schools_have_their_roll_calls_in_their_own_weeks(world):
    journal, _ids, pupil = world
    a = pupil("Alva", "A")
    b = pupil("Bror", "B")
    assert listed(journal, d(10, 30)) == []  # in A's break: no roll call yet
    assert listed(journal, A_FIRST) == [a]  # B is in its break
    assert listed(journal, B_FIRST) == [a, b]  # A's deadline is 9 November, included
    on_b = journal.first_day_back(d(11, 10))
    assert [p.pupil_id for p in on_b.pupils] == [b]  # A's deadline has passed
    assert [(x.name, x.first_day) for x in on_b.breaks] == [("Höstlov", B_FIRST)]


def test_watch_listed_pupils_come_first_and_marked_then_class_and_name(world):
    journal, ids, pupil = world
    first_8a = pupil("Ada", "A", "Andersson")
    watched = pupil("Ödön", "A", "Östberg")
    seventh = pupil("Bo", "A7", "Berg")
    entry = watch(journal, watched, ids["break A"])
    rows = journal.first_day_back(A_FIRST).pupils
    assert [r.pupil_id for r in rows] == [watched, seventh, first_8a]
    assert [r.watch_entry_id for r in rows] == [entry, None, None]


def test_an_ended_watch_entry_no_longer_puts_the_pupil_first(world):
    journal, ids, pupil = world
    ada = pupil("Ada", "A", "Andersson")
    ove = pupil("Ove", "A", "Östberg")
    entry = watch(journal, ove, ids["break A"])
    with journal._session() as session:
        row = session.get(m.WatchEntry, entry)
        row.ended_at = row.added_at
        session.add(row)
    assert listed(journal, A_FIRST) == [ada, ove]


def test_whereabouts_known_accounts_for_a_pupil(world):
    journal, _ids, pupil = world
    ada = pupil("Ada", "A")
    bo = pupil("Bo", "A")
    journal.record_whereabouts_known(ada, A_FIRST, A_FIRST, "Sjuk, mamma ringde", today=A_FIRST)
    result = journal.first_day_back(A_FIRST)
    assert [p.pupil_id for p in result.pupils] == [bo]
    assert result.accounted_for == 1


def test_deadline_default_five_school_days_and_the_days_left(world):
    journal, _ids, pupil = world
    pupil("Ada", "A")
    (deadline,) = journal.first_day_back(A_FIRST).breaks
    assert deadline.report_by == d(11, 9)  # 2 Nov is day 0, five school days on
    assert deadline.school_days_left == 6  # 2, 3, 4, 5, 6 and 9 November
    (last,) = journal.first_day_back(d(11, 9)).breaks
    assert last.school_days_left == 1
    assert journal.first_day_back(d(11, 10)).breaks == ()


def test_deadline_a_date_set_by_the_municipality(world):
    journal, _ids, pupil = world
    pupil("Ada", "A")
    journal.save_first_day_back_settings(FirstDayBackSettings(report_by="2026-11-04"))
    (deadline,) = journal.first_day_back(A_FIRST).breaks
    assert (deadline.report_by, deadline.school_days_left) == (d(11, 4), 3)
    assert journal.first_day_back(d(11, 5)).pupils == ()
    with pytest.raises(InvalidValue):
        journal.save_first_day_back_settings(FirstDayBackSettings(report_by="24 augusti"))
    with pytest.raises(InvalidValue):
        journal.save_first_day_back_settings(FirstDayBackSettings(report_within_school_days=21))


def test_flagging_a_watch_listed_pupil_opens_an_honour_case_with_the_history(world):
    journal, ids, pupil = world
    ove = pupil("Ove", "A")
    entry = watch(journal, ove, ids["break A"], reason="Rädd för resan i höstlovet")
    with journal._session() as session:
        session.add(
            m.WarningSign(
                pupil_id=ove,
                sign_code="fear_of_trip",
                observed_on=d(10, 20),
                observed_by="Mentor",
                own_words="Jag vill inte åka",
            )
        )

    def history_text(history) -> str:
        signs = "; ".join(f"{s.sign_code} {s.own_words}" for s in history.signs)
        return f"{history.reason} / {history.break_name} / {history.added_by} / {signs}"

    case_id = journal.flag_from_roll_call(ove, A_FIRST, history_text)
    with journal._session() as session:
        case = session.get(m.Case, case_id)
        assert (case.kind, case.day0, case.honour_related) == (CaseKind.MISSING, A_FIRST, True)
        entries = session.exec(
            select(m.JournalEntry).where(m.JournalEntry.case_id == case_id)
        ).all()
        assert [e.text for e in entries] == [
            "Rädd för resan i höstlovet / Höstlov / K / fear_of_trip Jag vill inte åka"
        ]
        marked = session.get(m.Pupil, ove)
        assert marked.no_guardian_contact
        assert marked.no_guardian_contact_reason == MARKER_REASON  # worded by the UI
        assert session.get(m.WatchEntry, entry).ended_at is None  # still on the watch list
    (row,) = journal.first_day_back(A_FIRST).pupils
    assert (row.missing_case_id, row.watch_entry_id) == (case_id, entry)
    with pytest.raises(InvalidValue):
        journal.flag_from_roll_call(ove, A_FIRST, history_text)


def test_flagging_a_pupil_not_watched_opens_an_ordinary_case_without_history(world):
    journal, _ids, pupil = world
    ada = pupil("Ada", "A")
    case_id = journal.flag_from_roll_call(ada, d(11, 3), lambda _h: "never called")
    with journal._session() as session:
        case = session.get(m.Case, case_id)
        assert (case.day0, case.honour_related) == (A_FIRST, False)
        assert not session.exec(
            select(m.JournalEntry).where(m.JournalEntry.case_id == case_id)
        ).all()
        assert not session.get(m.Pupil, ada).no_guardian_contact


def test_a_pupil_not_on_the_roll_call_cannot_be_flagged_from_it(world):
    journal, ids, pupil = world
    ada = pupil("Ada", "A")
    journal.take_register(ids["A"], A_FIRST)
    with pytest.raises(InvalidValue) as refused:
        journal.flag_from_roll_call(ada, A_FIRST, lambda _h: "")
    assert (refused.value.field, refused.value.reason) == ("pupil_id", "not_on_roll_call")
