"""The statistics' rows and columns in words, for the Markdown and the CSV renderers alike."""

from __future__ import annotations

from storage.small_counts import HIDDEN
from storage.statistics_cells import Figure, FigureCell, ShownStatistics
from tui.case_words import close_outcome_label
from tui.i18n import _, language


def title(scope: str) -> str:
    return _("Statistics for the action plan, {scope}").format(scope=scope)


def figure_label(cell: FigureCell) -> str:
    """What one counted row is, e.g. "Missing pupils: cases opened"."""
    if cell.figure == Figure.CLOSED_AS:
        return _("Missing pupils: closed as “{outcome}”").format(
            outcome=close_outcome_label(cell.detail)
        )
    if cell.figure == Figure.NOT_BACK:
        return _("Pupils not back after {break_name}").format(break_name=_break_name(cell))
    labels: dict[str, str] = {
        Figure.MISSING_OPENED: _("Missing pupils: cases opened"),
        Figure.MISSING_CLOSED: _("Missing pupils: cases closed"),
        Figure.MEDIAN_DAYS_TO_LOCATE: _("Missing pupils: median school days to locate"),
        Figure.INVESTIGATIONS_OPENED: _("Problematic absence: investigations opened"),
        Figure.REPORTS_FILED: _("Reports of concern filed"),
        Figure.WATCH_LISTED: _("Watch list: pupils on the list"),
        Figure.WATCH_NOT_BACK: _("Watch list: of them not back after a break, or missing"),
        Figure.WATCH_LOCATED: _("Watch list: of those not back, located"),
    }
    return labels.get(cell.figure, cell.figure)


def _break_name(cell: FigureCell) -> str:
    """The break's name as the calendar holds it; a break with no name by its first school
    day after it (two unnamed breaks are two rows, told apart so)."""
    if cell.detail or cell.day is None:
        return cell.detail
    return _("the unnamed break before {day}").format(day=cell.day.isoformat())


def class_year_label(class_year: int | None) -> str:
    if class_year is None:
        return _("No class")
    if class_year == 0:
        return _("Preschool class")
    return str(class_year)


def hours_headers() -> tuple[str, str, str, str, str]:
    return (
        _("Class year"),
        _("Pupils"),
        _("Valid absence (hours)"),
        _("Invalid absence (hours)"),
        _("Teaching offered (hours)"),
    )


def notes(shown: ShownStatistics) -> list[str]:
    """What a reader must know to read the figures right: no names, the hiding, the hours."""
    return [
        _("No names and no identity numbers. Made on {day}.").format(
            day=shown.made_on.isoformat()
        ),
        _(
            "A count under {limit} is shown as “<{limit}”; “{hidden}” hides a figure that "
            "would give a small count away (by subtraction, or a median of few cases)."
        ).format(limit=shown.min_count, hidden=HIDDEN),
        _(
            "Hours: each lesson counts as {minutes} minutes; teaching offered is the lessons "
            "of the class's school days up to the day the statistics were made."
        ).format(minutes=shown.lesson_minutes),
    ]


def decimal_mark() -> str:
    """The decimal mark of the active language: "," in Swedish (as Swedish Excel reads it)."""
    return "," if language() == "sv" else "."
