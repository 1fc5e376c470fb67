"""Cold start of `saknad` to the unlock screen painted, against a bare Textual app.

Run: .venv/bin/python tests/bench/bench_startup.py [--runs 15]

Each sample is a fresh Python process that starts the app headless; the time is taken when
the app reports ready (its first screen painted). Saknad and the bare app (one Label) alternate,
so both see the same machine state; the table gives medians and their ratio. Target: <= 1.2x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SAKNAD = """
import sys
import time
from pathlib import Path
from tui.app_factory import make_app
from tui.settings import Settings
app = make_app(folder=Path(sys.argv[1]), settings=Settings(), try_remembered=True)
async def ready(pilot):
    from tui.screens.unlock import UnlockScreen
    assert isinstance(pilot.app.screen, UnlockScreen), pilot.app.screen
    print(time.time(), flush=True)
    pilot.app.exit()
app.run(headless=True, size=(80, 24), auto_pilot=ready)
"""

BARE = """
import time
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("Saknad")
async def ready(pilot):
    print(time.time(), flush=True)
    pilot.app.exit()
Bare().run(headless=True, size=(80, 24), auto_pilot=ready)
"""


def _time(code: str, *args: str) -> float:
    """Seconds from launching the process to its first screen painted (the app's "ready").

    Timed to "ready", not to process exit: Saknad starts importing the storage layer in a
    thread right after the first paint, and Python waits for that thread before it exits.
    """
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, cwd=ROOT, capture_output=True, text=True
    )
    return float(done.stdout.split()[-1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "journal"
        from storage.access import create_journal
        from storage.paths import JournalPaths

        create_journal(JournalPaths(folder), "benchmark passphrase").journal.close()
        _time(SAKNAD, str(folder))  # warm the OS file cache for both
        _time(BARE)
        saknad, bare = [], []
        for _ in range(args.runs):
            saknad.append(_time(SAKNAD, str(folder)))
            bare.append(_time(BARE))

    s, b = statistics.median(saknad), statistics.median(bare)
    print(f"{'':34} {'median ms':>10} {'min ms':>8}")
    print(f"{'saknad to unlock screen painted':34} {s * 1000:10.0f} {min(saknad) * 1000:8.0f}")
    print(f"{'bare Textual app, one label':34} {b * 1000:10.0f} {min(bare) * 1000:8.0f}")
    print(f"ratio {s / b:.2f}x (target <= 1.20x), {args.runs} runs each, alternating")


if __name__ == "__main__":
    main()
