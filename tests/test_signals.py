"""SIGTERM and SIGHUP (a closed terminal) end Saknad cleanly (issue 9, points 6 and 17).

The real `saknad demo` runs in a pseudo-terminal: on the signal it closes the journal, leaves
the alternate screen (so no frame with pupils stays visible), exits, and removes the demo
folder. Demo folders a killed demo left behind go at the next `saknad demo`.
"""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_helpers import PROJECT

from tui.__main__ import DEMO_PID_FILE, STALE_DEMO_SECONDS, remove_stale_demo_folders

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


def _read_all(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        into.extend(chunk)


def _saknad_in_a_terminal(temp_dir: Path, home: Path, *args: str):
    controller, terminal = pty.openpty()
    env = dict(os.environ, TMPDIR=str(temp_dir), SAKNAD_HOME=str(home), SAKNAD_LANG="en")
    env.pop("SAKNAD_DEBUG", None)
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        cwd=PROJECT,
        start_new_session=True,
    )
    os.close(terminal)
    output = bytearray()
    reader = threading.Thread(target=_read_all, args=(controller, output), daemon=True)
    reader.start()
    return process, controller, output, reader


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_closes_the_demo_restores_the_terminal_and_removes_its_folder(tmp_path, number):
    temp_dir = tmp_path / "tmp"
    temp_dir.mkdir()
    process, controller, output, reader = _saknad_in_a_terminal(
        temp_dir, tmp_path / "home", "demo"
    )
    try:
        deadline = time.monotonic() + 60
        # The app is up once its home screen has painted the demo's schools.
        while b"Demo" not in output and b"demo" not in output:
            assert process.poll() is None, bytes(output)[-2000:]
            assert time.monotonic() < deadline, "the demo did not start"
            time.sleep(0.1)
        folders = list(temp_dir.glob("saknad-demo-*"))
        assert len(folders) == 1 and (folders[0] / "journal.db").exists()
        time.sleep(1.0)  # past on_mount, where the handlers are installed
        process.send_signal(number)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=5)
    os.close(controller)
    assert code == 0, bytes(output)[-2000:]
    assert LEAVE_ALTERNATE_SCREEN in output  # the last frame is gone from the terminal
    assert b"Traceback" not in output
    assert list(temp_dir.glob("saknad-demo-*")) == []


def _wait_for(process, output: bytearray, text: bytes, what: str) -> None:
    deadline = time.monotonic() + 60
    while text not in output:
        assert process.poll() is None, bytes(output)[-2000:]
        assert time.monotonic() < deadline, f"no {what}"
        time.sleep(0.1)


def test_sigterm_closes_an_unlocked_journal_in_the_app(tmp_path):
    from app_helpers import FAST_KDF

    from storage.access import create_journal
    from storage.paths import JournalPaths

    paths = JournalPaths(tmp_path / "home")
    created = create_journal(paths, "four calm words here", params=FAST_KDF)
    created.journal.set_profile("Kim Fiktiv", "Skolkurator")
    created.journal.close()
    process, controller, output, reader = _saknad_in_a_terminal(tmp_path, paths.folder)
    try:
        _wait_for(process, output, "lösenfras".encode(), "unlock screen")
        time.sleep(1.0)
        os.write(controller, b"four calm words here\r")
        _wait_for(process, output, b"Kim Fiktiv", "home screen")
        wal = Path(f"{paths.database}-wal")
        assert wal.exists()  # the journal is open
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=5)
    os.close(controller)
    assert code == 0, bytes(output)[-2000:]
    assert LEAVE_ALTERNATE_SCREEN in output
    assert not wal.exists()  # SQLite removes the log when the last connection closes


def test_stale_demo_folders_go_and_a_running_demos_stays(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    orphan = tmp_path / "saknad-demo-orphan"
    orphan.mkdir()
    (orphan / DEMO_PID_FILE).write_text(dead.stdout.strip())
    (orphan / "journal.db").write_bytes(b"x" * 2048)
    running = tmp_path / "saknad-demo-running"
    running.mkdir()
    (running / DEMO_PID_FILE).write_text(str(os.getppid()))
    old = tmp_path / "saknad-demo-old"
    old.mkdir()
    young = tmp_path / "saknad-demo-young"
    young.mkdir()
    other = tmp_path / "not-a-demo"
    other.mkdir()
    now = time.time()
    os.utime(old, (now - STALE_DEMO_SECONDS - 60, now - STALE_DEMO_SECONDS - 60))

    removed = remove_stale_demo_folders(tmp_path, now=now)

    assert sorted(removed) == ["saknad-demo-old", "saknad-demo-orphan"]
    assert not orphan.exists() and not old.exists()
    assert running.exists() and young.exists() and other.exists()


async def test_a_signal_keeps_typed_work_as_a_draft_and_closes_the_journal(tmp_path):
    from app_helpers import wait_for_screen
    from dialog_world import app_for, make_world, open_card, reopen, unlock
    from textual.widgets import TextArea

    from tui.dialogs.pupil_moves import NoteDialog

    world = make_world(tmp_path)
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        journal = app.journal
        await open_card(pilot, world.ids["bo"])
        await pilot.press("n")
        dialog = await wait_for_screen(pilot, NoteDialog)
        dialog.query_one("#text", TextArea).insert("Ring mormor")
        await pilot.pause()
        app._close_on_signal()  # what SIGTERM and SIGHUP call (installed in on_mount)
        await pilot.pause()
        assert app.journal is None and journal is not None and not journal.is_open
    assert app.return_code in (0, None)
    kept = reopen(world)
    try:
        draft = kept.draft()
        assert draft is not None and draft.fields == {
            "text": "Ring mormor",
            "kind": "note",
            "when": "",
        }
    finally:
        kept.close()
