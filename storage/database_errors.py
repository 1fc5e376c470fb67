"""SQLite failures as the project's own errors, recognised by SQLite's error code.

The driver (sqlcipher3, like the standard library's sqlite3 since Python 3.11) puts the result
code on every DB-API error as `sqlite_errorname` ("SQLITE_FULL", "SQLITE_IOERR", ...). Codes
stay the same across SQLite versions and locales; message texts do not. Extended result codes
are not switched on, so the names come without suffixes, but the prefixes are matched anyway
("SQLITE_IOERR_WRITE" is an I/O error too).

One driver call leaves the code out: sqlcipher3's `Connection.backup` raises a bare
OperationalError. For it, SQLite's fixed description of a result code (sqlite3_errstr, the
same English words in every SQLite build and locale) stands in for the code, matched whole.

Nothing here puts a bound value into a message: the engine runs with hide_parameters=True and
the errors made here are raised `from None`, so no traceback shows the statement's data.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from storage.errors import (
    ConstraintViolated,
    JournalBusy,
    JournalCorrupt,
    JournalError,
    JournalReadOnly,
    SaknadError,
    StorageFull,
)

# What SQLite says after "... constraint failed: ": a constraint's name or table.column.
# Names only, never values, but they are still checked to be identifiers before use.
_CONSTRAINT = re.compile(
    r"^(UNIQUE|CHECK|NOT NULL|FOREIGN KEY) constraint failed(?:: ([\w., ]+))?$"
)


# sqlite3_errstr's words for the codes mapped below, for an error raised without its code.
_CODE_FOR_DESCRIPTION = {
    "database or disk is full": "SQLITE_FULL",
    "disk I/O error": "SQLITE_IOERR",
    "database disk image is malformed": "SQLITE_CORRUPT",
    "file is not a database": "SQLITE_NOTADB",
    "database is locked": "SQLITE_BUSY",
    "database table is locked": "SQLITE_LOCKED",
    "attempt to write a readonly database": "SQLITE_READONLY",
    "unable to open database file": "SQLITE_CANTOPEN",
}


def error_name(error: BaseException) -> str:
    """SQLite's result code name for a (wrapped) DB-API error, e.g. "SQLITE_FULL"; "" if none."""
    original = error.orig if isinstance(error, DBAPIError) else error
    name = str(getattr(original, "sqlite_errorname", "") or "")
    if name or original is None:
        return name
    # Only an error that carries no code is read by its words (see the module's docstring).
    return _CODE_FOR_DESCRIPTION.get(str(original).strip(), "")


def access_error_for(name: str) -> SaknadError | None:
    """The error for a journal that cannot be used now (another writer, no permission to
    write) from SQLite's code `name`; None for any other code. Neither means damage."""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return JournalBusy("another Saknad is writing to the journal")
    # SQLite says CANTOPEN when it may not create the -wal or -shm file beside the journal.
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        return JournalReadOnly("the journal or its folder cannot be written")
    return None


def _constraint_error(error: DBAPIError) -> ConstraintViolated:
    # The code says it is a constraint; the message only says which one (a name, no data).
    match = _CONSTRAINT.match(str(error.orig).strip())
    if match is None:
        return ConstraintViolated("constraint", "constraint")
    kind, name = match.groups()
    reason = kind.lower().replace(" ", "_")
    return ConstraintViolated(name.split(",")[0].strip() if name else reason, reason)


def saknad_error_for(error: SQLAlchemyError | Exception) -> SaknadError:
    """The project's error for a failure of the database (to be raised `from None`): a
    SQLAlchemy error, or the driver's own (sqlcipher3) error from a raw connection.

    SQLITE_FULL and SQLITE_IOERR* -> StorageFull; SQLITE_CORRUPT and SQLITE_NOTADB ->
    JournalCorrupt; SQLITE_BUSY* and SQLITE_LOCKED* -> JournalBusy; SQLITE_READONLY* and
    SQLITE_CANTOPEN* -> JournalReadOnly; SQLITE_CONSTRAINT* -> ConstraintViolated; anything
    else -> JournalError.
    """
    name = error_name(error)
    access = access_error_for(name)
    if access is not None:
        return access
    if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR"):
        return StorageFull("the journal could not be written")
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        return JournalCorrupt("the journal is damaged")
    if name.startswith("SQLITE_CONSTRAINT") and isinstance(error, DBAPIError):
        return _constraint_error(error)
    return JournalError(f"the journal could not do this ({name or type(error).__name__})")
