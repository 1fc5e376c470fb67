"""Swedish text rules in one place: folding for search, alphabetical order, natural order.

Every list in Saknad, in storage and on every screen, sorts with `sort_key`, so that the same
pupils come in the same order everywhere: A-Z, then Å, Ä, Ö (Zetterlund before Åberg before
Ärlig before Öberg), as a Swedish reader expects. Searching folds accents away (`fold`), so
"jon" finds "Jönsson" and "aberg" finds "Åberg".

The caches hold names from the journal; `clear_caches` is called when a journal is closed so
that no name outlives the unlocked session in the process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Å, Ä, Ö (and the Danish/Norwegian Æ, Ø, which Swedish files them with) come after Z.
# The characters chosen sort just after "z" in code point order.
_AFTER_Z = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Case- and accent-free form for matching: "Åberg" -> "aberg", "Jönsson" -> "jonsson"."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65536)
def sort_key(value: str) -> str:
    """Key for Swedish alphabetical order: a-z, then å, ä, ö; other accents ignored (é = e)."""
    composed = unicodedata.normalize("NFC", value).casefold()
    return "".join(_AFTER_Z.get(c) or fold(c) for c in composed)


def natural_key(name: str) -> tuple:
    """Key that puts class "4A" before "10A" and otherwise follows `sort_key`."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, sort_key(part))
        for part in re.findall(r"\d+|\D+", name)
    )


def class_and_name_key(class_name: str | None, last_name: str, first_name: str) -> tuple:
    """Key for lists of pupils by class (4A before 10A), then last and first name."""
    return (natural_key(class_name or ""), sort_key(last_name), sort_key(first_name))


def header_key(header: str) -> str:
    """A column header reduced to ASCII letters and digits: "FÖRNAMN " -> "fornamn".

    For recognising headers and codes in files, where spaces, dashes and case vary.
    """
    return re.sub(r"[^a-z0-9]", "", fold(header.strip()))


_CACHED = [fold, sort_key]


def register_cache(function) -> None:
    """Have `clear_caches` also clear `function`'s lru_cache (a cache that holds names)."""
    _CACHED.append(function)


def clear_caches() -> None:
    """Forget every cached name (called when a journal is closed, i.e. locked)."""
    for function in _CACHED:
        function.cache_clear()


# Characters that are never part of a name, a class or a header, only of a terminal command or
# of a trick: C0 controls (tab, line feed and carriage return are whitespace that `clean`
# collapses into one space), DEL, C1 controls, the bidirectional embeddings, overrides and
# isolates (U+202A-202E, U+2066-2069: "Ulla" shown as "allU"), the bidirectional marks (U+200E,
# U+200F, U+061C: invisible, and two names that look alike would differ), and the invisible
# zero-width space, word joiner and BOM. The zero-width (non-)joiners U+200C and U+200D are
# kept: Persian, Indic scripts and emoji sequences need them.
_CONTROLS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
)
_FORBIDDEN = re.compile(f"[{_CONTROLS}]")
_SHOWN_AS_PICTURE = re.compile(f"[\t\n\r{_CONTROLS}]")


def control_character(value: str) -> int | None:
    """The 1-based position of the first character `value` may not hold, or None.

    Tab, line feed and carriage return are allowed (a quoted cell may span lines; they are
    whitespace and become one space); every other control or invisible direction character
    is not.
    """
    found = _FORBIDDEN.search(value)
    return None if found is None else found.start() + 1


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC is shown as "␛"
    if code == 0x7F:
        return "\u2421"  # "␡"
    return "\ufffd"  # C1 and the invisible direction characters have no picture


def without_invisible_controls(value: str) -> str:
    """`value` without the characters `control_character` refuses, for a screen that has
    already measured them as zero cells wide (so nothing shifts where they were)."""
    return _FORBIDDEN.sub("", value)


def without_controls(value: str) -> str:
    """`value` with every control character made visible, for printing to a terminal.

    A C0 control becomes its picture (ESC -> "␛", line feed -> "␊"), DEL "␡", a C1 control or
    a direction override "\ufffd"; so text from a file can never send a terminal an escape
    sequence (OSC 52 clipboard writes, links, window titles, screen clears). Zero-width
    joiners are kept.
    """
    return _SHOWN_AS_PICTURE.sub(_picture, value)
