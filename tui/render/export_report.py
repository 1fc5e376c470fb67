"""Exporting a report of concern: an explicit act that leaves a trace.

The counsellor gives a purpose and a recipient; the report is rendered (Markdown, JSON or
PDF), written with mode 0600 (storage.files.write_atomically) into the journal's exports
folder or a path the counsellor picked, hashed (SHA-256), and recorded in the journal: what,
when, by whom, why, for whom, where to, and the hash. If the record cannot be written the
file is removed again, so no report leaves the journal unrecorded.

A default file name carries no personal data: `orosanmalan-<draft id>-<YYYYMMDD-HHMM>.<ext>`
(Swedish time), so a file list or a sync tool shows no child's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storage.codes import ExportContent, ExportFormat
from storage.errors import InvalidValue
from storage.files import write_atomically
from storage.paths import ensure_private_folder
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


@dataclass(frozen=True)
class ExportedReport:
    """What was written and recorded."""

    path: Path
    sha256: str
    export_id: int  # the journal's export record


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
) -> ExportedReport:
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
        Where the file went, its SHA-256 and the export record's id.

    Raises:
        InvalidValue: no purpose or no recipient ("empty"), an unknown format, or a
            password on a format that cannot carry one. Nothing is written.
        JournalLocked: the journal is locked; the file is removed again.
        OSError: the file cannot be written; nothing is recorded.
    """
    purpose = required(plain_text(purpose, "purpose"), "purpose")
    recipient = required(plain_text(recipient, "recipient"), "recipient")
    data = render_report(report, format, password=password)
    # Recorded in full: "report.pdf" or a relative --to would say nothing of where it went.
    path = _target_path(journal, report, format, target).resolve()
    write_atomically(path, data)
    digest = hashlib.sha256(data).hexdigest()
    try:
        export_id = journal.record_export(
            format=format,
            content=ExportContent.REPORT_OF_CONCERN,
            purpose=purpose,
            recipient=recipient,
            file_name=str(path),
            sha256=digest,
            pupil_id=report.pupil_id,  # the draft's own child and case, never passed apart
            case_id=report.case_id,
            report_draft_id=report.draft_id,
        )
    except BaseException:
        # An unrecorded report would be a copy nobody can account for: none at all.
        path.unlink(missing_ok=True)
        raise
    return ExportedReport(path=path, sha256=digest, export_id=export_id)


def default_file_name(report: ReportOfConcern, format: str, taken: Collection[str] = ()) -> str:
    """`orosanmalan-<draft id>-<YYYYMMDD-HHMM>.<ext>`, with "-2", "-3"... if `taken`."""
    stamp = f"{report.made_at.astimezone(SCHOOL_TIME_ZONE):%Y%m%d-%H%M}"
    stem = f"{FILE_STEM}-{report.draft_id}-{stamp}"
    extension = REPORT_FORMATS[format]
    name = f"{stem}.{extension}"
    number = 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}.{extension}"
    return name


def _target_path(
    journal: Journal, report: ReportOfConcern, format: str, target: Path | None
) -> Path:
    # A named file is the counsellor's choice; a folder (or none) gets a fresh default name,
    # never replacing an earlier export made the same minute.
    if target is not None and not target.is_dir():
        return target
    folder = target if target is not None else journal.paths.exports
    if target is None:
        ensure_private_folder(folder)
    taken = {entry.name for entry in folder.iterdir()}
    return folder / default_file_name(report, format, taken)
