"""The pupil card's line for "guardians must not be contacted": loud when set, gone when not."""

from __future__ import annotations

from rich.text import Text

from storage.records import PupilDetail
from tui.i18n import _


def contact_marker_text(pupil: PupilDetail) -> Text:
    """The marker and its reason (data: shown as written), or empty Text when not set."""
    if not pupil.no_guardian_contact:
        return Text()
    line = Text(_("GUARDIANS MUST NOT BE CONTACTED"), style="bold reverse")
    if pupil.no_guardian_contact_reason:
        line.append("  ").append(pupil.no_guardian_contact_reason)
    return line
