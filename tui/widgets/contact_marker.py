"""The pupil card's line for "guardians must not be contacted": loud when set, gone when not."""

from __future__ import annotations

from rich.text import Text

from storage.records import PupilDetail
from storage.watch_list import MARKER_REASON
from tui.i18n import _


def marker_reason(reason: str) -> str:
    """The marker's reason as written; the watch list's own reason in the active language."""
    if reason == MARKER_REASON:
        return _("on the watch list")
    return reason or _("no reason given")


def stored_reason(typed: str) -> str:
    """What to keep for a reason typed in (or left as shown): the watch list's own reason
    when it is the words `marker_reason` shows for it, so it stays worded in every language."""
    return MARKER_REASON if typed == _("on the watch list") else typed


def contact_marker_text(pupil: PupilDetail) -> Text:
    """The marker and its reason (data: shown as written), or empty Text when not set."""
    if not pupil.no_guardian_contact:
        return Text()
    line = Text(_("GUARDIANS MUST NOT BE CONTACTED"), style="bold reverse")
    if pupil.no_guardian_contact_reason:
        line.append("  ").append(marker_reason(pupil.no_guardian_contact_reason))
    return line
