"""Full-text search over all journal text (storage.fulltext, journal.search_text): a word is
found wherever a person wrote it, with its pupil, source row and date, newest first; what
is typed is data (never FTS5 syntax); a locked journal finds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage.codes import CaseKind, ChronologyKind, ContactOutcome
from storage.errors import JournalLocked
from storage.fulltext import match_expression
from storage.identity import fictitious_personnummer

DAY0 = date(2026, 11, 2)
T = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def alva(journal):
    school = journal.add_school("Testskolan")
    group = journal.add_group(school, "7B")
    pupil = journal.add_pupil(fictitious_personnummer(date(2013, 5, 3), 0), "Alva", "Åberg")
    journal.move_pupil(pupil, group, on=date(2026, 8, 17))
    return pupil


def _found(journal, query: str) -> list[tuple[str, int]]:
    return [(hit.source, hit.source_id) for hit in journal.search_text(query)]


def test_a_word_in_an_entry_is_found_with_its_pupil_date_and_snippet(journal, alva):
    entry = journal.add_entry(
        alva, "Mentorn såg henne vid busshållplatsen i morse.\nInget mer.", at=T
    )
    [hit] = journal.search_text("busshållplatsen")
    assert (hit.pupil_id, hit.first_name, hit.last_name, hit.class_name) == (
        alva,
        "Alva",
        "Åberg",
        "7B",
    )
    assert (hit.source, hit.source_id, hit.chronology_kind, hit.when) == (
        "entry",
        entry,
        ChronologyKind.ENTRY,
        T,
    )
    assert "\n" not in hit.snippet  # one line
    [(start, end)] = hit.matches
    assert hit.snippet[start:end] == "busshållplatsen"


def test_a_contact_note_a_step_outcome_and_a_suspected_country_are_found(journal, alva):
    case = journal.open_case(alva, CaseKind.MISSING, DAY0, at=T)
    contact = journal.log_contact(
        alva,
        case_id=case,
        outcome=ContactOutcome.REACHED,
        note="Mostern tror att familjen rest.",
        at=T + timedelta(hours=1),
    )
    step = journal.case_steps(case)[0]
    journal.complete_step(step.id, "Kompisen fick ett sms från Alva", at=T + timedelta(hours=2))
    journal.set_case_details(case, suspected_country="Marocko")

    assert _found(journal, "mostern") == [("contact", contact)]
    assert _found(journal, "sms") == [("step", step.id)]
    assert _found(journal, "marocko") == [("case", case)]
    [country] = journal.search_text("Marocko")
    assert country.chronology_kind is None  # a case's details are no single chronology item


def test_a_correction_and_the_original_are_both_found_newest_first(journal, alva):
    original = journal.add_entry(alva, "Hon bor hos mormor i Malmö.", at=T)
    correction = journal.correct_entry(original, "Rättelse: hos farmor i Malmö.", at=T)
    journal.add_entry(alva, "Bor kvar i Malmö.", at=T - timedelta(days=3))
    hits = journal.search_text("malmö")
    assert [h.source_id for h in hits[:2]] == [correction, original]  # same time: newest row
    assert len(hits) == 3 and hits[2].when == T - timedelta(days=3)
    assert _found(journal, "mormor") == [("entry", original)]
    assert _found(journal, "farmor") == [("entry", correction)]


def test_words_are_prefixes_every_word_counts_and_case_is_ignored(journal, alva):
    entry = journal.add_entry(alva, "Kusinen HÖRDE av sig via Snapchat.", at=T)
    assert _found(journal, "snap") == [("entry", entry)]
    assert _found(journal, "hörde kusin") == [("entry", entry)]
    assert _found(journal, "HÖRDE") == [("entry", entry)]
    assert _found(journal, "hörde mormor") == []  # every word must be there
    assert _found(journal, "hor") == []  # ö is a letter of its own
    assert _found(journal, "cykeln") == []  # another word: nothing


HOSTILE = [
    '"',
    '""',
    "AND(",
    "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "body:busshållplatsen",
    "- OR NOT",
    "^buss",
    "'; DROP TABLE journal_entry; --",
    "{body pupil_id}: x",
    "a AND",
    "(",
    "busshållplatsen\x00",
    "busshållplatsen\x02",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_is_data_and_never_raises(journal, alva, query):
    entry = journal.add_entry(alva, "Sågs vid busshållplatsen. AND OR NOT near body.", at=T)
    found = _found(journal, query)
    assert found in ([], [("entry", entry)])
    assert journal.search_text("busshållplatsen")  # the journal and its index still work


def test_operator_words_are_searched_as_words(journal, alva):
    entry = journal.add_entry(alva, "Svarade inte AND ringde NEAR skolan.", at=T)
    journal.add_entry(alva, "Något helt annat.", at=T)
    assert _found(journal, "AND(") == [("entry", entry)]
    assert _found(journal, "NEAR(") == [("entry", entry)]
    assert _found(journal, "*") == []  # no word: nothing, not everything


def test_the_expression_quotes_every_word():
    assert match_expression('hörde "x" AND(') == '"hörde"* "x"* "AND"*'
    assert match_expression("* ( ) : ^") == ""


def test_a_locked_journal_finds_nothing(journal, alva):
    journal.add_entry(alva, "Sågs vid busshållplatsen.", at=T)
    journal.close()
    with pytest.raises(JournalLocked):
        journal.search_text("busshållplatsen")


def test_an_empty_query_or_limit_finds_nothing(journal, alva):
    journal.add_entry(alva, "Sågs vid busshållplatsen.", at=T)
    assert journal.search_text("   ") == []
    assert journal.search_text("buss", limit=0) == []


def test_the_limit_keeps_the_newest(journal, alva):
    ids = [
        journal.add_entry(alva, f"Ringde mamma {n}.", at=T + timedelta(days=n)) for n in range(5)
    ]
    assert [h.source_id for h in journal.search_text("ringde", limit=2)] == ids[:-3:-1]


def test_notices_leave_and_whereabouts_known_are_found_with_their_dates(journal, alva):
    from storage import models as m
    from storage.codes import NoticeOutcome

    notice = journal.record_notice(
        alva, DAY0, NoticeOutcome.SPECIAL_REASONS, reason="Skyddsbedömning pågår"
    )
    leave = journal.add_leave_request(
        alva, date(2026, 12, 1), date(2026, 12, 3), destination="Göteborg"
    )
    with journal._session() as session:
        known = m.WhereaboutsKnown(
            pupil_id=alva,
            from_date=DAY0,
            to_date=DAY0,
            how="Hos mormor i Borås",
            source="Mamma",
            recorded_at=T,
        )
        session.add(known)
        session.flush()
        known_id = known.id
    [notice_hit] = journal.search_text("skyddsbedömning")
    assert (notice_hit.source, notice_hit.source_id, notice_hit.chronology_kind) == (
        "notice",
        notice,
        ChronologyKind.NOTICE,
    )
    [leave_hit] = journal.search_text("göteborg")
    assert (leave_hit.source_id, leave_hit.when) == (leave, date(2026, 12, 1))  # not decided
    [known_hit] = journal.search_text("borås")
    assert (known_hit.source_id, known_hit.chronology_kind, known_hit.when) == (
        known_id,
        ChronologyKind.WHEREABOUTS,
        T,
    )
