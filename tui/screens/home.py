"""Home after unlock: what the journal holds, and what to do next.

Later issues turn this into the morning dashboard. Until then it tells the truth: an empty
journal says so and says what comes next.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Header, Static

from tui.bindings import N_
from tui.i18n import _, ngettext
from tui.screens.base import SaknadScreen


class HomeScreen(SaknadScreen):
    """The journal at a glance."""

    HELP = N_(
        "Home shows what your journal holds. R opens today's register (the classes not "
        "taken yet first), N lists the guardians to tell today about absence without a "
        "valid reason, P lists problematic absence, V lists the pupils to look at for the "
        "missing track (not back after a break, absent without a reason), C lists the "
        "classes, I imports a "
        "class list, K opens the school calendar, S opens settings. Ctrl+P finds pupils "
        "(by name, class or number) and commands, such as importing absence from the "
        "school's system. Ctrl+L locks the journal at once, Ctrl+B hides the screen if "
        "somebody walks in."
    )

    # The morning's keys first. At 80 columns the footer holds five and Lock; the others are
    # named in the body under the summary, in F1 help and in the palette.
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
        Binding("V", "app.missing_candidates", show=False, id="missing-candidates-shift"),
    ]

    class SummaryLoaded(Message):
        """The counsellor's profile and the journal's summary were read."""

        def __init__(self, profile: Any, summary: Any) -> None:
            super().__init__()
            self.profile = profile
            self.summary = summary

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="home-body"):
            yield Static("", id="greeting", classes="title")
            yield Static(_("Reading the journal..."), id="summary")
            yield Static("", id="next-step", classes="lead")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = ""

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one read, and a fresh one on coming back.
        self._load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load(self) -> None:
        journal = self.journal
        self.post_message(self.SummaryLoaded(journal.profile(), journal.summary()))

    def show_failure(self, error: BaseException, sentence: str) -> bool:
        self.query_one("#summary", Static).update(Content(sentence))
        return True

    @on(SummaryLoaded)
    def _show(self, loaded: SummaryLoaded) -> None:
        profile, summary = loaded.profile, loaded.summary
        name = profile.name if profile else ""
        greeting = _("Good day, {name}.").format(name=name) if name else _("Good day.")
        self.query_one("#greeting", Static).update(Content(greeting))  # a name: never markup
        if summary.is_empty:
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
        lines = [
            ngettext("{n} school", "{n} schools", summary.schools).format(n=summary.schools),
            ngettext("{n} class", "{n} classes", summary.classes).format(n=summary.classes),
            ngettext("{n} pupil", "{n} pupils", summary.pupils).format(n=summary.pupils),
            ngettext(
                "{n} open missing-pupil flag", "{n} open missing-pupil flags", summary.open_missing
            ).format(n=summary.open_missing),
            ngettext(
                "{n} open absence investigation",
                "{n} open absence investigations",
                summary.open_absence_cases,
            ).format(n=summary.open_absence_cases),
        ]
        if summary.pupils_left:
            # The pupils above are those at school now, as the classes count them.
            lines.insert(
                3,
                ngettext(
                    "{n} pupil has left (kept in the journal)",
                    "{n} pupils have left (kept in the journal)",
                    summary.pupils_left,
                ).format(n=summary.pupils_left),
            )
        self.query_one("#summary", Static).update("\n".join(lines))
        self.query_one("#next-step", Static).update(
            _(
                "R today's register, N guardians to tell, P problematic absence, V missing-pupil "
                "candidates, C classes, "
                "K school calendar, I import a class list, S settings. Ctrl+P finds a pupil "
                "or a command (import absence). The morning dashboard and the missing-pupil "
                "checklist arrive in the next versions of Saknad."
            )
        )
