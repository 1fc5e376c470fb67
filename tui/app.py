"""The Saknad app: one journal, locked or unlocked, and the screens around it.

The journal lives in `SaknadApp.journal` only while unlocked. Locking closes it (dropping the
key and the engine) and replaces every screen with the unlock screen, so nothing of the
journal stays on screen or in a widget.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import date
from time import monotonic
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.bindings import N_, translate_bindings
from tui.i18n import _, set_language
from tui.journal_access import JournalAccess
from tui.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from storage.journal import Journal


MIN_WIDTH = 60
MIN_HEIGHT = 16


def _find_pupil_provider():
    # Imported when the palette first opens, not at start-up.
    from tui.commands import FindPupil

    return FindPupil


class SaknadApp(App[None]):
    """Saknad's Textual app. Build it with tui.app_factory.make_app."""

    CSS_PATH = "app.tcss"
    TITLE = "Saknad"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_find_pupil_provider}

    BINDINGS = [
        Binding("f1", "help", N_("Help"), id="help",
                tooltip=N_("Help and keys for this screen")),
        Binding("ctrl+l", "lock", N_("Lock"), id="lock", priority=True,
                tooltip=N_("Lock the journal now; the passphrase opens it again")),
        Binding("ctrl+b,f12", "hide", N_("Hide screen"), id="hide", priority=True,
                tooltip=N_("Blank the screen at once; any key brings it back")),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True, show=False),
    ]

    def __init__(self, access: JournalAccess, settings_store: SettingsStore, *,
                 today: date | None = None, journal: Journal | None = None,
                 idle_check_seconds: float = 1.0, try_remembered: bool = True,
                 demo_passphrase: str | None = None):
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
        set_language(self.settings.language)

    # -- start-up --------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # The first screen is the bottom of the stack itself: no blank screen underneath to
        # compose first, so the unlock screen paints sooner.
        if self.journal is not None:
            from tui.screens.home import HomeScreen

            return HomeScreen()
        if not self.access.exists():
            from tui.screens.setup import SetupScreen

            return SetupScreen()
        from tui.screens.unlock import UnlockScreen

        return UnlockScreen(try_remembered=self._try_remembered)

    def on_mount(self) -> None:
        translate_bindings(self)
        # Textual's default screen never gets the result callback that push_screen gives
        # other screens, and switch_screen pops one; give it an empty one so it can be
        # switched away like any other.
        self.screen_stack[0]._push_result_callback(self, None)
        self.set_interval(self._idle_check_seconds, self._lock_when_idle)

    # -- the journal -----------------------------------------------------------------------

    def unlocked(self, journal: Journal) -> None:
        """Take an unlocked journal and show home."""
        self.journal = journal
        self._last_activity = monotonic()
        self.show_home()

    def show_home(self) -> None:
        from tui.screens.home import HomeScreen

        self._show_only(HomeScreen())

    @work(exclusive=True, group="screens")
    async def _show_only(self, screen: Screen) -> None:
        """Replace every screen of the stack with `screen`."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.switch_screen(screen)

    def action_lock(self) -> None:
        """Close the journal and show the unlock screen, which always asks for the passphrase."""
        from tui.screens.unlock import UnlockScreen

        journal, self.journal = self.journal, None
        if journal is not None:
            journal.close()
        self._show_only(UnlockScreen(try_remembered=False))

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

    def open_pupil(self, pupil_id: int) -> None:
        """Show the pupil card of `pupil_id` (from a list, a sibling, or the palette)."""
        from tui.screens.pupil_card import PupilCardScreen

        if self.journal is not None:
            self.push_screen(PupilCardScreen(pupil_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("lock", "settings", "classes", "import_list"):
            return self.journal is not None
        return True

    # -- a terminal too small to use ---------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        # Imported only when needed: a Resize arrives at every start-up.
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        covered = type(self.screen).__name__ == "TooSmallScreen"
        if small and not covered:
            from tui.screens.too_small import TooSmallScreen

            self.push_screen(TooSmallScreen())
        elif covered and not small:
            self.pop_screen()

    # -- idle lock -------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own "Screenshot" command is left out on purpose: it would write the
        # screen, pupils included, to an SVG file that no export record covers.
        if self.journal is not None:
            yield SystemCommand(_("Lock"), _("Lock the journal now"), self.action_lock)
            yield SystemCommand(_("Settings"),
                                _("Language, idle lock, passphrase, remember on this "
                                  "computer"), self.action_settings)
            yield SystemCommand(_("Home"), _("Back to the home screen"), self.show_home)
            yield SystemCommand(_("Classes"), _("All classes and their pupils"),
                                self.action_classes)
            yield SystemCommand(_("Import class list"),
                                _("Bring in pupils and guardians from a file"),
                                self.action_import_list)
        yield SystemCommand(_("Hide screen"), _("Blank the screen at once"), self.action_hide)
        yield SystemCommand(_("Help"), _("Help and keys for this screen"), self.action_help)
        yield SystemCommand(_("Quit"), _("Close Saknad; the journal is locked"),
                            self.action_quit)

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

    async def action_quit(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        self.exit()
