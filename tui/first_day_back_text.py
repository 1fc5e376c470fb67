"""The words of the first-day-back roll call: the deadline line, and the watch-list history
written into the missing-pupil case of a watch-listed pupil (storage.watch_list)."""

from __future__ import annotations

from datetime import date

from storage.records import RollCallBreak, WatchHistory
from tui.i18n import _, ngettext
from tui.sign_words import sign_text


def deadline_text(found: RollCallBreak, today: date) -> str:
    """When pupils not back after the break must be reported, and the school days left (on
    a weekend before a Monday deadline that is one school day, not "today")."""
    if found.report_by <= today:
        left = _("today is the last day")
    else:
        left = ngettext(
            "{n} school day left", "{n} school days left", found.school_days_left
        ).format(n=found.school_days_left)
    return _("After {name}: report missing pupils to the municipality by {date} ({left}).").format(
        name=found.name, date=found.report_by.isoformat(), left=left
    )


def history_text(history: WatchHistory) -> str:
    """The watch-list history, as the journal entry on a watch-listed pupil's missing case."""
    lines = [
        _("On the watch list since {date} ({by}).").format(
            date=history.added_on.isoformat(), by=history.added_by
        ),
        _("Reason: {reason}").format(reason=history.reason),
    ]
    if history.break_name:
        lines.append(_("The break it concerned: {name}").format(name=history.break_name))
    if not history.signs:
        lines.append(_("No warning sign noted."))
    for sign in history.signs:
        line = _("Warning sign {date}: {sign}").format(
            date=sign.observed_on.isoformat(), sign=sign_text(sign.sign_code, sign.label)
        )
        if sign.observed_by:
            line += " " + _("(observed by {who})").format(who=sign.observed_by)
        if sign.own_words:
            line += " " + _('The pupil said: "{words}"').format(words=sign.own_words)
        if sign.note:
            line += " " + _("Note: {note}").format(note=sign.note)
        lines.append(line)
    return "\n".join(lines)
