"""Searching all journal text: what a counsellor types, found in the full-text index.

The index (storage.fulltext_index, kept by triggers) holds every free text the journal keeps:
entries, contact notes, step outcomes, case details and events, "whereabouts known" records,
notices and leave requests. What the person types is data, never FTS5 syntax: it is cut into
words the way the index cuts text (letters and digits; å, ä and ö are letters of their own),
and each word becomes a quoted prefix term, so `"`, `AND(`, `*` or `NEAR(` are only words or
nothing, and "buss" finds "busshållplatsen". Every word must be found (FTS5's implicit AND).

Order: newest first, by the date of the row the text belongs to. A journal is a record of
events and the counsellor looks for "what was it that happened"; the chronology they open
from a hit is newest first too. Rank (bm25) on short notes mostly favours the shortest
text, which says little about which hit is wanted.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session

from storage import records
from storage.clock import aware
from storage.codes import ChronologyKind
from storage.fulltext_index import ROWID_STRIDE, source_named
from storage.queries import CURRENT_CLASS_ID

# The snippet's marks around a matched word: control characters nobody types. They are taken
# out before anything is shown; a stray one in a text would only move a highlight.
MATCH_START = "\x02"
MATCH_END = "\x03"
SNIPPET_WORDS = 10

# Words as unicode61 cuts them: runs of letters and digits (underscore separates).
_WORD = re.compile(r"[^\W_]+")

# Each source's date (the row's own time or day) as SQL over the row `s`, and the kind of
# chronology item it is shown as (None: no single item, e.g. a case's details).
_SOURCE_DATES: dict[str, tuple[str, ChronologyKind | None]] = {
    "entry": ("s.at", ChronologyKind.ENTRY),
    "contact": ("s.at", ChronologyKind.CONTACT),
    "step": ("coalesce(s.done_at, s.due_on)", ChronologyKind.STEP),
    "case_event": ("s.at", ChronologyKind.CASE_EVENT),
    "case": ("s.opened_at", None),
    "whereabouts_known": ("s.recorded_at", ChronologyKind.WHEREABOUTS),
    "notice": ("s.at", ChronologyKind.NOTICE),
    "leave": ("coalesce(s.decided_on, s.starts_on)", ChronologyKind.LEAVE),
    "warning_sign": ("s.recorded_at", ChronologyKind.WARNING_SIGN),
    "watch": ("s.added_at", ChronologyKind.WATCH),
}


def match_expression(query: str) -> str:
    """The FTS5 expression for what a person typed: each word a quoted prefix term.

    Returns "" when the query has no word to search for.
    """
    words = _WORD.findall(query)
    # A word holds letters and digits only; the quote is doubled all the same, so the
    # expression stays a string whatever the pattern above lets through.
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def _when_sql() -> str:
    """One CASE giving each hit its source row's date, by a primary-key lookup."""
    branches = []
    for name, (expression, _kind) in _SOURCE_DATES.items():
        table = source_named(name).table
        branches.append(
            f"WHEN '{name}' THEN (SELECT {expression} FROM {table} AS s "
            f"WHERE s.id = jt.rowid / {ROWID_STRIDE})"
        )
    return "CASE jt.source " + " ".join(branches) + " END"


# The newest hits first, then their snippets: snippet() is the dear part, so it is made for
# the rows shown only, not for every row that matches a common word.
_HITS = f"""
SELECT jt.rowid, jt.pupil_id, jt.source, {_when_sql()} AS happened
FROM journal_text AS jt
WHERE journal_text MATCH :match
ORDER BY happened DESC, jt.rowid DESC
LIMIT :limit
"""

_SNIPPETS = f"""
SELECT rowid, snippet(journal_text, 0, '{MATCH_START}', '{MATCH_END}', '…', {SNIPPET_WORDS})
FROM journal_text
WHERE journal_text MATCH :match AND rowid IN ({{rowids}})
"""

_PUPILS = f"""
SELECT p.id, p.first_name, p.last_name, cg.name
FROM pupil AS p
LEFT JOIN school_group AS cg ON cg.id = {CURRENT_CLASS_ID}
WHERE p.id IN ({{ids}})
"""


def search_text(session: Session, query: str, limit: int = 20) -> list[records.TextHit]:
    """Rows whose text holds every word of `query` (as word starts), newest first.

    Case is ignored; å, ä and ö are letters of their own ("hor" does not find "hör").
    Returns [] when the query holds no word.
    """
    expression = match_expression(query)
    if not expression or limit <= 0:
        return []
    connection = session.connection()
    rows = connection.execute(text(_HITS), {"match": expression, "limit": limit}).all()
    if not rows:
        return []
    rowids = ", ".join(str(int(row[0])) for row in rows)
    snippets: dict[int, str] = {
        row[0]: row[1]
        for row in connection.execute(
            text(_SNIPPETS.format(rowids=rowids)), {"match": expression}
        ).all()
    }
    pupils = _pupils(session, {row[1] for row in rows if row[1] is not None})
    hits = []
    for rowid, pupil_id, source, happened in rows:
        first, last, class_name = pupils.get(pupil_id, ("", "", None))
        shown, spans = _marked(snippets.get(rowid) or "")
        hits.append(
            records.TextHit(
                pupil_id=pupil_id,
                first_name=first,
                last_name=last,
                class_name=class_name,
                source=source,
                source_id=rowid // ROWID_STRIDE,
                chronology_kind=_SOURCE_DATES[source][1],
                when=_parsed(happened),
                snippet=shown,
                matches=spans,
            )
        )
    return hits


def _pupils(session: Session, ids: set[int]) -> dict[int, tuple[str, str, str | None]]:
    if not ids:
        return {}
    sql = _PUPILS.format(ids=", ".join(str(int(i)) for i in ids))
    return {row[0]: (row[1], row[2], row[3]) for row in session.connection().exec_driver_sql(sql)}


def _marked(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The snippet without its marks, and where the matched words are in it."""
    shown: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for character in snippet:
        if character == MATCH_START:
            start = length
        elif character == MATCH_END:
            if start is not None:
                spans.append((start, length))
            start = None
        else:
            # One line: a line break or tab becomes a space, one for one, so spans stay put.
            shown.append(" " if character.isspace() else character)
            length += 1
    return "".join(shown), tuple(spans)


def _parsed(value: str | None) -> datetime | date | None:
    """A stored date or time as Python: a time is aware (UTC), a day is a date."""
    if value is None:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    return aware(datetime.fromisoformat(value))
