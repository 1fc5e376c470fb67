"""Putting a pupil on the watch list before a break, and taking a pupil off it."""

from __future__ import annotations

from typing import Any

from storage.records import WatchBreak
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, require
from tui.i18n import _

# The select's value for "no particular break" (a Select needs a value that is not None).
NO_BREAK = 0


def break_label(school_break: WatchBreak) -> str:
    """ "Påsklov 2027-04-05 – 2027-04-09": the school's own name for it, and its dates."""
    name = school_break.name or _("Break")
    return f"{name} {school_break.starts_on.isoformat()} – {school_break.ends_on.isoformat()}"


class PutOnWatchListDialog(FormDialog):
    """The reason and the break; saving opens the prevention case. Dismisses with the
    storage.records.WatchPutOn, or None."""

    HELP = N_(
        "Put the pupil on the watch list when there is a worry that they may be taken "
        "abroad or married off during a break. A prevention case opens with its checklist "
        "(see the pupil alone, a safe way to reach them, social services before the break) "
        "and the guardians are marked as not to be contacted. Ctrl+S saves; Escape cancels."
    )

    def __init__(self, pupil_id: int, pupil_name: str, breaks: list[WatchBreak], today):
        super().__init__()
        self.pupil_id = pupil_id
        self.breaks = breaks
        self.today = today
        self.TITLE_TEXT = _("Put {name} on the watch list").format(name=pupil_name)

    def fields(self) -> list[Field]:
        options: list[tuple[Any, Any]] = [(_("No particular break"), NO_BREAK)]
        options += [(break_label(b), b.id) for b in self.breaks]
        return [
            Field(
                "reason",
                N_("Reason"),
                placeholder=N_("What gives cause for worry"),
            ),
            Field(
                "break_id",
                N_("Break"),
                kind="select",
                value=self.breaks[0].id if self.breaks else NO_BREAK,
                options=options,
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        reason = require(values["reason"], _("Reason"))
        chosen = values["break_id"]
        break_id = None if chosen in (NO_BREAK, None) else int(chosen)
        return self.journal.put_on_watch_list(self.pupil_id, reason, break_id, self.today)


class TakeOffWatchListDialog(FormDialog):
    """Take a pupil off the list with the reason; the prevention case closes. Dismisses
    True, or None."""

    HELP = N_(
        "Take the pupil off the watch list, with the reason. The prevention case is "
        "closed. The marker that the guardians must not be contacted stays until you "
        "clear it on the pupil card. Ctrl+S saves; Escape cancels."
    )

    def __init__(self, entry_id: int):
        super().__init__()
        self.entry_id = entry_id
        self.TITLE_TEXT = N_("Take off the watch list")

    def fields(self) -> list[Field]:
        return [Field("reason", N_("Reason"), placeholder=N_("Why the worry is over"))]

    def save(self, values: dict[str, Any]) -> Any:
        self.journal.take_off_watch_list(self.entry_id, require(values["reason"], _("Reason")))
        return True
