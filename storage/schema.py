"""The schema version in the file, and in-place upgrades of older journals.

The version lives in SQLite's `user_version` header field, inside the encrypted file. A new
journal is created at the current version; an older one is upgraded step by step, each step in
one transaction, so a crash mid-upgrade leaves the journal at the last finished version.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, text
from sqlmodel import SQLModel

from storage import models
from storage.codes import DEFAULT_ABSENCE_CODES
from storage.errors import JournalCorrupt, JournalTooNew

SCHEMA_VERSION = 2


def _v1_to_v2(connection: Connection) -> None:
    """Schema 2: exports record the SHA-256 of the file they wrote; covering register indexes."""
    sql = connection.exec_driver_sql
    sql("ALTER TABLE export_record ADD COLUMN sha256 VARCHAR NOT NULL DEFAULT ''")
    sql("DROP INDEX ix_absence_pupil_day")
    sql("DROP INDEX ix_absence_day_code")
    sql("CREATE INDEX ix_absence_pupil_day ON absence_mark "
        "(pupil_id, on_date, lesson, code, minutes, source)")
    sql("CREATE INDEX ix_absence_code_day ON absence_mark "
        "(code, on_date, pupil_id, lesson, source)")


# MIGRATIONS[n] upgrades a journal from version n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2}


def read_version(connection: Connection) -> int:
    return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())


def _write_version(connection: Connection, version: int) -> None:
    connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")


def create(engine: Engine) -> None:
    """Create every table of the current schema and the default codes in a new journal."""
    with engine.begin() as connection:
        SQLModel.metadata.create_all(connection)
        connection.execute(insert(models.AbsenceCode), [
            {"code": code, "category": str(category), "counts_as_absence": counts,
             "sort_order": order}
            for code, category, counts, order in DEFAULT_ABSENCE_CODES
        ])
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
        with engine.begin() as connection:
            MIGRATIONS[version](connection)
            _write_version(connection, version + 1)
    return found


def table_shapes(connection: Connection) -> dict[str, list[tuple]]:
    """Columns and indexes per table, to compare an upgraded journal with a fresh one."""
    shapes = {}
    names = connection.execute(text(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )).scalars().all()
    for name in sorted(names):
        columns = connection.exec_driver_sql(f'PRAGMA table_info("{name}")').all()
        indexes = connection.exec_driver_sql(f'PRAGMA index_list("{name}")').all()
        shapes[name] = sorted(
            [("column", c[1], c[2].upper(), c[3]) for c in columns]
            + [("index", i[1], i[2]) for i in indexes]
        )
    return shapes
