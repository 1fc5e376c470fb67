"""Importing a 2,000-pupil class list, against the same rows written into plain SQLite.

Run: .venv/bin/python tests/bench/bench_import.py [--runs 7] [--pupils 2000] [--profile]

The file is what a school system hands over: Windows-1252, `;`, Swedish headers, two
guardians per pupil (siblings share them), an address per pupil. Two variants, alternating
run by run so both see the same machine state; medians:

- saknad: storage.importing.parse_class_list + Journal.apply_import (one transaction,
  committed) into a fresh encrypted journal, created with Argon2Params(1, 8192, 1) outside
  the timed part. That is detection, header mapping, 2,000 identity checks, the plan, and the
  rows of five tables with one audit event per new row.
- baseline: the same rows written the cheapest way there is: csv.reader over the decoded
  text, the rows built in plain Python (classes and guardians de-duplicated with dicts, one
  audit event per row with its JSON), then one stdlib `sqlite3` executemany per table into a
  plain (unencrypted) SQLite file with the journal's own schema (storage.schema.create, same
  indexes, CHECKs and foreign keys; the engine's pragmas), committed. No checks.

Both variants write the same number of rows into every table (checked before timing). Also
printed: each variant's time split into its parts. Target: saknad <= 3x baseline. `--profile`
prints cProfile's top functions of one more saknad run. Only timings and counts are printed;
the people are fictitious.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine  # noqa: E402

from storage import schema  # noqa: E402
from storage.access import create_journal  # noqa: E402
from storage.clock import now  # noqa: E402
from storage.engine import _pragmas_after_key  # noqa: E402
from storage.identity import fictitious_personnummer  # noqa: E402
from storage.importing import parse_class_list  # noqa: E402
from storage.keys import Argon2Params  # noqa: E402
from storage.paths import JournalPaths  # noqa: E402

TODAY = date(2026, 3, 18)
SCHOOL = "Benchskolan"
HEADER = [
    "Förnamn",
    "Efternamn",
    "Personnummer",
    "Klass",
    "Vårdnadshavare 1 namn",
    "Vårdnadshavare 1 telefon",
    "Vårdnadshavare 1 e-post",
    "Vårdnadshavare 2 namn",
    "Vårdnadshavare 2 telefon",
    "Vårdnadshavare 2 e-post",
    "Adress",
    "Postnummer",
    "Ort",
]
FIRST = ["Åsa", "Björn", "Märta", "Örjan", "Elin", "Yusuf", "Amira", "Noah", "Saga", "Liam"]
LAST = ["Öberg", "Ek", "Åkesson", "Lindqvist", "Hassan", "Nyström", "Jönsson", "Ali"]
# The tables an import writes, in the order the counts are printed.
TABLES = ("school_group", "pupil", "group_membership", "guardian", "pupil_guardian", "audit_event")


def class_list(pupils: int) -> bytes:
    """A school's class list: pupils born 2010-2019, 9 classes, families of two children."""
    rows, n = [";".join(HEADER)], 0
    day = date(2010, 1, 1)
    while n < pupils:
        for serial in range(2):  # two test persons per birth date: plenty for 2,000
            if n >= pupils:
                break
            family = n // 2
            last = LAST[family % len(LAST)]
            rows.append(
                ";".join(
                    [
                        FIRST[n % len(FIRST)],
                        last,
                        fictitious_personnummer(day, serial),
                        f"{1 + n % 9}{'ABCDEFGHJ'[n % 9]}",
                        f"Förälder{family} {last}",
                        f"070-{family:07d}",
                        f"f{family}@example.se",
                        f"Annan{family} {last}",
                        f"073-{family:07d}",
                        f"a{family}@example.se",
                        f"Ängsvägen {n % 90 + 1}",
                        f"{12300 + n % 90}",
                        "Västerås",
                    ]
                )
            )
            n += 1
        day = date.fromordinal(day.toordinal() + 1)
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def _counts(execute) -> dict[str, int]:
    return {table: execute(f"SELECT count(*) FROM {table}") for table in TABLES}


# -- saknad --------------------------------------------------------------------------------


def run_saknad(
    data: bytes,
    folder: Path,
    *,
    profile: cProfile.Profile | None = None,
    counts: dict | None = None,
) -> dict[str, float]:
    journal = create_journal(
        JournalPaths(folder), "bench passphrase here", params=Argon2Params(1, 8192, 1)
    ).journal
    try:
        school_id = journal.add_school(SCHOOL)
        before = _saknad_counts(journal)
        if profile is not None:
            profile.enable()
        start = time.perf_counter()
        parsed = parse_class_list(data, file_name="klass.csv", today=TODAY)
        parsed_at = time.perf_counter()
        result = journal.apply_import(parsed, school_id, today=TODAY)
        end = time.perf_counter()
        if profile is not None:
            profile.disable()
        assert result.created == len(parsed.pupils) and not parsed.errors
        if counts is not None:
            after = _saknad_counts(journal)
            counts.update({table: after[table] - before[table] for table in TABLES})
        return {
            "saknad": end - start,
            "parse": parsed_at - start,
            "apply + commit": end - parsed_at,
        }
    finally:
        journal.close()


def _saknad_counts(journal) -> dict[str, int]:
    with journal._engine.connect() as connection:
        return _counts(lambda sql: connection.exec_driver_sql(sql).scalar_one())


# -- baseline ------------------------------------------------------------------------------


def _baseline_rows(data: bytes) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """The rows the import writes, built without any checks: {table: (columns, rows)}."""
    at = now()
    stamp, at_json = at.strftime("%Y-%m-%d %H:%M:%S.%f"), at.isoformat()
    starts_on = TODAY.isoformat()
    events: list[tuple] = []

    def audited(table: str, columns: tuple[str, ...], values: tuple) -> tuple:
        """The row as stored, after writing its audit event (as storage.audit's JSON)."""
        # Stored timestamps are text; the trail has them in ISO 8601, as storage.audit writes.
        changes = {
            name: [None, at_json if value is stamp else value]
            for name, value in zip(columns, values, strict=True)
            if value is not None
        }
        events.append(
            (
                stamp,
                "",
                "insert",
                table,
                values[0],
                json.dumps(changes, ensure_ascii=False, sort_keys=True),
            )
        )
        return values

    group_columns = (
        "id",
        "school_id",
        "name",
        "group_type",
        "school_year",
        "starts_on",
        "ends_on",
        "external_id",
    )
    pupil_columns = (
        "id",
        "identity_number",
        "identity_kind",
        "first_name",
        "last_name",
        "birth_date",
        "security_marking",
        "street",
        "postal_code",
        "city",
        "person_status",
        "school_id",
        "enrolled_on",
        "left_on",
        "left_destination",
        "external_id",
        "created_at",
    )
    member_columns = ("id", "pupil_id", "group_id", "starts_on", "ends_on")
    guardian_columns = (
        "id",
        "first_name",
        "last_name",
        "identity_number",
        "phone",
        "phone_other",
        "email",
        "street",
        "postal_code",
        "city",
        "security_marking",
        "interpreter_needed",
        "language",
        "external_id",
        "created_at",
    )
    link_columns = ("id", "pupil_id", "guardian_id", "relation", "has_custody", "lives_with")
    groups: list[tuple] = []
    pupils: list[tuple] = []
    members: list[tuple] = []
    guardians: list[tuple] = []
    links: list[tuple] = []
    group_ids: dict[str, int] = {}
    guardian_ids: dict[tuple[str, str], int] = {}

    reader = csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";")
    next(reader)
    for (
        first,
        last,
        number,
        class_name,
        name1,
        phone1,
        email1,
        name2,
        phone2,
        email2,
        street,
        postal_code,
        city,
    ) in reader:
        group_id = group_ids.get(class_name)
        if group_id is None:
            group_id = group_ids[class_name] = len(group_ids) + 1
            groups.append(
                audited(
                    "school_group",
                    group_columns,
                    (group_id, 1, class_name, "class", None, None, None, None),
                )
            )
        pupil_id = len(pupils) + 1
        pupils.append(
            audited(
                "pupil",
                pupil_columns,
                (
                    pupil_id,
                    number,
                    "personnummer",
                    first,
                    last,
                    f"{number[:4]}-{number[4:6]}-{number[6:8]}",
                    "none",
                    street,
                    postal_code,
                    city,
                    "active",
                    1,
                    None,
                    None,
                    None,
                    None,
                    stamp,
                ),
            )
        )
        members.append(
            audited(
                "group_membership", member_columns, (pupil_id, pupil_id, group_id, starts_on, None)
            )
        )
        for name, phone, email in ((name1, phone1, email1), (name2, phone2, email2)):
            guardian_id = guardian_ids.get((name, phone))
            if guardian_id is None:  # siblings share their guardians
                guardian_id = guardian_ids[(name, phone)] = len(guardians) + 1
                given, _space, family = name.rpartition(" ")
                guardians.append(
                    audited(
                        "guardian",
                        guardian_columns,
                        (
                            guardian_id,
                            given,
                            family,
                            None,
                            phone,
                            "",
                            email,
                            None,
                            None,
                            None,
                            "none",
                            False,
                            "",
                            None,
                            stamp,
                        ),
                    )
                )
            links.append(
                audited(
                    "pupil_guardian",
                    link_columns,
                    (len(links) + 1, pupil_id, guardian_id, "guardian", True, True),
                )
            )
    events.append(
        (
            stamp,
            "",
            "class_list_imported",
            "",
            None,
            json.dumps(
                {
                    "created": len(pupils),
                    "encoding": "windows-1252",
                    "file_format": "csv",
                    "missing_from_file": 0,
                    "school_id": 1,
                    "unchanged": 0,
                    "updated": 0,
                },
                sort_keys=True,
            ),
        )
    )
    audit_columns = ("at", "actor", "action", "table_name", "row_id", "changes")
    return {
        "school_group": (group_columns, groups),
        "pupil": (pupil_columns, pupils),
        "group_membership": (member_columns, members),
        "guardian": (guardian_columns, guardians),
        "pupil_guardian": (link_columns, links),
        "audit_event": (audit_columns, events),
    }


def plain_journal(folder: Path) -> sqlite3.Connection:
    """A new plain sqlite3 file in `folder` with the journal's schema and pragmas, no cipher.

    The baseline of both import benches (bench_absence_import too) writes into it.
    """
    folder.mkdir(parents=True)
    plain = folder / "plain.db"
    engine = create_engine(f"sqlite:///{plain}")  # the journal's schema, without the cipher
    schema.create(engine)
    engine.dispose()
    connection = sqlite3.connect(plain, isolation_level=None)
    for pragma in _pragmas_after_key():
        connection.execute(pragma)
    return connection


def run_baseline(data: bytes, folder: Path, *, counts: dict | None = None) -> dict[str, float]:
    connection = plain_journal(folder)
    connection.execute(
        "INSERT INTO school (id, name, school_type, municipality, unit_code, "
        "served, phone, created_at) VALUES (1, ?, 'municipal', '', '', 1, '', "
        "'2026-03-18 07:00:00.000000')",
        (SCHOOL,),
    )
    try:
        start = time.perf_counter()
        tables = _baseline_rows(data)
        built_at = time.perf_counter()
        connection.execute("BEGIN")
        for table, (columns, rows) in tables.items():
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _c in columns)})",
                rows,
            )
        connection.execute("COMMIT")
        end = time.perf_counter()
        if counts is not None:
            counts.update(_counts(lambda sql: connection.execute(sql).fetchone()[0]))
        return {
            "baseline": end - start,
            "csv + rows + audit JSON": built_at - start,
            "executemany + commit": end - built_at,
        }
    finally:
        connection.close()


# -- the run -------------------------------------------------------------------------------


def alternating_medians(
    saknad: Callable[..., dict[str, float]],
    baseline: Callable[..., dict[str, float]],
    folder: Path,
    runs: int,
) -> tuple[dict[str, float], dict[str, int]]:
    """Time saknad against the baseline, each in a new folder below `folder`.

    A warm-up of each first checks that both write the same rows; then `runs` rounds, the
    order alternating so that neither always runs on a warmer machine. Shared with
    bench_absence_import.

    Args:
        saknad, baseline: called as f(folder, counts=None), returning {timing: seconds};
            with a dict for `counts`, they fill it with the rows written per table.

    Returns:
        ({timing: median in ms}, {table: rows written}).
    """
    saknad_counts: dict[str, int] = {}
    baseline_counts: dict[str, int] = {}
    saknad(folder / "warm", counts=saknad_counts)
    baseline(folder / "warmplain", counts=baseline_counts)
    assert saknad_counts == baseline_counts, (saknad_counts, baseline_counts)
    times: dict[str, list[float]] = {}
    for index in range(runs):
        order = [("saknad", saknad), ("baseline", baseline)]
        for name, variant in order if index % 2 == 0 else order[::-1]:
            for timing, value in variant(folder / f"{name}{index}").items():
                times.setdefault(timing, []).append(value)
    med = {timing: statistics.median(values) * 1000 for timing, values in times.items()}
    return med, saknad_counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print cProfile's top functions of one more saknad run",
    )
    args = parser.parse_args()
    data = class_list(args.pupils)
    with tempfile.TemporaryDirectory(prefix="saknad-bench-import-") as tmp:
        med, saknad_counts = alternating_medians(
            partial(run_saknad, data), partial(run_baseline, data), Path(tmp), args.runs
        )
        if args.profile:
            profile = cProfile.Profile()
            run_saknad(data, Path(tmp) / "profiled", profile=profile)
    ratio = med["saknad"] / med["baseline"]
    print(
        f"{args.pupils} pupils, 2 guardians each (shared by siblings), "
        f"{len(data) // 1024} KiB Windows-1252 ';'; {args.runs} alternating runs after a "
        "warm-up; medians in ms"
    )
    print(
        "Rows written by each variant: "
        + ", ".join(f"{table} {count:,}" for table, count in saknad_counts.items())
    )
    print()
    print("| variant | median ms | ratio |")
    print("|---|---:|---:|")
    print(
        f"| saknad: parse + apply + commit (encrypted, checked, audited) | "
        f"{med['saknad']:.1f} | **{ratio:.2f}x** |"
    )
    for part in ("parse", "apply + commit"):
        print(f"| &nbsp;&nbsp;{part} | {med[part]:.1f} | |")
    print(
        f"| baseline: the same rows, executemany into plain sqlite3 | "
        f"{med['baseline']:.1f} | 1.00x |"
    )
    for part in ("csv + rows + audit JSON", "executemany + commit"):
        print(f"| &nbsp;&nbsp;{part} | {med[part]:.1f} | |")
    print()
    print(f"ratio {ratio:.2f}x (target <= 3x: {'ok' if ratio <= 3 else 'above'})")
    if args.profile:
        print()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
