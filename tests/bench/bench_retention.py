"""Retention benchmark: deleting pupils' records under the document plan in the large school.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_retention.py                   # 2,000 pupils, 2 years
    .venv/bin/python tests/bench/bench_retention.py --years 1 --pupils 500 --leavers 20

It builds the large-school journal (tests/bench/large_school.py) in a temporary folder, marks
`--leavers` pupils as having left ten years ago, and times, on the opened journal:

- list: `records_due_for_review` (the review screen's read);
- delete: `delete_records_under_plan` of all leavers, everything it does: the rows, the
  audit events (one pass over the whole trail, reading each event's JSON), the FTS5
  optimize, VACUUM and the checkpoint that empties the log;
- vacuum: a bare VACUUM of the same journal afterwards, for scale (the deletion's floor).

Ratio printed: delete / vacuum. Only timings, counts and sizes are printed, never data.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queries import PASSPHRASE, TODAY, build


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--leavers", type=int, default=20)
    args = parser.parse_args()

    from storage.access import unlock_with_passphrase

    with tempfile.TemporaryDirectory() as folder:
        paths, _key, build_seconds = build(Path(folder), args.years, args.pupils)
        print(f"built {args.pupils} pupils, {args.years} years in {build_seconds:.1f} s")
        with unlock_with_passphrase(paths, PASSPHRASE) as journal:
            leavers = [p.id for p in journal.pupils()[: args.leavers]]
            for pupil_id in leavers:
                journal.mark_left(pupil_id, on=date(TODAY.year - 10, 6, 15), destination="")
            size = paths.database.stat().st_size

            started = time.perf_counter()
            listing = journal.records_due_for_review(TODAY)
            list_seconds = time.perf_counter() - started

            started = time.perf_counter()
            result = journal.delete_records_under_plan([p.pupil_id for p in listing.pupils])
            delete_seconds = time.perf_counter() - started

            raw = journal._engine.raw_connection()  # type: ignore[union-attr]
            try:
                started = time.perf_counter()
                raw.driver_connection.execute("VACUUM")
                vacuum_seconds = time.perf_counter() - started
            finally:
                raw.close()
        print(f"journal: {size / 1e6:.1f} MB before")
        print(f"list of {len(listing.pupils)} due for review: {list_seconds * 1000:.0f} ms")
        print(
            f"delete {result.pupils} pupils ({result.rows} rows, log emptied: "
            f"{result.traces_cleared}): {delete_seconds:.2f} s"
        )
        print(f"bare VACUUM afterwards: {vacuum_seconds:.2f} s")
        print(f"ratio delete / vacuum: {delete_seconds / vacuum_seconds:.1f}x")


if __name__ == "__main__":
    main()
