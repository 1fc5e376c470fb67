"""Cell values of an absence file: the kind of absence, dates, times, lessons and minutes.

Shared by the CSV and the SS 12000 readers of absence files. Words are compared by
`storage.text.header_key` ("Sen ankomst" -> "senankomst"), so case, spaces and å/ä/ö never
matter. Each reader returns (value, None) or (None, (reason code, detail)), like
storage.importing.values.identity_of.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from storage.text import header_key

PRESENT = "present"  # a file's "Närvarande": the slot is cleared (the pupil was there)

# The words school systems (Skola24, SchoolSoft, Vklass, IST, SS 12000) write for a kind of
# absence, mapped onto the journal's codes (codes.DEFAULT_ABSENCE_CODES). A free-text reason
# ("Orsak") is never read as a kind: it may name a diagnosis, which the register never keeps.
_KINDS = {
    "ill": (
        "sjuk",
        "sjukdom",
        "sjukfranvaro",
        "sjukanmald",
        "sjukanmalan",
        "ill",
        "illness",
        "sick",
        "sickness",
    ),
    "leave": (
        "ledig",
        "ledighet",
        "beviljadledighet",
        "ledigbeviljad",
        "leave",
        "approvedleave",
        "grantedleave",
    ),
    "valid_other": (
        "giltig",
        "giltigfranvaro",
        "giltigt",
        "giltigorsak",
        "annangiltig",
        "valid",
        "validabsence",
        "excused",
        "authorised",
        "authorized",
        "validother",
    ),
    "invalid": (
        "ogiltig",
        "ogiltigfranvaro",
        "ogiltigt",
        "oanmald",
        "oanmaldfranvaro",
        "ejanmald",
        "invalid",
        "invalidabsence",
        "unexcused",
        "unauthorised",
        "unauthorized",
        "franvarande",
        "absent",
    ),
    "reported": (
        "anmald",
        "anmaldfranvaro",
        "franvaroanmalan",
        "franvaroanmald",
        "reported",
        "reportedabsence",
        "guardianreported",
    ),
    "late": (
        "sen",
        "sent",
        "senankomst",
        "forsenad",
        "forsening",
        "late",
        "lateness",
        "tardy",
        "latearrival",
    ),
    PRESENT: ("narvarande", "narvaro", "present", "attended"),
}
_WORD_TO_KIND = {word: kind for kind, words in _KINDS.items() for word in words}
KIND_WORDS = "Giltig, Ogiltig, Anmäld, Sjuk, Ledig, Sen ankomst, Närvarande"


def kind_of(value: str) -> tuple[str | None, tuple[str, str] | None]:
    """(journal code or PRESENT, None), or (None, (reason, detail)) for a word not known."""
    kind = _WORD_TO_KIND.get(header_key(value))
    if kind is None:
        return None, ("absence_kind", "kind of absence not understood")
    return kind, None


_ISO = re.compile(r"^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")  # Excel's day number, e.g. 46356
_TIME_PART = re.compile(r"[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$")


def date_of(value: str) -> tuple[date | None, tuple[str, str] | None]:
    """A date as school systems write it: 2026-11-30, 20261130, 2026/11/30, 30.11.2026.

    A time after the date is allowed (and dropped). US order (11/30/2026) is refused: it
    cannot be told apart from day-first.
    """
    text = _TIME_PART.sub("", value.strip())
    if _SERIAL.match(text):
        return None, ("spreadsheet_date", "a spreadsheet turned the date into a number")
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None, ("not_a_date", "not a date")
    try:
        return date(year, month, day), None
    except ValueError:
        return None, ("no_such_day", "no such day")


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")
_SPAN = re.compile(r"^(\S+)\s*(?:-|–|—|to|till)\s*(\S+)$", re.IGNORECASE)


def time_of(value: str) -> tuple[time | None, tuple[str, str] | None]:
    """A time of day: 08:10, 8.10, 08:10:00 (a date before it is dropped)."""
    text = value.strip()
    if " " in text or "T" in text:
        text = re.split(r"[ T]", text)[-1]
    text = re.sub(r"(?:Z|[+-]\d{2}:?\d{2})$", "", text)
    match = _TIME.match(text)
    if match is None:
        return None, ("not_a_time", "not a time of day")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None, ("not_a_time", "not a time of day")
    return time(hour, minute), None


def span_of(value: str) -> tuple[tuple[time, time] | None, tuple[str, str] | None]:
    """A time span written in one cell: "08:10-09:00", "8.10 – 9.00"."""
    match = _SPAN.match(value.strip())
    if match is None:
        return None, ("not_a_time", "not a time span")
    start, problem = time_of(match.group(1))
    end, problem_end = time_of(match.group(2))
    if start is None or end is None:
        return None, problem or problem_end
    return (start, end), None


def minutes_between(start: time, end: time) -> int:
    """Whole minutes from `start` to `end` on one day (negative when end is before start)."""
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


_WHOLE = re.compile(r"^(\d+)(?:[.,]0+)?$")
_MINUTES = re.compile(r"^(\d+)(?:[.,]0+)?\s*(?:min|minuter|minutes|m)?\.?$", re.IGNORECASE)
MAX_LESSON = 20
DAY_MINUTES = 24 * 60


def lesson_of(value: str) -> tuple[int | None, tuple[str, str] | None]:
    """A lesson number, 1-20 ("3", "3.0" as a spreadsheet writes it)."""
    match = _WHOLE.match(value.strip())
    if match is None or not 1 <= int(match.group(1)) <= MAX_LESSON:
        return None, ("not_a_lesson", "not a lesson number")
    return int(match.group(1)), None


def minutes_of(value: str) -> tuple[int | None, tuple[str, str] | None]:
    """Minutes of absence or lateness: "45", "45 min", "45,0"; 0-1440."""
    match = _MINUTES.match(value.strip())
    if match is None or int(match.group(1)) > DAY_MINUTES:
        return None, ("not_minutes", "not a number of minutes")
    return int(match.group(1)), None


def datetime_of(value: str) -> tuple[datetime | None, tuple[str, str] | None]:
    """An SS 12000 date-time ("2026-11-30T08:10:00+01:00"), or a date alone (midnight)."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        day, problem = date_of(text)
        if day is None:
            return None, problem
        return datetime(day.year, day.month, day.day), None
    return parsed.replace(tzinfo=None), None  # local school time, as written
