"""The school calendar: one school's school year (läsår), its terms, breaks and days off in
date order with their school days, and the public holidays on weekdays (read only).

A counsellor often serves two or three schools with different breaks: S goes to the next
school. - and + go to the previous and next school year; A adds, E or Enter changes, D or
Delete removes (after asking) a period; P proposes the usual calendar of the year (what the
school has is kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from storage.calendar_proposal import SportlovGuess, sportlov_week
from storage.codes import CalendarKind
from storage.records import CalendarPeriodRow, SchoolRow
from storage.school_calendar import public_holiday, school_year_of
from tui.bindings import N_
from tui.calendar_words import days_label, holiday_name, kind_label, school_year_label
from tui.i18n import _, ngettext
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter
from tui.widgets.list_table import ListTable

HOLIDAY_KEY = "holiday-"
"""Row keys of public holidays: read only, never a period of the journal."""

HOLIDAY_STYLE = "dim"


@dataclass(frozen=True)
class CalendarRead:
    """What the screen shows, read in one go."""

    schools: list[SchoolRow]
    school: SchoolRow | None
    periods: list[CalendarPeriodRow]
    guess: SportlovGuess | None


class CalendarTable(DataTable):
    """The year's rows; j/k and g/G move as in every list of Saknad."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="vim-down"),
        Binding("k", "cursor_up", show=False, id="vim-up"),
        Binding("home,g", "scroll_top", show=False, id="first-row"),
        Binding("end,G", "scroll_bottom", show=False, id="last-row"),
    ]


class CalendarScreen(SaknadScreen):
    """One school's school year: periods and public holidays, by date."""

    HELP = N_(
        "The school calendar of one school and school year (läsår): terms (termin), breaks "
        "(lov) and days off (studiedag, lovdag) in date order, with the school days of each "
        "term and the days off of each break; public holidays on weekdays are shown greyed "
        "and cannot be changed. A adds a period, E or Enter changes the chosen one, D or "
        "Delete removes it (after asking). P proposes the usual calendar of the year (terms, "
        "höstlov, jullov, sportlov, påsklov), keeping what the school already has. - and + "
        "go to the previous and next school year, S to the next school. Up/Down or j/k move."
    )

    DEFAULT_CSS = """
    CalendarScreen {
        align: left top;
    }
    CalendarScreen #calendar-rows {
        height: 1fr;
        max-height: 100%;
    }
    CalendarScreen #calendar-year {
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding(
            "a", "add", N_("Add"), id="add-period", tooltip=N_("Add a term, break or day off")
        ),
        Binding("e", "edit", N_("Edit"), id="edit-period", tooltip=N_("Change the chosen period")),
        Binding(
            "d,delete",
            "remove",
            N_("Remove"),
            id="remove-period",
            tooltip=N_("Remove the chosen period"),
        ),
        Binding(
            "p",
            "propose",
            N_("Propose"),
            id="propose-year",
            tooltip=N_("Add the usual terms and breaks of this school year"),
        ),
        # Not in the footer (no room at 80 columns): the line under the title names them.
        Binding("minus", "previous_year", N_("Year before"), id="previous-year", show=False),
        Binding("plus", "next_year", N_("Year after"), id="next-year", show=False),
        Binding("s", "next_school", N_("Next school"), id="next-school", show=False),
        # Shift or Caps Lock: the same keys.
        Binding("A", "add", show=False, id="add-period-shift"),
        Binding("E", "edit", show=False, id="edit-period-shift"),
        Binding("D", "remove", show=False, id="remove-period-shift"),
        Binding("P", "propose", show=False, id="propose-year-shift"),
        Binding("S", "next_school", show=False, id="next-school-shift"),
    ]

    class Loaded(ReadResult):
        """The school's periods of the year were read."""

        def __init__(self, read: CalendarRead) -> None:
            super().__init__()
            self.read = read

    def __init__(self, school_id: int | None = None, autumn_year: int | None = None) -> None:
        """
        Args:
            school_id: the school to show first; None: the first school served.
            autumn_year: the school year to show, by the year of its autumn term; None: the
                school year of the app's today.
        """
        super().__init__()
        self.school_id = school_id
        self._autumn_year = autumn_year
        self.read: CalendarRead | None = None

    @property
    def autumn_year(self) -> int:
        """The school year shown, by the year its autumn term is in."""
        if self._autumn_year is None:
            self._autumn_year = school_year_of(self.saknad.today)[0].year
        return self._autumn_year

    @autumn_year.setter
    def autumn_year(self, year: int) -> None:
        self._autumn_year = year

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static("", id="calendar-title", classes="title")
            yield Static("", id="calendar-year")
            yield CalendarTable(id="calendar-rows", cursor_type="row", zebra_stripes=True)
            yield Static(_("Reading the calendar..."), id="calendar-hint", classes="hint")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one("#calendar-rows", CalendarTable).focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one read, and a fresh one on coming back.
        self._load()

    # -- reading -------------------------------------------------------------------------------

    def first_day(self) -> date:
        return date(self.autumn_year, 7, 1)

    def last_day(self) -> date:
        return date(self.autumn_year + 1, 6, 30)

    @work(thread=True, exclusive=True, group="calendar", exit_on_error=False)
    def _load(self) -> None:
        journal = self.journal
        schools = [school for school in journal.schools() if school.served]
        school = next((s for s in schools if s.id == self.school_id), None)
        if school is None and schools:
            school = schools[0]
        periods: list[CalendarPeriodRow] = []
        guess = None
        if school is not None:
            periods = journal.calendar_periods(school.id, self.first_day(), self.last_day())
            guess = sportlov_week(school.municipality)
        self.post_message(self.Loaded(CalendarRead(schools, school, periods, guess)))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.read = loaded.read
        school = loaded.read.school
        self.school_id = school.id if school else None
        title = (
            _("School calendar: {school}").format(school=school.name)
            if school
            else _("School calendar")
        )
        self.query_one("#calendar-title", Static).update(Content(title))  # a name: data
        year = _("{year} (-/+: the year before/after)").format(
            year=school_year_label(self.autumn_year)
        )
        count = len(loaded.read.schools)
        if count > 1 and school is not None:
            index = [s.id for s in loaded.read.schools].index(school.id) + 1
            year = _("{year} · school {n} of {count} (S: next)").format(
                year=year, n=index, count=count
            )
        self.query_one("#calendar-year", Static).update(Content(year))
        self._fill(loaded.read.periods)
        self.query_one("#calendar-hint", Static).update(Content(self._hint(loaded.read)))

    def _fill(self, periods: list[CalendarPeriodRow]) -> None:
        table = self.query_one("#calendar-rows", CalendarTable)
        kept = self._chosen_key()
        rows: list[tuple[date, int, str, list[Text]]] = []
        for period in periods:
            texts = [
                kind_label(period.kind),
                period.name,
                period.starts_on.isoformat(),
                period.ends_on.isoformat(),
                days_label(period.kind, period.days),
            ]
            rows.append((period.starts_on, 0, str(period.id), [Text(t) for t in texts]))
        for day, name in self._holidays():
            words = [_("Public holiday"), holiday_name(name), day.isoformat(), "", ""]
            key = f"{HOLIDAY_KEY}{day.isoformat()}"
            rows.append((day, 1, key, [Text(w, style=HOLIDAY_STYLE) for w in words]))
        rows.sort(key=lambda row: (row[0], row[1]))
        labels = [Text(label) for label in (_("Kind"), _("Name"), _("From"), _("To"), _("Days"))]
        # Fixed widths from every row: an auto width is measured only when idle (ListTable).
        widths = ListTable.widths(labels, [cells for *_key, cells in rows])
        table.clear(columns=True)
        for label, width in zip(labels, widths, strict=True):
            table.add_column(label, width=width)
        for _day, _order, key, cells in rows:
            table.add_row(*cells, key=key)
        keys = [row[2] for row in rows]
        if kept in keys:
            table.move_cursor(row=keys.index(kept))

    def _holidays(self) -> list[tuple[date, str]]:
        """The public holidays of the school year that fall on a weekday."""
        found, day = [], self.first_day()
        while day <= self.last_day():
            name = public_holiday(day)
            if name and day.weekday() < 5:
                found.append((day, name))
            day += timedelta(days=1)
        return found

    def _hint(self, read: CalendarRead) -> str:
        if read.school is None:
            return _("No school yet: the calendar belongs to a school you serve.")
        if not read.periods:
            return _(
                "No terms or breaks for this school year: every weekday that is not a public "
                "holiday counts as a school day. P proposes the usual calendar."
            )
        terms = [p for p in read.periods if p.kind == CalendarKind.TERM]
        school_days = sum(p.days for p in terms)
        return ngettext(
            "{n} school day this school year; public holidays (greyed) cannot be changed.",
            "{n} school days this school year; public holidays (greyed) cannot be changed.",
            school_days,
        ).format(n=school_days)

    # -- the chosen row --------------------------------------------------------------------------

    def _chosen_key(self) -> str | None:
        table = self.query_one("#calendar-rows", CalendarTable)
        if not table.row_count:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _chosen_period(self) -> CalendarPeriodRow | None:
        """The period under the cursor; None (said on screen) for a holiday or no row."""
        key = self._chosen_key()
        if key is None or self.read is None:
            return None
        if key.startswith(HOLIDAY_KEY):
            self.notify(_("A public holiday is the same for every school and cannot be changed."))
            return None
        return next((p for p in self.read.periods if str(p.id) == key), None)

    # -- actions ---------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_add(self) -> None:
        from tui.dialogs.calendar_period_form import CalendarPeriodDialog

        if self.school_id is not None:
            self.app.push_screen(CalendarPeriodDialog(self.school_id), self._changed)

    @on(DataTable.RowSelected, "#calendar-rows")
    def action_edit(self) -> None:
        from tui.dialogs.calendar_period_form import CalendarPeriodDialog

        period = self._chosen_period()
        if period is not None and self.school_id is not None:
            self.app.push_screen(CalendarPeriodDialog(self.school_id, period), self._changed)

    def action_remove(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog, remove_answers

        period = self._chosen_period()
        if period is None:
            return
        question = _("Remove {name} ({kind}, {first} to {last}) from the calendar?").format(
            kind=kind_label(period.kind).lower(),
            name=period.name or kind_label(period.kind),
            first=period.starts_on.isoformat(),
            last=period.ends_on.isoformat(),
        )

        def answered(answer: str | None) -> None:
            if answer == "remove":
                self._remove(period.id)

        self.app.push_screen(
            ConfirmDialog(_("Remove from the calendar"), question, remove_answers()), answered
        )

    @work(thread=True, exclusive=True, group="calendar-change", exit_on_error=False)
    def _remove(self, period_id: int) -> None:
        self.journal.delete_calendar_period(period_id)
        self.app.call_from_thread(self._load)

    def action_propose(self) -> None:
        from tui.dialogs.propose_calendar import ProposeCalendarDialog

        if self.read is None or self.read.school is None or self.read.guess is None:
            return

        def proposed(added: Any) -> None:
            if added is None:
                return
            self.notify(
                ngettext(
                    "{n} period added to the calendar.",
                    "{n} periods added to the calendar.",
                    added,
                ).format(n=added)
                if added
                else _("The school already has every proposed period of this school year.")
            )
            self._load()

        self.app.push_screen(
            ProposeCalendarDialog(self.read.school.id, self.autumn_year, self.read.guess),
            proposed,
        )

    def _changed(self, result: Any) -> None:
        if result is not None:
            self._load()

    def action_previous_year(self) -> None:
        self.autumn_year -= 1
        self._load()

    def action_next_year(self) -> None:
        self.autumn_year += 1
        self._load()

    def action_next_school(self) -> None:
        if self.read is None or len(self.read.schools) <= 1:
            return
        ids = [s.id for s in self.read.schools]
        index = ids.index(self.school_id) if self.school_id in ids else -1
        self.school_id = ids[(index + 1) % len(ids)]
        self._load()
