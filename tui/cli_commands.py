"""The `saknad` subcommands that work without the full-screen app (scripts, tests, set-up).

Each returns an exit code; errors are raised as storage errors and turned into one sentence
by tui.__main__. Passphrases come from a prompt, or from standard input with
`--passphrase-stdin` (one per line), never from the command line where `ps` would show them.
"""

from __future__ import annotations

import getpass
import sys
import tempfile
from datetime import date
from pathlib import Path

from tui.i18n import _, ngettext


class UsageProblem(Exception):
    """The command was given input it cannot use; the message is the sentence to show."""


class DataFolderIsAFile(Exception):
    """The data folder (SAKNAD_HOME, or the platform's) is a file, so no journal can be there.

    Attributes:
        name: the file's base name only (the folder above it may carry the user's name).
    """

    def __init__(self, folder: Path):
        super().__init__(folder.name)
        self.name = folder.name


def data_folder_is_a_file(folder: Path) -> bool:
    """True when `folder` exists but is not a folder (e.g. SAKNAD_HOME names a file)."""
    return folder.exists() and not folder.is_dir()


def check_data_folder() -> None:
    """Refuse, before anything is asked or written, a data folder that is a file.

    Raises:
        DataFolderIsAFile: the data folder is a file.
    """
    from storage.paths import data_dir

    folder = data_dir()
    if data_folder_is_a_file(folder):
        raise DataFolderIsAFile(folder)


def _cost(kdf_params) -> dict:
    """Keyword arguments for an argon2id cost: none (the default cost) unless one is given."""
    return {"params": kdf_params} if kdf_params is not None else {}


def _read_line(prompt: str, from_stdin: bool, *, secret: bool = True) -> str:
    if from_stdin:
        line = _stdin_line()
        if not line:
            raise UsageProblem(_("Expected one more line on standard input."))
        return line.rstrip("\r\n")
    return _ask(prompt, secret=secret)


def _stdin_line() -> str:
    """One line of standard input, decoded as UTF-8 whatever the locale says.

    Read as bytes: the text layer would decode by the locale (a passphrase typed at set-up
    in UTF-8 would not match under another one) or, in the C locale, let undecodable bytes
    through as surrogates that later fail with no sentence.
    """
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # replaced by a text stream (tests): already decoded
        return sys.stdin.readline()
    raw = buffer.readline()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageProblem(
            _(
                "A line on standard input is not UTF-8 text, so it cannot be a passphrase "
                "Saknad knows. Save the input as UTF-8 and try again; nothing was changed."
            )
        ) from None


def _ask(prompt: str, *, secret: bool) -> str:
    """Ask at the terminal; a sentence, never getpass's warning, when there is none to ask on."""
    if not sys.stdin.isatty():
        # getpass would fall back to reading standard input in the clear, with a warning.
        raise UsageProblem(
            _(
                "There is no terminal to ask on: standard input is not a terminal. Run the "
                "command in a terminal, or give the answers on standard input, one per line, "
                "with --passphrase-stdin."
            )
        )
    try:
        return getpass.getpass(prompt) if secret else input(prompt)
    except EOFError:
        raise UsageProblem(_("Nothing was typed, so nothing was changed.")) from None


def _new_passphrase(from_stdin: bool) -> str:
    first = _read_line(_("New passphrase: "), from_stdin)
    if from_stdin:
        return first
    if _ask(_("Repeat the new passphrase: "), secret=True) != first:
        raise UsageProblem(_("The two passphrases differ; nothing was changed."))
    return first


def where(out) -> int:
    from storage.paths import config_dir, default_journal

    paths = default_journal()
    if data_folder_is_a_file(paths.folder):
        folder_state = " " + _("(a file, not a folder: no journal can be kept there)")
        state = _("cannot be created: the data folder is a file")
    else:
        folder_state = ""
        state = _("exists") if paths.database.exists() else _("not created yet")
    print(_("Data folder: {path}").format(path=paths.folder) + folder_state, file=out)
    print(_("Journal:     {path} ({state})").format(path=paths.database, state=state), file=out)
    print(_("Key file:    {path}").format(path=paths.key_file), file=out)
    print(_("Settings:    {path}").format(path=config_dir()), file=out)
    return 0


def init(args, out, *, kdf_params=None) -> int:
    from storage.access import create_journal, journal_exists
    from storage.errors import JournalExists
    from storage.paths import default_journal

    paths = default_journal()
    if journal_exists(paths):
        raise JournalExists(str(paths.folder))
    passphrase = _new_passphrase(args.passphrase_stdin)
    created = create_journal(paths, passphrase, **_cost(kdf_params))
    with created.journal as journal:
        if args.name:
            journal.set_profile(args.name, args.role or "", args.phone or "", args.email or "")
    print(_("Created an encrypted journal in {path}.").format(path=paths.folder), file=out)
    _print_recovery_key(created.recovery_key, out)
    return 0


def _print_recovery_key(recovery_key: str, out) -> None:
    print("", file=out)
    print(_("Your recovery key (shown only this once):"), file=out)
    print("", file=out)
    print(f"    {recovery_key}", file=out)
    print("", file=out)
    print(
        _(
            "Write it on paper and keep it locked away from this computer. It opens the "
            "journal if you forget your passphrase; without either of them, nobody can "
            "read the journal, not even you."
        ),
        file=out,
    )


def passwd(args, out, *, kdf_params=None) -> int:
    from storage.access import open_with_recovery_key, unlock_with_passphrase
    from storage.paths import default_journal

    paths = default_journal()
    if getattr(args, "new_recovery_key", False):
        if args.recovery:
            raise UsageProblem(
                _("Give either --recovery or --new-recovery-key, not both; nothing was changed.")
            )
        return _new_recovery_key(args, out)
    # The key or the old passphrase is checked before the new one is asked for twice.
    if args.recovery:
        recovery_key = _read_line(_("Recovery key: "), args.passphrase_stdin)
        journal = open_with_recovery_key(paths, recovery_key)
        warn_if_key_slots_changed(journal)
        try:
            new = _new_passphrase(args.passphrase_stdin)
            journal.set_passphrase(new, reason="recovery", **_cost(kdf_params))
        finally:
            journal.close()
    else:
        old = _read_line(_("Current passphrase: "), args.passphrase_stdin)
        journal = unlock_with_passphrase(paths, old)
        warn_if_key_slots_changed(journal)
        try:
            new = _new_passphrase(args.passphrase_stdin)
            journal.change_passphrase(old, new, **_cost(kdf_params))
        finally:
            journal.close()
    print(
        _(
            "The passphrase is changed. The journal was not re-encrypted; your recovery key "
            "still works."
        ),
        file=out,
    )
    return 0


def _new_recovery_key(args, out) -> int:
    """`saknad passwd --new-recovery-key`: the passphrase opens, a new key is shown once."""
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        recovery_key = journal.replace_recovery_key()
    print(_("A new recovery key is made; the old one no longer works."), file=out)
    _print_recovery_key(recovery_key, out)
    return 0


def warn_if_key_slots_changed(journal) -> None:
    """Say on standard error, once per unlock, that the key file's slots were changed."""
    if journal.key_slots_changed:
        from storage.errors import KeySlotsChanged
        from tui.error_text import sentence_for

        print(sentence_for(KeySlotsChanged()), file=sys.stderr)


DEMO_PASSPHRASE = "saknad-demo"


def demo_create(args, out, *, today: date | None = None, kdf_params=None) -> Path:
    """Write the demo journal (fictitious people only) and return its folder.

    Into SAKNAD_HOME when it is set, else into a fresh throwaway folder, never over the
    counsellor's real journal.
    """
    import os

    from storage.access import create_journal
    from storage.demo import build_demo
    from storage.paths import JournalPaths

    if os.environ.get("SAKNAD_HOME"):
        check_data_folder()
        folder = Path(os.environ["SAKNAD_HOME"]).expanduser()
    else:
        folder = Path(tempfile.mkdtemp(prefix="saknad-demo-"))
    passphrase = DEMO_PASSPHRASE
    if args.passphrase_stdin:
        passphrase = _read_line("", True)
    created = create_journal(JournalPaths(folder), passphrase, **_cost(kdf_params))
    with created.journal as journal:
        build_demo(journal, today=today or date.today())
    print(
        _("Demo journal with fictitious pupils written to {path}.").format(path=folder), file=out
    )
    if not args.passphrase_stdin:
        print(_("Its passphrase is: {passphrase}").format(passphrase=DEMO_PASSPHRASE), file=out)
    return folder


def backup(args, out) -> int:
    """`saknad backup PATH`: a verified copy of the journal and its key file, as one file."""
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal
    from tui.backup_place import written_sentence

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        warn_if_key_slots_changed(journal)
        result = journal.backup(Path(args.path))
    print(written_sentence(result), file=out)
    return 0


def restore(args, out) -> int:
    """`saknad restore PATH`: a backup into the empty data folder, checked before it is placed."""
    from storage.backup import restore as restore_backup
    from storage.paths import default_journal

    paths = default_journal()
    if args.recovery:
        secret = {"recovery_key": _read_line(_("Recovery key: "), args.passphrase_stdin)}
    else:
        secret = {"passphrase": _read_line(_("Passphrase: "), args.passphrase_stdin)}
    restore_backup(Path(args.path), paths, **secret)
    print(
        _(
            "The backup passed every check and is restored into {path}. Open it with the "
            "passphrase or the recovery key of the journal it came from."
        ).format(path=paths.folder),
        file=out,
    )
    return 0


def check(args, out) -> int:
    """`saknad check`: SQLCipher's HMAC check and SQLite's integrity check, in one sentence."""
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        result = journal.check()
    if result.ok:
        print(
            _("The journal passed the integrity and HMAC checks: every page is whole."),
            file=out,
        )
        return 0
    print(
        ngettext(
            "The check found {count} problem in the journal file. Restore it from your "
            "latest backup (`saknad restore`); until then, change nothing.",
            "The check found {count} problems in the journal file. Restore it from your "
            "latest backup (`saknad restore`); until then, change nothing.",
            result.problems,
        ).format(count=result.problems),
        file=out,
    )
    return 1
