"""Cold start in a real terminal: launch until the unlock screen's text shows in a tmux pane.

Run: .venv/bin/python tests/bench/bench_startup_terminal.py [--runs 15]

What a counsellor sees, measured as they would see it: `saknad` is started in a fresh tmux
pane (110x32), and the pane is read every few milliseconds until the unlock screen's last line
of text is on it. The baseline is a bare Textual app with a header, three labels and a footer,
started and read the same way. The two alternate, so both see the same machine state; the table
gives medians and their ratio. Target: <= 1.2x. Needs tmux.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SESSION = "saknad-bench-startup"

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Label
class Bare(App):
    def compose(self):
        yield Header()
        yield Label("Saknad")
        yield Label("The journal is locked.")
        yield Label("bare app ready")
        yield Footer()
Bare().run()
"""


def _pane_text() -> str:
    done = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True
    )
    return done.stdout


def _time(command: str, marker: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from starting `command` in a new tmux pane until `marker` is on the pane."""
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            "110",
            "-y",
            "32",
            "-e",
            f"SAKNAD_HOME={env['SAKNAD_HOME']}",
            "-e",
            "SAKNAD_LANG=en",
            command,
        ],
        check=True,
    )
    try:
        while marker not in _pane_text():
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{marker!r} did not show within {timeout} s")
            time.sleep(0.003)
        return time.perf_counter() - start
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = shlex.quote(sys.executable)
    saknad = shlex.quote(str(Path(sys.executable).with_name("saknad")))

    with tempfile.TemporaryDirectory() as home:
        from storage.access import create_journal
        from storage.paths import JournalPaths

        create_journal(JournalPaths(Path(home)), "benchmark passphrase").journal.close()
        env = dict(os.environ, SAKNAD_HOME=home)
        runs = {
            "saknad": (saknad, "Ctrl+R"),
            "bare": (f"{python} -c {shlex.quote(BARE)}", "bare app ready"),
        }
        for command, marker in runs.values():  # warm the OS file cache for both
            _time(command, marker, env)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for index in range(args.runs):
            order = list(runs) if index % 2 == 0 else list(reversed(runs))
            for name in order:
                times[name].append(_time(*runs[name], env))

    s, b = statistics.median(times["saknad"]), statistics.median(times["bare"])
    print(f"{'in a tmux pane, 110x32':40} {'median ms':>10} {'min ms':>8}")
    print(
        f"{'saknad to unlock screen text shown':40} {s * 1000:10.0f} "
        f"{min(times['saknad']) * 1000:8.0f}"
    )
    print(
        f"{'bare app (header, 3 labels, footer)':40} {b * 1000:10.0f} "
        f"{min(times['bare']) * 1000:8.0f}"
    )
    print(f"ratio {s / b:.2f}x (target <= 1.20x), {args.runs} runs each, alternating")


if __name__ == "__main__":
    main()
