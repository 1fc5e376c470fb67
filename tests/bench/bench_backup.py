"""Backup benchmark: `Journal.backup` of the large school against a plain copy of its file.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_backup.py                 # 2,000 pupils, 2 years
    .venv/bin/python tests/bench/bench_backup.py --years 1 --pupils 500 --runs 7

It builds the large-school journal (tests/bench/large_school.py) in a temporary folder, opens
it as the app does, and measures in one run, interleaved (a warm-up, then the variants in
rotating order; medians):

- backup: `Journal.backup(target)`, everything the command does: the online-backup copy in
  one read snapshot with the row counts, the copy's HMAC and integrity checks and counts, the
  tar with the key file, fsync, re-reading the file's checksums, and the export record;
- copy: `shutil.copyfile` of journal.db (what a counsellor might do by hand, unsafe while the
  app writes, and with no check);
- and, to show where the time goes: the online-backup copy alone (`connection.backup`), and
  `VACUUM INTO` from the same encrypted connection (which also keeps the key);
- handover: `Journal.hand_over`, the copy under a new key for a successor (storage.handover),
  which adds three argon2id derivations at the default cost to a backup's work.

The target is backup <= 2x copy. Only timings and sizes are printed, never data.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queries import PASSPHRASE, build

TARGET = 2.0


def _variants(journal, paths, out: Path):
    from storage import backup

    engine = journal._engine
    data_key = journal._key()
    counter = {"n": 0}

    def fresh(name: str) -> Path:
        counter["n"] += 1
        target = out / f"{name}-{counter['n']}"
        return target

    def run_backup() -> None:
        target = fresh("backup")
        journal.backup(target)
        target.unlink()

    def run_copy() -> None:
        target = fresh("copy")
        shutil.copyfile(paths.database, target)
        target.unlink()

    def run_online_copy() -> None:
        target = fresh("online")
        raw = engine.raw_connection()
        try:
            with closing(backup._connect(target, data_key)) as destination:
                raw.driver_connection.backup(destination)
        finally:
            raw.close()
        target.unlink()

    def run_vacuum_into() -> None:
        target = fresh("vacuum")
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute(f"VACUUM INTO '{target}'")
        finally:
            raw.close()
        target.unlink()

    def run_check() -> None:
        assert journal.check().ok

    def run_handover() -> None:
        # Everything `saknad handover` does after the unlock: the current passphrase checked,
        # a fresh data key, two new slots (argon2id at the default cost, opened again), the
        # copy re-encrypted under the new key, verified, packed and recorded.
        target = fresh("handover")
        journal.hand_over(
            target,
            successor="Bench Efterträdare",
            current_passphrase=PASSPHRASE,
            new_passphrase="the successor's bench passphrase",
        )
        target.unlink()

    return {
        "backup": run_backup,
        "copy": run_copy,
        "online copy": run_online_copy,
        "vacuum into": run_vacuum_into,
        "check": run_check,
        "handover": run_handover,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from storage.access import unlock_with_passphrase

    with tempfile.TemporaryDirectory(prefix="saknad-bench-backup-") as tmp:
        folder = Path(tmp)
        paths, _key, seconds = build(folder, args.years, args.pupils)
        size = paths.database.stat().st_size
        print(f"built {args.pupils} pupils, {args.years} years in {seconds:.1f} s; ", end="")
        print(f"journal.db {size / 1e6:.1f} MB")
        out = folder / "out"
        out.mkdir()
        with unlock_with_passphrase(paths, PASSPHRASE) as journal:
            variants = _variants(journal, paths, out)
            timings: dict[str, list[float]] = {name: [] for name in variants}
            names = list(variants)
            for name in names:  # warm-up: the file in the OS cache for every variant
                variants[name]()
            for run in range(args.runs):
                order = names[run % len(names) :] + names[: run % len(names)]
                for name in order:
                    started = time.perf_counter()
                    variants[name]()
                    timings[name].append(time.perf_counter() - started)
            result = journal.backup(out / "kept.saknad")
            print(f"backup file {result.size / 1e6:.1f} MB, {len(result.tables)} tables")
        copy = statistics.median(timings["copy"])
        print(f"{'variant':<14}{'median ms':>12}{'vs copy':>10}")
        for name in names:
            median = statistics.median(timings[name])
            print(f"{name:<14}{median * 1000:>12.1f}{median / copy:>9.2f}x")
        ratio = statistics.median(timings["backup"]) / copy
        verdict = "meets" if ratio <= TARGET else "misses"
        print(f"backup / copy = {ratio:.2f}x: {verdict} the target <= {TARGET}x")


if __name__ == "__main__":
    main()
