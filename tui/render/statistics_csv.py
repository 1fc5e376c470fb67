"""The statistics for the action plan as CSV, made for Swedish Excel.

Swedish Excel opens a CSV by double-click only when the separator is its list separator, the
semicolon (the comma is the decimal mark in Swedish), and reads it as UTF-8 only with a byte
order mark; without one "å ä ö" come out as "Ã¥ Ã¤ Ã¶". So: semicolons, a BOM, CRLF line ends,
and the decimal mark of the active language ("," in Swedish). LibreOffice and Numbers read
the same file.

One long table (a row per figure, or per class year and measure), which a pivot table turns
into any layout: period, first day, last day, figure, class year, value. Every value comes
from storage.statistics_cells (small counts already hidden). A cell that begins with = + - @
is prefixed with an apostrophe, so text from the journal is never run as a formula.
"""

from __future__ import annotations

import csv
import io

from storage import records
from storage.statistics_cells import ShownPeriod, shown_statistics
from tui.i18n import _
from tui.render import statistics_words as words

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """`value`, never read by a spreadsheet as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render(counted: records.ActionPlanStatistics) -> str:
    """The statistics as CSV text, the BOM first (write it as UTF-8)."""
    shown = shown_statistics(counted, words.decimal_mark())
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Period"), _("From"), _("To"), _("Figure"), _("Class year"), _("Value")])
    for period in shown.periods:
        for row in _rows(period):
            writer.writerow([safe_cell(cell) for cell in row])
    return BOM + out.getvalue()


def _rows(period: ShownPeriod) -> list[list[str]]:
    span = [period.label, period.starts_on.isoformat(), period.ends_on.isoformat()]
    rows = [[*span, words.figure_label(cell), "", cell.value] for cell in period.figures]
    _year, *measures = words.hours_headers()
    for row in period.hours:
        year = words.class_year_label(row.class_year)
        values = (row.pupils, row.valid_hours, row.invalid_hours, row.offered_hours)
        rows += [
            [*span, measure, year, value] for measure, value in zip(measures, values, strict=True)
        ]
    return rows
