"""Which field a column header of an absence file means (Skola24, SchoolSoft, Vklass, ...).

Headers are compared by `storage.text.header_key`, like the class list's
(storage.importing.headers), and the identity number's aliases are the class list's own. A
column that is not recognised is left out (names, classes, courses, free-text reasons).
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.importing.headers import IDENTITY_NUMBER_ALIASES
from storage.text import header_key

ABSENCE_FIELDS = (
    "identity_number",
    "date",
    "lesson",
    "start_time",
    "end_time",
    "time_span",
    "minutes",
    "kind",
)
REQUIRED_FIELDS = ("identity_number", "date", "kind")

_ALIASES: dict[str, tuple[str, ...]] = {
    "identity_number": (*IDENTITY_NUMBER_ALIASES, "elevpersonnummer", "studentsocialnumber"),
    "date": (
        "datum",
        "date",
        "dag",
        "day",
        "franvarodatum",
        "lektionsdatum",
        "absencedate",
    ),
    "lesson": (
        "lektion",
        "lektionsnummer",
        "lektionsnr",
        "lektionnr",
        "pass",
        "passnummer",
        "lesson",
        "lessonnumber",
        "period",
    ),
    "start_time": (
        "fran",
        "frankl",
        "starttid",
        "start",
        "startkl",
        "tidfran",
        "borjar",
        "from",
        "starttime",
        "fromtime",
    ),
    "end_time": (
        "till",
        "tillkl",
        "sluttid",
        "slut",
        "slutkl",
        "tidtill",
        "slutar",
        "to",
        "endtime",
        "totime",
    ),
    "time_span": ("tid", "tider", "lektionstid", "klockslag", "time", "times"),
    "minutes": (
        "minuter",
        "min",
        "antalminuter",
        "franvarominuter",
        "franvaromin",
        "franvarotid",
        "franvarominuterantal",
        "senminuter",
        "minutes",
        "absenceminutes",
        "lateminutes",
    ),
    "kind": (
        "franvarotyp",
        "franvaro",
        "franvarokod",
        "typ",
        "typavfranvaro",
        "narvaro",
        "status",
        "registrering",
        "kod",
        "kind",
        "type",
        "absencetype",
        "attendance",
        "code",
    ),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """{header as written: field} for the headers recognised; the first of two wins."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = _ALIAS_TO_FIELD.get(header_key(header))
        if name and name not in taken:
            mapping[header] = name
            taken.add(name)
    return mapping


def has_required(fields: Iterable[str]) -> bool:
    """Whether the identity number, the date and the kind of absence all have a column."""
    return set(REQUIRED_FIELDS) <= set(fields)
