"""`saknad stats`: the statistics written to a private file, recorded, and never a name.

A journal of fictitious pupils: one school, autumn term 2025, six missing-pupil cases (five
located, one moved away) and a pupil not back after höstlov.
"""

from __future__ import annotations

import hashlib
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_helpers import run_with_passphrase

from storage.access import unlock_with_passphrase
from storage.codes import CalendarKind, CaseKind, CaseOutcome, ExportContent, ExportFormat
from storage.identity import fictitious_personnummer
from storage.marks import MarkWrite
from storage.paths import JournalPaths

PASS = "a long enough passphrase"
NAMES = [("Alva", "Påhittsson"), ("Bo", "Diktsson"), ("Cilla", "Låtsasdotter")]


def d(month: int, day: int) -> date:
    return date(2025, month, day)


@pytest.fixture
def home(tmp_path, cli) -> tuple[Path, list[str]]:
    home = tmp_path / "home"
    made = cli(home, "init", "--passphrase-stdin", "--name", "Karin Kurator", stdin=PASS + "\n")
    assert made.returncode == 0
    numbers = []
    with unlock_with_passphrase(JournalPaths(home), PASS) as journal:
        school = journal.add_school("Ekbackens skola")
        journal.add_calendar_period(school, CalendarKind.TERM, d(8, 20), d(12, 19), "Hösttermin")
        journal.add_calendar_period(school, CalendarKind.BREAK, d(10, 27), d(10, 31), "Höstlov")
        group = journal.add_group(school, "8A", school_year=8)
        pupils = []
        for n in range(7):
            first, last = NAMES[n % len(NAMES)]
            number = fictitious_personnummer(date(2011, 3, 4), n)
            numbers.append(number)
            pupils.append(
                journal.add_pupil(
                    number,
                    f"{first}{n}",
                    last,
                    school_id=school,
                    group_id=group,
                    today=d(8, 1),
                    enrolled_on=d(8, 1),
                )
            )
        for n, pupil in enumerate(pupils[:6]):
            opened = datetime(2025, 9, 8, 9, tzinfo=UTC)
            case = journal.open_case(pupil, CaseKind.MISSING, d(9, 8), at=opened)
            closed = datetime(2025, 9, 10 + n, 14, tzinfo=UTC)
            if n < 5:
                journal.close_case(case, CaseOutcome.LOCATED, "Tillbaka.", at=closed)
            else:
                journal.close_case(
                    case, CaseOutcome.MOVED, "Flyttat.", destination="Annan ort", at=closed
                )
        journal.write_marks(
            [MarkWrite(pupils[6], day, "invalid") for day in (d(11, 3), d(11, 4), d(11, 5))]
        )
    return home, numbers


def test_stats_writes_a_private_file_into_the_exports_folder_and_records_it(cli, home):
    folder, numbers = home
    result = run_with_passphrase(cli, folder, PASS, "stats", "--term", "HT2025", "--format", "md")
    assert result.returncode == 0, result.stderr
    written = list((folder / "exports").iterdir())
    assert len(written) == 1
    path = written[0]
    assert str(path) in result.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "exports").stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert "| Missing pupils: cases opened | 6 |" in text
    assert "| Missing pupils: closed as “Located or back at school” | – |" in text
    # The one moved away is "<5"; the five located would give it away, so they are hidden.
    assert "| Missing pupils: closed as “Moved away” | <5 |" in text
    assert "| Pupils not back after Höstlov | <5 |" in text
    for first, last in NAMES:
        assert first not in text and last not in text
    assert not any(number in text or number[2:] in text for number in numbers)
    with unlock_with_passphrase(JournalPaths(folder), PASS) as journal, journal.bulk() as session:
        from sqlmodel import select

        from storage import models as m

        record = session.exec(select(m.ExportRecord)).one()
    assert (record.format, record.content) == (ExportFormat.MARKDOWN, ExportContent.STATISTICS)
    assert record.purpose == "action plan"
    assert record.file_name == str(path.resolve())
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record.pupil_id is None and record.case_id is None


def test_a_second_export_the_same_day_does_not_replace_the_first(cli, home, tmp_path):
    folder, _numbers = home
    for _ in range(2):
        made = run_with_passphrase(
            cli,
            folder,
            PASS,
            "stats",
            "--term",
            "HT2025",
            "--format",
            "csv",
            "--to",
            str(tmp_path),
        )
        assert made.returncode == 0, made.stderr
    assert len(list(tmp_path.glob("statistics-HT2025-*.csv"))) == 2


def test_stats_as_csv_to_a_chosen_file_with_no_name_or_number(cli, home, tmp_path):
    folder, numbers = home
    target = tmp_path / "handlingsplan.csv"
    result = run_with_passphrase(
        cli,
        folder,
        PASS,
        "stats",
        "--school-year",
        "2025/26",
        "--format",
        "csv",
        "--to",
        str(target),
        "--purpose",
        "Handlingsplan mot frånvaro",
        "--recipient",
        "Rektor",
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0] == ["Period", "From", "To", "Figure", "Class year", "Value"]
    values = [row[-1] for row in rows[1:]]
    assert "1" not in values and "<5" in values
    for first, last in NAMES:
        assert first not in text and last not in text
    for number in numbers:
        assert number not in text and number[2:] not in text
    assert "Karin Kurator" not in text
    with unlock_with_passphrase(JournalPaths(folder), PASS) as journal, journal.bulk() as session:
        from sqlmodel import select

        from storage import models as m

        record = session.exec(select(m.ExportRecord)).one()
    assert (record.format, record.purpose, record.recipient) == (
        ExportFormat.CSV,
        "Handlingsplan mot frånvaro",
        "Rektor",
    )


def test_a_term_written_wrongly_is_one_sentence_and_nothing_is_written(cli, home):
    folder, _numbers = home
    result = run_with_passphrase(cli, folder, PASS, "stats", "--term", "HT25", "--format", "md")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "That value is not accepted: the term must be written like HT2026, VT2027 or 2026/27. "
        "Nothing was saved."
    )
    assert not (folder / "exports").exists()


def test_term_and_school_year_are_either_or(cli, home):
    folder, _numbers = home
    result = run_with_passphrase(
        cli,
        folder,
        PASS,
        "stats",
        "--term",
        "HT2025",
        "--school-year",
        "2025/26",
        "--format",
        "md",
    )
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


def test_stats_to_a_path_under_the_home_folder(cli, home, tmp_path, monkeypatch):
    folder, _numbers = home
    monkeypatch.setenv("HOME", str(tmp_path))
    result = run_with_passphrase(
        cli, folder, PASS, "stats", "--term", "HT2025", "--format", "csv", "--to", "~/ut.csv"
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "ut.csv").stat().st_mode) == 0o600
