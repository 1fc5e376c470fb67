""" "Find pupil" at 2,000 pupils, against the budget of one frame (16.7 ms at 60 Hz).

Run: .venv/bin/python tests/bench/bench_find.py [--runs 200]

Builds the large school (2,000 pupils, one year of marks) in a temporary encrypted journal and
times Journal.find_pupils as the palette calls it (limit 12), for the kinds of query a
counsellor types. Prints medians and 95th percentiles; the ratio is median / frame.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from large_school import build_large_school

from storage.access import create_journal
from storage.keys import Argon2Params
from storage.paths import JournalPaths

FRAME_MS = 1000 / 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        created = create_journal(
            JournalPaths(Path(tmp) / "j"), "benchmark passphrase", params=Argon2Params(1, 8192, 1)
        )
        journal = created.journal
        build_large_school(journal, years=1, today=date(2026, 3, 18))
        pupils = journal.pupils()
        sample = pupils[len(pupils) // 2]
        queries = {
            "first name prefix (2 letters)": sample.first_name[:2],
            "full name": f"{sample.first_name} {sample.last_name}",
            "class": sample.class_name or "7A",
            "last four digits": sample.identity_number[-4:],
            "whole identity number": sample.identity_number,
            "no match": "qqqq",
        }
        print(f"{len(pupils)} pupils; {args.runs} runs per query; frame = {FRAME_MS:.1f} ms")
        print("| query | median ms | p95 ms | median / frame |")
        print("|---|---:|---:|---:|")
        for label, query in queries.items():
            journal.find_pupils(query, 12)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                journal.find_pupils(query, 12)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            median, p95 = statistics.median(times), times[int(len(times) * 0.95)]
            print(f"| {label} | {median:.2f} | {p95:.2f} | {median / FRAME_MS:.2f}x |")
        journal.close()


if __name__ == "__main__":
    main()
