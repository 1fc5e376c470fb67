"""Pilot tests of the register: a whole class marked by keyboard, a mark corrected with its
history, several pupils marked at once, days across a break, taking the register and the
classes not taken, lessons, the week view. Assertions are on the journal's state."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from app_helpers import TODAY, build_app, fill, wait_for_screen, wait_until
from textual.widgets import Button, DataTable

from storage import models as m
from storage.codes import CalendarKind, LeaveStatus
from storage.identity import fictitious_personnummer
from storage.register_status import SlotState
from tui.dialogs.register_dialogs import (
    ClassChoiceDialog,
    MarkHistoryDialog,
    MarkNoteDialog,
    MinutesDialog,
)
from tui.screens.home import HomeScreen
from tui.screens.register import RegisterScreen
from tui.screens.register_week import RegisterWeekScreen
from tui.widgets.register_grid import RegisterGrid

HOSTLOV = (date(2026, 11, 2), date(2026, 11, 6))  # week 45 here, Monday to Friday
NAMES = [
    ("Ali", "Öberg"),
    ("Bo", "Åberg"),
    ("Cleo", "Zetterlund"),
    ("Dana", "Andersson"),
    ("Eli", "Berg"),
    ("Fia", "[bold]x[/]"),
]
# In Swedish order: Andersson, Berg, Zetterlund, [bold]x[/] (a bracket sorts before letters).
ORDER = ["[bold]x[/]", "Andersson", "Berg", "Zetterlund", "Åberg", "Öberg"]


@pytest.fixture
def world(new_journal):
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    school = journal.add_school("Norrskolan")
    journal.add_calendar_period(
        school, CalendarKind.TERM, date(2026, 8, 19), date(2026, 12, 18), "HT"
    )
    journal.add_calendar_period(school, CalendarKind.BREAK, *HOSTLOV, "Höstlov")
    seven_b = journal.add_group(school, "7B")
    seven_c = journal.add_group(school, "7C")
    ids = {}
    for n, (first, last) in enumerate(NAMES, start=1):
        ids[last] = journal.add_pupil(
            fictitious_personnummer(date(2013, 3, n), n),
            first,
            last,
            school_id=school,
            group_id=seven_b,
            today=date(2026, 8, 1),
        )
    journal.add_pupil(
        fictitious_personnummer(date(2013, 4, 1), 1),
        "Gus",
        "Holm",
        school_id=school,
        group_id=seven_c,
        today=date(2026, 8, 1),
    )
    return journal, seven_b, seven_c, ids


def _app(tmp_path, journal):
    return build_app(tmp_path / "journal", journal=journal)


async def _idle(pilot, screen: RegisterScreen) -> None:
    await wait_until(pilot, lambda: screen.is_idle and screen.register is not None, what="idle")
    await pilot.pause()


async def _open_register(pilot, group_id: int, name: str, day: date = TODAY, **kwargs):
    await wait_for_screen(pilot, HomeScreen)
    pilot.app.push_screen(RegisterScreen(group_id, name, day, **kwargs))
    screen = await wait_for_screen(pilot, RegisterScreen)
    await _idle(pilot, screen)
    return screen


def _marks(journal, pupil_id: int, day: date = TODAY) -> list[tuple]:
    with journal._engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT lesson, code, minutes, source, note FROM absence_mark"
            f" WHERE pupil_id = {pupil_id} AND on_date = '{day.isoformat()}'"
            " ORDER BY coalesce(lesson, 0)"
        ).all()


def _painted_rows(screen) -> dict[str, str]:
    """Each painted line of the screen by the pupil's name in it: the strips the widgets keep
    for what they last drew (a full compositor update re-draws only lines marked dirty)."""
    update = screen._compositor.render_full_update()
    lines = ["".join(strip.text for strip in line) for line in update.strips]
    painted = {}
    for pupil in screen.pupils.values():
        name = f"{pupil.last_name}, {pupil.first_name}"
        painted[name] = next((line for line in lines if name in line), "")
    return painted


def _cell(screen, pupil_id: int, column: str) -> str:
    return screen.query_one(RegisterGrid).get_cell(str(pupil_id), column).plain


async def test_home_r_opens_todays_register_through_the_not_taken_classes(tmp_path, world):
    journal, seven_b, seven_c, ids = world
    journal.take_register(seven_c, TODAY)
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("r")
        dialog = await wait_for_screen(pilot, ClassChoiceDialog)
        table = dialog.query_one("#choices", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2, what="the classes")
        # 7B is not taken: first, and said so; 7C after it.
        assert [table.get_row_at(i)[0].plain for i in range(2)] == ["7B", "7C"]
        assert table.get_row_at(0)[2].plain == "Not taken"
        assert table.get_row_at(1)[2].plain == ""
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)
        assert (screen.group_id, screen.day) == (seven_b, TODAY)
        grid = screen.query_one(RegisterGrid)
        assert [screen.pupils[p].last_name for p in grid.pupil_ids] == ORDER
        # Not taken: every pupil reads "Not marked", as a word.
        assert {_cell(screen, p, "status") for p in ids.values()} == {"Not marked"}


async def test_a_whole_class_marked_by_keyboard_then_taken(tmp_path, world):
    journal, seven_b, _c, ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        # One key per pupil, the cursor moving on: [bold]x[/], Andersson, Berg, Zetterlund,
        # Åberg, Öberg.
        await pilot.press("o", "s", "l", "a", "f", "m")
        dialog = await wait_for_screen(pilot, MinutesDialog)
        await fill(pilot, "10")
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)
        assert _marks(journal, ids["[bold]x[/]"]) == [(None, "invalid", None, "register", "")]
        assert _marks(journal, ids["Andersson"]) == [(None, "ill", None, "register", "")]
        assert _marks(journal, ids["Berg"]) == [(None, "leave", None, "register", "")]
        assert _marks(journal, ids["Zetterlund"]) == [(None, "valid_other", None, "register", "")]
        assert _marks(journal, ids["Åberg"]) == [(None, "reported", None, "guardian_notice", "")]
        assert _marks(journal, ids["Öberg"]) == [(None, "late", 10, "register", "")]
        assert _cell(screen, ids["Öberg"], "status") == "Late 10 min"
        assert _cell(screen, ids["Åberg"], "status") == "Reported"
        # What is painted, not only what the table holds: the grid draws one row again per
        # mark (RegisterGrid._set_row), and every changed row shows its new word.
        painted = _painted_rows(screen)
        for name, word in [
            ("[bold]x[/], Fia", "Invalid"),
            ("Andersson, Dana", "Ill"),
            ("Berg, Eli", "Leave"),
            ("Zetterlund, Cleo", "Other valid"),
            ("Åberg, Bo", "Reported"),
            ("Öberg, Ali", "Late 10 min"),
        ]:
            assert word in painted[name], (name, painted[name])
        assert dialog is not None

        assert not journal.class_register(seven_b, TODAY).taken
        await pilot.press("t")
        await _idle(pilot, screen)
        assert journal.class_register(seven_b, TODAY).taken
        assert screen.register is not None and screen.register.taken
        # Clearing a mark once taken: the pupil is present (a word, not only a colour).
        await pilot.press("home")  # Home is today, not the first row
        await _idle(pilot, screen)
        screen.query_one(RegisterGrid).move_cursor(row=0)
        await pilot.press("x")
        await _idle(pilot, screen)
        assert _marks(journal, ids["[bold]x[/]"]) == []
        assert _cell(screen, ids["[bold]x[/]"], "status") == "Present"


async def test_a_corrected_mark_keeps_its_history_and_shows_it(tmp_path, world):
    journal, seven_b, _c, ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        grid = screen.query_one(RegisterGrid)
        grid.move_cursor(row=1)  # Andersson
        await pilot.press("o")
        await _idle(pilot, screen)
        await pilot.press("k", "s")  # back up, and correct: ill, not invalid
        await _idle(pilot, screen)
        await pilot.press("k", "n")
        await wait_for_screen(pilot, MarkNoteDialog)
        await fill(pilot, "mamma ringde")
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)

        assert _marks(journal, ids["Andersson"]) == [
            (None, "ill", None, "register", "mamma ringde")
        ]
        history = journal.mark_history(ids["Andersson"], TODAY)
        assert [(h.old_code, h.new_code, h.note, h.actor) for h in history] == [
            (None, "invalid", "", "Kim Kurator"),
            ("invalid", "ill", "", "Kim Kurator"),
            ("ill", "ill", "mamma ringde", "Kim Kurator"),
        ]
        actions = [e.action for e in journal.audit_trail(200) if e.table_name == "absence_mark"]
        assert actions.count("insert") == 1 and actions.count("update") == 2
        assert "mamma ringde" in _cell(screen, ids["Andersson"], "flags")

        await pilot.press("h")
        dialog = await wait_for_screen(pilot, MarkHistoryDialog)
        table = dialog.query_one("#history", DataTable)
        await wait_until(pilot, lambda: table.row_count == 3, what="the history")
        first, second = table.get_row_at(0), table.get_row_at(1)
        assert [c.plain for c in first[1:5]] == ["Kim Kurator", "Whole day", "No mark", "Invalid"]
        assert [c.plain for c in second[3:5]] == ["Invalid", "Ill"]
        await pilot.press("escape")
        await wait_for_screen(pilot, RegisterScreen)


async def test_space_selects_several_pupils_and_one_key_marks_them_all(tmp_path, world):
    journal, seven_b, _c, ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        grid = screen.query_one(RegisterGrid)
        grid.move_cursor(row=1)
        await pilot.press("space", "j", "space")  # Andersson and Zetterlund, not Berg
        assert screen.selected == {ids["Andersson"], ids["Zetterlund"]}
        assert _cell(screen, ids["Andersson"], "select") == "✓"
        assert _cell(screen, ids["Berg"], "select") == " "
        await pilot.press("s")
        await _idle(pilot, screen)
        assert _marks(journal, ids["Andersson"]) == [(None, "ill", None, "register", "")]
        assert _marks(journal, ids["Zetterlund"]) == [(None, "ill", None, "register", "")]
        assert _marks(journal, ids["Berg"]) == []
        assert screen.selected == set()
        assert _cell(screen, ids["Andersson"], "select") == " "
        # The cursor stayed where it was: on the row after the last one selected.
        assert grid.cursor_row == 4


async def test_next_and_previous_school_day_skip_the_break_and_weekends(tmp_path, world):
    journal, seven_b, _c, _ids = world
    friday_before = HOSTLOV[0] - timedelta(days=3)
    monday_after = HOSTLOV[1] + timedelta(days=3)
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B", friday_before)
        await pilot.press("right_square_bracket")
        await _idle(pilot, screen)
        assert screen.day == monday_after and screen.register.on_date == monday_after
        await pilot.press("left_square_bracket")
        await _idle(pilot, screen)
        assert screen.day == friday_before
        await pilot.press("full_stop")
        await _idle(pilot, screen)
        assert screen.day == TODAY
        # A break day opened by date says why, and marks nothing.
        screen.go_to(HOSTLOV[0] + timedelta(days=2))
        await _idle(pilot, screen)
        state = str(screen.query_one("#register-state").render())
        assert "Höstlov" in state
        await pilot.press("o")
        await _idle(pilot, screen)
        assert journal.class_register(seven_b, screen.day).pupils[0].mark is None


async def test_not_taken_classes_are_one_key_away_and_taking_removes_one(tmp_path, world):
    journal, seven_b, seven_c, _ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        await pilot.press("t")
        await _idle(pilot, screen)
        assert [c.group_id for c in journal.classes_not_taken(TODAY)] == [seven_c]
        await pilot.press("u")
        dialog = await wait_for_screen(pilot, ClassChoiceDialog)
        table = dialog.query_one("#choices", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, what="the classes not taken")
        assert table.get_row_at(0)[0].plain == "7C"
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)
        assert screen.group_id == seven_c
        assert [p.last_name for p in screen.pupils.values()] == ["Holm"]
        await pilot.press("t")
        await _idle(pilot, screen)
        assert journal.classes_not_taken(TODAY) == []


async def test_a_lesson_is_marked_on_its_own_and_the_day_counts_it(tmp_path, world):
    journal, seven_b, _c, ids = world
    with journal.bulk() as session:
        session.add(m.LessonPlan(group_id=seven_b, weekday=TODAY.weekday(), lessons=4))
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        await pilot.press("2")
        await _idle(pilot, screen)
        assert screen.lesson == 2
        screen.query_one(RegisterGrid).move_cursor(row=1)
        await pilot.press("o")
        await _idle(pilot, screen)
        assert _marks(journal, ids["Andersson"]) == [(2, "invalid", None, "register", "")]
        await pilot.press("0")
        await _idle(pilot, screen)
        assert screen.lesson is None
        andersson = screen.pupils[ids["Andersson"]]
        assert andersson.status.state is SlotState.PARTLY_ABSENT
        assert _cell(screen, ids["Andersson"], "lessons") == "1 of 4"
        assert _cell(screen, ids["Andersson"], "status") == "Partly absent"


async def test_names_and_flags_show_as_written(tmp_path, world):
    journal, seven_b, _c, ids = world
    journal.add_leave_request(
        ids["Berg"], TODAY, TODAY, status=LeaveStatus.REFUSED, decided_by="Rektor"
    )
    journal.add_leave_request(ids["Åberg"], TODAY, TODAY, status=LeaveStatus.GRANTED)
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        assert _cell(screen, ids["[bold]x[/]"], "name") == "[bold]x[/], Fia"
        assert _cell(screen, ids["Berg"], "flags") == "LEAVE REFUSED"
        assert _cell(screen, ids["Åberg"], "flags") == "Leave granted"


async def test_the_week_view_reads_letters_and_enter_opens_the_day(tmp_path, world):
    journal, seven_b, _c, ids = world
    from storage.marks import MarkWrite

    monday = TODAY - timedelta(days=TODAY.weekday())
    journal.write_marks(
        [
            MarkWrite(ids["Andersson"], monday, "ill"),
            MarkWrite(ids["Berg"], monday + timedelta(days=1), "invalid"),
        ]
    )
    journal.take_register(seven_b, monday)
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        register = await _open_register(pilot, seven_b, "7B", monday + timedelta(days=1))
        await pilot.press("w")
        week = await wait_for_screen(pilot, RegisterWeekScreen)
        await wait_until(pilot, lambda: week.week is not None, what="the week")
        table = week.query_one("#week-grid", DataTable)
        andersson = table.get_row(str(ids["Andersson"]))
        berg = table.get_row(str(ids["Berg"]))
        assert [c.plain.strip() for c in andersson[1:3]] == ["S", "?"]
        assert [c.plain.strip() for c in berg[1:3]] == ["·", "O"]
        # The cursor starts on the register's day; Enter on Berg's Monday opens Monday.
        assert table.cursor_coordinate.column == 2
        table.move_cursor(row=ORDER.index("Berg"), column=1)
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, register)
        assert register.day == monday
        grid = register.query_one(RegisterGrid)
        assert grid.cursor_pupil == ids["Berg"]


async def test_the_day_rule_is_set_from_the_register_and_kept_in_the_journal(tmp_path, world):
    from storage.day_rule import DAY_RULE_KEY, DayRule
    from tui.dialogs.register_dialogs import DayRuleDialog

    journal, seven_b, _c, ids = world
    with journal.bulk() as session:
        session.add(m.LessonPlan(group_id=seven_b, weekday=TODAY.weekday(), lessons=4))
    from storage.marks import MarkWrite

    journal.write_marks([MarkWrite(ids["Berg"], TODAY, "invalid", lesson=n) for n in (1, 2)])
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        assert screen.pupils[ids["Berg"]].status.state is SlotState.PARTLY_ABSENT
        await pilot.press("d")
        dialog = await wait_for_screen(pilot, DayRuleDialog)
        field = dialog.query_one("#percent")
        assert field.value == "100"  # the stated default: every lesson
        field.value = ""
        field.focus()
        await fill(pilot, "0")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "1 to 100" in str(dialog.query_one("#form-message").render())
        )
        field.value = ""
        await fill(pilot, "50")
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)
        assert journal.rule_setting(DAY_RULE_KEY, DayRule()) == DayRule(min_lesson_share=0.5)
        # 2 of 4 lessons is half: with the boundary inclusive, Berg's day is now absent.
        assert screen.pupils[ids["Berg"]].status.state is SlotState.INVALID
        assert _cell(screen, ids["Berg"], "lessons") == "2 of 4"


async def test_any_date_and_the_weeks_around_it(tmp_path, world):
    from tui.dialogs.register_dialogs import GoToDateDialog
    from tui.i18n import set_language

    set_language("en")

    journal, seven_b, _c, _ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        await pilot.press("g")
        dialog = await wait_for_screen(pilot, GoToDateDialog)
        # Nothing is stored: the button opens the day, it does not "Save".
        assert str(dialog.query_one("#save", Button).label) == "Open the day"
        field = pilot.app.focused
        field.value = ""
        await fill(pilot, "2026-11-18")
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)
        assert screen.day == date(2026, 11, 18)
        await pilot.press("w")
        week = await wait_for_screen(pilot, RegisterWeekScreen)
        await wait_until(pilot, lambda: week.week is not None, what="the week")
        assert week.week.days[0] == date(2026, 11, 16)
        # The help says where the legend is: above the grid, where the screen shows it.
        legend, grid = week.query_one("#week-legend"), week.query_one("#week-grid")
        assert legend.region.bottom <= grid.region.y
        assert "legend above the grid" in week.HELP
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: week.week.days[0] == date(2026, 11, 23), what="next")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_until(pilot, lambda: week.week.days[0] == date(2026, 11, 9), what="back")
        await pilot.press("full_stop")
        await wait_until(pilot, lambda: week.week.days[0] == TODAY, what="this week")
        await pilot.press("escape")
        await wait_for_screen(pilot, RegisterScreen)


async def test_a_failed_write_is_said_and_the_grid_shows_the_journal_again(
    tmp_path, world, monkeypatch
):
    from storage.errors import StorageFull

    journal, seven_b, _c, ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")

        def full(_writes, **_kwargs):
            raise StorageFull("disk full")

        monkeypatch.setattr(journal, "write_marks", full)
        await pilot.press("o")  # [bold]x[/]: shown as invalid at once, then refused
        await _idle(pilot, screen)
        await wait_until(
            pilot,
            lambda: _cell(screen, ids["[bold]x[/]"], "status") == "Not marked",
            what="the journal's state again",
        )
        assert _marks(journal, ids["[bold]x[/]"]) == []
        assert any(n.severity == "error" for n in app._notifications)
        assert isinstance(app.screen, RegisterScreen)  # the app keeps running


async def test_late_with_minutes_for_several_selected_pupils(tmp_path, world):
    journal, seven_b, _c, ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        screen.grid.move_cursor(row=2)  # Berg
        await pilot.press("space", "space")  # Berg and Zetterlund
        await pilot.press("e")
        await wait_for_screen(pilot, MinutesDialog)
        await fill(pilot, "5")
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)
        assert _marks(journal, ids["Berg"]) == [(None, "late", 5, "register", "")]
        assert _marks(journal, ids["Zetterlund"]) == [(None, "late", 5, "register", "")]
        assert _marks(journal, ids["Åberg"]) == []
        assert screen.selected == set()
        assert _cell(screen, ids["Zetterlund"], "status") == "Late 5 min"


async def test_i_imports_absence_and_the_register_shows_the_file_on_coming_back(tmp_path, world):
    """The school's own system's marks come in from the register (i), and the register is
    read again when the import screen closes."""
    from textual.widgets import Input

    from tui.screens.import_absence import ImportAbsenceScreen

    journal, seven_b, _c, ids = world
    number = fictitious_personnummer(date(2013, 3, 5), 5)  # Eli Berg
    path = tmp_path / "franvaro.csv"
    path.write_text(f"Personnummer;Datum;Frånvarotyp\n{number};{TODAY};Ogiltig\n")
    app = _app(tmp_path, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        assert _cell(screen, ids["Berg"], "status") == "Not marked"
        await pilot.press("i")
        importing = await wait_for_screen(pilot, ImportAbsenceScreen)
        importing.query_one("#path", Input).value = str(path)
        importing.action_read()
        await wait_until(pilot, lambda: importing.preview is not None, what="the preview")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: _marks(journal, ids["Berg"]), what="the import")
        await pilot.press("escape")
        await wait_for_screen(pilot, RegisterScreen)
        await wait_until(
            pilot, lambda: _cell(screen, ids["Berg"], "status") == "Invalid", what="re-read"
        )
    assert _marks(journal, ids["Berg"]) == [(None, "invalid", None, "import", "")]


async def test_at_80_columns_the_mark_history_shows_every_column_and_the_note(tmp_path, world):
    from tui.i18n import set_language

    set_language("en")
    journal, seven_b, _c, ids = world
    app = _app(tmp_path, journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_register(pilot, seven_b, "7B")
        grid = screen.query_one(RegisterGrid)
        grid.move_cursor(row=1)  # Andersson
        await pilot.press("o")
        await _idle(pilot, screen)
        await pilot.press("k", "n")
        await wait_for_screen(pilot, MarkNoteDialog)
        await fill(pilot, "mamma ringde och sa att han kommer efter lunch")
        await pilot.press("enter")
        await wait_for_screen(pilot, RegisterScreen)
        await _idle(pilot, screen)
        await pilot.press("h")
        dialog = await wait_for_screen(pilot, MarkHistoryDialog)
        table = dialog.query_one("#history", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2, what="the history")
        await pilot.pause()
        # Nothing past the dialog's edge: "To" and the note are in view, wrapped.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        last = table.get_row_at(1)
        assert [c.plain for c in last[3:]] == [
            "Invalid",
            "Invalid",
            "mamma ringde och sa att han kommer efter lunch",
        ]


def test_the_mark_history_gives_a_change_on_the_marks_day_by_its_time_alone():
    from datetime import datetime

    dialog = MarkHistoryDialog(1, "Alva Testsson", date(2026, 11, 30))
    morning = datetime(2026, 11, 30, 8, 10).astimezone()  # the day is in the dialog's title
    assert dialog._when(morning) == "08:10"
    assert dialog._when(morning + timedelta(days=1)) == "2026-12-01 08:10"
