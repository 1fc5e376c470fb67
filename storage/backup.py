"""Backup, restore and check: one file that holds the whole journal, still encrypted.

A backup is an uncompressed tar (the database is ciphertext: nothing to gain by compressing)
of three members: `manifest.json` (format, version, the journal id, the SHA-256 of the other
two members and the row count of every table), `journal.db` and `journal.keys`.

The database copy is made with SQLite's online backup API from the open, encrypted connection
into a second connection keyed with the same raw data key: the pages are re-encrypted under
that key, so the copy never exists in the clear. The copy is taken inside one read
transaction of the source, in which the row counts are read too, so the copy is a consistent
snapshot (another connection may keep writing; WAL readers do not block it) and its counts
can be compared with the source's exactly. `VACUUM INTO` keeps the key too (measured with
SQLCipher 4.19) and costs about the same, but it cannot run inside a transaction, so the
counts could not be taken from the same snapshot; see tests/bench/README.md for the times.

Restore reads everything into a temporary folder beside the target, checks the checksums, the
key file, the data key (from the passphrase or the recovery key), SQLCipher's HMAC of every
page, SQLite's integrity check and the row counts, and only then moves the key file and the
database into place. Nothing is written into the target folder before that.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from storage.database_errors import saknad_error_for
from storage.engine import PAGE_CACHE_KIB
from storage.errors import (
    BackupCorrupt,
    FolderMissing,
    FolderNotEmpty,
    JournalCorrupt,
    KeyFileCorrupt,
    WrongPassphrase,
    WrongRecoveryKey,
)
from storage.files import fsync_folder, write_atomically
from storage.keys import KeySlots
from storage.paths import JOURNAL_FILE, KEY_FILE, JournalPaths, ensure_private_folder

FORMAT = "saknad-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEMBERS = (MANIFEST, JOURNAL_FILE, KEY_FILE)
MAX_MANIFEST_BYTES = 64 * 1024


@dataclass(frozen=True)
class BackupResult:
    """A written and verified backup.

    Attributes:
        path: the backup file.
        sha256: the SHA-256 of the whole file, as recorded in the journal.
        size: its size in bytes.
        tables: the row count of every table in the copy.
    """

    path: Path
    sha256: str
    size: int
    tables: dict[str, int]


@dataclass(frozen=True)
class CheckResult:
    """What SQLCipher's HMAC check and SQLite's integrity check found.

    Attributes:
        hmac_problems: pages whose HMAC does not match (damaged or changed on disk).
        integrity_problems: problems SQLite's own integrity check reports.
    """

    hmac_problems: int
    integrity_problems: int

    @property
    def problems(self) -> int:
        return self.hmac_problems + self.integrity_problems

    @property
    def ok(self) -> bool:
        return self.problems == 0


# -- connections -----------------------------------------------------------------------------


def _connect(database: Path, data_key: bytes):
    """A raw sqlcipher3 connection keyed with `data_key` (no SQLAlchemy: no pool, no BEGIN)."""
    import sqlcipher3.dbapi2 as sqlcipher

    connection = sqlcipher.connect(str(database), isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    connection.execute("PRAGMA temp_store = MEMORY")
    # As storage.engine: decrypted pages stay cached between the checks and the counts.
    connection.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    return connection


def table_counts(connection) -> dict[str, int]:
    """The row count of every table (names are the schema's, never data)."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }


def check_connection(connection, *, full: bool = True) -> CheckResult:
    """Run `PRAGMA cipher_integrity_check` and `PRAGMA integrity_check` on `connection`.

    Their output names pages and tables only; it is counted here, never shown. With
    `full=False` SQLite's `quick_check` stands in for `integrity_check` (it skips comparing
    every index with its table, a third of the time): enough for a copy SQLite itself wrote
    page by page from a journal, whose every page's HMAC is checked anyway.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    try:
        hmac_problems = len(connection.execute("PRAGMA cipher_integrity_check").fetchall())
    except sqlcipher.DatabaseError:
        hmac_problems = 1
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        integrity_problems = 0 if rows == [("ok",)] else len(rows)
    except sqlcipher.DatabaseError:
        integrity_problems = 1  # a page so damaged that the check itself cannot go on
    return CheckResult(hmac_problems, integrity_problems)


def check_database(database: Path, data_key: bytes) -> CheckResult:
    """Check the whole file at `database` through a connection of its own."""
    with closing(_connect(database, data_key)) as connection:
        return check_connection(connection)


# -- backup ----------------------------------------------------------------------------------


def write_backup(engine, data_key: bytes, paths: JournalPaths, target: Path) -> BackupResult:
    """Copy the running journal at `paths` (open on `engine`) into the backup file `target`.

    Raises:
        JournalCorrupt: the copy did not pass its checks (the journal itself may be damaged:
            run `saknad check`); no backup file is left.
        StorageFull: the target disk is full or fails; no backup file is left.
        OSError: the target cannot be written; no backup file is left.
    """
    key_bytes = paths.key_file.read_bytes()
    journal_id = KeySlots.load(paths.key_file).journal_id
    return write_copy(
        engine, target, copy_key=data_key, key_bytes=key_bytes, journal_id=journal_id
    )


def write_copy(
    engine, target: Path, *, copy_key: bytes, key_bytes: bytes, journal_id: str
) -> BackupResult:
    """Copy the running journal (open on `engine`) into the backup-format file `target`.

    The database's pages are written encrypted under `copy_key`: the journal's own data key
    for a backup, a fresh one for a hand-over (storage.handover), so the copy never exists
    in the clear and, for a hand-over, never under the old key. `key_bytes` is the key file
    packed with it, whose slots open `copy_key` and whose journal id is `journal_id`.

    Raises:
        JournalCorrupt: the copy did not pass its checks; no file is left.
        StorageFull: the target disk is full or fails while the copy is written; no file is
            left (other database failures: storage.database_errors.saknad_error_for).
        OSError: the target cannot be written; no file is left.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    target = Path(target)
    with _temporary_folder(target.parent) as work:
        copy = work / JOURNAL_FILE
        source = engine.raw_connection()
        try:
            connection = source.driver_connection
            connection.execute("BEGIN")  # one read snapshot for the counts and the copy
            try:
                counts = table_counts(connection)
                # The backup API re-encrypts every page under the destination's key.
                with closing(_connect(copy, copy_key)) as destination:
                    connection.backup(destination)
            finally:
                connection.execute("COMMIT")
        except sqlcipher.Error as error:
            # A full or failing target disk: the driver's error, said as the journal's.
            raise saknad_error_for(error) from None
        finally:
            source.close()
        _verify_copy(copy, copy_key, counts)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "journal_id": journal_id,
            "sha256": {JOURNAL_FILE: _sha256_file(copy), KEY_FILE: _sha256(key_bytes)},
            "tables": counts,
        }
        archive = work / "backup.tar"
        with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
            tar.add(copy, arcname=JOURNAL_FILE, recursive=False, filter=_plain_member)
            _add_bytes(tar, KEY_FILE, key_bytes)
        os.chmod(archive, 0o600)
        with archive.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(archive, target)
        fsync_folder(target.parent)
    try:
        read_backup(target)  # what was written is what restore will read
    except BackupCorrupt:
        target.unlink(missing_ok=True)
        raise
    return BackupResult(target, _sha256_file(target), target.stat().st_size, counts)


def _verify_copy(
    copy: Path, data_key: bytes, counts: dict[str, int], *, full: bool = False
) -> None:
    """The copy opens with the data key, passes both checks and holds the same rows.

    Args:
        full: SQLite's whole integrity check instead of quick_check (see check_connection):
            for a file that comes back from elsewhere, not one SQLite has just written.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    try:
        with closing(_connect(copy, data_key)) as connection:
            result = check_connection(connection, full=full)
            same = table_counts(connection) == counts
    except sqlcipher.DatabaseError:
        raise JournalCorrupt("the backup copy cannot be read with the journal's key") from None
    if not result.ok or not same:
        raise JournalCorrupt("the backup copy did not pass its checks")


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _plain_member(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # No owner names or times of the temporary file: only what restore needs.
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


# -- reading a backup ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Contents:
    manifest: dict
    key_bytes: bytes


def read_backup(
    backup_file: Path,
    *,
    into: Path | None = None,
    before_database: Callable[[dict, bytes], None] | None = None,
) -> _Contents:
    """Read and check the container; with `into`, extract the database there.

    Args:
        backup_file: The backup.
        into: A new file for the database member, or None to check its checksum only.
        before_database: Called with the manifest and the (checked) key file before the
            database member is read; what it raises is raised as it is, and nothing of the
            database is read or written.

    Raises:
        BackupCorrupt: not a Saknad backup, or damaged (a checksum does not match).
        OSError: the file is gone, or the extracted database cannot be written (a full
            disk: the backup is not blamed).
    """
    try:
        with tarfile.open(backup_file, "r:") as tar:
            members = {member.name: member for member in tar.getmembers()}
            if sorted(members) != sorted(MEMBERS) or not all(m.isfile() for m in members.values()):
                raise BackupCorrupt("not the members of a Saknad backup")
            if members[MANIFEST].size > MAX_MANIFEST_BYTES:
                raise BackupCorrupt("the manifest is too large")
            manifest = json.loads(_read_member(tar, members[MANIFEST]).decode("utf-8"))
            if not isinstance(manifest, dict) or (
                manifest.get("format"),
                manifest.get("version"),
            ) != (FORMAT, FORMAT_VERSION):
                raise BackupCorrupt("unknown format or version")
            if not _is_table_counts(manifest.get("tables")):
                raise BackupCorrupt("the manifest's row counts are missing or not counts")
            sums = manifest["sha256"]
            key_bytes = _read_member(tar, members[KEY_FILE])
            if _sha256(key_bytes) != sums[KEY_FILE]:
                raise BackupCorrupt("the key file's checksum does not match")
            if before_database is not None:
                try:
                    before_database(manifest, key_bytes)
                except BaseException as refusal:
                    raise _Refused(refusal) from None
            digest = hashlib.sha256()
            source = tar.extractfile(members[JOURNAL_FILE])
            if source is None:
                raise BackupCorrupt("the database member cannot be read")
            with source, _open_out(into) as out:
                for block in iter(lambda: source.read(1024 * 1024), b""):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != sums[JOURNAL_FILE]:
                raise BackupCorrupt("the database's checksum does not match")
    except BackupCorrupt:
        raise
    except _Refused as refusal:
        raise refusal.error from None
    except _CannotWrite as failure:
        # The target disk, not the backup: a full disk is said as one, never as "damaged".
        raise failure.error from None
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError, TypeError):
        # OSError: a truncated member ends early; ValueError: bad JSON or UTF-8.
        if not Path(backup_file).is_file():
            raise
        raise BackupCorrupt("the file is damaged or not a Saknad backup") from None
    return _Contents(manifest, key_bytes)


def _is_table_counts(tables: object) -> bool:
    """Whether the manifest's `tables` is what write_copy writes: table name -> row count."""
    return isinstance(tables, dict) and all(
        isinstance(name, str) and type(count) is int and count >= 0
        for name, count in tables.items()
    )


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    if handle is None:
        raise BackupCorrupt("a member cannot be read")
    with handle:
        return handle.read()


class _Refused(Exception):
    """`before_database` refused the backup (a wrong secret); `error` says how."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


class _CannotWrite(Exception):
    """Writing the extracted database failed (a full or failing disk); `error` says how."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error


@contextmanager
def _open_out(into: Path | None) -> Iterator:
    """Where the database member goes: discarded, or a new private file `into`.

    Every failure to write it is raised as _CannotWrite, so read_backup can tell it from
    a backup that cannot be read.
    """
    if into is None:
        yield _Discard()
        return
    try:
        fd = os.open(into, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        handle = os.fdopen(fd, "wb")
    except OSError as error:
        raise _CannotWrite(error) from None
    with handle:
        yield _Writer(handle)
        try:
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as error:
            raise _CannotWrite(error) from None


class _Writer:
    def __init__(self, handle) -> None:
        self._handle = handle

    def write(self, block: bytes) -> None:
        try:
            self._handle.write(block)
        except OSError as error:
            raise _CannotWrite(error) from None


class _Discard:
    def write(self, _block: bytes) -> None:
        pass


# -- restore ---------------------------------------------------------------------------------


def restore(
    backup_file: Path,
    into: JournalPaths,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
) -> dict[str, int]:
    """Restore the backup into the empty (or absent) folder of `into`; returns the row counts.

    Everything is checked in a temporary folder beside the target first: the key file and
    the secret (the passphrase or the recovery key of the journal the backup came from),
    before the database is extracted; then the checksums, SQLCipher's HMAC of every page,
    SQLite's integrity check and the row counts.

    Raises:
        FolderNotEmpty: the target folder holds files; nothing is written.
        BackupCorrupt: the backup is damaged or not a Saknad backup; nothing is written.
        OSError: the target disk is full or cannot be written; nothing is left.
        WrongPassphrase, WrongRecoveryKey: the secret does not open the backup's key file.
    """
    folder = into.folder
    _refuse_non_empty(folder)
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    with _temporary_folder(parent) as work:
        staged = JournalPaths(work)
        data_keys: list[bytes] = []

        def unlock(manifest: dict, key_bytes: bytes) -> None:
            # The secret is checked before the database is extracted: a mistyped passphrase
            # is said at once, not after a minute of copying, and no copy is written for it.
            write_atomically(staged.key_file, key_bytes)
            try:
                slots = KeySlots.load(staged.key_file)
            except KeyFileCorrupt:
                raise BackupCorrupt("the key file in the backup is damaged") from None
            if slots.journal_id != manifest.get("journal_id"):
                raise BackupCorrupt("the key file belongs to another journal")
            data_keys.append(_data_key(slots, passphrase, recovery_key))

        contents = read_backup(backup_file, into=staged.database, before_database=unlock)
        data_key = data_keys[0]
        try:
            # The file sat on a removable drive: the whole check, not the quick one.
            _verify_copy(staged.database, data_key, contents.manifest["tables"], full=True)
        except JournalCorrupt:
            raise BackupCorrupt("the database in the backup did not pass its checks") from None
        _refuse_non_empty(folder)  # still empty now that the checks are done
        ensure_private_folder(folder)
        # The key file goes first, as when a journal is created: never a journal without it.
        os.replace(staged.key_file, into.key_file)
        os.replace(staged.database, into.database)
        fsync_folder(folder)
    return dict(contents.manifest["tables"])


def _data_key(slots: KeySlots, passphrase: str | None, recovery_key: str | None) -> bytes:
    if recovery_key is not None:
        data_key = slots.open_recovery(recovery_key)
        if data_key is None:
            raise WrongRecoveryKey("the recovery key does not open this backup")
        return data_key
    data_key = slots.open_passphrase(passphrase or "")
    if data_key is None:
        raise WrongPassphrase("the passphrase does not open this backup")
    return data_key


def _refuse_non_empty(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(folder.name)


@contextmanager
def _temporary_folder(parent: Path) -> Iterator[Path]:
    """A private temporary folder in `parent` (same disk, so a rename moves it), removed after."""
    try:
        work = Path(tempfile.mkdtemp(prefix=".saknad-backup-", dir=parent))
    except FileNotFoundError:
        raise FolderMissing(parent.name) from None  # not the temporary folder's name
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
