"""Small files (the key file, the settings) are written by one writer: private and atomic."""

from __future__ import annotations

import os
import stat

import pytest

from storage import files
from storage.keys import KeySlots
from tui.settings import Settings, SettingsStore


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_settings_are_written_readable_by_the_owner_only(tmp_path):
    old_umask = os.umask(0o022)  # what most desktops use: new files readable by all
    try:
        store = SettingsStore(tmp_path / "config" / "settings.json")
        store.save(Settings(language="en", idle_minutes=7))
    finally:
        os.umask(old_umask)
    assert _mode(store.path) == 0o600
    assert store.load() == Settings(language="en", idle_minutes=7)


@pytest.mark.parametrize("writer", ["settings", "key file"])
def test_both_writers_go_through_write_atomically_and_fsync_the_folder(
    tmp_path, monkeypatch, writer
):
    calls, synced = [], []
    real_write, real_fsync_folder = files.write_atomically, files.fsync_folder

    def spy_write(path, data, *, mode=0o600):
        calls.append(path.name)
        real_write(path, data, mode=mode)

    def spy_fsync_folder(folder):
        synced.append(folder)
        real_fsync_folder(folder)

    monkeypatch.setattr(files, "fsync_folder", spy_fsync_folder)
    if writer == "settings":
        monkeypatch.setattr("tui.settings.write_atomically", spy_write)
        SettingsStore(tmp_path / "settings.json").save(Settings())
        assert calls == ["settings.json"]
    else:
        monkeypatch.setattr("storage.keys.write_atomically", spy_write)
        KeySlots.new().save(tmp_path / "journal.keys", bytes(32))
        assert calls == ["journal.keys"]
    assert synced == [tmp_path]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "settings.json"
    files.write_atomically(target, b"old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        files.write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_a_folder_that_does_not_exist_is_named_not_the_temporary_file(tmp_path):
    from storage.errors import FolderMissing

    with pytest.raises(FolderMissing) as raised:
        files.write_atomically(tmp_path / "no-stick" / "x.md", b"data")
    assert raised.value.name == "no-stick"
    assert isinstance(raised.value, FileNotFoundError)  # callers that catch OSError still do
    assert list(tmp_path.iterdir()) == []
