"""The full-text index over the journal's free text (schema 8), kept by triggers.

One SQLite FTS5 table, `journal_text`, inside the encrypted file (FTS5's own tables are pages
of the same database, so they are encrypted too). Each indexed row has a fixed rowid,
`source row id * 16 + source number`, so a trigger replaces or removes exactly its own text
without a scan. Triggers keep the index in step with every write, from the ORM, a bulk import
or an upgrade alike; nothing in Python has to remember to index.

What is indexed: journal entries, contact attempts (to whom, the note), checklist steps (the
outcome, why not applicable, whom the counsellor spoke with), case events (why, the
destination), a case's whereabouts details and close reason, "whereabouts known" records,
same-day notices (the special reasons) and leave requests (destination, reason). Names and
identity numbers are not: the palette finds pupils already.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

# Swedish å, ä and ö are letters of their own, not a with a mark: "hör" must not find "hor".
_CREATE_TABLE = (
    "CREATE VIRTUAL TABLE journal_text USING fts5("
    "body, pupil_id UNINDEXED, source UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)

ROWID_STRIDE = 16


@dataclass(frozen=True)
class TextSource:
    """One table whose free text is indexed."""

    number: int  # 1..15: the rowid's low part
    name: str  # stored in journal_text.source; storage.fulltext maps it back
    table: str
    body: str  # an SQL expression over `{row}` (new. or old.) giving the text
    pupil: str  # an SQL expression over `{row}` giving the pupil's id


def _case_pupil(row: str) -> str:
    return f"(SELECT pupil_id FROM pupil_case WHERE id = {row}.case_id)"


SOURCES = (
    TextSource(1, "entry", "journal_entry", "{row}.text", "{row}.pupil_id"),
    TextSource(
        2,
        "contact",
        "contact_attempt",
        "trim({row}.counterpart || ' ' || {row}.note)",
        "{row}.pupil_id",
    ),
    TextSource(
        3,
        "step",
        "checklist_step",
        "trim({row}.outcome || ' ' || {row}.not_applicable_reason || ' ' || {row}.spoke_with)",
        _case_pupil("{row}"),
    ),
    TextSource(
        4,
        "case_event",
        "case_event",
        "trim({row}.reason || ' ' || {row}.detail)",
        _case_pupil("{row}"),
    ),
    TextSource(
        5,
        "case",
        "pupil_case",
        "trim({row}.whereabouts || ' ' || {row}.suspected_country || ' ' || "
        "{row}.information_source || ' ' || {row}.close_reason)",
        "{row}.pupil_id",
    ),
    TextSource(
        6,
        "whereabouts_known",
        "whereabouts_known",
        "trim({row}.how || ' ' || {row}.source)",
        "{row}.pupil_id",
    ),
    TextSource(7, "notice", "absence_notice", "{row}.reason", "{row}.pupil_id"),
    TextSource(
        8,
        "leave",
        "leave_request",
        "trim({row}.destination || ' ' || {row}.reason)",
        "{row}.pupil_id",
    ),
    # Schema 10: warning signs and the watch list (the signs' codes are not text).
    TextSource(
        9,
        "warning_sign",
        "warning_sign",
        "trim({row}.observed_by || ' ' || {row}.own_words || ' ' || {row}.note)",
        "{row}.pupil_id",
    ),
    TextSource(
        10,
        "watch",
        "watch_entry",
        "trim({row}.reason || ' ' || {row}.end_reason)",
        "{row}.pupil_id",
    ),
)

SCHEMA_10_SOURCES = ("warning_sign", "watch")
"""The sources schema 10 added: an upgrade from 9 creates their triggers only."""


def _insert(source: TextSource, row: str) -> str:
    body = source.body.format(row=row)
    return (
        "INSERT INTO journal_text (rowid, body, pupil_id, source) "
        f"SELECT {row}.id * {ROWID_STRIDE} + {source.number}, {body}, "
        f"{source.pupil.format(row=row)}, '{source.name}' WHERE {body} != ''"
    )


def _delete(source: TextSource, row: str) -> str:
    return f"DELETE FROM journal_text WHERE rowid = {row}.id * {ROWID_STRIDE} + {source.number}"


def _triggers(source: TextSource) -> list[str]:
    name = f"journal_text_{source.table}"
    return [
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON {source.table} BEGIN "
        f"{_insert(source, 'new')}; END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE ON {source.table} BEGIN "
        f"{_delete(source, 'old')}; {_insert(source, 'new')}; END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON {source.table} BEGIN "
        f"{_delete(source, 'old')}; END",
    ]


def _fill(source: TextSource) -> str:
    """Index the rows a table already holds (an upgraded journal)."""
    row = source.table
    body = source.body.format(row=row)
    return (
        "INSERT INTO journal_text (rowid, body, pupil_id, source) "
        f"SELECT {row}.id * {ROWID_STRIDE} + {source.number}, {body}, "
        f"{source.pupil.format(row=row)}, '{source.name}' FROM {row} WHERE {body} != ''"
    )


def create(connection: Connection, *, fill: bool, without: tuple[str, ...] = ()) -> None:
    """Create the index and its triggers; with `fill`, index what the journal holds.

    `without` names sources left out: an upgrade creates the index as its schema had it,
    before the tables of later sources exist (see SCHEMA_10_SOURCES).
    """
    sql = connection.exec_driver_sql
    sql(_CREATE_TABLE)
    for source in SOURCES:
        if source.name in without:
            continue
        for trigger in _triggers(source):
            sql(trigger)
        if fill:
            sql(_fill(source))


def add_sources(connection: Connection, names: tuple[str, ...]) -> None:
    """Index sources added after the index was made (an upgrade): their triggers, and what
    their tables already hold."""
    for name in names:
        source = source_named(name)
        for trigger in _triggers(source):
            connection.exec_driver_sql(trigger)
        connection.exec_driver_sql(_fill(source))


def source_named(name: str) -> TextSource:
    """The source stored as `name` in journal_text.source."""
    for source in SOURCES:
        if source.name == name:
            return source
    raise KeyError(name)
