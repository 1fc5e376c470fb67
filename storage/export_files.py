"""Writing an export's file: the one place a file leaves the journal and is accounted for.

Every export (a report of concern, the statistics, a right-of-access document) goes the same
way: the file goes where the counsellor said (a file, or a folder to write into) or into the
journal's exports folder (made 0700 on first use); a default name never replaces an earlier
export, "-2", "-3"... is added; the file is written 0600 (storage.files.write_atomically) and
hashed (SHA-256); the export is recorded under the full, resolved path. If the record cannot
be written the file is removed again: no file leaves the journal unrecorded.

Journal.write_export is the facade; this module knows no journal, only how to record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from storage.files import write_atomically
from storage.paths import ensure_private_folder
from storage.records import ExportWritten

# Records an export of the file written: (full path, SHA-256) -> the export record's id.
Recorder = Callable[[str, str], int]


def write_recorded_export(
    data: bytes,
    *,
    target: Path | None,
    exports_folder: Path,
    default_name: str,
    record: Recorder,
) -> ExportWritten:
    """Write `data` privately, then record it; remove the file again if recording fails.

    Args:
        data: The file's bytes, as rendered.
        target: A file to write (replaced if it exists: the counsellor named it), a folder
            to write into under `default_name`, or None for `exports_folder`.
        exports_folder: The journal's exports folder, created 0700 when it is used.
        default_name: The file name in a folder; carries no personal data.
        record: Records the export under the full path and the SHA-256; returns its id.

    Returns:
        The full path written, its SHA-256 and the export record's id.

    Raises:
        OSError: the file cannot be written; nothing is recorded.
        DataFolderNotPrivate: the exports folder cannot be made private; nothing is written.
        Whatever `record` raises (e.g. JournalLocked): the file is removed again.
    """
    path = export_path(target, exports_folder, default_name)
    write_atomically(path, data)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        export_id = record(str(path), sha256)
    except BaseException:
        # An export the journal does not know of is a copy nobody can account for: none at all.
        path.unlink(missing_ok=True)
        raise
    return ExportWritten(path, sha256, export_id)


def export_path(target: Path | None, exports_folder: Path, default_name: str) -> Path:
    """Where the file goes, as a full path (a relative "report.pdf" would say nothing of
    where it went): `target` itself, a free name in the folder `target`, or, without a
    target, a free name in `exports_folder` (made private, 0700)."""
    if target is not None and not target.is_dir():
        return target.resolve()
    folder = target if target is not None else exports_folder
    if target is None:
        ensure_private_folder(folder)
    return free_name(folder, default_name).resolve()


def free_name(folder: Path, name: str) -> Path:
    """`folder / name`, or with "-2", "-3"... before the extension if the name is taken
    (by anything, a broken link too), so an earlier export is never replaced."""
    stem, suffix = Path(name).stem, Path(name).suffix
    path, number = folder / name, 1
    while path.exists() or path.is_symlink():
        number += 1
        path = folder / f"{stem}-{number}{suffix}"
    return path
