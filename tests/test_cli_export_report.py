"""`saknad export report PUPIL --format pdf|md|json --purpose TEXT [--to PATH]`, in-process
with fictitious data: the pupil's report in hand is written 0600 and recorded (with its
draft), the PDF is PDF/A with the note printed as written, and a refusal is one sentence."""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_with_passphrase
from pypdf import PdfReader
from sqlmodel import select

from storage import models as m
from storage.access import unlock_with_passphrase
from storage.codes import EntryKind, ExportContent, ExportFormat
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from storage.report_of_concern import DraftFields

PASS = "a long enough passphrase"
NUMBER = fictitious_personnummer(date(2013, 4, 2), 3)
HOSTILE = '#read("/etc/passwd") *fet* [bold]x[/]'


@pytest.fixture
def home(tmp_path, cli) -> Path:
    home = tmp_path / "home"
    result = cli(home, "init", "--passphrase-stdin", "--name", "Karin Kurator", stdin=PASS + "\n")
    assert result.returncode == 0
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        pupil = journal.add_pupil(NUMBER, "Alva", "Påhitt")
        journal.add_entry(pupil, HOSTILE, kind=EntryKind.OBSERVATION)
    return home


def _export_records(home: Path) -> list:
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal, journal._session() as s:
        return list(s.exec(select(m.ExportRecord)).all())


def test_a_pdf_of_the_report_in_hand_is_written_and_recorded(cli, home):
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        (pupil,) = [p.id for p in journal.pupils()]
        draft = journal.start_report(pupil)
        journal.update_report_draft(draft, DraftFields(worry="Hon är rädd att resa."))
    made = run_with_passphrase(
        cli, home, PASS, "export", "report", NUMBER, "--format", "pdf", "--purpose", "Skriftlig"
    )
    assert made.returncode == 0, made.stderr
    assert "is written to" in made.stdout and made.stderr == ""
    (written,) = (home / "exports").iterdir()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    reader = PdfReader(written)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Hon är rädd att resa." in text and "#read" in text and "[bold]x[/]" in text
    assert "pdfaid:part" in reader.xmp_metadata.rdf_root.toxml()  # PDF/A declared
    (record,) = _export_records(home)
    assert (record.content, record.format, record.purpose, record.report_draft_id) == (
        ExportContent.REPORT_OF_CONCERN,
        ExportFormat.PDF,
        "Skriftlig",
        draft,
    )
    assert record.recipient == "Social services"  # the CLI's default, in its language
    assert record.sha256 == hashlib.sha256(written.read_bytes()).hexdigest()


def test_without_a_draft_one_is_started_and_the_missing_worry_is_said(cli, home, tmp_path):
    target = tmp_path / "anmalan.json"
    made = run_with_passphrase(
        cli,
        home,
        PASS,
        "export",
        "report",
        "1",
        "--format",
        "json",
        "--purpose",
        "Underlag",
        "--recipient",
        "Socialtjänsten i Exempelby",
        "--to",
        str(target),
    )
    assert made.returncode == 0, made.stderr
    assert "own words" in made.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["child"]["identity_number"] == f"{NUMBER[:8]}-{NUMBER[8:]}"
    (item,) = document["worry"]["reporter_saw_or_heard"]
    assert item["text"] == HOSTILE
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        assert len(journal.report_drafts()) == 1


def test_an_unknown_pupil_or_an_empty_purpose_is_one_sentence_and_nothing_is_written(cli, home):
    for pupil, purpose in ((fictitious_personnummer(date(2014, 1, 1), 9), "x"), (NUMBER, " ")):
        made = run_with_passphrase(
            cli, home, PASS, "export", "report", pupil, "--format", "md", "--purpose", purpose
        )
        assert made.returncode != 0
        assert "Traceback" not in made.stderr and made.stderr.strip().count("\n") == 0
    assert not (home / "exports").exists() or not list((home / "exports").iterdir())


def test_the_help_examples_use_a_valid_fictitious_number():
    """A counsellor copies the example: its check digit must be right (and the number one
    of storage.identity's fictitious ones, never a real child's)."""
    import re

    import tui.cli_export
    from storage.identity import parse

    numbers = set(re.findall(r"\b\d{8}-\d{4}\b", tui.cli_export.__doc__ or ""))
    assert numbers
    for number in numbers:
        parse(number)  # raises on a wrong check digit
        assert number.replace("-", "") == fictitious_personnummer(date(2008, 3, 4), 2)
