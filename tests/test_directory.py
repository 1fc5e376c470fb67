"""The school's contact directory: the starting entries of a new journal, adding, changing
and removing entries (checked like every value, audited like every write), and the schools on
sibling links that the directory does not have yet."""

from __future__ import annotations

from datetime import date

import pytest

from storage.codes import DirectoryKind
from storage.directory import STARTING_DIRECTORY
from storage.errors import InvalidValue, NotFound
from storage.identity import fictitious_personnummer


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    return journal


def _listed(journal) -> list[tuple[str, str, str, str]]:
    return [(e.kind, e.name, e.phone, e.email) for e in journal.directory().entries]


def test_a_new_journal_starts_with_one_entry_per_kind_and_only_the_national_numbers(journal):
    assert _listed(journal) == [
        (DirectoryKind.SOCIAL_SERVICES, "Socialtjänsten", "", ""),
        (DirectoryKind.SOCIAL_SERVICES_OUT_OF_HOURS, "Socialjouren", "", ""),
        (DirectoryKind.POLICE, "Polisen", "114 14", ""),
        (DirectoryKind.SUPPORT_LINE, "Stödlinje om hedersrelaterat våld", "", ""),
        (DirectoryKind.RESOURCE_CENTRE, "Resurscentrum", "", ""),
        (DirectoryKind.HEAD, "Rektor", "", ""),
        (DirectoryKind.OTHER, "SOS Alarm (nödnummer)", "112", ""),
    ]
    # Every number filled in is a national one; the municipality's own are left empty.
    assert {e.phone for e in STARTING_DIRECTORY} == {"", "114 14", "112"}
    assert all(e.school_id is None and e.school_name == "" for e in journal.directory().entries)
    assert journal.directory().sibling_schools == []


def test_add_update_remove_and_every_change_is_in_the_audit_trail(journal):
    school = journal.add_school("Norrviks skola")
    new = journal.add_directory_contact(
        kind=DirectoryKind.SOCIAL_SERVICES_OUT_OF_HOURS,
        name="  Socialjouren Norrvik ",
        phone="010-000 11 22",
        email="jour@example.com",
        note="Efter 16.30",
        school_id=school,
    )
    entry = next(e for e in journal.directory().entries if e.id == new)
    assert (entry.name, entry.phone, entry.email, entry.note) == (
        "Socialjouren Norrvik",
        "010-000 11 22",
        "jour@example.com",
        "Efter 16.30",
    )
    assert (entry.school_id, entry.school_name) == (school, "Norrviks skola")
    # Listed by kind: after the starting out-of-hours entry ("Socialjouren" < "... Norrvik").
    assert [e.name for e in journal.directory().entries][1:3] == [
        "Socialjouren",
        "Socialjouren Norrvik",
    ]

    journal.update_directory_contact(
        new, kind=DirectoryKind.POLICE, name="Polisen Norrvik", phone="", email="", note=""
    )
    entry = next(e for e in journal.directory().entries if e.id == new)
    assert (entry.kind, entry.name, entry.phone, entry.email, entry.note) == (
        DirectoryKind.POLICE,
        "Polisen Norrvik",
        "",
        "",
        "",
    )
    journal.remove_directory_contact(new)
    assert new not in {e.id for e in journal.directory().entries}

    trail = [
        (row.action, row.row_id)
        for row in journal.audit_trail()
        if row.table_name == "directory_contact"
    ]
    assert trail[:3] == [("delete", new), ("update", new), ("insert", new)]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"name": "   "}, "name", "empty"),
        ({"name": "Polisen\x1b[2J"}, "name", "control_character"),
        ({"note": "ring\u202eenalp"}, "note", "control_character"),
        ({"phone": "ring mig"}, "phone", "phone_format"),
        ({"phone": "4.67E+10"}, "phone", "phone_format"),
        ({"phone": "114\x0714"}, "phone", "control_character"),
        ({"email": "jour.example.com"}, "email", "email_format"),
        ({"email": "jour @example.com"}, "email", "email_format"),
        ({"kind": "friend"}, "kind", "unknown"),
    ],
)
def test_refused_values_name_the_field_and_write_nothing(journal, fields, field, reason):
    before = _listed(journal)
    values = {"kind": DirectoryKind.OTHER, "name": "Fältassistenterna", **fields}
    with pytest.raises(InvalidValue) as refused:
        journal.add_directory_contact(**values)
    assert (refused.value.field, refused.value.reason) == (field, reason)
    first = journal.directory().entries[0]
    with pytest.raises(InvalidValue) as refused:
        journal.update_directory_contact(
            first.id, **{"phone": "", "email": "", "note": "", **values}
        )
    assert (refused.value.field, refused.value.reason) == (field, reason)
    assert _listed(journal) == before


def test_phone_numbers_as_people_write_them_are_accepted(journal):
    for number in ("112", "114 14", "08-123 45 67", "+46 8 123 45 67", "(08) 123 45 67"):
        journal.add_directory_contact(kind=DirectoryKind.OTHER, name=number, phone=number)
    assert {e.phone for e in journal.directory().entries} >= {
        "112",
        "114 14",
        "08-123 45 67",
        "+46 8 123 45 67",
        "(08) 123 45 67",
    }


def test_an_unknown_entry_or_school_is_not_found(journal):
    with pytest.raises(NotFound):
        journal.update_directory_contact(
            9999, kind=DirectoryKind.OTHER, name="x", phone="", email="", note=""
        )
    with pytest.raises(NotFound):
        journal.remove_directory_contact(9999)
    with pytest.raises(NotFound):
        journal.add_directory_contact(kind=DirectoryKind.OTHER, name="x", school_id=9999)


def test_sibling_schools_not_in_the_directory_are_offered_once_each(journal):
    school = journal.add_school("Skolan")
    pupils = [
        journal.add_pupil(
            fictitious_personnummer(date(2013, 5, n), n), "Elev", f"Syskon{n}", school_id=school
        )
        for n in (1, 2, 3)
    ]
    journal.add_sibling_link(pupils[0], name="Bror", school_name="Ängens friskola")
    journal.add_sibling_link(pupils[1], name="Syster", school_name="ängens FRISKOLA ")
    journal.add_sibling_link(pupils[1], name="Lillebror", school_name="Björkskolan")
    journal.add_sibling_link(pupils[2], name="Bebis", school_name="")
    assert journal.directory().sibling_schools == ["Björkskolan", "Ängens friskola"]

    journal.add_directory_contact(kind=DirectoryKind.SIBLING_SCHOOL, name="Angens friskola")
    assert journal.directory().sibling_schools == ["Björkskolan"]


def test_the_missing_starting_entries_come_back_on_asking_and_only_once(journal):
    entries = journal.directory().entries
    police = next(e for e in entries if e.kind == DirectoryKind.POLICE)
    social = next(e for e in entries if e.kind == DirectoryKind.SOCIAL_SERVICES)
    journal.remove_directory_contact(police.id)
    journal.update_directory_contact(
        social.id,
        kind=DirectoryKind.SOCIAL_SERVICES,
        name="socialtjänsten",  # the same name, folded: not added again
        phone="010-000 00 10",
        email="",
        note="",
    )
    assert journal.add_starting_directory() == 1
    assert journal.add_starting_directory() == 0
    listed = _listed(journal)
    assert (DirectoryKind.POLICE, "Polisen", "114 14", "") in listed
    assert [name for _kind, name, _phone, _email in listed].count("Polisen") == 1
    assert len(listed) == len(STARTING_DIRECTORY)
    trail = [r.action for r in journal.audit_trail() if r.table_name == "directory_contact"]
    assert trail[0] == "insert"
