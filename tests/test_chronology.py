"""A pupil's chronology (storage.chronology): every kind of event merged, newest first, as
data, with a day-level leave decision at the end of its day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage import models as m
from storage.codes import (
    CaseAction,
    CaseKind,
    CaseOutcome,
    ChronologyKind,
    ContactChannel,
    ContactOutcome,
    Counterpart,
    EntryKind,
    ExportFormat,
    LeaveStatus,
    NoticeOutcome,
)
from storage.errors import NotFound
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite

DAY0 = date(2026, 11, 2)
T = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


def _pupil(journal, serial: int, first: str) -> int:
    return journal.add_pupil(fictitious_personnummer(date(2013, 5, 3), serial), first, "Testsson")


def _set_time(journal, model, row_id: int, at: datetime) -> None:
    """Notices and exports take the clock's time; the test dates them to keep the order."""
    with journal._session() as session:
        row = session.get(model, row_id)
        row.at = at
        session.add(row)


def test_every_kind_merges_newest_first_as_data(journal):
    alva = _pupil(journal, 0, "Alva")
    other = _pupil(journal, 1, "Bo")
    journal.write_marks([MarkWrite(alva, DAY0, "invalid")], at=T)
    journal.write_marks([MarkWrite(other, DAY0, "invalid")], at=T)  # another pupil: not shown
    journal.write_marks([MarkWrite(alva, DAY0, "ill")], at=T + timedelta(minutes=10))
    notice = journal.record_notice(alva, DAY0, NoticeOutcome.NOT_REACHED)
    _set_time(journal, m.AbsenceNotice, notice, T + timedelta(minutes=20))
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T + timedelta(hours=1))
    step = journal.case_steps(case)[0]
    journal.complete_step(step.id, "Ingen svarade", at=T + timedelta(hours=2))
    journal.mark_step_not_applicable(
        journal.case_steps(case)[1].id, "Inga syskon", at=T + timedelta(hours=3)
    )
    contact = journal.log_contact(
        alva,
        case_id=case,
        channel=ContactChannel.SMS,
        counterpart_kind=Counterpart.GUARDIAN,
        outcome=ContactOutcome.NO_ANSWER,
        note="[bold]Inget svar[/]",
        at=T + timedelta(hours=4),
    )
    entry = journal.add_entry(alva, "Mormor?", case_id=case, at=T + timedelta(hours=5))
    journal.actor = "Sam Skolsköterska"
    correction = journal.correct_entry(entry, "Moster.", at=T + timedelta(hours=6))
    journal.close_case(case, CaseOutcome.LOCATED, "Hemma", at=T + timedelta(days=1))
    leave = journal.add_leave_request(alva, date(2026, 12, 1), date(2026, 12, 3))
    journal.decide_leave(
        leave, LeaveStatus.REFUSED, decided_on=date(2026, 11, 3), decided_by="Rektor Ros"
    )
    export = journal.record_export(
        format=ExportFormat.MARKDOWN,
        content="report_of_concern",
        purpose="Till socialtjänsten",
        pupil_id=alva,
        case_id=case,
    )
    _set_time(journal, m.ExportRecord, export, T + timedelta(days=1, hours=1))

    items = journal.chronology(alva)

    assert [(i.kind, i.code) for i in items] == [
        (ChronologyKind.LEAVE, LeaveStatus.REFUSED),  # 3 Nov, end of that day
        (ChronologyKind.EXPORT, ExportFormat.MARKDOWN),
        (ChronologyKind.CASE_EVENT, CaseAction.CLOSED),
        (ChronologyKind.ABSENCE, "ill"),  # 2 Nov as a day: the end of that day
        (ChronologyKind.ENTRY, EntryKind.NOTE),
        (ChronologyKind.ENTRY, EntryKind.NOTE),
        (ChronologyKind.CONTACT, ContactOutcome.NO_ANSWER),
        (ChronologyKind.STEP, items[7].code),
        (ChronologyKind.STEP, items[8].code),
        (ChronologyKind.CASE_EVENT, CaseAction.OPENED),
        (ChronologyKind.NOTICE, NoticeOutcome.NOT_REACHED),
        (ChronologyKind.MARK_CHANGE, "ill"),
        (ChronologyKind.MARK_CHANGE, "invalid"),
    ]
    leave_item, export_item, closed, absent, corrected, original, contacted, na, done = items[:9]
    assert (absent.when, absent.day, absent.lessons, absent.codes) == (DAY0, DAY0, 0, ("ill",))
    assert (leave_item.when, leave_item.day, leave_item.until, leave_item.who) == (
        date(2026, 11, 3),
        date(2026, 12, 1),
        date(2026, 12, 3),
        "Rektor Ros",
    )
    assert (export_item.text, export_item.case_id) == ("Till socialtjänsten", case)
    assert (closed.after, closed.text, closed.who) == (
        CaseOutcome.LOCATED,
        "Hemma",
        "Sam Skolsköterska",
    )
    assert (corrected.source_id, corrected.corrects_id, corrected.text) == (
        correction,
        entry,
        "Moster.",
    )
    assert (original.source_id, original.corrects_id, original.who) == (
        entry,
        None,
        "Karin Kurator",
    )
    assert (contacted.source_id, contacted.before, contacted.after, contacted.text) == (
        contact,
        ContactChannel.SMS,
        Counterpart.GUARDIAN,
        "[bold]Inget svar[/]",
    )
    assert (na.after, na.text, na.when) == (
        "not_applicable",
        "Inga syskon",
        T + timedelta(hours=3),
    )
    assert (done.after, done.text, done.code) == ("done", "Ingen svarade", step.step_code)
    assert items[-2].when == T + timedelta(minutes=10)
    assert (items[-2].day, items[-2].before, items[-2].after) == (DAY0, "invalid", "ill")
    assert (items[-1].before, items[-1].after) == ("", "invalid")


def test_a_pupil_with_nothing_has_an_empty_chronology(journal):
    assert journal.chronology(_pupil(journal, 0, "Alva")) == []


def test_an_unknown_pupil_is_not_found(journal):
    with pytest.raises(NotFound):
        journal.chronology(9999)


def test_absent_days_come_from_the_marks_of_a_register_filled_in_bulk(journal):
    """A register filled in bulk (the demo, mark_absences) has no mark changes; each absent
    day still shows once: the whole day, or the number of lessons with their codes."""
    alva = _pupil(journal, 0, "Alva")
    tuesday, wednesday, thursday = (
        DAY0 + timedelta(days=1),
        DAY0 + timedelta(2),
        DAY0 + timedelta(3),
    )
    journal.mark_absences(
        [
            (alva, DAY0, "invalid", None, None, "register"),
            (alva, tuesday, "ill", 1, None, "register"),
            (alva, tuesday, "ill", 2, None, "register"),
            (alva, tuesday, "invalid", 3, None, "register"),
            (alva, wednesday, "late", 1, 10, "register"),  # late is not absence
            (alva, thursday, "reported", None, None, "guardian_notice"),
            (alva, thursday, "invalid", 2, None, "register"),  # the whole day says it
        ]
    )
    items = journal.chronology(alva)
    assert [(i.kind, i.when, i.lessons, i.codes) for i in items] == [
        (ChronologyKind.ABSENCE, thursday, 0, ("reported",)),
        (ChronologyKind.ABSENCE, tuesday, 2 + 1, ("ill", "invalid")),
        (ChronologyKind.ABSENCE, DAY0, 0, ("invalid",)),
    ]
    assert items[1].code == "ill"  # the day's main code: most lessons


def test_an_absent_day_and_its_changes_read_summary_first(journal):
    """Where the register recorded changes, they stay (who changed what); the day's summary
    counts as the end of the day, so it reads before the changes made that day."""
    alva = _pupil(journal, 0, "Alva")
    journal.write_marks([MarkWrite(alva, DAY0, "invalid", lesson=2)], at=T)
    journal.write_marks([MarkWrite(alva, DAY0, "ill", lesson=2)], at=T + timedelta(hours=1))
    items = journal.chronology(alva)
    assert [(i.kind, i.code, i.lesson) for i in items] == [
        (ChronologyKind.ABSENCE, "ill", None),
        (ChronologyKind.MARK_CHANGE, "ill", 2),
        (ChronologyKind.MARK_CHANGE, "invalid", 2),
    ]
    assert (items[0].lessons, items[0].codes) == (1, ("ill",))


def test_a_schools_own_step_carries_its_words(journal):
    alva = _pupil(journal, 0, "Alva")
    folder = journal.paths.folder / "checklists"
    folder.mkdir()
    (folder / "missing_pupil.toml").write_text(
        '[[step]]\ncode = "ring_mentor"\ndue_day = 0\ntext = "Ring mentorn direkt"\n',
        encoding="utf-8",
    )
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    [step] = journal.case_steps(case)
    journal.complete_step(step.id, "Mentorn vet inget", at=T + timedelta(hours=1))
    [item] = [i for i in journal.chronology(alva) if i.kind == ChronologyKind.STEP]
    assert (item.code, item.label, item.text) == (
        "ring_mentor",
        "Ring mentorn direkt",
        "Mentorn vet inget",
    )
    # A file that no longer reads keeps the chronology readable (the code, no words).
    (folder / "missing_pupil.toml").write_text("[[step]\n", encoding="utf-8")
    [item] = [i for i in journal.chronology(alva) if i.kind == ChronologyKind.STEP]
    assert (item.code, item.label) == ("ring_mentor", "")


def test_a_sibling_step_and_a_whereabouts_known_record_appear(journal):
    """Schema 8's kinds, made as rows here (their use cases are written elsewhere): a step
    about a sibling at another school, with whom the counsellor spoke; and days whose
    whereabouts are known, how and from whom."""
    alva = _pupil(journal, 0, "Alva")
    link = journal.add_sibling_link(alva, name="Bo Testsson", school_name="Friskolan Norr")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    with journal._session() as session:
        step = m.ChecklistStep(
            case_id=case,
            step_code=f"sibling_school_{link}",
            due_on=DAY0,
            done_at=T + timedelta(hours=3),
            done_by="Karin Kurator",
            outcome="Bo är i skolan",
            sibling_link_id=link,
            spoke_with="Rektor Lind",
        )
        known = m.WhereaboutsKnown(
            pupil_id=alva,
            from_date=DAY0,
            to_date=DAY0 + timedelta(days=2),
            how="Hos mormor i Borås",
            source="Mamma",
            recorded_at=T + timedelta(hours=4),
            recorded_by="Karin Kurator",
        )
        session.add(step)
        session.add(known)
        session.flush()
        step_id, known_id = step.id, known.id
    items = journal.chronology(alva)
    assert [i.kind for i in items] == [
        ChronologyKind.WHEREABOUTS,
        ChronologyKind.STEP,
        ChronologyKind.CASE_EVENT,
    ]
    whereabouts, sibling_step = items[0], items[1]
    assert (
        whereabouts.source_id,
        whereabouts.day,
        whereabouts.until,
        whereabouts.text,
        whereabouts.counterpart,
        whereabouts.who,
    ) == (known_id, DAY0, DAY0 + timedelta(days=2), "Hos mormor i Borås", "Mamma", "Karin Kurator")
    assert (
        sibling_step.source_id,
        sibling_step.sibling,
        sibling_step.counterpart,
        sibling_step.text,
    ) == (step_id, "Bo Testsson, Friskolan Norr", "Rektor Lind", "Bo är i skolan")
