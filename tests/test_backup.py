"""Backup, restore and check of the encrypted journal (storage.backup), with fictitious pupils.

A backup is taken of a journal another connection is writing to; restored into a fresh folder
it holds exactly what the copy held; a damaged or foreign backup is refused before anything is
written; `check` passes a whole journal and counts a damaged page.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tarfile
import threading
from datetime import date
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from storage import backup
from storage.access import open_with_recovery_key, unlock_with_passphrase
from storage.codes import ExportFormat
from storage.errors import (
    BackupCorrupt,
    FolderNotEmpty,
    JournalBusy,
    WrongPassphrase,
    WrongRecoveryKey,
)
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths


def _fill(journal, pupils: int = 12, entries: int = 3) -> list[int]:
    journal.set_profile("Karin Kurator")
    ids = []
    for n in range(pupils):
        pupil_id = journal.add_pupil(
            fictitious_personnummer(date(2012, 1 + n % 12, 1 + n), n % 10), f"Elev{n}", "Testsson"
        )
        for e in range(entries):
            journal.add_entry(pupil_id, f"Anteckning {e} om elev {n}, påhittad.")
        ids.append(pupil_id)
    return ids


def _raw_counts(paths: JournalPaths, passphrase: str = PASSPHRASE) -> dict[str, int]:
    with unlock_with_passphrase(paths, passphrase) as journal:
        connection = journal._engine.raw_connection()  # type: ignore[union-attr]
        try:
            return backup.table_counts(connection.driver_connection)
        finally:
            connection.close()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- backup --------------------------------------------------------------------------------


def test_backup_is_one_private_file_recorded_in_the_journal(new_journal, tmp_path):
    journal = new_journal.journal
    _fill(journal)
    target = tmp_path / "out" / "journal.saknad"
    target.parent.mkdir()
    result = journal.backup(target)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(target.parent) == ["journal.saknad"]  # no temporary folder left
    with tarfile.open(target) as tar:
        assert sorted(tar.getnames()) == ["journal.db", "journal.keys", "manifest.json"]
        database = tar.extractfile("journal.db").read()  # type: ignore[union-attr]
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    # Still encrypted: no SQLite header and no fictitious name in the clear.
    assert not database.startswith(b"SQLite format 3")
    assert b"Elev1" not in database and b"Testsson" not in database
    assert manifest["tables"]["pupil"] == 12 and manifest["tables"]["journal_entry"] == 36
    assert result.tables == manifest["tables"]

    last = journal.last_backup()
    assert last is not None
    export = [r for r in journal.audit_trail(500) if r.table_name == "export_record"]
    assert export, "the backup is recorded as an export"
    with journal.bulk() as session:
        from sqlmodel import select

        from storage import models as m

        record = session.exec(select(m.ExportRecord)).one()
    assert record.format == ExportFormat.BACKUP
    assert record.sha256 == result.sha256 and record.file_name == str(target)


def test_last_backup_is_none_before_the_first(new_journal):
    assert new_journal.journal.last_backup() is None


def test_backup_does_not_take_a_write_that_is_not_committed(new_journal, journal_paths, tmp_path):
    journal = new_journal.journal
    _fill(journal, pupils=3, entries=1)
    other = backup._connect(journal_paths.database, journal._key())
    try:
        other.execute("BEGIN IMMEDIATE")  # another writer, in the middle of its transaction
        other.execute("UPDATE pupil SET first_name = 'Ändrad' WHERE id = 1")
        other.execute("DELETE FROM journal_entry")
        # WAL: the copy is not blocked (recording it would wait for the writer: not here).
        backup.write_backup(journal._engine, journal._key(), journal_paths, tmp_path / "b.saknad")
        other.execute("COMMIT")
    finally:
        other.close()
    restored = JournalPaths(tmp_path / "restored")
    counts = backup.restore(tmp_path / "b.saknad", restored, passphrase=PASSPHRASE)
    assert counts["journal_entry"] == 3
    with unlock_with_passphrase(restored, PASSPHRASE) as copy:
        assert sorted(p.first_name for p in copy.pupils()) == ["Elev0", "Elev1", "Elev2"]


def test_backup_while_another_connection_writes_is_consistent(
    new_journal, journal_paths, tmp_path
):
    journal = new_journal.journal
    ids = _fill(journal, pupils=4, entries=1)
    writer = unlock_with_passphrase(journal_paths, PASSPHRASE)  # a second engine, like the app
    stop = threading.Event()
    written: list[int] = []

    failures: list[BaseException] = []

    def keep_writing() -> None:
        n = 0
        try:
            while not stop.is_set():
                try:
                    written.append(writer.add_entry(ids[n % len(ids)], f"Skriven {n}."))
                except JournalBusy:
                    continue  # two writers (SQLite's one-writer rule): as the app, try again
                n += 1
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        results = []
        for k in range(3):
            while len(written) < 5 * (k + 1):
                stop.wait(0.01)
            results.append(_backup_retrying(journal, tmp_path / f"b{k}.saknad"))
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert failures == []

    for k, result in enumerate(results):
        restored = JournalPaths(tmp_path / f"restored{k}")
        counts = backup.restore(result.path, restored, passphrase=PASSPHRASE)
        with unlock_with_passphrase(restored, PASSPHRASE) as copy:
            entries = [e for pupil_id in ids for e in copy.pupil_entries(pupil_id)]
            inserts = [
                r
                for r in copy.audit_trail(100_000)
                if r.table_name == "journal_entry" and r.action == "insert"
            ]
        # A consistent snapshot: every entry in it came with its audit row, none without.
        assert len(entries) == counts["journal_entry"] == len(inserts)
        assert counts["journal_entry"] >= 4 + 5 * (k + 1)
    assert results[0].tables["journal_entry"] < results[2].tables["journal_entry"]


def _backup_retrying(journal, target: Path):
    """A backup, tried again when recording it met the other writer's lock (JournalBusy)."""
    for _attempt in range(20):
        try:
            return journal.backup(target)
        except JournalBusy:
            assert not target.exists()  # an unrecorded backup is not left behind
    raise AssertionError("the other writer never let the backup be recorded")


# -- restore -------------------------------------------------------------------------------


def test_restore_on_a_fresh_folder_gives_identical_content(new_journal, journal_paths, tmp_path):
    journal = new_journal.journal
    ids = _fill(journal)
    journal.backup(tmp_path / "b.saknad")
    before_pupils = journal.pupils()
    before_entries = journal.pupil_entries(ids[3])
    journal.close()
    before_counts = _raw_counts(journal_paths)

    restored = JournalPaths(tmp_path / "new" / "data")  # absent, parent too
    backup.restore(tmp_path / "b.saknad", restored, passphrase=PASSPHRASE)

    assert stat.S_IMODE(restored.folder.stat().st_mode) == 0o700
    assert _leftovers(restored.folder.parent) == ["data"]
    counts = _raw_counts(restored)
    # The original has one row more in export_record and audit_event: the backup's own record.
    assert counts["export_record"] == before_counts["export_record"] - 1
    assert {k: v for k, v in counts.items() if k not in ("export_record", "audit_event")} == {
        k: v for k, v in before_counts.items() if k not in ("export_record", "audit_event")
    }
    with unlock_with_passphrase(restored, PASSPHRASE) as copy:
        assert copy.pupils() == before_pupils
        assert copy.pupil_entries(ids[3]) == before_entries
        assert copy.profile() is not None and copy.profile().name == "Karin Kurator"  # type: ignore[union-attr]


def test_restored_journal_opens_with_the_recovery_key(new_journal, tmp_path):
    journal = new_journal.journal
    _fill(journal, pupils=2, entries=1)
    journal.backup(tmp_path / "b.saknad")
    restored = JournalPaths(tmp_path / "restored")
    backup.restore(tmp_path / "b.saknad", restored, recovery_key=new_journal.recovery_key)
    with open_with_recovery_key(restored, new_journal.recovery_key) as copy:
        assert len(copy.pupils()) == 2


def test_restore_with_a_wrong_secret_writes_nothing(new_journal, tmp_path):
    new_journal.journal.backup(tmp_path / "b.saknad")
    restored = JournalPaths(tmp_path / "restored")
    with pytest.raises(WrongPassphrase):
        backup.restore(tmp_path / "b.saknad", restored, passphrase="not the passphrase at all")
    with pytest.raises(WrongRecoveryKey):
        backup.restore(tmp_path / "b.saknad", restored, recovery_key="0000-0000-0000-0000")
    assert not restored.folder.exists()
    assert _leftovers(tmp_path) == sorted(["b.saknad", "journal"])


def test_a_wrong_secret_is_said_before_any_of_the_database_is_written(
    new_journal, tmp_path, monkeypatch
):
    # A mistyped passphrase is said at once: no minute of copying a large journal first,
    # and no copy of it on disk, even for a moment.
    new_journal.journal.backup(tmp_path / "b.saknad")
    written: list[Path] = []
    real_open_out = backup._open_out

    def recording_open_out(into):
        if into is not None:
            written.append(into)
        return real_open_out(into)

    monkeypatch.setattr(backup, "_open_out", recording_open_out)
    with pytest.raises(WrongPassphrase):
        backup.restore(
            tmp_path / "b.saknad", JournalPaths(tmp_path / "r1"), passphrase="wrong one"
        )
    with pytest.raises(WrongRecoveryKey):
        backup.restore(
            tmp_path / "b.saknad",
            JournalPaths(tmp_path / "r2"),
            recovery_key="0000-0000-0000-0000",
        )
    assert written == []
    backup.restore(tmp_path / "b.saknad", JournalPaths(tmp_path / "r3"), passphrase=PASSPHRASE)
    assert len(written) == 1  # the right one extracts it, once


def test_restore_refuses_a_folder_that_is_not_empty(new_journal, journal_paths, tmp_path):
    new_journal.journal.backup(tmp_path / "b.saknad")
    with pytest.raises(FolderNotEmpty):
        backup.restore(tmp_path / "b.saknad", journal_paths, passphrase=PASSPHRASE)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("something of the counsellor's", encoding="utf-8")
    with pytest.raises(FolderNotEmpty):
        backup.restore(tmp_path / "b.saknad", JournalPaths(other), passphrase=PASSPHRASE)
    assert _leftovers(other) == ["notes.txt"]


def _damaged_copies(good: Path, tmp_path: Path) -> dict[str, Path]:
    data = good.read_bytes()
    with tarfile.open(good) as tar:
        offset = tar.getmember("journal.db").offset_data
        keys_offset = tar.getmember("journal.keys").offset_data
    copies = {
        "truncated": data[: len(data) // 2],
        "truncated_in_the_key_file": data[: keys_offset + 20],
        "flipped_in_database": _flip(data, offset + 5000),
        "flipped_in_header": _flip(data, 10),
        "empty": b"",
        "not_a_backup": b"journal.db is not here, just text\n" * 100,
    }
    paths = {}
    for name, content in copies.items():
        paths[name] = tmp_path / f"{name}.saknad"
        paths[name].write_bytes(content)
    return paths


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


def test_a_damaged_backup_is_refused_and_nothing_is_written(new_journal, tmp_path):
    _fill(new_journal.journal, pupils=4, entries=2)
    new_journal.journal.backup(tmp_path / "good.saknad")
    damaged_folder = tmp_path / "damaged"
    damaged_folder.mkdir()
    for name, path in _damaged_copies(tmp_path / "good.saknad", damaged_folder).items():
        restored = JournalPaths(tmp_path / "into" / name)
        with pytest.raises(BackupCorrupt):
            backup.restore(path, restored, passphrase=PASSPHRASE)
        assert not restored.folder.exists(), name
    assert not (tmp_path / "into").exists() or _leftovers(tmp_path / "into") == []


def test_a_backup_whose_database_fails_its_checks_is_refused(new_journal, tmp_path):
    """Checksums rewritten to match a damaged page: the HMAC check still refuses it."""
    _fill(new_journal.journal, pupils=6, entries=4)
    new_journal.journal.backup(tmp_path / "good.saknad")
    with tarfile.open(tmp_path / "good.saknad") as tar:
        members = {n: tar.extractfile(n).read() for n in tar.getnames()}  # type: ignore[union-attr]
    database = _flip(members["journal.db"], len(members["journal.db"]) - 3000)
    manifest = json.loads(members["manifest.json"])
    manifest["sha256"]["journal.db"] = backup._sha256(database)
    forged = tmp_path / "forged.saknad"
    with tarfile.open(forged, "w") as tar:
        for name, content in (
            ("manifest.json", json.dumps(manifest).encode()),
            ("journal.db", database),
            ("journal.keys", members["journal.keys"]),
        ):
            backup._add_bytes(tar, name, content)
    restored = JournalPaths(tmp_path / "restored")
    with pytest.raises(BackupCorrupt):
        backup.restore(forged, restored, passphrase=PASSPHRASE)
    assert not restored.folder.exists()


def test_a_backup_of_another_journal_is_refused(new_journal, tmp_path, fast_kdf):
    from storage.access import create_journal

    new_journal.journal.backup(tmp_path / "a.saknad")
    other = create_journal(JournalPaths(tmp_path / "other"), PASSPHRASE, params=fast_kdf)
    other.journal.backup(tmp_path / "b.saknad")
    other.journal.close()
    with tarfile.open(tmp_path / "a.saknad") as tar:
        a = {n: tar.extractfile(n).read() for n in tar.getnames()}  # type: ignore[union-attr]
    with tarfile.open(tmp_path / "b.saknad") as tar:
        b_keys = tar.extractfile("journal.keys").read()  # type: ignore[union-attr]
    manifest = json.loads(a["manifest.json"])
    manifest["sha256"]["journal.keys"] = backup._sha256(b_keys)
    mixed = tmp_path / "mixed.saknad"
    with tarfile.open(mixed, "w") as tar:
        backup._add_bytes(tar, "manifest.json", json.dumps(manifest).encode())
        backup._add_bytes(tar, "journal.db", a["journal.db"])
        backup._add_bytes(tar, "journal.keys", b_keys)
    with pytest.raises(BackupCorrupt):
        backup.restore(mixed, JournalPaths(tmp_path / "restored"), passphrase=PASSPHRASE)
    assert not (tmp_path / "restored").exists()


# -- check ---------------------------------------------------------------------------------


def test_check_passes_a_whole_journal(new_journal):
    _fill(new_journal.journal, pupils=3, entries=2)
    result = new_journal.journal.check()
    assert result.ok and result.problems == 0


def test_check_counts_a_damaged_page(new_journal, journal_paths, tmp_path):
    _fill(new_journal.journal, pupils=30, entries=10)
    new_journal.journal.close()
    assert not journal_paths.sidecars()[0].exists()  # checkpointed: every page is in the file
    damaged = JournalPaths(tmp_path / "damaged")
    shutil.copytree(journal_paths.folder, damaged.folder)
    data = damaged.database.read_bytes()
    assert len(data) > 8 * 4096
    damaged.database.write_bytes(_flip(data, len(data) - 4096 + 200))  # inside the last page
    os.chmod(damaged.database, 0o600)
    with unlock_with_passphrase(damaged, PASSPHRASE) as journal:
        result = journal.check()
    assert not result.ok and result.hmac_problems >= 1
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        assert journal.check().ok  # the original is untouched


# A backup written by a process that may write no file larger than 16 KiB (a full USB stick,
# as SQLite meets it: the write fails with EFBIG). SIGXFSZ is ignored so the write fails
# instead of the process ending. Prints the name of what the backup raised.
_FULL_DISK_BACKUP = """
import resource, signal, sys
from pathlib import Path
from storage.access import unlock_with_passphrase
from storage.paths import JournalPaths

folder, passphrase, target = sys.argv[1:]
with unlock_with_passphrase(JournalPaths(Path(folder)), passphrase) as journal:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))
    try:
        journal.backup(Path(target))
    except BaseException as error:
        print(type(error).__module__, type(error).__name__)
"""


def test_a_full_backup_disk_is_storage_full_not_a_driver_error(new_journal, tmp_path):
    import subprocess
    import sys

    journal = new_journal.journal
    _fill(journal)
    folder = journal.paths.folder
    journal.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK_BACKUP, str(folder), PASSPHRASE, str(usb / "b.saknad")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.split() == ["storage.errors", "StorageFull"], done.stderr[-2000:]
    assert _leftovers(usb) == []


def test_a_full_disk_while_restoring_is_said_as_one_not_as_a_damaged_backup(
    new_journal, tmp_path, monkeypatch
):
    import errno

    from tui.error_text import sentence_for
    from tui.i18n import set_language

    set_language("en")
    journal = new_journal.journal
    _fill(journal, pupils=2)
    target = tmp_path / "b.saknad"
    journal.backup(target)
    real_fdopen = os.fdopen

    class FullDisk:
        """The extracted database's file on a disk with no space left."""

        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *_exc) -> None:
            self.handle.close()

        def write(self, _block: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str):
            return getattr(self.handle, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    restored = tmp_path / "restored"
    with pytest.raises(OSError) as caught:
        backup.restore(target, JournalPaths(restored), passphrase=PASSPHRASE)
    assert caught.value.errno == errno.ENOSPC
    assert "disk is full" in sentence_for(caught.value)
    assert not restored.exists() or _leftovers(restored) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".saknad")] == []


@pytest.mark.parametrize(
    "tables",
    [None, [], {"pupil": "3"}, {"pupil": -1}, {"pupil": True}, {"pupil": 1.5}],
    ids=["missing", "a-list", "a-text-count", "negative", "a-bool", "a-fraction"],
)
def test_a_manifest_without_row_counts_is_a_damaged_backup(new_journal, tmp_path, tables):
    new_journal.journal.backup(tmp_path / "good.saknad")
    with tarfile.open(tmp_path / "good.saknad") as tar:
        members = {n: tar.extractfile(n).read() for n in tar.getnames()}  # type: ignore[union-attr]
    manifest = json.loads(members["manifest.json"])
    if tables is None:
        del manifest["tables"]
    else:
        manifest["tables"] = tables
    forged = tmp_path / "forged.saknad"
    with tarfile.open(forged, "w") as tar:
        backup._add_bytes(tar, "manifest.json", json.dumps(manifest).encode())
        backup._add_bytes(tar, "journal.db", members["journal.db"])
        backup._add_bytes(tar, "journal.keys", members["journal.keys"])
    with pytest.raises(BackupCorrupt):
        backup.read_backup(forged)
    restored = JournalPaths(tmp_path / "restored")
    with pytest.raises(BackupCorrupt):
        backup.restore(forged, restored, passphrase=PASSPHRASE)
    assert not restored.folder.exists()


def test_restore_runs_sqlites_whole_integrity_check(new_journal, tmp_path, monkeypatch):
    """A restored file sat on external media: every index is compared with its table
    (integrity_check), not only the quick check a fresh copy gets."""
    _fill(new_journal.journal, pupils=2)
    new_journal.journal.backup(tmp_path / "b.saknad")
    checks: list[bool] = []
    real_check = backup.check_connection

    def spy(connection, *, full: bool = True):
        checks.append(full)
        return real_check(connection, full=full)

    monkeypatch.setattr(backup, "check_connection", spy)
    backup.restore(tmp_path / "b.saknad", JournalPaths(tmp_path / "r"), passphrase=PASSPHRASE)
    assert checks == [True]
