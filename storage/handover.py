"""Hand-over to a successor: the whole journal, under a new passphrase and a new recovery key.

When a counsellor leaves, the notes go to the successor; they are not deleted. The hand-over
is a file in the backup format (storage.backup), so `saknad restore` opens it, but nothing in
it opens with the old secrets:

- the database is copied with SQLite's backup API into a connection keyed with a fresh random
  data key, so every page of the copy is encrypted under that key (never under the old one,
  never in the clear);
- the key file packed with it is new: a new journal id, a passphrase slot for the
  successor's passphrase and a recovery slot for a new recovery key, both wrapping only the
  new data key. The old key file, the old passphrase and the old recovery key cannot derive
  it (there is no keyring slot either: the successor's computer is another one).

The new recovery key is returned to be shown once and given to the successor separately.
Before the file counts as written, both new slots are opened again and the copy is checked as
a backup is (storage.backup.write_copy: HMAC of every page, quick check, row counts, and the
container's checksums).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storage.backup import BackupResult, write_copy
from storage.errors import InvalidValue, JournalCorrupt
from storage.keys import (
    DEFAULT_ARGON2,
    Argon2Params,
    KeySlots,
    check_passphrase,
    new_data_key,
    new_recovery_key,
)

HANDOVER_PURPOSE = "handover"
"""The purpose the export record carries (a code, like the backup's "backup")."""


@dataclass(frozen=True)
class HandoverResult:
    """A written and verified hand-over copy.

    Attributes:
        backup: the file, its SHA-256, size and row counts (as for a backup).
        recovery_key: the copy's new recovery key, to show once and give to the successor
            apart from the passphrase.
    """

    backup: BackupResult
    recovery_key: str

    @property
    def path(self) -> Path:
        return self.backup.path


def write_handover(
    engine,
    target: Path,
    *,
    current_passphrase: str,
    new_passphrase: str,
    params: Argon2Params = DEFAULT_ARGON2,
) -> HandoverResult:
    """Write the running journal (open on `engine`) to `target` under new keys.

    Args:
        engine: the open journal's engine.
        target: the file to write (mode 0600).
        current_passphrase: the journal's passphrase now (checked by the caller); the new
            one must differ from it, or the old passphrase would open the copy.
        new_passphrase: the successor's passphrase.
        params: the argon2id cost of the new passphrase slot.

    Raises:
        WeakPassphrase: the new passphrase is too short; nothing is written.
        InvalidValue: ("new_passphrase", "same_as_current"); nothing is written.
        JournalCorrupt: the copy did not pass its checks; no file is left.
        OSError: the target cannot be written; no file is left.
    """
    check_passphrase(new_passphrase)
    if new_passphrase == current_passphrase:
        raise InvalidValue("new_passphrase", "same_as_current")
    data_key = new_data_key()
    recovery_key = new_recovery_key()
    slots = KeySlots.new()
    slots.seal_passphrase(new_passphrase, data_key, params)
    slots.seal_recovery(recovery_key, data_key)
    # The slots as written must open the new key, or the successor could not open the copy.
    if (
        slots.open_recovery(recovery_key) != data_key
        or slots.open_passphrase(new_passphrase) != data_key
    ):
        raise JournalCorrupt("the new key slots do not open the new key")
    written = write_copy(
        engine,
        target,
        copy_key=data_key,
        key_bytes=slots.sealed_bytes(data_key),
        journal_id=slots.journal_id,
    )
    return HandoverResult(written, recovery_key)
