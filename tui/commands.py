"""The command palette's "find pupil": by name, class or identity number, across the school.

Each keystroke asks the journal (`Journal.find_pupils`, a few milliseconds at 2,000 pupils)
in a thread, so the palette never stalls; numbers are shown masked, and a pupil who has left
says so ("Left 2026-01-15, Bergaskolan").
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.i18n import _
from tui.widgets.identity import display_number
from tui.widgets.left_school import left_school

if TYPE_CHECKING:
    from tui.app import SaknadApp


class FindPupil(Provider):
    """Pupils matching what is typed; choosing one opens the pupil card.

    Only offered while the journal is open. Textual logs an error of a provider instead of
    raising it, so a storage error here leaves the palette without pupils, nothing more.
    """

    @property
    def saknad(self) -> SaknadApp:
        """The Saknad app, typed (Textual types `self.app` as any App)."""
        return cast("SaknadApp", self.app)

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
