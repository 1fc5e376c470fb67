"""Textual's command palette with its own words in the active language.

Textual writes three things of its palette in English: the search field's placeholder, the
"No matches found" line, and the footer's "palette" key (with its tooltip). The placeholder is
a parameter; the footer key is a binding Textual adds to every app, which
tui.bindings.translate_bindings translates with the app's own once its words are in the
catalog (below); "No matches found" is written inside Textual's countdown, so that one method
is redone here (tests/test_swedish_everywhere.py notices if a new Textual changes it).
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from tui.i18n import N_, _

# The palette binding Textual adds to the app (App.__init__): its description and tooltip.
TEXTUAL_BINDING_WORDS = (N_("palette"), N_("Open the command palette"))


class SaknadCommandPalette(CommandPalette):
    """The command palette, speaking the active language."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=_("Search for commands…"), id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own method, with the one sentence translated.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:  # discovery mode: nothing was searched for, so nothing to say
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
