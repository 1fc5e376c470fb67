"""Problematic absence and per-pupil summaries at the large school: encrypted vs plain, and
ten times the history.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_problematic.py                 # 2 and 20 years (~4 min)
    .venv/bin/python tests/bench/bench_problematic.py --years 1 --pupils 500 --runs 7

It builds the large school (tests/bench/large_school.py) twice in a temporary folder, with
`--years` and with ten times as many years of history (the same 2,000 pupils), makes a plain
SQLite copy of each (sqlcipher_export), and measures everything in ONE run, interleaved
(warm-up, then the variants alternate in rotating order; medians):

- the SQL of storage.problematic (storage.queries.ABSENCE_DAY_MARKS over the term so far and
  PUPIL_DAY_MARKS over the school year, for 20 pupils), on the encrypted file's raw sqlcipher3
  connection and on the plain copy through the standard library's sqlite3, both with the
  engine's cache pragmas: target encrypted <= 1.15x plain;
- the facade calls a screen makes (Journal.problematic_absence: the SQL plus the rules for
  2,000 pupils; Journal.attendance_summary for 20 pupils: the pupil card's section), and the
  SQL, at 10x the history: target <= 1.5x the time at the base history.

It prints each query's plan (EXPLAIN QUERY PLAN): both are bounded by their window through
an index, so older history costs only index depth. Only timings, row counts and plans are
printed, never data (which is fictitious anyway).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_queries import (
    PASSPHRASE,
    TODAY,
    _ms,
    _plain_sqlcipher,
    _plain_sqlite3,
    _raw_encrypted,
    build,
    export_plain,
    interleaved,
)

ENCRYPTION_TARGET = 1.15
HISTORY_TARGET = 1.5
SUMMARY_PUPILS = 20


def sql_cases(calendar) -> list[tuple[str, str, list[dict]]]:
    """(label, SQL, parameter sets): each variant runs the SQL once per parameter set."""
    from storage import queries
    from storage.attendance_summary import term_around
    from storage.school_calendar import school_year_of

    term_start, _end, _name = term_around(calendar, TODAY)
    # The recent window and 30 days never reach before the term here; as the facade does.
    start = min(term_start, TODAY - timedelta(days=29))
    year_start, _year_end = school_year_of(TODAY)
    pupils = range(1, SUMMARY_PUPILS + 1)
    return [
        (
            "ABSENCE_DAY_MARKS (term so far, all pupils)",
            queries.ABSENCE_DAY_MARKS,
            [{"start": start.isoformat(), "end": TODAY.isoformat()}],
        ),
        (
            f"PUPIL_DAY_MARKS (school year, {SUMMARY_PUPILS} pupils)",
            queries.PUPIL_DAY_MARKS,
            [
                {"pupil_id": p, "start": year_start.isoformat(), "end": TODAY.isoformat()}
                for p in pupils
            ],
        ),
    ]


def _run(connection, sql: str, parameter_sets: list[dict]) -> int:
    rows = 0
    for parameters in parameter_sets:
        rows += len(connection.execute(sql, parameters).fetchall())
    return rows


def _plan(connection, sql: str, parameters: dict) -> list[str]:
    return [row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)]


class World:
    """One built school: its encrypted journal, a plain copy, and open connections."""

    def __init__(self, folder: Path, years: int, pupils: int):
        from storage.access import unlock_with_passphrase
        from storage.register import calendar

        self.years = years
        self.paths, data_key, self.build_seconds = build(folder, years, pupils)
        self.plain = folder / "plain.db"
        self.export_seconds = export_plain(self.paths.database, data_key, self.plain)
        self.encrypted = _raw_encrypted(self.paths.database, data_key)
        self.encrypted.execute("PRAGMA cache_size = -65536")
        self.encrypted.execute("PRAGMA temp_store = MEMORY")
        self.plain_connection = _plain_sqlite3(self.plain)
        self.no_key = _plain_sqlcipher(self.plain)
        self.journal = unlock_with_passphrase(self.paths, PASSPHRASE)
        self.marks = self.plain_connection.execute("SELECT count(*) FROM absence_mark").fetchone()[
            0
        ]
        with self.journal.bulk() as session:
            self.calendar = calendar(session, 1)

    def close(self) -> None:
        self.encrypted.close()
        self.plain_connection.close()
        self.no_key.close()
        self.journal.close()


def report(years: int, pupils: int, runs: int) -> None:
    import sqlcipher3

    print(f"\n== {pupils} pupils, {years} and {years * 10} years of history, today {TODAY} ==")
    with tempfile.TemporaryDirectory(prefix="saknad-bench-") as folder:
        base = World(Path(folder) / "base", years, pupils)
        tenx = World(Path(folder) / "tenx", years * 10, pupils)
        try:
            for world in (base, tenx):
                print(
                    f"{world.years} years: absence_mark rows {world.marks:,}; build "
                    f"{world.build_seconds:.1f} s; plain copy {world.export_seconds:.1f} s"
                )
            print(
                f"SQLite: stdlib {sqlite3_version()}, sqlcipher3 {sqlcipher3.sqlite_version}; "
                f"{runs} interleaved runs after 2 warm-ups, medians in ms; "
                f"{os.cpu_count()} cores"
            )
            cases = sql_cases(base.calendar)
            print("\nQuery plans (the same at both sizes)")
            for label, sql, parameter_sets in cases:
                for name, connection in (
                    ("sqlcipher3", base.encrypted),
                    ("stdlib sqlite3", base.plain_connection),
                ):
                    plan = "; ".join(_plan(connection, sql, parameter_sets[0]))
                    print(f"- {label}, {name}: {plan}")

            variants = {}
            for label, sql, parameter_sets in cases:
                for world in (base, tenx):
                    for side, connection in (
                        ("enc", world.encrypted),
                        ("plain", world.plain_connection),
                        ("no-key", world.no_key),
                    ):
                        variants[(label, world.years, side)] = (
                            lambda c=connection, s=sql, p=parameter_sets: _run(c, s, p)
                        )
            for world in (base, tenx):
                variants[("Journal.problematic_absence", world.years, "facade")] = (
                    lambda j=world.journal: j.problematic_absence(TODAY)
                )
                variants[
                    (f"Journal.attendance_summary x {SUMMARY_PUPILS}", world.years, "facade")
                ] = lambda j=world.journal: [
                    j.attendance_summary(p, TODAY) for p in range(1, SUMMARY_PUPILS + 1)
                ]
            rows = {
                key: (len(run().pupils) if key[0] == "Journal.problematic_absence" else None)
                for key, run in variants.items()
                if key[2] == "facade"
            }
            for label, sql, parameter_sets in cases:
                rows[(label, years, "enc")] = _run(base.encrypted, sql, parameter_sets)
                rows[(label, years * 10, "enc")] = _run(tenx.encrypted, sql, parameter_sets)
            times = interleaved(variants, runs=runs)

            print(
                "\nSQL: encrypted (sqlcipher3) vs the same SQL on a plain copy: through the "
                "stdlib sqlite3 (an older SQLite) and through sqlcipher3 without a key (the "
                "same SQLite build: the cost of encryption alone)"
            )
            print(
                "| query | history | rows | encrypted | plain/sqlite3 | ratio | plain/no-key | "
                "ratio vs no-key | target |\n|---|---:|---:|---:|---:|---:|---:|---:|---|"
            )
            for label, _sql, _p in cases:
                for world in (base, tenx):
                    enc = times[(label, world.years, "enc")]
                    plain = times[(label, world.years, "plain")]
                    no_key = times[(label, world.years, "no-key")]
                    ratio = enc / plain
                    print(
                        f"| {label} | {world.years} y | {rows[(label, world.years, 'enc')]:,} | "
                        f"{_ms(enc)} | {_ms(plain)} | {ratio:.2f}x | {_ms(no_key)} | "
                        f"{enc / no_key:.2f}x | "
                        f"{'ok' if max(ratio, enc / no_key) <= ENCRYPTION_TARGET else 'over'} "
                        f"(<= {ENCRYPTION_TARGET}x) |"
                    )

            print("\nTen times the history (encrypted): time at 10x / time at the base")
            print(
                f"| what | {years} y | {years * 10} y | ratio | target |\n|---|---:|---:|---:|---|"
            )
            history = [(label, "enc") for label, _sql, _p in cases] + [
                ("Journal.problematic_absence", "facade"),
                (f"Journal.attendance_summary x {SUMMARY_PUPILS}", "facade"),
            ]
            for label, side in history:
                small = times[(label, years, side)]
                large = times[(label, years * 10, side)]
                ratio = large / small
                extra = (
                    f" ({rows[(label, years, side)]} pupils listed)"
                    if label == "Journal.problematic_absence"
                    else ""
                )
                print(
                    f"| {label}{extra} | {_ms(small)} | {_ms(large)} | {ratio:.2f}x | "
                    f"{'ok' if ratio <= HISTORY_TARGET else 'over'} (<= {HISTORY_TARGET}x) |"
                )
            sys.stdout.flush()
        finally:
            base.close()
            tenx.close()


def sqlite3_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=2, help="base years of history (2)")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9, help="measured runs per variant (>= 7)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report(args.years, args.pupils, args.runs)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
