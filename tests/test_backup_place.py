"""Where the backup and hand-over dialogs suggest writing (tui.backup_place): a removable
drive when one is mounted, else the home folder written as `~`; a dated name, nothing more."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tui.backup_place import (
    BACKUP_PREFIX,
    HANDOVER_PREFIX,
    chosen_path,
    removable_drive,
    suggested_path,
)

DAY = date(2026, 11, 30)


def test_the_first_writable_drive_under_the_roots_is_suggested(tmp_path):
    media = tmp_path / "media" / "kurator"
    (media / "USB-B").mkdir(parents=True)
    (media / "USB-A").mkdir()
    (media / "a-file").write_bytes(b"")
    assert removable_drive([tmp_path / "absent", media]) == media / "USB-A"
    assert suggested_path(BACKUP_PREFIX, DAY, removable_drive([media])) == str(
        media / "USB-A" / "saknad-backup-2026-11-30.saknad"
    )


def test_no_drive_means_none_and_the_home_folder_as_tilde(tmp_path, monkeypatch):
    empty = tmp_path / "media"
    empty.mkdir()
    assert removable_drive([empty, tmp_path / "absent"]) is None
    monkeypatch.setattr("tui.backup_place.removable_drive", lambda roots=None: None)
    assert suggested_path(HANDOVER_PREFIX, DAY) == "~/saknad-handover-2026-11-30.saknad"


def test_the_typed_path_has_its_tilde_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert chosen_path("  ~/x.saknad ") == tmp_path / "x.saknad"
    assert chosen_path("/media/usb/x.saknad") == Path("/media/usb/x.saknad")
