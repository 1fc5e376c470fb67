"""Opening the SQLCipher file through SQLAlchemy.

Facts measured with sqlcipher3 0.6.4 (see shared DESIGN.md): a raw 256-bit key skips
SQLCipher's own KDF (well under a millisecond instead of ~100 ms); without a 64 MiB page cache
encrypted queries run 2-5x slower; SQLCipher prints "hmac check failed" to stderr on a wrong
key unless its log level is NONE; a wrong key is accepted by `PRAGMA key` and only the first
read fails, so every connection reads once before anything else touches the file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from storage.database_errors import access_error_for, error_name
from storage.errors import JournalCorrupt

PAGE_CACHE_KIB = 65536
BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another Saknad's write (an import, the app) to finish before
it gives up with JournalBusy; read at every new connection, so a test can shorten it."""


def _pragmas_after_key() -> tuple[str, ...]:
    return (
        f"PRAGMA cache_size = -{PAGE_CACHE_KIB}",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",  # with WAL: durable at checkpoints, never corrupt
        "PRAGMA foreign_keys = ON",
        "PRAGMA temp_store = MEMORY",  # SQLite's temp files would not be encrypted
    )


def open_engine(database: Path, data_key: bytes) -> Engine:
    """An engine on the encrypted journal at `database`, keyed with the raw `data_key`.

    Raises:
        JournalCorrupt: the file cannot be read with this key (damaged, truncated, garbage,
            or belonging to another key file). The file is not written to.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    hex_key = data_key.hex()
    engine = create_engine(
        f"sqlite:///{database}",
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        # Textual runs blocking work in thread workers; SQLAlchemy's pool hands a connection to
        # one thread at a time, so SQLite's own same-thread check only gets in the way.
        connect_args={"check_same_thread": False},
        # SQLAlchemy puts bound values in its error messages; those are pupils' data.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _key_and_tune(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute(f"PRAGMA key = \"x'{hex_key}'\"")
            # Set before the first read: another process may hold the write lock right now.
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
            try:
                cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher.DatabaseError as error:
                # Busy or unwritable is no damage: "restore from backup" would be wrong advice.
                raise access_error_for(error_name(error)) or JournalCorrupt(
                    "the journal cannot be read with its key"
                ) from None
            for pragma in _pragmas_after_key():
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        # The documented pysqlite recipe: the driver is in autocommit (isolation_level None,
        # set above) and SQLAlchemy emits BEGIN itself, so a session is one real transaction
        # from its first statement, reads included.
        connection.exec_driver_sql("BEGIN")

    return engine
