"""Classes, class lists, pupil search, the pupil card and the edits behind it (Journal facade)."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime

import pytest

from storage import records
from storage.errors import DuplicateIdentityNumber, InvalidValue, NotFound
from storage.identity import InvalidIdentityNumber, fictitious_personnummer
from storage.models import Relation, SchoolType, SecurityMarking

TODAY = date(2026, 3, 18)
START = date(2025, 8, 20)

ALVA = fictitious_personnummer(date(2016, 5, 3), 0)
AKE = fictitious_personnummer(date(2016, 2, 11), 1)
BO = fictitious_personnummer(date(2016, 9, 30), 3)
CILLA = fictitious_personnummer(date(2016, 1, 14), 2)
DAN = fictitious_personnummer(date(2015, 6, 7), 5)
ELIN = fictitious_personnummer(date(2015, 11, 22), 4)
FRIDA = fictitious_personnummer(date(2015, 4, 1), 6)
SARA = fictitious_personnummer(date(2013, 3, 3), 8)
ANNA = fictitious_personnummer(date(2013, 3, 3), 10)


def _events(journal, **match):
    rows = list(reversed(journal.audit_trail(limit=100_000)))
    return [r for r in rows if all(getattr(r, k) == v for k, v in match.items())]


def _changes(row) -> dict:
    return json.loads(row.changes)


@pytest.fixture
def world(new_journal):
    """Two served schools, a friskola, classes 4A, 4B, 5A, 10A and 7A, and a few pupils."""
    journal = new_journal.journal
    journal.set_profile("Karin Kurator", role="Skolkurator")
    ids: dict[str, int] = {}
    ids["school"] = journal.add_school("Lärkskolan", municipality="Testby")
    ids["other"] = journal.add_school("Aspskolan", municipality="Testby")
    ids["friskola"] = journal.add_school(
        "Granbackens friskola", school_type=SchoolType.INDEPENDENT, served=False
    )
    for name, year in (("10A", 10), ("5A", 5), ("4B", 4), ("4A", 4)):
        ids[name] = journal.add_group(ids["school"], name, school_year=year)
    ids["7A"] = journal.add_group(ids["other"], "7A", school_year=7)
    for key, number, first, last, group in (
        ("alva", ALVA, "Alva", "Testsson", "4A"),
        ("ake", AKE, "Åke", "Öberg", "4A"),
        ("bo", BO, "Bo", "Exempelsson", "4A"),
        ("cilla", CILLA, "Cilla", "Provsson", "4A"),
        ("dan", DAN, "Dan", "Provsson", "5A"),
        ("elin", ELIN, "Elin", "Testsson", "5A"),
        ("frida", FRIDA, "Frida", "Fiktiv", "5A"),
    ):
        ids[key] = journal.add_pupil(
            number,
            first,
            last,
            school_id=ids["school"],
            group_id=ids[group],
            street="Lärkvägen 1",
            postal_code="999 99",
            city="Testby",
            today=START,
        )
    return journal, ids


# -- schools and classes ----------------------------------------------------------------


def test_schools_served_first_then_by_name(world):
    journal, ids = world
    schools = journal.schools()
    assert [s.name for s in schools] == ["Aspskolan", "Lärkskolan", "Granbackens friskola"]
    friskola = schools[-1]
    assert friskola == records.SchoolRow(
        ids["friskola"], "Granbackens friskola", SchoolType.INDEPENDENT, "", False
    )
    with pytest.raises(FrozenInstanceError):
        friskola.name = "x"  # type: ignore[misc]


def test_classes_in_natural_order_with_counts_after_a_move_and_a_leaver(world):
    journal, ids = world
    journal.move_pupil(ids["cilla"], ids["5A"], on=date(2026, 1, 12))
    journal.mark_left(ids["bo"], on=date(2026, 2, 27), destination="Skola i Testköping")

    classes = journal.classes()
    assert [(c.school_name, c.name) for c in classes] == [
        ("Aspskolan", "7A"),
        ("Lärkskolan", "4A"),
        ("Lärkskolan", "4B"),
        ("Lärkskolan", "5A"),
        ("Lärkskolan", "10A"),
    ]
    counts = {c.name: c.pupil_count for c in classes}
    # 4A: Alva, Åke (Bo left, Cilla moved); 5A: Dan, Elin, Frida and Cilla.
    assert counts == {"7A": 0, "4A": 2, "4B": 0, "5A": 4, "10A": 0}
    four_a = next(c for c in classes if c.name == "4A")
    assert four_a == records.ClassRow(ids["4A"], "4A", ids["school"], "Lärkskolan", 4, 2)
    assert [c.name for c in journal.classes(ids["other"])] == ["7A"]

    assert [(p.first_name, p.class_name, p.class_id) for p in journal.class_pupils(ids["4A"])] == [
        ("Alva", "4A", ids["4A"]),
        ("Åke", "4A", ids["4A"]),
    ]
    five_a = journal.class_pupils(ids["5A"])
    assert [p.first_name for p in five_a] == ["Frida", "Cilla", "Dan", "Elin"]
    assert all(p.class_id == ids["5A"] and p.left_on is None for p in five_a)
    assert journal.class_pupils(ids["10A"]) == []


def test_pupils_carry_class_id_and_left_on(world):
    journal, ids = world
    journal.mark_left(ids["bo"], on=date(2026, 2, 27), destination="Testköping")
    by_id = {p.id: p for p in journal.pupils()}
    assert by_id[ids["bo"]].left_on == date(2026, 2, 27)
    assert by_id[ids["bo"]].class_id == ids["4A"]
    assert by_id[ids["dan"]].class_id == ids["5A"] and by_id[ids["dan"]].left_on is None
    # The positional order the UI depends on is unchanged.
    row = by_id[ids["alva"]]
    assert tuple(row.__dict__.values())[:7] == (
        ids["alva"],
        ALVA,
        "personnummer",
        "Alva",
        "Testsson",
        "none",
        "4A",
    )


def test_class_pupils_with_those_who_left(world):
    journal, ids = world
    journal.mark_left(ids["bo"], on=date(2026, 2, 27), destination="Skola i Testköping")
    journal.move_pupil(ids["cilla"], ids["5A"], on=date(2026, 1, 12))
    assert ids["bo"] not in [p.id for p in journal.class_pupils(ids["4A"])]
    with_left = journal.class_pupils(ids["4A"], include_left=True)
    # Bo left while in 4A and is listed with it; Cilla moved to 5A and is not.
    assert [p.first_name for p in with_left] == ["Bo", "Alva", "Åke"]
    bo = with_left[0]
    assert (bo.left_on, bo.left_destination) == (date(2026, 2, 27), "Skola i Testköping")
    assert all(p.left_on is None and p.left_destination is None for p in with_left[1:])


def test_summary_counts_the_pupils_at_school_now_and_those_who_left_apart(world):
    journal, ids = world
    assert (journal.summary().pupils, journal.summary().pupils_left) == (7, 0)
    journal.mark_left(ids["bo"], on=date(2026, 2, 27), destination="Skola i Testköping")
    summary = journal.summary()
    assert (summary.pupils, summary.pupils_left) == (6, 1)
    # The same count as the classes give.
    assert summary.pupils == sum(c.pupil_count for c in journal.classes())
    assert not summary.is_empty


# -- search ------------------------------------------------------------------------------


def _names(rows) -> list[str]:
    return [f"{p.first_name} {p.last_name}" for p in rows]


def test_find_pupils_by_name_forms_case_and_accents(world):
    journal, ids = world
    assert _names(journal.find_pupils("alva")) == ["Alva Testsson"]
    assert _names(journal.find_pupils("ALVA TES")) == ["Alva Testsson"]
    assert _names(journal.find_pupils("testsson alva")) == ["Alva Testsson"]
    assert _names(journal.find_pupils("ake")) == ["Åke Öberg"]
    assert _names(journal.find_pupils("oberg")) == ["Åke Öberg"]
    assert _names(journal.find_pupils("Öberg Å")) == ["Åke Öberg"]
    assert _names(journal.find_pupils("provsson")) == ["Cilla Provsson", "Dan Provsson"]
    assert journal.find_pupils("ingen sådan") == []


def test_find_pupils_by_class(world):
    journal, ids = world
    found = journal.find_pupils("5a")
    assert sorted(_names(found)) == ["Dan Provsson", "Elin Testsson", "Frida Fiktiv"]
    assert all(p.class_id == ids["5A"] for p in found)


def test_find_pupils_by_identity_number_forms(world):
    journal, ids = world
    dashed = f"{ALVA[:8]}-{ALVA[8:]}"
    ten = f"{ALVA[2:8]}-{ALVA[8:]}"
    for query in (ALVA, dashed, ten, ALVA[2:], f" {dashed} "):
        found = journal.find_pupils(query)
        assert [p.id for p in found] == [ids["alva"]], query
    # A hundred-year-old's "+" is ignored like "-".
    assert [p.id for p in journal.find_pupils(f"{ALVA[2:8]}+{ALVA[8:]}")] == [ids["alva"]]
    # The last four digits, and the birth date as a prefix (12 or 10 digits).
    assert ids["alva"] in [p.id for p in journal.find_pupils(ALVA[-4:])]
    assert [p.id for p in journal.find_pupils("20160503")] == [ids["alva"]]
    assert [p.id for p in journal.find_pupils("160503")] == [ids["alva"]]
    assert journal.find_pupils("19990101") == []


def test_find_pupils_ranking_and_limit(world):
    journal, ids = world
    sara = journal.add_pupil(SARA, "Sara", "Berg", today=START)
    anna = journal.add_pupil(ANNA, "Anna", "Ahlberg", today=START)
    # "Ahlberg" sorts before "Berg" but only contains the query: a name that starts with it
    # ranks higher. Among equals, Swedish order: "Öberg" comes after "Ahlberg".
    assert [p.id for p in journal.find_pupils("berg")] == [sara, anna, ids["ake"]]
    # The same birth date: the exact number finds one, the date finds both, by name.
    assert [p.id for p in journal.find_pupils(SARA)] == [sara]
    assert [p.id for p in journal.find_pupils(ANNA[2:])] == [anna]
    assert [p.id for p in journal.find_pupils("20130303")] == [anna, sara]
    assert [p.id for p in journal.find_pupils(SARA[-4:])] == [sara]
    assert len(journal.find_pupils("s", limit=3)) == 3
    assert journal.find_pupils("s", limit=0) == []


def test_find_pupils_matches_as_typed_before_matches_without_accents(world):
    journal, ids = world
    school, five_a = ids["school"], ids["5A"]
    jonsson = journal.add_pupil(
        fictitious_personnummer(date(2015, 3, 3), 12),
        "Mira",
        "Jonsson",
        group_id=five_a,
        school_id=school,
        today=START,
    )
    jonsson_o = journal.add_pupil(
        fictitious_personnummer(date(2015, 3, 4), 14),
        "Nils",
        "Jönsson",
        group_id=five_a,
        school_id=school,
        today=START,
    )
    assert _names(journal.find_pupils("jon")) == ["Mira Jonsson", "Nils Jönsson"]
    assert [p.id for p in journal.find_pupils("jönsson")] == [jonsson_o, jonsson]
    assert [p.id for p in journal.find_pupils("JÖNS")] == [jonsson_o, jonsson]
    assert [p.id for p in journal.find_pupils("jonsson")] == [jonsson, jonsson_o]
    # "oberg" finds Öberg only folded, and nobody else matches as typed: still found.
    assert _names(journal.find_pupils("oberg")) == ["Åke Öberg"]


def test_find_pupils_empty_query(world):
    journal, _ids = world
    assert journal.find_pupils("") == []
    assert journal.find_pupils("   ") == []
    assert journal.find_pupils("-") == []


def test_find_pupils_finds_a_pupil_who_left(world):
    journal, ids = world
    journal.mark_left(ids["bo"], on=date(2026, 2, 27), destination="Testköping")
    (bo,) = journal.find_pupils("bo exem")
    assert bo.id == ids["bo"] and bo.left_on == date(2026, 2, 27)


# -- the pupil card ------------------------------------------------------------------------


def test_pupil_card_guardians_siblings_notes_and_classes(world):
    journal, ids = world
    alva, elin, frida = ids["alva"], ids["elin"], ids["frida"]
    maja = journal.add_guardian(
        "Maja",
        "Testsson",
        phone="070-000 00 01",
        phone_other="010-000 00 01",
        email="maja@example.com",
        street="Lärkvägen 1",
        postal_code="999 99",
        city="Testby",
        interpreter_needed=True,
        language="finska",
    )
    per = journal.add_guardian("Per", "Testsson", phone="070-000 00 02")
    grandma = journal.add_guardian("Stina", "Fiktiv", phone="070-000 00 03")
    journal.link_guardian(alva, maja)
    journal.link_guardian(alva, per, lives_with=False)
    journal.link_guardian(elin, maja)
    # An emergency contact shared with another family does not make siblings.
    journal.link_guardian(
        alva, grandma, relation=Relation.EMERGENCY_CONTACT, has_custody=False, lives_with=False
    )
    journal.link_guardian(frida, grandma, relation=Relation.EMERGENCY_CONTACT)
    olle = journal.add_sibling_link(
        alva,
        name="Olle Testsson",
        birth_year=2011,
        school_name="Granbackens friskola",
        school_type=SchoolType.INDEPENDENT,
        note="Åk 9",
    )
    old = journal.add_entry(alva, "Första samtalet", at=datetime(2025, 9, 1, 8, tzinfo=UTC))
    new = journal.add_entry(alva, "Uppföljning", at=datetime(2026, 2, 2, 9, tzinfo=UTC))
    middle = journal.add_entry(alva, "Möte", at=datetime(2025, 12, 1, 13, tzinfo=UTC))
    journal.move_pupil(alva, ids["4B"], on=date(2026, 1, 12))

    card = journal.pupil_card(alva)
    assert isinstance(card, records.PupilCard)
    p = card.pupil
    assert (p.first_name, p.last_name, p.identity_number) == ("Alva", "Testsson", ALVA)
    assert p.birth_date == date(2016, 5, 3)
    assert (p.street, p.postal_code, p.city) == ("Lärkvägen 1", "999 99", "Testby")
    assert (p.school_id, p.school_name) == (ids["school"], "Lärkskolan")
    assert (p.class_id, p.class_name) == (ids["4B"], "4B")
    assert p.enrolled_on == START and p.left_on is None

    assert [(g.first_name, g.relation, g.has_custody, g.lives_with) for g in card.guardians] == [
        ("Maja", "guardian", True, True),
        ("Per", "guardian", True, False),
        ("Stina", "emergency_contact", False, False),
    ]
    first = card.guardians[0]
    assert (first.phone, first.phone_other, first.email) == (
        "070-000 00 01",
        "010-000 00 01",
        "maja@example.com",
    )
    assert (first.street, first.city, first.interpreter_needed, first.language) == (
        "Lärkvägen 1",
        "Testby",
        True,
        "finska",
    )

    assert [(s.source, s.pupil_id, s.name) for s in card.siblings] == [
        ("linked", None, "Olle Testsson"),
        ("shared_guardian", elin, "Elin Testsson"),
    ]
    friskola, sister = card.siblings
    assert (
        friskola.school_name,
        friskola.school_type,
        friskola.birth_year,
        friskola.note,
        friskola.link_id,
    ) == ("Granbackens friskola", "independent", 2011, "Åk 9", olle)
    assert (sister.birth_year, sister.school_name, sister.class_name, sister.link_id) == (
        2015,
        "Lärkskolan",
        "5A",
        None,
    )

    assert [n.id for n in card.notes] == [new, middle, old]
    assert card.notes[0].text == "Uppföljning" and card.notes[0].author == "Karin Kurator"
    assert card.notes[0].at == datetime(2026, 2, 2, 9, tzinfo=UTC)

    assert [(c.class_name, c.starts_on, c.ends_on) for c in card.classes] == [
        ("4A", START, date(2026, 1, 11)),
        ("4B", date(2026, 1, 12), None),
    ]

    with pytest.raises(NotFound):
        journal.pupil_card(999_999)


def test_a_linked_sibling_in_the_journal_is_stored_once_and_shown_on_both_cards(world):
    journal, ids = world
    alva, elin = ids["alva"], ids["elin"]
    maja = journal.add_guardian("Maja", "Testsson")
    journal.link_guardian(alva, maja)
    journal.link_guardian(elin, maja)
    link = journal.add_sibling_link(alva, sibling_pupil_id=elin, note="Halvsyster")
    assert journal.add_sibling_link(elin, sibling_pupil_id=alva) == link  # stored once

    for me, other in ((alva, elin), (elin, alva)):
        (row,) = journal.pupil_card(me).siblings  # the link wins over the shared guardian
        assert (row.source, row.pupil_id, row.note, row.link_id) == (
            "linked",
            other,
            "Halvsyster",
            link,
        )

    journal.remove_sibling_link(link)
    (row,) = journal.pupil_card(alva).siblings
    assert (row.source, row.pupil_id) == ("shared_guardian", elin)
    with pytest.raises(NotFound):
        journal.remove_sibling_link(link)
    with pytest.raises(InvalidValue):
        journal.add_sibling_link(alva, sibling_pupil_id=alva)
    deleted = _events(journal, table_name="sibling_link", action="delete")
    assert _changes(deleted[0])["note"] == ["Halvsyster", None]


def test_protected_pupil_card_shows_no_address_at_all(world):
    journal, ids = world
    alva = ids["alva"]
    maja = journal.add_guardian("Maja", "Testsson", street="Lärkvägen 1", city="Testby")
    journal.link_guardian(alva, maja)
    journal.update_pupil(alva, security_marking=SecurityMarking.PROTECTED)
    card = journal.pupil_card(alva)
    assert (card.pupil.street, card.pupil.postal_code, card.pupil.city) == (None, None, None)
    assert journal.pupil_address(alva) == (None, None, None)
    assert all(g.street is None and g.city is None for g in card.guardians)


# -- editing a pupil -----------------------------------------------------------------------


def test_update_pupil_changes_only_given_fields_and_is_audited(world):
    journal, ids = world
    alva = ids["alva"]
    journal.update_pupil(alva, first_name="Alvina")
    card = journal.pupil_card(alva).pupil
    assert (card.first_name, card.last_name, card.street) == ("Alvina", "Testsson", "Lärkvägen 1")
    (event,) = _events(journal, table_name="pupil", action="update")
    assert event.row_id == alva and event.actor == "Karin Kurator"
    assert _changes(event) == {"first_name": ["Alva", "Alvina"]}

    journal.update_pupil(alva, street="", city="Nyby")  # "" clears
    assert journal.pupil_address(alva) == (None, "999 99", "Nyby")
    event = _events(journal, table_name="pupil", action="update")[-1]
    assert _changes(event) == {"street": ["Lärkvägen 1", None], "city": ["Testby", "Nyby"]}

    count = len(journal.audit_trail(limit=100_000))
    journal.update_pupil(alva, first_name="Alvina", city="Nyby")  # nothing really changes
    assert len(journal.audit_trail(limit=100_000)) == count
    with pytest.raises(NotFound):
        journal.update_pupil(999_999, first_name="X")
    with pytest.raises(InvalidValue):
        journal.update_pupil(alva, last_name="  ")


def test_update_pupil_identity_number_is_checked(world):
    journal, ids = world
    alva = ids["alva"]
    new_number = fictitious_personnummer(date(2016, 5, 4), 0)
    journal.update_pupil(alva, identity_number=f"{new_number[2:8]}-{new_number[8:]}", today=TODAY)
    card = journal.pupil_card(alva).pupil
    assert card.identity_number == new_number and card.birth_date == date(2016, 5, 4)
    event = _events(journal, table_name="pupil", action="update")[-1]
    assert _changes(event)["identity_number"] == [ALVA, new_number]
    assert _changes(event)["birth_date"] == ["2016-05-03", "2016-05-04"]

    count = len(journal.audit_trail(limit=100_000))
    with pytest.raises(DuplicateIdentityNumber) as refused:
        journal.update_pupil(alva, identity_number=ELIN, first_name="Changed")
    assert refused.value.pupil_id == ids["elin"]
    with pytest.raises(InvalidIdentityNumber):
        journal.update_pupil(alva, identity_number=ALVA[:-1] + str((int(ALVA[-1]) + 1) % 10))
    assert len(journal.audit_trail(limit=100_000)) == count  # refused: nothing written
    assert journal.pupil_card(alva).pupil.first_name == "Alva"
    journal.update_pupil(alva, identity_number=new_number)  # its own number: no duplicate


def test_protected_identity_clears_the_address_and_keeps_it_out(world):
    journal, ids = world
    alva = ids["alva"]
    journal.update_pupil(alva, security_marking=SecurityMarking.PROTECTED, street="Ny väg 2")
    assert journal.pupil_address(alva) == (None, None, None)
    event = _events(journal, table_name="pupil", action="update")[-1]
    assert _changes(event) == {
        "security_marking": ["none", "protected"],
        # The trail says the address went, not what it was (storage.audit.REDACTED).
        "street": ["redacted", None],
        "postal_code": ["redacted", None],
        "city": ["redacted", None],
    }
    journal.update_pupil(alva, street="Ny väg 2", postal_code="999 98", city="Testby")
    assert journal.pupil_address(alva) == (None, None, None)
    # Lifting the marking allows an address again.
    journal.update_pupil(alva, security_marking=SecurityMarking.NONE, city="Testby")
    assert journal.pupil_address(alva) == (None, None, "Testby")


# -- guardians -------------------------------------------------------------------------------


def test_guardian_update_link_again_and_unlink(world):
    journal, ids = world
    alva = ids["alva"]
    maja = journal.add_guardian("Maja", "Testsson", phone="070-000 00 01", street="Väg 1")
    journal.link_guardian(alva, maja, relation=Relation.PARENT, lives_with=False)
    journal.update_guardian(
        maja, phone="070-000 00 09", language="arabiska", interpreter_needed=True, street=""
    )
    journal.link_guardian(alva, maja)  # again: keeps relation and living arrangement
    (row,) = journal.pupil_card(alva).guardians
    assert (row.phone, row.language, row.interpreter_needed, row.street) == (
        "070-000 00 09",
        "arabiska",
        True,
        None,
    )
    assert (row.relation, row.lives_with, row.has_custody) == ("parent", False, True)
    journal.link_guardian(alva, maja, relation=Relation.GUARDIAN, has_custody=False)
    (row,) = journal.pupil_card(alva).guardians
    assert (row.relation, row.has_custody, row.lives_with) == ("guardian", False, False)

    update = _events(journal, table_name="guardian", action="update")[-1]
    assert _changes(update)["phone"] == ["070-000 00 01", "070-000 00 09"]
    assert _changes(update)["street"] == ["Väg 1", None]
    link_updates = _events(journal, table_name="pupil_guardian", action="update")
    assert _changes(link_updates[-1]) == {
        "relation": ["parent", "guardian"],
        "has_custody": [True, False],
    }

    journal.update_guardian(maja, security_marking=SecurityMarking.PROTECTED, city="Testby")
    assert journal.pupil_card(alva).guardians[0].city is None
    with pytest.raises(TypeError):
        journal.update_guardian(maja, shoe_size=42)
    with pytest.raises(NotFound):
        journal.update_guardian(999_999, phone="1")
    with pytest.raises(NotFound):
        journal.link_guardian(alva, 999_999)

    journal.unlink_guardian(alva, maja)
    assert journal.pupil_card(alva).guardians == []
    journal.unlink_guardian(alva, maja)  # already gone: nothing happens
    (deleted,) = _events(journal, table_name="pupil_guardian", action="delete")
    assert _changes(deleted)["guardian_id"] == [maja, None]


# -- moving and leaving ----------------------------------------------------------------------


def test_move_pupil_ends_the_old_class_the_day_before(world):
    journal, ids = world
    cilla = ids["cilla"]
    count = len(journal.audit_trail(limit=100_000))
    journal.move_pupil(cilla, ids["4A"], on=date(2026, 1, 12))  # same class: no change
    assert len(journal.audit_trail(limit=100_000)) == count

    journal.move_pupil(cilla, ids["5A"], on=date(2026, 1, 12))
    assert cilla not in [p.id for p in journal.class_pupils(ids["4A"])]
    assert cilla in [p.id for p in journal.class_pupils(ids["5A"])]
    ended = _events(journal, table_name="group_membership", action="update")[-1]
    assert _changes(ended) == {"ends_on": [None, "2026-01-11"]}
    started = _events(journal, table_name="group_membership", action="insert")[-1]
    assert _changes(started)["group_id"] == [None, ids["5A"]]
    assert _changes(started)["starts_on"] == [None, "2026-01-12"]

    # A class at another school moves the pupil's school too.
    journal.move_pupil(cilla, ids["7A"], on=date(2026, 2, 2))
    card = journal.pupil_card(cilla)
    assert (card.pupil.school_id, card.pupil.class_name) == (ids["other"], "7A")
    assert [c.class_name for c in card.classes] == ["4A", "5A", "7A"]
    with pytest.raises(NotFound):
        journal.move_pupil(cilla, 999_999, on=date(2026, 2, 3))


def test_mark_left_and_undo(world):
    journal, ids = world
    bo = ids["bo"]
    journal.mark_left(bo, on=date(2026, 2, 27), destination="Skola i Testköping")
    card = journal.pupil_card(bo)
    assert (card.pupil.left_on, card.pupil.left_destination) == (
        date(2026, 2, 27),
        "Skola i Testköping",
    )
    assert card.classes[-1].ends_on == date(2026, 2, 27)
    assert bo not in [p.id for p in journal.class_pupils(ids["4A"])]
    event = _events(journal, table_name="pupil", action="update")[-1]
    assert _changes(event) == {
        "left_on": [None, "2026-02-27"],
        "left_destination": [None, "Skola i Testköping"],
    }

    journal.undo_left(bo)
    card = journal.pupil_card(bo)
    assert card.pupil.left_on is None and card.pupil.left_destination is None
    assert card.classes[-1].ends_on is None
    assert bo in [p.id for p in journal.class_pupils(ids["4A"])]
    event = _events(journal, table_name="pupil", action="update")[-1]
    assert _changes(event)["left_on"] == ["2026-02-27", None]
    with pytest.raises(NotFound):
        journal.mark_left(999_999, on=TODAY, destination="x")
