"""Shared fixtures: fast key derivation, journals under tmp_path, and keyrings in memory.

Nothing here touches the real home folder or the real OS keyring: SAKNAD_HOME points into
tmp_path for every test, and the keyring fixtures install a backend of their own and put the
previous one back afterwards.
"""

from __future__ import annotations

import io
import sys

import pytest

from storage.access import create_journal
from storage.keys import Argon2Params
from storage.paths import JournalPaths

PASSPHRASE = "correct horse battery staple"
"""The passphrase of `new_journal` (long enough for storage.keys.check_passphrase)."""


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Point SAKNAD_HOME at an empty temporary folder so no test touches the real home."""
    home = tmp_path_factory.mktemp("saknad-home")
    monkeypatch.setenv("SAKNAD_HOME", str(home))
    return home


@pytest.fixture
def fast_kdf() -> Argon2Params:
    """Argon2id costs small enough for tests (the real default takes ~0.2 s per unlock)."""
    return Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)


@pytest.fixture
def journal_paths(tmp_path) -> JournalPaths:
    """Where a test journal lives: a folder that does not exist yet."""
    return JournalPaths(tmp_path / "journal")


@pytest.fixture
def new_journal(journal_paths, fast_kdf):
    """A freshly created, open journal (storage.access.CreatedJournal); closed afterwards."""
    created = create_journal(journal_paths, PASSPHRASE, params=fast_kdf)
    try:
        yield created
    finally:
        created.journal.close()


@pytest.fixture
def cli(monkeypatch, capsys, fast_kdf):
    """`saknad ARGS` in this process, through tui.__main__.main, with the fast KDF.

    Call it as `cli(home, *args, stdin="...")`: SAKNAD_HOME=home, English, no debug switch,
    `stdin` as standard input. Returns a cli_helpers.CliResult with the exit code and what
    main printed on stdout and stderr (an exception escaping main fails the test).
    """
    from cli_helpers import CliResult

    from tui.__main__ import main
    from tui.i18n import language, set_language

    def run(home, *args: str, stdin: str = "") -> CliResult:
        before = language()
        capsys.readouterr()  # only this command's output
        with monkeypatch.context() as patch:
            patch.setenv("SAKNAD_HOME", str(home))
            patch.setenv("SAKNAD_LANG", "en")
            patch.delenv("SAKNAD_DEBUG", raising=False)
            patch.setattr(sys, "stdin", io.StringIO(stdin))
            try:
                code = main(list(args), kdf_params=fast_kdf)
            except SystemExit as exit_:  # argparse: --version, --help, usage errors
                code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
            finally:
                set_language(before)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


# -- keyrings ------------------------------------------------------------------------------


def _make_memory_keyring_class():
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class MemoryKeyring(KeyringBackend):
        """An OS keyring stand-in that keeps its secrets in a dict, for one test."""

        priority = 1

        def __init__(self):
            super().__init__()
            self.entries: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.entries.get((service, username))

        def set_password(self, service, username, password):
            self.entries[(service, username)] = password

        def delete_password(self, service, username):
            try:
                del self.entries[(service, username)]
            except KeyError:
                raise PasswordDeleteError("no such entry") from None

    return MemoryKeyring


@pytest.fixture
def _restore_keyring():
    import keyring

    previous = keyring.get_keyring()
    try:
        yield keyring
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(_restore_keyring):
    """An in-memory keyring backend, installed as keyring's backend; its `.entries` is a dict."""
    backend = _make_memory_keyring_class()()
    _restore_keyring.set_keyring(backend)
    return backend


@pytest.fixture
def no_keyring(_restore_keyring):
    """keyring's fail backend (what a headless machine gets): every call raises NoKeyringError."""
    from keyring.backends import fail

    backend = fail.Keyring()
    _restore_keyring.set_keyring(backend)
    return backend
