"""The school calendar's words in the active language: kinds of period, public holidays,
days, school years.

The journal keeps a period's kind as a code (storage.codes.CalendarKind) and a public
holiday by the English name the `holidays` package gives it; both are shown through the UI's
translations, so a Swedish counsellor reads "Lov" and "Kristi himmelsfärdsdag".
"""

from __future__ import annotations

from storage.codes import CalendarKind
from tui.i18n import N_, _, ngettext, pgettext

CALENDAR_KINDS = tuple(CalendarKind)

# The names storage.school_calendar.public_holiday gives (the `holidays` package, English).
_HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": N_("New Year's Day"),
    "Epiphany": N_("Epiphany"),
    "Good Friday": N_("Good Friday"),
    "Easter Sunday": N_("Easter Sunday"),
    "Easter Monday": N_("Easter Monday"),
    "May Day": N_("May Day"),
    "Ascension Day": N_("Ascension Day"),
    "Pentecost": N_("Pentecost"),
    "National Day": N_("National Day"),
    "Midsummer Day": N_("Midsummer Day"),
    "All Saints' Day": N_("All Saints' Day"),
    "Christmas Day": N_("Christmas Day"),
    "Second Day of Christmas": N_("Second Day of Christmas"),
}


def kind_label(kind: str) -> str:
    """A period's kind as a word: term, break (lov), day off."""
    labels: dict[str, str] = {
        CalendarKind.TERM: pgettext("calendar", "Term"),
        CalendarKind.BREAK: pgettext("calendar", "Break"),
        CalendarKind.DAY_OFF: pgettext("calendar", "Day off"),
    }
    return labels.get(kind, kind)


def holiday_name(name: str) -> str:
    """A public holiday's name in the active language ("Public holiday" if unknown)."""
    return _(_HOLIDAY_NAMES[name]) if name in _HOLIDAY_NAMES else _("Public holiday")


def days_label(kind: str, days: int) -> str:
    """How many school days a term has, or how many weekdays off a break or day off gives."""
    if kind == CalendarKind.TERM:
        return ngettext("{n} school day", "{n} school days", days).format(n=days)
    return ngettext("{n} day off", "{n} days off", days).format(n=days)


def school_year_label(autumn_year: int) -> str:
    """The school year starting in `autumn_year`, written as 2026/27."""
    return _("School year {first}/{second:02d}").format(
        first=autumn_year, second=(autumn_year + 1) % 100
    )


_WEEKDAYS_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# Lower case in Swedish, as in running text ("måndag 2026-11-30"); a label capitalises.
_WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def weekday_short(weekday: int) -> str:
    """Monday (0) .. Sunday (6), short."""
    return _(_WEEKDAYS_SHORT[weekday])


def weekday_name(weekday: int) -> str:
    """Monday (0) .. Sunday (6), in full, as in running text (Swedish: lower case)."""
    return _(_WEEKDAYS[weekday])


def lesson_plan_line(plan: dict[int, int]) -> str:
    """A class's lessons per weekday on one line ("" without a plan)."""
    if not plan:
        return ""
    days = ", ".join(f"{weekday_short(day)} {lessons}" for day, lessons in sorted(plan.items()))
    return _("Lessons: {days}").format(days=days)
