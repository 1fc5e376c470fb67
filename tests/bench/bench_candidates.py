"""Missing-pupil candidates and whereabouts at the large school: encrypted vs plain SQLite.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_candidates.py                 # 2,000 pupils, 2 years
    .venv/bin/python tests/bench/bench_candidates.py --years 1 --pupils 500 --runs 7

It builds the large school (tests/bench/large_school.py) in a temporary folder, makes a plain
SQLite copy (sqlcipher_export), and measures in ONE run, interleaved (warm-up, then the
variants alternate in rotating order; medians):

- the SQL of storage.candidates, with the parameters the facade uses (the candidate window
  of CANDIDATE_DAYS; for whereabouts, WHEREABOUTS_DAYS for 20 pupils), on the encrypted
  file's raw sqlcipher3 connection, on the plain copy through the standard library's sqlite3
  and through sqlcipher3 without a key (the same SQLite build), all with the engine's cache
  pragmas: target encrypted <= 1.15x plain;
- the facade calls a screen makes: Journal.missing_candidates (the SQL plus the rules for
  every pupil) and Journal.pupil_whereabouts for 20 pupils.

The large school has no registers taken, notices, contacts or leave requests, so this script
adds them over the whole history (seed_whereabouts) before the plain copy is made.

Only timings, row counts and plans are printed, never data (which is fictitious anyway).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench_problematic import World, _plan, _run, sqlite3_version
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
WHEREABOUTS_PUPILS = 20


def sql_cases() -> list[tuple[str, str, list[dict]]]:
    """(label, SQL, parameter sets): each variant runs the SQL once per parameter set."""
    from storage import queries
    from storage.candidate_rules import CANDIDATE_DAYS
    from storage.candidates import WHEREABOUTS_DAYS
    from storage.codes import CaseKind

    start = TODAY - timedelta(days=CANDIDATE_DAYS)
    span = {"start": start.isoformat(), "end": TODAY.isoformat()}
    wide = {
        "start_wide": (start - timedelta(days=1)).isoformat(),
        "end_wide": (TODAY + timedelta(days=2)).isoformat(),
    }
    year_back = (TODAY - timedelta(days=WHEREABOUTS_DAYS)).isoformat()
    pupils = range(1, WHEREABOUTS_PUPILS + 1)
    return [
        ("CANDIDATE_PUPILS", queries.CANDIDATE_PUPILS, [{"today": TODAY.isoformat()}]),
        ("ABSENCE_DAY_MARKS (60 days)", queries.ABSENCE_DAY_MARKS, [span]),
        ("SEEN_MARK_DAYS (60 days)", queries.SEEN_MARK_DAYS, [span]),
        ("REGISTER_TAKEN_DAYS (60 days)", queries.REGISTER_TAKEN_DAYS, [span]),
        ("NOTICES_TOLD (60 days)", queries.NOTICES_TOLD, [span]),
        ("CONTACTS_REACHED (60 days)", queries.CONTACTS_REACHED, [wide]),
        ("LEAVE_PERIODS (60 days)", queries.LEAVE_PERIODS, [span]),
        ("OPEN_CASES_OF_KIND (missing)", queries.OPEN_CASES_OF_KIND, [{"kind": CaseKind.MISSING}]),
        (
            f"PUPIL_DAY_MARKS (400 days, {WHEREABOUTS_PUPILS} pupils)",
            queries.PUPIL_DAY_MARKS,
            [{"pupil_id": p, "start": year_back, "end": TODAY.isoformat()} for p in pupils],
        ),
        (
            f"LAST_REACHED_CONTACT ({WHEREABOUTS_PUPILS} pupils)",
            queries.LAST_REACHED_CONTACT,
            [{"pupil_id": p} for p in pupils],
        ),
    ]


def seed_whereabouts(database: Path, data_key: bytes) -> dict[str, int]:
    """Add what the large school lacks and the candidate SQL reads, over its whole history:
    every class's register taken on every weekday, a notice (half "told") for every
    whole-day invalid mark, ten contact attempts per open case (a third reached) and one
    leave request per 10 pupils (a third refused). Returns the rows per table."""
    connection = _raw_encrypted(database, data_key)
    try:
        connection.execute("BEGIN")
        first = connection.execute("SELECT min(on_date) FROM absence_mark").fetchone()[0]
        day, days = date.fromisoformat(str(first)[:10]), []
        while day <= TODAY:
            if day.weekday() < 5:
                days.append(day.isoformat())
            day += timedelta(days=1)
        classes = [r[0] for r in connection.execute("SELECT id FROM school_group")]
        connection.executemany(
            "INSERT INTO register_taken (group_id, on_date, lesson, taken_at, taken_by) "
            "VALUES (?, ?, NULL, ? || ' 08:10:00.000000', 'bench')",
            [(g, on, on) for g in classes for on in days],
        )
        connection.execute(
            "INSERT INTO absence_notice (pupil_id, on_date, outcome, channel, reason, at, "
            "recorded_by) SELECT pupil_id, on_date, CASE WHEN id % 2 THEN 'told' ELSE "
            "'not_reached' END, 'phone', '', on_date || ' 09:00:00.000000', 'bench' "
            "FROM absence_mark WHERE code = 'invalid' AND lesson IS NULL"
        )
        cases = connection.execute("SELECT id, pupil_id, day0 FROM pupil_case").fetchall()
        contacts = []
        for case_id, pupil_id, day0 in cases:
            start = date.fromisoformat(str(day0)[:10])
            for n in range(10):
                at = f"{(start + timedelta(days=n)).isoformat()} 10:{n:02d}:00.000000"
                outcome = "reached" if n % 3 == 0 else "no_answer"
                contacts.append((pupil_id, case_id, at, outcome))
        connection.executemany(
            "INSERT INTO contact_attempt (pupil_id, case_id, at, channel, counterpart_kind, "
            "counterpart, number_or_address, outcome, note, recorded_by) "
            "VALUES (?, ?, ?, 'phone', 'guardian', '', '', ?, '', 'bench')",
            contacts,
        )
        pupils = [r[0] for r in connection.execute("SELECT id FROM pupil WHERE id % 10 = 0")]
        leave = []
        for n, pupil_id in enumerate(pupils):
            starts = date.fromisoformat(days[(n * 37) % len(days)])
            status = "refused" if n % 3 == 0 else "granted"
            leave.append(
                (pupil_id, starts.isoformat(), (starts + timedelta(days=4)).isoformat(), status)
            )
        connection.executemany(
            "INSERT INTO leave_request (pupil_id, starts_on, ends_on, status, destination, "
            "reason, decided_by) VALUES (?, ?, ?, ?, '', '', 'bench')",
            leave,
        )
        connection.execute("COMMIT")
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("register_taken", "absence_notice", "contact_attempt", "leave_request")
        }
    finally:
        connection.close()


class CandidateWorld(World):
    """The large school with whereabouts data (seed_whereabouts), encrypted and plain."""

    def __init__(self, folder: Path, years: int, pupils: int):
        from storage.access import unlock_with_passphrase

        self.years = years
        self.paths, data_key, self.build_seconds = build(folder, years, pupils)
        self.seeded = seed_whereabouts(self.paths.database, data_key)
        self.plain = folder / "plain.db"
        self.export_seconds = export_plain(self.paths.database, data_key, self.plain)
        self.encrypted = _raw_encrypted(self.paths.database, data_key)
        self.encrypted.execute("PRAGMA cache_size = -65536")
        self.encrypted.execute("PRAGMA temp_store = MEMORY")
        self.plain_connection = _plain_sqlite3(self.plain)
        self.no_key = _plain_sqlcipher(self.plain)
        self.journal = unlock_with_passphrase(self.paths, PASSPHRASE)
        count = "SELECT count(*) FROM absence_mark"
        self.marks = self.plain_connection.execute(count).fetchone()[0]


def report(years: int, pupils: int, runs: int) -> None:
    import sqlcipher3

    print(f"\n== {pupils} pupils, {years} years of history, today {TODAY} ==")
    with tempfile.TemporaryDirectory(prefix="saknad-bench-") as folder:
        world = CandidateWorld(Path(folder) / "base", years, pupils)
        try:
            print(
                f"absence_mark rows {world.marks:,}; build {world.build_seconds:.1f} s; "
                f"plain copy {world.export_seconds:.1f} s; added "
                + ", ".join(f"{table} {rows:,}" for table, rows in world.seeded.items())
            )
            print(
                f"SQLite: stdlib {sqlite3_version()}, sqlcipher3 {sqlcipher3.sqlite_version}; "
                f"{runs} interleaved runs after 2 warm-ups, medians in ms; "
                f"{os.cpu_count()} cores"
            )
            cases = sql_cases()
            print("\nQuery plans (encrypted; the plain copy's are the same SQL)")
            for label, sql, parameter_sets in cases:
                plan = "; ".join(_plan(world.encrypted, sql, parameter_sets[0]))
                print(f"- {label}: {plan}")
            variants = {}
            for label, sql, parameter_sets in cases:
                for side, connection in (
                    ("enc", world.encrypted),
                    ("plain", world.plain_connection),
                    ("no-key", world.no_key),
                ):
                    variants[(label, side)] = lambda c=connection, s=sql, p=parameter_sets: _run(
                        c, s, p
                    )
            variants[("Journal.missing_candidates", "facade")] = lambda j=world.journal: (
                j.missing_candidates(TODAY)
            )
            variants[(f"Journal.pupil_whereabouts x {WHEREABOUTS_PUPILS}", "facade")] = (
                lambda j=world.journal: [
                    j.pupil_whereabouts(p, TODAY) for p in range(1, WHEREABOUTS_PUPILS + 1)
                ]
            )
            rows = {label: _run(world.encrypted, sql, p) for label, sql, p in cases}
            listed = len(world.journal.missing_candidates(TODAY).pupils)
            times = interleaved(variants, runs=runs)

            print(
                "\n| query | rows | encrypted | plain/sqlite3 | ratio | plain/no-key | "
                "ratio vs no-key | target |\n|---|---:|---:|---:|---:|---:|---:|---|"
            )
            for label, _sql, _p in cases:
                enc, plain = times[(label, "enc")], times[(label, "plain")]
                no_key = times[(label, "no-key")]
                ratio = enc / plain
                verdict = "ok" if max(ratio, enc / no_key) <= ENCRYPTION_TARGET else "over"
                print(
                    f"| {label} | {rows[label]:,} | {_ms(enc)} | {_ms(plain)} | {ratio:.2f}x | "
                    f"{_ms(no_key)} | {enc / no_key:.2f}x | {verdict} (<= {ENCRYPTION_TARGET}x) |"
                )
            # What a list costs in all: the candidate SQL (every query but the per-pupil two)
            # and one pupil's whereabouts SQL (the per-pupil two, for 20 pupils).
            for name, chosen_cases in (
                ("all candidate-list SQL", cases[:-2]),
                (f"whereabouts SQL, {WHEREABOUTS_PUPILS} pupils", cases[-2:]),
            ):
                enc, plain, no_key = (
                    sum(times[(label, side)] for label, _sql, _p in chosen_cases)
                    for side in ("enc", "plain", "no-key")
                )
                ratio = enc / plain
                verdict = "ok" if max(ratio, enc / no_key) <= ENCRYPTION_TARGET else "over"
                print(
                    f"| **total: {name}** | | {_ms(enc)} | {_ms(plain)} | {ratio:.2f}x | "
                    f"{_ms(no_key)} | {enc / no_key:.2f}x | {verdict} (<= {ENCRYPTION_TARGET}x) |"
                )
            print("\n| facade call (encrypted) | ms |\n|---|---:|")
            print(
                f"| Journal.missing_candidates ({listed} pupils listed) | "
                f"{_ms(times[('Journal.missing_candidates', 'facade')])} |"
            )
            label = f"Journal.pupil_whereabouts x {WHEREABOUTS_PUPILS}"
            print(f"| {label} | {_ms(times[(label, 'facade')])} |")
            sys.stdout.flush()
        finally:
            world.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=2, help="years of history (2)")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9, help="measured runs per variant (>= 7)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report(args.years, args.pupils, args.runs)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
