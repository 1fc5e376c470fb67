"""The `saknad` command: exit codes, one sentence on errors, passphrases from stdin.

Most tests run the command in-process (the `cli` fixture: fast KDF, captured output); the
smoke tests marked below run the real `python -m tui` for real exit codes and stderr.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import PROJECT, saknad

from storage.access import unlock_with_passphrase, unlock_with_recovery_key
from storage.keys import DEFAULT_ARGON2, KeySlots
from storage.keys import PASSPHRASE as PASSPHRASE_SLOT
from storage.paths import JournalPaths

RECOVERY = re.compile(r"\b([0-9A-Z]{4}-){7}[0-9A-Z]{4}\b")


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr


def test_version(cli):
    result = cli(Path("/nonexistent"), "--version")
    assert result.returncode == 0 and re.fullmatch(r"saknad \d+\.\d+\.\d+\n", result.stdout)


def test_init_prints_the_recovery_key_once_and_it_works(home, cli):
    result = cli(
        home,
        "init",
        "--passphrase-stdin",
        "--name",
        "Kim Fiktiv",
        stdin="a long enough passphrase\n",
    )
    assert result.returncode == 0, result.stderr
    keys = RECOVERY.findall(result.stdout)
    assert len(RECOVERY.findall(result.stdout)) == 1 and keys
    key = RECOVERY.search(result.stdout).group(0)
    with unlock_with_passphrase(JournalPaths(home), "a long enough passphrase") as journal:
        assert journal.profile().name == "Kim Fiktiv"
    unlock_with_recovery_key(JournalPaths(home), key, "another long passphrase").close()
    assert (home / "journal.db").stat().st_mode & 0o777 == 0o600


def test_init_refuses_to_overwrite(home, cli):
    assert (
        cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n").returncode == 0
    )
    before = (home / "journal.db").read_bytes()
    result = cli(home, "init", "--passphrase-stdin", stdin="another passphrase here\n")
    assert result.returncode == 1
    assert result.stderr.strip() == "A journal already exists here; nothing was overwritten."
    assert (home / "journal.db").read_bytes() == before


# Smoke test: the real command in a subprocess, which only ever uses the default KDF cost.
def test_the_installed_command_keeps_the_default_kdf_cost(home):
    result = saknad(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    assert result.returncode == 0, result.stderr
    _no_traceback(result)
    kdf = KeySlots.load(home / "journal.keys").slots[PASSPHRASE_SLOT].kdf
    assert (kdf["time_cost"], kdf["memory_kib"], kdf["parallelism"]) == (
        DEFAULT_ARGON2.time_cost,
        DEFAULT_ARGON2.memory_kib,
        DEFAULT_ARGON2.parallelism,
    )


def test_init_refuses_a_short_passphrase_with_a_sentence(home, cli):
    result = cli(home, "init", "--passphrase-stdin", stdin="short\n")
    assert result.returncode == 1
    assert "too short" in result.stderr and result.stderr.count("\n") == 1
    _no_traceback(result)
    assert not (home / "journal.db").exists()


def test_passwd_with_a_wrong_passphrase_is_one_sentence(home, cli):
    cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    result = cli(
        home, "passwd", "--passphrase-stdin", stdin="wrong passphrase\nthe new passphrase\n"
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "That passphrase does not open the journal. Check Caps Lock and try again."
    )
    _no_traceback(result)


def test_passwd_changes_the_passphrase(home, cli):
    cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    result = cli(
        home,
        "passwd",
        "--passphrase-stdin",
        stdin="a long enough passphrase\nthe new passphrase\n",
    )
    assert result.returncode == 0, result.stderr
    unlock_with_passphrase(JournalPaths(home), "the new passphrase").close()


def test_passwd_with_the_recovery_key(home, cli):
    init = cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    key = RECOVERY.search(init.stdout).group(0)
    result = cli(
        home,
        "passwd",
        "--recovery",
        "--passphrase-stdin",
        stdin=f"{key.lower()}\nthe new passphrase\n",
    )
    assert result.returncode == 0, result.stderr
    unlock_with_passphrase(JournalPaths(home), "the new passphrase").close()


def test_missing_key_file_is_reported_not_replaced(home, cli):
    cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    (home / "journal.keys").unlink()
    before = (home / "journal.db").read_bytes()
    result = cli(
        home,
        "passwd",
        "--passphrase-stdin",
        stdin="a long enough passphrase\nthe new passphrase\n",
    )
    assert result.returncode == 1 and "key file is missing" in result.stderr
    assert not (home / "journal.keys").exists()
    assert (home / "journal.db").read_bytes() == before


def test_no_journal_says_what_to_do(home, cli):
    result = cli(home, "passwd", "--passphrase-stdin", stdin="x\ny\n")
    assert result.returncode == 1 and "saknad init" in result.stderr


# Smoke test: the real command in a subprocess.
def test_missing_stdin_line_is_a_usage_error(home):
    result = saknad(home, "init", "--passphrase-stdin", stdin="")
    assert result.returncode == 2 and "standard input" in result.stderr
    _no_traceback(result)


def test_where_shows_the_folders(home, cli):
    result = cli(home, "where")
    assert result.returncode == 0
    assert str(home / "journal.db") in result.stdout and "not created yet" in result.stdout


# Smoke test: the real command, with SAKNAD_LANG unset.
def test_swedish_is_the_default_language(home):
    env = dict(os.environ, SAKNAD_HOME=str(home))
    env.pop("SAKNAD_LANG", None)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "where"],
        text=True,
        capture_output=True,
        env=env,
        cwd=PROJECT,
        timeout=60,
    )
    assert "Datamapp" in result.stdout


def test_demo_create_only_writes_a_fictitious_journal(home, cli):
    result = cli(
        home, "demo", "--create-only", "--passphrase-stdin", stdin="demo passphrase here\n"
    )
    assert result.returncode == 0, result.stderr
    with unlock_with_passphrase(JournalPaths(home), "demo passphrase here") as journal:
        summary = journal.summary()
        assert summary.pupils > 100 and summary.open_missing >= 1
        # Only numbers from the reserved test series (or temporary school numbers).
        for pupil in journal.pupils():
            number = pupil.identity_number
            assert pupil.identity_kind == "temporary" or 980 <= int(number[8:11]) <= 999


@pytest.mark.parametrize("app_code, exit_code", [(None, 0), (1, 1)])
def test_saknad_exits_with_the_apps_own_code(tmp_path, monkeypatch, app_code, exit_code):
    """An app that ended on an error (its sentence shown) makes `saknad` exit non-zero."""
    from app_helpers import build_app

    from tui.__main__ import main

    app = build_app(tmp_path)

    async def leave(pilot):
        await pilot.pause()  # the first screen is up
        pilot.app.exit(return_code=app_code or 0)

    real_run = app.run
    monkeypatch.setattr(app, "run", lambda: real_run(headless=True, auto_pilot=leave))
    monkeypatch.setattr("tui.app_factory.make_app", lambda: app)
    assert main([]) == exit_code


# -- no terminal, passwd's order, a data folder that is a file (issue 8: 23, 24, 25) --------


@pytest.fixture
def no_terminal_prompt(monkeypatch):
    """getpass must not be reached: with no terminal it warns and reads stdin in the clear."""

    def refuse(prompt=""):
        raise AssertionError("getpass was asked without a terminal")

    monkeypatch.setattr("getpass.getpass", refuse)


@pytest.mark.parametrize("command", [["init"], ["passwd"], ["passwd", "--recovery"]])
def test_without_a_terminal_it_says_so_and_names_passphrase_stdin(
    home, cli, command, no_terminal_prompt, recwarn
):
    if command[0] == "passwd":
        cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    result = cli(home, *command, stdin="")  # standard input is not a terminal
    assert result.returncode == 2
    assert "no terminal to ask on" in result.stderr and "--passphrase-stdin" in result.stderr
    assert "unexpected" not in result.stderr and "GetPassWarning" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert not [w for w in recwarn if w.category.__name__ == "GetPassWarning"]


def test_passwd_checks_the_recovery_key_before_asking_for_the_new_passphrase(home, cli):
    cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    wrong_key = "0000-0000-0000-0000-0000-0000-0000-0000"
    # One line only: a wrong key is refused before a new passphrase is read.
    result = cli(home, "passwd", "--recovery", "--passphrase-stdin", stdin=f"{wrong_key}\n")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "That recovery key does not open the journal. Check it against the copy you wrote down."
    )


def test_passwd_checks_the_current_passphrase_before_asking_for_the_new_one(home, cli):
    cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    result = cli(home, "passwd", "--passphrase-stdin", stdin="not the passphrase\n")
    assert result.returncode == 1 and "does not open the journal" in result.stderr


def test_passwd_with_the_recovery_key_refuses_a_short_new_passphrase(home, cli):
    init = cli(home, "init", "--passphrase-stdin", stdin="a long enough passphrase\n")
    key = RECOVERY.search(init.stdout).group(0)
    result = cli(home, "passwd", "--recovery", "--passphrase-stdin", stdin=f"{key}\nshort\n")
    assert result.returncode == 1 and "too short" in result.stderr
    unlock_with_passphrase(JournalPaths(home), "a long enough passphrase").close()


@pytest.fixture
def home_is_a_file(tmp_path) -> Path:
    folder = tmp_path / "Kim Fiktiv" / "saknad-data"
    folder.parent.mkdir()
    folder.write_text("not a folder\n", encoding="utf-8")
    return folder


def test_where_says_the_data_folder_is_a_file(home_is_a_file, cli):
    result = cli(home_is_a_file, "where")
    assert result.returncode == 0
    assert "not created yet" not in result.stdout
    assert "a file, not a folder" in result.stdout


@pytest.mark.parametrize(
    "command, stdin",
    [
        (["init", "--passphrase-stdin"], "a long enough passphrase\n"),
        (["passwd", "--passphrase-stdin"], "a long enough passphrase\nthe new passphrase\n"),
        (["passwd", "--recovery"], ""),
        (["import", "--dry-run", "--passphrase-stdin", "klass.csv"], "x\n"),
        (["demo", "--create-only", "--passphrase-stdin"], "demo passphrase here\n"),
        (
            ["stats", "--term", "HT2026", "--format", "md", "--passphrase-stdin"],
            "a long enough passphrase\n",
        ),
        (["backup", "--passphrase-stdin", "b.saknad"], "a long enough passphrase\n"),
    ],
)
def test_every_command_that_opens_the_journal_says_the_folder_is_a_file(
    home_is_a_file, cli, command, stdin
):
    result = cli(home_is_a_file, *command, stdin=stdin)
    assert result.returncode == 1
    assert result.stderr == (
        "Saknad's data folder (saknad-data) is a file, not a folder, so no journal can be "
        "opened or created there. Run `saknad where` to see the path; nothing was changed.\n"
    )
    assert "Kim Fiktiv" not in result.stderr  # the base name only, never the folders above
    assert home_is_a_file.read_text(encoding="utf-8") == "not a folder\n"
