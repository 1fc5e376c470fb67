"""Retention under the document plan: the rule, the list for review, and deletion that leaves
no byte of the pupil in the file (storage.document_plan, storage.retention,
storage.records_deletion), on real encrypted journals with fictitious pupils."""

from __future__ import annotations

import json
from datetime import date

import pytest
import retention_world as world
from decrypted_pages import every_byte, page_size_of_first_page
from sqlalchemy import text

from storage.codes import SchoolType
from storage.document_plan import DocumentPlanSettings, whole_years_between
from storage.errors import InvalidValue, NotFound
from storage.records_deletion import DELETED_ACT
from storage.retention import due_for_review

FIVE = DocumentPlanSettings()


# -- the rule ----------------------------------------------------------------------------------


def test_the_default_plan_is_a_municipal_school_and_five_years():
    assert FIVE.school_kind == SchoolType.MUNICIPAL
    assert FIVE.review_after_years == 5


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2024, 6, 13), False),
        (date(2024, 6, 14), False),  # exactly five years: not yet more than five
        (date(2024, 6, 15), True),  # the day after
        (date(2030, 1, 1), True),
    ],
)
def test_due_only_after_more_than_the_plans_years(today, due):
    assert due_for_review(date(2019, 6, 14), today, FIVE) is due


def test_a_pupil_who_left_on_29_february_is_due_from_1_march():
    plan = DocumentPlanSettings(review_after_years=1)
    assert due_for_review(date(2020, 2, 29), date(2021, 2, 28), plan) is False
    assert due_for_review(date(2020, 2, 29), date(2021, 3, 1), plan) is True


def test_a_pupil_who_has_not_left_is_never_due():
    assert due_for_review(None, date(2100, 1, 1), FIVE) is False


def test_the_years_setting_changes_the_boundary():
    plan = DocumentPlanSettings(review_after_years=10)
    assert due_for_review(date(2010, 6, 30), date(2020, 6, 30), plan) is False
    assert due_for_review(date(2010, 6, 30), date(2020, 7, 1), plan) is True


@pytest.mark.parametrize(
    ("plan", "valid"),
    [
        (DocumentPlanSettings(review_after_years=1), True),
        (DocumentPlanSettings(review_after_years=50), True),
        (DocumentPlanSettings(review_after_years=0), False),
        (DocumentPlanSettings(review_after_years=51), False),
        (DocumentPlanSettings(school_kind=SchoolType.INDEPENDENT), True),
        (DocumentPlanSettings(school_kind=SchoolType.ABROAD), False),
    ],
)
def test_the_plans_bounds(plan, valid):
    assert plan.valid() is valid


def test_whole_years_between():
    assert whole_years_between(date(2019, 6, 14), date(2024, 6, 13)) == 4
    assert whole_years_between(date(2019, 6, 14), date(2024, 6, 14)) == 5
    assert whole_years_between(date(2019, 6, 14), date(2019, 1, 1)) == 0


# -- the plan in the journal and the list ---------------------------------------------------


def test_the_plan_is_kept_in_the_journal_and_a_bad_one_refused(new_journal):
    journal = new_journal.journal
    assert journal.document_plan() == FIVE
    independent = DocumentPlanSettings(SchoolType.INDEPENDENT, 3)
    journal.save_document_plan(independent)
    assert journal.document_plan() == independent
    with pytest.raises(InvalidValue):
        journal.save_document_plan(DocumentPlanSettings(review_after_years=0))
    assert journal.document_plan() == independent


def test_the_list_reads_only_what_the_review_screen_shows(new_journal):
    """The plan, the pupils who left, their last class and their cases: four reads,
    whatever the journal holds about them."""
    from sqlalchemy import event

    journal = new_journal.journal
    world.build(journal)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(journal._engine, "before_cursor_execute", seen)
    try:
        listing = journal.records_due_for_review(world.TODAY)
    finally:
        event.remove(journal._engine, "before_cursor_execute", seen)
    assert len(listing.pupils) == 1
    assert len(statements) == 4, statements


def test_the_list_holds_only_pupils_who_left_more_than_the_years_ago(new_journal):
    journal = new_journal.journal
    ids = world.build(journal)
    listing = journal.records_due_for_review(world.TODAY)
    assert [p.pupil_id for p in listing.pupils] == [ids.gone]
    row = listing.pupils[0]
    assert (row.first_name, row.last_name) == (world.GONE_FIRST, world.GONE_LAST)
    assert (row.school_name, row.class_name) == ("Påhittskolan", "9B")
    assert row.left_on == world.LEFT_ON
    assert row.years_since == 7
    assert row.cases == 1
    assert listing.settings == FIVE

    journal.save_document_plan(DocumentPlanSettings(review_after_years=8))
    assert journal.records_due_for_review(world.TODAY).pupils == ()
    # Listing deleted nothing.
    assert journal.pupil_card(ids.gone).pupil.first_name == world.GONE_FIRST


# -- deletion ------------------------------------------------------------------------------


def _count(journal, sql: str, **values) -> int:
    with journal._session() as session:
        return session.connection().execute(text(sql), values).scalar_one()


def _pupil_tables(journal) -> list[str]:
    """Every table with a pupil_id column, read from the file itself: a table added later is
    checked without anyone remembering to list it (the deletion keeps its own list)."""
    with journal._session() as session:
        connection = session.connection()
        tables = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%fts5%'")
        ).scalars()
        return sorted(
            table
            for table in tables
            if any(
                column[1] == "pupil_id"
                for column in connection.exec_driver_sql(f'PRAGMA table_info("{table}")')
            )
        )


def test_deletion_removes_every_row_of_the_pupil_and_keeps_the_others(new_journal):
    journal = new_journal.journal
    ids = world.build(journal)
    pupil_tables = _pupil_tables(journal)
    assert len(pupil_tables) >= 13
    for table in set(pupil_tables) - {"report_draft", "concern_report", "export_record"}:
        # Each holds the pupil before (the world fills them), so "none after" can fail.
        assert _count(journal, f"SELECT count(*) FROM {table} WHERE pupil_id = :p", p=ids.gone)
    kept_before = {  # a sibling link to the deleted pupil goes with her (checked below)
        table: _count(journal, f"SELECT count(*) FROM {table} WHERE pupil_id = :p", p=ids.kept)
        for table in pupil_tables
        if table != "sibling_link"
    }

    result = journal.delete_records_under_plan([ids.gone])

    assert result.pupils == 1 and result.rows > 20 and result.exports_kept == 1
    assert result.traces_cleared
    assert _count(journal, "SELECT count(*) FROM pupil WHERE id = :p", p=ids.gone) == 0
    for table in pupil_tables:
        assert (
            _count(journal, f"SELECT count(*) FROM {table} WHERE pupil_id = :p", p=ids.gone) == 0
        )
    for table in ("checklist_step", "case_event"):
        assert (
            _count(journal, f"SELECT count(*) FROM {table} WHERE case_id = :c", c=ids.gone_case)
            == 0
        )
    assert _count(journal, "SELECT count(*) FROM sibling_link") == 0  # both directions
    assert _count(journal, "SELECT count(*) FROM draft") == 0
    assert (
        _count(journal, "SELECT count(*) FROM journal_text WHERE pupil_id = :p", p=ids.gone) == 0
    )
    # The father was linked only to her; the mother stays with the sister.
    assert _count(journal, "SELECT count(*) FROM guardian WHERE id = :g", g=ids.father) == 0
    assert _count(journal, "SELECT count(*) FROM guardian WHERE id = :g", g=ids.mother) == 1
    for table, count in kept_before.items():
        assert (
            _count(journal, f"SELECT count(*) FROM {table} WHERE pupil_id = :p", p=ids.kept)
            == count
        ), table
    assert journal.pupil_card(ids.kept).pupil.first_name == world.KEPT_FIRST
    assert [hit.pupil_id for hit in journal.search_text("Hackspettsdagen")] == [ids.kept]
    assert journal.search_text("Kvittrofink") == []


def test_an_export_about_the_pupil_keeps_only_that_it_happened(new_journal):
    journal = new_journal.journal
    ids = world.build(journal)
    journal.delete_records_under_plan([ids.gone])
    with journal._session() as session:
        row = (
            session.connection()
            .execute(
                text(
                    "SELECT pupil_id, case_id, report_draft_id, purpose, recipient, file_name, "
                    "format, content, exported_by, sha256 FROM export_record"
                )
            )
            .one()
        )
    assert tuple(row) == (
        None,
        None,
        None,
        "",
        "",
        "",
        "pdf",
        "report_of_concern",
        "Karin Kurator",
        "ab" * 32,
    )


def test_the_audit_keeps_one_event_of_the_deletion_and_nothing_of_the_pupil(new_journal):
    journal = new_journal.journal
    ids = world.build(journal)
    journal.delete_records_under_plan([ids.gone])
    with journal._session() as session:
        events = (
            session.connection()
            .execute(text("SELECT action, table_name, row_id, changes, actor FROM audit_event"))
            .all()
        )
    everything = json.dumps([list(e) for e in events], ensure_ascii=False)
    for word in (world.GONE_FIRST, world.GONE_NUMBER, "Kvittrofink", world.GONE_FATHER):
        assert word not in everything
    assert world.KEPT_FIRST in everything  # the kept pupil's events are all there
    deleted = [e for e in events if e.action == DELETED_ACT]
    assert len(deleted) == 1
    assert deleted[0].actor == "Karin Kurator"
    assert json.loads(deleted[0].changes) == {
        "pupils": [None, 1],
        "rows": [None, deleted_rows(events)],
    }


def deleted_rows(events) -> int:
    return json.loads(next(e for e in events if e.action == DELETED_ACT).changes)["rows"][1]


def test_deleting_an_unknown_pupil_deletes_nothing(new_journal):
    journal = new_journal.journal
    ids = world.build(journal)
    with pytest.raises(NotFound):
        journal.delete_records_under_plan([ids.gone, 9999])
    assert journal.pupil_card(ids.gone).pupil.first_name == world.GONE_FIRST
    with pytest.raises(InvalidValue):
        journal.delete_records_under_plan([])


def test_deletion_leaves_no_bytes_of_the_pupil_in_the_file(new_journal):
    journal = new_journal.journal
    ids = world.build(journal)
    key = journal._key()
    database = journal.paths.database
    assert page_size_of_first_page(database, key) == 4096  # the pages decrypt

    before = every_byte(database, key)
    gone = [
        world.GONE_FIRST.encode(),
        world.GONE_LAST.encode(),
        world.GONE_NUMBER.encode(),
        b"Kvittrofink",
        b"kvittrofink",  # as the full-text index keeps the word (folded to lower case)
        world.GONE_FATHER.encode(),
        "Glömskegatan".encode(),
    ]
    for needle in gone:
        assert needle in before, needle  # the method finds what is there

    journal.delete_records_under_plan([ids.gone])

    after = every_byte(database, key)
    for needle in gone:
        assert needle not in after, needle
    # ...and still finds, by the same method, the pupil who stays.
    for needle in (world.KEPT_FIRST, world.KEPT_LAST, world.KEPT_NUMBER, "Hackspettsdagen"):
        assert needle.encode() in after, needle
    assert journal.check().ok


def test_deletion_survives_reopening_and_the_other_pupils_are_whole(new_journal, journal_paths):
    from conftest import PASSPHRASE

    from storage.access import unlock_with_passphrase

    journal = new_journal.journal
    ids = world.build(journal)
    journal.delete_records_under_plan([ids.gone])
    journal.close()
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as reopened:
        assert sorted(p.id for p in reopened.pupils()) == sorted([ids.kept, ids.other])
        assert reopened.records_due_for_review(world.TODAY).pupils == ()
        assert reopened.check().ok


def test_a_reader_keeps_the_log_until_the_journal_closes_then_no_bytes_are_left(
    new_journal, monkeypatch
):
    from storage import backup, engine

    journal = new_journal.journal
    ids = world.build(journal)
    key, database = journal._key(), journal.paths.database
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)  # how long the checkpoint waits
    reader = backup._connect(database, key)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM pupil").fetchone() == (3,)

    result = journal.delete_records_under_plan([ids.gone])

    assert result.pupils == 1 and result.traces_cleared is False
    reader.execute("COMMIT")
    reader.close()
    journal.close()  # the last connection: SQLite checkpoints and removes the log
    after = every_byte(database, key)
    for needle in (world.GONE_NUMBER, world.GONE_LAST, "kvittrofink"):
        assert needle.encode() not in after, needle
    assert world.KEPT_NUMBER.encode() in after


def test_other_pupils_rows_that_pointed_at_the_pupil_lose_only_the_pointer(new_journal):
    from datetime import timedelta

    from storage import models as m

    journal = new_journal.journal
    ids = world.build(journal)
    (link,) = _rows(journal, "SELECT id FROM sibling_link WHERE sibling_pupil_id = :p", ids.gone)
    (report,) = _rows(journal, "SELECT id FROM concern_report WHERE pupil_id = :p", ids.gone)
    with journal.bulk() as session:
        draft = m.ReportDraft(pupil_id=ids.gone, worry="Oro", filed_report_id=report[0])
        session.add(draft)
        session.flush()
        session.add(m.ReportDraft(pupil_id=ids.kept, worry="Syskonets oro", family_of_id=draft.id))
        session.add(
            m.ChecklistStep(
                case_id=ids.kept_case,
                step_code=f"sibling_school/{link[0]}",
                due_on=world.TODAY + timedelta(days=1),
                sibling_link_id=link[0],
                spoke_with="Rektor på syskonets skola",
            )
        )

    journal.delete_records_under_plan([ids.gone])

    assert _rows(journal, "SELECT worry, family_of_id FROM report_draft", None) == [
        ("Syskonets oro", None)
    ]
    assert _rows(
        journal,
        "SELECT spoke_with, sibling_link_id FROM checklist_step WHERE step_code LIKE :p",
        "sibling_school/%",
    ) == [("Rektor på syskonets skola", None)]


def _rows(journal, sql: str, value) -> list[tuple]:
    with journal._session() as session:
        result = session.connection().execute(text(sql), {"p": value} if value is not None else {})
        return [tuple(row) for row in result]
