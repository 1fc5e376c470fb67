"""Hand-over to a successor (storage.handover, Journal.hand_over), with fictitious pupils.

The copy restores into a fresh folder and opens with the new passphrase and the new recovery
key; the old passphrase, the old recovery key and the old raw data key do not open it; the
hand-over is recorded with the successor's name; the original journal keeps its own keys.
"""

from __future__ import annotations

import stat
import tarfile
from contextlib import closing
from datetime import date

import pytest
from conftest import PASSPHRASE
from sqlmodel import select

from storage import backup
from storage import models as m
from storage.access import open_with_recovery_key, unlock_with_passphrase
from storage.codes import ExportContent, ExportFormat
from storage.errors import (
    InvalidValue,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from storage.identity import fictitious_personnummer
from storage.keys import KeySlots
from storage.paths import JournalPaths

NEW_PASSPHRASE = "the successor's own long passphrase"
SUCCESSOR = "Sara Efterträdare"


def _fill(journal) -> None:
    journal.set_profile("Karin Kurator")
    for n in range(5):
        pupil_id = journal.add_pupil(
            fictitious_personnummer(date(2012, 1 + n, 1 + n), n), f"Elev{n}", "Testsson"
        )
        journal.add_entry(pupil_id, f"Anteckning om elev {n}, påhittad.")


@pytest.fixture
def handed_over(new_journal, tmp_path, fast_kdf):
    """A filled journal handed over to `tmp_path/out/handover.saknad`."""
    journal = new_journal.journal
    _fill(journal)
    target = tmp_path / "out" / "handover.saknad"
    target.parent.mkdir()
    result = journal.hand_over(
        target,
        successor=SUCCESSOR,
        current_passphrase=PASSPHRASE,
        new_passphrase=NEW_PASSPHRASE,
        params=fast_kdf,
    )
    return new_journal, result


def _extract(target, folder) -> tuple[bytes, KeySlots]:
    """The copy's database file (written to `folder`) and its key slots."""
    with tarfile.open(target) as tar:
        database = tar.extractfile("journal.db").read()  # type: ignore[union-attr]
        key_bytes = tar.extractfile("journal.keys").read()  # type: ignore[union-attr]
    (folder / "copy.db").write_bytes(database)
    (folder / "copy.keys").write_bytes(key_bytes)
    return database, KeySlots.load(folder / "copy.keys")


def test_the_copy_restores_and_opens_with_the_new_passphrase_and_recovery_key(
    handed_over, tmp_path
):
    created, result = handed_over
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in result.path.parent.iterdir()) == ["handover.saknad"]

    fresh = JournalPaths(tmp_path / "successor")
    counts = backup.restore(result.path, fresh, passphrase=NEW_PASSPHRASE)
    assert counts == result.backup.tables
    with unlock_with_passphrase(fresh, NEW_PASSPHRASE) as journal:
        assert sorted(p.first_name for p in journal.pupils()) == [f"Elev{n}" for n in range(5)]
        assert journal.check().ok

    by_recovery = JournalPaths(tmp_path / "successor-by-recovery")
    backup.restore(result.path, by_recovery, recovery_key=result.recovery_key)
    with open_with_recovery_key(by_recovery, result.recovery_key) as journal:
        assert len(journal.pupils()) == 5


def test_the_old_passphrase_and_the_old_recovery_key_do_not_open_the_copy(handed_over, tmp_path):
    created, result = handed_over
    with pytest.raises(WrongPassphrase):
        backup.restore(result.path, JournalPaths(tmp_path / "a"), passphrase=PASSPHRASE)
    with pytest.raises(WrongRecoveryKey):
        backup.restore(
            result.path, JournalPaths(tmp_path / "b"), recovery_key=created.recovery_key
        )
    assert not (tmp_path / "a").exists() or not any((tmp_path / "a").iterdir())
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())
    _database, slots = _extract(result.path, tmp_path)
    assert slots.open_passphrase(PASSPHRASE) is None
    assert slots.open_recovery(created.recovery_key) is None
    assert "keyring" not in slots.slots


def test_the_old_data_key_cannot_decrypt_the_copied_database(handed_over, tmp_path):
    created, result = handed_over
    old_key = KeySlots.load(created.journal.paths.key_file).open_passphrase(PASSPHRASE)
    assert old_key is not None
    database, slots = _extract(result.path, tmp_path)
    assert not database.startswith(b"SQLite format 3") and b"Testsson" not in database

    import sqlcipher3.dbapi2 as sqlcipher

    # "file is not a database": page 1's HMAC fails under the old key.
    with (
        pytest.raises(sqlcipher.DatabaseError),
        closing(backup._connect(tmp_path / "copy.db", old_key)) as connection,
    ):
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    new_key = slots.open_passphrase(NEW_PASSPHRASE)
    assert new_key is not None and new_key != old_key
    assert slots.journal_id != KeySlots.load(created.journal.paths.key_file).journal_id
    assert backup.check_database(tmp_path / "copy.db", new_key).ok


def test_the_hand_over_is_recorded_with_the_successor_and_the_original_keeps_its_keys(
    handed_over,
):
    created, result = handed_over
    journal = created.journal
    with journal._session() as session:
        rows = session.exec(select(m.ExportRecord)).all()
        recorded = [
            (r.format, r.content, r.recipient, r.file_name, r.sha256, r.purpose) for r in rows
        ]
    assert recorded == [
        (
            ExportFormat.BACKUP,
            ExportContent.HANDOVER,
            SUCCESSOR,
            str(result.path),
            result.backup.sha256,
            "handover",
        )
    ]
    assert journal.last_backup() is None  # a hand-over is not the counsellor's own backup
    paths = journal.paths
    journal.close()
    with unlock_with_passphrase(paths, PASSPHRASE) as reopened:
        assert len(reopened.pupils()) == 5
    with open_with_recovery_key(paths, created.recovery_key) as reopened:
        assert len(reopened.pupils()) == 5
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(paths, NEW_PASSPHRASE)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"current_passphrase": "not the passphrase at all"}, WrongPassphrase),
        ({"successor": "   "}, InvalidValue),
        ({"successor": "Sara\x1b[31m"}, InvalidValue),
        ({"new_passphrase": PASSPHRASE}, InvalidValue),
        ({"new_passphrase": "too short"}, WeakPassphrase),
    ],
)
def test_a_refused_hand_over_writes_and_records_nothing(
    new_journal, tmp_path, fast_kdf, changes, error
):
    journal = new_journal.journal
    _fill(journal)
    target = tmp_path / "out" / "handover.saknad"
    target.parent.mkdir()
    arguments = {
        "successor": SUCCESSOR,
        "current_passphrase": PASSPHRASE,
        "new_passphrase": NEW_PASSPHRASE,
        "params": fast_kdf,
    } | changes
    with pytest.raises(error):
        journal.hand_over(target, **arguments)
    assert list(target.parent.iterdir()) == []
    with journal._session() as session:
        assert session.exec(select(m.ExportRecord)).all() == []


def test_the_same_new_passphrase_is_refused_with_its_own_reason(new_journal, tmp_path, fast_kdf):
    with pytest.raises(InvalidValue) as refused:
        new_journal.journal.hand_over(
            tmp_path / "h.saknad",
            successor=SUCCESSOR,
            current_passphrase=PASSPHRASE,
            new_passphrase=PASSPHRASE,
            params=fast_kdf,
        )
    assert (refused.value.field, refused.value.reason) == ("new_passphrase", "same_as_current")


def test_an_unwritable_target_leaves_no_file_and_no_record(new_journal, tmp_path, fast_kdf):
    journal = new_journal.journal
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_bytes(b"")
    with pytest.raises(OSError):
        journal.hand_over(
            not_a_folder / "h.saknad",
            successor=SUCCESSOR,
            current_passphrase=PASSPHRASE,
            new_passphrase=NEW_PASSPHRASE,
            params=fast_kdf,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "journal"]
    with journal._session() as session:
        assert session.exec(select(m.ExportRecord)).all() == []
