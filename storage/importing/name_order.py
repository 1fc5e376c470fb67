"""The order of a name written in one cell: "Förnamn Efternamn" or "Efternamn Förnamn".

Swedish school systems write a guardian's whole name in one column, often last name first
("Ström Per"). The order is taken from the header when it says ("Vårdnadshavare 1 namn
(efternamn förnamn)"), else from the rows (a guardian's name that starts with the pupil's last
name, in more rows than it ends with it, is written last name first), else first name first.
The counsellor can always choose (the mapping step, `saknad import --guardian-names`).
A comma always means "Efternamn, Förnamn".
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.text import header_key

FIRST_LAST = "first_last"
LAST_FIRST = "last_first"
NAME_ORDERS = (FIRST_LAST, LAST_FIRST)

# How the order was decided (ParsedList.guardian_name_order_source).
FROM_HEADER = "header"
FROM_ROWS = "rows"
CHOSEN = "chosen"
ASSUMED = "assumed"

_HINTS = {
    "efternamnfornamn": LAST_FIRST,
    "efternamntilltalsnamn": LAST_FIRST,
    "lastnamefirstname": LAST_FIRST,
    "surnamefirstname": LAST_FIRST,
    "familynamegivenname": LAST_FIRST,
    "fornamnefternamn": FIRST_LAST,
    "tilltalsnamnefternamn": FIRST_LAST,
    "firstnamelastname": FIRST_LAST,
    "givennamefamilyname": FIRST_LAST,
}
_WHOLE_NAME = ("", "namn", "name", "fulltnamn", "fullname", "helanamnet")


def order_in_header(header: str) -> str | None:
    """The order a header names ("Namn (efternamn förnamn)" -> LAST_FIRST), or None."""
    key = header_key(header)
    return next((order for hint, order in _HINTS.items() if hint in key), None)


def is_whole_name(part: str) -> bool:
    """Whether a header part (already a header_key) means a whole name, in either order."""
    for hint in _HINTS:
        part = part.replace(hint, "")
    return part in _WHOLE_NAME


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def order_in_rows(pairs: Iterable[tuple[str, str]]) -> str | None:
    """The order most rows show, from (pupil's last name, guardian's whole name) pairs.

    A guardian's name that starts with the pupil's last name is a vote for LAST_FIRST, one
    that ends with it a vote for FIRST_LAST; names with a comma, of one word, or sharing no
    last name with the pupil do not vote. None when no row votes.
    """
    last_first = first_last = 0
    for family, whole in pairs:
        family, whole = _words(family), _words(whole)
        if not family or "," in whole or " " not in whole:
            continue
        starts = whole.startswith(family + " ")
        ends = whole.endswith(" " + family)
        if starts and not ends:
            last_first += 1
        elif ends and not starts:
            first_last += 1
    if last_first > first_last:
        return LAST_FIRST
    return FIRST_LAST if first_last else None


def split_whole_name(whole: str, order: str = FIRST_LAST) -> tuple[str, str]:
    """A whole name as (first, last): "Efternamn, Förnamn" always, else in `order`.

    With LAST_FIRST the first word is the last name ("Ström Per Olof" -> ("Per Olof",
    "Ström")); with FIRST_LAST the last word is ("Per Olof Ström" -> ("Per Olof", "Ström")).
    A single word is taken as the first name.
    """
    if "," in whole:
        last, _comma, first = whole.partition(",")
        return first.strip(), last.strip()
    if order == LAST_FIRST:
        last, _space, first = whole.partition(" ")
        return (first, last) if first else (last, "")
    first, _space, last = whole.rpartition(" ")
    return (first, last) if first else (last, "")
