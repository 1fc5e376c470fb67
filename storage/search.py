"""Finding a pupil by what a counsellor types: a name, a class, or (part of) a number.

Names are matched folded (storage.text.fold: case and accents ignored, so "jon" finds
"Jönsson" and "aberg" finds "Åberg"), and ranked so that the likeliest pupil comes first;
within a rank, a match as typed (accents and all) comes before a match only when folded, so
"jönsson" puts Jönsson before Jonsson. Ties are in Swedish alphabetical order.
"""

from __future__ import annotations

import heapq
import re
from functools import lru_cache

from sqlmodel import Session

from storage import records
from storage.people import pupil_rows
from storage.queries import CURRENT_CLASS_ID
from storage.text import fold, register_cache, sort_key

# What find_pupils scans: every pupil once, with their current class.
_SEARCH_ROWS = f"""
SELECT p.id, p.identity_number, p.first_name, p.last_name, g.name
FROM pupil AS p
LEFT JOIN school_group AS g ON g.id = {CURRENT_CLASS_ID}
"""


@lru_cache(maxsize=65536)
def searchable(first: str, last: str, class_name: str | None) -> tuple:
    """A pupil's names folded once: (first, last, class, haystack, words, everything)."""
    first_f, last_f = fold(first), fold(last)
    class_f = fold(class_name) if class_name else ""
    words = tuple(f"{first_f} {last_f}".replace("-", " ").split())
    return (
        first_f,
        last_f,
        class_f,
        f"{first_f} {last_f} {first_f}",
        words,
        f"{first_f} {last_f} {class_f}",
    )


# The cache holds pupils' names: it is emptied with the others when the journal is locked.
register_cache(searchable)


class Search:
    """One find_pupils query, folded once and matched against many pupils.

    Ranks, best first:
        0. the identity number, exactly (12 or 10 digits, "-" and "+" ignored);
        1. a name starting with the query: first name, last name, a part of either,
           "first last" or "last first";
        2. the start or the end of an identity number (at least four characters, e.g. the
           last four digits "9819" or the birth date "20120503"), or exactly the class;
        3. the query inside a name, the start of a class name, or every word of the query
           starting a word of the pupil's names or class ("alva 5a").
    """

    __slots__ = ("as_typed", "folded", "number", "words")

    def __init__(self, folded: str, number: str | None, as_typed: str = ""):
        self.folded = folded
        self.number = number
        self.words = folded.split()
        self.as_typed = as_typed or folded

    @classmethod
    def of(cls, query: str) -> Search | None:
        """The search for `query`, or None when there is nothing to search for."""
        folded = " ".join(fold(query).split())
        if not folded:
            return None
        compact = re.sub(r"[\s+\-]", "", query).upper()
        number = (
            compact
            if (
                compact.isascii()
                and compact.isalnum()
                and len(compact) >= 4
                and sum(c.isdigit() for c in compact) >= 2
            )
            else None
        )
        return cls(folded, number, " ".join(query.casefold().split()))

    def rank(self, identity: str, first: str, last: str, class_name: str | None) -> int | None:
        """0-3 as above, or None when the pupil does not match."""
        number = self.number
        if number is not None and (number == identity or number == identity[2:]):
            return 0
        q = self.folded
        first_f, last_f, class_f, haystack, names, everything = searchable(first, last, class_name)
        inside = q in haystack
        if inside and (
            haystack.startswith(q)
            or last_f.startswith(q)
            or f"{last_f} {first_f}".startswith(q)
            or any(word.startswith(q) for word in names)
        ):
            return 1
        if number is not None and (
            identity.startswith(number)
            or identity.endswith(number)
            or identity[2:].startswith(number)
        ):
            return 2
        if class_f and class_f == q:
            return 2
        if inside or (class_f and class_f.startswith(q)):
            return 3
        if len(self.words) > 1 and all(part in everything for part in self.words):
            words = names + (class_f,) if class_f else names
            if all(any(w.startswith(part) for w in words) for part in self.words):
                return 3
        return None

    def only_folded(self, first: str, last: str, class_name: str | None) -> bool:
        """True when the query matches the pupil only with accents folded away ("jon" in
        "Jönsson"), False when it matches as typed ("jon" in "Jonas", "jön" in "Jönsson")."""
        as_typed = f"{first} {last} {first} {class_name or ''}".casefold()
        return not all(part in as_typed for part in self.as_typed.split())


def find_pupils(session: Session, query: str, limit: int) -> list[records.PupilRow]:
    """Pupils matching `query`, best first; [] for an empty query.

    Matches first name, last name, "first last", "last first" (case and accents ignored),
    the class, or the identity number ("-" and "+" ignored; the whole number in 12 or 10
    digits, its start such as the birth date, or its end such as the last four digits). Exact
    identity numbers come first, then names starting with the query, then number parts and
    the exact class, then the query anywhere in a name; within each, matches as typed before
    matches with accents folded away. Ties by name. Pupils who have left
    are found too (their rows carry `left_on`).
    """
    search = Search.of(query)
    if search is None or limit <= 0:
        return []
    ranked = []
    for pupil_id, identity, first, last, class_name in (
        session.connection().exec_driver_sql(_SEARCH_ROWS).fetchall()
    ):
        rank = search.rank(identity, first, last, class_name)
        if rank is not None:
            folded_only = search.only_folded(first, last, class_name)
            ranked.append((rank, folded_only, sort_key(last), sort_key(first), pupil_id))
    best = [item[-1] for item in heapq.nsmallest(limit, ranked)]
    if not best:
        return []
    rows = pupil_rows(session, best)
    return [rows[pupil_id] for pupil_id in best]
