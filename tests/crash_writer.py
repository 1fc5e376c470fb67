"""A child process for tests/test_crash_safety.py: writes to a journal until it is killed.

Usage: python tests/crash_writer.py FOLDER PASSPHRASE PUPIL_ID ROUND

Waits for a line "go" on standard input (so the parent can start it early, while the previous
writer runs), then prints "ready" once the journal is open, then one line per committed write,
flushed right after the commit returns: "entry <id>" or "mark <id>". Every few writes it also
asks SQLite to checkpoint the write-ahead log, so a kill can land in the middle of a checkpoint
too.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path


def main() -> None:
    folder, passphrase, pupil_id, round_ = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    from storage.access import unlock_with_passphrase
    from storage.paths import JournalPaths

    # Started while the previous round's writer still runs: load the modules, then wait for
    # "go" before touching the journal.
    if sys.stdin.readline() != "go\n":
        return
    journal = unlock_with_passphrase(JournalPaths(Path(folder)), passphrase)
    rng = random.Random()
    print("ready", flush=True)
    count = 0
    while True:
        count += 1
        if count % 7 == 0:
            mark_id = journal.mark_absence(
                pupil_id,
                # A day of its own per round and write: each mark is a new slot (schema 6
                # keeps one mark per pupil-day; a second would update, not add).
                date(2024, 8, 19) + timedelta(days=count + 10_000 * int(round_)),
                "invalid" if count % 2 else "ill",
            )
            print(f"mark {mark_id}", flush=True)
        else:
            text = f"round {round_} entry {count} " + "Anteckning. " * rng.randrange(10, 700)
            entry_id = journal.add_entry(pupil_id, text)
            print(f"entry {entry_id}", flush=True)
        if count % 40 == 0:
            with journal._engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").all()


if __name__ == "__main__":
    main()
