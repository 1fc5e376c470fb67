"""`saknad handover PATH --to-name NAME`, in-process with fictitious data.

Three lines on standard input (the current passphrase, the new one twice); the new recovery
key is printed once; the copy restores with the new passphrase and the new recovery key and
not with the old passphrase; every refusal is one sentence without a traceback.
"""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from storage import models as m
from storage.access import unlock_with_passphrase
from storage.identity import fictitious_personnummer
from storage.keys import RECOVERY_ALPHABET
from storage.paths import JournalPaths

PASS = "a long enough passphrase"
NEW = "the successor's long passphrase"
KEY_LINE = re.compile(
    rf"^    ([{RECOVERY_ALPHABET}]{{4}}(?:-[{RECOVERY_ALPHABET}]{{4}}){{7}})$", re.M
)


@pytest.fixture
def home(tmp_path, cli) -> Path:
    home = tmp_path / "home"
    result = cli(home, "init", "--passphrase-stdin", "--name", "Karin Kurator", stdin=PASS + "\n")
    assert result.returncode == 0
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        pupil = journal.add_pupil(fictitious_personnummer(date(2013, 4, 2), 3), "Alva", "Påhitt")
        journal.add_entry(pupil, "En påhittad anteckning.")
    return home


def _hand_over(cli, home, target, stdin, *extra):
    return cli(
        home,
        "handover",
        str(target),
        "--to-name",
        "Sara Efterträdare",
        "--passphrase-stdin",
        *extra,
        stdin=stdin,
    )


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr


def test_handover_prints_the_new_recovery_key_once_and_the_copy_opens_with_it(cli, home, tmp_path):
    target = tmp_path / "usb" / "handover.saknad"
    target.parent.mkdir()
    made = _hand_over(cli, home, target, f"{PASS}\n{NEW}\n{NEW}\n")
    assert made.returncode == 0, made.stderr
    assert "verified" in made.stdout and "separately" in made.stdout
    keys = KEY_LINE.findall(made.stdout)
    assert len(keys) == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    refused = cli(
        tmp_path / "old", "restore", str(target), "--passphrase-stdin", stdin=PASS + "\n"
    )
    assert refused.returncode == 1
    _no_traceback(refused)

    restored = cli(
        tmp_path / "new", "restore", str(target), "--passphrase-stdin", stdin=NEW + "\n"
    )
    assert restored.returncode == 0, restored.stderr
    by_key = cli(
        tmp_path / "by-key",
        "restore",
        str(target),
        "--recovery",
        "--passphrase-stdin",
        stdin=keys[0] + "\n",
    )
    assert by_key.returncode == 0, by_key.stderr
    with unlock_with_passphrase(JournalPaths(tmp_path / "new"), NEW) as journal:
        assert [p.first_name for p in journal.pupils()] == ["Alva"]
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal, journal._session() as s:
        assert [r.recipient for r in s.exec(select(m.ExportRecord)).all()] == ["Sara Efterträdare"]


@pytest.mark.parametrize(
    ("stdin", "code", "words"),
    [
        (f"{PASS}\n{NEW}\nsomething else entirely\n", 2, "The two passphrases differ"),
        (f"{PASS}\n{PASS}\n{PASS}\n", 1, "the one the journal has now"),
        (f"{PASS}\nshort\nshort\n", 1, "at least 10"),
        (f"not my passphrase\n{NEW}\n{NEW}\n", 1, "passphrase"),
        (f"{PASS}\n{NEW}\n", 2, "one more line"),
    ],
)
def test_a_refused_handover_says_one_sentence_and_writes_nothing(
    cli, home, tmp_path, stdin, code, words
):
    target = tmp_path / "handover.saknad"
    result = _hand_over(cli, home, target, stdin)
    assert result.returncode == code
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)
    assert not target.exists()


def test_an_empty_successor_name_is_refused(cli, home, tmp_path):
    result = cli(
        home,
        "handover",
        str(tmp_path / "h.saknad"),
        "--to-name",
        "  ",
        "--passphrase-stdin",
        stdin=f"{PASS}\n{NEW}\n{NEW}\n",
    )
    assert result.returncode == 2
    assert "--to-name" in result.stderr
    assert not (tmp_path / "h.saknad").exists()
