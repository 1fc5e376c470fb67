"""Exporting the statistics for the action plan: render, write, record. No Textual here.

The `saknad stats` command (tui.cli_stats) and the app's dialog both come here, so the file
and its record are the same however it was asked for. An export is an explicit act: the file
is written with mode 0600 to the path given, or into the exports folder of the data folder
(a number added to a name already taken), and the journal records what, when, why, for whom,
where to and the file's SHA-256 (Journal.write_export, storage.export_files).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

from storage.codes import ExportContent, ExportFormat
from storage.journal import Journal
from storage.records import ActionPlanStatistics
from storage.values import plain_text
from tui.i18n import N_, _
from tui.render import statistics_csv, statistics_markdown

DEFAULT_PURPOSE = N_("action plan")


class StatisticsFormat(StrEnum):
    MARKDOWN = "md"
    CSV = "csv"


_RECORDED_AS = {
    StatisticsFormat.MARKDOWN: ExportFormat.MARKDOWN,
    StatisticsFormat.CSV: ExportFormat.CSV,
}


def render(journal: Journal, scope: str, file_format: str, today: date) -> bytes:
    """The statistics of `scope` as the file's bytes (UTF-8; the CSV with its BOM)."""
    return _rendered(journal.action_plan_statistics(scope, today), file_format)


def _rendered(counted: ActionPlanStatistics, file_format: str) -> bytes:
    if file_format == StatisticsFormat.CSV:
        return statistics_csv.render(counted).encode("utf-8")
    return statistics_markdown.render(counted).encode("utf-8")


def default_name(scope: str, file_format: str, today: date) -> str:
    """e.g. "statistik-2026-27-2026-11-29.csv" (the word in the active language); `scope`
    is the period's label (StatisticsPeriod.label), not the words typed for it."""
    # Translators: the start of an exported statistics file's name; no spaces.
    word = _("statistics")
    return f"{word}-{scope.replace('/', '-')}-{today.isoformat()}.{file_format}"


def export_statistics(
    journal: Journal,
    scope: str,
    file_format: str,
    *,
    today: date,
    to: Path | None = None,
    purpose: str = "",
    recipient: str = "",
) -> Path:
    """Write the statistics of `scope` as Markdown or CSV and record the export; returns the
    full path written.

    Raises:
        InvalidValue: a scope that names no term or school year, or a purpose or recipient
            with a control character (nothing is written).
        JournalLocked: the journal was locked before the export was recorded; the file is
            removed again.
        OSError: the file could not be written (nothing is recorded).
    """
    file_format = StatisticsFormat(file_format)
    purpose = plain_text(purpose, "purpose") or _(DEFAULT_PURPOSE)
    recipient = plain_text(recipient, "recipient")
    counted = journal.action_plan_statistics(scope, today)
    # The name from the period's label: "ht 2026" and "HT2026" are one file name.
    written = journal.write_export(
        _rendered(counted, file_format),
        default_name=default_name(counted.scope, file_format, today),
        target=to,
        format=_RECORDED_AS[file_format],
        content=ExportContent.STATISTICS,
        purpose=purpose,
        recipient=recipient,
    )
    return written.path
