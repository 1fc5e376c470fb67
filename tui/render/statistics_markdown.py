"""The statistics for the action plan as Markdown: one section per term (and the school
year), a table of counts and a table of hours per class year, in the active language.

Every cell comes from storage.statistics_cells (small counts already hidden); text from the
journal (a break's name) is escaped, so it prints as written and never as Markdown.
"""

from __future__ import annotations

import re

from storage import records
from storage.statistics_cells import ShownPeriod, shown_statistics
from tui.i18n import _
from tui.render import statistics_words as words

_MARKDOWN = re.compile(r"([\\`*_\[\]|~#])")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def escape(value: str) -> str:
    """`value` on one line, with the characters that would make Markdown (or HTML) of it
    escaped: emphasis, links, code, table cells, headings, tags. A "<5" stays "<5"."""
    return _TAG.sub("&lt;", _MARKDOWN.sub(r"\\\1", " ".join(value.split())))


def render(counted: records.ActionPlanStatistics) -> str:
    """The statistics as a Markdown document."""
    shown = shown_statistics(counted, words.decimal_mark())
    lines = [f"# {escape(words.title(shown.scope))}", ""]
    lines += [f"- {escape(note)}" for note in words.notes(shown)]
    for period in shown.periods:
        lines += ["", *_period(period)]
    return "\n".join(lines).rstrip() + "\n"


def _period(period: ShownPeriod) -> list[str]:
    heading = f"## {period.label} ({period.starts_on.isoformat()} – {period.ends_on.isoformat()})"
    figure, count, hours = _("Figure"), _("Count"), _("Hours per class year")
    lines = [heading, "", f"| {escape(figure)} | {escape(count)} |", "|---|---:|"]
    lines += [f"| {escape(words.figure_label(cell))} | {cell.value} |" for cell in period.figures]
    lines += ["", f"### {escape(hours)}", ""]
    if not period.hours:
        return [*lines, escape(_("No school days counted yet."))]
    lines += ["| " + " | ".join(escape(h) for h in words.hours_headers()) + " |"]
    lines += ["|---|---:|---:|---:|---:|"]
    lines += [
        "| "
        + " | ".join(
            (
                escape(words.class_year_label(row.class_year)),
                row.pupils,
                row.valid_hours,
                row.invalid_hours,
                row.offered_hours,
            )
        )
        + " |"
        for row in period.hours
    ]
    return lines
