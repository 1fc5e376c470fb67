"""Export the statistics for the action plan: which term or school year, Markdown or CSV,
why and for whom, and where to (tui.statistics_export writes the file and records it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog
from tui.i18n import _
from tui.statistics_export import DEFAULT_PURPOSE, StatisticsFormat, export_statistics


def period_options(terms: list[str], current_year: str) -> list[tuple[str, str]]:
    """School years newest first, each followed by its terms the calendars hold; the current
    school year is offered even before a calendar holds it. Labels are the values (HT2026,
    2026/27): the words of the school year, the same in both languages."""
    from storage.statistics_periods import school_year_around, term

    years = {current_year} | {school_year_around(term(label).starts_on).label for label in terms}
    options: list[tuple[str, str]] = []
    for year in sorted(years, reverse=True):
        options.append((_("School year {year}").format(year=year), year))
        for label in sorted(terms, key=lambda t: term(t).starts_on):
            if school_year_around(term(label).starts_on).label == year:
                options.append((_("Term {term}").format(term=label), label))
    return options


class StatisticsExportDialog(FormDialog):
    """Dismisses the path the statistics were written to, or None."""

    TITLE_TEXT = N_("Export statistics for the action plan")
    HELP = N_(
        "Counts for the action plan with no names: missing-pupil cases and how they ended, "
        "pupils not back after each break, the median school days to locate a pupil, "
        "investigations of problematic absence, reports of concern, the watch list's "
        "follow-up (on the list, not back or missing, located), and per class year the "
        "hours of valid and invalid absence and of teaching offered. A count under 5 is "
        'shown as <5; the palette\'s "Statistics settings" sets that number and the minutes '
        "in a lesson. The file is readable by you only, and the export is recorded in the "
        "journal. Without a path it goes to the exports folder of the data folder. Enter or "
        "Ctrl+S exports; Escape cancels."
    )

    def __init__(self, terms: list[str], current_year: str):
        """
        Args:
            terms: the terms the schools' calendars hold (Journal.statistics_terms).
            current_year: the school year of today, chosen at first ("2026/27").
        """
        super().__init__()
        self.options = period_options(terms, current_year)
        self.current_year = current_year

    def fields(self) -> list[Field]:
        return [
            Field(
                "scope", N_("Period"), kind="select", value=self.current_year, options=self.options
            ),
            Field(
                "file_format",
                N_("Format"),
                kind="select",
                value=StatisticsFormat.MARKDOWN.value,
                options=[
                    (_("Markdown"), StatisticsFormat.MARKDOWN.value),
                    (_("CSV (Excel, semicolons)"), StatisticsFormat.CSV.value),
                ],
            ),
            Field("purpose", N_("Purpose"), value=_(DEFAULT_PURPOSE)),
            Field("recipient", N_("Recipient"), placeholder=N_("e.g. the principal")),
            Field("to", N_("Save to"), placeholder=N_("the exports folder of the data folder")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        return export_statistics(
            self.journal,
            str(values["scope"]),
            str(values["file_format"]),
            today=self.saknad.today,
            to=Path(values["to"]).expanduser() if values["to"] else None,
            purpose=values["purpose"],
            recipient=values["recipient"],
        )
