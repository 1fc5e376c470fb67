"""The same-day notice to guardians (skollagen 7 kap. 17 §): who is on the day's call list,
what takes them off it, and the pupils whose guardians must never be called."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage.codes import ContactChannel, NoticeOutcome
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite

DAY = date(2026, 11, 30)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    return journal


@pytest.fixture
def world(journal):
    """Pupils 1..6 in 7A, each with a mother (phone numbers) and no address shown."""
    school = journal.add_school("Skolan")
    group = journal.add_group(school, "7A")
    pupils, guardians = [], []
    for n in range(1, 7):
        pupil = journal.add_pupil(
            fictitious_personnummer(date(2013, 3, n), n),
            "Elev",
            f"Prov{n}",
            school_id=school,
            group_id=group,
        )
        guardian = journal.add_guardian(
            "Mamma",
            f"Prov{n}",
            phone=f"070-000 00 0{n}",
            phone_other="08-12 34 56",
            street="Storgatan 1",
            city="Staden",
        )
        journal.link_guardian(pupil, guardian)
        pupils.append(pupil)
        guardians.append(guardian)
    return pupils, guardians


def _due(journal, day=DAY) -> list[int]:
    return [row.pupil_id for row in journal.notices_due(day).due]


def test_only_invalid_absence_puts_a_pupil_on_the_list(journal, world):
    pupils, _guardians = world
    invalid, lesson_invalid, ill, reported, late, unknown = pupils
    journal.write_marks(
        [
            MarkWrite(invalid, DAY, "invalid"),
            MarkWrite(lesson_invalid, DAY, "invalid", lesson=3),
            MarkWrite(ill, DAY, "ill"),
            MarkWrite(reported, DAY, "reported"),
            MarkWrite(late, DAY, "late", lesson=1, minutes=20),
            MarkWrite(unknown, DAY, "unknown"),
        ]
    )
    listed = journal.notices_due(DAY)
    assert [row.pupil_id for row in listed.due] == [invalid, lesson_invalid]
    whole, lessons = listed.due
    assert (whole.whole_day, whole.lessons) == (True, [])
    assert (lessons.whole_day, lessons.lessons) == (False, [3])
    assert listed.not_to_call == []


def test_the_list_gives_class_guardians_and_numbers_never_an_address(journal, world):
    pupils, guardians = world
    journal.write_marks([MarkWrite(pupils[0], DAY, "invalid")])
    (row,) = journal.notices_due(DAY).due
    assert (row.first_name, row.last_name, row.class_name) == ("Elev", "Prov1", "7A")
    (guardian,) = row.guardians
    assert (guardian.id, guardian.name, guardian.relation) == (
        guardians[0],
        "Mamma Prov1",
        "guardian",
    )
    assert (guardian.phone, guardian.phone_other) == ("070-000 00 01", "08-12 34 56")
    assert not hasattr(guardian, "street") and "Storgatan" not in repr(row)


def test_not_reached_keeps_the_pupil_on_the_list_with_the_attempt(journal, world):
    pupils, guardians = world
    journal.write_marks([MarkWrite(pupils[0], DAY, "invalid")])
    journal.record_notice(pupils[0], DAY, NoticeOutcome.NOT_REACHED, guardian_id=guardians[0])
    (row,) = journal.notices_due(DAY).due
    (attempt,) = row.attempts
    assert (attempt.outcome, attempt.guardian_name, attempt.recorded_by) == (
        NoticeOutcome.NOT_REACHED,
        "Mamma Prov1",
        "Kim Kurator",
    )
    assert attempt.at.tzinfo is not None


def test_told_takes_the_pupil_off_the_list(journal, world):
    pupils, guardians = world
    journal.write_marks([MarkWrite(p, DAY, "invalid") for p in pupils[:2]])
    journal.record_notice(pupils[0], DAY, NoticeOutcome.NOT_REACHED, guardian_id=guardians[0])
    journal.record_notice(
        pupils[0], DAY, NoticeOutcome.TOLD, ContactChannel.SMS, guardian_id=guardians[0]
    )
    assert _due(journal) == [pupils[1]]
    assert [n.outcome for n in journal.notices(pupils[0], DAY)] == ["not_reached", "told"]


def test_special_reasons_take_the_pupil_off_the_list_and_need_the_reason(journal, world):
    pupils, _guardians = world
    journal.write_marks([MarkWrite(pupils[0], DAY, "invalid")])
    with pytest.raises(InvalidValue) as refused:
        journal.record_notice(pupils[0], DAY, NoticeOutcome.SPECIAL_REASONS, reason="  ")
    assert (refused.value.field, refused.value.reason) == ("reason", "empty")
    assert _due(journal) == [pupils[0]]
    journal.record_notice(
        pupils[0], DAY, NoticeOutcome.SPECIAL_REASONS, reason="Socialtjänsten avråder"
    )
    assert _due(journal) == []


def test_a_notice_of_another_day_does_not_count(journal, world):
    pupils, guardians = world
    journal.write_marks([MarkWrite(pupils[0], DAY, "invalid")])
    yesterday = DAY - timedelta(days=1)
    journal.record_notice(pupils[0], yesterday, NoticeOutcome.TOLD, guardian_id=guardians[0])
    assert _due(journal) == [pupils[0]]
    assert _due(journal, yesterday) == []  # no invalid mark that day


def test_the_marker_keeps_a_pupil_off_the_list_and_says_why(journal, world):
    pupils, guardians = world
    journal.write_marks([MarkWrite(p, DAY, "invalid") for p in pupils[:2]])
    journal.set_no_guardian_contact(pupils[1], True, "Hedersrelaterat: kontakta inte hemmet")
    listed = journal.notices_due(DAY)
    assert [row.pupil_id for row in listed.due] == [pupils[0]]
    (apart,) = listed.not_to_call
    assert (apart.pupil_id, apart.class_name, apart.reason) == (
        pupils[1],
        "7A",
        "Hedersrelaterat: kontakta inte hemmet",
    )
    with pytest.raises(InvalidValue) as refused:
        journal.record_notice(pupils[1], DAY, NoticeOutcome.TOLD, guardian_id=guardians[1])
    assert (refused.value.field, refused.value.reason) == ("outcome", "no_guardian_contact")
    card = journal.pupil_card(pupils[1]).pupil
    assert card.no_guardian_contact and card.no_guardian_contact_reason.startswith("Heders")

    journal.set_no_guardian_contact(pupils[1], False)
    assert _due(journal) == [pupils[0], pupils[1]]
    assert journal.pupil_card(pupils[1]).pupil.no_guardian_contact_reason == ""


def test_the_marker_needs_a_reason_and_is_in_the_audit_trail(journal, world):
    pupils, _guardians = world
    with pytest.raises(InvalidValue) as refused:
        journal.set_no_guardian_contact(pupils[0], True, "")
    assert (refused.value.field, refused.value.reason) == ("reason", "empty")
    journal.set_no_guardian_contact(pupils[0], True, "Skyddsbedömning")
    trail = journal.audit_trail(5)
    assert any(row.table_name == "pupil" and "no_guardian_contact" in row.changes for row in trail)


def test_a_notice_names_a_guardian_of_this_pupil_only(journal, world):
    pupils, guardians = world
    with pytest.raises(InvalidValue) as refused:
        journal.record_notice(pupils[0], DAY, NoticeOutcome.TOLD, guardian_id=guardians[1])
    assert (refused.value.field, refused.value.reason) == ("guardian_id", "other_pupil")
    with pytest.raises(InvalidValue):
        journal.record_notice(pupils[0], DAY, "shouted")
    with pytest.raises(InvalidValue):
        journal.record_notice(pupils[0], DAY, NoticeOutcome.TOLD, channel="pigeon")
    with pytest.raises(NotFound):
        journal.record_notice(999_999, DAY, NoticeOutcome.TOLD)


def test_a_pupil_who_left_before_the_day_is_not_listed(journal, world):
    pupils, _guardians = world
    journal.write_marks([MarkWrite(p, DAY, "invalid") for p in pupils[:2]])
    journal.mark_left(pupils[0], on=DAY - timedelta(days=1), destination="Annan skola")
    journal.mark_left(pupils[1], on=DAY, destination="Annan skola")  # the last day: listed
    assert _due(journal) == [pupils[1]]
