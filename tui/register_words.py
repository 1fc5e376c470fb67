"""How a register cell reads: a word (the register), a letter (the week view) and a style.

Every state reads as a word or a letter first; the colour only repeats it, so the register
works for colour-blind users and on a monochrome terminal. The letters are the Swedish
mnemonic keys that set them (O ogiltig, S sjuk, L ledighet, A annan giltig, F
förhandsanmäld, M sen: minuter), the same in every language, so a key and its letter never
disagree; the legend says what each means in the active language.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from storage.records import RegisterPupil
from storage.register_status import ClosedKind, SlotState, SlotStatus
from tui.calendar_words import weekday_short
from tui.i18n import N_, _

# The words of codes the register sets; another code from the journal shows as written.
CODE_WORDS = {
    "invalid": N_("Invalid"),
    "ill": N_("Ill"),
    "leave": N_("Leave"),
    "valid_other": N_("Other valid"),
    "reported": N_("Reported"),
    "late": N_("Late"),
    "present": N_("Present"),
    "unknown": N_("Not marked"),
}

STATE_WORDS = {
    SlotState.NOT_SCHOOL_DAY: N_("Not a school day"),
    SlotState.NOT_IN_CLASS: N_("Not in the class"),
    SlotState.NOT_MARKED: N_("Not marked"),
    SlotState.PRESENT: N_("Present"),
    SlotState.LATE: N_("Late"),
    SlotState.PARTLY_ABSENT: N_("Partly absent"),
    SlotState.REPORTED: N_("Reported"),
    SlotState.VALID: N_("Valid absence"),
    SlotState.INVALID: N_("Invalid"),
}

CODE_LETTERS = {
    "invalid": "O",
    "ill": "S",
    "leave": "L",
    "valid_other": "A",
    "reported": "F",
    "late": "M",
}

STATE_LETTERS = {
    SlotState.NOT_SCHOOL_DAY: "–",
    SlotState.NOT_IN_CLASS: " ",
    SlotState.NOT_MARKED: "?",
    SlotState.PRESENT: "·",
    SlotState.PARTLY_ABSENT: "D",
    SlotState.LATE: "M",
    SlotState.REPORTED: "F",
    SlotState.VALID: "G",
    SlotState.INVALID: "O",
}

# Rich styles: the same words in any theme; bold or reverse carry weight in monochrome too.
STATE_STYLES = {
    SlotState.NOT_SCHOOL_DAY: "dim",
    SlotState.NOT_IN_CLASS: "dim",
    SlotState.NOT_MARKED: "italic",
    SlotState.PRESENT: "",
    SlotState.LATE: "yellow",
    SlotState.PARTLY_ABSENT: "yellow",
    SlotState.REPORTED: "magenta",
    SlotState.VALID: "cyan",
    SlotState.INVALID: "bold red",
}

LEGEND = (
    ("O", N_("Invalid")),
    ("S", N_("Ill")),
    ("L", N_("Leave")),
    ("A", N_("Other valid")),
    ("F", N_("Reported")),
    ("M", N_("Late")),
    ("D", N_("Partly absent")),
    ("·", N_("Present")),
    ("?", N_("Not marked")),
    ("–", N_("Not a school day")),
)


def status_word(status: SlotStatus) -> str:
    """ "Ill", "Late 10 min", "Not marked": what the register's Status column says."""
    if status.state is SlotState.LATE:
        if status.minutes:
            return _("Late {minutes} min").format(minutes=status.minutes)
        return _("Late")
    if status.state in (SlotState.VALID, SlotState.INVALID, SlotState.REPORTED) and status.code:
        word = CODE_WORDS.get(status.code)
        return _(word) if word else status.code
    return _(STATE_WORDS[status.state])


def status_letter(status: SlotStatus) -> str:
    """One letter for the week view's cell."""
    if status.state in (SlotState.VALID, SlotState.INVALID, SlotState.REPORTED) and status.code:
        return CODE_LETTERS.get(status.code, STATE_LETTERS[status.state])
    return STATE_LETTERS[status.state]


def status_text(status: SlotStatus) -> Text:
    return Text(status_word(status), style=STATE_STYLES[status.state])


def lessons_text(status: SlotStatus, lessons_that_day: int) -> str:
    """ "2 of 6": the lessons marked absent of the day's lessons; "" without any."""
    if not status.absent_lessons:
        return ""
    return _("{n} of {total}").format(n=status.absent_lessons, total=lessons_that_day)


def flags_text(pupil: RegisterPupil) -> Text:
    """What else the screen must say about the pupil that day; refused leave stands out."""
    text = Text()
    if pupil.leave_refused:
        text.append(_("LEAVE REFUSED"), style="bold reverse")
    if pupil.leave_granted:
        text.append(("; " if text else "") + _("Leave granted"))
    if pupil.no_guardian_contact:
        text.append(("; " if text else "") + _("Do not contact guardians"), style="bold")
    if pupil.mark is not None and pupil.mark.note:
        text.append(("; " if text else "") + _("Note: "))
        text.append(pupil.mark.note)  # the journal's text: appended as data, never markup
    return text


def closed_word(kind: ClosedKind, name: str) -> str:
    """Why a day is not a school day: "Weekend", "Höstlov" (the calendar's own name)..."""
    if kind in (ClosedKind.BREAK, ClosedKind.DAY_OFF) and name:
        return name
    return {
        ClosedKind.WEEKEND: _("Weekend"),
        ClosedKind.HOLIDAY: _("Public holiday"),
        ClosedKind.BREAK: _("School break"),
        ClosedKind.DAY_OFF: _("Day off"),
        ClosedKind.OUTSIDE_TERM: _("Outside the term"),
    }[kind]


def day_label(day: date) -> str:
    """ "Mon 30 Nov 2026"-like, in the active language: weekday and ISO date."""
    return f"{weekday_short(day.weekday())} {day.isoformat()}"
