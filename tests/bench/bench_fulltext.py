"""Full-text search (journal.search_text) over the large school, encrypted vs a plain copy.

Run: .venv/bin/python tests/bench/bench_fulltext.py [--entries 4000] [--runs 15]

Builds the large school (tests/bench/large_school.py, 2,000 pupils, one year of marks) in a
temporary encrypted journal, adds `--entries` journal entries and half as many contact notes
(fictitious sentences from a small vocabulary, written in bulk so the index triggers run as
they do for every write), then times the search's SQL (storage.fulltext) for a rare word, a
common word, a prefix, two words and no match:

- enc/facade: journal.search_text as the palette calls it (limit 8), session and all;
- enc/driver: the same SQL on the encrypted connection's raw sqlcipher3 cursor;
- plain/sqlite3: the same SQL on a plain copy (sqlcipher_export) through the stdlib sqlite3.

Medians of interleaved runs; the ratio is enc/driver over plain/sqlite3. Prints only timings
and counts.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_queries import (
    PASSPHRASE,
    _ms,
    _plain_sqlite3,
    _raw_encrypted,
    build,
    export_plain,
    interleaved,
)

FRAME_MS = 1000 / 60
WORDS = [
    "mentorn",
    "ringde",
    "mamma",
    "pappa",
    "kusinen",
    "mormor",
    "farmor",
    "skolan",
    "bussen",
    "hemma",
    "resa",
    "semester",
    "flygplats",
    "sjuk",
    "trött",
    "ledsen",
    "glad",
    "kompisar",
    "lektionen",
    "rasten",
    "matsalen",
    "idrotten",
    "sms",
    "snapchat",
    "instagram",
    "telefon",
    "svarade",
    "inte",
    "lämnade",
    "meddelande",
    "träffade",
    "eleven",
    "samtal",
    "kuratorn",
    "rektorn",
    "socialtjänsten",
    "vårdnadshavare",
    "syskon",
    "lillebror",
    "storasyster",
    "helgen",
    "lovet",
    "veckan",
    "morgonen",
    "eftermiddagen",
    "kvällen",
    "klassen",
    "läraren",
]
RARE = "busshållplatsen"


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30))).capitalize() + "."


def add_text(paths, entries: int, seed: int = 1) -> None:
    """Entries and contact notes in bulk, a few holding the rare word."""
    from sqlalchemy import insert

    from storage import models as m
    from storage.access import unlock_with_passphrase

    rng = random.Random(seed)
    with unlock_with_passphrase(paths, PASSPHRASE) as journal:
        pupil_ids = [p.id for p in journal.pupils()]
        start = datetime(2025, 8, 18, 8, tzinfo=UTC)
        entry_rows, contact_rows = [], []
        for n in range(entries):
            text = _sentence(rng) + (f" Sågs vid {RARE}." if n % 1000 == 0 else "")
            entry_rows.append(
                {
                    "pupil_id": rng.choice(pupil_ids),
                    "at": start + timedelta(minutes=37 * n),
                    "kind": "note",
                    "text": text,
                    "author": "Bänk Kurator",
                }
            )
        for n in range(entries // 2):
            contact_rows.append(
                {
                    "pupil_id": rng.choice(pupil_ids),
                    "at": start + timedelta(minutes=53 * n),
                    "channel": "phone",
                    "counterpart_kind": "guardian",
                    "counterpart": "",
                    "number_or_address": "",
                    "outcome": "no_answer",
                    "note": _sentence(rng),
                    "recorded_by": "Bänk Kurator",
                }
            )
        with journal._engine.begin() as connection:
            connection.execute(insert(m.JournalEntry), entry_rows)
            connection.execute(insert(m.ContactAttempt), contact_rows)


def _number(source: str) -> int:
    from storage.fulltext_index import source_named

    return source_named(source).number


def main() -> None:
    from storage import fulltext
    from storage.access import unlock_with_passphrase

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pupils", type=int, default=2000)
    args = parser.parse_args()
    queries = {
        "rare word": RARE,
        "common word": "mentorn",
        "prefix (3)": "sna",
        "two words": "mormor sms",
        "no match": "qqqq",
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths, data_key, seconds = build(folder, 1, args.pupils)
        started = time.perf_counter()
        add_text(paths, args.entries)
        added = time.perf_counter() - started
        plain = folder / "plain.db"
        export_plain(paths.database, data_key, plain)
        print(
            f"large school built in {seconds:.0f} s; {args.entries} entries and "
            f"{args.entries // 2} contact notes written (index by triggers) in {added:.1f} s; "
            f"{args.runs} runs; frame = {FRAME_MS:.1f} ms"
        )
        print("| query | hits | enc/facade ms | enc/driver ms | plain/sqlite3 ms | enc/plain |")
        print("|---|---:|---:|---:|---:|---:|")
        driver = _raw_encrypted(paths.database, data_key)
        std = _plain_sqlite3(plain)
        with unlock_with_passphrase(paths, PASSPHRASE) as journal:
            for label, query in queries.items():
                match = fulltext.match_expression(query)
                found = journal.search_text(query, 8)
                rowids = ", ".join(str(h.source_id * 16 + _number(h.source)) for h in found)
                hits_sql = fulltext._HITS.replace(":match", "?").replace(":limit", "?")
                snippets_sql = fulltext._SNIPPETS.format(rowids=rowids or "0").replace(
                    ":match", "?"
                )

                def both(connection, match=match, hits_sql=hits_sql, snippets_sql=snippets_sql):
                    connection.execute(hits_sql, (match, 8)).fetchall()
                    connection.execute(snippets_sql, (match,)).fetchall()

                medians = interleaved(
                    {
                        "facade": lambda q=query: journal.search_text(q, 8),
                        "driver": lambda: both(driver),
                        "plain": lambda: both(std),
                    },
                    runs=args.runs,
                )
                hits = len(found)
                ratio = medians["driver"] / medians["plain"]
                print(
                    f"| {label} | {hits} | {_ms(medians['facade'])} | {_ms(medians['driver'])} "
                    f"| {_ms(medians['plain'])} | {ratio:.2f}x |"
                )
        driver.close()
        std.close()


if __name__ == "__main__":
    main()
