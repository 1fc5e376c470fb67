"""The pupil card's attendance section: this term and this school year, and the term's heat strip.

Storage computes the summary (storage.attendance_summary, a plain record); this widget only
says it. The heat strip has one cell per weekday of the term, a week of five cells per group,
and every cell is a character as well as a colour, so it reads on a monochrome terminal and
for a colour-blind counsellor: the legend is under it.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from storage.attendance_summary import AttendanceFigures, AttendanceSummary, DayState
from tui.calendar_words import weekday_short
from tui.i18n import N_, _, ngettext
from tui.problematic_text import date_span
from tui.read_result import ReadResult

CELLS: dict[DayState, tuple[str, str]] = {
    DayState.PRESENT: ("·", ""),
    DayState.INVALID: ("o", "bold $error"),
    DayState.VALID: ("g", "bold $warning"),
    DayState.REPORTED: ("a", "bold $accent"),
    DayState.LATE: ("s", "$secondary"),
    DayState.LESSONS: ("l", "$warning"),
    DayState.NO_SCHOOL: ("-", "dim"),
    DayState.NOT_COUNTED: (" ", ""),
}
"""Each state's character and style (theme variables, never literal colours)."""

LEGEND: tuple[tuple[DayState, str], ...] = (
    (DayState.PRESENT, N_("present")),
    (DayState.INVALID, N_("invalid")),
    (DayState.VALID, N_("valid")),
    (DayState.REPORTED, N_("reported by a guardian")),
    (DayState.LATE, N_("late")),
    (DayState.LESSONS, N_("lessons missed")),
    (DayState.NO_SCHOOL, N_("no school")),
)

WEEKS_PER_LINE = 9


def figures_line(label: str, figures: AttendanceFigures) -> str:
    """E.g. "This term: 94 % present of 66 school days; absent 4 days: 3 valid (1 reported),
    1 invalid; late 1 day; lessons missed on 1 day"."""
    return _(
        "{label}: {percent} % present of {days} school days; absent {absent}: {valid} valid "
        "({reported} reported), {invalid} invalid; late {late}; lessons missed on {lessons}"
    ).format(
        label=label,
        percent=f"{figures.attendance_percent:.0f}",
        days=figures.school_days,
        absent=ngettext("{n} day", "{n} days", figures.absent_days).format(n=figures.absent_days),
        valid=figures.valid_days,
        reported=figures.reported_days,
        invalid=figures.invalid_days,
        late=ngettext("{n} day", "{n} days", figures.late_days).format(n=figures.late_days),
        lessons=ngettext("{n} day", "{n} days", figures.lesson_days).format(n=figures.lesson_days),
    )


def pattern_lines(figures: AttendanceFigures) -> list[str]:
    """The longest run, absence per weekday, and the first school days after each break."""
    lines = []
    run = figures.longest_run
    if run:
        lines.append(
            ngettext(
                "Longest absence: {n} school day ({span})",
                "Longest absence: {n} school days in a row ({span})",
                len(run),
            ).format(n=len(run), span=date_span(run))
        )
    per_day = ", ".join(
        f"{name} {absent}/{days}"
        for name, absent, days in zip(
            [weekday_short(day) for day in range(5)],
            figures.weekday_absent,
            figures.weekday_school_days,
            strict=True,
        )
    )
    lines.append(_("Absent per weekday (absent/school days): {days}").format(days=per_day))
    for after in figures.after_breaks:
        absent = after.state in (DayState.INVALID, DayState.VALID, DayState.REPORTED)
        lines.append(
            _("First day after {name} ({date}): {state}").format(
                name=after.break_name or _("a break"),
                date=after.first_day.isoformat(),
                state=_("absent") if absent else _("present"),
            )
        )
    return lines


def heat_strip(strip: tuple[tuple[date, DayState], ...]) -> Content:
    """The term's weeks, five cells each (Monday to Friday), WEEKS_PER_LINE weeks a line."""
    weeks = [
        (week, dict(days))
        for week, days in groupby(strip, key=lambda cell: cell[0].isocalendar()[1])
    ]
    parts: list[str | tuple[str, str]] = []
    for index, (week, days) in enumerate(weeks):
        if index % WEEKS_PER_LINE == 0:
            if index:
                parts.append("\n")
            parts.append((_("w{week}").format(week=f"{week:02d}") + " ", "dim"))
        else:
            parts.append(" ")
        monday = next(iter(days)).toordinal() - next(iter(days)).weekday()
        for weekday in range(5):
            state = days.get(date.fromordinal(monday + weekday), DayState.NOT_COUNTED)
            character, style = CELLS[state]
            parts.append((character, style) if style else character)
    return Content.assemble(*parts)


def legend() -> Content:
    parts: list[str | tuple[str, str]] = []
    for state, label in LEGEND:
        character, style = CELLS[state]
        parts += [(character, style or "bold"), f" {_(label)}  "]
    parts.append(_("blank: not yet, or not enrolled"))
    return Content.assemble(*parts)


def summary_content(summary: AttendanceSummary) -> Content:
    """The whole section as plain content (no markup is read from anything here)."""
    term_label = _("This term")
    if summary.term_name:
        term_label = _("This term ({name})").format(name=summary.term_name)
    lines = [
        figures_line(term_label, summary.term),
        figures_line(_("This school year"), summary.year),
        *pattern_lines(summary.term),
    ]
    return Content.assemble(
        Content("\n".join(lines)),
        "\n\n",
        heat_strip(summary.strip),
        "\n",
        legend(),
    )


class AttendanceSummaryView(Vertical):
    """The attendance section of one pupil's card; `reload()` reads it in a worker."""

    DEFAULT_CSS = """
    AttendanceSummaryView { height: auto; }
    AttendanceSummaryView #attendance-body { height: auto; }
    """

    class Loaded(ReadResult):
        def __init__(self, summary: AttendanceSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, pupil_id: int, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pupil_id = pupil_id
        self.today = today
        self.summary: AttendanceSummary | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Attendance"), classes="subtitle")
        yield Static(_("Reading the journal..."), id="attendance-body")

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="attendance", exit_on_error=False)
    def _load(self) -> None:
        from tui.screens.base import open_journal, saknad_app

        journal = open_journal(saknad_app(self))
        self.post_message(self.Loaded(journal.attendance_summary(self.pupil_id, self.today)))

    def on_attendance_summary_view_loaded(self, loaded: Loaded) -> None:
        loaded.stop()
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.summary = loaded.summary
        self.query_one("#attendance-body", Static).update(summary_content(loaded.summary))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A widget's failed worker goes to the app's one handler, as a screen's does.
        if event.state is WorkerState.ERROR:
            self.query_one("#attendance-body", Static).update("")
            self.app.post_message(Worker.StateChanged(event.worker, event.state))
