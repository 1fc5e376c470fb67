"""How the app reaches the journal: one object, injected by make_app, so tests can swap paths
and key-derivation cost.

storage is imported only inside the methods: the unlock screen paints before sqlmodel,
SQLAlchemy and SQLCipher are loaded (they cost about 0.3 s).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.paths import JournalPaths

if TYPE_CHECKING:
    from storage.access import CreatedJournal
    from storage.journal import Journal
    from storage.unlock_attempts import FailedAttempts


@dataclass
class JournalAccess:
    """Creates and unlocks the journal at `paths`.

    Attributes:
        paths: the journal's files.
        kdf_params: argon2id cost for new passphrase slots; None means the default.
    """

    paths: JournalPaths
    kdf_params: Any = None

    def _params(self) -> dict:
        return {"params": self.kdf_params} if self.kdf_params is not None else {}

    def exists(self) -> bool:
        return self.paths.database.exists() or self.paths.key_file.exists()

    def warm_up(self) -> None:
        """Import the storage layer ahead of need (called after the first paint)."""
        import storage.access
        import storage.journal  # noqa: F401

    def create(self, passphrase: str) -> CreatedJournal:
        from storage.access import create_journal

        return create_journal(self.paths, passphrase, **self._params())

    def unlock(self, passphrase: str) -> Journal:
        from storage.access import unlock_with_passphrase

        return unlock_with_passphrase(self.paths, passphrase)

    def unlock_with_recovery_key(self, recovery_key: str, new_passphrase: str) -> Journal:
        from storage.access import unlock_with_recovery_key

        return unlock_with_recovery_key(self.paths, recovery_key, new_passphrase, **self._params())

    def unlock_remembered(self) -> Journal:
        from storage.access import unlock_remembered

        return unlock_remembered(self.paths)

    def is_remembered(self) -> bool:
        from storage.access import is_remembered

        return is_remembered(self.paths)

    def keyring_available(self) -> bool:
        from storage.remember import keyring_available

        return keyring_available()

    def change_passphrase(self, journal: Journal, old: str, new: str) -> None:
        journal.change_passphrase(old, new, **self._params())

    # -- wrong passphrases, counted across restarts (storage.unlock_attempts) ---------------

    def failed_attempts(self) -> FailedAttempts:
        from storage.unlock_attempts import read_attempts

        return read_attempts(self.paths)

    def record_failed_attempt(self) -> FailedAttempts:
        from storage.unlock_attempts import record_failure

        return record_failure(self.paths, time.time())

    def clear_failed_attempts(self) -> None:
        from storage.unlock_attempts import clear_attempts

        clear_attempts(self.paths)
