"""The command palette's providers: "find pupil" (by name, class or identity number, across
the school) and "journal text" (every word a counsellor wrote, storage.fulltext).

Each keystroke asks the journal (`Journal.find_pupils`, a few milliseconds at 2,000 pupils;
`Journal.search_text`) in a thread, so the palette never stalls; numbers are shown masked,
and a pupil who has left says so ("Left 2026-01-15, Bergaskolan").
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from storage.errors import JournalLocked
from storage.records import TextHit
from tui.i18n import _
from tui.screens.chronology import when_text
from tui.widgets.identity import display_number
from tui.widgets.left_school import left_school

if TYPE_CHECKING:
    from tui.app import SaknadApp


class SaknadProvider(Provider):
    """A palette provider of Saknad's: the app typed."""

    @property
    def saknad(self) -> SaknadApp:
        """The Saknad app, typed (Textual types `self.app` as any App)."""
        return cast("SaknadApp", self.app)


class FindPupil(SaknadProvider):
    """Pupils matching what is typed; choosing one opens the pupil card.

    Only offered while the journal is open. Textual logs an error of a provider instead of
    raising it, so a storage error here leaves the palette without pupils, nothing more.
    """

    async def search(self, query: str) -> Hits:
        app = self.saknad
        journal = app.journal
        if journal is None or len(query.strip()) < 2:
            return
        pupils = await asyncio.to_thread(journal.find_pupils, query, 12)
        for rank, pupil in enumerate(pupils):
            label = f"{pupil.last_name}, {pupil.first_name}"
            where = pupil.class_name or _("no class")
            number = display_number(pupil.identity_number, masked=True)
            if pupil.left_on:
                left = left_school(pupil.left_on, pupil.left_destination)
                help_text = _("Pupil, {number}, {left}").format(number=number, left=left)
            else:
                help_text = _("Pupil, {number}").format(number=number)
            yield Hit(
                score=1.0 - rank / 100,
                # Names and destinations are data: Content, never markup. The palette
                # passes Content through unparsed (Content.from_markup returns it as it
                # is); escaping would not do for help, as escape() shows "\\[" doubled.
                match_display=Content(f"{label}  ({where})"),
                command=partial(app.open_pupil, pupil.id),
                text=label,
                help=cast(str, Content(help_text)),
            )

    async def discover(self) -> Hits:
        if self.saknad.journal is not None:
            yield DiscoveryHit(
                _("Find pupil: type a name, class or number"),
                self.app.action_command_palette,
                help=_("Pupils"),
            )


# The journal is searched from this many characters typed: fewer would find half the journal.
TEXT_SEARCH_MIN_LENGTH = 3
TEXT_SEARCH_LIMIT = 8


def text_hit_display(hit: TextHit) -> Content:
    """ "Journal text: <snippet> – <pupil>", the matched words in bold; all of it data."""
    prefix = _("Journal text: ")
    pupil = f"{hit.first_name} {hit.last_name}".strip()
    display = Content(f"{prefix}{hit.snippet} – {pupil}")
    for start, end in hit.matches:
        display = display.stylize("bold", len(prefix) + start, len(prefix) + end)
    return display


class SearchJournalText(SaknadProvider):
    """Journal text holding the typed words (from three characters); choosing a hit opens
    the pupil's chronology on that event.

    Only while the journal is open: a journal locked meanwhile finds nothing, quietly.
    """

    async def search(self, query: str) -> Hits:
        app = self.saknad
        journal = app.journal
        if journal is None or len(query.strip()) < TEXT_SEARCH_MIN_LENGTH:
            return
        try:
            hits = await asyncio.to_thread(journal.search_text, query, TEXT_SEARCH_LIMIT)
        except JournalLocked:
            return  # locked while typing (Ctrl+L, the idle lock): nothing to show
        for rank, hit in enumerate(hits):
            pupil = f"{hit.first_name} {hit.last_name}".strip()
            where = hit.class_name or _("no class")
            focus = (hit.chronology_kind, hit.source_id) if hit.chronology_kind else None
            yield Hit(
                # Below the pupils the palette finds by name (FindPupil scores from 1.0).
                score=0.5 - rank / 100,
                match_display=text_hit_display(hit),
                command=partial(app.open_chronology, hit.pupil_id, pupil, focus),
                text=f"{hit.snippet} {pupil}",
                help=cast(str, Content(" · ".join(p for p in (where, _when(hit)) if p))),
            )


def _when(hit: TextHit) -> str:
    return when_text(hit.when) if hit.when is not None else ""
