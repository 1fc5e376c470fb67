"""How a pupil's chronology reads on screen: the kind as a word and each item's summary,
worded in the active language from the data storage.chronology gives.

What a person wrote (an entry, a reason, a note) is kept as written and shown as plain
text by the screen, never as markup.
"""

from __future__ import annotations

from storage.chronology import STEP_NOT_APPLICABLE, WATCH_PUT_ON
from storage.codes import ChronologyKind
from storage.records import ChronologyItem
from tui.bindings import N_
from tui.case_words import (
    action_label,
    close_outcome_label,
    contact_outcome_label,
    counterpart_label,
    step_text,
)
from tui.code_words import entry_kind_label
from tui.dialogs.leave_form import leave_status_label
from tui.dialogs.notice_form import channel_label, outcome_label
from tui.i18n import _, ngettext
from tui.register_words import CODE_WORDS
from tui.sign_words import sign_text

KIND_WORDS: dict[str, str] = {
    ChronologyKind.MARK_CHANGE: N_("Register"),
    ChronologyKind.CASE_EVENT: N_("Case"),
    ChronologyKind.STEP: N_("Checklist"),
    ChronologyKind.CONTACT: N_("Contact"),
    ChronologyKind.ENTRY: N_("Entry"),
    ChronologyKind.NOTICE: N_("Notice"),
    ChronologyKind.LEAVE: N_("Leave"),
    ChronologyKind.EXPORT: N_("Export"),
    ChronologyKind.REPORT: N_("Report of concern"),
    ChronologyKind.WARNING_SIGN: N_("Warning sign"),
    ChronologyKind.WATCH: N_("Watch list"),
    ChronologyKind.ABSENCE: N_("Absence"),
    ChronologyKind.WHEREABOUTS: N_("Whereabouts"),
}

SEPARATOR = " · "


def kind_word(kind: str) -> str:
    """The item's kind as a word."""
    known = KIND_WORDS.get(kind)
    return _(known) if known else kind


def _mark_word(code: str) -> str:
    if not code:
        return _("no mark")
    known = CODE_WORDS.get(code)
    return _(known) if known else code


def _words(item: ChronologyItem) -> list[str]:
    """The item's summary in words, before what a person wrote."""
    match item.kind:
        case ChronologyKind.MARK_CHANGE:
            slot = str(item.day)
            if item.lesson is not None:
                slot += ", " + _("lesson {n}").format(n=item.lesson)
            change = _("changed {before} → {after}").format(
                before=_mark_word(item.before), after=_mark_word(item.after)
            )
            return [f"{slot}: {change}"]
        case ChronologyKind.ABSENCE:
            if item.lessons:
                extent = ngettext("{n} lesson", "{n} lessons", item.lessons).format(n=item.lessons)
            else:
                extent = _("Whole day")
            return [f"{extent}: {', '.join(_mark_word(code) for code in item.codes)}"]
        case ChronologyKind.WHEREABOUTS:
            words = [_("Whereabouts known {start} – {end}").format(start=item.day, end=item.until)]
            if item.counterpart:
                words.append(_("from {person}").format(person=item.counterpart))
            return words
        case ChronologyKind.CASE_EVENT:
            words = [action_label(item.code)]
            return [*words, close_outcome_label(item.after)] if item.after else words
        case ChronologyKind.STEP:
            state = _("not applicable") if item.after == STEP_NOT_APPLICABLE else _("done")
            if item.sibling:
                step = _("Sibling at another school: {sibling}").format(sibling=item.sibling)
            else:
                step = step_text(item.code, item.label)
            words = [f"{step}: {state}"]
            if item.counterpart:
                words.append(_("spoke with {person}").format(person=item.counterpart))
            return words
        case ChronologyKind.CONTACT:
            return [
                channel_label(item.before),
                counterpart_label(item.after),
                contact_outcome_label(item.code),
            ]
        case ChronologyKind.ENTRY:
            words = [entry_kind_label(item.code)]
            if item.corrects_id is not None:
                words.append(_("corrects entry {number}").format(number=item.corrects_id))
            return words
        case ChronologyKind.NOTICE:
            return [f"{item.day}: {outcome_label(item.code)}"]
        case ChronologyKind.LEAVE:
            return [f"{leave_status_label(item.code)}: {item.day} – {item.until}"]
        case ChronologyKind.EXPORT:
            return [item.code.upper()]
        case ChronologyKind.WARNING_SIGN:
            words = [sign_text(item.code, item.label), _("observed {day}").format(day=item.day)]
            if item.counterpart:
                words.append(_("by {person}").format(person=item.counterpart))
            if item.before:
                words.append(_("own words: “{words}”").format(words=" ".join(item.before.split())))
            return words
        case ChronologyKind.WATCH:
            if item.code != WATCH_PUT_ON:
                return [_("Taken off the watch list")]
            words = [_("Put on the watch list")]
            if item.day is not None:
                words.append(
                    _("before {name} ({day})").format(name=item.counterpart, day=item.day)
                )
            return words
        case ChronologyKind.REPORT:
            words = [_("Report of concern filed"), channel_label(item.code)]
            if item.counterpart:
                words.append(_("to {recipient}").format(recipient=item.counterpart))
            return words
    return [item.code]


def summary(item: ChronologyItem) -> str:
    """The item's summary: its words, then what a person wrote (as written, one line)."""
    parts = _words(item)
    if item.text:
        parts.append(" ".join(item.text.split()))
    return SEPARATOR.join(parts)


def detail_text(item: ChronologyItem) -> str:
    """The item whole, for the detail pane: its words, then what a person wrote with its
    own line breaks."""
    words = SEPARATOR.join(_words(item))
    return f"{words}\n{item.text.strip()}" if item.text.strip() else words
