"""Warning signs on a pupil (storage.warning_signs): the list as data with a school's own
file, the rules of noting a sign, newest first, never edited, in the chronology and in a
report of concern (the sign as the school saw it, the pupil's own words as the child's)."""

from __future__ import annotations

from datetime import date

import pytest

from storage import models as m
from storage import warning_signs
from storage.codes import ChronologyKind, Counterpart
from storage.errors import InvalidValue, NotFound, TemplateInvalid
from storage.identity import fictitious_personnummer
from storage.report_data import WorrySource
from tui.i18n import set_language
from tui.render.report_words import worry_text
from tui.sign_words import SIGN_TEXT, sign_text

TODAY = date(2026, 5, 20)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def kim(journal) -> int:
    return journal.add_pupil(fictitious_personnummer(date(2012, 4, 9), 0), "Kim", "Testsson")


def _school_list(journal, text: str) -> None:
    folder = journal.paths.folder / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "warning_signs.toml").write_text(text, encoding="utf-8")


# -- the list -------------------------------------------------------------------------------


def test_the_built_in_list_is_the_national_guidance_and_every_code_is_translated():
    codes = [sign.code for sign in warning_signs.built_in().signs]
    assert codes == [
        "fear_of_trip_abroad",
        "controlled_free_time",
        "guardians_avoid_school",
        "recurring_absence",
        "excused_from_teaching",
        "lgbtqi_controlling_family",
        "engagement_or_marriage",
        "sibling_taken_abroad",
        "asks_for_help",
        "other",
    ]
    assert set(SIGN_TEXT) == set(codes)
    for sign in warning_signs.built_in().signs:
        assert SIGN_TEXT[sign.code] == sign.text  # the file's words are the msgids


def test_the_list_is_gender_neutral():
    words = " ".join(s.text for s in warning_signs.built_in().signs).lower().split()
    assert not {"girl", "she", "her", "hers", "daughter", "flicka"} & set(words)


def test_a_school_list_replaces_the_built_in_one(journal, kim):
    _school_list(journal, '[[sign]]\ncode = "egen"\ntext = "Berättar om resa"\n')
    assert [s.code for s in journal.warning_sign_list().signs] == ["egen"]
    sign = journal.record_warning_sign(kim, "egen", TODAY, today=TODAY)
    with pytest.raises(InvalidValue) as refused:
        journal.record_warning_sign(kim, "fear_of_trip_abroad", TODAY, today=TODAY)
    assert (refused.value.field, refused.value.reason) == ("sign_code", "unknown")
    [row] = journal.warning_signs(kim)
    assert (row.id, row.sign_code, row.label) == (sign, "egen", "Berättar om resa")
    set_language("en")
    assert sign_text(row.sign_code, row.label) == "Berättar om resa"  # as the school wrote it


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("[[sign]]\ncode = 'a'\n[[sign]]\ncode = 'a'\n", "duplicate_code", 4),
        ("[[sign]]\ntext = 'no code'\n", "missing_code", 1),
        ("[[sign]]\ncode = 'a'\ncolour = 'red'\n", "unknown_key", 3),
        ("[[sign]]\ncode = 'Not A Code'\n", "wrong_type", 2),
        ("[[sign]]\ncode = 'a'\ntext = 3\n", "wrong_type", 3),
        ("[[step]]\ncode = 'a'\n", "unknown_key", 1),
        ("", "no_steps", 1),
        ("[[sign]\n", "not_toml", 1),
    ],
)
def test_an_invalid_school_list_is_refused_with_its_line(journal, kim, text, reason, line):
    _school_list(journal, text)
    with pytest.raises(TemplateInvalid) as refused:
        journal.warning_sign_list()
    assert (refused.value.reason, refused.value.line) == (reason, line)
    with pytest.raises(TemplateInvalid):
        journal.record_warning_sign(kim, "a", TODAY, today=TODAY)


def test_signs_stay_readable_when_the_school_list_breaks(journal, kim):
    journal.record_warning_sign(kim, "recurring_absence", TODAY, today=TODAY)
    _school_list(journal, "not toml at all [")
    [row] = journal.warning_signs(kim)
    assert row.label == "Recurring absence"  # the built-in list reads it


# -- noting a sign --------------------------------------------------------------------------


def test_a_sign_is_kept_as_written_and_listed_newest_observed_first(journal, kim):
    older = journal.record_warning_sign(
        kim,
        "fear_of_trip_abroad",
        date(2026, 5, 4),
        observed_by="  Mentor Ali  ",
        own_words="Jag får inte åka tillbaka [bold]x[/]",
        note="Sa det efter lektionen",
        today=TODAY,
    )
    newer = journal.record_warning_sign(kim, "recurring_absence", TODAY, today=TODAY)
    rows = journal.warning_signs(kim)
    assert [r.id for r in rows] == [newer, older]
    old = rows[1]
    assert (old.observed_on, old.observed_by) == (date(2026, 5, 4), "Mentor Ali")
    assert old.own_words == "Jag får inte åka tillbaka [bold]x[/]"
    assert (old.note, old.recorded_by) == ("Sa det efter lektionen", "Karin Kurator")


def test_observed_today_is_taken_and_tomorrow_refused(journal, kim):
    journal.record_warning_sign(kim, "recurring_absence", TODAY, today=TODAY)
    with pytest.raises(InvalidValue) as refused:
        journal.record_warning_sign(kim, "recurring_absence", date(2026, 5, 21), today=TODAY)
    assert (refused.value.field, refused.value.reason) == ("observed_on", "in_future")
    assert len(journal.warning_signs(kim)) == 1


def test_an_unknown_code_is_refused(journal, kim):
    with pytest.raises(InvalidValue) as refused:
        journal.record_warning_sign(kim, "made_up", TODAY, today=TODAY)
    assert (refused.value.field, refused.value.reason) == ("sign_code", "unknown")


def test_other_needs_a_note(journal, kim):
    with pytest.raises(InvalidValue) as refused:
        journal.record_warning_sign(kim, "other", TODAY, note="   ", today=TODAY)
    assert (refused.value.field, refused.value.reason) == ("note", "empty")
    journal.record_warning_sign(
        kim, "other", TODAY, note="Ritade en flygplansbiljett", today=TODAY
    )
    assert [r.sign_code for r in journal.warning_signs(kim)] == ["other"]


def test_control_characters_are_refused(journal, kim):
    with pytest.raises(InvalidValue) as refused:
        journal.record_warning_sign(
            kim, "asks_for_help", TODAY, own_words="hjälp\x1b[31m", today=TODAY
        )
    assert (refused.value.field, refused.value.reason) == ("own_words", "control_character")


def test_no_such_pupil(journal):
    with pytest.raises(NotFound):
        journal.record_warning_sign(999, "recurring_absence", TODAY, today=TODAY)
    with pytest.raises(NotFound):
        journal.warning_signs(999)


def test_a_sign_is_never_edited_or_deleted(journal, kim):
    sign = journal.record_warning_sign(kim, "recurring_absence", TODAY, today=TODAY)
    with journal._session() as session:
        row = session.get(m.WarningSign, sign)
        row.note = "changed"
        with pytest.raises(InvalidValue) as refused:
            session.flush()
        session.rollback()
    assert (refused.value.field, refused.value.reason) == ("warning_sign", "append_only")
    with journal._session() as session:
        session.delete(session.get(m.WarningSign, sign))
        with pytest.raises(InvalidValue) as refused:
            session.flush()
        session.rollback()
    assert refused.value.reason == "append_only"
    assert [r.note for r in journal.warning_signs(kim)] == [""]


# -- chronology and report ------------------------------------------------------------------


def test_a_sign_is_an_item_of_the_chronology(journal, kim):
    sign = journal.record_warning_sign(
        kim,
        "engagement_or_marriage",
        date(2026, 5, 18),
        observed_by="Idrottslärare",
        own_words="Jag ska förlovas i sommar",
        note="Berättade i omklädningsrummet",
        today=TODAY,
    )
    [item] = [i for i in journal.chronology(kim) if i.kind == ChronologyKind.WARNING_SIGN]
    assert (item.source_id, item.code, item.day) == (
        sign,
        "engagement_or_marriage",
        date(2026, 5, 18),
    )
    assert (item.counterpart, item.before, item.text) == (
        "Idrottslärare",
        "Jag ska förlovas i sommar",
        "Berättade i omklädningsrummet",
    )
    assert (item.who, item.label) == ("Karin Kurator", "Talk of an engagement or a marriage")


def test_a_sign_is_in_the_report_and_the_own_words_are_the_childs(journal, kim):
    sign = journal.record_warning_sign(
        kim,
        "fear_of_trip_abroad",
        date(2026, 5, 18),
        observed_by="Mentor Ali",
        own_words="Jag vill inte åka",
        note="Grät",
        today=TODAY,
    )
    plain = journal.record_warning_sign(kim, "recurring_absence", TODAY, today=TODAY)
    draft = journal.start_report(kim)
    items = {i.key: i for i in journal.report_of_concern(draft).worry_items}
    seen = items[f"sign:{sign}"]
    assert (seen.source, seen.by, seen.text) == (WorrySource.REPORTER, "Mentor Ali", "Grät")
    assert (seen.sign_code, seen.observed_on) == ("fear_of_trip_abroad", date(2026, 5, 18))
    words = items[f"sign_words:{sign}"]
    assert (words.source, words.text, words.by_kind) == (
        WorrySource.CHILD,
        "Jag vill inte åka",
        Counterpart.PUPIL,
    )
    assert f"sign_words:{plain}" not in items  # no own words: no child's item
    set_language("en")
    assert worry_text(seen) == (
        "Warning sign: Is afraid of being taken abroad over a break (observed 2026-05-18)\nGrät"
    )
    assert (
        worry_text(items[f"sign:{plain}"])
        == "Warning sign: Recurring absence (observed 2026-05-20)"
    )


def test_a_sign_left_out_of_the_report_stays_out(journal, kim):
    sign = journal.record_warning_sign(
        kim, "asks_for_help", TODAY, own_words="Hjälp mig", today=TODAY
    )
    draft = journal.start_report(kim)
    journal.set_report_left_out(draft, [f"sign_words:{sign}"])
    keys = [i.key for i in journal.report_of_concern(draft).worry_items]
    assert f"sign:{sign}" in keys
    assert f"sign_words:{sign}" not in keys


def test_a_sign_in_the_chronology_reads_in_words(journal, kim):
    from tui.chronology_words import detail_text, kind_word, summary

    journal.record_warning_sign(
        kim,
        "sibling_taken_abroad",
        date(2026, 5, 18),
        observed_by="Mentor Ali",
        own_words="Min bror kom\ninte tillbaka",
        note="Berättade [bold]x[/]",
        today=TODAY,
    )
    [item] = [i for i in journal.chronology(kim) if i.kind == ChronologyKind.WARNING_SIGN]
    set_language("en")
    assert kind_word(item.kind) == "Warning sign"
    assert summary(item) == (
        "A sibling was taken abroad · observed 2026-05-18 · by Mentor Ali"
        " · own words: “Min bror kom inte tillbaka” · Berättade [bold]x[/]"
    )
    assert detail_text(item).endswith("\nBerättade [bold]x[/]")
    set_language("sv")
    assert summary(item).startswith("Ett syskon har tagits utomlands · iakttagen 2026-05-18")


def test_the_report_screen_lists_a_sign_by_its_words(journal, kim):
    from tui.report_item_words import report_items

    sign = journal.record_warning_sign(
        kim, "controlled_free_time", date(2026, 5, 11), own_words="Jag får aldrig", today=TODAY
    )
    set_language("en")
    items = {i.key: i for i in report_items(journal.report_of_concern(journal.start_report(kim)))}
    assert items[f"sign:{sign}"].words == (
        "Warning sign: Free time is rigidly controlled (observed 2026-05-11)"
    )
    assert items[f"sign:{sign}"].part == "Seen or heard"
    assert items[f"sign_words:{sign}"].part == "Child's words"
    assert items[f"sign_words:{sign}"].detail == "Jag får aldrig"
