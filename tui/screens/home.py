"""Home after unlock: the morning dashboard, today at a glance.

Each section is one key away and counts exactly the list that key opens (storage.morning):
registers not taken (R), guardians to tell (N), pupils not back after a break (V, on the first
school days after one), problematic absence (P). Below them the open missing-pupil cases,
the most overdue steps first, with the day of the case and the time since the pupil was last
seen; Enter opens the case under the cursor. An empty journal says so and says what comes
next. The dashboard is read again each time the screen comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.read_result import ReadResult
from tui.screens.base import SaknadScreen
from tui.widgets.footer import SaknadFooter

if TYPE_CHECKING:
    from storage.records import Morning, MorningCase, Summary, WatchBreak


KEYS_LINE_FROM_ROWS = 30
"""From this terminal height home shows the line of other keys beside open cases."""


class HomeScreen(SaknadScreen):
    """The journal at a glance."""

    HELP = N_(
        "Home is the morning at a glance; each count is what its key opens. R opens today's "
        "register (the classes not taken yet first), N lists the guardians to tell today "
        "about absence without a valid reason, P lists problematic absence, V lists the "
        "pupils to look at for the missing track (not back after a break, absent without a "
        "reason). The table lists the open missing-pupil cases, the most overdue steps "
        "first: the day of the case (school days since day 0), the time since the pupil was "
        "last seen (school days, and calendar days in brackets) and the overdue steps; "
        "Up/Down choose a case and Enter opens it. D opens the contact directory (social "
        "services and their out-of-hours service, police, the support line on honour-related "
        "violence, sibling schools). C lists the classes, I imports a class "
        "list, K opens the school calendar, S opens settings. B backs up the journal; a "
        "line says so when the last backup is older than the days set in Settings. O lists "
        "the reports of concern; a line says how many are not filed yet. W opens the watch "
        "list; a line says when its review before a break is due. On the first school days "
        "after a break, F opens the roll call of pupils not yet seen since it. Ctrl+P "
        "finds pupils (by name, "
        "class or number) and commands, such as importing absence from the school's "
        "system. Ctrl+L locks the journal at once, Ctrl+B hides the screen if somebody "
        "walks in."
    )

    # The morning's keys first. At 80 columns the footer holds the three morning keys, Help,
    # Lock and Hide (home is where a counsellor learns Hide, the key for someone at the door);
    # the others are named in the body under the dashboard, in F1 help and in the palette.
    BINDINGS = [
        Binding(
            "r",
            "app.register",
            N_("Register"),
            id="register",
            tooltip=N_("Today's register: the classes not taken yet first"),
        ),
        Binding(
            "n",
            "app.notices",
            N_("Notices"),
            id="notices",
            tooltip=N_("Guardians to tell today about absence without a valid reason"),
        ),
        Binding(
            "p",
            "app.problematic_absence",
            N_("Absence"),
            id="problematic-absence",
            tooltip=N_("Problematic absence: repeated or long absence, investigations"),
        ),
        Binding(
            "c",
            "app.classes",
            N_("Classes"),
            id="classes",
            tooltip=N_("All classes and their pupils"),
            show=False,
        ),
        Binding(
            "i",
            "app.import_list",
            N_("Import"),
            id="import",
            tooltip=N_("Import a class list from a file"),
            show=False,
        ),
        Binding(
            "k",
            "app.calendar",
            N_("Calendar"),
            id="calendar",
            tooltip=N_("The school calendar: terms, breaks and days off"),
            show=False,
        ),
        Binding(
            "s",
            "app.settings",
            N_("Settings"),
            id="settings",
            tooltip=N_("Language, idle lock, passphrase"),
            show=False,
        ),
        Binding(
            "v",
            "app.missing_candidates",
            N_("Missing?"),
            id="missing-candidates",
            tooltip=N_("Pupils to look at for the missing track: not back, no reason"),
            show=False,
        ),
        # With Shift or Caps Lock the keys work as well.
        Binding("R", "app.register", show=False, id="register-shift"),
        Binding("N", "app.notices", show=False, id="notices-shift"),
        Binding("P", "app.problematic_absence", show=False, id="problematic-absence-shift"),
        Binding("C", "app.classes", show=False, id="classes-shift"),
        Binding("I", "app.import_list", show=False, id="import-shift"),
        Binding("K", "app.calendar", show=False, id="calendar-shift"),
        Binding("S", "app.settings", show=False, id="settings-shift"),
        Binding(
            "d",
            "app.directory",
            N_("Contacts"),
            id="directory",
            tooltip=N_("The contact directory: social services, police, sibling schools"),
            show=False,
        ),
        Binding("V", "app.missing_candidates", show=False, id="missing-candidates-shift"),
        Binding("D", "app.directory", show=False, id="directory-shift"),
        # Backup (issue 12): the reminder line names the key.
        Binding(
            "b",
            "app.backup",
            N_("Back up"),
            id="backup",
            tooltip=N_("Write a verified, encrypted backup of the journal"),
            show=False,
        ),
        Binding("B", "app.backup", show=False, id="backup-shift"),
        # Reports of concern (issue 12): the line that counts them names the key.
        Binding(
            "o",
            "app.reports",
            N_("Reports"),
            id="reports",
            tooltip=N_("Reports of concern, those not yet filed first"),
            show=False,
        ),
        Binding("O", "app.reports", show=False, id="reports-shift"),
        # The first day back (issue 13): only on the first school days after a break.
        Binding(
            "f",
            "first_day_back",
            N_("First day back"),
            id="first-day-back",
            tooltip=N_("Roll call of pupils not yet seen since the break"),
            show=False,
        ),
        Binding("F", "first_day_back", show=False, id="first-day-back-shift"),
        # The watch list (issue 13): never named with pupils here; the review line names
        # the key and the break only.
        Binding(
            "w",
            "app.watch_list",
            N_("Watch list"),
            id="watch-list",
            tooltip=N_("The watch list before a break"),
            show=False,
        ),
        Binding("W", "app.watch_list", show=False, id="watch-list-shift"),
    ]

    DEFAULT_CSS = """
    HomeScreen #home-body { height: 1fr; }
    HomeScreen #sections { height: auto; margin-top: 1; }
    HomeScreen .section { height: auto; }
    HomeScreen #cases-title { text-style: bold; margin-top: 1; }
    HomeScreen #missing-cases { height: 1fr; min-height: 3; }
    HomeScreen #case-detail { color: $text-muted; height: auto; }
    HomeScreen #next-step { color: $text-muted; margin: 1 0; }
    HomeScreen #backup-reminder { color: $warning; margin-top: 1; height: auto; }
    HomeScreen #reports-waiting { color: $warning; height: auto; }
    HomeScreen #watch-review { color: $warning; height: auto; }
    HomeScreen .-hidden { display: none; }
    """

    class MorningLoaded(ReadResult):
        """The dashboard was read (storage.morning)."""

        def __init__(self, morning: Morning, watch_review: WatchBreak | None = None) -> None:
            super().__init__()
            self.morning = morning
            self.watch_review = watch_review

    def __init__(self) -> None:
        super().__init__()
        self.morning: Morning | None = None
        """The last read, kept to word it again in another language."""
        self.cases: tuple[MorningCase, ...] = ()
        self.watch_review: WatchBreak | None = None
        """The break whose watch-list review is due, if any (worded in the review line)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="home-body"):
            yield Static("", id="greeting", classes="title")
            yield Static(_("Reading the journal..."), id="summary")
            with Vertical(id="sections", classes="-hidden"):
                for name in ("register", "notices", "candidates", "first-day", "problematic"):
                    yield Static("", id=f"section-{name}", classes="section")
            yield Static("", id="backup-reminder", classes="-hidden")
            yield Static("", id="reports-waiting", classes="-hidden")
            yield Static("", id="watch-review", classes="-hidden")
            yield Static("", id="next-step")
            # The cases last: the table takes the room that is left and scrolls in it, so
            # nothing above it is pushed off a small terminal.
            yield Static("", id="cases-title", classes="-hidden")
            yield Static("", id="case-detail", classes="-hidden")
            yield DataTable(
                id="missing-cases", cursor_type="row", zebra_stripes=True, classes="-hidden"
            )
        yield SaknadFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # F opens the roll call only on the first school days after a break (issue 13).
        if action == "first_day_back":
            return self.morning is not None and bool(self.morning.breaks)
        return True

    def action_first_day_back(self) -> None:
        self.saknad.action_first_day_back()

    def on_mount(self) -> None:
        self.sub_title = ""

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one read, and a fresh one on coming back.
        self._load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load(self) -> None:
        today = self.saknad.today
        morning = self.journal.morning(today)
        self.post_message(self.MorningLoaded(morning, self.journal.watch_review_due(today)))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self.query_one("#summary", Static).update(Content(sentence))
        return True

    def refresh_language(self) -> None:
        """Word the dashboard again in the new language from the last read: no recompose,
        so the table keeps its cursor and nothing is read again."""
        if self.morning is not None:
            self._fill(self.morning)
        else:
            self.query_one("#summary", Static).update(_("Reading the journal..."))

    @on(MorningLoaded)
    def _show(self, loaded: MorningLoaded) -> None:
        if loaded.stale:  # a newer read is on its way (tui.read_result)
            return
        self.morning = loaded.morning
        self.watch_review = loaded.watch_review
        self._fill(loaded.morning)

    def _fill(self, morning: Morning) -> None:
        name = morning.profile.name if morning.profile else ""
        greeting = _("Good day, {name}.").format(name=name) if name else _("Good day.")
        self.query_one("#greeting", Static).update(Content(greeting))  # a name: never markup
        summary = morning.summary
        shown = not summary.is_empty
        for selector in ("#sections", "#cases-title", "#missing-cases", "#case-detail"):
            self.query_one(selector).set_class(not shown, "-hidden")
        if not shown:
            self.query_one("#summary", Static).update(
                _("Your journal is empty: no classes or pupils yet.")
            )
            self.query_one("#next-step", Static).update(
                _(
                    "Next: bring in your class lists. Press I to import a list exported from "
                    "your school's administration system (CSV, text or SS 12000), or try "
                    "everything on fictitious pupils with the command saknad demo."
                )
            )
            return
        self.query_one("#summary", Static).update(summary_line(summary))
        self._show_sections(morning)
        reminder = backup_reminder_text(morning)
        self.query_one("#backup-reminder", Static).update(reminder)
        self.query_one("#backup-reminder").set_class(not reminder, "-hidden")
        waiting = reports_waiting_text(morning)
        self.query_one("#reports-waiting", Static).update(waiting)
        self.query_one("#reports-waiting").set_class(not waiting, "-hidden")
        review = watch_review_text(self.watch_review)
        self.query_one("#watch-review", Static).update(Content(review))  # a break's name
        self.query_one("#watch-review").set_class(not review, "-hidden")
        self._show_cases(morning.missing_cases)
        self.query_one("#next-step", Static).update(
            _(
                "D contacts, C classes, K school calendar, I import a class list, S settings. "
                "Ctrl+P finds a pupil, a word in the journal or a command (import absence)."
            )
        )
        self._fit_height()

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        # In a short terminal the open cases need the rows more than the line of other keys,
        # which F1 help also lists: at 24 rows it left room for one case of three.
        short = self.size.height < KEYS_LINE_FROM_ROWS and bool(self.cases)
        self.query_one("#next-step").set_class(short, "-hidden")

    def _show_sections(self, morning: Morning) -> None:
        sections = {
            "register": ("R", register_text(morning.registers_not_taken, morning.school_day)),
            "notices": ("N", notices_text(morning.notices_due)),
            "candidates": ("V", candidates_text(morning)),
            "first-day": ("F", first_day_text(morning)),
            "problematic": ("P", problematic_text(morning)),
        }
        for name, (key, words) in sections.items():
            section = self.query_one(f"#section-{name}", Static)
            section.set_class(not words, "-hidden")
            section.update(Content.assemble((key, "bold"), "  ", words))

    def _show_cases(self, cases: tuple[MorningCase, ...]) -> None:
        table = self.query_one("#missing-cases", DataTable)
        kept = self._current()
        self.cases = cases
        table.clear(columns=True)
        title = self.query_one("#cases-title", Static)
        if not cases:
            title.update(_("No open missing-pupil case."))
            table.set_class(True, "-hidden")
            self.query_one("#case-detail").set_class(True, "-hidden")
            return
        title.update(
            ngettext(
                "{n} open missing-pupil case (Enter opens it)",
                "{n} open missing-pupil cases (Enter opens the one chosen)",
                len(cases),
            ).format(n=len(cases))
        )
        table.add_columns(_("Pupil"), _("Class"), _("Day"), _("Since last seen"), _("Overdue"))
        for case in cases:
            table.add_row(*case_cells(case), key=str(case.case_id))
        if kept is not None and any(c.case_id == kept.case_id for c in cases):
            table.move_cursor(row=table.get_row_index(str(kept.case_id)))
        table.focus()
        self._show_detail()

    def _current(self) -> MorningCase | None:
        table = self.query_one("#missing-cases", DataTable)
        if not table.row_count or not self.cases:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c in self.cases if str(c.case_id) == key), None)

    @on(DataTable.RowHighlighted, "#missing-cases")
    def _show_detail(self) -> None:
        case = self._current()
        detail = self.query_one("#case-detail", Static)
        detail.update(case_detail(case) if case is not None else "")

    @on(DataTable.RowSelected, "#missing-cases")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        from tui.screens.case import CaseScreen

        if event.row_key.value is not None:
            self.app.push_screen(CaseScreen(int(event.row_key.value)))


def summary_line(summary: Summary) -> str:
    """What the journal holds, on one line: schools, classes, pupils (and those who left)."""
    parts = [
        ngettext("{n} school", "{n} schools", summary.schools).format(n=summary.schools),
        ngettext("{n} class", "{n} classes", summary.classes).format(n=summary.classes),
        ngettext("{n} pupil", "{n} pupils", summary.pupils).format(n=summary.pupils),
    ]
    if summary.pupils_left:
        # The pupils above are those at school now, as the classes count them.
        parts.append(
            ngettext(
                "{n} pupil has left (kept in the journal)",
                "{n} pupils have left (kept in the journal)",
                summary.pupils_left,
            ).format(n=summary.pupils_left)
        )
    return " · ".join(parts)


def register_text(count: int, school_day: bool = True) -> str:
    if not count and not school_day:
        return _("Today is not a school day: no register to take")
    if not count:
        return _("No register left to take today")
    return ngettext("{n} register not taken today", "{n} registers not taken today", count).format(
        n=count
    )


def notices_text(count: int) -> str:
    if not count:
        return _("No guardian left to tell about absence today")
    return ngettext(
        "{n} pupil absent without a reason, guardians not told",
        "{n} pupils absent without a reason, guardians not told",
        count,
    ).format(n=count)


def candidates_text(morning: Morning) -> str:
    """The not-back line, on the first school days after a break only ("" otherwise)."""
    if morning.candidates is None:
        return ""
    name = ", ".join(morning.breaks)  # the calendar's names: data, shown as plain text
    if not morning.candidates:
        # Pupils flagged missing already are not on the list (nor counted here).
        return _("No pupil left to look at after {name}").format(name=name)
    words = ngettext(
        "{n} not back after {name}", "{n} not back after {name}", morning.not_back
    ).format(n=morning.not_back, name=name)
    others = morning.candidates - morning.not_back
    if others:
        words += ngettext(
            ", {n} more to look at for the missing track",
            ", {n} more to look at for the missing track",
            others,
        ).format(n=others)
    return words


def first_day_text(morning: Morning) -> str:
    """The roll-call line, on the first school days after a break only ("" otherwise)."""
    if not morning.breaks:
        return ""
    return _("Roll call of the first day back: pupils not yet seen since the break")


def problematic_text(morning: Morning) -> str:
    if not morning.problematic:
        return _("No pupil's absence reaches a threshold")
    words = ngettext(
        "{n} pupil with problematic absence to look at",
        "{n} pupils with problematic absence to look at",
        morning.problematic,
    ).format(n=morning.problematic)
    if morning.problematic_investigated:
        words += ngettext(
            ", {n} under investigation",
            ", {n} under investigation",
            morning.problematic_investigated,
        ).format(n=morning.problematic_investigated)
    return words


def reports_waiting_text(morning: Morning) -> str:
    """ "Reports of concern: 1 not filed, 1 to follow up in writing. Press O." while any
    waits, "" otherwise (the counts of the list O opens)."""
    parts = []
    if morning.reports_unfiled:
        parts.append(
            ngettext("{n} not filed", "{n} not filed", morning.reports_unfiled).format(
                n=morning.reports_unfiled
            )
        )
    if morning.reports_follow_up:
        parts.append(
            ngettext(
                "{n} to follow up in writing",
                "{n} to follow up in writing",
                morning.reports_follow_up,
            ).format(n=morning.reports_follow_up)
        )
    if not parts:
        return ""
    return _("Reports of concern: {waiting}. Press O.").format(waiting=", ".join(parts))


def backup_reminder_text(morning: Morning) -> str:
    """ "Last backup: 9 days ago. Press B to back up." when one is due (storage.
    backup_reminder), "" otherwise."""
    if not morning.backup_due:
        return ""
    if morning.days_since_backup is None:
        return _("Never backed up. Press B to back up.")
    return ngettext(
        "Last backup: {n} day ago. Press B to back up.",
        "Last backup: {n} days ago. Press B to back up.",
        morning.days_since_backup,
    ).format(n=morning.days_since_backup)


def since_text(case: MorningCase) -> str:
    """School days since last seen, and calendar days in brackets."""
    school = ngettext("{n} school day", "{n} school days", case.school_days_since).format(
        n=case.school_days_since
    )
    days = ngettext("{n} day", "{n} days", case.calendar_days_since).format(
        n=case.calendar_days_since
    )
    return f"{school} ({days})"


def case_cells(case: MorningCase) -> list[Text]:
    """A case's row: names and classes are data, never markup."""
    overdue = str(case.overdue_steps) if case.overdue_steps else "–"
    return [
        Text(f"{case.last_name}, {case.first_name}"),
        Text(case.class_name),
        Text(str(case.case_day), justify="right"),
        Text(since_text(case)),
        Text(overdue, style="bold red" if case.overdue_steps else "", justify="right"),
    ]


def case_detail(case: MorningCase) -> Content:
    """Under the table: the chosen case's last day seen, honour-related mode and the first
    overdue step (names are data: plain text parts, never markup)."""
    from tui.case_words import step_text

    seen = (
        _("last seen {date}").format(date=case.last_present.isoformat())
        if case.last_present is not None
        else _("not seen at school in the register")
    )
    parts: list[str | tuple[str, str]] = [
        f"{case.first_name} {case.last_name}: {seen}, ",
        _("day 0 {date}").format(date=case.day0.isoformat()),
    ]
    if case.honour_related:
        parts += [". ", (_("Honour-related: guardians must not be contacted"), "bold")]
    if case.first_overdue_step and case.first_overdue_due is not None:
        step = _("{step} (due {date})").format(
            step=step_text(case.first_overdue_step), date=case.first_overdue_due.isoformat()
        )
        parts += [". ", (_("Overdue:"), "bold $error"), " ", step]
    parts.append(".")
    return Content.assemble(*parts)


def watch_review_text(review: WatchBreak | None) -> str:
    """The watch list's review line: the break and the key, never a pupil or a count (the
    home screen may be seen by others; who is on the list is not for them)."""
    if review is None:
        return ""
    return _("A review of the watch list before {name} ({day}) is due. Press W.").format(
        name=review.name or _("the break"), day=review.starts_on.isoformat()
    )
