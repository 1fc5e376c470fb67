"""Writing an export's file (storage.export_files, Journal.write_export): the one way out.

Wherever the file goes (a named file, a folder, the exports folder made 0700), it is written
0600, never over an earlier export's default name, recorded under its full path with the
SHA-256 of exactly its bytes; a record that fails takes the file with it, and a file that
cannot be written is never recorded.
"""

from __future__ import annotations

import errno
import hashlib
import stat
from pathlib import Path

import pytest
from sqlmodel import select

from storage import export_files
from storage import models as m
from storage.codes import ExportContent, ExportFormat
from storage.errors import JournalLocked

DATA = b'{"fiktiv": "export"}\n'
NAME = "export-7-20261129-1405.json"


def _write(journal, target: Path | None = None, data: bytes = DATA):
    return journal.write_export(
        data,
        default_name=NAME,
        target=target,
        format=ExportFormat.JSON,
        content=ExportContent.OTHER,
        purpose="Prov",
        recipient="Rektor",
    )


def _records(journal) -> list[m.ExportRecord]:
    with journal.bulk() as session:
        return list(session.exec(select(m.ExportRecord)).all())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def journal(new_journal):
    return new_journal.journal


def test_without_a_target_the_file_goes_private_into_the_exports_folder_and_is_recorded(journal):
    written = _write(journal)
    folder = journal.paths.exports
    assert written.path == folder / NAME
    assert _mode(folder) == 0o700 and _mode(written.path) == 0o600
    assert written.path.read_bytes() == DATA
    assert sorted(p.name for p in folder.iterdir()) == [NAME]  # no temp file left
    [record] = _records(journal)
    assert record.id == written.export_id
    assert (record.format, record.content) == (ExportFormat.JSON, ExportContent.OTHER)
    assert (record.purpose, record.recipient) == ("Prov", "Rektor")
    assert record.file_name == str(written.path)
    assert record.sha256 == written.sha256 == hashlib.sha256(DATA).hexdigest()


def test_an_exports_folder_open_to_others_is_made_private(journal):
    journal.paths.exports.mkdir(mode=0o755)
    journal.paths.exports.chmod(0o755)
    _write(journal)
    assert _mode(journal.paths.exports) == 0o700


def test_a_folder_target_gets_the_default_name_and_the_exports_folder_is_not_made(
    journal, tmp_path
):
    usb = tmp_path / "usb"
    usb.mkdir()
    written = _write(journal, usb)
    assert written.path == usb / NAME and _mode(written.path) == 0o600
    assert not journal.paths.exports.exists()
    assert [r.file_name for r in _records(journal)] == [str(usb / NAME)]


def test_a_named_file_is_the_counsellors_choice_and_is_replaced_privately(journal, tmp_path):
    picked = tmp_path / "till-rektor.json"
    picked.write_bytes(b"old")
    picked.chmod(0o644)
    written = _write(journal, picked)
    assert written.path == picked and picked.read_bytes() == DATA
    assert _mode(picked) == 0o600
    assert not journal.paths.exports.exists()


@pytest.mark.parametrize("into_a_folder", [False, True])
def test_a_taken_default_name_is_numbered_never_replaced(journal, tmp_path, into_a_folder):
    target = tmp_path if into_a_folder else None
    names = [_write(journal, target, data=bytes([n])).path.name for n in range(3)]
    assert names == [NAME, "export-7-20261129-1405-2.json", "export-7-20261129-1405-3.json"]
    folder = tmp_path if into_a_folder else journal.paths.exports
    assert [(folder / name).read_bytes() for name in names] == [b"\x00", b"\x01", b"\x02"]
    assert [r.file_name for r in _records(journal)] == [str(folder / name) for name in names]


def test_a_broken_link_under_the_default_name_counts_as_taken(tmp_path):
    (tmp_path / NAME).symlink_to(tmp_path / "gone")
    assert export_files.free_name(tmp_path, NAME) == tmp_path / "export-7-20261129-1405-2.json"


def test_a_relative_target_is_recorded_as_the_full_path(journal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "usb").mkdir()
    named = _write(journal, Path("mitt.json"))
    into = _write(journal, Path("usb"))
    assert named.path == (tmp_path / "mitt.json").resolve() and named.path.is_absolute()
    assert into.path == (tmp_path / "usb" / NAME).resolve()
    assert [r.file_name for r in _records(journal)] == [str(named.path), str(into.path)]


def test_a_journal_locked_before_recording_takes_the_file_with_it(journal, monkeypatch):
    record = journal.record_export

    def locked_meanwhile(**fields):
        journal.close()  # the counsellor locked it while the file was being written
        return record(**fields)

    monkeypatch.setattr(journal, "record_export", locked_meanwhile)
    with pytest.raises(JournalLocked):
        _write(journal)
    assert list(journal.paths.exports.iterdir()) == []


def test_an_interrupt_while_recording_takes_the_file_with_it(tmp_path):
    def interrupted(file_name: str, sha256: str) -> int:
        assert Path(file_name).read_bytes() == DATA  # the file was there to be recorded
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_files.write_recorded_export(
            DATA, target=None, exports_folder=tmp_path, default_name=NAME, record=interrupted
        )
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_is_never_recorded(journal, tmp_path):
    with pytest.raises(OSError):
        _write(journal, tmp_path / "finns-inte" / "export.json")
    assert _records(journal) == []
    assert not (tmp_path / "finns-inte").exists()


def test_a_full_disk_records_nothing_and_leaves_nothing(tmp_path, monkeypatch):
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    recorded: list[str] = []
    monkeypatch.setattr(export_files, "write_atomically", full)
    with pytest.raises(OSError):
        export_files.write_recorded_export(
            DATA,
            target=None,
            exports_folder=tmp_path / "exports",
            default_name=NAME,
            record=lambda file_name, sha256: recorded.append(file_name) or 1,
        )
    assert recorded == []
    assert list((tmp_path / "exports").iterdir()) == []


def test_a_locked_journal_writes_nothing(journal):
    journal.close()
    with pytest.raises(JournalLocked):
        _write(journal)
    assert not journal.paths.exports.exists()
