"""The Saknad app: one journal, locked or unlocked, and the screens around it.

The journal lives in `SaknadApp.journal` only while unlocked. Locked and unlocked are Textual
modes, each built fresh when entered: locking closes the journal (dropping the key and the
engine) and removes the unlocked mode with every screen in it, so nothing of the journal stays
on screen or in a widget. A form with typed work is first kept as a draft inside the journal,
and the screens that were open are remembered as ids; after the unlock they come back, with
the form and its text (tui.drafts). Ctrl+Q with typed work asks first.

Workers of screens run with `exit_on_error=False`; their failures reach one handler here
(`on_worker_state_changed`), which turns a storage or file error into its sentence, locks the
app on JournalLocked, and ends the app with one sentence (never a traceback) on anything else.

Textual is pinned exactly in pyproject.toml because `_fatal_error` (no public replacement)
is overridden here.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from time import monotonic
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.bindings import N_, translate_bindings
from tui.control_filter import ControlCharacterFilter
from tui.i18n import _, set_language
from tui.journal_access import JournalAccess
from tui.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from storage.journal import Journal
    from storage.small_counts import StatisticsSettings


MIN_WIDTH = 60
MIN_HEIGHT = 16

START, LOCKED, UNLOCKED = "start", "locked", "unlocked"
"""The modes: the first screen (set-up, unlock, or home of the demo), then locked and
unlocked in turn, each on a fresh stack."""


JOURNAL_ACTIONS = frozenset(
    {
        "lock",
        "settings",
        "classes",
        "import_list",
        "notices",
        "import_absence",
        "calendar",
        "problematic_absence",
        "register",
        "missing_candidates",
        "first_day_back",  # the roll call after a break (issue 13)
        "directory",
        "reports",
        "backup",  # backup from home (issue 12)
        "records_review",  # retention under the document plan (issue 12)
        "watch_list",  # the watch list before a break (issue 13)
    }
)
"""App actions that need an open journal."""

APP_ACTIONS = JOURNAL_ACTIONS | {
    "help",
    "hide",
    "quit_by_key",
    # Textual's own: Ctrl+C ("press Ctrl+Q to quit"), Ctrl+P, Tab and Shift+Tab.
    "help_quit",
    "command_palette",
    "focus_next",
    "focus_previous",
}
"""Every App action that may run (SaknadApp.check_action); all others are refused."""


def _unlock_screen_after_lock() -> Screen:
    from tui.screens.unlock import UnlockScreen

    # After a lock Saknad always asks for the passphrase, even when the key is remembered,
    # and ignores the keys of the first moment (they were meant for the screen that locked).
    return UnlockScreen(try_remembered=False, after_lock=True)


def _find_pupil_provider():
    # Imported when the palette first opens, not at start-up.
    from tui.commands import FindPupil

    return FindPupil


def _search_journal_text_provider():
    # Imported when the palette first opens, not at start-up.
    from tui.commands import SearchJournalText

    return SearchJournalText


class SaknadApp(App[None]):
    """Saknad's Textual app. Build it with tui.app_factory.make_app."""

    CSS_PATH = "app.tcss"
    TITLE = "Saknad"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_find_pupil_provider, _search_journal_text_provider}
    DEFAULT_MODE = START

    BINDINGS = [
        Binding("f1", "help", N_("Help"), id="help", tooltip=N_("Help and keys for this screen")),
        Binding(
            "ctrl+l",
            "lock",
            N_("Lock"),
            id="lock",
            priority=True,
            tooltip=N_("Lock the journal now; the passphrase opens it again"),
        ),
        Binding(
            "ctrl+b,f12",
            "hide",
            N_("Hide screen"),
            id="hide",
            priority=True,
            tooltip=N_("Blank the screen at once; any key brings it back"),
        ),
        # Its own action name, so that "app.quit" can stay refused (see check_action).
        Binding("ctrl+q", "quit_by_key", N_("Quit"), id="quit", priority=True, show=False),
    ]

    def __init__(
        self,
        access: JournalAccess,
        settings_store: SettingsStore,
        *,
        today: date | None = None,
        journal: Journal | None = None,
        idle_check_seconds: float = 1.0,
        try_remembered: bool = True,
        demo_passphrase: str | None = None,
    ):
        """
        Args:
            access: creates and unlocks the journal.
            settings_store: where language and idle lock are kept.
            today: the date the app works on (fixed in tests and screenshots).
            journal: an already unlocked journal (the demo opens straight into it).
            idle_check_seconds: how often the idle lock looks at the clock.
            try_remembered: try the keyring at start-up ("remember on this computer").
            demo_passphrase: shown on the unlock screen of a demo journal only.
        """
        super().__init__()
        self.access = access
        self.settings_store = settings_store
        self.settings: Settings = settings_store.load()
        self.today = today or date.today()
        self.journal: Journal | None = journal
        self.demo_passphrase = demo_passphrase
        self._idle_check_seconds = idle_check_seconds
        self._try_remembered = try_remembered
        self._last_activity = monotonic()
        self._return_to: list[list] = []
        """The screens open when the journal locked, as places (ids only; tui.drafts)."""
        self._asking_to_quit = False
        set_language(self.settings.language)
        translate_bindings(self)  # before the first screen's footer reads them
        self._control_filter = ControlCharacterFilter()

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Textual's own filters (monochrome, dim) and then ours: no control character from
        # the journal or a file ever reaches the terminal (tui.control_filter).
        return [*super().get_line_filters(), self._control_filter]

    # -- start-up --------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # The first screen is the bottom of the "start" mode itself: no blank screen
        # underneath to compose first, so the unlock screen paints sooner. Textual builds
        # a mode it has no factory for from this method, without the stylesheet refresh
        # that a factory's screen gets (about 25 ms more before the first paint).
        return self._first_screen()

    def _first_screen(self) -> Screen:
        if self.journal is not None:
            from tui.screens.home import HomeScreen

            return HomeScreen()
        if not self.access.exists():
            from tui.screens.setup import SetupScreen

            return SetupScreen()
        from tui.screens.unlock import UnlockScreen

        return UnlockScreen(try_remembered=self._try_remembered)

    def on_mount(self) -> None:
        # Registered only now (see get_default_screen), so that it can be removed, with its
        # screens, like the locked and unlocked modes.
        self.add_mode(START, self._first_screen)
        self.set_interval(self._idle_check_seconds, self._lock_when_idle)
        self._tell_settings_problems()
        self._close_on_signals()

    def _close_on_signals(self) -> None:
        # SIGTERM, or SIGHUP when the terminal is closed: close the journal and let Textual
        # leave the alternate screen and restore the terminal, as Ctrl+Q does, so no frame
        # with pupils' names stays visible (and the demo's `finally` removes its folder).
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            # Not the main thread (some tests), or a platform without these signals: skipped.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._close_on_signal)

    def _close_on_signal(self) -> None:
        # Typed work is kept as a draft, as at a lock: a closed terminal loses nothing typed.
        if self.journal is not None:
            from tui.drafts import keep, unfinished_work

            with contextlib.suppress(Exception):  # a failed draft must not keep Saknad open
                keep(self.journal, unfinished_work(self.screen_stack))
        self._close_and_exit()

    def _tell_settings_problems(self) -> None:
        # A setting the file held but Saknad could not use: its default applies, said once.
        from tui.settings import settings_problem_text

        for problem in self.settings_store.problems:
            self.notify(settings_problem_text(problem), severity="warning", timeout=15)

    # -- locked and unlocked: one mode each, built fresh --------------------------------------

    def _enter_mode(self, mode: str, first_screen: Callable[[], Screen]) -> None:
        """Show `mode` on a fresh stack and drop every screen of the mode shown before.

        Removing the old mode removes its screens and their widgets, so after a lock
        nothing of the journal stays in a widget, and after an unlock no typed passphrase
        or recovery key does.
        """
        old = self.current_mode
        self.add_mode(mode, first_screen)
        self.switch_mode(mode)
        self.remove_mode(old)
        self._cover_if_too_small()

    # -- the journal -----------------------------------------------------------------------

    def unlocked(self, journal: Journal) -> None:
        """Take an unlocked journal and show home, then the screens and the unfinished form
        that were open when it locked (tui.drafts)."""
        from tui.drafts import come_back
        from tui.error_text import is_expected, sentence_for

        self.journal = journal
        self._last_activity = monotonic()
        self.show_home()
        place, self._return_to = self._return_to, []
        try:
            come_back(self, journal, place)
        except Exception as error:
            if not is_expected(error):
                raise
            self.notify(
                sentence_for(error) + " " + _("The screen you were on could not be shown."),
                severity="error",
                timeout=10,
                markup=False,  # a sentence may name a file or a folder: data, never markup
            )

    def show_home(self) -> None:
        """Home on a fresh stack of the unlocked mode (also from the palette)."""
        from tui.screens.home import HomeScreen

        if self.current_mode == UNLOCKED:
            # "Home" from the palette: back to the bottom of the stack, which is home.
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        self._enter_mode(UNLOCKED, HomeScreen)

    def action_lock(self) -> None:
        """Keep typed work as a draft in the journal, close the journal and show the unlock
        screen, which always asks for the passphrase."""
        failure = None
        self._asking_to_quit = False  # a quit question open now goes with the unlocked mode
        journal, self.journal = self.journal, None
        if journal is not None:
            from tui.drafts import keep, unfinished_work

            work = unfinished_work(self.screen_stack)
            self._return_to = work.place
            try:
                keep(journal, work)
            except Exception as error:
                failure = error  # said on the unlock screen; locking goes on regardless
            journal.close()
        if self.current_mode != LOCKED:
            self._enter_mode(LOCKED, _unlock_screen_after_lock)
        if failure is not None:
            from tui.error_text import is_expected, sentence_for

            if not is_expected(failure):
                raise failure
            self.notify(
                sentence_for(failure) + " " + _("The unfinished text could not be kept."),
                severity="error",
                timeout=10,
                markup=False,  # a sentence may name a file or a folder: data, never markup
            )

    def discard_draft(self, draft_id: int) -> None:
        """Remove a draft from the journal, in a worker (its form is closing)."""
        journal = self.journal
        if journal is not None:
            self.run_worker(
                lambda: journal.discard_draft(draft_id),
                thread=True,
                group="drafts",
                exit_on_error=False,
            )

    def action_hide(self) -> None:
        from tui.screens.hidden import HiddenScreen

        if isinstance(self.screen, HiddenScreen):
            self.pop_screen()
        else:
            self.push_screen(HiddenScreen())

    def action_help(self) -> None:
        from tui.dialogs.help import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog(self.screen))

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        if self.journal is not None and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_classes(self) -> None:
        from tui.screens.classes import ClassesScreen

        if self.journal is not None:
            self.push_screen(ClassesScreen())

    def action_import_list(self) -> None:
        from tui.screens.import_list import ImportScreen

        if self.journal is not None and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())

    def action_notices(self) -> None:
        """The day's list of guardians to tell (same-day notice of absence)."""
        from tui.screens.notices import NoticesScreen

        if self.journal is not None and not isinstance(self.screen, NoticesScreen):
            self.push_screen(NoticesScreen())

    def action_import_absence(self) -> None:
        from tui.screens.import_absence import ImportAbsenceScreen

        if self.journal is not None and not isinstance(self.screen, ImportAbsenceScreen):
            self.push_screen(ImportAbsenceScreen())

    def action_calendar(self) -> None:
        from tui.screens.calendar import CalendarScreen

        if self.journal is not None and not isinstance(self.screen, CalendarScreen):
            self.push_screen(CalendarScreen())

    def action_problematic_absence(self) -> None:
        from tui.screens.problematic_absence import ProblematicAbsenceScreen

        if self.journal is not None and not isinstance(self.screen, ProblematicAbsenceScreen):
            self.push_screen(ProblematicAbsenceScreen())

    def action_missing_candidates(self) -> None:
        """Pupils to look at for the missing track today (nobody flagged without asking)."""
        from tui.screens.missing_candidates import MissingCandidatesScreen

        if self.journal is not None and not isinstance(self.screen, MissingCandidatesScreen):
            self.push_screen(MissingCandidatesScreen())

    def action_first_day_back(self) -> None:
        """The roll call of pupils not yet seen since a break (issue 13)."""
        from tui.screens.first_day_back import FirstDayBackScreen

        if self.journal is not None and not isinstance(self.screen, FirstDayBackScreen):
            self.push_screen(FirstDayBackScreen())

    # -- reports of concern (issue 12) ------------------------------------------------------

    def action_reports(self) -> None:
        """Every report of concern in the journal, those not yet filed first."""
        from tui.screens.reports import ReportsScreen

        if self.journal is not None and not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen())

    # -- the contact directory (issue 11) --------------------------------------------------

    def action_directory(self) -> None:
        """The school's contact directory: social services, police, the support line..."""
        from tui.screens.directory import DirectoryScreen

        if self.journal is not None and not isinstance(self.screen, DirectoryScreen):
            self.push_screen(DirectoryScreen())

    # -- backup and hand-over to a successor (issue 12) ----------------------------------

    def action_backup(self) -> None:
        """Back up the journal to a file the counsellor chooses (tui.dialogs.backup_dialog)."""
        from tui.dialogs.backup_dialog import BackupDialog

        if self.journal is not None and not isinstance(self.screen, BackupDialog):
            self.push_screen(BackupDialog())

    def action_hand_over(self) -> None:
        """The journal for a successor under new keys; then its recovery key, shown once."""
        from pathlib import Path

        from tui.dialogs.handover_dialog import HandoverDialog
        from tui.screens.recovery_key import RecoveryKeyScreen

        def written(done: tuple[Path, str] | None) -> None:
            if done is not None:
                path, recovery_key = done
                self.push_screen(RecoveryKeyScreen(recovery_key, False, handover_path=path))

        if self.journal is not None and not isinstance(self.screen, HandoverDialog):
            self.push_screen(HandoverDialog(), written)

    # -- retention under the document plan, the right of access (issue 12) ---------------------

    def action_records_review(self) -> None:
        """Pupils who left more than the document plan's years ago, for review."""
        from tui.screens.records_review import RecordsReviewScreen

        if self.journal is not None and not isinstance(self.screen, RecordsReviewScreen):
            self.push_screen(RecordsReviewScreen())

    def export_right_of_access(self, pupil_id: int, pupil_name: str) -> None:
        """Ask why and for whom, then write everything about the pupil as one JSON file."""
        from tui.dialogs.right_of_access_form import RightOfAccessDialog

        def written(result: object) -> None:
            from storage.records import ExportWritten

            if isinstance(result, ExportWritten):
                self.notify(
                    _(
                        "Written to {path} and recorded. Read it through before you hand it over."
                    ).format(path=result.path),
                    markup=False,
                    timeout=10,
                )

        if self.journal is not None:
            self.push_screen(RightOfAccessDialog(pupil_id, pupil_name), written)

    def _retention_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from functools import partial

        from tui.screens.pupil_card import PupilCardScreen

        yield SystemCommand(
            _("Records due for review"),
            _("Pupils who left more than the document plan's years ago; delete after review"),
            self.action_records_review,
        )
        if isinstance(screen, PupilCardScreen) and screen.card is not None:
            pupil = screen.card.pupil
            yield SystemCommand(
                _("Right of access"),
                _("Everything about this pupil as one JSON file, for a request of access"),
                partial(
                    self.export_right_of_access,
                    screen.pupil_id,
                    f"{pupil.first_name} {pupil.last_name}",
                ),
            )

    # -- the watch list before a break (issue 13) ------------------------------------------

    def action_watch_list(self) -> None:
        """The pupils on the watch list (never named on the home screen)."""
        from tui.screens.watch_list import WatchListScreen

        if self.journal is not None and not isinstance(self.screen, WatchListScreen):
            self.push_screen(WatchListScreen())

    def put_on_watch_list(self, pupil_id: int, pupil_name: str, after: Callable) -> None:
        """Ask the reason and the break (the pupil's school's, read in a worker), then put
        the pupil on the watch list; `after` gets the dialog's result."""
        journal, today = self.journal, self.today
        if journal is None:
            return

        def read_breaks() -> None:
            from tui.dialogs.watch_list_form import PutOnWatchListDialog

            breaks = journal.watch_breaks(pupil_id, today)
            dialog = PutOnWatchListDialog(pupil_id, pupil_name, breaks, today)
            self.call_from_thread(self.push_screen, dialog, after)

        self.run_worker(read_breaks, thread=True, group="watch-list", exit_on_error=False)

    def _watch_list_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from functools import partial

        from tui.screens.pupil_card import PupilCardScreen

        yield SystemCommand(
            _("Watch list"),
            _("Pupils at risk before a break, with their prevention case"),
            self.action_watch_list,
        )
        if isinstance(screen, PupilCardScreen) and screen.card is not None:
            pupil = screen.card.pupil

            def put_on(result: object) -> None:
                if result is not None:
                    self.notify(
                        _(
                            "On the watch list: the prevention case is open and the "
                            "guardians must not be contacted."
                        )
                    )  # the card reads itself again as it comes back

            yield SystemCommand(
                _("Put on the watch list"),
                _("A worry before a break: opens a prevention case, family not contacted"),
                partial(
                    self.put_on_watch_list,
                    screen.pupil_id,
                    f"{pupil.first_name} {pupil.last_name}",
                    put_on,
                ),
            )

    # -- statistics for the action plan (issue 12) ------------------------------------------

    def action_export_statistics(self) -> None:
        """Export the statistics for the action plan (no names), say where the file went.

        The terms to offer are read in a worker; a failure reaches the app's one handler."""
        journal = self.journal
        if journal is None:
            return

        def read_terms() -> None:
            terms = journal.statistics_terms()
            self.call_from_thread(self._show_statistics_export, terms)

        self.run_worker(read_terms, thread=True, group="statistics", exit_on_error=False)

    def _show_statistics_export(self, terms: list[str]) -> None:
        from storage.statistics_periods import school_year_around
        from tui.dialogs.statistics_export import StatisticsExportDialog

        def exported(path: object) -> None:
            if path is not None:
                self.notify(
                    _("The statistics are written to {path}; the export is recorded.").format(
                        path=path
                    ),
                    timeout=15,
                    markup=False,  # a path is data, never markup
                )

        if self.journal is not None:
            dialog = StatisticsExportDialog(terms, school_year_around(self.today).label)
            self.push_screen(dialog, exported)

    def action_statistics_settings(self) -> None:
        """Change the small-count threshold and the lesson length; say what was kept.

        The settings are read in a worker; a failure reaches the app's one handler."""
        journal = self.journal
        if journal is None:
            return

        def read_settings() -> None:
            current = journal.statistics_settings()
            self.call_from_thread(self._show_statistics_settings, current)

        self.run_worker(read_settings, thread=True, group="statistics", exit_on_error=False)

    def _show_statistics_settings(self, current: StatisticsSettings) -> None:
        from tui.dialogs.statistics_settings import StatisticsSettingsDialog

        def saved(result: StatisticsSettings | None) -> None:
            if result is not None:
                self.notify(
                    _(
                        "Kept: counts under {min_count} are shown as <{min_count}, and a "
                        "lesson is {minutes} minutes."
                    ).format(min_count=result.min_count, minutes=result.lesson_minutes)
                )

        if self.journal is not None:
            self.push_screen(StatisticsSettingsDialog(current), saved)

    def action_register(self) -> None:
        """Today's register: choose a class (those not taken yet first), then mark it."""
        from tui.dialogs.register_dialogs import ClassChoiceDialog

        if self.journal is None:
            return
        today = self.today

        def chosen(choice: tuple[int, str] | None) -> None:
            from tui.screens.register import RegisterScreen

            if choice is not None and self.journal is not None:
                self.push_screen(RegisterScreen(choice[0], choice[1], today))

        self.push_screen(ClassChoiceDialog(today), chosen)

    def open_pupil(self, pupil_id: int) -> None:
        """Show the pupil card of `pupil_id` (from a list, a sibling, or the palette)."""
        from tui.screens.pupil_card import PupilCardScreen

        if self.journal is not None:
            self.push_screen(PupilCardScreen(pupil_id))

    def open_chronology(
        self, pupil_id: int, pupil_name: str, focus: tuple[str, int] | None = None
    ) -> None:
        """Show the pupil's chronology, on the item `focus` (kind, source row) when given
        (a hit of the palette's journal-text search)."""
        from tui.screens.chronology import ChronologyScreen

        if self.journal is not None:
            self.push_screen(ChronologyScreen(pupil_id, pupil_name, focus=focus))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An allow-list, not a deny-list: text from a class-list file that reached the
        # screen as markup could otherwise click any App action (app.screenshot writes
        # every pupil on screen to a file, app.quit, app.bell...). Only the actions that
        # Saknad's bindings and Textual's own keys call are reachable.
        if action not in APP_ACTIONS:
            return False
        if action in JOURNAL_ACTIONS:
            return self.journal is not None
        return True

    # -- a terminal too small to use ---------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        # Imported only when needed: a Resize arrives at every start-up.
        self._cover_if_too_small(event.size.width, event.size.height)

    def _cover_if_too_small(self, width: int | None = None, height: int | None = None) -> None:
        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        covered = type(self.screen).__name__ == "TooSmallScreen"
        if small and not covered:
            from tui.screens.too_small import TooSmallScreen

            self.push_screen(TooSmallScreen())
        elif covered and not small:
            self.pop_screen()

    # -- idle lock -------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event,
            (
                events.Key,
                events.MouseDown,
                events.MouseScrollDown,
                events.MouseScrollUp,
                events.Paste,
            ),
        ):
            self._last_activity = monotonic()
        await super().on_event(event)

    def _lock_when_idle(self) -> None:
        idle_seconds = self.settings.idle_minutes * 60
        if self.journal is not None and monotonic() - self._last_activity >= idle_seconds:
            self.action_lock()

    # -- settings --------------------------------------------------------------------------

    def change_settings(self, **changes) -> None:
        """Apply and save changed settings; a language change re-renders every screen."""
        old_language = self.settings.language
        self.settings = self.settings.with_changes(**changes)
        self.settings_store.save(self.settings)
        if self.settings.language != old_language:
            set_language(self.settings.language)
            translate_bindings(self)
            for screen in self.screen_stack:
                translate_bindings(screen)
                refresh = getattr(screen, "refresh_language", None)
                if refresh is not None:
                    refresh()
            self.refresh_bindings()

    # -- the command palette ---------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Textual's palette, with its placeholder and "no matches" in the active language."""
        from textual.command import CommandPalette

        from tui.palette import SaknadCommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(SaknadCommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own "Screenshot" command is left out on purpose: it would write the
        # screen, pupils included, to an SVG file that no export record covers.
        if self.journal is not None:
            yield SystemCommand(_("Lock"), _("Lock the journal now"), self.action_lock)
            yield SystemCommand(
                _("Settings"),
                _("Language, idle lock, passphrase, remember on this computer"),
                self.action_settings,
            )
            yield SystemCommand(_("Home"), _("Back to the home screen"), self.show_home)
            yield SystemCommand(
                _("Classes"), _("All classes and their pupils"), self.action_classes
            )
            yield SystemCommand(
                _("Import class list"),
                _("Bring in pupils and guardians from a file"),
                self.action_import_list,
            )
            yield SystemCommand(
                _("Guardians to tell"),
                _("Today's absence without a valid reason and open missing cases: whom to call"),
                self.action_notices,
            )
            yield SystemCommand(
                _("Import absence"),
                _("Bring in absence from the school's system (Skola24, SchoolSoft, Vklass)"),
                self.action_import_absence,
            )
            yield SystemCommand(
                _("School calendar"),
                _("Terms, breaks and days off of each school"),
                self.action_calendar,
            )
            yield SystemCommand(
                _("Problematic absence"),
                _("Pupils whose absence is repeated or long; open an investigation"),
                self.action_problematic_absence,
            )
            yield SystemCommand(
                _("Missing-pupil candidates"),
                _("Pupils not back after a break, absent without a reason, or on refused leave"),
                self.action_missing_candidates,
            )
            yield SystemCommand(
                _("First day back"),
                _("Roll call after a break: pupils not yet seen, the reporting deadline"),
                self.action_first_day_back,
            )
            yield SystemCommand(
                _("Contact directory"),
                _("Social services, the out-of-hours service, police, support line, schools"),
                self.action_directory,
            )
            yield SystemCommand(
                _("Reports of concern"),
                _("Every report of concern, those not yet filed first"),
                self.action_reports,
            )
            # Backup and hand-over to a successor (issue 12).
            yield SystemCommand(
                _("Back up the journal"),
                _("A verified, encrypted copy on a removable drive (B on the home screen)"),
                self.action_backup,
            )
            yield SystemCommand(
                _("Hand over to a successor"),
                _("A copy of the journal under a new passphrase and recovery key"),
                self.action_hand_over,
            )
            yield from self._retention_commands(screen)
            yield from self._watch_list_commands(screen)  # the watch list (issue 13)
            yield SystemCommand(  # statistics for the action plan (issue 12)
                _("Export statistics for the action plan"),
                _("Counts per term and school year with no names, as Markdown or CSV"),
                self.action_export_statistics,
            )
            yield SystemCommand(  # the statistics settings (issue 12)
                _("Statistics settings"),
                _("The smallest count shown as a number, and the minutes in a lesson"),
                self.action_statistics_settings,
            )
        yield SystemCommand(_("Hide screen"), _("Blank the screen at once"), self.action_hide)
        yield SystemCommand(_("Help"), _("Help and keys for this screen"), self.action_help)
        yield SystemCommand(_("Quit"), _("Close Saknad; the journal is locked"), self.action_quit)

    # -- failed workers: one handler -----------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn the error of any failed worker into its sentence; the app keeps running.

        Screens hand their failed workers on to here (tui.screens.base). A storage or file
        error becomes a notification, or the screen shows it inline (`show_failure`);
        JournalLocked locks the app; anything else is a bug and ends the app through
        `_fatal_error`, with one sentence and no traceback.
        """
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        from storage.errors import JournalLocked
        from tui.error_text import is_expected, sentence_for
        from tui.screens.base import LanguageAware

        error = event.worker.error
        if isinstance(error, JournalLocked):
            self.action_lock()
            return
        if not is_expected(error):
            raise error
        sentence = sentence_for(error)
        node = event.worker.node
        if isinstance(node, LanguageAware) and node.show_failure(error, sentence):
            return
        self.notify(sentence, severity="error", timeout=10, markup=False)

    # -- never a traceback on screen -------------------------------------------------------

    def _fatal_error(self) -> None:
        # Textual's own handler prints a traceback with local variables, which may hold a
        # pupil's data. Saknad closes the journal and leaves one sentence instead.
        from rich.text import Text

        from tui.error_text import sentence_for

        journal, self.journal = self.journal, None
        if journal is not None:
            journal.close()
        if os.environ.get("SAKNAD_DEBUG") == "1":
            super()._fatal_error()
            return
        error = sys.exc_info()[1] or self._exception
        self.bell()
        self._exit_renderables.append(Text(sentence_for(error) if error else ""))
        self._close_messages_no_wait()

    def action_help_quit(self) -> None:
        # Ctrl+C: Textual says how to quit, in English; say it in the person's language.
        self.notify(
            _("Press Ctrl+Q to quit Saknad; the journal is locked first."),
            title=_("Do you want to quit?"),
        )

    async def action_quit_by_key(self) -> None:
        """Ctrl+Q (Textual's own "quit" action is refused: markup could name it)."""
        await self.action_quit()

    async def action_quit(self) -> None:
        """Quit; with typed work in a form, ask first: keep it as a draft, discard it, or stay."""
        if self._asking_to_quit:
            return  # Ctrl+Q again while asked: the question wants an answer, not a guess
        if self.journal is not None:
            from tui.dialogs.confirm import ConfirmDialog
            from tui.drafts import unfinished_work

            work = unfinished_work(self.screen_stack)
            if work.form is not None:
                self._asking_to_quit = True
                self.push_screen(
                    ConfirmDialog(
                        _("Quit Saknad?"),
                        _(
                            "You have typed something that is not saved. Keep it as a draft "
                            "inside the journal (it comes back after the next unlock), or "
                            "discard it?"
                        ),
                        [
                            ("keep", _("Keep as draft and quit")),
                            ("discard", _("Discard and quit")),
                            ("stay", _("Go back")),
                        ],
                    ),
                    self._quit_answered,
                )
                return
        self._close_and_exit()

    def _quit_answered(self, answer: str | None) -> None:
        from tui.drafts import keep, unfinished_work
        from tui.error_text import is_expected, sentence_for

        self._asking_to_quit = False
        if answer not in ("keep", "discard") or self.journal is None:
            return
        work = unfinished_work(self.screen_stack)
        try:
            if answer == "keep":
                keep(self.journal, work)
            elif work.form is not None and work.form.draft_id is not None:
                self.journal.discard_draft(work.form.draft_id)  # discarded: its draft too
        except Exception as error:
            if not is_expected(error):
                raise
            self.notify(sentence_for(error), severity="error", timeout=10, markup=False)
            return  # nothing was kept: Saknad stays open with the form as it was
        self._close_and_exit()

    def _close_and_exit(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        self.exit()
