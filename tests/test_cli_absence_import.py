"""`saknad import-absence`: a dry run writes nothing, --yes imports, rejected rows are named by
line and column, a re-import changes nothing, and unknown headers ask for --map.

In-process through the `cli` fixture (conftest.py), with a fast KDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from absence_files import NUMBERS, csv_bytes
from cli_helpers import run_with_passphrase

from storage.access import unlock_with_passphrase
from storage.paths import JournalPaths

PASSPHRASE = "a long enough passphrase"
CLASS_LIST = "Förnamn;Efternamn;Personnummer;Klass\r\n" + "".join(
    f"{first};Prov;{NUMBERS[n]};7A\r\n" for n, first in enumerate(("Åsa", "Bo", "Cilla"))
)
ROWS = [
    f"{NUMBERS[0]};Åsa Prov;7A;2026-11-23;1;08:10;09:00;50;Ogiltig",
    f"{NUMBERS[1]};Bo Prov;7A;2026-11-23;;;;;Sjuk",
    f"{NUMBERS[2]};Cilla Prov;7A;2026-11-24;3;;;12;Sen ankomst",
]


@pytest.fixture
def home(tmp_path, cli) -> Path:
    home = tmp_path / "home"
    assert cli(home, "init", "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    lista = tmp_path / "klass.csv"
    lista.write_bytes(CLASS_LIST.encode("cp1252"))
    imported = run_with_passphrase(
        cli,
        home,
        PASSPHRASE,
        "import",
        str(lista),
        "--school",
        "Ekbacken",
        "--new-school",
        "--yes",
    )
    assert imported.returncode == 0, imported.stderr
    return home


def _file(tmp_path, rows, **kwargs) -> Path:
    path = tmp_path / "franvaro.csv"
    path.write_bytes(csv_bytes(rows, **kwargs))
    return path


def _marks(home: Path) -> list[tuple]:
    with (
        unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal,
        journal._engine.connect() as connection,
    ):
        return connection.exec_driver_sql(
            "SELECT on_date, lesson, code, minutes, source FROM absence_mark"
            " ORDER BY on_date, coalesce(lesson, 0)"
        ).all()


def _run(cli, home, path, *args):
    return run_with_passphrase(cli, home, PASSPHRASE, "import-absence", str(path), *args)


def test_dry_run_shows_the_preview_and_writes_nothing(home, tmp_path, cli):
    before = (home / "journal.db").read_bytes()
    result = _run(cli, home, _file(tmp_path, ROWS, encoding="windows-1252"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Format: CSV, encoding Windows-1252 (Excel on Windows), separator semicolon" in (
        result.stdout
    )
    assert "3 new marks · 0 changed · 0 unchanged · 0 rejected rows" in result.stdout
    assert "Dry run: nothing was written." in result.stdout
    assert (home / "journal.db").read_bytes() == before


def test_yes_imports_and_a_second_run_changes_nothing(home, tmp_path, cli):
    path = _file(tmp_path, ROWS)
    result = _run(cli, home, path, "--yes")
    assert result.returncode == 0, result.stderr
    assert "Absence imported: 3 new marks, 0 changed, 0 unchanged." in result.stdout
    assert _marks(home) == [
        ("2026-11-23", None, "ill", None, "import"),
        ("2026-11-23", 1, "invalid", 50, "import"),
        ("2026-11-24", 3, "late", 12, "import"),
    ]
    again = _run(cli, home, path, "--yes")
    assert again.returncode == 0
    assert "0 new marks · 0 changed · 3 unchanged" in again.stdout
    assert "The register already matches this file." in again.stdout


def test_a_changed_mark_is_listed_with_what_it_held(home, tmp_path, cli):
    _run(cli, home, _file(tmp_path, ROWS), "--yes")
    newer = [ROWS[0].replace("Ogiltig", "Giltig"), *ROWS[1:]]
    result = _run(cli, home, _file(tmp_path, newer), "--dry-run")
    assert "0 new marks · 1 changed · 2 unchanged" in result.stdout
    assert (
        "  changed, line 2: Åsa Prov, 2026-11-23, lesson 1: invalid absence, 50 min → "
        "valid absence, 50 min"
    ) in result.stdout


def test_rejected_rows_are_named_and_nothing_is_imported(home, tmp_path, cli):
    rows = [*ROWS, f"{NUMBERS[3]};Dani Prov;7A;2026-11-23;2;;;;Ogiltig", ROWS[0][:-7] + "Kanske"]
    before = (home / "journal.db").read_bytes()
    result = _run(cli, home, _file(tmp_path, rows), "--yes")
    assert result.returncode == 1
    assert "  line 6, Frånvarotyp: the kind of absence is not understood" in result.stdout
    assert (
        "  line 5, Personnummer: no pupil with this identity number in the journal"
        in result.stdout
    )
    assert "Nothing was imported: 2 rows of the file were rejected" in result.stderr
    assert (home / "journal.db").read_bytes() == before


def test_unknown_headers_are_listed_and_map_reads_them(home, tmp_path, cli):
    path = _file(tmp_path, [f"{NUMBERS[0]};2026-11-23;2;Ogiltig"], header="Elev;När;Pass;Vad")
    result = _run(cli, home, path, "--dry-run")
    assert result.returncode == 1
    assert "Columns in the file: Elev, När, Pass, Vad" in result.stdout
    assert "kind (kind of absence)" in result.stdout
    mapped = _run(
        cli,
        home,
        path,
        "--dry-run",
        "--map",
        "Elev=identity_number",
        "--map",
        "När=date",
        "--map",
        "Vad=kind",
    )
    assert mapped.returncode == 0, mapped.stderr
    assert "1 new mark · 0 changed" in mapped.stdout


def test_a_map_for_a_missing_column_is_a_sentence(home, tmp_path, cli):
    result = _run(cli, home, _file(tmp_path, ROWS), "--map", "Finns inte=kind")
    assert result.returncode != 0
    assert "No file has a column named Finns inte." in result.stderr


def test_answering_no_imports_nothing(home, tmp_path, cli):
    path = _file(tmp_path, ROWS)
    result = run_with_passphrase(cli, home, PASSPHRASE, "import-absence", str(path), answer="n")
    assert result.returncode == 1
    assert "Nothing was imported." in result.stdout
    assert _marks(home) == []
