"""`saknad import`: dry runs write nothing, rejected rows are named by line and column,
--yes imports, and a second import of the same file changes nothing.

The command runs in-process (the `cli` fixture in conftest.py, with a fast KDF).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storage.access import unlock_with_passphrase
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths

PASSPHRASE = "a long enough passphrase"
A = fictitious_personnummer(date(2012, 5, 3), 0)
B = fictitious_personnummer(date(2013, 1, 9), 1)
CLASS_LIST = (
    "Förnamn;Efternamn;Personnummer;Klass;Vårdnadshavare 1 namn;"
    "Vårdnadshavare 1 telefon\r\n"
    f"Åsa;Öberg;{A};7A;Märta Öberg;0701112233\r\n"
    f"Björn;Ek;{B};7B;Per Ek;0702223344\r\n"
)


@pytest.fixture
def home(tmp_path, cli) -> Path:
    home = tmp_path / "home"
    assert cli(home, "init", "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    return home


@pytest.fixture
def class_list(tmp_path) -> Path:
    path = tmp_path / "klass.csv"
    path.write_bytes(CLASS_LIST.encode("cp1252"))
    return path


def pupils(home: Path) -> int:
    with unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal:
        return journal.summary().pupils


def test_dry_run_writes_nothing(home, class_list, cli):
    before = (home / "journal.db").read_bytes()
    result = cli(
        home,
        "import",
        str(class_list),
        "--dry-run",
        "--school",
        "Ekbacken",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert "encoding iso-8859-1, separator semicolon" in result.stdout
    assert "New: 2   Updated: 0   Unchanged: 0   Rejected: 0" in result.stdout
    assert "Dry run: nothing was written." in result.stdout
    assert (home / "journal.db").read_bytes() == before
    assert pupils(home) == 0


def test_a_rejected_row_exits_1_and_names_line_and_column(home, tmp_path, cli):
    path = tmp_path / "trasig.csv"
    path.write_text(CLASS_LIST.replace(B, B[:-1] + str((int(B[-1]) + 1) % 10)), encoding="utf-8")
    result = cli(
        home,
        "import",
        str(path),
        "--yes",
        "--school",
        "Ekbacken",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 1
    assert "line 3, Personnummer: the check digit is wrong" in result.stdout
    assert "Björn" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert pupils(home) == 0


def test_yes_imports_and_a_second_import_changes_nothing(home, class_list, cli):
    first = cli(
        home,
        "import",
        str(class_list),
        "--yes",
        "--school",
        "Ekbacken",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert first.returncode == 0, first.stderr
    assert "Imported: 2 new, 0 updated, 0 unchanged" in first.stdout
    assert pupils(home) == 2
    # One served school now: --school is not needed.
    again = cli(home, "import", str(class_list), "--passphrase-stdin", stdin=PASSPHRASE + "\ny\n")
    assert again.returncode == 0, again.stderr
    assert "New: 0   Updated: 0   Unchanged: 2" in again.stdout
    assert pupils(home) == 2


def test_answering_no_imports_nothing(home, class_list, cli):
    result = cli(
        home,
        "import",
        str(class_list),
        "--school",
        "Ekbacken",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\nn\n",
    )
    assert result.returncode == 1 and "Nothing was imported." in result.stdout
    assert pupils(home) == 0


def test_unknown_headers_ask_for_a_mapping_and_map_works(home, tmp_path, cli):
    path = tmp_path / "lista.csv"
    path.write_text(f"Elev-ID;Tilltal;Släktnamn\r\n{A};Åsa;Öberg\r\n", encoding="utf-8")
    result = cli(
        home, "import", str(path), "--dry-run", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 1 and "--map HEADER=FIELD" in result.stdout
    mapped = cli(
        home,
        "import",
        str(path),
        "--yes",
        "--school",
        "Ekbacken",
        "--map",
        "Elev-ID=identity_number",
        "--map",
        "Tilltal=first_name",
        "--map",
        "Släktnamn=last_name",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert mapped.returncode == 0, mapped.stderr + mapped.stdout
    assert pupils(home) == 1


def test_several_schools_need_school(home, class_list, cli):
    with unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal:
        journal.add_school("Ekbacken")
        journal.add_school("Furuskolan")
    result = cli(
        home, "import", str(class_list), "--dry-run", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 2 and "--school" in result.stderr
