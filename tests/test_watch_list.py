"""The watch list before a break (storage.watch_list): putting a pupil on opens an
honour-related prevention case and sets "guardians must not be contacted"; taking off closes
the case; the review is due from the N-th school day before each school's own break; the
prevention checklist never contacts the family."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from importlib import resources

import pytest

from storage import checklist
from storage.chronology import WATCH_PUT_ON, WATCH_TAKEN_OFF
from storage.codes import CaseKind, CaseOutcome, CaseStatus, ChronologyKind
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer
from storage.school_calendar import Period, SchoolCalendar
from storage.watch_list import MARKER_REASON, SchoolBreak, WatchListSettings, review_due

TODAY = date(2027, 3, 22)
TERM = Period("term", date(2027, 1, 11), date(2027, 6, 15), "VT")
# Påsklov at one school the week after Easter (Good Friday 26 March and Easter Monday 29 March
# are public holidays), and at another school two weeks later.
NORTH_BREAK = Period("break", date(2027, 4, 5), date(2027, 4, 9), "Påsklov")
SOUTH_BREAK = Period("break", date(2027, 4, 19), date(2027, 4, 23), "Påsklov")


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def schools(journal):
    found = {}
    for name, lov in (("Norrskolan", NORTH_BREAK), ("Söderskolan", SOUTH_BREAK)):
        school = journal.add_school(name)
        journal.add_calendar_period(school, "term", TERM.starts_on, TERM.ends_on, TERM.name)
        found[name] = (
            school,
            journal.add_calendar_period(school, "break", lov.starts_on, lov.ends_on, lov.name),
        )
    return found


@pytest.fixture
def alva(journal, schools):
    school, _lov = schools["Norrskolan"]
    return journal.add_pupil(
        fictitious_personnummer(date(2013, 5, 3), 0), "Alva", "Testsson", school_id=school
    )


def _breaks() -> list[SchoolBreak]:
    return [
        SchoolBreak(1, 1, "Påsklov", NORTH_BREAK.starts_on, NORTH_BREAK.ends_on,
                    SchoolCalendar([TERM, NORTH_BREAK])),
        SchoolBreak(2, 2, "Påsklov", SOUTH_BREAK.starts_on, SOUTH_BREAK.ends_on,
                    SchoolCalendar([TERM, SOUTH_BREAK])),
    ]  # fmt: skip


# -- the prevention checklist ---------------------------------------------------------------


def test_the_prevention_template_has_no_step_that_contacts_the_family():
    source = resources.files("storage").joinpath("templates", "prevention.toml").read_text("utf-8")
    raw_steps = tomllib.loads(source)["step"]
    assert raw_steps, "the template has steps"
    assert all(not step.get("contacts_family", False) for step in raw_steps)
    codes = {step["code"] for step in raw_steps}
    assert not codes & checklist.family_contact_codes()
    for step in raw_steps:
        words = step["text"].lower()
        assert "guardian" not in words and "family" not in words and "home visit" not in words
    assert {
        "talk_with_pupil_alone",
        "agree_safe_way_to_reach",
        "give_safety_information",
        "consult_social_services_before_break",
        "consider_report_of_concern",
        "record_travel_information",
    } == codes


def test_a_school_template_with_a_family_step_keeps_it_out_of_a_prevention_case(
    journal, alva, journal_paths
):
    folder = journal_paths.folder / checklist.SCHOOL_TEMPLATE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prevention.toml").write_text(
        '[[step]]\ncode = "see_alone"\ndue_day = 0\ntext = "See them alone"\n\n'
        '[[step]]\ncode = "call_home"\ndue_day = 1\ncontacts_family = true\ntext = "Call home"\n',
        encoding="utf-8",
    )
    put = journal.put_on_watch_list(alva, "Said she fears the summer trip", None, TODAY)
    assert [s.step_code for s in journal.case_steps(put.case_id)] == ["see_alone"]


# -- putting on and taking off ----------------------------------------------------------------


def test_putting_on_opens_the_prevention_case_and_sets_the_marker(journal, alva, schools):
    _school, lov = schools["Norrskolan"]
    put = journal.put_on_watch_list(alva, "Said she fears the trip", lov, TODAY)

    case = journal.case_detail(put.case_id)
    assert (case.kind, case.status, case.day0, case.honour_related) == (
        CaseKind.PREVENTION,
        CaseStatus.OPEN,
        TODAY,
        True,
    )
    steps = journal.case_steps(put.case_id)
    assert [s.step_code for s in steps][0] == "talk_with_pupil_alone"
    assert steps[0].due_on == TODAY  # due on day 0
    pupil = journal.pupil_card(alva).pupil
    assert pupil.no_guardian_contact and pupil.no_guardian_contact_reason == MARKER_REASON

    [row] = journal.watch_list(TODAY)
    assert (row.entry_id, row.pupil_id, row.case_id) == (put.entry_id, alva, put.case_id)
    assert (row.reason, row.break_name, row.break_starts_on) == (
        "Said she fears the trip",
        "Påsklov",
        NORTH_BREAK.starts_on,
    )
    assert row.overdue_steps == 0
    # Day 0's step is overdue the next day; the next day's two steps the day after.
    assert journal.watch_list(date(2027, 3, 23))[0].overdue_steps == 1
    assert journal.watch_list(date(2027, 3, 24))[0].overdue_steps == 3


def test_putting_on_is_refused_without_a_reason_twice_or_for_another_schools_break(
    journal, alva, schools
):
    _north, _north_lov = schools["Norrskolan"]
    _south, south_lov = schools["Söderskolan"]
    with pytest.raises(InvalidValue) as no_reason:
        journal.put_on_watch_list(alva, "  ", None, TODAY)
    assert no_reason.value.field == "reason"
    with pytest.raises(InvalidValue) as other_school:
        journal.put_on_watch_list(alva, "Worry", south_lov, TODAY)
    assert other_school.value.field == "break_id"
    assert journal.watch_list(TODAY) == []  # nothing was kept
    journal.put_on_watch_list(alva, "Worry", None, TODAY)
    with pytest.raises(InvalidValue) as twice:
        journal.put_on_watch_list(alva, "Worry again", None, TODAY)
    assert (twice.value.field, twice.value.reason) == ("pupil", "on_watch_list_already")
    with pytest.raises(NotFound):
        journal.put_on_watch_list(alva + 100, "Worry", None, TODAY)


def test_taking_off_ends_the_entry_and_closes_the_case_and_the_chronology_has_both(
    journal, alva, schools
):
    _school, lov = schools["Norrskolan"]
    put = journal.put_on_watch_list(alva, "Said she fears the trip", lov, TODAY)
    with pytest.raises(InvalidValue):
        journal.take_off_watch_list(put.entry_id, "")
    journal.take_off_watch_list(put.entry_id, "Back after the break, all well")

    assert journal.watch_list(TODAY) == []
    case = journal.case_detail(put.case_id)
    assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CaseOutcome.ENDED)
    with pytest.raises(InvalidValue):
        journal.take_off_watch_list(put.entry_id, "Again")
    # The marker stays: only the counsellor knows when the family may be contacted again.
    assert journal.pupil_card(alva).pupil.no_guardian_contact

    watch = [i for i in journal.chronology(alva) if i.kind == ChronologyKind.WATCH]
    assert [(i.code, i.text) for i in watch] == [
        (WATCH_TAKEN_OFF, "Back after the break, all well"),
        (WATCH_PUT_ON, "Said she fears the trip"),
    ]
    assert (watch[1].day, watch[1].counterpart) == (NORTH_BREAK.starts_on, "Påsklov")


def test_the_list_offers_only_the_pupils_own_schools_breaks(journal, alva, schools):
    _school, lov = schools["Norrskolan"]
    assert [(b.id, b.name) for b in journal.watch_breaks(alva, TODAY)] == [(lov, "Påsklov")]
    assert journal.watch_breaks(alva, date(2027, 4, 10)) == []  # the break is over


# -- when the review is due -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due_break"),
    [
        # North: 10 school days before 5 April, skipping Good Friday and Easter Monday.
        (date(2027, 3, 17), None),
        (date(2027, 3, 18), 1),
        (date(2027, 4, 2), 1),  # the last school day before the break
        # South: 10 school days before 19 April is 5 April, the day North's break begins.
        (date(2027, 4, 5), 2),
        (date(2027, 4, 16), 2),
        (date(2027, 4, 19), None),  # the break has begun
    ],
)
def test_the_review_is_due_from_the_tenth_school_day_before_each_schools_break(today, due_break):
    due = review_due(today, _breaks(), WatchListSettings())
    assert (due.break_id if due else None) == due_break


def test_of_two_breaks_due_the_sooner_one_is_named():
    overlapping = WatchListSettings(review_school_days=20)
    due = review_due(date(2027, 3, 29), _breaks(), overlapping)
    assert due is not None and due.break_id == 1


def test_the_review_setting_is_kept_checked_and_used(journal, schools):
    assert journal.watch_list_settings() == WatchListSettings(review_school_days=10)
    assert journal.watch_review_due(date(2027, 3, 17)) is None
    due = journal.watch_review_due(date(2027, 3, 18))
    assert due is not None and due.id == schools["Norrskolan"][1]
    journal.save_watch_list_settings(WatchListSettings(review_school_days=3))
    assert journal.watch_review_due(date(2027, 3, 18)) is None
    assert journal.watch_review_due(date(2027, 3, 31)) is not None  # 3 school days before
    with pytest.raises(InvalidValue):
        journal.save_watch_list_settings(WatchListSettings(review_school_days=0))
    assert journal.watch_list_settings().review_school_days == 3


def test_closing_the_prevention_case_takes_the_pupil_off_the_list(journal, alva, schools):
    _school, lov = schools["Norrskolan"]
    put = journal.put_on_watch_list(alva, "Said she fears the trip", lov, TODAY)
    journal.close_case(put.case_id, CaseOutcome.OTHER, "The family moved abroad in term time")
    assert journal.watch_list(TODAY) == []
    [taken_off] = [
        i
        for i in journal.chronology(alva)
        if i.kind == ChronologyKind.WATCH and i.code == WATCH_TAKEN_OFF
    ]
    assert taken_off.text == "The family moved abroad in term time"
    with pytest.raises(InvalidValue):
        journal.take_off_watch_list(put.entry_id, "Again")
    journal.put_on_watch_list(alva, "A new worry before the summer", None, TODAY)  # again
    assert len(journal.watch_list(TODAY)) == 1


def test_a_prevention_case_stays_honour_related(journal, alva, schools):
    # Switched off, its checklist would offer steps that contact the family of a pupil the
    # counsellor put on the watch list.
    put = journal.put_on_watch_list(alva, "Said she fears the trip", None, TODAY)
    with pytest.raises(InvalidValue) as refused:
        journal.set_honour_mode(put.case_id, False, "Seems fine now")
    assert (refused.value.field, refused.value.reason) == (
        "honour_related",
        "always_for_prevention",
    )
    assert journal.case_detail(put.case_id).honour_related
    from tui.error_text import sentence_for
    from tui.i18n import set_language

    set_language("en")
    assert "a prevention case is always honour-related" in sentence_for(refused.value)


def test_reopening_the_prevention_case_puts_the_pupil_back_on_the_list(journal, alva, schools):
    _school, lov = schools["Norrskolan"]
    put = journal.put_on_watch_list(alva, "Said she fears the trip", lov, TODAY)
    journal.take_off_watch_list(put.entry_id, "All well, she says")
    journal.set_no_guardian_contact(alva, False)  # the counsellor cleared the marker since
    journal.reopen_case(put.case_id, "A cousin says the trip is planned after all")

    [row] = journal.watch_list(TODAY)
    assert (row.pupil_id, row.case_id, row.reason, row.break_name) == (
        alva,
        put.case_id,
        "Said she fears the trip",
        "Påsklov",
    )
    assert row.entry_id != put.entry_id  # a new time on the list; the old one stays ended
    pupil = journal.pupil_card(alva).pupil
    assert pupil.no_guardian_contact and pupil.no_guardian_contact_reason == MARKER_REASON
    codes = [i.code for i in journal.chronology(alva) if i.kind == ChronologyKind.WATCH]
    assert codes == [WATCH_PUT_ON, WATCH_TAKEN_OFF, WATCH_PUT_ON]


def test_reopened_after_its_break_the_pupil_is_back_on_the_list_with_no_break(
    journal, alva, schools
):
    _school, lov = schools["Norrskolan"]
    put = journal.put_on_watch_list(alva, "Said she fears the trip", lov, TODAY)
    journal.close_case(put.case_id, CaseOutcome.ENDED, "Back after the break")
    after_the_break = datetime(2027, 4, 12, 9, 0, tzinfo=UTC)
    journal.reopen_case(put.case_id, "Worried again", at=after_the_break)
    [row] = journal.watch_list(date(2027, 4, 12))
    assert (row.case_id, row.break_name, row.break_starts_on) == (put.case_id, "", None)


def test_reopening_a_missing_case_puts_nobody_on_the_list(journal, alva):
    case_id = journal.open_case(alva, CaseKind.MISSING, TODAY)
    journal.close_case(case_id, CaseOutcome.LOCATED, "Found")
    journal.reopen_case(case_id, "Gone again")
    assert journal.watch_list(TODAY) == []
    assert not journal.pupil_card(alva).pupil.no_guardian_contact


def _history_words(history) -> str:
    return f"Watch list: {history.reason} ({history.break_name})"


def test_a_watch_listed_pupil_flagged_anyhow_gets_an_honour_case_with_the_history(
    journal, alva, schools
):
    _school, lov = schools["Norrskolan"]
    journal.put_on_watch_list(alva, "Said she fears the trip", lov, TODAY)
    journal.set_no_guardian_contact(alva, False)  # cleared meanwhile: flagging sets it again
    case_id = journal.open_missing_case(alva, date(2027, 4, 12), _history_words)

    case = journal.case_detail(case_id)
    assert (case.kind, case.honour_related, case.day0) == (
        CaseKind.MISSING,
        True,
        date(2027, 4, 12),
    )
    steps = {s.step_code for s in journal.case_steps(case_id)}
    assert steps and not steps & checklist.family_contact_codes()
    [entry] = [e for e in journal.pupil_entries(alva) if e.case_id == case_id]
    assert entry.text == "Watch list: Said she fears the trip (Påsklov)"
    pupil = journal.pupil_card(alva).pupil
    assert pupil.no_guardian_contact and pupil.no_guardian_contact_reason == MARKER_REASON


def test_the_history_names_a_schools_own_sign_by_its_text_and_keeps_the_note(
    journal, alva, journal_paths
):
    folder = journal_paths.folder / checklist.SCHOOL_TEMPLATE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "warning_signs.toml").write_text(
        '[[sign]]\ncode = "phone_taken"\ntext = "Mobilen tas ifrån eleven"\n\n'
        '[[sign]]\ncode = "other"\ntext = "Annat"\n',
        encoding="utf-8",
    )
    journal.record_warning_sign(alva, "phone_taken", date(2027, 3, 1), today=TODAY)
    journal.record_warning_sign(
        alva, "other", date(2027, 3, 2), note="Syns med äldre man", today=TODAY
    )
    journal.put_on_watch_list(alva, "Oro inför påsklovet", None, TODAY)

    def words(history) -> str:
        return "; ".join(f"{s.sign_code}={s.label} {s.note}".strip() for s in history.signs)

    case_id = journal.open_missing_case(alva, TODAY, words)
    [entry] = [e for e in journal.pupil_entries(alva) if e.case_id == case_id]
    assert entry.text == "phone_taken=Mobilen tas ifrån eleven; other=Annat Syns med äldre man"


def test_a_pupil_not_on_the_list_flagged_gets_a_plain_case_and_no_history(journal, alva):
    case_id = journal.open_missing_case(alva, TODAY, _history_words)
    assert not journal.case_detail(case_id).honour_related
    assert [e for e in journal.pupil_entries(alva) if e.case_id == case_id] == []
    assert not journal.pupil_card(alva).pupil.no_guardian_contact
