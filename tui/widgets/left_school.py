"""How a pupil who has left the school is described in a list or a search hit."""

from __future__ import annotations

from datetime import date

from tui.i18n import _


def left_school(left_on: date, destination: str | None) -> str:
    """ "Left 2026-01-15, Bergaskolan" (or without the destination when none was given).

    Plain text: the destination is the journal's data; show it as Text or Content.
    """
    if destination:
        return _("Left {day}, {destination}").format(
            day=left_on.isoformat(), destination=destination
        )
    return _("Left {day}").format(day=left_on.isoformat())
