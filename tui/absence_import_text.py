"""The words of an absence import's preview, shared by the screen and `saknad import-absence`.

Where a row is and why it is rejected are the class list's words (tui.import_text.describe);
here are the counts, a slot ("2026-11-23, lesson 2" or "2026-11-23, whole day"), a mark as a
word ("late, 12 min") and a change ("invalid absence → ill (entered by hand)"). A mark always
reads as a word, never only as a colour.
"""

from __future__ import annotations

from storage.codes import MarkSource
from tui.i18n import _, ngettext


def N_(message: str) -> str:
    """Mark `message` for translation; `_` translates it when shown."""
    return message


_MARKS = {
    None: N_("present"),
    "present": N_("present"),
    "late": N_("late arrival"),
    "ill": N_("ill"),
    "leave": N_("leave"),
    "valid_other": N_("valid absence"),
    "invalid": N_("invalid absence"),
    "reported": N_("reported absence"),
    "unknown": N_("not marked"),
}
_SOURCES = {
    MarkSource.REGISTER: N_("entered in the register"),
    MarkSource.GUARDIAN_NOTICE: N_("reported by a guardian"),
    MarkSource.LEAVE: N_("from granted leave"),
    MarkSource.IMPORT: N_("imported"),
}


def mark_text(code: str | None, minutes: int | None = None) -> str:
    """A mark as a word: "ill", "late, 12 min"; a cleared slot is "present"."""
    words = _MARKS.get(code)
    text = _(words) if words else str(code)
    if code is not None and minutes is not None:
        return _("{mark}, {minutes} min").format(mark=text, minutes=minutes)
    return text


def slot_text(planned) -> str:
    """Where a planned mark goes: "2026-11-23, lesson 2" or "2026-11-23, whole day"."""
    if planned.lesson is None:
        return _("{day}, whole day").format(day=planned.on_date.isoformat())
    return _("{day}, lesson {lesson}").format(
        day=planned.on_date.isoformat(), lesson=planned.lesson
    )


def change_text(planned) -> str:
    """What a changed slot held and will hold, and who entered the old mark by hand."""
    text = _("{old} → {new}").format(
        old=mark_text(planned.old_code, planned.old_minutes),
        new=mark_text(planned.code, planned.minutes),
    )
    if planned.by_hand:
        source = _SOURCES.get(planned.old_source)
        return _("{change} (was {source})").format(
            change=text, source=_(source) if source else planned.old_source
        )
    return text


def counts_text(preview) -> str:
    """ "3 new · 2 changed (1 entered by hand) · 5 unchanged · 0 rejected rows"."""
    changed = ngettext("{n} changed", "{n} changed", len(preview.changed)).format(
        n=len(preview.changed)
    )
    by_hand = len(preview.changed_by_hand)
    if by_hand:
        changed += " " + ngettext(
            "({n} entered by hand)", "({n} entered by hand)", by_hand
        ).format(n=by_hand)
    return " · ".join(
        (
            ngettext("{n} new mark", "{n} new marks", len(preview.new)).format(n=len(preview.new)),
            changed,
            ngettext("{n} unchanged", "{n} unchanged", len(preview.unchanged)).format(
                n=len(preview.unchanged)
            ),
            ngettext("{n} rejected row", "{n} rejected rows", len(preview.rejected)).format(
                n=len(preview.rejected)
            ),
        )
    )


def result_text(result) -> str:
    """What an applied absence import did (storage.importing.absence_apply's result)."""
    parts = [
        ngettext("{n} new mark", "{n} new marks", result.new).format(n=result.new),
        ngettext("{n} changed", "{n} changed", result.changed).format(n=result.changed),
        ngettext("{n} unchanged", "{n} unchanged", result.unchanged).format(n=result.unchanged),
    ]
    return _("Absence imported: {counts}.").format(counts=", ".join(parts))
