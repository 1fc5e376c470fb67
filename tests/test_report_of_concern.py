"""Reports of concern as the journal keeps them (storage.report_of_concern): one draft per
child, what the report reads from the journal, keeping apart whose words an item is, items
left out, honour-related rules, sibling drafts, filing and what happened after."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage.codes import (
    CaseKind,
    ChronologyKind,
    ContactChannel,
    ContactOutcome,
    Counterpart,
    EntryKind,
    SchoolType,
    SecurityMarking,
)
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer
from storage.report_data import ActionKind, DraftState, WorrySource
from storage.report_of_concern import DraftFields

DAY0 = date(2026, 10, 12)
T = datetime(2026, 10, 12, 7, 30, tzinfo=UTC)
MADE = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator", role="Skolkurator", phone="08-123 45 67")
    school = journal.add_school("Provskolan")
    serial = 0

    def pupil(first: str, born: date = date(2012, 3, 1), **kwargs) -> int:
        nonlocal serial
        serial += 1
        return journal.add_pupil(
            fictitious_personnummer(born, serial), first, "Testsson", school_id=school, **kwargs
        )

    return journal, pupil


def _family(journal, pupil):
    """Alva (missing) and Bo share a guardian; Omar is at another school."""
    alva = pupil("Alva", street="Provgatan 1", postal_code="123 45", city="Provby")
    bo = pupil("Bo", born=date(2015, 6, 1))
    mum = journal.add_guardian(
        "Mira", "Testsson", phone="070-000 00 01", interpreter_needed=True, language="arabiska"
    )
    journal.link_guardian(alva, mum)
    journal.link_guardian(bo, mum)
    journal.add_sibling_link(
        alva,
        name="Omar Testsson",
        birth_year=2010,
        school_name="Ekens friskola",
        school_type=SchoolType.INDEPENDENT,
    )
    return alva, bo, mum


def test_a_report_reads_the_child_siblings_guardians_and_reporter_from_the_journal(world):
    journal, pupil = world
    alva, bo, _ = _family(journal, pupil)
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    draft = journal.start_report(alva, case_id=case)

    report = journal.report_of_concern(draft, made_at=MADE)

    assert report.draft_id == draft and report.made_at == MADE
    assert report.child.name == "Alva Testsson"
    assert report.child.identity_number[8] == "-" and report.child.age == 14
    assert report.child.address == "Provgatan 1, 123 45 Provby"
    assert report.child.school == "Provskolan" and not report.child.protected_identity
    assert [(s.name, s.age, s.school) for s in report.siblings] == [
        ("Omar Testsson", 16, "Ekens friskola"),
        ("Bo Testsson", 11, "Provskolan"),
    ]
    (guardian,) = report.guardians
    assert (guardian.name, guardian.interpreter_needed, guardian.language) == (
        "Mira Testsson",
        True,
        "arabiska",
    )
    assert (report.reporter.name, report.reporter.role, report.reporter.phone) == (
        "Karin Kurator",
        "Skolkurator",
        "08-123 45 67",
    )
    assert report.reporter.school == "Provskolan"
    assert report.whereabouts is not None and report.whereabouts.missing


def test_the_last_contact_is_a_moment_not_words(world):
    """The renderers word it (Swedish time) or give it in UTC (JSON); storage keeps the
    moment as the journal has it."""
    journal, pupil = world
    alva = pupil("Alva")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    draft = journal.start_report(alva, case_id=case)
    assert journal.report_of_concern(draft, made_at=MADE).whereabouts.last_contact is None
    journal.set_case_details(case, last_contact_at=T)
    assert journal.report_of_concern(draft, made_at=MADE).whereabouts.last_contact == T


def test_pressing_the_key_twice_means_the_same_draft(world):
    journal, pupil = world
    alva = pupil("Alva")
    first = journal.start_report(alva)
    assert journal.start_report(alva) == first
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    assert journal.start_report(alva, case_id=case) != first  # a report from the case


def test_protected_identity_has_no_address_for_the_child_nor_the_guardians(world):
    journal, pupil = world
    alva = pupil("Alva", security_marking=SecurityMarking.PROTECTED)
    mum = journal.add_guardian("Mira", "Testsson", street="Provgatan 1", city="Provby")
    journal.link_guardian(alva, mum)
    report = journal.report_of_concern(journal.start_report(alva), made_at=MADE)
    assert report.child.protected_identity and report.child.address is None
    assert [g.address for g in report.guardians] == [None]


def test_worry_items_keep_the_reporter_others_and_the_child_apart_in_time_order(world):
    journal, pupil = world
    alva = pupil("Alva")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    journal.add_entry(alva, "Jag såg henne gråta.", kind=EntryKind.OBSERVATION, at=T)
    journal.add_entry(
        alva, "Jag vill inte åka.", kind=EntryKind.PUPIL_WORDS, at=T + timedelta(hours=1)
    )
    journal.log_contact(
        alva,
        case_id=case,
        channel=ContactChannel.PHONE,
        counterpart_kind=Counterpart.MENTOR,
        counterpart="Mentor Mats",
        outcome=ContactOutcome.REACHED,
        note="Hon sa att de reser i morgon.",
        at=T + timedelta(hours=2),
    )
    journal.add_entry(alva, "Möte med rektor.", kind=EntryKind.MEETING, at=T + timedelta(hours=3))

    report = journal.report_of_concern(journal.start_report(alva, case_id=case), made_at=MADE)

    assert [(w.source, w.by, w.text) for w in report.worry_items] == [
        (WorrySource.REPORTER, "Karin Kurator", "Jag såg henne gråta."),
        (WorrySource.CHILD, "Karin Kurator", "Jag vill inte åka."),
        (WorrySource.OTHERS, "Mentor Mats", "Hon sa att de reser i morgon."),
    ]
    kinds = [(a.kind, a.code) for a in report.actions]
    assert kinds[0] == (ActionKind.CASE_EVENT, "opened")
    assert (ActionKind.CONTACT, ContactChannel.PHONE) in kinds
    assert kinds[-1] == (ActionKind.MEETING, EntryKind.MEETING)
    assert [a.at for a in report.actions] == sorted(a.at for a in report.actions)


def test_a_corrected_entry_is_reported_as_corrected(world):
    journal, pupil = world
    alva = pupil("Alva")
    wrong = journal.add_entry(alva, "Hon sa tisdag.", kind=EntryKind.OBSERVATION, at=T)
    journal.correct_entry(wrong, "Hon sa onsdag.", at=T + timedelta(hours=1))
    report = journal.report_of_concern(journal.start_report(alva), made_at=MADE)
    assert [w.text for w in report.worry_items] == ["Hon sa onsdag."]


def test_done_steps_are_actions_with_their_outcome(world):
    journal, pupil = world
    alva = pupil("Alva")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    first, second, *_ = journal.case_steps(case)
    journal.complete_step(first.id, "Ringde hem.", at=T + timedelta(hours=1))
    journal.mark_step_not_applicable(second.id, "Inga syskon.", at=T + timedelta(hours=2))
    report = journal.report_of_concern(journal.start_report(alva, case_id=case), made_at=MADE)
    steps = [(a.code, a.outcome, a.detail) for a in report.actions if a.kind == ActionKind.STEP]
    assert steps == [
        (first.step_code, "done", "Ringde hem."),
        (second.step_code, "not_applicable", "Inga syskon."),
    ]


def test_items_left_out_stay_out_of_the_report_and_are_shown_in_the_preview(world):
    journal, pupil = world
    alva, _, mum = _family(journal, pupil)
    entry = journal.add_entry(alva, "Privat.", kind=EntryKind.OBSERVATION, at=T)
    draft = journal.start_report(alva)
    journal.set_report_left_out(draft, {f"entry:{entry}", f"guardian:{mum}"})

    report = journal.report_of_concern(draft, made_at=MADE)
    assert report.worry_items == () and report.guardians == ()
    assert set(report.left_out) == {f"entry:{entry}", f"guardian:{mum}"}
    preview = journal.report_of_concern(draft, made_at=MADE, with_left_out=True)
    assert [w.key for w in preview.worry_items] == [f"entry:{entry}"]
    assert len(preview.guardians) == 1


def test_toggling_an_item_flips_only_that_key_and_a_filed_draft_refuses(world):
    journal, pupil = world
    alva, _, mum = _family(journal, pupil)
    entry = journal.add_entry(alva, "Privat.", kind=EntryKind.OBSERVATION, at=T)
    draft = journal.start_report(alva)

    assert journal.toggle_report_left_out(draft, f"entry:{entry}") == (f"entry:{entry}",)
    assert journal.toggle_report_left_out(draft, f"guardian:{mum}") == (
        f"entry:{entry}",
        f"guardian:{mum}",
    )
    assert journal.toggle_report_left_out(draft, f"entry:{entry}") == (f"guardian:{mum}",)
    assert journal.report_of_concern(draft, made_at=MADE).left_out == (f"guardian:{mum}",)

    journal.file_report(draft, channel=ContactChannel.PHONE, recipient="Socialtjänsten")
    with pytest.raises(InvalidValue):
        journal.toggle_report_left_out(draft, f"entry:{entry}")
    with pytest.raises(NotFound):
        journal.toggle_report_left_out(draft + 99, f"entry:{entry}")


def test_honour_related_never_says_the_guardians_were_told(world):
    journal, pupil = world
    alva = pupil("Alva")
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, honour_related=True, at=T)
    draft = journal.start_report(alva, case_id=case)
    report = journal.report_of_concern(draft, made_at=MADE)
    assert report.honour_related and report.guardians_informed is False
    with pytest.raises(InvalidValue) as refused:
        journal.update_report_draft(
            draft, DraftFields(guardians_informed=True, honour_related=True)
        )
    assert (refused.value.field, refused.value.reason) == ("guardians_informed", "honour_related")
    # A draft from the pupil card knows of the open honour-related case too.
    assert journal.report_of_concern(journal.start_report(alva), made_at=MADE).honour_related


def test_the_counsellors_own_words_are_kept_and_control_characters_refused(world):
    journal, pupil = world
    alva = pupil("Alva")
    draft = journal.start_report(alva)
    fields = DraftFields(
        worry="Hon är rädd.\nHon sover dåligt.",
        since_when="höstlovet",
        acute_danger=True,
        guardians_informed=True,
        child_informed=False,
    )
    journal.update_report_draft(draft, fields)
    report = journal.report_of_concern(draft, made_at=MADE)
    assert (report.worry, report.since_when, report.acute_danger) == (
        "Hon är rädd.\nHon sover dåligt.",
        "höstlovet",
        True,
    )
    assert (report.guardians_informed, report.child_informed) == (True, False)
    with pytest.raises(InvalidValue):
        journal.update_report_draft(draft, DraftFields(worry="x\x1b[31m"))


def test_a_family_concern_gives_each_sibling_in_the_journal_a_draft_of_their_own(world):
    journal, pupil = world
    alva, bo, _ = _family(journal, pupil)
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, honour_related=True, at=T)
    draft = journal.start_report(alva, case_id=case)
    journal.update_report_draft(
        draft, DraftFields(worry="Familjen planerar en resa.", honour_related=True)
    )

    (sibling_draft,) = journal.start_sibling_reports(draft)
    assert journal.start_sibling_reports(draft) == [sibling_draft]  # not a second one

    report = journal.report_of_concern(sibling_draft, made_at=MADE)
    assert report.child.name == "Bo Testsson" and report.honour_related
    assert report.guardians_informed is False and report.worry == "Familjen planerar en resa."
    assert [g.name for g in report.guardians] == ["Mira Testsson"]
    # Each child's report says the sibling has a report of their own.
    alva_report = journal.report_of_concern(draft, made_at=MADE)
    assert {s.name: s.report for s in alva_report.siblings} == {
        "Omar Testsson": "",
        "Bo Testsson": DraftState.DRAFT,
    }
    rows = {r.id: r for r in journal.report_drafts()}
    assert rows[sibling_draft].family_of_id == draft


def test_a_sibling_keeps_an_unfiled_draft_of_their_own_and_never_reuses_a_filed_one(world):
    journal, pupil = world
    alva, bo, _ = _family(journal, pupil)
    draft = journal.start_report(alva)
    own = journal.start_report(bo)  # Bo's own report, started from his card

    assert journal.start_sibling_reports(draft) == [own]  # not a second open draft
    assert len(journal.report_drafts(bo)) == 1

    journal.file_report(own, channel=ContactChannel.PHONE, recipient="Socialtjänsten")
    (new,) = journal.start_sibling_reports(draft)  # the filed one is not counted as waiting
    assert new != own
    assert journal.report_draft(new).state == DraftState.DRAFT
    assert journal.report_draft(new).family_of_id == draft


def test_a_sibling_prefers_this_family_concerns_own_draft(world):
    journal, pupil = world
    alva, bo, _ = _family(journal, pupil)
    draft = journal.start_report(alva)
    (family_draft,) = journal.start_sibling_reports(draft)
    bo_case = journal.open_case(bo, CaseKind.MISSING, DAY0, at=T)
    newer = journal.start_report(bo, case_id=bo_case)  # newer, from Bo's own case
    assert newer != family_draft
    assert journal.start_sibling_reports(draft) == [family_draft]


def test_filing_closes_the_draft_and_the_chronology_shows_it(world):
    journal, pupil = world
    alva = pupil("Alva")
    draft = journal.start_report(alva)
    journal.update_report_draft(draft, DraftFields(worry="Oro.", child_informed=True))
    report_id = journal.file_report(
        draft,
        channel=ContactChannel.PHONE,
        recipient="Socialtjänsten Provby",
        reference="",
        reported_at=MADE,
    )
    (row,) = journal.report_drafts(alva)
    assert (row.state, row.filed_report_id, row.channel) == (
        DraftState.FILED,
        report_id,
        ContactChannel.PHONE,
    )
    assert row.written_follow_up_due  # a phone report is followed up in writing
    with pytest.raises(InvalidValue):
        journal.update_report_draft(draft, DraftFields(worry="Ändrad."))
    with pytest.raises(InvalidValue):
        journal.file_report(draft, channel=ContactChannel.PHONE, recipient="x")

    journal.record_after_filing(
        report_id,
        reference="SoC 2026-123",
        written_follow_up_on=date(2026, 10, 21),
        investigation_opened=True,
    )
    (row,) = journal.report_drafts(alva)
    assert not row.written_follow_up_due
    assert (row.reference, row.investigation_opened) == ("SoC 2026-123", True)
    (item,) = [i for i in journal.chronology(alva) if i.kind == ChronologyKind.REPORT]
    assert (item.code, item.counterpart, item.text) == (
        ContactChannel.PHONE,
        "Socialtjänsten Provby",
        "SoC 2026-123",
    )
    # The next report names this one as earlier concern, with the investigation.
    later = journal.report_of_concern(journal.start_report(alva), made_at=MADE)
    (earlier,) = later.earlier_reports
    assert (earlier.reference, earlier.investigation_opened) == ("SoC 2026-123", True)


def test_a_siblings_report_counts_from_when_this_draft_was_started(world):
    journal, pupil = world
    alva, bo, _ = _family(journal, pupil)
    draft = journal.start_report(alva)
    started = journal.report_draft(draft).created_at

    def bo_state() -> str:
        report = journal.report_of_concern(draft, made_at=MADE)
        return {s.name: s.report for s in report.siblings}["Bo Testsson"]

    # Bo's report from before this draft was about an earlier worry.
    journal.record_concern_report(
        bo, channel=ContactChannel.LETTER, reported_at=started - timedelta(seconds=1)
    )
    assert bo_state() == ""
    journal.record_concern_report(bo, channel=ContactChannel.LETTER, reported_at=started)
    assert bo_state() == DraftState.FILED


def test_a_sibling_report_of_this_family_concern_counts_whenever_it_was_filed(world):
    journal, pupil = world
    alva, bo, _ = _family(journal, pupil)
    bo_draft = journal.start_report(bo)
    journal.file_report(
        bo_draft, channel=ContactChannel.PHONE, recipient="Soc", reported_at=MADE - timedelta(1)
    )
    (alva_draft,) = journal.start_sibling_reports(bo_draft)  # after Bo's was filed
    report = journal.report_of_concern(alva_draft, made_at=MADE)
    assert {s.name: s.report for s in report.siblings}["Bo Testsson"] == DraftState.FILED


def test_earlier_reports_are_those_made_before_this_one_was_filed(world):
    journal, pupil = world
    alva, _, _ = _family(journal, pupil)
    draft = journal.start_report(alva)
    filed_at = datetime.now(UTC) - timedelta(hours=1)
    journal.record_concern_report(
        alva,
        channel=ContactChannel.LETTER,
        reference="före",
        reported_at=filed_at - timedelta(seconds=1),
    )
    journal.file_report(draft, channel=ContactChannel.PHONE, recipient="Soc", reported_at=filed_at)
    journal.record_concern_report(
        alva,
        channel=ContactChannel.LETTER,
        reference="efter",
        reported_at=filed_at + timedelta(seconds=1),
    )
    exported_again = journal.report_of_concern(draft)
    assert [e.reference for e in exported_again.earlier_reports] == ["före"]
    # A draft started now has both before it.
    later = journal.report_of_concern(journal.start_report(alva))
    assert [e.reference for e in later.earlier_reports] == ["före", "", "efter"]


def test_after_filing_refuses_a_follow_up_before_the_report_or_in_the_future(world):
    journal, pupil = world
    alva = pupil("Alva")
    report_id = journal.file_report(
        journal.start_report(alva), channel=ContactChannel.PHONE, recipient="Soc", reported_at=MADE
    )
    for day, reason in ((date(2026, 10, 19), "before_report"), (date(2099, 1, 1), "in_future")):
        with pytest.raises(InvalidValue) as refused:
            journal.record_after_filing(
                report_id, reference="", written_follow_up_on=day, investigation_opened=None
            )
        assert refused.value.reason == reason
    # The boundary: the day of the report itself is allowed.
    journal.record_after_filing(
        report_id, reference="", written_follow_up_on=date(2026, 10, 20), investigation_opened=None
    )


def test_filing_refuses_a_time_in_the_future_and_unknown_drafts(world):
    journal, pupil = world
    draft = journal.start_report(pupil("Alva"))
    with pytest.raises(InvalidValue):
        journal.file_report(
            draft,
            channel=ContactChannel.PHONE,
            recipient="Soc",
            reported_at=datetime(2099, 1, 1, tzinfo=UTC),
        )
    with pytest.raises(NotFound):
        journal.report_of_concern(draft + 99)


def test_the_dashboard_counts_the_reports_waiting_as_the_list_shows_them(world):
    """Home's line counts what the list of reports shows: drafts not filed, and phone
    reports not followed up in writing (a report recorded without a draft is not counted:
    the list does not hold it)."""
    journal, pupil = world
    alva, bo = pupil("Alva"), pupil("Bo")

    def waiting() -> tuple[int, int]:
        morning = journal.morning(MADE.date())
        return morning.reports_unfiled, morning.reports_follow_up

    def listed() -> tuple[int, int]:
        rows = journal.report_drafts()
        return (
            sum(1 for r in rows if r.state != DraftState.FILED),
            sum(1 for r in rows if r.written_follow_up_due),
        )

    assert waiting() == listed() == (0, 0)
    first, second = journal.start_report(alva), journal.start_report(bo)
    assert waiting() == listed() == (2, 0)
    report = journal.file_report(
        first, channel=ContactChannel.PHONE, recipient="Soc", reported_at=MADE
    )
    journal.file_report(second, channel=ContactChannel.LETTER, recipient="Soc", reported_at=MADE)
    journal.record_concern_report(alva, channel=ContactChannel.PHONE, reported_at=MADE)
    assert waiting() == listed() == (0, 1)
    journal.record_after_filing(
        report, reference="", written_follow_up_on=MADE.date(), investigation_opened=None
    )
    assert waiting() == listed() == (0, 0)


def test_the_watch_list_is_among_what_the_school_did_and_can_be_left_out(world):
    """Put on the watch list before a break and taken off: two actions of the report (why,
    and the break), each with a key of its own; worded in the reader's language."""
    from storage.codes import CalendarKind
    from storage.report_data import ActionKind
    from tui.i18n import set_language
    from tui.render.report_words import action_line

    journal, pupil = world
    alva = pupil("Alva")
    school = journal.pupil_card(alva).pupil.school_id
    jullov = journal.add_calendar_period(
        school, CalendarKind.BREAK, date(2026, 12, 21), date(2027, 1, 6), "Jullov"
    )
    put_on = journal.put_on_watch_list(alva, "Rädd för resan", jullov, MADE.date(), at=T)
    entry_id = journal.watch_list(MADE.date())[0].entry_id
    journal.take_off_watch_list(entry_id, "Resan är inställd")
    draft = journal.start_report(alva)

    watch = [a for a in journal.report_of_concern(draft, made_at=MADE).actions
             if a.kind == ActionKind.WATCH]  # fmt: skip
    assert [(a.key, a.code, a.counterpart, a.detail) for a in watch] == [
        (f"watch:{entry_id}", "put_on", "Jullov", "Rädd för resan"),
        (f"watch_off:{entry_id}", "taken_off", "", "Resan är inställd"),
    ]
    set_language("en")
    assert action_line(watch[0]) == "Put on the watch list · Jullov"
    journal.set_report_left_out(draft, {f"watch:{entry_id}"})
    left = journal.report_of_concern(draft, made_at=MADE).actions
    assert [a.key for a in left if a.kind == ActionKind.WATCH] == [f"watch_off:{entry_id}"]
    assert put_on.case_id is not None
