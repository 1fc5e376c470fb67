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
