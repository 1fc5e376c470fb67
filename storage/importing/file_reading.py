"""Reading the file an import names: only a regular file, and at most MAX_FILE_BYTES of it.

A path typed by the counsellor may be a folder, a named pipe (which blocks a plain read for
ever), a device such as /dev/zero (endless) or a symlink to one. The file is opened without
blocking, checked with fstat on the open descriptor (so a swap between a check and the open
changes nothing), and read up to one byte past the limit: the limit counts bytes actually read,
never the size the file reports.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from storage.errors import SaknadError
from storage.importing.limits import MAX_FILE_BYTES

FOLDER = "folder"
NOT_A_REGULAR_FILE = "not_a_regular_file"
TOO_LARGE = "too_large"
_CHUNK = 1024 * 1024


class ImportFileRefused(SaknadError):
    """The path is not a file an import may read; `code` says why (FOLDER, ...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def read_import_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path` (`~` expanded), at most `limit` of them.

    Raises:
        ImportFileRefused: a folder, anything but a regular file, or more than `limit` bytes.
        OSError: the file does not exist or may not be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(Path(path).expanduser(), flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise ImportFileRefused(FOLDER)
        if not stat.S_ISREG(mode):
            raise ImportFileRefused(NOT_A_REGULAR_FILE)
        chunks, read = [], 0
        while read <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - read))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
        if read > limit:
            raise ImportFileRefused(TOO_LARGE)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
