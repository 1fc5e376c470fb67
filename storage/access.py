"""Creating a journal and unlocking it: the only place where keys meet files.

Each function returns an open `Journal` or raises one of the errors in storage.errors; a
failed attempt never writes to the journal or its key file.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass

from storage import remember, schema
from storage.engine import open_engine
from storage.errors import (
    JournalCorrupt,
    JournalExists,
    JournalFileMissing,
    JournalNotFound,
    JournalReadOnly,
    KeyFileMissing,
    SaknadError,
    WrongPassphrase,
    WrongRecoveryKey,
)
from storage.journal import Journal
from storage.keys import DEFAULT_ARGON2, Argon2Params, KeySlots, new_data_key, new_recovery_key
from storage.paths import JournalPaths, ensure_private_folder, make_folder_private


@dataclass(frozen=True)
class CreatedJournal:
    """A new journal, open, and the recovery key to show once."""

    journal: Journal
    recovery_key: str


def journal_exists(paths: JournalPaths) -> bool:
    """Whether a journal (or the key file of one) is already at `paths`."""
    return paths.database.exists() or paths.key_file.exists()


def create_journal(
    paths: JournalPaths, passphrase: str, *, params: Argon2Params = DEFAULT_ARGON2
) -> CreatedJournal:
    """Create a new, empty journal protected by `passphrase` and a fresh recovery key.

    Raises:
        JournalExists: something is already there; nothing is overwritten.
        WeakPassphrase: the passphrase is too short.
    """
    if journal_exists(paths):
        raise JournalExists(str(paths.folder))
    data_key = new_data_key()
    recovery_key = new_recovery_key()
    slots = KeySlots.new()
    slots.seal_passphrase(passphrase, data_key, params)
    slots.seal_recovery(recovery_key, data_key)

    ensure_private_folder(paths.folder)
    # The key file goes first: a journal without its key file is never left behind.
    slots.save(paths.key_file, data_key)
    try:
        # Created 0600 before SQLite touches it, so its -wal and -shm (which copy the
        # database's mode) are private from the first write; O_EXCL closes the race with
        # another process creating a journal here at the same moment.
        os.close(os.open(paths.database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        engine = open_engine(paths.database, data_key)
        schema.create(engine)
        journal = Journal(paths, engine, slots, data_key)
    except BaseException:
        for leftover in [paths.database, *paths.sidecars(), paths.key_file]:
            leftover.unlink(missing_ok=True)
        raise
    return CreatedJournal(journal, recovery_key)


def _slots_of(paths: JournalPaths) -> KeySlots:
    if paths.folder.is_dir():
        make_folder_private(paths.folder)
    if not paths.database.exists():
        if paths.key_file.exists():
            raise JournalFileMissing("the key file is there but the journal file is missing")
        raise JournalNotFound(str(paths.folder))
    if not paths.key_file.exists():
        raise KeyFileMissing(str(paths.key_file))
    return KeySlots.load(paths.key_file)


def _check_writable(paths: JournalPaths) -> None:
    # SQLite writes the journal and creates its -wal and -shm beside it; without the right to,
    # it fails in ways that look like damage. (Root passes os.access; SQLite's own
    # SQLITE_READONLY / SQLITE_CANTOPEN are mapped too, in storage.database_errors.)
    if not (os.access(paths.folder, os.W_OK | os.X_OK) and os.access(paths.database, os.W_OK)):
        raise JournalReadOnly("the journal or its folder cannot be written")


def _open(
    paths: JournalPaths, slots: KeySlots, data_key: bytes, *, by_recovery_key: bool = False
) -> Journal:
    # An empty or sub-page file is no journal; SQLite would happily start a new one in it.
    if paths.database.stat().st_size < 1024:
        raise JournalCorrupt("the journal file is empty or truncated")
    _check_writable(paths)
    engine = open_engine(paths.database, data_key)
    try:
        schema.upgrade(engine)
        journal = Journal(paths, engine, slots, data_key)
    except BaseException:
        engine.dispose()
        raise
    # The data key is proven now (SQLCipher opened with it), so the MAC can be trusted.
    unchanged = slots.slots_unchanged(data_key)
    if by_recovery_key:
        # The recovery key has just worked; a changed passphrase slot is being replaced.
        slots.recovery_unverified = False
    elif not unchanged:
        slots.recovery_unverified = True
    journal.key_slots_changed = slots.recovery_unverified
    if unchanged and not slots.is_sealed():
        _seal_old_key_file(paths, slots, data_key)
    return journal


def _seal_old_key_file(paths: JournalPaths, slots: KeySlots, data_key: bytes) -> None:
    """Add the checksum and the MAC to a key file written before them.

    A folder that cannot be written leaves the file as it was: it still opens, and is sealed
    at a later unlock.
    """
    with suppress(OSError, SaknadError):
        slots.save(paths.key_file, data_key)


def unlock_with_passphrase(paths: JournalPaths, passphrase: str) -> Journal:
    """Open the journal with the counsellor's passphrase.

    Raises:
        WrongPassphrase, JournalNotFound, KeyFileMissing, KeyFileCorrupt, JournalCorrupt.
    """
    slots = _slots_of(paths)
    data_key = slots.open_passphrase(passphrase)
    if data_key is None:
        raise WrongPassphrase("the passphrase does not open this journal")
    return _open(paths, slots, data_key)


def unlock_with_recovery_key(
    paths: JournalPaths,
    recovery_key: str,
    new_passphrase: str,
    *,
    params: Argon2Params = DEFAULT_ARGON2,
) -> Journal:
    """Open the journal with the recovery key and set a new passphrase.

    The new passphrase is checked before anything is written, and replaces only the
    passphrase slot; the recovery key stays valid.

    Raises:
        WrongRecoveryKey, WeakPassphrase, and the errors of unlock_with_passphrase.
    """
    from storage.keys import check_passphrase

    check_passphrase(new_passphrase)
    journal = open_with_recovery_key(paths, recovery_key)
    journal.set_passphrase(new_passphrase, params=params, reason="recovery")
    return journal


def open_with_recovery_key(paths: JournalPaths, recovery_key: str) -> Journal:
    """Open the journal with the recovery key, changing nothing.

    For a caller that checks the key before it asks for the new passphrase (`saknad passwd
    --recovery`), and then sets it with Journal.set_passphrase(..., reason="recovery").

    Raises:
        WrongRecoveryKey, and the errors of unlock_with_passphrase.
    """
    slots = _slots_of(paths)
    data_key = slots.open_recovery(recovery_key)
    if data_key is None:
        raise WrongRecoveryKey("the recovery key does not open this journal")
    return _open(paths, slots, data_key, by_recovery_key=True)


def unlock_remembered(paths: JournalPaths) -> Journal:
    """Open the journal with the key remembered in this computer's keyring.

    Raises:
        RememberedKeyUnavailable, KeyringUnavailable, and the errors of unlock_with_passphrase.
    """
    slots = _slots_of(paths)
    return _open(paths, slots, remember.recall(slots))


def is_remembered(paths: JournalPaths) -> bool:
    """Whether the key file has a keyring slot (the keyring itself is not asked)."""
    try:
        return "keyring" in _slots_of(paths).slots
    except SaknadError:
        return False
