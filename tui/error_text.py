"""One clear sentence for each error a counsellor can meet. Never a traceback, never a name."""

from __future__ import annotations

from storage import errors as e
from storage.identity import InvalidIdentityNumber
from storage.keys import MIN_PASSPHRASE_LENGTH
from tui.i18n import N_, _

_SENTENCES: dict[type[BaseException], str] = {
    e.JournalNotFound: N_("There is no journal here yet. Run `saknad init` to create one."),
    e.JournalExists: N_("A journal already exists here; nothing was overwritten."),
    e.KeyFileMissing: N_(
        "The journal is here but its key file is missing, so it cannot be "
        "opened. Restore journal.keys from your backup; nothing was changed."
    ),
    e.KeyFileCorrupt: N_(
        "The journal's key file is damaged, so it cannot be opened. Restore "
        "journal.keys from your backup; nothing was changed."
    ),
    e.WrongPassphrase: N_(
        "That passphrase does not open the journal. Check Caps Lock and try again."
    ),
    e.WrongRecoveryKey: N_(
        "That recovery key does not open the journal. Check it against the copy you wrote down."
    ),
    e.RememberedKeyUnavailable: N_(
        "This computer does not remember the journal's key; use your passphrase."
    ),
    e.KeyringUnavailable: N_(
        "This computer has no secure keyring, so the key cannot be "
        "remembered here; the passphrase still works."
    ),
    e.JournalCorrupt: N_(
        "The journal file is damaged or does not belong to this key file. "
        "Nothing was changed; restore it from your backup."
    ),
    e.JournalTooNew: N_(
        "This journal was written by a newer version of Saknad. Update Saknad to open it."
    ),
    e.WeakPassphrase: N_(
        "The passphrase is too short: use at least {min_length} characters, "
        "for example four unrelated words."
    ),
    e.StorageFull: N_(
        "The disk is full, so the change was not saved. Free some space and try "
        "again; nothing was lost."
    ),
    e.DuplicateIdentityNumber: N_("Another pupil already has this identity number."),
    e.NotFound: N_("That record no longer exists."),
    InvalidIdentityNumber: N_("The identity number is not valid."),
    e.ImportRejected: N_(
        "The file has rejected rows, so nothing was imported. Fix them in the "
        "file and read it again."
    ),
    e.JournalLocked: N_(
        "The journal is locked, so nothing was read or saved. Type your "
        "passphrase to open it again."
    ),
}


def is_expected(error: BaseException) -> bool:
    """True for an error a counsellor can meet (storage, identity number, file); False for
    a bug, which ends the app with one sentence instead of being shown and carried on."""
    return isinstance(error, (e.SaknadError, InvalidIdentityNumber, OSError))


def sentence_for(error: BaseException) -> str:
    """The sentence to show for `error`, in the active language."""
    if isinstance(error, e.InvalidValue):
        # The field and the reason are stable codes, never a person's data.
        return _("That value is not accepted ({field}: {reason}); nothing was saved.").format(
            field=error.field, reason=error.reason
        )
    if isinstance(error, e.WeakPassphrase):
        return _(_SENTENCES[e.WeakPassphrase]).format(min_length=MIN_PASSPHRASE_LENGTH)
    for kind in type(error).__mro__:
        if kind in _SENTENCES:
            return _(_SENTENCES[kind])
    if isinstance(error, OSError):
        return _("Saknad could not read or write a file: {reason}.").format(
            reason=error.strerror or type(error).__name__
        )
    return _(
        "Something unexpected went wrong. Everything up to your last saved change "
        "is kept. Run again with SAKNAD_DEBUG=1 to see details."
    )
