"""Exporting a report of concern: an explicit act that leaves a trace.

The counsellor gives a purpose and a recipient; the report is rendered (Markdown, JSON or
PDF) and handed to Journal.write_export (storage.export_files): written with mode 0600 into
the journal's exports folder or a path the counsellor picked, hashed (SHA-256), and recorded
in the journal: what, when, by whom, why, for whom, where to, and the hash. If the record
cannot be written the file is removed again, so no report leaves the journal unrecorded.

A default file name carries no personal data: `orosanmalan-<draft id>-<YYYYMMDD-HHMM>.<ext>`
(Swedish time), so a file list or a sync tool shows no child's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storage.codes import ExportContent, ExportFormat
from storage.errors import InvalidValue
from storage.records import ExportWritten
from storage.report_data import ReportOfConcern
from storage.values import plain_text, required
from storage.whereabouts import SCHOOL_TIME_ZONE

if TYPE_CHECKING:
    from storage.journal import Journal

# The formats a report of concern can leave in, and each file's extension.
REPORT_FORMATS: dict[str, str] = {
    ExportFormat.PDF: "pdf",
    ExportFormat.MARKDOWN: "md",
    ExportFormat.JSON: "json",
}
FILE_STEM = "orosanmalan"


def render_report(report: ReportOfConcern, format: str, *, password: str | None = None) -> bytes:
    """The report's bytes in `format` (storage.codes.ExportFormat: pdf, markdown or json).

    Raises:
        InvalidValue: ("format", "unknown") for any other format; ("password", "pdf_only")
            for a password on Markdown or JSON, which cannot carry one.
    """
    if format not in REPORT_FORMATS:
        raise InvalidValue("format", "unknown")
    if password and format != ExportFormat.PDF:
        raise InvalidValue("password", "pdf_only")
    if format == ExportFormat.PDF:
        from tui.render.report_pdf import render_pdf

        return render_pdf(report, password=password)
    if format == ExportFormat.MARKDOWN:
        from tui.render.report_markdown import render_markdown

        return render_markdown(report)
    from tui.render.report_json import render_json

    return render_json(report)


def export_report(
    journal: Journal,
    report: ReportOfConcern,
    *,
    format: str,
    purpose: str,
    recipient: str,
    target: Path | None = None,
    password: str | None = None,
) -> ExportWritten:
    """Render `report`, write it privately, and record the export in the journal.

    A password locks a PDF with AES-256; such a copy is no longer PDF/A (PDF/A forbids
    encryption), so the archival copy is one without a password.

    Args:
        journal: The open journal, where the export is recorded.
        report: The report, as storage.report_of_concern read it; the export is recorded
            under its child and case.
        format: storage.codes.ExportFormat: PDF, MARKDOWN or JSON.
        purpose: Why the report leaves the journal (required).
        recipient: For whom, e.g. "Socialtjänsten i Exempelby" (required).
        target: A file to write, a folder to write into (under the default name), or None
            for the journal's exports folder (created 0700 on first use).
        password: Opens the PDF; None or "" for none.

    Returns:
        Where the file went (its full path), its SHA-256 and the export record's id.

    Raises:
        InvalidValue: no purpose or no recipient ("empty"), an unknown format, or a
            password on a format that cannot carry one. Nothing is written.
        JournalLocked: the journal is locked; the file is removed again.
        OSError: the file cannot be written; nothing is recorded.
    """
    purpose = required(plain_text(purpose, "purpose"), "purpose")
    recipient = required(plain_text(recipient, "recipient"), "recipient")
    return journal.write_export(
        render_report(report, format, password=password),
        default_name=default_file_name(report, format),
        target=target,
        format=format,
        content=ExportContent.REPORT_OF_CONCERN,
        purpose=purpose,
        recipient=recipient,
        pupil_id=report.pupil_id,  # the draft's own child and case, never passed apart
        case_id=report.case_id,
        report_draft_id=report.draft_id,
    )


def default_file_name(report: ReportOfConcern, format: str) -> str:
    """`orosanmalan-<draft id>-<YYYYMMDD-HHMM>.<ext>` (Swedish time); the journal adds
    "-2", "-3"... when an earlier export took the name (storage.export_files)."""
    stamp = f"{report.made_at.astimezone(SCHOOL_TIME_ZONE):%Y%m%d-%H%M}"
    return f"{FILE_STEM}-{report.draft_id}-{stamp}.{REPORT_FORMATS[format]}"
