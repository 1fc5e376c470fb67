"""One clear sentence for each error a counsellor can meet. Never a traceback, never a name."""

from __future__ import annotations

import errno
import os

from storage import errors as e
from storage.identity import InvalidIdentityNumber
from storage.keys import MIN_PASSPHRASE_LENGTH
from tui.cli_commands import DataFolderIsAFile
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
    e.JournalFileMissing: N_(
        "The journal file (journal.db) is missing from the data folder, though its key file "
        "is there. Put your backup of journal.db back into the data folder (`saknad where` "
        "shows it) and start Saknad again; nothing was changed."
    ),
    e.JournalReadOnly: N_(
        "Saknad may not write to the data folder or to journal.db in it, so the journal "
        "cannot be opened. The journal is not damaged: check the permissions of the folder "
        "and the file (`saknad where` shows them); nothing was changed."
    ),
    e.JournalBusy: N_(
        "The journal is in use by another Saknad (the app in another window, or an "
        "import), so this was not saved. Try again when it has finished; nothing was lost."
    ),
    e.DemoJournal: N_(
        "This is a demo journal, and its passphrase is public, so no class list is imported "
        "into it. Import it into your own journal instead; nothing was imported."
    ),
    e.KeyFileCostRefused: N_(
        "The journal's key file asks for far more computing time or memory than Saknad "
        "ever uses, so it is damaged or was written by an unknown program. No passphrase "
        "was tried and nothing was changed; restore journal.keys from your backup."
    ),
    e.KeySlotsChanged: N_(
        "The journal's key file was changed outside Saknad, so your recovery key may no "
        "longer work. The journal is open and your passphrase works. Make a new recovery "
        "key now: in Settings, or with `saknad passwd --new-recovery-key`."
    ),
    e.DataFolderNotPrivate: N_(
        "Saknad's data folder can be read by other users and Saknad cannot make it "
        "private, so the journal was not opened. Make the folder yours alone (chmod 700) "
        "or move it; run `saknad where` to see the path. Nothing was changed."
    ),
    e.BackupCorrupt: N_(
        "The backup file is damaged or is not a Saknad backup, so it was refused; nothing "
        "was written. Use another copy of the backup."
    ),
}


# What InvalidValue.field names, as the counsellor would say it (the codes come from storage:
# a test keeps this table in step with every InvalidValue a storage module can raise).
FIELD_NAMES: dict[str, str] = {
    "kind": N_("the kind"),
    "code": N_("the absence code"),
    "source": N_("the source of the mark"),
    "mark": N_("the absence mark"),
    "channel": N_("the contact channel"),
    "counterpart_kind": N_("who was contacted"),
    "outcome": N_("the outcome"),
    "format": N_("the export format"),
    "status": N_("the status"),
    "relation": N_("the relation to the pupil"),
    "security_marking": N_("the security marking"),
    "school_type": N_("the school type"),
    "group_type": N_("the group type"),
    "name": N_("the name"),
    "first_name": N_("the first name"),
    "last_name": N_("the last name"),
    "ends_on": N_("the end date"),
    "case_id": N_("the case"),
    "guardians_informed": N_("guardians informed"),
    "sibling_pupil_id": N_("the sibling"),
    "identity_number": N_("the identity number"),
    "pupil_id": N_("the pupil"),
    "class_name": N_("the class name"),
    "school": N_("the pupil's school"),
    "lesson": N_("the lesson"),
    "minutes": N_("the minutes"),
    "reason": N_("the reason"),
    "guardian_id": N_("the guardian"),
    "term": N_("the term"),
    "sportlov": N_("the sportlov week"),
    "weekday": N_("the weekday"),
    "lessons": N_("the number of lessons"),
    "case": N_("an investigation of this pupil"),
    "problematic_absence": N_("the problematic-absence thresholds"),
    "destination": N_("the destination"),
    "at": N_("the time"),
    "text": N_("the text"),
    "step": N_("the checklist step"),
    "honour_related": N_("honour-related mode"),
    "journal_entry": N_("a journal entry"),
    "case_event": N_("the case's history"),
    "checklist_template": N_("the checklist file"),
    "missing_candidates": N_("the settings for pupils who may be missing"),
    # Case work (issue 11, last round): whereabouts known, sibling steps, weekly review.
    "to_date": N_("the last day"),
    "how": N_("how it is known"),
    "spoke_with": N_("whom you spoke with"),
    "sibling_link": N_("the sibling"),
    "last_school_day": N_("the last school day"),
    "last_contact_at": N_("the last contact"),
    "weekly_review": N_("the weekly review's interval"),
    "expected_return": N_("the expected return"),
    "leave_refused": N_("refused leave"),
    # The contact directory and today's calls (storage.directory, storage.call_list).
    "phone": N_("the phone number"),
    "email": N_("the e-mail address"),
    "note": N_("the note"),
    # Reports of concern (storage.report_of_concern).
    "report": N_("the report of concern"),
    "content": N_("what the export holds"),
    "reported_at": N_("when the report was made"),
    "written_follow_up_on": N_("the day of the written follow-up"),
    "worry": N_("the worry"),
    "since_when": N_("since when"),
    "recipient": N_("the recipient"),
    "reference": N_("the reference"),
    # Backup reminder and hand-over to a successor (storage.backup_reminder, handover).
    "backup_reminder": N_("the days before a backup reminder"),
    "new_passphrase": N_("the new passphrase"),
    # Exports, retention under the document plan, the right of access (issue 12).
    "purpose": N_("the purpose of the export"),
    "pupils": N_("the pupils to delete"),
    "document_plan": N_("the document plan"),
    # Exporting a report of concern (tui.render.export_report): only a PDF takes one.
    "password": N_("the password"),
    # Statistics for the action plan (storage.statistics_periods, storage.statistics).
    "school_year": N_("the school year"),
    "statistics": N_("the statistics settings"),
    # Warning signs on a pupil (storage.warning_signs).
    "sign_code": N_("the warning sign"),
    "observed_on": N_("the day it was observed"),
    "observed_by": N_("who observed it"),
    "own_words": N_("the pupil's own words"),
    "warning_sign": N_("a warning sign"),
    # The first day back (storage.first_day_back).
    "first_day_back": N_("the deadline for reporting pupils not back after a break"),
    # The watch list before a break (storage.watch_list, issue 13).
    "break_id": N_("the break"),
    "pupil": N_("the pupil"),
    "watch_entry": N_("the watch list entry"),
    "review_school_days": N_("the school days before a break's review"),
}

# Why a value was refused; `{field}` is one of FIELD_NAMES (or "the value" for a name the
# table does not have, e.g. a constraint of the journal file).
REASONS: dict[str, str] = {
    "empty": N_("{field} must be filled in"),
    "unknown": N_("{field} has a value Saknad does not know"),
    "ends_before_start": N_("{field} comes before the start date"),
    "honour_related": N_("guardians are never told of a report on an honour-related case"),
    "another_pupil": N_("{field} belongs to another pupil"),
    "other_pupil": N_("{field} belongs to another pupil"),
    "self": N_("{field} is the pupil themselves"),
    "shape": N_("{field} has the wrong shape"),
    "not_positive": N_("{field} must be 1 or more"),
    "out_of_range": N_("{field} is outside what Saknad accepts"),
    "no_guardian_contact": N_(
        "the pupil's guardians must not be contacted, so no notice to them is recorded"
    ),
    "overlaps": N_("{field} overlaps another term of the school"),
    "already_open": N_("{field} is already open"),
    # A case's life (storage.case_lifecycle) and journal entries (storage.entries).
    "closed_already": N_("the case is already closed"),
    "open_already": N_("the case is already open"),
    "other_track": N_("{field} belongs to the other kind of case"),
    "not_moved": N_("{field} is only given when the pupil has moved"),
    "unchanged": N_("{field} is already so"),
    "always_for_prevention": N_(
        "a prevention case is always honour-related: the pupil is on the watch list"
    ),
    "settled_already": N_("{field} is already done or marked not applicable"),
    "in_future": N_("{field} is in the future"),
    "append_only": N_("{field} is never changed or deleted; write a correction instead"),
    "before_last_school_day": N_("{field} is before the last school day"),
    "in_case_record": N_(
        "{field} is in a case's record (a checklist step about them is settled), so the link stays"
    ),
    # A checklist template file (storage.checklist); `{field}` is the key at fault.
    "not_toml": N_("it is not a TOML file"),
    "unreadable": N_("it cannot be read as UTF-8 text"),
    "unknown_key": N_("{field} is not a key Saknad knows"),
    "missing_code": N_("a step has no code"),
    "missing_due_day": N_("a step has no due_day"),
    "duplicate_code": N_("a code is used twice"),
    "negative_day": N_("{field} is below 0"),
    "wrong_type": N_("{field} has the wrong type of value"),
    "family_and_honour_only": N_(
        "a step cannot both contact the family and be for honour-related cases only"
    ),
    "no_steps": N_("it has no steps"),
    # ConstraintViolated: the journal file's own rules.
    "unique": N_("{field} is already used by another record"),
    "check": N_("{field} breaks a rule of the journal"),
    "not_null": N_("{field} must be filled in"),
    "foreign_key": N_("{field} refers to something that does not exist"),
    "constraint": N_("{field} breaks a rule of the journal"),
    # Typed contact details (storage.values) and a call to a family not to be contacted.
    "control_character": N_("{field} holds a control character"),
    "phone_format": N_("{field} is not a phone number"),
    "email_format": N_("{field} is not an e-mail address"),
    "filed": N_("{field} is filed and is not changed any more; write a note instead"),
    "before_report": N_("{field} is before the report was made"),
    "guardians_not_contacted": N_(
        "the pupil's guardians must not be contacted, so no contact with them is logged"
    ),
    # A hand-over (storage.handover): the old passphrase must not open the successor's copy.
    "same_as_current": N_("{field} is the one the journal has now; choose another"),
    # Exporting a report of concern: only a PDF can be locked with a password.
    "pdf_only": N_("{field} can only lock a PDF"),
    # A term or a school year for the statistics (storage.statistics_periods).
    "period_format": N_("{field} must be written like HT2026, VT2027 or 2026/27"),
    # The first day back (storage.first_day_back).
    "not_on_roll_call": N_(
        "{field} is not on today's roll call: seen since the break, or accounted for"
    ),
    # The watch list before a break (storage.watch_list, issue 13).
    "not_a_break_of_the_school": N_("{field} is not a break of the pupil's school"),
    "on_watch_list_already": N_("the pupil is already on the watch list"),
    "ended_already": N_("{field} has already ended"),
}

# Why the operating system refused a file, by errno; anything else is named by its code.
OS_REASONS: dict[int, str] = {
    errno.ENOENT: N_("it does not exist"),
    errno.EACCES: N_("Saknad is not allowed to open it"),
    errno.EPERM: N_("Saknad is not allowed to open it"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a folder on its path is a file"),
    errno.EROFS: N_("the disk can only be read, not written"),
    errno.EEXIST: N_("it already exists"),
    errno.EIO: N_("the disk could not be read or written (an input/output error)"),
    errno.ENAMETOOLONG: N_("its name is too long"),
    errno.EMFILE: N_("too many files are open"),
    errno.ENFILE: N_("too many files are open"),
    errno.EBUSY: N_("another program is using it"),
    errno.ETXTBSY: N_("another program is using it"),
    errno.ELOOP: N_("its path goes round in a loop of links"),
}


def is_expected(error: BaseException) -> bool:
    """True for an error a counsellor can meet (storage, identity number, file); False for
    a bug, which ends the app with one sentence instead of being shown and carried on."""
    return isinstance(error, (e.SaknadError, InvalidIdentityNumber, OSError, DataFolderIsAFile))


def sentence_for(error: BaseException) -> str:
    """The sentence to show for `error`, in the active language."""
    if isinstance(error, e.TemplateInvalid):
        return _template_invalid(error)
    if isinstance(error, e.InvalidValue):
        return _invalid_value(error)
    if isinstance(error, DataFolderIsAFile):
        return _(
            "Saknad's data folder ({name}) is a file, not a folder, so no journal can be "
            "opened or created there. Run `saknad where` to see the path; nothing was changed."
        ).format(name=error.name)
    if isinstance(error, e.FolderMissing):
        return _(
            "There is no folder {folder}: check the path, and that the USB stick is plugged in."
        ).format(folder=error.name)
    if isinstance(error, e.FolderNotEmpty):
        return _(
            "The data folder ({name}) is not empty, so the backup was not restored there; "
            "nothing was changed. A backup is restored only into an empty folder: move the "
            "files away first (`saknad where` shows the folder)."
        ).format(name=error.name)
    if isinstance(error, e.WeakPassphrase):
        return _(_SENTENCES[e.WeakPassphrase]).format(min_length=MIN_PASSPHRASE_LENGTH)
    for kind in type(error).__mro__:
        if kind in _SENTENCES:
            return _(_SENTENCES[kind])
    if isinstance(error, OSError):
        return _os_error(error)
    return _(
        "Something unexpected went wrong. Everything up to your last saved change "
        "is kept. Run again with SAKNAD_DEBUG=1 to see details."
    )


def _invalid_value(error: e.InvalidValue) -> str:
    # The field and the reason are stable codes, never a person's data; shown by their names.
    field = _(FIELD_NAMES[error.field]) if error.field in FIELD_NAMES else _("the value")
    reason = _(REASONS[error.reason]) if error.reason in REASONS else _("{field} is not accepted")
    return _("That value is not accepted: {problem}. Nothing was saved.").format(
        problem=reason.format(field=field)
    )


def _template_invalid(error: e.TemplateInvalid) -> str:
    # A template holds no personal data: its key is shown as written in the file.
    reason = _(REASONS[error.reason]) if error.reason in REASONS else _("{field} is not accepted")
    return _(
        "The school's checklist file is not accepted: line {line}: {problem}. Fix the file, "
        "or remove it to use the built-in checklist. Nothing was saved."
    ).format(line=error.line, problem=reason.format(field=error.key or _("a value")))


def _os_error(error: OSError) -> str:
    if error.errno in OS_REASONS:
        reason = _(OS_REASONS[error.errno])
    elif error.errno is not None:
        code = errno.errorcode.get(error.errno, str(error.errno))
        reason = _("the operating system answered {code}").format(code=code)
    else:
        reason = _("the operating system refused")
    if error.filename is None:
        return _("Saknad could not read or write a file: {reason}.").format(reason=reason)
    # The base name only: the folders above it may carry the user's own name.
    name = os.path.basename(os.fsdecode(error.filename).rstrip("/\\")) or os.fsdecode(
        error.filename
    )
    return _("Saknad could not use the file {name}: {reason}.").format(name=name, reason=reason)
