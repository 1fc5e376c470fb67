"""The schema version in the file, and in-place upgrades of older journals.

The version lives in SQLite's `user_version` header field, inside the encrypted file. A new
journal is created at the current version; an older one is upgraded step by step, each step in
one transaction, so a crash mid-upgrade leaves the journal at the last finished version.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from storage import directory, fulltext_index, models
from storage.clock import now
from storage.codes import (
    DEFAULT_ABSENCE_CODES,
    CaseAction,
    CaseOutcome,
    CaseStatus,
    ExportContent,
    ExportFormat,
)
from storage.database_errors import saknad_error_for
from storage.errors import JournalCorrupt, JournalError, JournalTooNew
from storage.protected_identity import ADDRESS_FIELDS

SCHEMA_VERSION = 10


def _v1_to_v2(connection: Connection) -> None:
    """Schema 2: exports record the SHA-256 of the file they wrote; covering register indexes."""
    sql = connection.exec_driver_sql
    sql("ALTER TABLE export_record ADD COLUMN sha256 VARCHAR NOT NULL DEFAULT ''")
    sql("DROP INDEX ix_absence_pupil_day")
    sql("DROP INDEX ix_absence_day_code")
    sql(
        "CREATE INDEX ix_absence_pupil_day ON absence_mark "
        "(pupil_id, on_date, lesson, code, minutes, source)"
    )
    sql(
        "CREATE INDEX ix_absence_code_day ON absence_mark "
        "(code, on_date, pupil_id, lesson, source)"
    )


# The guardian table as schema 3 creates it (what SQLModel emits for models.Guardian then).
# Written out, not taken from the model, so this step stays the same when the model changes.
_GUARDIAN_V3 = """
CREATE TABLE guardian_v3 (
    id INTEGER NOT NULL,
    first_name VARCHAR NOT NULL,
    last_name VARCHAR NOT NULL,
    identity_number VARCHAR,
    phone VARCHAR NOT NULL,
    phone_other VARCHAR NOT NULL,
    email VARCHAR NOT NULL,
    street VARCHAR,
    postal_code VARCHAR,
    city VARCHAR,
    security_marking VARCHAR NOT NULL,
    interpreter_needed BOOLEAN NOT NULL,
    language VARCHAR NOT NULL,
    external_id VARCHAR,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT protected_identity_has_no_address CHECK (security_marking != 'protected' OR
        (street IS NULL AND postal_code IS NULL AND city IS NULL))
)
"""
_GUARDIAN_COLUMNS = (
    "id, first_name, last_name, identity_number, phone, phone_other, email, "
    "street, postal_code, city, security_marking, interpreter_needed, "
    "language, external_id, created_at"
)


def _v2_to_v3(connection: Connection) -> None:
    """Schema 3: the file refuses an address on a protected guardian, as it does on a pupil.

    SQLite cannot add a CHECK to a table, so the table is rebuilt in place (SQLite's documented
    procedure: new table, copy, drop, rename; foreign keys are off, see `upgrade`). Every row
    and id is kept; a protected guardian who had an address (schema 2 did not stop it) loses
    the address in the copy, and the audit trail says so.
    """
    sql = connection.exec_driver_sql
    protected_with_address = (
        "security_marking = 'protected' AND (street IS NOT NULL"
        " OR postal_code IS NOT NULL OR city IS NOT NULL)"
    )
    cleared = connection.execute(
        text(f"SELECT id, street, postal_code, city FROM guardian WHERE {protected_with_address}")
    ).all()
    sql(
        "UPDATE guardian SET street = NULL, postal_code = NULL, city = NULL"
        f" WHERE {protected_with_address}"
    )
    sql(_GUARDIAN_V3)
    sql(f"INSERT INTO guardian_v3 ({_GUARDIAN_COLUMNS}) SELECT {_GUARDIAN_COLUMNS} FROM guardian")
    sql("DROP TABLE guardian")
    sql("ALTER TABLE guardian_v3 RENAME TO guardian")
    sql("CREATE INDEX ix_guardian_identity_number ON guardian (identity_number)")
    if cleared:
        # The trail says which addresses went, without keeping them (they must not be stored).
        connection.execute(
            insert(models.AuditEvent),
            [
                {
                    "at": now(),
                    "actor": "",
                    "action": "protected_address_cleared",
                    "table_name": "guardian",
                    "row_id": row[0],
                    "changes": ", ".join(
                        name
                        for name, old in zip(ADDRESS_FIELDS, row[1:], strict=True)
                        if old is not None
                    ),
                }
                for row in cleared
            ],
        )


def _v3_to_v4(connection: Connection) -> None:
    """Schema 4: the draft table, where unfinished work waits while the journal is locked.

    Written out as SQLModel emits models.Draft at schema 4, so this step stays the same when
    the model changes.
    """
    connection.exec_driver_sql(
        """
        CREATE TABLE draft (
            id INTEGER NOT NULL,
            saved_at DATETIME NOT NULL,
            place VARCHAR NOT NULL,
            dialog VARCHAR NOT NULL,
            arguments VARCHAR NOT NULL,
            fields VARCHAR NOT NULL,
            PRIMARY KEY (id)
        )
        """
    )


def _v4_to_v5(connection: Connection) -> None:
    """Schema 5: no address of a person with protected identity in the audit trail either.

    From schema 5 the trail forgets the address when a person is marked protected
    (storage.audit.redact_addresses); this step does the same for people marked before.
    Data only: the tables are as in schema 4.
    """
    from storage.audit import redact_addresses

    at = now()
    for table in ("pupil", "guardian"):
        protected = connection.execute(
            text(f"SELECT id FROM {table} WHERE security_marking = 'protected'")
        ).all()
        for (row_id,) in protected:
            redact_addresses(connection, table, row_id, "", at)


# The tables schema 6 adds, written out as SQLModel emits them at schema 6 (see _v3_to_v4).
_V6_TABLES = (
    """
    CREATE TABLE mark_change (
        id INTEGER NOT NULL,
        pupil_id INTEGER NOT NULL,
        on_date DATE NOT NULL,
        lesson INTEGER,
        old_code VARCHAR,
        new_code VARCHAR,
        old_minutes INTEGER,
        new_minutes INTEGER,
        source VARCHAR NOT NULL,
        note VARCHAR NOT NULL,
        at DATETIME NOT NULL,
        actor VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(pupil_id) REFERENCES pupil (id)
    )
    """,
    "CREATE INDEX ix_mark_change_pupil_day ON mark_change (pupil_id, on_date)",
    """
    CREATE TABLE register_taken (
        id INTEGER NOT NULL,
        group_id INTEGER NOT NULL,
        on_date DATE NOT NULL,
        lesson INTEGER,
        taken_at DATETIME NOT NULL,
        taken_by VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(group_id) REFERENCES school_group (id)
    )
    """,
    "CREATE UNIQUE INDEX ux_register_taken ON register_taken "
    "(group_id, on_date, coalesce(lesson, 0))",
    """
    CREATE TABLE lesson_plan (
        id INTEGER NOT NULL,
        group_id INTEGER NOT NULL,
        weekday INTEGER NOT NULL,
        lessons INTEGER NOT NULL,
        PRIMARY KEY (id),
        UNIQUE (group_id, weekday),
        FOREIGN KEY(group_id) REFERENCES school_group (id)
    )
    """,
    """
    CREATE TABLE absence_notice (
        id INTEGER NOT NULL,
        pupil_id INTEGER NOT NULL,
        on_date DATE NOT NULL,
        outcome VARCHAR NOT NULL,
        channel VARCHAR NOT NULL,
        guardian_id INTEGER,
        reason VARCHAR NOT NULL,
        at DATETIME NOT NULL,
        recorded_by VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(pupil_id) REFERENCES pupil (id),
        FOREIGN KEY(guardian_id) REFERENCES guardian (id)
    )
    """,
    "CREATE INDEX ix_absence_notice_day ON absence_notice (on_date, pupil_id)",
    """
    CREATE TABLE rule_setting (
        "key" VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        PRIMARY KEY ("key")
    )
    """,
)


def _v5_to_v6(connection: Connection) -> None:
    """Schema 6: the register (one mark per slot with its history, registers taken, lesson
    plans), same-day notices, the "guardians must not be contacted" marker, rule settings.

    Earlier journals could hold two marks for one pupil, day and lesson; the latest stays, the
    others go into the mark history (so nothing is lost without trace) before the unique index
    is made.
    """
    sql = connection.exec_driver_sql
    sql("ALTER TABLE pupil ADD COLUMN no_guardian_contact BOOLEAN NOT NULL DEFAULT 0")
    sql("ALTER TABLE pupil ADD COLUMN no_guardian_contact_reason VARCHAR NOT NULL DEFAULT ''")
    for statement in _V6_TABLES:
        sql(statement)
    at = now().isoformat(sep=" ")
    duplicates = connection.execute(
        text(
            "SELECT a.id, a.pupil_id, a.on_date, a.lesson, a.code, a.minutes, a.source"
            " FROM absence_mark AS a JOIN absence_mark AS b"
            " ON b.pupil_id = a.pupil_id AND b.on_date = a.on_date"
            " AND coalesce(b.lesson, 0) = coalesce(a.lesson, 0) AND b.id > a.id"
            " GROUP BY a.id"
        )
    ).all()
    for mark_id, pupil_id, on_date, lesson, code, minutes, source in duplicates:
        connection.execute(
            text(
                "INSERT INTO mark_change (pupil_id, on_date, lesson, old_code, new_code,"
                " old_minutes, new_minutes, source, note, at, actor) VALUES (:p, :d, :l, :c,"
                " NULL, :m, NULL, :s, 'schema 6: a later mark of the same slot was kept',"
                " :at, '')"
            ),
            {
                "p": pupil_id,
                "d": on_date,
                "l": lesson,
                "c": code,
                "m": minutes,
                "s": source,
                "at": at,
            },
        )
        sql(f"DELETE FROM absence_mark WHERE id = {int(mark_id)}")
    sql(
        "CREATE UNIQUE INDEX ux_absence_slot ON absence_mark "
        "(pupil_id, on_date, coalesce(lesson, 0))"
    )


# The table schema 7 adds, written out as SQLModel emits it at schema 7 (see _v3_to_v4).
_CASE_EVENT_V7 = """
CREATE TABLE case_event (
    id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    at DATETIME NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES pupil_case (id)
)
"""


def _v6_to_v7(connection: Connection) -> None:
    """Schema 7: a case's life as append-only events, and corrections of journal entries.

    Every case gets its opening event from opened_at/opened_by, and a closed one its closing
    event from closed_at/closed_by/close_reason (a reason that is no outcome code becomes
    "other", with the old text kept as the why), so the history starts complete.
    """
    sql = connection.exec_driver_sql
    sql(_CASE_EVENT_V7)
    sql("CREATE INDEX ix_case_event_case_id ON case_event (case_id)")
    sql("ALTER TABLE journal_entry ADD COLUMN corrects_id INTEGER REFERENCES journal_entry (id)")
    sql("CREATE INDEX ix_journal_entry_corrects_id ON journal_entry (corrects_id)")
    sql(
        "INSERT INTO case_event (case_id, at, actor, action, outcome, reason, detail)"
        f" SELECT id, opened_at, opened_by, '{CaseAction.OPENED}', '', '', ''"
        " FROM pupil_case ORDER BY id"
    )
    outcomes = ", ".join(f"'{outcome}'" for outcome in CaseOutcome)
    sql(
        "INSERT INTO case_event (case_id, at, actor, action, outcome, reason, detail)"
        f" SELECT id, coalesce(closed_at, opened_at), closed_by, '{CaseAction.CLOSED}',"
        f" CASE WHEN close_reason IN ({outcomes}) THEN close_reason"
        f" ELSE '{CaseOutcome.OTHER}' END,"
        f" CASE WHEN close_reason IN ({outcomes}) THEN '' ELSE close_reason END, ''"
        f" FROM pupil_case WHERE status = '{CaseStatus.CLOSED}' ORDER BY id"
    )


# The tables schema 8 adds, written out as SQLModel emits them at schema 8 (see _v3_to_v4).
_V8_TABLES = (
    """
CREATE TABLE whereabouts_known (
    id INTEGER NOT NULL,
    pupil_id INTEGER NOT NULL,
    from_date DATE NOT NULL,
    to_date DATE NOT NULL,
    how VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    recorded_at DATETIME NOT NULL,
    recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(pupil_id) REFERENCES pupil (id)
)
""",
    "CREATE INDEX ix_whereabouts_known_pupil_days ON whereabouts_known "
    "(pupil_id, from_date, to_date)",
    """
CREATE TABLE directory_contact (
    id INTEGER NOT NULL,
    school_id INTEGER,
    kind VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    phone VARCHAR NOT NULL,
    email VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(school_id) REFERENCES school (id)
)
""",
    "ALTER TABLE checklist_step ADD COLUMN sibling_link_id INTEGER REFERENCES sibling_link (id)",
    "ALTER TABLE checklist_step ADD COLUMN spoke_with VARCHAR NOT NULL DEFAULT ''",
)


def _v7_to_v8(connection: Connection) -> None:
    """Schema 8: "whereabouts known" records, the school's contact directory, a step per
    sibling at another school, and the full-text index over what the journal already holds."""
    for statement in _V8_TABLES:
        connection.exec_driver_sql(statement)
    fulltext_index.create(connection, fill=True, without=fulltext_index.SCHEMA_10_SOURCES)


# What schema 9 adds, written out as SQLModel emits it at schema 9 (see _v3_to_v4).
_V9_STATEMENTS = (
    """
CREATE TABLE report_draft (
    id INTEGER NOT NULL,
    pupil_id INTEGER NOT NULL,
    case_id INTEGER,
    family_of_id INTEGER,
    honour_related BOOLEAN NOT NULL,
    worry VARCHAR NOT NULL,
    since_when VARCHAR NOT NULL,
    acute_danger BOOLEAN,
    guardians_informed BOOLEAN,
    child_informed BOOLEAN,
    left_out VARCHAR NOT NULL,
    created_at DATETIME NOT NULL,
    created_by VARCHAR NOT NULL,
    filed_report_id INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(pupil_id) REFERENCES pupil (id),
    FOREIGN KEY(case_id) REFERENCES pupil_case (id),
    FOREIGN KEY(family_of_id) REFERENCES report_draft (id),
    FOREIGN KEY(filed_report_id) REFERENCES concern_report (id)
)
""",
    "CREATE INDEX ix_report_draft_pupil_id ON report_draft (pupil_id)",
    "ALTER TABLE concern_report ADD COLUMN child_informed BOOLEAN",
    "ALTER TABLE concern_report ADD COLUMN written_follow_up_on DATE",
    "ALTER TABLE concern_report ADD COLUMN investigation_opened BOOLEAN",
    "ALTER TABLE export_record ADD COLUMN content VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE export_record ADD COLUMN recipient VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE export_record ADD COLUMN report_draft_id INTEGER REFERENCES report_draft (id)",
    # Until schema 9 the only files written were backups; anything else says "other".
    f"UPDATE export_record SET content = CASE WHEN format = '{ExportFormat.BACKUP}'"
    f" THEN '{ExportContent.BACKUP}' ELSE '{ExportContent.OTHER}' END",
)


def _v8_to_v9(connection: Connection) -> None:
    """Schema 9: reports of concern as drafts until filed (one per child), what happened
    after filing, and export records that say what the file held and for whom."""
    for statement in _V9_STATEMENTS:
        connection.exec_driver_sql(statement)


# What schema 10 adds, written out as SQLModel emits it at schema 10 (see _v3_to_v4).
_V10_STATEMENTS = (
    """
CREATE TABLE warning_sign (
    id INTEGER NOT NULL,
    pupil_id INTEGER NOT NULL,
    sign_code VARCHAR NOT NULL,
    observed_on DATE NOT NULL,
    observed_by VARCHAR NOT NULL,
    own_words VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    recorded_at DATETIME NOT NULL,
    recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(pupil_id) REFERENCES pupil (id)
)
""",
    "CREATE INDEX ix_warning_sign_pupil_id ON warning_sign (pupil_id)",
    """
CREATE TABLE watch_entry (
    id INTEGER NOT NULL,
    pupil_id INTEGER NOT NULL,
    reason VARCHAR NOT NULL,
    break_id INTEGER,
    case_id INTEGER,
    added_at DATETIME NOT NULL,
    added_by VARCHAR NOT NULL,
    ended_at DATETIME,
    ended_by VARCHAR NOT NULL,
    end_reason VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(pupil_id) REFERENCES pupil (id),
    FOREIGN KEY(break_id) REFERENCES calendar_period (id),
    FOREIGN KEY(case_id) REFERENCES pupil_case (id)
)
""",
    "CREATE INDEX ix_watch_entry_pupil_id ON watch_entry (pupil_id)",
)


def _v9_to_v10(connection: Connection) -> None:
    """Schema 10: warning signs noted about a pupil, and the watch list before a break;
    both in the full-text index."""
    for statement in _V10_STATEMENTS:
        connection.exec_driver_sql(statement)
    fulltext_index.add_sources(connection, fulltext_index.SCHEMA_10_SOURCES)


# MIGRATIONS[n] upgrades a journal from version n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
    7: _v7_to_v8,
    8: _v8_to_v9,
    9: _v9_to_v10,
}


def read_version(connection: Connection) -> int:
    return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())


def _write_version(connection: Connection, version: int) -> None:
    connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")


def create(engine: Engine) -> None:
    """Create every table of the current schema and the default codes in a new journal."""
    with engine.begin() as connection:
        SQLModel.metadata.create_all(connection)
        fulltext_index.create(connection, fill=False)
        connection.execute(
            insert(models.AbsenceCode),
            [
                {
                    "code": code,
                    "category": str(category),
                    "counts_as_absence": counts,
                    "sort_order": order,
                }
                for code, category, counts, order in DEFAULT_ABSENCE_CODES
            ],
        )
        directory.add_starting_directory(connection)
        _write_version(connection, SCHEMA_VERSION)


def upgrade(engine: Engine) -> int:
    """Bring an existing journal up to SCHEMA_VERSION; return the version it had.

    Raises:
        JournalTooNew: the journal was written by a newer Saknad.
    """
    with engine.connect() as connection:
        found = read_version(connection)
        connection.rollback()
    if found < 1:
        raise JournalCorrupt("no Saknad schema in the file")
    if found > SCHEMA_VERSION:
        raise JournalTooNew(f"schema {found}, this Saknad knows {SCHEMA_VERSION}")
    for version in range(found, SCHEMA_VERSION):
        _run_step(engine, version)
    return found


def _run_step(engine: Engine, version: int) -> None:
    """Run MIGRATIONS[version] in one transaction, with foreign keys checked at the end.

    A step may rebuild a table (the only way SQLite adds a constraint), and dropping a table
    that others refer to needs foreign keys off. SQLite ignores that pragma inside a
    transaction, so it is set on the driver's connection before BEGIN and set back after;
    `PRAGMA foreign_key_check` then proves every reference still holds before the commit.
    """
    try:
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            if driver is None:  # a live connection always has one
                raise JournalError("no connection to the journal")
            driver.execute("PRAGMA foreign_keys = OFF")
            try:
                with connection.begin():
                    MIGRATIONS[version](connection)
                    if connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise JournalCorrupt(
                            f"the upgrade to schema {version + 1} broke a reference"
                        )
                    _write_version(connection, version + 1)
            finally:
                driver.execute("PRAGMA foreign_keys = ON")
    except SQLAlchemyError as error:
        raise saknad_error_for(error) from None


def table_shapes(connection: Connection) -> dict[str, list[tuple]]:
    """Columns, indexes and named CHECKs per table, to compare an upgraded journal with a
    fresh one."""
    shapes = {}
    tables = connection.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ).all()
    for name, create_sql in sorted(tables):
        columns = connection.exec_driver_sql(f'PRAGMA table_info("{name}")').all()
        indexes = connection.exec_driver_sql(f'PRAGMA index_list("{name}")').all()
        checks = re.findall(
            r"CONSTRAINT\s+(\w+)\s+CHECK\s*\((.*?)\)\s*(?:,|\)\s*$)", create_sql, flags=re.DOTALL
        )
        shapes[name] = sorted(
            [("column", c[1], c[2].upper(), c[3]) for c in columns]
            + [("index", i[1], i[2]) for i in indexes]
            + [("check", check, " ".join(rule.split())) for check, rule in checks]
        )
    triggers = connection.execute(
        text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
    ).all()
    shapes["(triggers)"] = sorted(
        (name, table, " ".join(sql.split())) for name, table, sql in triggers
    )
    return shapes
