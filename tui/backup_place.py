"""Where a backup or a hand-over copy is suggested to go, its dated file name, and the
sentence that says where a backup went (the dialog and `saknad backup` say the same words).

A copy on the laptop's own disk does not survive the laptop, so the dialogs suggest the first
removable drive mounted (Linux: /media/USER, /run/media/USER; macOS: /Volumes), and the home
folder when none is. The file name carries the kind and the date only: never a name, a school
or anything about a pupil.
"""

from __future__ import annotations

import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui.i18n import _

if TYPE_CHECKING:
    from storage.backup import BackupResult

BACKUP_PREFIX = "saknad-backup"
HANDOVER_PREFIX = "saknad-handover"
SUFFIX = ".saknad"


def removable_roots() -> list[Path]:
    """The folders removable drives are mounted under on this system."""
    if sys.platform == "darwin":
        return [Path("/Volumes")]
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        return []
    return [Path("/media") / user, Path("/run/media") / user]


def removable_drive(roots: list[Path] | None = None) -> Path | None:
    """The first writable drive mounted under `roots` (sorted by name), or None."""
    for root in removable_roots() if roots is None else roots:
        try:
            drives = sorted(p for p in root.iterdir() if p.is_dir() and os.access(p, os.W_OK))
        except OSError:
            continue
        if sys.platform == "darwin":  # the start-up disk is listed there too
            drives = [p for p in drives if p.resolve() != Path("/")]
        if drives:
            return drives[0]
    return None


def suggested_path(prefix: str, today: date, folder: Path | None = None) -> str:
    """`folder/prefix-YYYY-MM-DD.saknad`; `folder` defaults to a removable drive, else `~`.

    The home folder is written as `~` (expanded when the path is used), so the suggestion
    shows no user name on screen.
    """
    name = f"{prefix}-{today.isoformat()}{SUFFIX}"
    place = folder if folder is not None else removable_drive()
    return str(place / name) if place is not None else f"~/{name}"


def chosen_path(typed: str, prefix: str | None = None, today: date | None = None) -> Path:
    """The path as typed, with `~` expanded; a folder that exists (the USB stick typed
    without a file name) gets the dated file name of `prefix` inside it."""
    path = Path(typed.strip()).expanduser()
    if prefix is not None and today is not None and path.is_dir():
        return path / f"{prefix}-{today.isoformat()}{SUFFIX}"
    return path


def missing_folder_sentence(typed: str) -> str | None:
    """The sentence to show when the folder a typed path goes in does not exist, else None.

    Said before anything is written: otherwise the refusal named the temporary file the copy
    is first written to, which the counsellor never typed.
    """
    folder = Path(typed.strip()).parent
    if folder.expanduser().exists():
        return None  # a file where the folder should be is the system's refusal to say
    return _(
        "There is no folder {folder}: check the path, and that the USB stick is plugged in."
    ).format(folder=folder)


def written_sentence(result: BackupResult) -> str:
    """Where the backup went and that it was verified (the app's dialog and `saknad backup`)."""
    return _(
        "The backup is written to {path} and verified: it opens with your passphrase or "
        "your recovery key. Keep it away from this computer."
    ).format(path=result.path)
