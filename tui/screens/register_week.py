"""A class's week: Monday to Friday across, pupils down, one letter per cell, with a legend.

For reviewing and correcting: move with the arrows (or h/j/k/l), Enter opens that day's
register at that pupil; [ and ] go to the previous and next week, . to this week. Each cell
is the day's state by the day rule, as a letter (the legend says which) and a colour.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from storage.records import WeekView
from tui.bindings import N_
from tui.calendar_words import weekday_short
from tui.i18n import _
from tui.read_result import ReadResult
from tui.register_words import LEGEND, STATE_STYLES, closed_word, status_letter
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter


class WeekGrid(DataTable):
    """The week's cells, moved through cell by cell (vim keys too)."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False, id="week-down"),
        Binding("k", "cursor_up", show=False, id="week-up"),
        Binding("h", "cursor_left", show=False, id="week-left"),
        Binding("l", "cursor_right", show=False, id="week-right"),
    ]


class RegisterWeekScreen(SaknadScreen):
    """One class, one ISO week."""

    HELP = N_(
        "The class's week: school days across, pupils down, one letter per day (the legend "
        "above the grid says what each letter means; the day rule decides a day read lesson "
        "by lesson). Arrows or h/j/k/l move; Enter opens that day's register; [ and ] go to "
        "the previous and next week, . to this week; Escape goes back."
    )

    BINDINGS = [
        Binding("enter", "open_day", N_("Open day"), id="open-day"),
        Binding("left_square_bracket", "week(-1)", N_("Previous week"), id="previous-week"),
        Binding("right_square_bracket", "week(1)", N_("Next week"), id="next-week"),
        Binding("full_stop", "this_week", N_("This week"), id="this-week"),
        Binding("escape", "back", N_("Back"), id="back"),
    ]

    DEFAULT_CSS = """
    RegisterWeekScreen { align: left top; }
    RegisterWeekScreen #week-grid { height: 1fr; max-height: 100%; }
    RegisterWeekScreen #week-legend { color: $text-muted; height: auto; }
    """

    class Loaded(ReadResult):
        def __init__(self, week: WeekView) -> None:
            super().__init__()
            self.week = week

    def __init__(self, group_id: int, class_name: str, any_day: date):
        super().__init__()
        self.group_id = group_id
        self.class_name = class_name
        self.day = any_day
        self.week: WeekView | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(classes="page"):
            yield Static(Content(self._title()), id="week-title", classes="title")
            # Above the grid: a long class scrolls, the legend stays in view.
            yield Static(self._legend(), id="week-legend")
            yield WeekGrid(id="week-grid", cursor_type="cell", zebra_stripes=True)
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one(WeekGrid).focus()

    def on_screen_resume(self) -> None:
        # Also when first shown; and fresh after a day's register was corrected.
        self._load(self.day)

    def _title(self) -> str:
        monday = self.day - timedelta(days=self.day.weekday())
        week_number = monday.isocalendar().week
        return _("Week {n}: class {name}, {first} to {last}").format(
            n=week_number,
            name=self.class_name,
            first=monday.isoformat(),
            last=(monday + timedelta(days=4)).isoformat(),
        )

    def _legend(self) -> Text:
        text = Text()
        # Two lines of their own (absence; the rest), so 80 columns never break an entry.
        for n, (letter, word) in enumerate(LEGEND):
            if n == 5:
                text.rstrip()
                text.append("\n")
            text.append(letter, style="bold")
            text.append(f" {_(word)}  ")
        text.rstrip()
        return text

    @work(thread=True, exclusive=True, group="register-week", exit_on_error=False)
    def _load(self, day: date) -> None:
        self.post_message(self.Loaded(self.journal.week_view(self.group_id, day)))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        week = loaded.week
        if not week.days[0] <= self.day < week.days[0] + timedelta(days=7):
            return  # an older week's answer
        self.week = week
        self.class_name = week.class_name
        table = self.query_one(WeekGrid)
        row, column = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column(_("Pupil"), key="name")
        for index, day in enumerate(week.days):
            label = Text(f"{weekday_short(day.weekday()).capitalize()} {day.day}/{day.month}")
            if week.closed[index] is not None:
                label.stylize("dim")
            elif not week.taken[index]:
                label.append("*")
            table.add_column(label, key=day.isoformat(), width=max(label.cell_len, 3))
        for pupil in week.pupils:
            cells = [Text(f"{pupil.last_name}, {pupil.first_name}")]
            for status in pupil.cells:
                cells.append(Text(f" {status_letter(status)}", style=STATE_STYLES[status.state]))
            table.add_row(*cells, key=str(pupil.pupil_id))
        if week.pupils:
            weekday = self.day.weekday() + 1 if self.day.weekday() < 5 else 1
            table.move_cursor(
                row=min(row, len(week.pupils) - 1), column=column if column else weekday
            )
        self.query_one("#week-title", Static).update(Content(self._title()))
        self._show_closed(week)

    def _show_closed(self, week: WeekView) -> None:
        closed = [
            f"{weekday_short(day.weekday()).capitalize()}: {closed_word(kind, name)}"
            for day, kind, name in zip(week.days, week.closed, week.closed_names, strict=True)
            if kind is not None
        ]
        legend = self._legend()
        if closed:
            legend.append("\n" + _("Not school days: ") + "; ".join(closed))
        if not all(
            taken for taken, kind in zip(week.taken, week.closed, strict=True) if kind is None
        ):
            legend.append("\n* " + _("register not taken"))
        self.query_one("#week-legend", Static).update(legend)

    @on(DataTable.CellSelected, "#week-grid")
    def _cell_chosen(self) -> None:
        # Enter on the grid: the table answers it first (select_cursor) and says so here.
        self.action_open_day()

    def action_open_day(self) -> None:
        week = self.week
        table = self.query_one(WeekGrid)
        if week is None or not week.pupils:
            return
        row, column = table.cursor_coordinate
        day = week.days[max(column - 1, 0)]
        pupil_id = week.pupils[row].pupil_id
        from tui.screens.register import RegisterScreen

        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if isinstance(below, RegisterScreen) and below.group_id == self.group_id:
            self.dismiss()
            below.go_to(day, pupil_id=pupil_id)
            return
        self.app.push_screen(
            RegisterScreen(self.group_id, self.class_name, day, pupil_id=pupil_id)
        )

    def action_week(self, step: int) -> None:
        self.day = self.day + timedelta(days=7 * step)
        self._load(self.day)

    def action_this_week(self) -> None:
        self.day = self.saknad.today
        self._load(self.day)

    def action_back(self) -> None:
        self.dismiss()
