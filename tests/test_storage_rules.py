"""One home per rule: Swedish order, folded search, now, protected identity, the audit hook,
and caches that forget every name when the journal is locked.

Each rule used to be written out in several places; these tests pin the one home each now has
and show, through the Journal facade on a real encrypted file, that the rule holds.
"""

from __future__ import annotations

import json
from datetime import UTC, date

import pytest
from sqlalchemy import create_engine, event, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel, select

from storage import audit, cases, clock, register, search, text
from storage import models as m
from storage.errors import ConstraintViolated, JournalError
from storage.identity import fictitious_personnummer
from storage.session import JournalSession, journal_session, stored_id

TODAY = date(2026, 3, 18)
A_TO_O = ["Adam", "Zetterlund", "Åberg", "Ärlig", "Öberg"]  # Swedish order: Z before Å Ä Ö


@pytest.fixture
def journal(new_journal):
    return new_journal.journal


def _number(n: int) -> str:
    return fictitious_personnummer(date(2014, 1, 1 + n), n)


# -- Swedish alphabetical order ---------------------------------------------------------------


def test_class_list_and_pupils_sort_z_before_a_ring_a_umlaut_o_umlaut(journal):
    school = journal.add_school("Ekbackens skola")
    group = journal.add_group(school, "6A")
    for n, last in enumerate(reversed(A_TO_O)):  # added in the wrong order on purpose
        journal.add_pupil(_number(n), "Elev", last, group_id=group, today=TODAY)
    assert [p.last_name for p in journal.class_pupils(group)] == A_TO_O
    assert [p.last_name for p in journal.pupils()] == A_TO_O


def test_schools_sort_in_swedish_order(journal):
    for name in ["Öbergskolan", "Ärligskolan", "Zetterlundskolan", "Adamskolan", "Åbergskolan"]:
        journal.add_school(name)
    assert [s.name for s in journal.schools()] == [f"{name}skolan" for name in A_TO_O]


def test_the_sort_key_is_the_one_in_storage_text():
    assert sorted(A_TO_O, key=text.sort_key) == A_TO_O
    assert sorted(["10A", "4A", "5B"], key=text.natural_key) == ["4A", "5B", "10A"]


# -- folded search ------------------------------------------------------------------------------


def test_search_folds_accents_and_exact_or_prefix_matches_rank_first(journal):
    lejon = journal.add_pupil(_number(0), "Kim", "Lejonhjärta")  # "jon" inside a name
    jonsson = journal.add_pupil(_number(1), "Alva", "Jönsson")  # last name starts "jön"
    jon = journal.add_pupil(_number(2), "Jon", "Berg")  # first name is "jon"
    journal.add_pupil(_number(3), "Bo", "Åberg")
    assert [p.id for p in journal.find_pupils("jon")] == [jon, jonsson, lejon]
    # Typed with its accent, the query matches Jönsson as typed and Jon only folded: as typed
    # first (issue 8: "exact matches first"), both ahead of the match inside a name.
    assert [p.id for p in journal.find_pupils("JÖN")] == [jonsson, jon, lejon]
    assert [p.id for p in journal.find_pupils("jons")] == [jonsson]
    assert [p.last_name for p in journal.find_pupils("aberg")] == ["Åberg"]
    assert search.fold is text.fold  # the search folds with the one rule


# -- now -----------------------------------------------------------------------------------------


def test_now_is_utc_to_the_second_and_used_everywhere():
    stamp = clock.now()
    assert stamp.tzinfo is UTC and stamp.microsecond == 0
    assert audit.now is clock.now and cases.now is clock.now and register.now is clock.now
    stamps = {
        m.Pupil: "created_at",
        m.Guardian: "created_at",
        m.Case: "opened_at",
        m.AbsenceMark: "recorded_at",
        m.AuditEvent: "at",
        m.ExportRecord: "at",
    }
    for model, field in stamps.items():
        assert model.model_fields[field].default_factory is clock.now, model


def test_audit_events_are_stamped_to_the_second(journal):
    journal.add_school("Ekbackens skola")
    assert all(event.at.microsecond == 0 for event in journal.audit_trail())


# -- protected identity: no address, ever ------------------------------------------------------


def _stored_address(journal, model, row_id) -> tuple:
    with Session(journal._engine) as session:
        row = session.get(model, row_id)
        return row.street, row.postal_code, row.city


ADDRESS = {"street": "Lärkvägen 1", "postal_code": "999 99", "city": "Testby"}


def test_add_pupil_and_add_guardian_store_no_address_when_protected(journal):
    pupil = journal.add_pupil(
        _number(0), "Alva", "Testsson", security_marking="protected", **ADDRESS
    )
    guardian = journal.add_guardian("Maja", "Testsson", security_marking="protected", **ADDRESS)
    assert _stored_address(journal, m.Pupil, pupil) == (None, None, None)
    assert _stored_address(journal, m.Guardian, guardian) == (None, None, None)
    # Control: the same call without the marking keeps the address.
    other = journal.add_guardian("Sam", "Testsson", **ADDRESS)
    assert _stored_address(journal, m.Guardian, other) == tuple(ADDRESS.values())


def test_update_pupil_and_update_guardian_clear_and_refuse_the_address(journal):
    pupil = journal.add_pupil(_number(0), "Alva", "Testsson", **ADDRESS)
    guardian = journal.add_guardian("Maja", "Testsson", **ADDRESS)
    journal.update_pupil(pupil, security_marking="protected")
    journal.update_guardian(guardian, security_marking="protected")
    assert _stored_address(journal, m.Pupil, pupil) == (None, None, None)
    assert _stored_address(journal, m.Guardian, guardian) == (None, None, None)
    journal.update_pupil(pupil, **ADDRESS)
    journal.update_guardian(guardian, **ADDRESS)
    assert _stored_address(journal, m.Pupil, pupil) == (None, None, None)
    assert _stored_address(journal, m.Guardian, guardian) == (None, None, None)


def test_the_file_refuses_an_address_on_a_protected_guardian(journal):
    insert = (
        "INSERT INTO guardian (first_name, last_name, phone, phone_other, email,"
        " street, security_marking, interpreter_needed, language, created_at)"
        " VALUES ('Maja', 'Testsson', '', '', '', :street, :marking, 0, '',"
        " '2026-01-01 00:00:00')"
    )
    with (
        pytest.raises(IntegrityError, match="protected_identity_has_no_address"),
        journal._engine.begin() as connection,
    ):
        connection.exec_driver_sql(
            insert.replace(":street", "'Lärkvägen 1'").replace(":marking", "'protected'")
        )
    # Through a journal session the same refusal is the project's own error.
    with (
        pytest.raises(ConstraintViolated) as refused,
        journal_session(journal._engine, "test") as session,
    ):
        session.add(
            m.Guardian(
                first_name="Maja",
                last_name="Testsson",
                street="Lärkvägen 1",
                security_marking="protected",
            )
        )
    assert (refused.value.field, refused.value.reason) == (
        "protected_identity_has_no_address",
        "check",
    )
    # Control: the same row without the marking is accepted.
    with journal._engine.begin() as connection:
        connection.exec_driver_sql(
            insert.replace(":street", "'Lärkvägen 1'").replace(":marking", "'none'")
        )
    assert journal.summary().guardians == 1


# -- the audit hook is the journal's own -------------------------------------------------------


def test_audit_hook_is_on_the_journal_session_only():
    assert event.contains(JournalSession, "after_flush", audit._record_flush)
    assert not event.contains(Session, "after_flush", audit._record_flush)
    assert not event.contains(OrmSession, "after_flush", audit._record_flush)


def test_a_plain_session_on_another_database_writes_no_audit_events():
    other = create_engine("sqlite://")
    SQLModel.metadata.create_all(other)

    def audit_events() -> int:
        with Session(other) as session:
            return session.exec(select(func.count()).select_from(m.AuditEvent)).one()

    with Session(other) as session:
        session.add(m.School(name="Annan skola"))
        session.commit()
    assert audit_events() == 0
    # Control: a journal session on the same database does write one.
    with JournalSession(other) as session:
        session.add(m.School(name="Tredje skola"))
        session.commit()
    assert audit_events() == 1
    other.dispose()


# -- a row's id is known once it is stored -----------------------------------------------------


def test_stored_id_is_the_id_after_a_flush_and_an_error_before():
    other = create_engine("sqlite://")
    SQLModel.metadata.create_all(other)
    with Session(other) as session:
        school = m.School(name="Annan skola")
        session.add(school)
        with pytest.raises(JournalError):
            stored_id(school)
        session.flush()
        assert stored_id(school) == school.id == 1
    other.dispose()


# -- locking forgets every cached name -----------------------------------------------------------


def test_close_clears_every_cache_of_names(journal):
    school = journal.add_school("Ekbackens skola")
    group = journal.add_group(school, "6A")
    for n, last in enumerate(A_TO_O):
        journal.add_pupil(_number(n), "Elev", last, group_id=group, today=TODAY)
    journal.class_pupils(group)
    journal.classes()
    assert journal.find_pupils("öberg")
    caches = [text.fold, text.sort_key, search.searchable]
    assert all(cache.cache_info().currsize > 0 for cache in caches)
    journal.close()
    assert [cache.cache_info().currsize for cache in caches] == [0, 0, 0]


def test_the_trail_forgets_the_old_address_of_a_person_marked_protected(journal):
    """A person with protected identity has no address anywhere in the journal, the audit
    trail included: the trail says the address went, not what it was."""
    from sqlalchemy import text as sql

    pupil = journal.add_pupil(
        _number(7), "Vera", "Testsson", street="Hemliga gatan 3", postal_code="000 07", city="Ort"
    )
    guardian = journal.add_guardian(
        "Maja", "Testsson", street="Hemliga gatan 3", postal_code="000 07", city="Ort"
    )
    journal.update_pupil(pupil, security_marking="protected")
    journal.update_guardian(guardian, security_marking="protected")
    updates = [
        json.loads(row.changes)
        for row in journal.audit_trail(20)
        if row.action == "update" and row.table_name in ("pupil", "guardian")
    ]
    assert len(updates) == 2
    for changes in updates:
        assert changes["street"] == [audit.REDACTED, None]
        assert changes["city"] == [audit.REDACTED, None]
    # Nor do the events from before the marking: the address is nowhere in the journal.
    with journal._session() as session:
        connection = session.connection()
        holders = connection.execute(
            sql("SELECT count(*) FROM audit_event WHERE changes LIKE '%Hemliga%'")
        ).scalar()
        redactions = connection.execute(
            sql("SELECT table_name FROM audit_event WHERE action = 'redact'")
        ).all()
        streets = connection.execute(
            sql("SELECT count(*) FROM pupil WHERE street IS NOT NULL")
        ).scalar()
    assert holders == 0 and streets == 0
    assert sorted(name for (name,) in redactions) == ["guardian", "pupil"]
