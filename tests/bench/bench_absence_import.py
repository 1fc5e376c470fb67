"""Importing a term of absence for 2,000 pupils, against the same rows into plain SQLite.

Run: .venv/bin/python tests/bench/bench_absence_import.py [--runs 3] [--pupils 2000]

The file is what Skola24 or SchoolSoft hands over for a spring term (12 January - 12 June):
Windows-1252, `;`, one row per pupil and lesson absent (three lessons on about one pupil-day
in 23, kinds mixed), about 26,000 rows for 2,000 pupils. Two variants, alternating run by
run; medians:

- saknad: storage.importing.absence_reading.parse_absence_file + Journal.apply_absence_import
  (plan, then every slot through storage.marks.write_marks with its MarkChange and the audit
  trail's event per row; one transaction, committed) into an encrypted journal holding the
  2,000 pupils (imported as a class list outside the timed part).
- baseline: the same rows the cheapest way there is: csv.reader, identity numbers looked up
  in a dict, the rows and their audit JSON built in plain Python, one stdlib `sqlite3`
  executemany per table into a plain SQLite file with the journal's own schema. No checks.

Both variants write the same number of rows into every table (checked before timing). Only
timings and counts are printed; the people are fictitious.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import TODAY, alternating_medians, class_list, plain_journal  # noqa: E402

from storage.access import create_journal  # noqa: E402
from storage.clock import now  # noqa: E402
from storage.codes import DEFAULT_ABSENCE_CODES  # noqa: E402
from storage.importing import parse_class_list  # noqa: E402
from storage.importing.absence_reading import parse_absence_file  # noqa: E402
from storage.keys import Argon2Params  # noqa: E402
from storage.paths import JournalPaths  # noqa: E402

TABLES = ("absence_mark", "mark_change", "audit_event")
KINDS = {
    "Ogiltig": "invalid",
    "Sjuk": "ill",
    "Giltig": "valid_other",
    "Sen ankomst": "late",
    "Anmäld": "reported",
}


def absence_file(numbers: list[str]) -> bytes:
    """A spring term of lesson absence for `numbers`, as a school system exports it."""
    rows = ["Personnummer;Datum;Lektion;Minuter;Frånvarotyp"]
    kinds = list(KINDS)
    day = date(2026, 1, 12)
    while day <= date(2026, 6, 12):
        if day.weekday() < 5:
            for index, number in enumerate(numbers):
                if (index * 7 + day.toordinal()) % 23 == 0:
                    for lesson in (1, 2, 3):
                        kind = kinds[(index + lesson) % len(kinds)]
                        rows.append(f"{number};{day.isoformat()};{lesson};40;{kind}")
        day += timedelta(days=1)
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def _counts(execute) -> dict[str, int]:
    return {table: execute(f"SELECT count(*) FROM {table}") for table in TABLES}


def run_saknad(pupils: bytes, data: bytes, folder: Path, counts: dict | None = None) -> dict:
    journal = create_journal(
        JournalPaths(folder), "bench passphrase here", params=Argon2Params(1, 8192, 1)
    ).journal
    try:
        school_id = journal.add_school("Benchskolan")
        journal.apply_import(parse_class_list(pupils, today=TODAY), school_id, today=TODAY)
        with journal._engine.connect() as connection:
            before = _counts(lambda sql: connection.exec_driver_sql(sql).scalar_one())
        start = time.perf_counter()
        parsed = parse_absence_file(data, file_name="franvaro.csv", today=TODAY)
        parsed_at = time.perf_counter()
        result = journal.apply_absence_import(parsed)
        end = time.perf_counter()
        assert not parsed.errors and result.new == len(parsed.absences)
        if counts is not None:
            with journal._engine.connect() as connection:
                after = _counts(lambda sql: connection.exec_driver_sql(sql).scalar_one())
            counts.update({table: after[table] - before[table] for table in TABLES})
        return {"saknad": end - start, "parse": parsed_at - start, "apply": end - parsed_at}
    finally:
        journal.close()


def run_baseline(numbers: list[str], data: bytes, folder: Path, counts=None) -> dict:
    connection = plain_journal(folder)
    connection.executemany(
        "INSERT INTO pupil (id, identity_number, identity_kind, first_name, last_name, "
        "security_marking, person_status, created_at) VALUES (?, ?, 'personnummer', 'E', "
        "'P', 'none', 'active', '2026-03-18 07:00:00.000000')",
        [(n + 1, number) for n, number in enumerate(numbers)],
    )
    connection.executemany(  # the codes a new journal starts with, if create left them out
        "INSERT OR IGNORE INTO absence_code (code, category, counts_as_absence, sort_order) "
        "VALUES (?, ?, ?, ?)",
        [(c, str(cat), counts, order) for c, cat, counts, order in DEFAULT_ABSENCE_CODES],
    )
    try:
        start = time.perf_counter()
        at = now()
        stamp, at_json = at.strftime("%Y-%m-%d %H:%M:%S.%f"), at.isoformat()
        ids = {
            number: pupil_id
            for pupil_id, number in connection.execute("SELECT id, identity_number FROM pupil")
        }
        marks, changes, events = [], [], []
        reader = csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";")
        next(reader)
        for row_id, (number, day, lesson, minutes, kind) in enumerate(reader, start=1):
            code = KINDS[kind]
            pupil_id = ids[number]
            mark = (row_id, pupil_id, day, int(lesson), code, int(minutes), "import", "", stamp)
            change = (
                row_id,
                pupil_id,
                day,
                int(lesson),
                None,
                code,
                None,
                int(minutes),
                "import",
                "",
                stamp,
                "",
            )
            marks.append(mark)
            changes.append(change)
            for table in ("absence_mark", "mark_change"):
                events.append(
                    (
                        stamp,
                        "",
                        "insert",
                        table,
                        row_id,
                        json.dumps(
                            {
                                "pupil_id": [None, pupil_id],
                                "on_date": [None, day],
                                "lesson": [None, int(lesson)],
                                "code": [None, code],
                                "minutes": [None, int(minutes)],
                                "source": [None, "import"],
                                "at": [None, at_json],
                            },
                            sort_keys=True,
                        ),
                    )
                )
        events.append((stamp, "", "absence_imported", "", None, json.dumps({"new": len(marks)})))
        built_at = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO absence_mark (id, pupil_id, on_date, lesson, code, minutes, source, "
            "note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            marks,
        )
        connection.executemany(
            "INSERT INTO mark_change (id, pupil_id, on_date, lesson, old_code, new_code, "
            "old_minutes, new_minutes, source, note, at, actor) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            changes,
        )
        connection.executemany(
            "INSERT INTO audit_event (at, actor, action, table_name, row_id, changes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        connection.execute("COMMIT")
        end = time.perf_counter()
        if counts is not None:
            counts.update(_counts(lambda sql: connection.execute(sql).fetchone()[0]))
        return {
            "baseline": end - start,
            "rows + JSON": built_at - start,
            "executemany + commit": end - built_at,
        }
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pupils", type=int, default=2000)
    args = parser.parse_args()
    pupils = class_list(args.pupils)
    numbers = [p.identity_number for p in parse_class_list(pupils, today=TODAY).pupils]
    data = absence_file(numbers)
    with tempfile.TemporaryDirectory(prefix="saknad-bench-absence-") as tmp:
        med, saknad_counts = alternating_medians(
            partial(run_saknad, pupils, data),
            partial(run_baseline, numbers, data),
            Path(tmp),
            args.runs,
        )
    rows = data.count(b"\n") - 1
    print(
        f"{args.pupils} pupils, a spring term: {rows:,} absence rows "
        f"({len(data) // 1024} KiB Windows-1252 ';'); {args.runs} alternating runs after a "
        "warm-up; medians in ms"
    )
    print(
        "Rows written by each variant: "
        + ", ".join(f"{table} {count:,}" for table, count in saknad_counts.items())
    )
    print()
    print("| variant | median ms | per row µs | ratio |")
    print("|---|---:|---:|---:|")
    ratio = med["saknad"] / med["baseline"]
    print(
        f"| saknad: parse + plan + write_marks + commit | {med['saknad']:.0f} | "
        f"{med['saknad'] * 1000 / rows:.0f} | **{ratio:.1f}x** |"
    )
    for part in ("parse", "apply"):
        print(f"| &nbsp;&nbsp;{part} | {med[part]:.0f} | {med[part] * 1000 / rows:.0f} | |")
    print(
        f"| baseline: executemany into plain sqlite3 | {med['baseline']:.0f} | "
        f"{med['baseline'] * 1000 / rows:.0f} | 1.0x |"
    )
    for part in ("rows + JSON", "executemany + commit"):
        print(f"| &nbsp;&nbsp;{part} | {med[part]:.0f} | | |")


if __name__ == "__main__":
    main()
