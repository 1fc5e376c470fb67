"""Failed unlock attempts, remembered across restarts beside the journal (not in it).

The wait after wrong passphrases must not reset when Saknad is restarted, and the journal is
locked when the attempts count, so they cannot live inside it. A small file in the journal
folder holds only a count and the time of the last failure: no passphrase, no name, nothing
about a pupil. It is written atomically and readable by its owner only (storage.files).

The file is a speed bump, not the lock: the passphrase's key derivation (storage.keys) is what
makes guessing slow. A missing or unreadable file counts as no failures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from storage.files import write_atomically
from storage.paths import JournalPaths

ATTEMPTS_FILE = "unlock-attempts.json"


@dataclass(frozen=True)
class FailedAttempts:
    """Wrong passphrases since the last unlock.

    Attributes:
        count: how many in a row.
        last_at: when the last one was typed, in seconds since the epoch (a wall-clock time,
            so that it means the same after a restart).
    """

    count: int = 0
    last_at: float = 0.0


def attempts_file(paths: JournalPaths) -> Path:
    """Where the failed attempts of the journal at `paths` are kept."""
    return paths.folder / ATTEMPTS_FILE


def read_attempts(paths: JournalPaths) -> FailedAttempts:
    """The failed attempts kept beside the journal; none if there is no readable file."""
    try:
        data = json.loads(attempts_file(paths).read_text(encoding="utf-8"))
        return FailedAttempts(count=max(0, int(data["count"])), last_at=float(data["last_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return FailedAttempts()


def record_failure(paths: JournalPaths, at: float) -> FailedAttempts:
    """Count one more wrong passphrase, typed at `at`; returns the new count and time.

    Raises:
        OSError: the file could not be written (the folder is read-only, the disk full).
    """
    attempts = FailedAttempts(read_attempts(paths).count + 1, at)
    data = {"count": attempts.count, "last_at": attempts.last_at}
    write_atomically(attempts_file(paths), json.dumps(data).encode("utf-8"))
    return attempts


def clear_attempts(paths: JournalPaths) -> None:
    """Forget the failed attempts (the journal was opened)."""
    attempts_file(paths).unlink(missing_ok=True)
