"""`saknad export access PUPIL --purpose TEXT [--to PATH] --passphrase-stdin`, in-process with
fictitious data: the file is written 0600, recorded, and every refusal is one sentence."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_with_passphrase
from sqlalchemy import text

from storage.access import unlock_with_passphrase
from storage.codes import ExportContent
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths

PASS = "a long enough passphrase"
NUMBER = fictitious_personnummer(date(2013, 4, 2), 3)


@pytest.fixture
def home(tmp_path, cli) -> Path:
    home = tmp_path / "home"
    result = cli(home, "init", "--passphrase-stdin", "--name", "Karin Kurator", stdin=PASS + "\n")
    assert result.returncode == 0
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        pupil = journal.add_pupil(NUMBER, "Alva", "Påhitt")
        journal.add_entry(pupil, "En påhittad anteckning.")
    return home


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr


def test_export_access_by_identity_number_into_the_exports_folder(cli, home):
    made = run_with_passphrase(
        cli, home, PASS, "export", "access", NUMBER, "--purpose", "Registerutdrag"
    )
    assert made.returncode == 0, made.stderr
    assert "is written to" in made.stdout and "secrecy (OSL)" in made.stdout
    files = list((home / "exports").iterdir())
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    document = json.loads(files[0].read_text(encoding="utf-8"))
    assert document["pupil"]["identity_number"] == NUMBER
    assert [e["text"] for e in document["journal_entries"]] == ["En påhittad anteckning."]
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal, journal._session() as s:
        row = s.connection().execute(text("SELECT content, purpose, file_name FROM export_record"))
        recorded = row.one()
    assert tuple(recorded) == (ExportContent.RIGHT_OF_ACCESS, "Registerutdrag", str(files[0]))


def test_export_access_by_id_to_a_chosen_file(cli, home, tmp_path):
    target = tmp_path / "utdrag.json"
    made = run_with_passphrase(
        cli, home, PASS, "export", "access", "1", "--purpose", "Utdrag", "--to", str(target)
    )
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["pupil"]["first_name"] == "Alva"


def test_an_unknown_pupil_is_one_sentence_and_no_file(cli, home, tmp_path):
    refused = run_with_passphrase(
        cli, home, PASS, "export", "access", "77", "--purpose", "Utdrag", "--to", str(tmp_path)
    )
    assert refused.returncode == 1
    _no_traceback(refused)
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not (home / "exports").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["home"]


def test_the_purpose_is_required(cli, home):
    refused = run_with_passphrase(cli, home, PASS, "export", "access", NUMBER)
    assert refused.returncode == 2
    assert "--purpose" in refused.stderr
