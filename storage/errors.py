"""Errors the storage layer raises on purpose.

Every error a counsellor can cause (a wrong passphrase, a missing key file, a damaged journal)
has its own class, so the UI can match on it and show one clear sentence. Messages never carry
personal data: they may be shown on screen or written to a terminal.
"""

from __future__ import annotations

import errno


class SaknadError(Exception):
    """Base of every error Saknad raises on purpose."""


class JournalNotFound(SaknadError):
    """No journal exists at the expected place."""


class JournalExists(SaknadError):
    """A journal (or its key file) already exists where a new one would be created."""


class KeyFileMissing(SaknadError):
    """The journal exists but its key file (the slots that unlock it) does not."""


class KeyFileCorrupt(SaknadError):
    """The key file exists but cannot be read as Saknad key slots."""


class WrongPassphrase(SaknadError):
    """The passphrase does not open the passphrase slot."""


class WrongRecoveryKey(SaknadError):
    """The recovery key does not open the recovery slot."""


class RememberedKeyUnavailable(SaknadError):
    """ "Remember on this computer" is not set up, or the OS keyring no longer has the key."""


class KeyringUnavailable(SaknadError):
    """This computer has no usable OS keyring, so the key cannot be remembered here."""


class JournalCorrupt(SaknadError):
    """The journal file is damaged, truncated, or does not belong to this key file."""


class JournalTooNew(SaknadError):
    """The journal was written by a newer Saknad than this one."""


class WeakPassphrase(SaknadError):
    """The passphrase is too short to protect special-category data."""


class NotFound(SaknadError):
    """A record asked for by id does not exist."""


class StorageFull(SaknadError):
    """The disk is full or the journal could not be written; nothing was saved."""


class DuplicateIdentityNumber(SaknadError):
    """Another pupil already holds this identity number.

    Attributes:
        pupil_id: the pupil who holds it, so the UI can name them on screen.
    """

    def __init__(self, pupil_id: int):
        super().__init__("another pupil already has this identity number")
        self.pupil_id = pupil_id


class ImportRejected(SaknadError):
    """A class list cannot be imported: it has rejected rows (or unmapped columns).

    Nothing was written. The message carries only the count; the rows are in `errors`
    (storage.importing.RowError: line, column, reason code), never a person's data.

    Attributes:
        errors: every rejected row, in file order.
    """

    def __init__(self, errors: list):
        super().__init__(f"{len(errors)} rows rejected; nothing was imported")
        self.errors = list(errors)


class JournalLocked(SaknadError):
    """The journal is locked (closed): its key and engine are gone until it is unlocked."""


class InvalidValue(SaknadError):
    """A value the journal refuses: an unknown code or kind, an empty name, a date range
    that ends before it starts, a rule of the domain broken (guardians told on an
    honour-related case).

    The message names the field and the rule, never a person's data. `field` and `reason`
    are stable codes the UI can turn into a sentence in the person's language.

    Attributes:
        field: which value, e.g. "kind", "code", "first_name".
        reason: why, e.g. "unknown", "empty", "ends_before_start", "honour_related".
    """

    def __init__(self, field: str, reason: str, detail: str = ""):
        super().__init__(f"{field}: {reason}" + (f" ({detail})" if detail else ""))
        self.field = field
        self.reason = reason


class ConstraintViolated(InvalidValue):
    """The journal file itself refused a row: a UNIQUE, CHECK, NOT NULL or FOREIGN KEY rule.

    The facade checks what it can before writing; this is the file's last line of defence.
    `field` names the constraint or the column (e.g. "protected_identity_has_no_address",
    "pupil.identity_number", "foreign_key"), never a value.

    Attributes:
        field: the constraint's name, or table.column, or "foreign_key".
        reason: "unique", "check", "not_null", "foreign_key" or "constraint".
    """


class TemplateInvalid(InvalidValue):
    """A checklist template file the journal refuses, naming the line (1-based) at fault.

    `field` is "checklist_template"; `reason` says what is wrong ("not_toml", "unknown_key",
    "missing_code", "duplicate_code", "negative_day", "family_and_honour_only", "wrong_type",
    "no_steps", "unreadable"); `key` names the key when there is one. Templates hold no
    personal data, so the message may carry the key and the line.

    Attributes:
        line: the line of the file the error is on (the step's header for a missing key).
        key: the key at fault, or "".
    """

    def __init__(self, reason: str, line: int, key: str = ""):
        super().__init__(
            "checklist_template", reason, f"line {line}" + (f", key {key}" if key else "")
        )
        self.line = line
        self.key = key


class JournalError(SaknadError):
    """Any other failure of the journal's database; the message carries no personal data."""


class JournalBusy(SaknadError):
    """Another Saknad (the app, or an import) is writing to the journal and did not finish
    within the busy timeout (storage.engine.BUSY_TIMEOUT_MS); nothing was written."""


class JournalReadOnly(SaknadError):
    """The journal's folder or file cannot be written by this user (its permissions, or a
    read-only disk). The journal itself is not damaged; nothing was changed."""


class JournalFileMissing(JournalNotFound):
    """The key file is in the data folder but the journal file (journal.db) is not: it was
    deleted or moved. `saknad init` would refuse, since a key file is there."""


class DemoJournal(SaknadError):
    """A class list cannot be imported into a demo journal: its passphrase is public."""


class KeyFileCostRefused(KeyFileCorrupt):
    """The key file asks for a key-derivation cost far beyond Saknad's (storage.keys
    ARGON2_BOUNDS): damaged, or written by an unknown program; no passphrase was tried."""


class KeySlotsChanged(SaknadError):
    """The key file's slots are not as Saknad last wrote them (their MAC under the data key
    does not match): the journal opened, but the recovery key (or another slot) may no
    longer work. Making a new recovery key seals the file again."""


class DataFolderNotPrivate(SaknadError):
    """The data folder can be read by other users and Saknad could not make it private.

    Attributes:
        name: the folder's base name only (the path above it may carry the user's name).
    """

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class BackupCorrupt(SaknadError):
    """A backup file is damaged (a checksum does not match, it is truncated) or is not a
    Saknad backup; it was refused before anything was written."""


class FolderMissing(SaknadError, FileNotFoundError):
    """The folder a file was to be written into does not exist (a mistyped path, a USB
    stick not plugged in). Still a FileNotFoundError, for callers that catch OSError.

    Attributes:
        name: the folder's base name only (the folders above it may carry the user's name).
    """

    def __init__(self, name: str = ""):
        super().__init__(errno.ENOENT, "no such folder", name)
        self.name = name


class FolderNotEmpty(SaknadError):
    """A backup is restored only into an empty or absent folder; this one holds files.

    Attributes:
        name: the folder's base name only (the folders above it may carry the user's name).
    """

    def __init__(self, name: str = ""):
        super().__init__(name)
        self.name = name
