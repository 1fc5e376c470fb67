"""`saknad backup`, `saknad restore` and `saknad check`, in-process with fictitious data.

Each reads its passphrase from standard input with --passphrase-stdin, says one sentence, and
turns every refusal into one sentence without a traceback.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cli_helpers import run_with_passphrase

from storage.access import unlock_with_passphrase
from storage.backup import BackupResult
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.backup_place import written_sentence
from tui.i18n import set_language

PASS = "a long enough passphrase"


@pytest.fixture
def home(tmp_path, cli) -> Path:
    home = tmp_path / "home"
    result = cli(home, "init", "--passphrase-stdin", "--name", "Karin Kurator", stdin=PASS + "\n")
    assert result.returncode == 0
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        from datetime import date

        pupil = journal.add_pupil(fictitious_personnummer(date(2013, 4, 2), 3), "Alva", "Påhitt")
        journal.add_entry(pupil, "En påhittad anteckning.")
    return home


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr


def test_backup_restore_and_check(cli, home, tmp_path):
    target = tmp_path / "backups" / "saknad.backup"
    target.parent.mkdir()
    made = run_with_passphrase(cli, home, PASS, "backup", str(target))
    assert made.returncode == 0, made.stderr
    assert "verified" in made.stdout
    # The very sentence the app's backup dialog says (tui.backup_place.written_sentence), in
    # English as the command ran (a test before this one in the worker may leave Swedish on).
    set_language("en")
    assert made.stdout.strip() == written_sentence(BackupResult(target, "", 0, {}))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    new_home = tmp_path / "new-home"
    restored = run_with_passphrase(cli, new_home, PASS, "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "passed every check" in restored.stdout
    with unlock_with_passphrase(JournalPaths(new_home), PASS) as journal:
        assert [p.first_name for p in journal.pupils()] == ["Alva"]

    checked = run_with_passphrase(cli, new_home, PASS, "check")
    assert checked.returncode == 0
    assert checked.stdout.strip() == (
        "The journal passed the integrity and HMAC checks: every page is whole."
    )


def test_restore_with_the_recovery_key(cli, tmp_path):
    import re

    home = tmp_path / "home"
    made = cli(home, "init", "--passphrase-stdin", stdin=PASS + "\n")
    recovery_key = re.search(r"\b([0-9A-Z]{4}-){7}[0-9A-Z]{4}\b", made.stdout).group(0)  # type: ignore[union-attr]
    assert run_with_passphrase(cli, home, PASS, "backup", str(tmp_path / "b")).returncode == 0
    restored = run_with_passphrase(
        cli, tmp_path / "new", recovery_key, "restore", "--recovery", str(tmp_path / "b")
    )
    assert restored.returncode == 0, restored.stderr


def test_restore_into_a_folder_with_a_journal_is_one_sentence(cli, home, tmp_path):
    target = tmp_path / "b.backup"
    assert run_with_passphrase(cli, home, PASS, "backup", str(target)).returncode == 0
    before = sorted(p.name for p in home.iterdir())
    refused = run_with_passphrase(cli, home, PASS, "restore", str(target))
    assert refused.returncode == 1
    assert "is not empty, so the backup was not restored" in refused.stderr
    assert str(tmp_path) not in refused.stderr  # the folder's own name only
    _no_traceback(refused)
    assert sorted(p.name for p in home.iterdir()) == before


def test_a_damaged_backup_is_one_sentence_and_nothing_is_written(cli, home, tmp_path):
    target = tmp_path / "b.backup"
    assert run_with_passphrase(cli, home, PASS, "backup", str(target)).returncode == 0
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 3])
    new_home = tmp_path / "new-home"
    refused = run_with_passphrase(cli, new_home, PASS, "restore", str(target))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "The backup file is damaged or is not a Saknad backup, so it was refused; nothing "
        "was written. Use another copy of the backup."
    )
    _no_traceback(refused)
    assert not new_home.exists() or list(new_home.iterdir()) == []


def test_a_missing_backup_file_is_one_sentence(cli, tmp_path):
    refused = run_with_passphrase(
        cli, tmp_path / "new-home", PASS, "restore", str(tmp_path / "nowhere.backup")
    )
    assert refused.returncode == 1
    assert "nowhere.backup" in refused.stderr and "does not exist" in refused.stderr
    _no_traceback(refused)


def test_check_reports_a_damaged_page_in_one_sentence(cli, home, tmp_path):
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        pupil = journal.pupils()[0].id
        for n in range(200):
            journal.add_entry(pupil, f"Påhittad anteckning nummer {n}, lite längre text.")
    database = JournalPaths(home).database
    data = database.read_bytes()
    at = len(data) - 4096 + 300
    database.write_bytes(data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1 :])
    checked = run_with_passphrase(cli, home, PASS, "check")
    assert checked.returncode == 1
    assert checked.stdout.startswith("The check found ")
    assert "problem" in checked.stdout and "saknad restore" in checked.stdout
    _no_traceback(checked)


def test_backup_with_a_wrong_passphrase_writes_nothing(cli, home, tmp_path):
    target = tmp_path / "b.backup"
    refused = run_with_passphrase(cli, home, "not the passphrase", "backup", str(target))
    assert refused.returncode == 1
    assert "does not open the journal" in refused.stderr
    assert not target.exists()


def test_the_sentences_are_swedish_by_default(home, tmp_path, monkeypatch, capsys):
    import io
    import sys

    from tui.__main__ import main
    from tui.i18n import language, set_language

    target = tmp_path / "b.backup"
    before = language()
    monkeypatch.setenv("SAKNAD_HOME", str(home))
    monkeypatch.delenv("SAKNAD_LANG", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASS + "\n"))
    capsys.readouterr()
    try:
        assert main(["backup", "--passphrase-stdin", str(target)]) == 0
    finally:
        set_language(before)
    assert capsys.readouterr().out.startswith("Säkerhetskopian är skriven till ")
