"""Importing a 2,000-pupil class list, against the csv module and a plain SQLite bulk insert.

Run: .venv/bin/python tests/bench/bench_import.py [--runs 7] [--pupils 2000]

The file is what a school system hands over: Windows-1252, `;`, Swedish headers, two
guardians per pupil (siblings share them), an address per pupil. Two variants, alternating
run by run so both see the same machine state; medians:

- saknad: storage.importing.parse_class_list + storage.import_plan.apply_import into a fresh
  encrypted journal (created with Argon2Params(1, 8192, 1) outside the timed part), committed.
  That is detection, header mapping, identity checks, the plan, five tables, one audit event
  per new row, in one transaction.
- baseline: csv.reader over the decoded text + one executemany into a plain stdlib sqlite3
  table with the file's columns, committed.

Also printed: Saknad's time split into parse / apply / commit. Target: saknad <= 3x baseline.
Only timings and counts are printed; the people are fictitious.
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from storage import audit  # noqa: E402
from storage.access import create_journal  # noqa: E402
from storage.identity import fictitious_personnummer  # noqa: E402
from storage.import_plan import apply_import  # noqa: E402
from storage.importing import parse_class_list  # noqa: E402
from storage.keys import Argon2Params  # noqa: E402
from storage.paths import JournalPaths  # noqa: E402

TODAY = date(2026, 3, 18)
HEADER = ["Förnamn", "Efternamn", "Personnummer", "Klass", "Vårdnadshavare 1 namn",
          "Vårdnadshavare 1 telefon", "Vårdnadshavare 1 e-post", "Vårdnadshavare 2 namn",
          "Vårdnadshavare 2 telefon", "Vårdnadshavare 2 e-post", "Adress", "Postnummer", "Ort"]
FIRST = ["Åsa", "Björn", "Märta", "Örjan", "Elin", "Yusuf", "Amira", "Noah", "Saga", "Liam"]
LAST = ["Öberg", "Ek", "Åkesson", "Lindqvist", "Hassan", "Nyström", "Jönsson", "Ali"]


def class_list(pupils: int) -> bytes:
    """A school's class list: pupils born 2010-2019, 80 classes, families of two children."""
    rows, n = [";".join(HEADER)], 0
    day = date(2010, 1, 1)
    while n < pupils:
        for serial in range(2):  # two test persons per birth date: plenty for 2,000
            if n >= pupils:
                break
            family = n // 2
            last = LAST[family % len(LAST)]
            rows.append(";".join([
                FIRST[n % len(FIRST)], last, fictitious_personnummer(day, serial),
                f"{1 + n % 9}{'ABCDEFGHJ'[n % 9]}", f"Förälder{family} {last}",
                f"070-{family:07d}", f"f{family}@example.se", f"Annan{family} {last}",
                f"073-{family:07d}", f"a{family}@example.se", f"Ängsvägen {n % 90 + 1}",
                f"{12300 + n % 90}", "Västerås"]))
            n += 1
        day = date.fromordinal(day.toordinal() + 1)
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def run_saknad(data: bytes, folder: Path) -> dict[str, float]:
    journal = create_journal(JournalPaths(folder), "bench passphrase here",
                             params=Argon2Params(1, 8192, 1)).journal
    try:
        school_id = journal.add_school("Benchskolan")
        engine = journal._engine
        start = time.perf_counter()
        parsed = parse_class_list(data, file_name="klass.csv", today=TODAY)
        parsed_at = time.perf_counter()
        with Session(engine, expire_on_commit=False) as session:
            session.info[audit.ACTOR_KEY] = "bench"
            result = apply_import(session, parsed, school_id, TODAY)
            applied_at = time.perf_counter()
            session.commit()
        end = time.perf_counter()
        assert result.created == len(parsed.pupils) and not parsed.errors
        return {"saknad": end - start, "parse": parsed_at - start,
                "apply": applied_at - parsed_at, "commit": end - applied_at}
    finally:
        journal.close()


def run_baseline(data: bytes, folder: Path) -> dict[str, float]:
    folder.mkdir(parents=True)
    connection = sqlite3.connect(folder / "plain.db")
    columns = ", ".join(f"c{i} TEXT" for i in range(len(HEADER)))
    connection.execute(f"CREATE TABLE class_list (id INTEGER PRIMARY KEY, {columns})")
    connection.commit()
    try:
        start = time.perf_counter()
        reader = csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";")
        next(reader)
        rows = list(reader)
        names = ", ".join(f"c{i}" for i in range(len(HEADER)))
        marks = ", ".join("?" for _h in HEADER)
        connection.executemany(f"INSERT INTO class_list ({names}) VALUES ({marks})", rows)
        connection.commit()
        return {"baseline": time.perf_counter() - start}
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pupils", type=int, default=2000)
    args = parser.parse_args()
    data = class_list(args.pupils)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="saknad-bench-import-") as tmp:
        for warm_up in range(1):
            run_saknad(data, Path(tmp) / f"warm{warm_up}")
            run_baseline(data, Path(tmp) / f"warmplain{warm_up}")
        for index in range(args.runs):
            order = [run_saknad, run_baseline] if index % 2 == 0 else [run_baseline,
                                                                       run_saknad]
            for variant in order:
                for name, value in variant(data, Path(tmp) / f"{variant.__name__}{index}"
                                           ).items():
                    times.setdefault(name, []).append(value)
    med = {name: statistics.median(values) * 1000 for name, values in times.items()}
    ratio = med["saknad"] / med["baseline"]
    print(f"{args.pupils} pupils, 2 guardians each (shared by siblings), "
          f"{len(data) // 1024} KiB Windows-1252 ';'; {args.runs} alternating runs after a "
          "warm-up; medians in ms")
    print()
    print("| variant | median ms |")
    print("|---|---:|")
    print(f"| saknad: parse + apply + commit (encrypted, audited) | {med['saknad']:.1f} |")
    print(f"| &nbsp;&nbsp;parse_class_list | {med['parse']:.1f} |")
    print(f"| &nbsp;&nbsp;apply_import | {med['apply']:.1f} |")
    print(f"| &nbsp;&nbsp;commit | {med['commit']:.1f} |")
    print(f"| baseline: csv + executemany into plain sqlite3 | {med['baseline']:.1f} |")
    print(f"| **ratio** | **{ratio:.1f}x** (target <= 3x: "
          f"{'ok' if ratio <= 3 else 'above'}) |")


if __name__ == "__main__":
    main()
