"""The export dialog of a report of concern (tui.dialogs.export_report), driven by keys.

It only collects the options; the export itself (tui.render.export_report) is tested in
tests/test_report_export.py. Here: what the counsellor types reaches the export, a refusal is
one sentence under the fields with nothing written, and a password locks a PDF.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from app_helpers import build_app, counsellors_journal, fill, wait_for_screen, wait_until
from report_samples import sample_report
from sqlmodel import select
from textual.widgets import Input, Select

from storage import models as m
from storage.codes import ExportFormat
from storage.identity import fictitious_personnummer
from tui.dialogs.export_report import ExportReportDialog, exported_sentence
from tui.i18n import set_language
from tui.screens.home import HomeScreen


@pytest.fixture
def world(tmp_path):
    """A journal with Alva and a report draft about her; the sample report names that draft."""
    journal = counsellors_journal(tmp_path)
    pupil_id = journal.add_pupil(fictitious_personnummer(date(2014, 5, 3), 2), "Alva", "Exempel")
    with journal.bulk() as session:
        draft = m.ReportDraft(pupil_id=pupil_id, worry="Påhittad oro.")
        session.add(draft)
        session.flush()
        draft_id = draft.id
    assert draft_id is not None
    report = replace(sample_report(), draft_id=draft_id, pupil_id=pupil_id)
    yield tmp_path / "journal", journal, pupil_id, report
    set_language("sv")


def _records(journal) -> list[m.ExportRecord]:
    with journal.bulk() as session:
        return list(session.exec(select(m.ExportRecord)).all())


async def _open(pilot, report, pupil_id, results: list):
    await wait_for_screen(pilot, HomeScreen)
    pilot.app.push_screen(ExportReportDialog(report), results.append)
    return await wait_for_screen(pilot, ExportReportDialog)


async def _type_into(pilot, dialog, key: str, text: str) -> None:
    dialog.query_one(f"#{key}", Input).focus()
    await fill(pilot, text)


async def test_export_from_the_dialog_writes_and_records_the_report(world):
    folder, journal, pupil_id, report = world
    app = build_app(folder, journal=journal, language="sv")
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(pilot, report, pupil_id, results)
        assert dialog.query_one("#format", Select).value == ExportFormat.PDF  # the default
        await _type_into(pilot, dialog, "purpose", "Orosanmälan om frånvaro")
        await _type_into(pilot, dialog, "recipient", "Socialtjänsten i Exempelby")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: bool(results), what="the dialog's answer")
    [result] = results
    assert result.path.parent == journal.paths.exports
    assert result.path.read_bytes().startswith(b"%PDF-")
    [record] = _records(journal)
    assert (record.purpose, record.recipient) == (
        "Orosanmälan om frånvaro",
        "Socialtjänsten i Exempelby",
    )
    assert record.sha256 == result.sha256 and record.format == ExportFormat.PDF
    set_language("sv")
    assert exported_sentence(result).startswith(f"Anmälan är skriven till {result.path}")


async def test_no_recipient_is_refused_under_the_fields_and_nothing_is_written(world):
    folder, journal, pupil_id, report = world
    app = build_app(folder, journal=journal, language="sv")
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(pilot, report, pupil_id, results)
        await _type_into(pilot, dialog, "purpose", "Orosanmälan")
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message")
        await wait_until(
            pilot,
            lambda: "mottagaren måste fyllas i" in str(message.render()),
            what="the refusal",
        )
        assert pilot.app.screen is dialog  # still open: nothing typed is lost
        assert dialog.query_one("#purpose", Input).value == "Orosanmälan"
    assert results == [] and _records(journal) == []
    assert not journal.paths.exports.exists()


async def test_a_password_locks_a_pdf_into_a_folder_the_counsellor_picks(world, tmp_path):
    folder, journal, pupil_id, report = world
    usb = tmp_path / "usb"
    usb.mkdir()
    app = build_app(folder, journal=journal, language="en")
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(pilot, report, pupil_id, results)
        # Markdown cannot carry a password: refused, in words.
        dialog.query_one("#format", Select).value = ExportFormat.MARKDOWN
        await _type_into(pilot, dialog, "purpose", "Copy for the investigation")
        await _type_into(pilot, dialog, "recipient", "Socialtjänsten")
        await _type_into(pilot, dialog, "target", str(usb))
        await _type_into(pilot, dialog, "password", " a secret ")
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message")
        await wait_until(
            pilot,
            lambda: "the password can only lock a PDF" in str(message.render()),
            what="the refusal",
        )
        assert list(usb.iterdir()) == []
        dialog.query_one("#format", Select).value = ExportFormat.PDF
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(results), what="the dialog's answer")
    [result] = results
    assert result.path.parent == usb
    from pypdf import PdfReader

    reader = PdfReader(result.path)
    assert reader.is_encrypted
    assert not reader.decrypt("a secret")  # the spaces are part of the password
    assert reader.decrypt(" a secret ")


async def test_escape_exports_nothing(world):
    folder, journal, pupil_id, report = world
    app = build_app(folder, journal=journal, language="en")
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(pilot, report, pupil_id, results)
        await _type_into(pilot, dialog, "purpose", "Nothing")
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: bool(results), what="the dialog's answer")
    assert results == [None] and _records(journal) == []
