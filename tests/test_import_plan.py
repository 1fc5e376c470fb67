"""Importing into a real encrypted journal (storage.importing.plan, .apply): preview, re-import.

The functions run in a Session opened the way Journal._session opens one (actor set, so the
audit hook records), and results are read back through a fresh engine where it matters.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from storage import audit
from storage import models as m
from storage.access import unlock_with_passphrase
from storage.errors import ImportRejected, NotFound
from storage.identity import fictitious_personnummer
from storage.importing import attach_guardians, parse_class_list
from storage.importing.apply import apply_import
from storage.importing.plan import MARKING_KEPT, OTHER_NAME, PupilWarning, plan_import
from storage.session import JournalSession

PASSPHRASE = "correct horse battery staple"  # tests/conftest.py: the new_journal passphrase

TODAY = date(2026, 3, 18)
NUMBERS = [fictitious_personnummer(date(2012, 1, 1 + n), n % 20) for n in range(6)]
GUARDIAN_NUMBER = fictitious_personnummer(date(1980, 2, 14), 3)
HEADER = [
    "Förnamn",
    "Efternamn",
    "Personnummer",
    "Klass",
    "VH1 namn",
    "VH1 telefon",
    "VH1 personnummer",
    "VH2 namn",
    "VH2 telefon",
    "Adress",
    "Postnummer",
    "Ort",
    "Skyddad identitet",
]


def row(
    n: int,
    class_name: str,
    *,
    first: str | None = None,
    protected: str = "Nej",
    street: str = "Gatan 1",
) -> list[str]:
    # Pupils 0 and 1 are siblings: they share both guardians.
    family = 1 if n < 2 else n
    return [
        first or f"Elev{n}",
        "Testsson",
        NUMBERS[n],
        class_name,
        f"Förälder{family} Testsson",
        f"070000000{family}",
        GUARDIAN_NUMBER if family == 1 else "",
        f"Annan{family} Testsson",
        f"073000000{family}",
        street,
        "123 45",
        "Orten",
        protected,
    ]


def csv_bytes(rows: list[list[str]]) -> bytes:
    return ("\r\n".join(";".join(r) for r in [HEADER, *rows]) + "\r\n").encode("cp1252")


FIRST_LIST = [
    row(0, "7A"),
    row(1, "7A"),
    row(2, "7B"),
    row(3, "7B"),
    row(4, "7B", protected="Ja", street="Hemligvägen 9"),
]


@contextmanager
def session_of(journal):
    """A session like Journal._session: audited, actor set, committed on success."""
    with JournalSession(journal._engine, expire_on_commit=False) as session:
        session.info[audit.ACTOR_KEY] = "test"
        yield session
        session.commit()


@pytest.fixture
def journal(new_journal):
    return new_journal.journal


@pytest.fixture
def school_id(journal):
    return journal.add_school("Ekbackens skola")


def parsed_of(rows):
    parsed = parse_class_list(csv_bytes(rows), file_name="klass.csv", today=TODAY)
    assert parsed.errors == [], parsed.errors
    return parsed


def counts(journal) -> dict[str, int]:
    with session_of(journal) as session:
        return {
            model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
            for model in (
                m.Pupil,
                m.Guardian,
                m.PupilGuardian,
                m.GroupMembership,
                m.SchoolGroup,
                m.AuditEvent,
                m.School,
            )
        }


def current_classes(journal) -> dict[str, str]:
    with session_of(journal) as session:
        rows = (
            session.connection()
            .execute(
                text("""
            SELECT p.identity_number, g.name FROM pupil p
            JOIN group_membership gm ON gm.pupil_id = p.id AND gm.ends_on IS NULL
            JOIN school_group g ON g.id = gm.group_id""")
            )
            .all()
        )
    return dict(rows)


def test_preview_of_a_first_import(journal, school_id):
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(FIRST_LIST), school_id)
    assert (len(preview.new), len(preview.updated), len(preview.unchanged)) == (5, 0, 0)
    assert preview.classes_to_create == ["7A", "7B"] and preview.rejected == []
    # Siblings 0 and 1 share Förälder1 (by identity number) and Annan1 (by name and phone).
    assert preview.guardians_to_create == 8 and preview.links_to_create == 10
    assert counts(journal)["pupil"] == 0  # a preview writes nothing


def test_apply_creates_classes_pupils_and_guardians(journal, school_id, journal_paths):
    with session_of(journal) as session:
        result = apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    assert (
        result.created,
        result.classes_created,
        result.guardians_created,
        result.links_created,
    ) == (5, 2, 8, 10)
    journal.close()
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as reopened:
        assert current_classes(reopened) == {
            NUMBERS[0]: "7A",
            NUMBERS[1]: "7A",
            NUMBERS[2]: "7B",
            NUMBERS[3]: "7B",
            NUMBERS[4]: "7B",
        }
        with session_of(reopened) as session:
            pupils = {p.identity_number: p for p in session.exec(select(m.Pupil))}
            assert pupils[NUMBERS[0]].street == "Gatan 1"
            assert pupils[NUMBERS[0]].birth_date == date(2012, 1, 1)
            assert pupils[NUMBERS[0]].school_id == school_id
            shared = session.exec(
                select(m.Guardian).where(m.Guardian.identity_number == GUARDIAN_NUMBER)
            ).one()
            linked = session.exec(
                select(m.PupilGuardian.pupil_id).where(m.PupilGuardian.guardian_id == shared.id)
            ).all()
            assert sorted(linked) == sorted([pupils[NUMBERS[0]].id, pupils[NUMBERS[1]].id])
            # Every new row is in the audit trail, with its values.
            events = session.exec(
                select(m.AuditEvent).where(m.AuditEvent.table_name == "pupil")
            ).all()
            assert len(events) == 5 and all(
                e.action == "insert" and e.actor == "test" for e in events
            )
            assert '"first_name": [null, "Elev0"]' in next(
                e.changes for e in events if e.row_id == pupils[NUMBERS[0]].id
            )
            assert session.exec(
                select(m.AuditEvent).where(m.AuditEvent.action == "class_list_imported")
            ).one()


def test_protected_identity_never_stores_an_address(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    with session_of(journal) as session:
        pupil = session.exec(select(m.Pupil).where(m.Pupil.identity_number == NUMBERS[4])).one()
        assert pupil.security_marking == "protected"
        assert (pupil.street, pupil.postal_code, pupil.city) == (None, None, None)
        guardian_ids = session.exec(
            select(m.PupilGuardian.guardian_id).where(m.PupilGuardian.pupil_id == pupil.id)
        ).all()
        for guardian in session.exec(select(m.Guardian).where(m.Guardian.id.in_(guardian_ids))):
            assert guardian.street is None
        trail = " ".join(session.exec(select(m.AuditEvent.changes)).all())
        assert "Hemligvägen" not in trail


def test_a_pupil_who_becomes_protected_loses_the_stored_address(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    newer = [r[:] for r in FIRST_LIST]
    newer[0] = row(0, "7A", protected="Ja")
    with session_of(journal) as session:
        apply_import(session, parsed_of(newer), school_id, TODAY)
    with session_of(journal) as session:
        pupil = session.exec(select(m.Pupil).where(m.Pupil.identity_number == NUMBERS[0])).one()
        assert pupil.street is None and pupil.security_marking == "protected"


def test_reimporting_the_same_file_changes_nothing(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    before = counts(journal)
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(FIRST_LIST), school_id)
        assert (len(preview.new), len(preview.updated), len(preview.unchanged)) == (0, 0, 5)
        assert preview.classes_to_create == [] and preview.guardians_to_create == 0
        assert preview.missing_from_file == []
    with session_of(journal) as session:
        result = apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    after = counts(journal)
    assert after["audit_event"] == before["audit_event"] + 1  # only the import itself
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in before.items() if k != "audit_event"
    }


def test_a_newer_list_updates_moves_and_lists_the_missing(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, date(2025, 8, 20))
    with session_of(journal) as session:
        pupil_id = session.exec(
            select(m.Pupil.id).where(m.Pupil.identity_number == NUMBERS[3])
        ).one()
        session.add(m.JournalEntry(pupil_id=pupil_id, text="Samtal med eleven."))
    before = counts(journal)
    newer = [
        row(0, "8A", first="Elvira"),
        row(1, "7A"),
        row(2, "7B"),
        row(4, "7B", protected="Ja"),
        row(5, "7C"),
    ]
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(newer), school_id)
    assert [p.identity_number for p in preview.new] == [NUMBERS[5]]
    assert [p.identity_number for p in preview.updated] == [NUMBERS[0]]
    changes = {c.field: (c.old, c.new) for c in preview.updated[0].changes}
    assert changes == {"first_name": ("Elev0", "Elvira"), "class_name": ("7A", "8A")}
    assert [p.identity_number for p in preview.missing_from_file] == [NUMBERS[3]]
    assert preview.classes_to_create == ["8A", "7C"]
    with session_of(journal) as session:
        result = apply_import(session, parsed_of(newer), school_id, TODAY)
    assert (result.created, result.updated, result.unchanged, result.class_moves) == (1, 1, 3, 1)
    after = counts(journal)
    assert after["pupil"] == before["pupil"] + 1
    assert after["group_membership"] == before["group_membership"] + 2  # 8A and 7C
    classes = current_classes(journal)
    assert classes[NUMBERS[0]] == "8A" and classes[NUMBERS[3]] == "7B"  # missing: kept
    with session_of(journal) as session:
        ended = session.exec(
            select(m.GroupMembership).where(m.GroupMembership.ends_on.is_not(None))
        ).one()
        assert ended.ends_on == date(2026, 3, 17)
        assert session.exec(select(func.count()).select_from(m.JournalEntry)).one() == 1
        update = session.exec(
            select(m.AuditEvent).where(
                m.AuditEvent.action == "update", m.AuditEvent.table_name == "pupil"
            )
        ).one()
        assert '"first_name": ["Elev0", "Elvira"]' in update.changes


def test_guardians_are_matched_not_duplicated(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    newer = [r[:] for r in FIRST_LIST]
    newer[2][5] = "0709999999"  # guardian 1 of pupil 2 has a new phone: a new guardian? no:
    newer[2][6] = ""  # matched by name among the pupil's own guardians, phone updated
    before = counts(journal)
    with session_of(journal) as session:
        apply_import(session, parsed_of(newer), school_id, TODAY)
    after = counts(journal)
    assert after["guardian"] == before["guardian"]
    assert after["pupil_guardian"] == before["pupil_guardian"]
    with session_of(journal) as session:
        assert (
            session.exec(select(m.Guardian).where(m.Guardian.phone == "0709999999"))
            .one()
            .first_name
            == "Förälder2"
        )


def test_schoolsoft_guardians_file_alone_links_to_pupils_in_the_journal(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of([row(2, "7B")]), school_id, TODAY)
    guardians = parse_class_list(
        b"student_socialnumber;firstname;lastname;phone\r\n"
        + f"{NUMBERS[2]};Ny;Kontakt;0701231231\r\n".encode(),
        today=TODAY,
    )
    with session_of(journal) as session:
        result = apply_import(session, guardians, school_id, TODAY)
    assert (result.guardians_created, result.links_created) == (1, 1)
    unknown = parse_class_list(
        b"student_socialnumber;firstname;lastname\r\n" + f"{NUMBERS[5]};Ny;Kontakt\r\n".encode(),
        today=TODAY,
    )
    with session_of(journal) as session, pytest.raises(ImportRejected) as caught:
        apply_import(session, unknown, school_id, TODAY)
    assert [(e.line, e.column, e.code) for e in caught.value.errors] == [
        (2, "student_socialnumber", "unknown_pupil")
    ]


def test_pupils_and_guardians_files_together(journal, school_id):
    pupils = parse_class_list(
        f"socialnumber,firstname,lastname,class\r\n{NUMBERS[0]},Åsa,Öberg,7A\r\n".encode(),
        file_name="e.csv",
        today=TODAY,
    )
    guardians = parse_class_list(
        f"student_socialnumber,firstname,lastname,mobile\r\n"
        f"{NUMBERS[0]},Märta,Öberg,0701112233\r\n".encode(),
        file_name="v.csv",
        today=TODAY,
    )
    with session_of(journal) as session:
        result = apply_import(session, attach_guardians(pupils, guardians), school_id, TODAY)
    assert (result.created, result.guardians_created, result.links_created) == (1, 1, 1)


def test_rejected_rows_write_nothing(journal, school_id):
    rows = [r[:] for r in FIRST_LIST]
    rows[3][2] = "2.01205E+11"
    parsed = parse_class_list(csv_bytes(rows), today=TODAY)
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (5, "Personnummer", "spreadsheet_number")
    ]
    before = counts(journal)
    with session_of(journal) as session:
        assert plan_import(session, parsed, school_id).rejected == parsed.errors
    with session_of(journal) as session, pytest.raises(ImportRejected) as caught:
        apply_import(session, parsed, school_id, TODAY)
    assert caught.value.errors == parsed.errors
    assert "rows rejected" in str(caught.value) and "Elev" not in str(caught.value)
    assert counts(journal) == before


def test_a_file_that_needs_mapping_cannot_be_applied(journal, school_id):
    parsed = parse_class_list(b"a;b;c\r\n1;2;3\r\n", today=TODAY)
    assert parsed.needs_mapping
    with session_of(journal) as session, pytest.raises(ImportRejected) as caught:
        apply_import(session, parsed, school_id, TODAY)
    assert [e.code for e in caught.value.errors] == ["needs_mapping"]


def test_a_failure_midway_rolls_everything_back(journal, school_id, monkeypatch):
    import storage.importing.apply as apply_step

    real_insert = apply_step._insert

    def failing(session, model, rows, actor, at):
        if model is m.Guardian:
            raise RuntimeError("disk gone")
        return real_insert(session, model, rows, actor, at)

    monkeypatch.setattr(apply_step, "_insert", failing)
    before = counts(journal)
    with pytest.raises(RuntimeError), session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    assert counts(journal) == before


def test_an_unknown_school_is_not_found(journal):
    with session_of(journal) as session, pytest.raises(NotFound):
        plan_import(session, parsed_of(FIRST_LIST), 999)


def test_a_dry_run_for_a_school_not_created_yet(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(FIRST_LIST), None)
    # The pupils exist (at another school), so they would move: updated, not new.
    assert len(preview.updated) == 5 and preview.classes_to_create == ["7A", "7B"]


# -- issue 8: markings never lowered, old -> new values, renames, a new school ----------------


def test_an_import_never_lowers_a_marking_set_by_hand(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    with session_of(journal) as session:  # the pupil card's edit: protected, address cleared
        pupil = session.exec(select(m.Pupil).where(m.Pupil.identity_number == NUMBERS[0])).one()
        pupil.security_marking = "protected"
        pupil.street = pupil.postal_code = pupil.city = None
    again = [r[:] for r in FIRST_LIST]
    again[0] = row(0, "7A", street="Nyvägen 3")  # the file: no marking, an address
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(again), school_id)
    assert [(p.identity_number, p.warnings) for p in preview.warned] == [
        (NUMBERS[0], (PupilWarning(MARKING_KEPT, "protected", "none"),))
    ]
    # Nothing changes for that pupil: the marking stays and no address may be stored.
    assert NUMBERS[0] in [p.identity_number for p in preview.unchanged]
    with session_of(journal) as session:
        apply_import(session, parsed_of(again), school_id, TODAY)
    with session_of(journal) as session:
        pupil = session.exec(select(m.Pupil).where(m.Pupil.identity_number == NUMBERS[0])).one()
        assert pupil.security_marking == "protected"
        assert (pupil.street, pupil.postal_code, pupil.city) == (None, None, None)
        trail = " ".join(session.exec(select(m.AuditEvent.changes)).all())
        assert "Nyvägen" not in trail


def test_a_confidential_marking_is_kept_and_a_higher_one_is_taken(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    with session_of(journal) as session:
        pupil = session.exec(select(m.Pupil).where(m.Pupil.identity_number == NUMBERS[1])).one()
        pupil.security_marking = "confidential"
    again = [r[:] for r in FIRST_LIST]
    again[0] = row(0, "7A", protected="Ja")
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(again), school_id)
        apply_import(session, parsed_of(again), school_id, TODAY)
    assert [(p.identity_number, [w.code for w in p.warnings]) for p in preview.warned] == [
        (NUMBERS[1], [MARKING_KEPT])
    ]
    changes = {c.field: (c.old, c.new) for c in preview.updated[0].changes}
    assert changes["security_marking"] == ("none", "protected")
    with session_of(journal) as session:
        markings = {p.identity_number: p.security_marking for p in session.exec(select(m.Pupil))}
    assert markings[NUMBERS[0]] == "protected" and markings[NUMBERS[1]] == "confidential"


def test_guardians_of_a_pupil_kept_protected_get_no_address(journal, school_id):
    pupils = parse_class_list(
        f"socialnumber,firstname,lastname,class\r\n{NUMBERS[0]},Åsa,Öberg,7A\r\n".encode(),
        file_name="e.csv",
        today=TODAY,
    )
    with session_of(journal) as session:
        apply_import(session, pupils, school_id, TODAY)
    with session_of(journal) as session:
        pupil = session.exec(select(m.Pupil).where(m.Pupil.identity_number == NUMBERS[0])).one()
        pupil.security_marking = "protected"
    guardians = parse_class_list(
        f"student_socialnumber,firstname,lastname,address,zip,city\r\n"
        f"{NUMBERS[0]},Märta,Öberg,Hemliga gatan 2,12345,Orten\r\n".encode(),
        file_name="v.csv",
        today=TODAY,
    )
    for parsed in (attach_guardians(pupils, guardians), guardians):
        with session_of(journal) as session:
            apply_import(session, parsed, school_id, TODAY)
    with session_of(journal) as session:
        stored = session.exec(select(m.Guardian)).all()
        assert [(g.first_name, g.street, g.city) for g in stored] == [("Märta", None, None)]


def test_the_preview_shows_old_and_new_values(journal, school_id):
    other = journal.add_school("Furuskolan")
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    newer = [r[:] for r in FIRST_LIST]
    newer[2] = row(2, "8A", street="Nya gatan 5")
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(newer), other)
    changes = {
        p.identity_number: {c.field: (c.old, c.new) for c in p.changes} for p in preview.updated
    }
    assert changes[NUMBERS[2]] == {
        "street": ("Gatan 1", "Nya gatan 5"),
        "school_id": ("Ekbackens skola", "Furuskolan"),  # a school by its name, not its id
        "class_name": ("7B", "8A"),
    }


def test_a_known_number_with_another_name_is_warned_about(journal, school_id):
    with session_of(journal) as session:
        apply_import(session, parsed_of(FIRST_LIST), school_id, TODAY)
    newer = [r[:] for r in FIRST_LIST]
    newer[0][0], newer[0][1] = "Sixten", "Lund"  # a mistyped number: someone else entirely
    newer[1][0] = "Elvira"  # a new first name: the same person
    newer[2][0], newer[2][1] = "Testsson", "Elev2"  # the names swapped: the same person
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(newer), school_id)
    assert [p.identity_number for p in preview.renamed] == [NUMBERS[0]]
    assert preview.renamed[0].warnings == (
        PupilWarning(OTHER_NAME, "Elev0 Testsson", "Sixten Lund"),
    )


def test_a_new_school_is_created_with_the_import_and_only_then(journal, school_id):
    before = counts(journal)
    rows = [r[:] for r in FIRST_LIST]
    rows[4][2] = "2.01205E+11"
    rejected = parse_class_list(csv_bytes(rows), today=TODAY)
    with pytest.raises(ImportRejected):
        journal.apply_import(rejected, None, today=TODAY, new_school="Nya skolan")
    assert counts(journal) == before  # no empty school left behind
    result = journal.apply_import(
        parsed_of(FIRST_LIST), None, today=TODAY, new_school="Nya skolan"
    )
    assert {s.name: s.id for s in journal.schools()}["Nya skolan"] == result.school_id
    assert result.created == 5
    with session_of(journal) as session:
        assert set(session.exec(select(m.Pupil.school_id))) == {result.school_id}
    # The new school has this school year's proposed calendar, so its register works at once.
    terms = [p.name for p in journal.calendar_periods(result.school_id) if p.kind == "term"]
    assert terms == ["Hösttermin 2025", "Vårtermin 2026"]


def test_new_guardians_are_previewed_as_they_will_be_stored(journal, school_id):
    with session_of(journal) as session:
        preview = plan_import(session, parsed_of(FIRST_LIST[:1]), school_id)
    assert [
        (g.line, g.first_name, g.last_name, g.pupil_first_name) for g in preview.new_guardians
    ] == [
        (2, "Förälder1", "Testsson", "Elev0"),
        (2, "Annan1", "Testsson", "Elev0"),
    ]
