"""Deleting pupils' records under the document plan, after the counsellor confirmed it.

Never automatic (storage.retention only lists who is due). What goes, in one transaction:
every row about each pupil (marks and their history, notices, leave, whereabouts known,
class memberships, guardian links, sibling links in both directions, entries with their
corrections, contacts, cases with their steps and events, reports of concern and their
drafts, unfinished dialog work about the pupil, the pupil), the guardians linked to no other
pupil, the full-text index rows (the index's own triggers remove them; an FTS5 "optimize"
then rewrites the index so no old segment keeps a word), and every audit event that carries
the pupil's data (an event's `changes` holds names and notes).

Export records about the pupil are kept, cleared down to "an export happened": when, in what
format, what kind of content, by whom and the file's SHA-256 (so a copy found later can still
be recognised as one that left this journal). Its pupil, case, report, purpose, recipient and
file name go: a purpose or a file name may name the child, and an id would point at nothing
or, once reused, at another child.

Rows of other pupils that pointed at the deleted ones lose only the pointer: a checklist step
about a sibling keeps what the counsellor did, a sibling's report draft forgets the family
draft it came from.

The audit trail then holds one event for the act: when, by whom, how many pupils and rows,
nothing else. The caller (storage.journal) rewrites the file afterwards (VACUUM, then a
write-ahead-log checkpoint that empties the log), with SQLite's secure_delete on, so no free
page or log frame keeps the deleted bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, insert
from sqlmodel import Session

from storage import audit
from storage.clock import now
from storage.errors import InvalidValue, NotFound
from storage.models import AuditEvent

DELETED_ACT = "records_deleted_under_document_plan"

PUPIL_TABLES = (
    "absence_mark",
    "mark_change",
    "absence_notice",
    "leave_request",
    "whereabouts_known",
    "group_membership",
    "pupil_guardian",
    "contact_attempt",
    "journal_entry",
    "pupil_case",
    "concern_report",
    "report_draft",
    "export_record",
    "warning_sign",
    "watch_entry",
)
"""Tables with a `pupil_id`: their rows of the pupil go (export records are cleared instead)."""

CASE_TABLES = (
    "checklist_step",
    "case_event",
    "contact_attempt",
    "journal_entry",
    "concern_report",
    "report_draft",
    "export_record",
    "watch_entry",
)
"""Tables with a `case_id`: their rows of the pupil's cases go too."""

DELETE_ORDER = (
    "watch_entry",
    "warning_sign",
    "checklist_step",
    "case_event",
    "report_draft",
    "concern_report",
    "contact_attempt",
    "journal_entry",
    "pupil_case",
    "absence_mark",
    "mark_change",
    "absence_notice",
    "leave_request",
    "whereabouts_known",
    "group_membership",
    "pupil_guardian",
    "sibling_link",
    "guardian",
    "draft",
    "pupil",
)
"""Children before parents, so every foreign key holds at each statement."""

_TEMP = ("retention_pupil", "retention_case", "retention_row")


def _ids(values: Iterable[int]) -> list[tuple[int]]:
    return [(int(value),) for value in values]


def _mentions(column: str, table: str) -> str:
    """SQL true when an audit event's changes name a row of `table` in `column` (old or new)."""
    return (
        f"(json_extract(changes, '$.{column}[0]') IN (SELECT id FROM {table}) OR "
        f"json_extract(changes, '$.{column}[1]') IN (SELECT id FROM {table}))"
    )


def _prepare(sql, pupil_ids: list[int]) -> None:
    """Temporary tables (in memory: temp_store=MEMORY) of the pupils, their cases and every
    (table, row) whose rows and audit events go."""
    for name in _TEMP:
        sql(f"DROP TABLE IF EXISTS temp.{name}")
    sql("CREATE TEMP TABLE retention_pupil (id INTEGER PRIMARY KEY)")
    sql("CREATE TEMP TABLE retention_case (id INTEGER PRIMARY KEY)")
    sql(
        "CREATE TEMP TABLE retention_row (table_name TEXT NOT NULL, row_id INTEGER NOT NULL, "
        "PRIMARY KEY (table_name, row_id)) WITHOUT ROWID"
    )
    sql("INSERT OR IGNORE INTO retention_pupil (id) VALUES (?)", _ids(pupil_ids))
    sql(
        "INSERT INTO retention_case SELECT id FROM pupil_case "
        "WHERE pupil_id IN (SELECT id FROM retention_pupil)"
    )


def _collect_rows(sql, connection: Connection) -> None:
    """Fill retention_row with every row about the pupils, then with every row an audit event
    says was theirs (rows deleted earlier, e.g. a cleared mark, whose events remain)."""
    keep = "INSERT OR IGNORE INTO retention_row (table_name, row_id) "
    sql(keep + "SELECT 'pupil', id FROM retention_pupil")
    for table in PUPIL_TABLES:
        sql(keep + f"SELECT '{table}', id FROM {table} WHERE pupil_id IN retention_pupil")
    for table in CASE_TABLES:
        sql(keep + f"SELECT '{table}', id FROM {table} WHERE case_id IN retention_case")
    sql(
        keep + "SELECT 'sibling_link', id FROM sibling_link "
        "WHERE pupil_id IN retention_pupil OR sibling_pupil_id IN retention_pupil"
    )
    # Guardians linked to these pupils and to no one else, and not named by another pupil's
    # contact or notice: they go with the pupils.
    sql(
        keep + "SELECT 'guardian', g.id FROM guardian g WHERE "
        "g.id IN (SELECT guardian_id FROM pupil_guardian WHERE pupil_id IN retention_pupil) "
        "AND g.id NOT IN (SELECT guardian_id FROM pupil_guardian "
        "WHERE pupil_id NOT IN retention_pupil) "
        "AND g.id NOT IN (SELECT guardian_id FROM contact_attempt WHERE guardian_id IS NOT NULL "
        "AND pupil_id NOT IN retention_pupil) "
        "AND g.id NOT IN (SELECT guardian_id FROM absence_notice WHERE guardian_id IS NOT NULL "
        "AND pupil_id NOT IN retention_pupil)"
    )
    pupil_tables = ", ".join(f"'{t}'" for t in PUPIL_TABLES)
    case_tables = ", ".join(f"'{t}'" for t in CASE_TABLES)
    mentioned = (
        f"(table_name IN ({pupil_tables}) AND {_mentions('pupil_id', 'retention_pupil')}) OR "
        f"(table_name IN ({case_tables}) AND {_mentions('case_id', 'retention_case')}) OR "
        f"(table_name = 'sibling_link' AND "
        f"({_mentions('pupil_id', 'retention_pupil')} OR "
        f"{_mentions('sibling_pupil_id', 'retention_pupil')}))"
    )
    # CASE, not AND: SQLite does not promise to test json_valid before json_extract, and a
    # named act's `changes` may be plain text.
    sql(
        keep + "SELECT table_name, row_id FROM audit_event WHERE row_id IS NOT NULL AND "
        f"CASE WHEN json_valid(changes) THEN ({mentioned}) ELSE 0 END"
    )
    _collect_drafts(sql, connection)


def _about(arguments: object, place: object, pupils: set[int], cases: set[int]) -> bool:
    """Whether a kept dialog draft (storage.drafts) was about one of the pupils or cases."""
    if isinstance(arguments, dict) and (
        arguments.get("pupil_id") in pupils or arguments.get("case_id") in cases
    ):
        return True
    if isinstance(place, list):
        for item in place:
            if isinstance(item, list) and len(item) > 1:
                kind, row = item[0], item[1]
                if (kind in ("pupil_card", "chronology") and row in pupils) or (
                    kind == "case" and row in cases
                ):
                    return True
    return False


def _json(text: object) -> object:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _collect_drafts(sql, connection: Connection) -> None:
    """Unfinished dialog work (the `draft` table) about the pupils: the drafts kept now, and
    those whose audit events keep what was typed."""
    pupils = {row[0] for row in connection.exec_driver_sql("SELECT id FROM retention_pupil")}
    cases = {row[0] for row in connection.exec_driver_sql("SELECT id FROM retention_case")}
    doomed = [
        (row_id,)
        for row_id, arguments, place in connection.exec_driver_sql(
            "SELECT id, arguments, place FROM draft"
        )
        if _about(_json(arguments), _json(place), pupils, cases)
    ]
    for row_id, text in connection.exec_driver_sql(
        "SELECT row_id, changes FROM audit_event WHERE table_name = 'draft' AND row_id IS NOT NULL"
    ):
        changes = _json(text)
        if not isinstance(changes, dict):
            continue
        values = [changes.get("arguments"), changes.get("place")]
        pairs = [v if isinstance(v, list) else [None, None] for v in values]
        if any(
            _about(_json(arguments), _json(place), pupils, cases)
            for arguments, place in zip(pairs[0], pairs[1], strict=False)
        ):
            doomed.append((row_id,))
    sql("INSERT OR IGNORE INTO retention_row (table_name, row_id) VALUES ('draft', ?)", doomed)


def _unlink_others(sql) -> None:
    """Other pupils' rows that point at the deleted ones keep their content, not the pointer."""
    sql(
        "UPDATE checklist_step SET sibling_link_id = NULL WHERE sibling_link_id IN "
        "(SELECT row_id FROM retention_row WHERE table_name = 'sibling_link') "
        "AND case_id NOT IN retention_case"
    )
    sql(
        "UPDATE report_draft SET family_of_id = NULL WHERE family_of_id IN "
        "(SELECT row_id FROM retention_row WHERE table_name = 'report_draft')"
    )
    sql(
        "UPDATE report_draft SET filed_report_id = NULL WHERE filed_report_id IN "
        "(SELECT row_id FROM retention_row WHERE table_name = 'concern_report')"
    )


def _clear_exports(connection: Connection) -> int:
    """Keep each export about the pupils as "an export happened"; returns how many."""
    result = connection.exec_driver_sql(
        "UPDATE export_record SET pupil_id = NULL, case_id = NULL, report_draft_id = NULL, "
        "purpose = '', recipient = '', file_name = '' WHERE id IN "
        "(SELECT row_id FROM retention_row WHERE table_name = 'export_record')"
    )
    return result.rowcount


def _delete_rows(connection: Connection) -> int:
    deleted = 0
    for table in DELETE_ORDER:
        result = connection.exec_driver_sql(
            f"DELETE FROM {table} WHERE id IN "
            f"(SELECT row_id FROM retention_row WHERE table_name = '{table}')"
        )
        deleted += result.rowcount
    # One pass over the trail: its events of every row that went, and of the cleared exports.
    result = connection.exec_driver_sql(
        "DELETE FROM audit_event WHERE row_id IS NOT NULL AND EXISTS (SELECT 1 FROM "
        "retention_row r WHERE r.table_name = audit_event.table_name "
        "AND r.row_id = audit_event.row_id)"
    )
    return deleted + result.rowcount


@contextmanager
def rows_about(connection: Connection, pupil_ids: list[int]) -> Iterator[None]:
    """While the block runs, the temporary table `retention_row` (table_name, row_id) holds
    every row about the pupils and every row an audit event says was theirs, and
    `retention_pupil` / `retention_case` the pupils and their cases (storage.right_of_access
    reads the trail through it too).

    Raises:
        NotFound: a pupil id is not in the journal.
    """

    def sql(statement: str, parameters=None) -> None:
        if parameters is None:
            connection.exec_driver_sql(statement)
        elif parameters:
            connection.exec_driver_sql(statement, parameters)

    try:
        _prepare(sql, pupil_ids)
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM pupil WHERE id IN retention_pupil"
        ).scalar_one()
        if found != len(pupil_ids):
            raise NotFound("a pupil is not in the journal")
        _collect_rows(sql, connection)
        yield
    finally:
        for name in _TEMP:
            sql(f"DROP TABLE IF EXISTS temp.{name}")


def delete_pupils_records(session: Session, actor: str, pupil_ids: Iterable[int]) -> tuple:
    """Delete everything about the pupils `pupil_ids` in the session's transaction.

    Returns:
        (pupils, rows, exports_kept): how many pupils, how many rows went (audit events
        included), how many export records were kept with their details cleared.

    Raises:
        InvalidValue: no pupil was given.
        NotFound: a pupil id is not in the journal (nothing is deleted).
    """
    wanted = sorted(set(pupil_ids))
    if not wanted:
        raise InvalidValue("pupils", "empty")
    connection = session.connection()
    # Pages and cells freed by this transaction are overwritten with zeros. SQLCipher turns
    # this on for every keyed connection already (measured: PRAGMA secure_delete is 1); set
    # here so the deletion does not depend on that default.
    connection.exec_driver_sql("PRAGMA secure_delete = ON")
    with rows_about(connection, wanted):
        _unlink_others(connection.exec_driver_sql)
        exports_kept = _clear_exports(connection)
        rows = _delete_rows(connection)
        # FTS5 keeps a deleted row's words in its older segments until they are merged;
        # "optimize" merges them all now (a test finds the word without it).
        connection.exec_driver_sql("INSERT INTO journal_text (journal_text) VALUES ('optimize')")
        connection.execute(
            insert(AuditEvent),
            [
                audit.audit_row(
                    DELETED_ACT,
                    "",
                    None,
                    {"pupils": [None, len(wanted)], "rows": [None, rows]},
                    actor,
                    now(),
                )
            ],
        )
    return len(wanted), rows, exports_kept


def rewrite_file(raw_connection) -> bool:
    """Rewrite the journal file so no freed page keeps old bytes, and empty the write-ahead log.

    Runs outside any transaction, on a raw sqlcipher3 connection (VACUUM cannot run inside
    one). VACUUM runs beside readers (measured); the checkpoint that truncates the log waits
    for readers as long as a writer waits for another (storage.engine.BUSY_TIMEOUT_MS).

    Returns:
        True when the log was emptied; False when a reader kept it (SQLite empties it when
        the journal is next closed, which locking does).

    Raises:
        SaknadError: VACUUM could not rewrite the file, as storage.database_errors names it
            (StorageFull: it needs free space about the size of the journal; JournalBusy,
            JournalReadOnly, JournalError); the deletion itself is already committed.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    from storage import engine
    from storage.database_errors import saknad_error_for

    try:
        raw_connection.execute(f"PRAGMA busy_timeout = {int(engine.BUSY_TIMEOUT_MS)}")
        raw_connection.execute("PRAGMA secure_delete = ON")
        raw_connection.execute("VACUUM")
        busy = raw_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return busy == 0
    except sqlcipher.DatabaseError as error:
        raise saknad_error_for(error) from None
