"""Crash safety: a writer killed with SIGKILL at random moments never loses a committed write.

A child process (tests/crash_writer.py) unlocks the journal and writes in a loop, printing the
id of each write after its commit returns. The parent kills it at random points, several
times, then reopens the journal: everything the child reported is there, every change still
has its audit row (same transaction), and SQLite's integrity checks pass.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from storage.access import create_journal, unlock_with_passphrase
from storage.engine import open_engine
from storage.identity import fictitious_personnummer
from storage.keys import KeySlots

pytestmark = pytest.mark.slow

WRITER = Path(__file__).with_name("crash_writer.py")
PROJECT = Path(__file__).resolve().parent.parent
ROUNDS = 8


def _wait_for_ready(process: subprocess.Popen, timeout: float = 30) -> None:
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=deadline - time.monotonic()):
                # Byte by byte, straight from the pipe: a buffered readline would read ahead
                # and hide the first reports from communicate(), which reads the pipe itself.
                line = b""
                while not line.endswith(b"\n"):
                    byte = os.read(process.stdout.fileno(), 1)
                    if not byte:
                        break
                    line += byte
                if line == b"ready\n":
                    return
                if line == b"":
                    break
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"the writer did not start: {err.decode(errors='replace')[-2000:]}")
    finally:
        selector.close()


def _start_writer(paths, pupil_id: int, round_: int, home: Path) -> subprocess.Popen:
    """Start a writer; it loads its modules and waits for "go" before opening the journal."""
    env = dict(
        os.environ,
        SAKNAD_HOME=str(home),
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
    )
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(paths.folder), PASSPHRASE, str(pupil_id), str(round_)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT,
        env=env,
    )


def _run_and_kill(process: subprocess.Popen, delay: float):
    try:
        process.stdin.write(b"go\n")
        process.stdin.flush()
        _wait_for_ready(process)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL, err.decode(errors="replace")[-2000:]
    reported = {"entry": [], "mark": []}
    for line in out.decode().splitlines(keepends=True):
        if not line.endswith("\n"):
            continue  # cut off mid-line by the kill: not a complete report
        kind, _, number = line.strip().partition(" ")
        reported[kind].append(int(number))
    return reported


def test_sigkill_never_loses_a_committed_write(journal_paths, fast_kdf, tmp_path):
    created = create_journal(journal_paths, PASSPHRASE, params=fast_kdf)
    with created.journal as journal:
        journal.set_profile("Karin Kurator")
        pupil_id = journal.add_pupil(
            fictitious_personnummer(date(2012, 5, 3), 1), "Alva", "Testsson"
        )

    rng = random.Random()
    # Hundreds of writes, each with its commit and every 40th with a checkpoint, fit in 0.6 s:
    # a kill anywhere in that range lands at a random point of the write cycle.
    delays = [0.0] + [rng.uniform(0.05, 0.6) for _ in range(ROUNDS - 1)]
    rng.shuffle(delays)
    reported = {"entry": [], "mark": []}
    home = tmp_path / "home"
    # Each round's writer is started while the previous one writes, so the kills follow each
    # other without waiting for Python to start; still one process, one kill, per round.
    waiting = _start_writer(journal_paths, pupil_id, 0, home)
    try:
        for round_, delay in enumerate(delays):
            writer = waiting
            waiting = (
                _start_writer(journal_paths, pupil_id, round_ + 1, home)
                if round_ + 1 < ROUNDS
                else None
            )
            this_round = _run_and_kill(writer, delay)
            for kind in reported:
                reported[kind] += this_round[kind]
    finally:
        if waiting is not None:
            waiting.kill()
            waiting.communicate()
    assert reported["entry"], "the writer never committed anything: the test proved nothing"

    # The journal opens normally after all those kills, and shows the writes.
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        assert journal.summary().pupils == 1
        assert journal.summary().absence_marks >= len(reported["mark"])
        trail = journal.audit_trail(limit=1_000_000)
    assert not any(p.exists() for p in journal_paths.sidecars())  # closed cleanly

    data_key = KeySlots.load(journal_paths.key_file).open_passphrase(PASSPHRASE)
    engine = open_engine(journal_paths.database, data_key)
    try:
        with engine.connect() as connection:
            sql = connection.exec_driver_sql
            assert sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            assert sql("PRAGMA foreign_key_check").all() == []
            entries = set(sql("SELECT id FROM journal_entry").scalars())
            marks = set(sql("SELECT id FROM absence_mark").scalars())
            audited = {
                table: set(
                    sql(
                        "SELECT row_id FROM audit_event WHERE action = 'insert' AND "
                        "table_name = ?",
                        (table,),
                    ).scalars()
                )
                for table in ("journal_entry", "absence_mark")
            }
    finally:
        engine.dispose()

    # Every reported commit survived.
    assert set(reported["entry"]) <= entries
    assert set(reported["mark"]) <= marks
    # Nothing was committed twice or invented: at most the one write per round whose commit
    # finished but whose line was not printed yet.
    assert len(entries - set(reported["entry"])) + len(marks - set(reported["mark"])) <= ROUNDS
    # The audit row went in the same transaction as the change, kill or no kill.
    assert audited["journal_entry"] == entries
    assert audited["absence_mark"] == marks
    assert len([row for row in trail if row.table_name == "journal_entry"]) == len(entries)
