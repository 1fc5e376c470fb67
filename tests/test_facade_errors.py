"""What comes out of the Journal facade when something is wrong: only the project's errors.

A locked journal raises JournalLocked from every method (not an assert, which `python -O`
removes, nor a RuntimeError). SQLite failures are recognised by their result code and leave as
StorageFull, JournalCorrupt, ConstraintViolated or JournalError, without the statement's
values. Values the facade refuses (unknown codes, empty names, ranges that end before they
start, rules of the domain) leave as InvalidValue(field, reason), and nothing is written.
"""

from __future__ import annotations

import inspect
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from storage import models as m
from storage.backup_reminder import BackupReminderSettings
from storage.database_errors import saknad_error_for
from storage.errors import (
    ConstraintViolated,
    InvalidValue,
    JournalBusy,
    JournalCorrupt,
    JournalError,
    JournalLocked,
    JournalReadOnly,
    SaknadError,
    StorageFull,
)
from storage.identity import InvalidIdentityNumber, fictitious_personnummer
from storage.journal import Journal

ALVA = fictitious_personnummer(date(2012, 5, 3), 0)
BO = fictitious_personnummer(date(2012, 8, 9), 1)
CILLA = fictitious_personnummer(date(2013, 1, 14), 2)
DAY0 = date(2026, 3, 9)
SECRET = "Alva Hemligsson 201205039802"  # stands for a person's data in a statement


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    return journal


@pytest.fixture
def alva(journal):
    return journal.add_pupil(ALVA, "Alva", "Testsson")


# -- a locked journal ---------------------------------------------------------------------------

# One call per public method, with arguments that would work on an open journal.
LOCKED_CALLS = {
    "set_passphrase": ("another long passphrase",),
    "change_passphrase": ("correct horse battery staple", "another long passphrase"),
    "remember_on_this_computer": (),
    "forget_on_this_computer": (),
    "replace_recovery_key": (),
    "backup": (Path("locked.saknad"),),
    "last_backup": (),
    # Backup reminder and hand-over to a successor.
    "backup_reminder_settings": (),
    "save_backup_reminder_settings": (BackupReminderSettings(remind_after_days=10),),
    "hand_over": (Path("locked-handover.saknad"),),
    "check": (),
    "profile": (),
    "set_profile": ("Karin Kurator",),
    "summary": (),
    "audit_trail": (),
    "add_school": ("Ekbackens skola",),
    "add_group": (1, "6A"),
    "schools": (),
    "classes": (),
    "class_pupils": (1,),
    "pupils": (),
    "add_pupil": (ALVA, "Alva", "Testsson"),
    "update_pupil": (1,),
    "move_pupil": (1, 1),
    "mark_left": (1,),
    "undo_left": (1,),
    "pupil_address": (1,),
    "add_guardian": ("Maja", "Testsson"),
    "update_guardian": (1,),
    "link_guardian": (1, 1),
    "unlink_guardian": (1, 1),
    "add_sibling_link": (1,),
    "remove_sibling_link": (1,),
    "pupil_card": (1,),
    "find_pupils": ("alva",),
    "mark_absence": (1, DAY0, "ill"),
    "mark_absences": ([],),
    "write_marks": ([],),
    "mark_history": (1, DAY0),
    "school_calendar": (1,),
    "rule_setting": ("day_rule", None),
    "save_rule_setting": ("day_rule", None),
    "class_register": (1, DAY0),
    "take_register": (1, DAY0),
    "classes_not_taken": (DAY0,),
    "week_view": (1, DAY0),
    "add_leave_request": (1, DAY0, DAY0),
    "decide_leave": (1, "granted"),
    "pupil_leave": (1, DAY0),
    "refused_leave": (DAY0, DAY0),
    "refused_leave_on": (1, DAY0),
    "record_notice": (1, DAY0, "told"),
    "notices": (1, DAY0),
    "notices_due": (DAY0,),
    "set_no_guardian_contact": (1, False),
    "absent_on": (DAY0,),
    "add_calendar_period": (1, "term", DAY0, DAY0),
    "problematic_absence": (DAY0,),
    "problematic_absence_settings": (),
    "save_problematic_absence_settings": (None,),
    "missing_candidates": (DAY0,),
    "morning": (DAY0,),
    "pupil_whereabouts": (1, DAY0),
    "missing_candidate_settings": (),
    "save_missing_candidate_settings": (None,),
    "attendance_summary": (1, DAY0),
    "open_absence_investigation": (1, DAY0, ""),
    "open_case": (1, "missing", DAY0),
    "case_steps": (1,),
    "complete_step": (1,),
    "set_case_details": (1,),
    "open_cases": (DAY0,),
    "record_concern_report": (1,),
    "log_contact": (1,),
    "add_entry": (1, "Anteckning"),
    "close_case": (1, "located", "Hittad"),
    "reopen_case": (1, "Borta igen"),
    "set_honour_mode": (1, True, "Oro"),
    "case_events": (1,),
    "case_detail": (1,),
    "pupil_cases": (1,),
    "mark_step_not_applicable": (1, "Inga syskon"),
    "checklist_template": ("missing",),
    "correct_entry": (1, "Rättelse"),
    "pupil_entries": (1,),
    "chronology": (1,),
    "record_export": (),
    "preview_import": (None, None),
    "apply_import": (None, 1),
    "preview_absence_import": (None,),
    "apply_absence_import": (None,),
    "keep_draft": (),
    "draft": (),
    "discard_draft": (1,),
    "move_pupil_to_named_class": (1, "8C"),
    "calendar_periods": (1,),
    "update_calendar_period": (1, "term", DAY0, DAY0),
    "delete_calendar_period": (1,),
    "propose_calendar": (1, 2026),
    "lesson_plan": (1,),
    "set_lesson_plan": (1, {0: 6}),
    "search_text": ("busshållplatsen",),
    "record_whereabouts_known": (1, DAY0, DAY0, "Sjuk hemma"),
    "weekly_review_settings": (),
    "save_weekly_review_settings": (None,),
    "case_siblings_here": (1, DAY0),
    # The contact directory and today's calls about open cases (issue 11).
    "directory": (),
    "add_directory_contact": (),
    "update_directory_contact": (1,),
    "remove_directory_contact": (1,),
    "add_starting_directory": (),
    "case_calls": (DAY0,),
    "log_case_call": (1, 1, "070-000 00 01", "reached"),
    "start_report": (1,),
    "start_sibling_reports": (1,),
    "update_report_draft": (1, None),
    "set_report_left_out": (1, []),
    "toggle_report_left_out": (1, "entry:1"),
    "report_of_concern": (1,),
    "report_drafts": (),
    "report_draft": (1,),
    "file_report": (1,),
    "record_after_filing": (1,),
    # Retention under the document plan and the right of access (issue 12).
    "document_plan": (),
    "save_document_plan": (None,),
    "records_due_for_review": (DAY0,),
    "delete_records_under_plan": ([1],),
    "pupil_id_for": ("1",),
    "export_right_of_access": (1,),
    # Writing an export's file (storage.export_files): a locked journal writes nothing.
    "write_export": (b"{}",),
    # Statistics for the action plan (issue 12).
    "action_plan_statistics": ("HT2026", DAY0),
    "statistics_terms": (),
    "statistics_settings": (),
    "save_statistics_settings": (None,),
    # Warning signs on a pupil (issue 13).
    "warning_sign_list": (),
    "record_warning_sign": (1, "recurring_absence", DAY0),
    "warning_signs": (1,),
    # The first day back (issue 13).
    "first_day_back": (DAY0,),
    "flag_from_roll_call": (1, DAY0, str),
    "first_day_back_settings": (),
    "save_first_day_back_settings": (None,),
    # The watch list before a break (issue 13).
    "put_on_watch_list": (1, "reason", None, DAY0),
    "open_missing_case": (1, DAY0, str),
    "take_off_watch_list": (1, "reason"),
    "watch_list": (DAY0,),
    "watch_breaks": (1, DAY0),
    "watch_review_due": (DAY0,),
    "watch_list_settings": (),
    "save_watch_list_settings": (None,),
}
LOCKED_KWARGS = {
    "file_report": {"channel": "phone", "recipient": "Soc"},
    "record_after_filing": {
        "reference": "",
        "written_follow_up_on": None,
        "investigation_opened": None,
    },
    "hand_over": {
        "successor": "Sara Efterträdare",
        "current_passphrase": "correct horse battery staple",
        "new_passphrase": "another long passphrase",
    },
    "move_pupil": {"on": DAY0},
    "mark_left": {"on": DAY0, "destination": ""},
    "record_export": {"format": "json", "content": "other", "purpose": "test"},
    "keep_draft": {"place": [], "dialog": "note_form", "arguments": {}, "fields": {}},
    "move_pupil_to_named_class": {"on": DAY0},
    "export_right_of_access": {"purpose": "Registerutdrag"},
    "write_export": {
        "default_name": "export.json",
        "format": "json",
        "content": "other",
        "purpose": "test",
    },
    "add_directory_contact": {"kind": "police", "name": "Polisen"},
    "update_directory_contact": {
        "kind": "police",
        "name": "Polisen",
        "phone": "",
        "email": "",
        "note": "",
    },
}


def test_every_public_method_is_in_the_locked_table():
    public = {
        name
        for name, member in inspect.getmembers(Journal)
        if not name.startswith("_") and callable(member)
    }
    assert public == set(LOCKED_CALLS) | set(LOCKED_BLOCKS) | {"close"}  # closing twice is fine


# Context managers: the journal is needed when the block starts.
LOCKED_BLOCKS = ("in_one_transaction", "bulk")


@pytest.mark.parametrize("name", LOCKED_BLOCKS)
def test_a_block_on_a_closed_journal_raises_journal_locked(new_journal, name):
    journal = new_journal.journal
    journal.close()
    with pytest.raises(JournalLocked), getattr(journal, name)():
        pass


@pytest.mark.parametrize("name", sorted(LOCKED_CALLS))
def test_a_closed_journal_raises_journal_locked(new_journal, memory_keyring, name):
    journal = new_journal.journal
    journal.close()
    with pytest.raises(JournalLocked):
        getattr(journal, name)(*LOCKED_CALLS[name], **LOCKED_KWARGS.get(name, {}))
    assert not journal.is_open


def test_locked_key_operations_leave_the_key_file_alone(
    new_journal, journal_paths, memory_keyring
):
    journal = new_journal.journal
    journal.close()
    before = journal_paths.key_file.read_bytes()
    for name in (
        "set_passphrase",
        "remember_on_this_computer",
        "forget_on_this_computer",
        "replace_recovery_key",
    ):
        with pytest.raises(JournalLocked):
            getattr(journal, name)(*LOCKED_CALLS[name])
    assert journal_paths.key_file.read_bytes() == before
    assert memory_keyring.entries == {}


# -- SQLite failures by result code -----------------------------------------------------------


def _wrapped(orig: Exception) -> OperationalError:
    """orig as SQLAlchemy hands it on, with a statement and a person's data as parameters."""
    return OperationalError("INSERT INTO pupil VALUES (?)", (SECRET,), orig)


class _DriverError(Exception):
    """A DB-API error as sqlcipher3 makes it: the result code's name on the exception."""

    def __init__(self, name: str):
        super().__init__("driver message that is not looked at")
        self.sqlite_errorname = name


@pytest.mark.parametrize(
    "name, expected",
    [
        ("SQLITE_FULL", StorageFull),
        ("SQLITE_IOERR", StorageFull),
        ("SQLITE_IOERR_WRITE", StorageFull),
        ("SQLITE_CORRUPT", JournalCorrupt),
        ("SQLITE_NOTADB", JournalCorrupt),
        ("SQLITE_CONSTRAINT", ConstraintViolated),
        # Another writer is no failure of the journal (issue 9, point 15), nor is a folder
        # Saknad may not write to damage (point 7).
        ("SQLITE_BUSY", JournalBusy),
        ("SQLITE_LOCKED", JournalBusy),
        ("SQLITE_READONLY", JournalReadOnly),
        ("SQLITE_CANTOPEN", JournalReadOnly),
        ("SQLITE_MISMATCH", JournalError),
        ("", JournalError),
    ],
)
def test_result_codes_map_to_the_projects_errors(name, expected):
    error = saknad_error_for(_wrapped(_DriverError(name)))
    assert type(error) is expected
    assert SECRET not in str(error) and "Hemligsson" not in repr(error)


@pytest.mark.parametrize(
    "words, expected",
    [
        ("disk I/O error", StorageFull),
        ("database or disk is full", StorageFull),
        ("database disk image is malformed", JournalCorrupt),
        ("a disk I/O error, said otherwise", JournalError),
    ],
)
def test_a_driver_error_without_its_code_is_known_by_sqlites_own_words(words, expected):
    import sqlcipher3.dbapi2 as sqlcipher

    # As sqlcipher3's Connection.backup raises it: no sqlite_errorname on the error.
    error = sqlcipher.OperationalError(words)
    assert not getattr(error, "sqlite_errorname", "")
    assert type(saknad_error_for(error)) is expected


def test_a_real_full_database_and_a_real_non_database_are_recognised(tmp_path):
    import sqlcipher3.dbapi2 as sqlcipher

    engine = create_engine("sqlite://", module=sqlcipher)
    with engine.connect() as connection, pytest.raises(SQLAlchemyError) as full:
        connection.exec_driver_sql("CREATE TABLE t (x)")
        connection.exec_driver_sql("PRAGMA max_page_count = 3")
        connection.exec_driver_sql("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    assert isinstance(saknad_error_for(full.value), StorageFull)

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    engine = create_engine(f"sqlite:///{garbage}", module=sqlcipher)
    with engine.connect() as connection, pytest.raises(SQLAlchemyError) as not_a_db:
        connection.exec_driver_sql("SELECT * FROM sqlite_master").all()
    assert isinstance(saknad_error_for(not_a_db.value), JournalCorrupt)
    engine.dispose()


def test_a_full_disk_while_writing_is_storage_full_and_shows_no_data(journal, alva):
    def limit_pages(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(journal._engine, "connect", limit_pages)
    journal._engine.dispose()  # new connections get the limit
    before = len(journal.audit_trail(limit=100_000))
    with pytest.raises(StorageFull) as caught:
        journal.add_entry(alva, SECRET * 10_000)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "Hemligsson" not in str(caught.value)
    event.remove(journal._engine, "connect", limit_pages)
    journal._engine.dispose()
    assert len(journal.audit_trail(limit=100_000)) == before  # nothing was saved


def test_an_unknown_sqlite_failure_is_a_journal_error(journal):
    with pytest.raises(JournalError), journal._session() as session:
        session.connection().exec_driver_sql("SELECT * FROM no_such_table")


# -- values the facade refuses ----------------------------------------------------------------


def _refusals(journal, alva) -> dict:
    """(call, field, reason) for every refusal; each call would write something if allowed."""
    case = journal.open_case(alva, m.CaseKind.MISSING, DAY0, honour_related=True)
    bo = journal.add_pupil(BO, "Bo", "Exempelsson")
    school = journal.add_school("Ekbackens skola")
    at = datetime(2026, 3, 9, 9, tzinfo=UTC)
    return {
        "open_case kind": (lambda: journal.open_case(alva, "lost", DAY0), "kind", "unknown"),
        "mark_absence code": (
            lambda: journal.mark_absence(alva, DAY0, "holiday"),
            "code",
            "unknown",
        ),
        "mark_absence source": (
            lambda: journal.mark_absence(alva, DAY0, "ill", source="owl"),
            "source",
            "unknown",
        ),
        "mark_absences code": (
            lambda: journal.mark_absences([(alva, DAY0, "holiday", None, None, "register")]),
            "code",
            "unknown",
        ),
        "mark_absences source": (
            lambda: journal.mark_absences([(alva, DAY0, "ill", None, None, "owl")]),
            "source",
            "unknown",
        ),
        "mark_absences shape": (
            lambda: journal.mark_absences([(alva, DAY0, "ill")]),
            "mark",
            "shape",
        ),
        "log_contact channel": (
            lambda: journal.log_contact(alva, channel="pigeon"),
            "channel",
            "unknown",
        ),
        "log_contact counterpart": (
            lambda: journal.log_contact(alva, counterpart_kind="oracle"),
            "counterpart_kind",
            "unknown",
        ),
        "log_contact outcome": (
            lambda: journal.log_contact(alva, outcome="maybe"),
            "outcome",
            "unknown",
        ),
        "log_contact other's case": (
            lambda: journal.log_contact(bo, case_id=case),
            "case_id",
            "another_pupil",
        ),
        "add_entry kind": (
            lambda: journal.add_entry(alva, "Text", kind="poem", at=at),
            "kind",
            "unknown",
        ),
        "add_entry other's case": (
            lambda: journal.add_entry(bo, "Text", case_id=case),
            "case_id",
            "another_pupil",
        ),
        "record_export format": (
            lambda: journal.record_export(format="docx", content="other", purpose="test"),
            "format",
            "unknown",
        ),
        "leave status": (
            lambda: journal.add_leave_request(alva, DAY0, DAY0, status="maybe"),
            "status",
            "unknown",
        ),
        "leave ends before start": (
            lambda: journal.add_leave_request(alva, DAY0, date(2026, 3, 1)),
            "ends_on",
            "ends_before_start",
        ),
        "calendar ends before start": (
            lambda: journal.add_calendar_period(school, "term", DAY0, date(2026, 3, 1)),
            "ends_on",
            "ends_before_start",
        ),
        "calendar kind": (
            lambda: journal.add_calendar_period(school, "season", DAY0, DAY0),
            "kind",
            "unknown",
        ),
        "concern channel": (
            lambda: journal.record_concern_report(alva, channel="pigeon"),
            "channel",
            "unknown",
        ),
        "concern honour-related": (
            lambda: journal.record_concern_report(alva, case_id=case, guardians_informed=True),
            "guardians_informed",
            "honour_related",
        ),
        "concern other's case": (
            lambda: journal.record_concern_report(bo, case_id=case),
            "case_id",
            "another_pupil",
        ),
        "relation": (
            lambda: journal.link_guardian(
                alva, journal.add_guardian("Maja", "Testsson"), relation="aunt"
            ),
            "relation",
            "unknown",
        ),
        "guardian empty name": (
            lambda: journal.add_guardian("  ", "Testsson"),
            "first_name",
            "empty",
        ),
        "guardian marking": (
            lambda: journal.add_guardian("Maja", "Testsson", security_marking="secret"),
            "security_marking",
            "unknown",
        ),
        "pupil empty name": (
            lambda: journal.update_pupil(alva, last_name=" "),
            "last_name",
            "empty",
        ),
        "pupil marking": (
            lambda: journal.add_pupil(CILLA, "Cilla", "Testsson", security_marking="secret"),
            "security_marking",
            "unknown",
        ),
        "school empty name": (lambda: journal.add_school(""), "name", "empty"),
        "school type": (
            lambda: journal.add_school("Skola", school_type="castle"),
            "school_type",
            "unknown",
        ),
        "group type": (
            lambda: journal.add_group(school, "6A", group_type="band"),
            "group_type",
            "unknown",
        ),
        "sibling self": (
            lambda: journal.add_sibling_link(alva, sibling_pupil_id=alva),
            "sibling_pupil_id",
            "self",
        ),
        "sibling elsewhere without name": (
            lambda: journal.add_sibling_link(alva),
            "name",
            "empty",
        ),
    }


def test_every_refusal_is_invalid_value_and_writes_nothing(journal, alva):
    refusals = _refusals(journal, alva)
    for label, (call, field, reason) in refusals.items():
        before = len(journal.audit_trail(limit=100_000))
        with pytest.raises(InvalidValue) as refused:
            call()
        assert (refused.value.field, refused.value.reason) == (field, reason), label
        # The "relation" call adds its guardian first, in its own transaction.
        allowed = 1 if label == "relation" else 0
        assert len(journal.audit_trail(limit=100_000)) == before + allowed, label


def test_refusals_are_saknad_errors_and_name_no_value(journal, alva):
    with pytest.raises(SaknadError) as refused:
        journal.add_entry(alva, SECRET, kind="poem")
    assert "Hemligsson" not in str(refused.value)


def test_an_invalid_identity_number_leaves_as_a_saknad_error(journal):
    with pytest.raises(SaknadError) as refused:
        journal.add_pupil(ALVA[:-1] + str((int(ALVA[-1]) + 1) % 10), "Alva", "Testsson")
    assert isinstance(refused.value, InvalidIdentityNumber)
    assert isinstance(refused.value, ValueError)  # as it always was
    assert refused.value.code == "check_digit"
