"""No core dumps, a private data folder, a new recovery key from the command line, and a
sentence for a passphrase that is not UTF-8 (issue 9, points 5, 9, 13 and 14)."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import PROJECT
from conftest import PASSPHRASE

from storage import paths as storage_paths
from storage.access import create_journal, open_with_recovery_key, unlock_with_passphrase
from storage.errors import DataFolderNotPrivate, WrongRecoveryKey
from storage.keys import RECOVERY_ALPHABET
from tui.error_text import sentence_for
from tui.i18n import language, set_language

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="folder modes are POSIX")

_REPORT_LIMITS = """
import ctypes, ctypes.util, resource, sys
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
dumpable = "not-linux"
if sys.platform.startswith("linux"):
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    dumpable = "dumpable=%d" % libc.prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
print(soft, hard, dumpable)
"""


def _run_python(code: str, home: Path) -> str:
    env = dict(os.environ, SAKNAD_HOME=str(home), SAKNAD_LANG="en")
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _expected() -> str:
    return "0 0 dumpable=0" if sys.platform.startswith("linux") else "0 0 not-linux"


# -- core dumps (in a child process: the test runner itself keeps its limits) ----------------


@pytest.mark.skipif(os.name == "nt", reason="no core limit on Windows")
def test_the_hardening_function_turns_off_core_dumps_and_dumping(tmp_path):
    code = "from storage.process_hardening import disable_core_dumps\n"
    code += "disable_core_dumps(); disable_core_dumps()\n" + _REPORT_LIMITS
    assert _run_python(code, tmp_path) == _expected()


@pytest.mark.skipif(os.name == "nt", reason="no core limit on Windows")
def test_main_turns_off_core_dumps_before_any_command(tmp_path):
    code = "from tui.__main__ import main\nmain(['where'])\n" + _REPORT_LIMITS
    assert _run_python(code, tmp_path) == _expected()


@pytest.mark.skipif(os.name == "nt", reason="no core limit on Windows")
def test_make_app_turns_off_core_dumps(tmp_path):
    code = "from tui.app_factory import make_app\nmake_app(folder=__import__('pathlib')"
    code += f".Path({str(tmp_path / 'j')!r}))\n" + _REPORT_LIMITS
    assert _run_python(code, tmp_path) == _expected()


# -- the data folder is private --------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@POSIX_ONLY
def test_a_journal_created_in_a_folder_open_to_all_makes_it_private(journal_paths, fast_kdf):
    journal_paths.folder.mkdir()
    os.chmod(journal_paths.folder, 0o777)
    create_journal(journal_paths, PASSPHRASE, params=fast_kdf).journal.close()
    assert _mode(journal_paths.folder) == 0o700


@POSIX_ONLY
@pytest.mark.parametrize("mode", [0o777, 0o755, 0o750])
def test_opening_a_journal_in_a_readable_folder_makes_it_private(new_journal, journal_paths, mode):
    new_journal.journal.close()
    os.chmod(journal_paths.folder, mode)
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()
    assert _mode(journal_paths.folder) == 0o700


@POSIX_ONLY
def test_a_folder_that_cannot_be_made_private_is_refused_with_a_sentence(
    new_journal, journal_paths, monkeypatch
):
    new_journal.journal.close()
    os.chmod(journal_paths.folder, 0o755)

    def not_yours(path, mode):
        raise PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr(storage_paths.os, "chmod", not_yours)
    with pytest.raises(DataFolderNotPrivate) as refused:
        unlock_with_passphrase(journal_paths, PASSPHRASE)
    before = language()
    set_language("en")
    try:
        sentence = sentence_for(refused.value)
    finally:
        set_language(before)
    assert "can be read by other users" in sentence
    assert str(journal_paths.folder.parent) not in sentence  # no path: it may hold a name


# -- `saknad passwd --new-recovery-key` ------------------------------------------------------


def _recovery_key_in(output: str) -> str:
    lines = [line.strip() for line in output.splitlines()]
    return next(
        line
        for line in lines
        if len(line) == 39 and all(ch in RECOVERY_ALPHABET + "-" for ch in line)
    )


def test_passwd_new_recovery_key_shows_a_new_key_once_and_the_old_one_stops_working(
    cli, isolated_home
):
    created = cli(isolated_home, "init", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert created.returncode == 0, created.stderr
    old_key = _recovery_key_in(created.stdout)

    made = cli(
        isolated_home, "passwd", "--new-recovery-key", "--passphrase-stdin", stdin=PASSPHRASE
    )
    assert made.returncode == 0, made.stderr
    new_key = _recovery_key_in(made.stdout)
    assert new_key != old_key
    assert "shown only this once" in made.stdout

    paths = storage_paths.JournalPaths(isolated_home)
    open_with_recovery_key(paths, new_key).close()
    with pytest.raises(WrongRecoveryKey):
        open_with_recovery_key(paths, old_key)
    unlock_with_passphrase(paths, PASSPHRASE).close()  # the passphrase is unchanged


# -- a passphrase on standard input that is not UTF-8 ----------------------------------------


def test_a_passphrase_on_stdin_that_is_not_utf8_gets_a_sentence(
    isolated_home, monkeypatch, capsys, fast_kdf
):
    from tui.__main__ import main

    stdin = io.TextIOWrapper(io.BytesIO(b"correct horse \xff\xfe battery\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setenv("SAKNAD_LANG", "en")
    before = language()
    try:
        code = main(["init", "--passphrase-stdin"], kdf_params=fast_kdf)
    finally:
        set_language(before)
    err = capsys.readouterr().err
    assert code == 2
    assert "not UTF-8" in err
    assert "unexpected" not in err
    assert not (isolated_home / "journal.keys").exists()
