"""`saknad import`: dry runs write nothing, rejected rows are named by line and column,
--yes imports, and a second import of the same file changes nothing.

The command runs in-process (the `cli` fixture in conftest.py, with a fast KDF).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_with_passphrase

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


def _run(cli, home, *args, answer=""):
    return run_with_passphrase(cli, home, PASSPHRASE, "import", *args, answer=answer)


def test_dry_run_writes_nothing(home, class_list, cli):
    before = (home / "journal.db").read_bytes()
    result = _run(cli, home, str(class_list), "--dry-run", "--school", "Ekbacken", "--new-school")
    assert result.returncode == 0, result.stderr
    assert "encoding Windows-1252 (Excel on Windows), separator semicolon" in result.stdout
    assert "2 new pupils · 0 changed · 0 unchanged · 0 rejected rows" in result.stdout
    assert "Dry run: nothing was written." in result.stdout
    assert (home / "journal.db").read_bytes() == before
    assert pupils(home) == 0


def test_a_rejected_row_exits_1_and_names_line_and_column(home, tmp_path, cli):
    path = tmp_path / "trasig.csv"
    path.write_text(CLASS_LIST.replace(B, B[:-1] + str((int(B[-1]) + 1) % 10)), encoding="utf-8")
    result = _run(cli, home, str(path), "--yes", "--school", "Ekbacken", "--new-school")
    assert result.returncode == 1
    assert "line 3, Personnummer: the check digit is wrong" in result.stdout
    assert "Björn" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert pupils(home) == 0


def test_yes_imports_and_a_second_import_changes_nothing(home, class_list, cli):
    first = _run(cli, home, str(class_list), "--yes", "--school", "Ekbacken", "--new-school")
    assert first.returncode == 0, first.stderr
    assert "Imported: 2 new pupils, 0 changed, 0 unchanged, 2 new classes" in first.stdout
    assert pupils(home) == 2
    # One served school now: --school is not needed.
    again = _run(cli, home, str(class_list), answer="y")
    assert again.returncode == 0, again.stderr
    assert "0 new pupils · 0 changed · 2 unchanged · 0 rejected rows" in again.stdout
    assert pupils(home) == 2


def test_answering_no_imports_nothing(home, class_list, cli):
    result = _run(cli, home, str(class_list), "--school", "Ekbacken", "--new-school", answer="n")
    assert result.returncode == 1 and "Nothing was imported." in result.stdout
    assert pupils(home) == 0


def test_unknown_headers_ask_for_a_mapping_and_map_works(home, tmp_path, cli):
    path = tmp_path / "lista.csv"
    path.write_text(f"Elev-ID;Tilltal;Släktnamn\r\n{A};Åsa;Öberg\r\n", encoding="utf-8")
    result = _run(cli, home, str(path), "--dry-run")
    assert result.returncode == 1 and "--map HEADER=FIELD" in result.stdout
    mapped = _run(
        cli,
        home,
        str(path),
        "--yes",
        "--school",
        "Ekbacken",
        "--new-school",
        "--map",
        "Elev-ID=identity_number",
        "--map",
        "Tilltal=first_name",
        "--map",
        "Släktnamn=last_name",
    )
    assert mapped.returncode == 0, mapped.stderr + mapped.stdout
    assert pupils(home) == 1


def test_several_schools_need_school(home, class_list, cli):
    with unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal:
        journal.add_school("Ekbacken")
        journal.add_school("Furuskolan")
    result = _run(cli, home, str(class_list), "--dry-run")
    assert result.returncode == 2 and "--school" in result.stderr


# -- issue 8 --------------------------------------------------------------------------------


def _schools(home: Path) -> list[str]:
    with unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal:
        return [s.name for s in journal.schools()]


def test_a_refused_file_says_one_sentence_on_standard_error(home, tmp_path, cli):
    path = tmp_path / "trasig.csv"
    path.write_text(CLASS_LIST.replace(B, B[:-1] + str((int(B[-1]) + 1) % 10)), encoding="utf-8")
    result = _run(cli, home, str(path), "--yes", "--school", "Ekbacken", "--new-school")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Nothing was imported: 1 row of the file was rejected (listed above)."
    ]
    assert "line 3, Personnummer" in result.stdout  # the rows stay on standard output
    unmapped = tmp_path / "lista.csv"
    unmapped.write_text(f"Elev-ID;Tilltal\r\n{A};Åsa\r\n", encoding="utf-8")
    result = _run(cli, home, str(unmapped), "--dry-run")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1


def test_a_school_name_the_journal_lacks_is_refused_without_new_school(home, class_list, cli):
    with unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal:
        journal.add_school("Ekbacken")
    typo = _run(cli, home, str(class_list), "--yes", "--school", "Ekbaken")
    assert typo.returncode == 2
    assert typo.stderr.strip() == (
        "The journal has no school named Ekbaken; check the name, or add --new-school to "
        "create it with the import."
    )
    assert _schools(home) == ["Ekbacken"] and pupils(home) == 0
    # Answering no leaves no school behind either: it is created with the import.
    no = _run(cli, home, str(class_list), "--school", "Furuskolan", "--new-school", answer="n")
    assert no.returncode == 1 and _schools(home) == ["Ekbacken"]
    yes = _run(cli, home, str(class_list), "--school", "Furuskolan", "--new-school", answer="y")
    assert yes.returncode == 0, yes.stderr
    assert sorted(_schools(home)) == ["Ekbacken", "Furuskolan"] and pupils(home) == 2


def test_guardian_names_last_first_detected_shown_and_chosen(home, tmp_path, cli):
    path = tmp_path / "vh.csv"
    path.write_text(
        "Förnamn;Efternamn;Personnummer;Klass;Vårdnadshavare 1 namn\r\n"
        f"Åsa;Ström;{A};7A;Ström Per\r\n"
        f"Björn;Ek;{B};7B;Ek Anna Karin\r\n",
        encoding="utf-8-sig",
    )
    detected = _run(cli, home, str(path), "--dry-run", "--school", "Ekbacken", "--new-school")
    assert detected.returncode == 0, detected.stderr
    assert "encoding UTF-8 with BOM" in detected.stdout
    assert (
        "Guardians' names are read last name first (Efternamn Förnamn), as most rows show."
        in detected.stdout
    )
    assert "new guardian, line 2: first name Per, last name Ström" in detected.stdout
    assert "new guardian, line 3: first name Anna Karin, last name Ek" in detected.stdout
    chosen = _run(
        cli,
        home,
        str(path),
        "--dry-run",
        "--school",
        "Ekbacken",
        "--new-school",
        "--guardian-names",
        "first-last",
    )
    assert "first name Ström Per" not in chosen.stdout  # two words, last taken as last name
    assert "new guardian, line 2: first name Ström, last name Per" in chosen.stdout
    assert "as you chose" in chosen.stdout


def test_the_preview_shows_old_and_new_values_and_warnings(home, class_list, cli):
    first = _run(cli, home, str(class_list), "--yes", "--school", "Ekbacken", "--new-school")
    assert first.returncode == 0, first.stderr
    newer = class_list.parent / "nyare.csv"
    newer.write_bytes(
        CLASS_LIST.replace(f"Åsa;Öberg;{A};7A", f"Åsa;Öberg;{A};8A")
        .replace(f"Björn;Ek;{B}", f"Sixten;Lund;{B}")
        .encode("cp1252")
    )
    result = _run(cli, home, str(newer), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "changed, line 2: class 7A → 8A" in result.stdout
    assert (
        "warning, line 3: the journal has this identity number as Björn Ek; the file names "
        "Sixten Lund: check the number" in result.stdout
    )
    assert "1 class to create: 8A" in result.stdout


def test_an_import_says_when_the_key_files_slots_were_changed(home, class_list, cli):
    """Issue 9, point 9: every command that unlocks says so, the import too."""
    import base64
    import json
    import secrets

    from storage import keys

    key_file = home / "journal.keys"
    document = json.loads(key_file.read_text(encoding="utf-8"))
    recovery = next(s for s in document["slots"] if s["kind"] == "recovery")
    recovery["wrapped"] = base64.b64encode(secrets.token_bytes(48)).decode()
    document.pop("checksum", None)
    document["checksum"] = keys._checksum(document)  # changed by someone who knows the format
    key_file.write_text(json.dumps(document), encoding="utf-8")
    result = _run(cli, home, str(class_list), "--dry-run", "--school", "Ekbacken", "--new-school")
    assert result.returncode == 0, result.stderr
    assert "your recovery key may no longer work" in result.stderr
