"""Exporting a report of concern: the format, why, for whom, where to, and a password.

The dialog only collects the options; the export act (tui.render.export_report) renders the
report, writes it 0600 and records it in the journal, in the form's worker thread. A refusal
(no purpose, no recipient, a password on Markdown) is said under the fields through the app's
one handler, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.codes import ExportFormat
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog
from tui.i18n import _

if TYPE_CHECKING:
    from storage.records import ExportWritten
    from storage.report_data import ReportOfConcern


def format_label(format: str) -> str:
    """A report format as the counsellor chooses it."""
    labels: dict[str, str] = {
        ExportFormat.PDF: _("PDF (PDF/A, for filing)"),
        ExportFormat.MARKDOWN: _("Markdown (text)"),
        ExportFormat.JSON: _("JSON (for another system)"),
    }
    return labels.get(format, format)


def exported_sentence(result: ExportWritten) -> str:
    """What to tell the counsellor once the file is written and recorded."""
    return _(
        "The report is written to {path}, readable by you only, and the export is recorded "
        "in the journal."
    ).format(path=str(result.path))


class ExportReportDialog(FormDialog):
    """Dismisses what was written (storage.records.ExportWritten), or None when cancelled.

    Not kept as a draft when the journal locks: it may hold a password.
    """

    TITLE_TEXT = N_("Export the report of concern")

    HELP = N_(
        "A report leaves the journal only with a purpose and a recipient; the journal records "
        "both, with the file's place and checksum. Leave Save to empty for the exports folder "
        "of the data folder, or give a folder or a file. A password locks a PDF for a copy "
        "that must travel; a locked PDF is not PDF/A, so file the copy without one. Enter or "
        "Ctrl+S exports; Escape exports nothing."
    )

    def __init__(self, report: ReportOfConcern) -> None:
        super().__init__()
        self.report = report

    def fields(self) -> list[Field]:
        return [
            Field(
                "format",
                N_("Format"),
                kind="select",
                value=str(ExportFormat.PDF),
                options=[
                    (format_label(f), str(f))
                    for f in (ExportFormat.PDF, ExportFormat.MARKDOWN, ExportFormat.JSON)
                ],
            ),
            Field(
                "purpose",
                N_("Purpose"),
                placeholder=N_("e.g. report of concern to social services"),
            ),
            Field("recipient", N_("Recipient"), placeholder=N_("e.g. Socialtjänsten i Exempelby")),
            Field("target", N_("Save to"), placeholder=N_("empty: the exports folder")),
            Field(
                "password",
                N_("Password"),
                kind="secret",
                placeholder=N_("optional, PDF only: a locked PDF is not PDF/A"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> ExportWritten:
        # Imported here, in the worker thread: rendering pulls in Typst and the journal's
        # value rules, which the screens need not pay for before an export.
        from tui.render.export_report import export_report

        target = values["target"]
        return export_report(
            self.journal,
            self.report,
            format=values["format"],
            purpose=values["purpose"],
            recipient=values["recipient"],
            target=Path(target).expanduser() if target else None,
            password=values["password"] or None,
        )
