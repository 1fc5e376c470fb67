"""Statistics for the action plan at the large school: how long the export takes.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_statistics.py                  # 2,000 pupils, 1 year
    .venv/bin/python tests/bench/bench_statistics.py --pupils 500 --runs 3

It builds the large school (tests/bench/large_school.py) in a temporary folder and times, as
medians: Journal.action_plan_statistics for the school year (two terms and the year: cases,
not back after each break by the candidate rule, the hours per class year) and for one term,
and the Markdown and CSV renderers. Only timings are printed, never data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_queries import PASSPHRASE, TODAY, build


def _median(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from storage.access import unlock_with_passphrase
    from storage.statistics_periods import school_year_around, term_around
    from tui.render import statistics_csv, statistics_markdown

    with tempfile.TemporaryDirectory() as folder:
        paths, _key, seconds = build(Path(folder), args.years, args.pupils)
        print(
            f"== {args.pupils} pupils, {args.years} year(s), today {TODAY}; built {seconds:.1f} s"
        )
        with unlock_with_passphrase(paths, PASSPHRASE) as journal:
            year, term = school_year_around(TODAY).label, term_around(TODAY).label
            journal.action_plan_statistics(year, TODAY)  # warm-up
            counted = journal.action_plan_statistics(year, TODAY)
            rows = [
                (
                    "statistics of the school year",
                    lambda: journal.action_plan_statistics(year, TODAY),
                ),
                ("statistics of the term", lambda: journal.action_plan_statistics(term, TODAY)),
                ("render Markdown", lambda: statistics_markdown.render(counted)),
                ("render CSV", lambda: statistics_csv.render(counted)),
            ]
            print(f"| call | median of {args.runs} (ms) |\n|---|---:|")
            for label, call in rows:
                print(f"| {label} | {_median(call, args.runs) * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
