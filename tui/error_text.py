"""One clear sentence for each error a counsellor can meet. Never a traceback, never a name."""

from __future__ import annotations

from storage import errors as e
from storage.identity import InvalidIdentityNumber
from tui.i18n import _

_SENTENCES: dict[type[BaseException], str] = {
    e.JournalNotFound: "There is no journal here yet. Run `saknad init` to create one.",
    e.JournalExists: "A journal already exists here; nothing was overwritten.",
    e.KeyFileMissing: "The journal is here but its key file is missing, so it cannot be "
                      "opened. Restore journal.keys from your backup; nothing was changed.",
    e.KeyFileCorrupt: "The journal's key file is damaged, so it cannot be opened. Restore "
                      "journal.keys from your backup; nothing was changed.",
    e.WrongPassphrase: "That passphrase does not open the journal. Check Caps Lock and try "
                       "again.",
    e.WrongRecoveryKey: "That recovery key does not open the journal. Check it against the "
                        "copy you wrote down.",
    e.RememberedKeyUnavailable: "This computer does not remember the journal's key; use "
                                "your passphrase.",
    e.KeyringUnavailable: "This computer has no secure keyring, so the key cannot be "
                          "remembered here; the passphrase still works.",
    e.JournalCorrupt: "The journal file is damaged or does not belong to this key file. "
                      "Nothing was changed; restore it from your backup.",
    e.JournalTooNew: "This journal was written by a newer version of Saknad. Update Saknad "
                     "to open it.",
    e.WeakPassphrase: "The passphrase is too short: use at least 10 characters, for example "
                      "four unrelated words.",
    e.StorageFull: "The disk is full, so the change was not saved. Free some space and try "
                   "again; nothing was lost.",
    e.DuplicateIdentityNumber: "Another pupil already has this identity number.",
    e.NotFound: "That record no longer exists.",
    InvalidIdentityNumber: "The identity number is not valid.",
    e.ImportRejected: "The file has rejected rows, so nothing was imported. Fix them in the "
                      "file and read it again.",
}


def sentence_for(error: BaseException) -> str:
    """The sentence to show for `error`, in the active language."""
    for kind in type(error).__mro__:
        if kind in _SENTENCES:
            return _(_SENTENCES[kind])
    if isinstance(error, OSError):
        return _("Saknad could not read or write a file: {reason}.").format(
            reason=error.strerror or type(error).__name__)
    return _("Something unexpected went wrong. Everything up to your last saved change "
             "is kept. Run again with SAKNAD_DEBUG=1 to see details.")
