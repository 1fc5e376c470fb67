"""Exporting a report of concern (tui.render.export_report): an explicit act with a trace.

The file is written 0600 into the exports folder (made 0700) or a path the counsellor picks,
under a name with no personal data; the journal records the format, the content, the purpose,
the recipient, the path and the SHA-256 of exactly the bytes written. Without a purpose or a
recipient nothing is written; a record that cannot be written takes the file with it.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from report_samples import sample_report
from sqlmodel import select

from storage import models as m
from storage.codes import ExportContent, ExportFormat
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer
from storage.report_data import ReportOfConcern
from tui.error_text import sentence_for
from tui.i18n import set_language
from tui.render.export_report import default_file_name, export_report


@pytest.fixture
def journal(new_journal):
    set_language("sv")
    return new_journal.journal


@pytest.fixture
def pupil_id(journal) -> int:
    return journal.add_pupil(fictitious_personnummer(date(2014, 5, 3), 2), "Alva", "Exempel")


@pytest.fixture
def report(journal, pupil_id) -> ReportOfConcern:
    """The sample report, about a draft that exists in this journal (the record points at it;
    storage.report_of_concern makes drafts, here one is written directly)."""
    with journal.bulk() as session:
        draft = m.ReportDraft(pupil_id=pupil_id, worry="Påhittad oro.")
        session.add(draft)
        session.flush()
        draft_id = draft.id
    assert draft_id is not None
    return replace(sample_report(), draft_id=draft_id, pupil_id=pupil_id)


def _records(journal) -> list[m.ExportRecord]:
    with journal.bulk() as session:
        return list(session.exec(select(m.ExportRecord)).all())


@pytest.mark.parametrize("format", [ExportFormat.PDF, ExportFormat.MARKDOWN, ExportFormat.JSON])
def test_export_writes_a_private_file_and_records_it(journal, pupil_id, report, format):
    result = export_report(
        journal,
        report,
        format=format,
        purpose="Orosanmälan om elevens frånvaro",
        recipient="Socialtjänsten i Exempelby",
    )
    folder = journal.paths.exports
    assert result.path.parent == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [result.path.name]  # no temp file left
    data = result.path.read_bytes()
    assert result.sha256 == hashlib.sha256(data).hexdigest()

    [record] = _records(journal)
    assert record.id == result.export_id
    assert record.format == format
    assert record.content == ExportContent.REPORT_OF_CONCERN
    assert record.purpose == "Orosanmälan om elevens frånvaro"
    assert record.recipient == "Socialtjänsten i Exempelby"
    assert record.file_name == str(result.path)
    assert record.sha256 == result.sha256
    assert record.pupil_id == pupil_id and record.report_draft_id == report.draft_id


def test_default_file_names_carry_no_personal_data_and_never_replace_one(
    journal, pupil_id, report
):
    names = []
    for _ in range(2):
        result = export_report(
            journal,
            report,
            format=ExportFormat.MARKDOWN,
            purpose="Kopia till rektor",
            recipient="Rektor",
        )
        names.append(result.path.name)
    # Made at 13:05 UTC: 14:05 in Stockholm in March.
    stem = f"orosanmalan-{report.draft_id}-20260302-1405"
    assert names == [f"{stem}.md", f"{stem}-2.md"]
    assert len(_records(journal)) == 2
    for name in names:
        assert "Alva" not in name and "Exempel" not in name and "9825" not in name


def test_export_to_a_picked_file_or_folder(journal, pupil_id, report, tmp_path):
    picked = tmp_path / "till-soc.pdf"
    result = export_report(
        journal,
        report,
        format=ExportFormat.PDF,
        purpose="Anmälan",
        recipient="Socialtjänsten",
        target=picked,
    )
    assert result.path == picked and stat.S_IMODE(picked.stat().st_mode) == 0o600
    folder = tmp_path / "usb"
    folder.mkdir()
    into = export_report(
        journal,
        report,
        format=ExportFormat.JSON,
        purpose="Anmälan",
        recipient="Socialtjänsten",
        target=folder,
    )
    assert into.path == folder / default_file_name(report, ExportFormat.JSON)
    assert not journal.paths.exports.exists()  # nothing went to the default folder
    assert [r.file_name for r in _records(journal)] == [str(picked), str(into.path)]


@pytest.mark.parametrize(
    ("purpose", "recipient", "field"),
    [
        ("", "Socialtjänsten", "purpose"),
        ("  ", "Socialtjänsten", "purpose"),
        ("Anmälan", "", "recipient"),
    ],
)
def test_no_export_without_a_purpose_and_a_recipient(
    journal, pupil_id, report, purpose, recipient, field
):
    with pytest.raises(InvalidValue) as refused:
        export_report(
            journal,
            report,
            format=ExportFormat.PDF,
            purpose=purpose,
            recipient=recipient,
        )
    assert (refused.value.field, refused.value.reason) == (field, "empty")
    assert not journal.paths.exports.exists()
    assert _records(journal) == []
    assert sentence_for(refused.value) == (
        "Värdet godtas inte: "
        + {"purpose": "syftet med exporten", "recipient": "mottagaren"}[field]
        + " måste fyllas i. Inget sparades."
    )


def test_a_password_only_locks_a_pdf(journal, pupil_id, report):
    with pytest.raises(InvalidValue) as refused:
        export_report(
            journal,
            report,
            format=ExportFormat.MARKDOWN,
            purpose="Anmälan",
            recipient="Socialtjänsten",
            password="hemligt lösenord",
        )
    assert (refused.value.field, refused.value.reason) == ("password", "pdf_only")
    assert _records(journal) == []
    locked = export_report(
        journal,
        report,
        format=ExportFormat.PDF,
        purpose="Anmälan",
        recipient="Socialtjänsten",
        password="hemligt lösenord",
    )
    assert b"/Encrypt" in locked.path.read_bytes()


def test_an_export_that_cannot_be_recorded_leaves_no_file(journal, pupil_id, report, monkeypatch):
    def refuse(**_kwargs):
        raise InvalidValue("format", "unknown")

    monkeypatch.setattr(journal, "record_export", refuse)
    with pytest.raises(InvalidValue):
        export_report(
            journal,
            report,
            format=ExportFormat.PDF,
            purpose="Anmälan",
            recipient="Socialtjänsten",
        )
    assert list(journal.paths.exports.iterdir()) == []


def test_an_unknown_format_is_refused_before_anything_is_written(journal, pupil_id, report):
    with pytest.raises(InvalidValue) as refused:
        export_report(
            journal,
            report,
            format=ExportFormat.CSV,
            purpose="Anmälan",
            recipient="Socialtjänsten",
        )
    assert (refused.value.field, refused.value.reason) == ("format", "unknown")
    assert not journal.paths.exports.exists()


def test_a_relative_target_is_recorded_as_the_full_path(
    journal, pupil_id, report, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "usb").mkdir()
    named = export_report(
        journal,
        report,
        format=ExportFormat.MARKDOWN,
        purpose="Anmälan",
        recipient="Socialtjänsten",
        target=Path("report.md"),
    )
    into = export_report(
        journal,
        report,
        format=ExportFormat.JSON,
        purpose="Anmälan",
        recipient="Socialtjänsten",
        target=Path("usb"),
    )
    full = (tmp_path / "report.md").resolve()
    assert named.path == full and full.exists()
    assert into.path == (tmp_path / "usb" / default_file_name(report, ExportFormat.JSON)).resolve()
    assert [r.file_name for r in _records(journal)] == [str(full), str(into.path)]


def test_an_export_is_recorded_under_the_drafts_own_child_and_case(journal, pupil_id):
    """The report carries its draft's child and case: nobody passes them apart, so an
    export cannot be recorded under another child."""
    from storage.codes import CaseKind

    journal.add_pupil(fictitious_personnummer(date(2015, 6, 1), 3), "Bo", "Exempel")
    case = journal.open_case(pupil_id, CaseKind.MISSING, date(2026, 2, 2))
    report = journal.report_of_concern(journal.start_report(pupil_id, case_id=case))
    assert (report.pupil_id, report.case_id) == (pupil_id, case)

    export_report(journal, report, format=ExportFormat.JSON, purpose="Anmälan", recipient="Soc")
    [record] = _records(journal)
    assert (record.pupil_id, record.case_id) == (pupil_id, case)
    assert record.report_draft_id == report.draft_id
