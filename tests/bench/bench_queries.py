"""Query benchmark: the encrypted journal against a plain SQLite copy of the same data.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_queries.py            # 2 years, ~1M marks
    .venv/bin/python tests/bench/bench_queries.py --tenx     # and again at 20 years, ~10M
    .venv/bin/python tests/bench/bench_queries.py --years 1 --runs 7

It builds the large-school journal (tests/bench/large_school.py) in a temporary folder,
makes a plain copy with SQLCipher's own `sqlcipher_export`, and measures side by side in one
run, interleaved (warm-up, then the variants alternate in rotating order; medians):

- opening: storage.engine.open_engine + a first query, against stdlib sqlite3.connect + the
  same query (and the bare sqlcipher3 driver with the raw key, to show the engine's share);
- every query of storage.queries, with the same SQL and parameters, on
  - enc/engine: the app's path, a SQLAlchemy connection from open_engine (what a facade call
    pays, checkout and BEGIN included),
  - enc/driver: the same encrypted connection's raw sqlcipher3 cursor (the cipher's own cost),
  - plain/sqlite3: the plain copy through the standard library, with the engine's
    `cache_size` and `temp_store` pragmas,
  - plain/sqlcipher3: the plain copy through sqlcipher3 without a key: the same SQLite build
    as the encrypted side, so the ratio driver / this isolates encryption alone.

The target is encrypted <= 1.15x plain. Only timings and row counts are printed, never data.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 3, 18)  # a Wednesday in the spring term: fixed, so runs compare
PASSPHRASE = "benchmark passphrase, not secret"
TARGET = 1.15


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}" if seconds < 0.1 else f"{seconds * 1000:.1f}"


def build(folder: Path, years: int, pupils: int):
    """Create and fill the encrypted journal; return (paths, raw data key, seconds)."""
    from large_school import build_large_school

    from storage.access import create_journal
    from storage.keys import Argon2Params, KeySlots
    from storage.paths import JournalPaths

    paths = JournalPaths(folder / "journal")
    fast = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)
    journal = create_journal(paths, PASSPHRASE, params=fast).journal
    started = time.perf_counter()
    build_large_school(journal, years=years, today=TODAY, pupils=pupils)
    seconds = time.perf_counter() - started
    journal.close()  # the last connection checkpoints the WAL into the file
    data_key = KeySlots.load(paths.key_file).open_passphrase(PASSPHRASE)
    assert data_key is not None
    return paths, data_key, seconds


def _raw_encrypted(database: Path, data_key: bytes):
    import sqlcipher3.dbapi2 as sqlcipher

    connection = sqlcipher.connect(str(database))
    connection.isolation_level = None
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    return connection


def export_plain(database: Path, data_key: bytes, plain: Path) -> float:
    """Write a plain SQLite copy of the encrypted journal with sqlcipher_export."""
    started = time.perf_counter()
    connection = _raw_encrypted(database, data_key)
    try:
        connection.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        connection.execute("SELECT sqlcipher_export('plaintext')").fetchall()
        connection.execute("DETACH DATABASE plaintext")
    finally:
        connection.close()
    return time.perf_counter() - started


def _plain_sqlite3(plain: Path) -> sqlite3.Connection:
    from storage.engine import PAGE_CACHE_KIB

    connection = sqlite3.connect(str(plain), isolation_level=None)
    connection.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    connection.execute("PRAGMA temp_store = MEMORY")
    return connection


def _plain_sqlcipher(plain: Path):
    import sqlcipher3.dbapi2 as sqlcipher

    from storage.engine import PAGE_CACHE_KIB

    connection = sqlcipher.connect(str(plain))
    connection.isolation_level = None
    connection.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    connection.execute("PRAGMA temp_store = MEMORY")
    return connection


def _plain_engine(plain: Path):
    """A SQLAlchemy engine on the plain copy, set up like storage.engine.open_engine minus the
    cipher: the same pool, autocommit driver with an explicit BEGIN, and the same pragmas."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    from storage.engine import PAGE_CACHE_KIB

    engine = create_engine(
        f"sqlite:///{plain}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        connect_args={"check_same_thread": False},
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _tune(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in (
            f"PRAGMA cache_size = -{PAGE_CACHE_KIB}",
            "PRAGMA foreign_keys = ON",
            "PRAGMA temp_store = MEMORY",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def interleaved(variants: dict, *, runs: int, warmups: int = 2) -> dict[str, float]:
    """Median seconds per variant; each round runs all variants, starting one further on."""
    names = list(variants)
    for _ in range(warmups):
        for name in names:
            variants[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(runs):
        for offset in range(len(names)):
            name = names[(round_ + offset) % len(names)]
            started = time.perf_counter()
            variants[name]()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


FIRST_QUERY = "SELECT count(*) FROM pupil"


def measure_open(paths, data_key: bytes, plain: Path, runs: int) -> dict[str, float]:
    from storage.engine import open_engine

    def engine_open():
        engine = open_engine(paths.database, data_key)
        with engine.connect() as connection:
            connection.exec_driver_sql(FIRST_QUERY).scalar_one()
        engine.dispose()

    def driver_open():
        connection = _raw_encrypted(paths.database, data_key)
        connection.execute(FIRST_QUERY).fetchone()
        connection.close()

    def plain_open():
        connection = _plain_sqlite3(plain)
        connection.execute(FIRST_QUERY).fetchone()
        connection.close()

    def plain_engine_open():
        engine = _plain_engine(plain)
        with engine.connect() as connection:
            connection.exec_driver_sql(FIRST_QUERY).scalar_one()
        engine.dispose()

    return interleaved(
        {
            "enc/engine": engine_open,
            "plain/engine": plain_engine_open,
            "enc/driver": driver_open,
            "plain/sqlite3": plain_open,
        },
        runs=runs,
    )


def query_cases(plain_connection) -> list[tuple[str, str, dict]]:
    """(label, SQL, parameters) for each query of storage.queries, as the facade calls them."""
    from storage import queries
    from storage.school_calendar import Period, SchoolCalendar, school_year_of

    periods = plain_connection.execute(
        "SELECT kind, starts_on, ends_on FROM calendar_period"
    ).fetchall()
    calendar = SchoolCalendar(
        [Period(k, date.fromisoformat(s), date.fromisoformat(e)) for k, s, e in periods]
    )
    spring = calendar.term_of(TODAY)
    assert spring is not None
    year_start, _year_end = school_year_of(TODAY)
    last_five = calendar.school_days(TODAY - timedelta(days=14), TODAY)[-5:]
    year_ago = TODAY - timedelta(days=365)
    # Pupil 1 is in a class that marks every lesson (about six rows a day); pupil 2 in one
    # that marks exceptions only (see large_school._large_marks).
    return [
        ("ABSENT_ON_DAY (today)", queries.ABSENT_ON_DAY, {"day": TODAY.isoformat()}),
        (
            "ABSENCE_DAY_MARKS (spring term so far)",
            queries.ABSENCE_DAY_MARKS,
            {"start": spring.starts_on.isoformat(), "end": TODAY.isoformat()},
        ),
        (
            "INVALID_EVERY_DAY (last 5 days)",
            queries.INVALID_EVERY_DAY,
            {"start": last_five[0].isoformat(), "end": last_five[-1].isoformat(), "days": 5},
        ),
        (
            "OPEN_CASES_WITH_DUE_STEPS",
            queries.OPEN_CASES_WITH_DUE_STEPS,
            {"today": TODAY.isoformat()},
        ),
        (
            "PUPIL_MARKS (1 year, per-lesson)",
            queries.PUPIL_MARKS,
            {"pupil_id": 1, "start": year_ago.isoformat(), "end": TODAY.isoformat()},
        ),
        (
            "PUPIL_MARKS (1 year, exceptions)",
            queries.PUPIL_MARKS,
            {"pupil_id": 2, "start": year_ago.isoformat(), "end": TODAY.isoformat()},
        ),
        (
            "PUPIL_DAY_MARKS (school year, per-lesson)",
            queries.PUPIL_DAY_MARKS,
            {"pupil_id": 1, "start": year_start.isoformat(), "end": TODAY.isoformat()},
        ),
    ]


def measure_queries(paths, data_key: bytes, plain: Path, runs: int) -> list[tuple]:
    """Warm: long-lived connections, as the app's pool keeps them after the first query."""
    from sqlalchemy import text

    from storage.engine import open_engine

    engine = open_engine(paths.database, data_key)
    plain_engine = _plain_engine(plain)
    driver = engine.raw_connection()  # keyed and tuned by open_engine's connect event
    std = _plain_sqlite3(plain)
    nokey = _plain_sqlcipher(plain)
    results = []
    try:
        for label, sql, params in query_cases(std):
            statement = text(sql)
            counts = set()

            def via(an_engine):
                def run():
                    with an_engine.connect() as connection:
                        counts.add(len(connection.execute(statement, params).all()))

                return run

            def via_driver():
                cursor = driver.cursor()
                counts.add(len(cursor.execute(sql, params).fetchall()))
                cursor.close()

            def via_sqlite3():
                counts.add(len(std.execute(sql, params).fetchall()))

            def via_nokey():
                counts.add(len(nokey.execute(sql, params).fetchall()))

            medians = interleaved(
                {
                    "enc/engine": via(engine),
                    "plain/engine": via(plain_engine),
                    "enc/driver": via_driver,
                    "plain/sqlite3": via_sqlite3,
                    "plain/sqlcipher3": via_nokey,
                },
                runs=runs,
            )
            assert len(counts) == 1, f"{label}: the copies disagree"
            results.append((label, counts.pop(), medians))
    finally:
        driver.close()
        engine.dispose()
        plain_engine.dispose()
        std.close()
        nokey.close()
    return results


def measure_cold(paths, data_key: bytes, plain: Path, runs: int) -> list[tuple]:
    """Cold: a fresh connection per run, so every page is read (and decrypted) again.

    The file stays in the OS cache, so this is SQLCipher's per-page decrypt and HMAC check
    against plain page reads: the first query after unlocking, not a cold disk.
    """
    from storage.engine import PAGE_CACHE_KIB

    std = _plain_sqlite3(plain)
    cases = query_cases(std)
    std.close()
    results = []
    for label, sql, params in cases:

        def enc():
            connection = _raw_encrypted(paths.database, data_key)
            connection.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
            connection.execute("PRAGMA temp_store = MEMORY")
            connection.execute(sql, params).fetchall()
            connection.close()

        def std_plain():
            connection = _plain_sqlite3(plain)
            connection.execute(sql, params).fetchall()
            connection.close()

        def nokey_plain():
            connection = _plain_sqlcipher(plain)
            connection.execute(sql, params).fetchall()
            connection.close()

        results.append(
            (
                label,
                interleaved(
                    {
                        "enc/driver": enc,
                        "plain/sqlite3": std_plain,
                        "plain/sqlcipher3": nokey_plain,
                    },
                    runs=runs,
                ),
            )
        )
    return results


def report(years: int, pupils: int, runs: int) -> None:
    import sqlcipher3

    print(f"\n== {pupils} pupils, {years} years of history, today {TODAY} ==")
    with tempfile.TemporaryDirectory(prefix="saknad-bench-") as folder:
        paths, data_key, build_seconds = build(Path(folder), years, pupils)
        plain = Path(folder) / "plain.db"
        export_seconds = export_plain(paths.database, data_key, plain)
        std = _plain_sqlite3(plain)
        marks = std.execute("SELECT count(*) FROM absence_mark").fetchone()[0]
        std.close()
        print(
            f"absence_mark rows: {marks:,}; build {build_seconds:.1f} s; plain copy "
            f"{export_seconds:.1f} s; files: encrypted "
            f"{paths.database.stat().st_size / 1e6:.0f} MB, plain "
            f"{plain.stat().st_size / 1e6:.0f} MB"
        )
        print(
            f"SQLite: stdlib {sqlite3.sqlite_version}, sqlcipher3 {sqlcipher3.sqlite_version}; "
            f"{runs} interleaved runs after 2 warm-ups, medians in ms; "
            f"{os.cpu_count()} cores"
        )

        opened = measure_open(paths, data_key, plain, runs=max(runs, 15))
        print("\nOpen + first query (medians, ms)")
        print("| | enc/engine | plain/engine | ratio | enc/driver | plain/sqlite3 | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        print(
            f"| open | {_ms(opened['enc/engine'])} | {_ms(opened['plain/engine'])} | "
            f"{opened['enc/engine'] / opened['plain/engine']:.2f}x | "
            f"{_ms(opened['enc/driver'])} | {_ms(opened['plain/sqlite3'])} | "
            f"{opened['enc/driver'] / opened['plain/sqlite3']:.2f}x |"
        )

        results = measure_queries(paths, data_key, plain, runs)
        print(
            "\nWarm queries (long-lived connections; medians, ms). Ratio = encrypted / plain "
            "with the same SQL through the same layer; no-key = the plain copy through "
            "sqlcipher3, the same SQLite build as the encrypted side."
        )
        print(
            "| query | rows | enc/driver | plain/sqlite3 | ratio | plain/no-key | "
            "ratio vs no-key | enc/engine | plain/engine | ratio | target |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for label, rows, t in results:
            ratios = (
                t["enc/driver"] / t["plain/sqlite3"],
                t["enc/driver"] / t["plain/sqlcipher3"],
                t["enc/engine"] / t["plain/engine"],
            )
            verdict = "ok" if max(ratios[0], ratios[2]) <= TARGET else "over"
            print(
                f"| {label} | {rows} | {_ms(t['enc/driver'])} | {_ms(t['plain/sqlite3'])} | "
                f"{ratios[0]:.2f}x | {_ms(t['plain/sqlcipher3'])} | {ratios[1]:.2f}x | "
                f"{_ms(t['enc/engine'])} | {_ms(t['plain/engine'])} | {ratios[2]:.2f}x | "
                f"{verdict} (<= {TARGET}x) |"
            )

        cold = measure_cold(paths, data_key, plain, runs)
        print("\nCold queries (a fresh connection per run, file in the OS cache; medians, ms)")
        print("| query | enc/driver | plain/sqlite3 | ratio | plain/no-key | ratio vs no-key |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, t in cold:
            print(
                f"| {label} | {_ms(t['enc/driver'])} | {_ms(t['plain/sqlite3'])} | "
                f"{t['enc/driver'] / t['plain/sqlite3']:.2f}x | "
                f"{_ms(t['plain/sqlcipher3'])} | "
                f"{t['enc/driver'] / t['plain/sqlcipher3']:.2f}x |"
            )
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=2, help="years of history (default 2)")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9, help="measured runs per variant (>= 7)")
    parser.add_argument(
        "--tenx", action="store_true", help="then repeat at 10x history (years x 10)"
    )
    args = parser.parse_args(argv)
    report(args.years, args.pupils, args.runs)
    if args.tenx:
        report(args.years * 10, args.pupils, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
