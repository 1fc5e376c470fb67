"""Writing a small file atomically and privately: all of it or none of it, readable by you only.

The key file and the settings file both go through here: a temporary file in the same
folder, created 0600, written and fsynced, renamed over the old file, and the folder fsynced
so the rename itself survives a power cut.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from storage.errors import FolderMissing


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` in one step; on any failure the old file is untouched."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except FileNotFoundError:
        # Said as the folder: the temporary file's name means nothing to the person.
        raise FolderMissing(path.parent.name) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable. Some file systems cannot; then this does nothing."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
