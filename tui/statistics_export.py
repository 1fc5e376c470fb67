"""Exporting the statistics for the action plan: render, write, record. No Textual here.

The `saknad stats` command (tui.cli_stats) and the app's dialog both come here, so the file
and its record are the same however it was asked for. An export is an explicit act: the file
is written with mode 0600 (storage.files.write_atomically) to the path given, or into the
exports folder of the data folder, and the journal records what, when, why, for whom, where
to and the file's SHA-256 (storage.exports).
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum
from pathlib import Path

from storage.codes import ExportContent, ExportFormat
from storage.files import write_atomically
from storage.journal import Journal
from storage.paths import ensure_private_folder
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


def target_path(journal: Journal, to: Path | None, name: str) -> Path:
    """Where the file goes: `to` itself, a new file in the folder `to`, or, without `to`, a
    new file in the data folder's exports folder (made private, 0700). A new file never
    replaces an earlier export of the same day: a number is added to its name."""
    if to is not None and not to.is_dir():
        return to
    folder = to if to is not None else journal.paths.exports
    if to is None:
        ensure_private_folder(folder)
    path, stem, suffix, number = folder / name, Path(name).stem, Path(name).suffix, 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{suffix}"
    return path


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
    path written.

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
    data = _rendered(counted, file_format)
    # The name from the period's label: "ht 2026" and "HT2026" are one file name.
    path = target_path(journal, to, default_name(counted.scope, file_format, today))
    write_atomically(path, data)
    try:
        journal.record_export(
            format=_RECORDED_AS[file_format],
            content=ExportContent.STATISTICS,
            purpose=purpose,
            recipient=recipient,
            file_name=str(path.resolve()),
            sha256=hashlib.sha256(data).hexdigest(),
        )
    except BaseException:
        # An export nobody recorded is a file nobody can account for: none at all.
        path.unlink(missing_ok=True)
        raise
    return path
