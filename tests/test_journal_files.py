"""The files on disk: encrypted throughout, and every damaged state ends in one clear error.

A failed open must never write: the journal and its key file stay byte-identical, and no
-wal/-shm files are left behind.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import random
import sqlite3
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.access import (
    create_journal,
    unlock_remembered,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from storage.errors import (
    JournalCorrupt,
    JournalExists,
    JournalNotFound,
    KeyFileCorrupt,
    KeyFileMissing,
)
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths

FIRST, LAST = "Alva", "Testsson"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(paths: JournalPaths) -> dict[str, str | None]:
    """Hashes of every file of the journal (None where a file does not exist)."""
    files = [paths.database, paths.key_file, *paths.sidecars()]
    return {f.name: (_sha256(f) if f.exists() else None) for f in files}


def _needles(*secrets: str) -> dict[str, bytes]:
    found = {}
    for secret in secrets:
        for encoding in ENCODINGS:
            found[f"{secret!r} ({encoding})"] = secret.encode(encoding)
    return found


def _leaks(data: bytes, needles: dict[str, bytes]) -> list[str]:
    return [label for label, needle in needles.items() if needle in data]


@pytest.fixture
def identity() -> str:
    """A fictitious identity number, different in every run (so no stale file matches)."""
    rng = random.Random()
    born = date(2008 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28))
    return fictitious_personnummer(born, rng.randrange(20))


# -- what is on disk -------------------------------------------------------------------------


def test_no_sqlite_header_and_stdlib_sqlite_cannot_read(new_journal, journal_paths):
    new_journal.journal.add_school("Testskolan")
    new_journal.journal.close()
    data = journal_paths.database.read_bytes()
    assert len(data) >= 4096
    assert not data.startswith(b"SQLite format 3")
    assert b"SQLite format 3" not in data
    for plain in (b"CREATE TABLE", b"sqlite_master", b"pupil", b"Testskolan"):
        assert plain not in data

    before = _sha256(journal_paths.database)
    connection = sqlite3.connect(f"file:{journal_paths.database}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()
    assert _sha256(journal_paths.database) == before


def _scan_journal_files(paths: JournalPaths, needles: dict[str, bytes]) -> dict[str, list]:
    found = {}
    for path in [paths.database, paths.key_file, *paths.sidecars()]:
        if path.exists():
            found[path.name] = _leaks(path.read_bytes(), needles)
    return found


def _temp_files() -> dict[Path, int]:
    """Files under the temp folder with their mtime, minus pytest's folders and tool folders."""
    root = Path(tempfile.gettempdir())
    files = {}
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        if here == root:
            # pytest's own tmp_path folders (ours and any other session's) and the folders
            # of the tools running this session are not what the journal writes.
            subfolders[:] = [
                s for s in subfolders if not s.startswith(("pytest-of-", "bash_jobs", "bash_tool"))
            ]
        for name in names:
            path = here / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if path.is_symlink() or not path.is_file():
                continue
            files[path] = info.st_mtime_ns
    return files


def test_no_personal_data_in_clear_anywhere(journal_paths, fast_kdf, identity, caplog, capfd):
    token = f"Hemlig anteckning {uuid.uuid4().hex}"
    needles = _needles(
        f"{FIRST} {LAST}",
        LAST,
        identity,
        identity[2:],
        f"{identity[:8]}-{identity[8:]}",
        f"{identity[2:8]}-{identity[8:]}",
        token,
    )
    temp_before = _temp_files()
    caplog.set_level(logging.DEBUG)  # the root logger, as an app in debug mode would
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # SQL echo, parameters hidden

    created = create_journal(journal_paths, PASSPHRASE, params=fast_kdf)
    journal = created.journal
    try:
        pupil_id = journal.add_pupil(
            identity, FIRST, LAST, street="Testgatan 1", postal_code="12345", city="Teststad"
        )
        journal.add_entry(pupil_id, token)
        journal.log_contact(pupil_id, counterpart=f"{FIRST}s mamma", note=token)
        # Reads, sorts and the audit trail run too, and must give the data back.
        assert [(p.first_name, p.last_name, p.identity_number) for p in journal.pupils()] == [
            (FIRST, LAST, identity)
        ]
        assert any(token in row.changes for row in journal.audit_trail(limit=1000))
        assert journal.summary().pupils == 1

        # While the journal is open: the WAL holds the new pages, encrypted.
        assert journal_paths.sidecars()[0].exists()
        assert _scan_journal_files(journal_paths, needles) == {
            name: [] for name in ("journal.db", "journal.keys", "journal.db-wal", "journal.db-shm")
        }
    finally:
        journal.close()

    # After closing (the WAL checkpointed into journal.db and removed).
    assert _scan_journal_files(journal_paths, needles) == {"journal.db": [], "journal.keys": []}

    # The temp folder: no new or changed file holds the data.
    temp_leaks = {}
    for path, mtime in _temp_files().items():
        if temp_before.get(path) == mtime:
            continue
        try:
            if path.stat().st_size > 50_000_000:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        leaked = _leaks(data, {k: v for k, v in needles.items() if identity in k or token in k})
        if leaked:
            temp_leaks[str(path)] = leaked
    assert temp_leaks == {}

    # Logs and the terminal. The SQL echo was on (INFO), so the check means something.
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records)
    assert "hidden" in caplog.text
    logged = caplog.text.encode("utf-8")
    assert _leaks(logged, needles) == []
    out, err = capfd.readouterr()
    assert _leaks(out.encode() + err.encode(), needles) == []


def test_identity_number_does_not_leak_through_database_errors(new_journal, identity):
    journal = new_journal.journal
    journal.add_pupil(identity, FIRST, LAST)
    with pytest.raises(IntegrityError) as caught, journal._engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO pupil (identity_number, identity_kind, first_name, last_name,"
                " security_marking, person_status, created_at)"
                " VALUES (:number, 'personnummer', :first, :last, 'none', 'active',"
                " '2025-01-01 00:00:00')"
            ),
            {"number": identity, "first": FIRST, "last": LAST},
        )
    message = str(caught.value) + repr(caught.value)
    assert "UNIQUE" in message  # the error itself is still useful
    for secret in (identity, FIRST, LAST):
        assert secret not in message
    assert journal.summary().pupils == 1


def test_duplicate_identity_number_error_names_no_one(new_journal, identity):
    from storage.errors import DuplicateIdentityNumber

    journal = new_journal.journal
    holder = journal.add_pupil(identity, FIRST, LAST)
    with pytest.raises(DuplicateIdentityNumber) as caught:
        journal.add_pupil(identity, "Berit", "Exempelsson")
    assert caught.value.pupil_id == holder
    for secret in (identity, FIRST, LAST, "Berit", "Exempelsson"):
        assert secret not in str(caught.value)


# -- missing and damaged key files -----------------------------------------------------------


@pytest.fixture
def closed_journal(new_journal, journal_paths):
    """A journal with a pupil and some history, closed (no -wal/-shm left)."""
    journal = new_journal.journal
    for serial in range(15):
        pupil = journal.add_pupil(
            fictitious_personnummer(date(2010, 1 + serial % 12, 17), serial),
            FIRST,
            f"{LAST} {serial}",
        )
        journal.add_entry(pupil, "En anteckning om dagen. " * 40)
    journal.close()
    assert not any(p.exists() for p in journal_paths.sidecars())
    return new_journal


def _openers(paths: JournalPaths, created):
    return {
        "passphrase": lambda: unlock_with_passphrase(paths, PASSPHRASE),
        "recovery": lambda: unlock_with_recovery_key(
            paths, created.recovery_key, "a new passphrase here"
        ),
        "remembered": lambda: unlock_remembered(paths),
    }


@pytest.mark.parametrize("how", ["passphrase", "recovery", "remembered"])
def test_missing_key_file(closed_journal, journal_paths, how):
    journal_paths.key_file.unlink()
    before = _snapshot(journal_paths)
    with pytest.raises(KeyFileMissing):
        _openers(journal_paths, closed_journal)[how]()
    assert _snapshot(journal_paths) == before


def _real_key_file(paths: JournalPaths) -> dict:
    return json.loads(paths.key_file.read_text(encoding="utf-8"))


def _edited(edit):
    def make(document: dict) -> bytes:
        edit(document)
        return json.dumps(document).encode()

    return make


def _slot(document: dict, kind: str = "passphrase") -> dict:
    return next(s for s in document["slots"] if s["kind"] == kind)


CORRUPT_KEY_FILES = {
    "empty": lambda doc: b"",
    "garbage bytes": lambda doc: bytes(random.Random(7).randrange(256) for _ in range(600)),
    "not utf-8": lambda doc: b"\xff\xfe\x00{" * 50,
    "not json": lambda doc: b"this is not a key file",
    "truncated json": lambda doc: json.dumps(doc).encode()[: len(json.dumps(doc)) // 2],
    "json list": lambda doc: b"[]",
    "json null": lambda doc: b"null",
    "json number": lambda doc: b"42",
    "json string": lambda doc: b'"saknad-keyslots"',
    "other format": _edited(lambda d: d.update(format="something-else")),
    "newer version": _edited(lambda d: d.update(version=99)),
    "no slots": _edited(lambda d: d.pop("slots")),
    "no journal id": _edited(lambda d: d.pop("journal_id")),
    "slot without kind": _edited(lambda d: _slot(d).pop("kind")),
    "slot without nonce": _edited(lambda d: _slot(d).pop("nonce")),
    "nonce not base64": _edited(lambda d: _slot(d).update(nonce="!!not base64!!")),
    "wrapped a number": _edited(lambda d: _slot(d).update(wrapped=12345)),
    "unknown kdf": _edited(lambda d: _slot(d)["kdf"].update(name="md5")),
    # Valid JSON in the right format whose slot values are impossible: still a damaged file.
    "nonce too short": _edited(lambda d: _slot(d).update(nonce="AAAA")),
    "kdf without time cost": _edited(lambda d: _slot(d)["kdf"].pop("time_cost")),
    "kdf cost not a number": _edited(lambda d: _slot(d)["kdf"].update(time_cost="four")),
    "empty salt": _edited(lambda d: _slot(d).update(salt="")),
    "kdf memory too small": _edited(lambda d: _slot(d)["kdf"].update(memory_kib=1)),
}


@pytest.mark.parametrize("damage", list(CORRUPT_KEY_FILES))
def test_corrupt_key_file(closed_journal, journal_paths, damage):
    journal_paths.key_file.write_bytes(CORRUPT_KEY_FILES[damage](_real_key_file(journal_paths)))
    before = _snapshot(journal_paths)
    try:
        unlock_with_passphrase(journal_paths, PASSPHRASE).close()
    except KeyFileCorrupt:
        pass
    except Exception as error:
        pytest.fail(
            f"expected KeyFileCorrupt, got {type(error).__module__}."
            f"{type(error).__name__}: {error}"
        )
    else:
        pytest.fail("a damaged key file opened the journal")
    assert _snapshot(journal_paths) == before


@pytest.mark.parametrize("damage", ["truncated json", "other format", "nonce not base64"])
def test_corrupt_key_file_with_the_recovery_key(closed_journal, journal_paths, damage):
    journal_paths.key_file.write_bytes(CORRUPT_KEY_FILES[damage](_real_key_file(journal_paths)))
    before = _snapshot(journal_paths)
    with pytest.raises(KeyFileCorrupt):
        unlock_with_recovery_key(
            journal_paths, closed_journal.recovery_key, "a new passphrase here"
        )
    assert _snapshot(journal_paths) == before


def test_key_file_without_a_passphrase_slot_is_corrupt_not_a_wrong_passphrase(
    closed_journal, journal_paths
):
    """A counsellor told "wrong passphrase" would retype forever; the file is what's wrong."""
    document = _real_key_file(journal_paths)
    document["slots"] = [s for s in document["slots"] if s["kind"] != "passphrase"]
    journal_paths.key_file.write_text(json.dumps(document))
    with pytest.raises(KeyFileCorrupt):
        unlock_with_passphrase(journal_paths, PASSPHRASE)


def test_key_file_without_a_database(closed_journal, journal_paths):
    journal_paths.database.unlink()
    keys_before = _sha256(journal_paths.key_file)
    for how, opener in _openers(journal_paths, closed_journal).items():
        with pytest.raises(JournalNotFound):
            opener()
        assert not journal_paths.database.exists(), how
        assert not any(p.exists() for p in journal_paths.sidecars()), how
    assert _sha256(journal_paths.key_file) == keys_before


def test_nothing_there(journal_paths):
    with pytest.raises(JournalNotFound):
        unlock_with_passphrase(journal_paths, PASSPHRASE)
    assert not journal_paths.folder.exists()


# -- damaged databases -----------------------------------------------------------------------


def _cut(size):
    return lambda data: data[: size(len(data))]


DAMAGED_DATABASES = {
    "empty file": _cut(lambda n: 0),
    "first 100 bytes": _cut(lambda n: 100),
    "one page": _cut(lambda n: 4096),
    "half": _cut(lambda n: n // 2),
    "mid-page": _cut(lambda n: 4096 * 5 + 1234),
    "last page missing": _cut(lambda n: n - 4096),
    "last page cut mid-way": _cut(lambda n: n - 1000),
    "random bytes": lambda data: random.Random(11).randbytes(len(data)),
    "zeros": lambda data: bytes(len(data)),
    "first page zeroed": lambda data: bytes(4096) + data[4096:],
    "first page scrambled": lambda data: random.Random(5).randbytes(4096) + data[4096:],
}


def _use_everything(journal) -> None:
    journal.summary()
    journal.pupils()
    journal.audit_trail(limit=1_000_000)


@pytest.mark.parametrize("damage", list(DAMAGED_DATABASES))
def test_damaged_database(closed_journal, journal_paths, damage):
    original = journal_paths.database.read_bytes()
    assert len(original) > 4096 * 20
    journal_paths.database.write_bytes(DAMAGED_DATABASES[damage](original))
    before = _snapshot(journal_paths)

    outcome = "opened and worked"
    try:
        journal = unlock_with_passphrase(journal_paths, PASSPHRASE)
    except JournalCorrupt:
        outcome = "JournalCorrupt on open"
    except Exception as error:
        outcome = f"{type(error).__module__}.{type(error).__name__} on open: {error!r}"
    else:
        try:
            _use_everything(journal)
        except JournalCorrupt:
            outcome = "JournalCorrupt on use"
        except Exception as error:
            outcome = f"{type(error).__module__}.{type(error).__name__} on use: {error!r}"
        finally:
            journal.close()
    gc.collect()  # a connection left open by the failed attempt would keep -wal/-shm alive

    assert outcome.startswith("JournalCorrupt"), outcome
    assert _snapshot(journal_paths) == before
    assert not any(p.exists() for p in journal_paths.sidecars())


# -- never overwrite -------------------------------------------------------------------------


def test_create_refuses_an_existing_journal(closed_journal, journal_paths, fast_kdf):
    before = _snapshot(journal_paths)
    with pytest.raises(JournalExists):
        create_journal(journal_paths, "another good passphrase", params=fast_kdf)
    assert _snapshot(journal_paths) == before
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()


def test_create_refuses_a_lone_key_file(closed_journal, journal_paths, fast_kdf):
    journal_paths.database.unlink()
    before = _snapshot(journal_paths)
    with pytest.raises(JournalExists):
        create_journal(journal_paths, "another good passphrase", params=fast_kdf)
    assert _snapshot(journal_paths) == before
    assert not journal_paths.database.exists()


def test_create_refuses_a_lone_database(closed_journal, journal_paths, fast_kdf):
    journal_paths.key_file.unlink()
    before = _snapshot(journal_paths)
    with pytest.raises(JournalExists):
        create_journal(journal_paths, "another good passphrase", params=fast_kdf)
    assert _snapshot(journal_paths) == before
    assert not journal_paths.key_file.exists()


def test_create_in_an_existing_empty_folder(tmp_path, fast_kdf):
    folder = tmp_path / "already-here"
    folder.mkdir()
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=fast_kdf)
    created.journal.close()
    unlock_with_passphrase(JournalPaths(folder), PASSPHRASE).close()
