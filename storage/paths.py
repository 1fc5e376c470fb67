"""Where Saknad keeps its files.

Nothing is created at import time: callers ask for a path and create folders only when they
write. `SAKNAD_HOME` overrides the data folder (tests and the demo use it).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from storage.errors import DataFolderNotPrivate

APP_NAME = "saknad"
JOURNAL_FILE = "journal.db"
KEY_FILE = "journal.keys"
SETTINGS_FILE = "settings.json"
EXPORTS_FOLDER = "exports"


@dataclass(frozen=True)
class JournalPaths:
    """The files that make up one journal.

    Attributes:
        folder: The data folder holding the journal.
    """

    folder: Path

    @property
    def database(self) -> Path:
        """The SQLCipher database file."""
        return self.folder / JOURNAL_FILE

    @property
    def key_file(self) -> Path:
        """The key-slot file that unlocks the database."""
        return self.folder / KEY_FILE

    @property
    def exports(self) -> Path:
        """Where exported files go unless the counsellor picks another path (made 0700 by
        the first export, storage.paths.ensure_private_folder)."""
        return self.folder / EXPORTS_FOLDER

    def sidecars(self) -> list[Path]:
        """SQLite's write-ahead log and shared-memory files beside the database."""
        return [Path(f"{self.database}-wal"), Path(f"{self.database}-shm")]


def data_dir() -> Path:
    """The data folder: `SAKNAD_HOME` if set, else the platform's user data folder."""
    override = os.environ.get("SAKNAD_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The settings folder: `SAKNAD_HOME` if set (so tests stay isolated), else the platform's."""
    override = os.environ.get("SAKNAD_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_journal() -> JournalPaths:
    """The journal `saknad` opens when given no other folder."""
    return JournalPaths(data_dir())


def ensure_private_folder(folder: Path) -> None:
    """Create `folder` readable by its owner only (0700), or make an existing one so.

    Raises:
        DataFolderNotPrivate: the folder is open to others and cannot be made private.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_folder_private(folder)


def make_folder_private(folder: Path) -> None:
    """Tighten `folder` to 0700 when others (group or anyone) may read, write or enter it.

    The journal is encrypted, but its file names, sizes and times, the settings and the
    import drafts beside it are nobody else's business. Windows has no such modes: there
    the user's own profile folder keeps it private.

    Raises:
        DataFolderNotPrivate: the folder is open to others and cannot be made private
            (another user owns it, or the disk refuses); nothing was opened or written.
    """
    if os.name == "nt":
        return
    try:
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode & 0o077:
            os.chmod(folder, 0o700)
    except OSError:
        raise DataFolderNotPrivate(folder.name) from None
