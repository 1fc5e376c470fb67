"""The register's speed: a key in a 35-pupil register, and opening a register at the large school.

Run: .venv/bin/python tests/bench/bench_register.py [--runs 9] [--part keys|open|both]
     [--years 2]

keys: a 35-pupil class in a fresh encrypted journal. Each round opens the app at 120x36,
puts the cursor on the first pupil and presses a mark key 34 times (mark, then the cursor
moves to the next pupil), each key timed on its own from the moment the terminal driver hands
it over to the end of the next painted frame (the screen's compositor refresh, which renders
the changed lines; headless, so nothing is written to a terminal). Pilot.press is not used
to time: it sleeps in steps of 20 ms until the process looks idle. The baseline is a bare
Textual app with a DataTable of the same 35 rows and 5 columns, pressing Down 34 times.
Rounds alternate between the two (a fresh app each round, its start-up not timed). Also
shown: the time from a mark key until its write is in the journal (the screen's one I/O
worker done), Down in the register itself (what the screen around the grid costs), and
Journal.write_marks for one mark alone.

open: the large school (tests/bench/large_school.py: 2,000 pupils, 80 classes, ~1M marks over
two years). In one app, the class list of a class and its register for a school day are opened
in turn, from push_screen to the rows shown (the screens' own "rows shown" step, so polling
adds nothing), for 10 classes per round; medians. Also the facade calls alone
(Journal.class_pupils vs Journal.class_register).

Ratios, medians; absolute times only as context. Nothing personal is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
# Frames as soon as something changed (Textual's default waits up to 1/60 s for the next
# frame); both variants alike, so a key is timed to its painted frame, not to the timer.
os.environ.setdefault("TEXTUAL_FPS", "1000")

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from storage.access import create_journal
from storage.identity import fictitious_personnummer
from storage.keys import Argon2Params
from storage.marks import MarkWrite
from storage.paths import JournalPaths
from tui.app_factory import make_app
from tui.settings import MemorySettingsStore, Settings

SIZE = (120, 36)
PUPILS = 35
KDF = Argon2Params(1, 8192, 1)
DAY = date(2026, 3, 18)  # a Wednesday in the spring term of the large school's calendar


def _app(folder: Path, journal, today: date):
    store = MemorySettingsStore(Settings(language="sv", idle_minutes=60))
    return make_app(folder=folder, settings_store=store, today=today, journal=journal)


class BareTable(App):
    """The baseline: a DataTable with 35 rows of 5 Text cells, the cursor on rows."""

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in ((" ", 1), ("Elev", 20), ("Status", 18), ("Lektioner", 9)):
            table.add_column(label, width=width)
        table.add_column("Anteckningar", width=40)
        for n in range(PUPILS):
            table.add_row(
                Text(" "), Text(f"Efternamn{n:02}, Elev"), Text("Ej markerad"), Text(""), Text("")
            )
        table.focus()


async def _wait(pilot, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the benchmark waited too long")
        await pilot.pause(0.001)


class Painted:
    """Counts the screen's compositor refreshes (a frame painted) and when each ended."""

    def __init__(self, screen) -> None:
        self.stamps: list[float] = []
        paint = screen._compositor_refresh

        def painted() -> None:
            paint()
            self.stamps.append(time.perf_counter())

        screen._compositor_refresh = painted

    async def key_to_frame(self, app, key: str, character: str | None) -> float:
        """Send one key as the terminal would; ms until the next frame is painted."""
        seen = len(self.stamps)
        start = time.perf_counter()
        app._driver.send_message(events.Key(key, character))
        while len(self.stamps) == seen:
            await asyncio.sleep(0)
        return (self.stamps[seen] - start) * 1000


async def _register_round(folder, journal, group_id: int, key: str) -> tuple[list, list]:
    from tui.screens.register import RegisterScreen
    from tui.widgets.register_grid import RegisterGrid

    app = _app(folder, journal, DAY)
    keys, written = [], []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RegisterScreen(group_id, "7B", DAY))
        await _wait(pilot, lambda: isinstance(app.screen, RegisterScreen))
        screen = app.screen
        await _wait(pilot, lambda: screen.register is not None and screen.is_idle)
        screen.query_one(RegisterGrid).move_cursor(row=0)
        await pilot.pause()
        painted = Painted(screen)
        for _ in range(PUPILS - 1):
            start = time.perf_counter()
            keys.append(await painted.key_to_frame(app, key, key if key != "down" else None))
            while not screen.is_idle:
                await asyncio.sleep(0.0002)
            written.append((time.perf_counter() - start) * 1000)
            await pilot.pause()
    return keys, written


async def _bare_round() -> list:
    app = BareTable()
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        painted = Painted(app.screen)
        for _ in range(PUPILS - 1):
            times.append(await painted.key_to_frame(app, "down", None))
            await pilot.pause()
    return times


def keys_part(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "j"
        journal = create_journal(JournalPaths(folder), "benchmark passphrase", params=KDF).journal
        journal.set_profile("Bänk Mätare")
        school = journal.add_school("Bänkskolan")
        group = journal.add_group(school, "7B")
        ids = [
            journal.add_pupil(
                fictitious_personnummer(date(2013, 1 + n // 28, 1 + n % 28), n % 10),
                "Elev",
                f"Efternamn{n:02}",
                school_id=school,
                group_id=group,
                today=date(2025, 8, 1),
            )
            for n in range(PUPILS)
        ]
        register_keys, register_written, bare, register_moves = [], [], [], []
        asyncio.run(_bare_round())  # warm-up: imports, the first app
        asyncio.run(_register_round(folder, journal, group, "s"))
        for run in range(runs):
            key = "o" if run % 2 else "s"  # every press changes the mark: a real write
            variants = ["bare", "register", "move"]
            for variant in variants[run % 3 :] + variants[: run % 3]:
                if variant == "bare":
                    bare += asyncio.run(_bare_round())
                elif variant == "move":
                    moved, _ = asyncio.run(_register_round(folder, journal, group, "down"))
                    register_moves += moved
                else:
                    pressed, written = asyncio.run(_register_round(folder, journal, group, key))
                    register_keys += pressed
                    register_written += written
        one_mark = []
        for n in range(200):
            write = MarkWrite(ids[n % PUPILS], DAY, "invalid" if n % 2 else "ill")
            start = time.perf_counter()
            journal.write_marks([write])
            one_mark.append((time.perf_counter() - start) * 1000)
        journal.close()

    median_register = statistics.median(register_keys)
    median_bare = statistics.median(bare)
    print(f"Per key, {PUPILS}-pupil register at {SIZE[0]}x{SIZE[1]}; {runs} alternating rounds")
    print(f"of {PUPILS - 1} keys each after a warm-up; medians in ms")
    print("| | median ms | p90 ms | ratio |")
    print("|---|---:|---:|---:|")
    p90 = lambda values: sorted(values)[int(len(values) * 0.9)]  # noqa: E731
    print(
        f"| register: mark key (mark + move), as handled | {median_register:.2f} |"
        f" {p90(register_keys):.2f} | **{median_register / median_bare:.2f}x** |"
    )
    print(f"| bare DataTable: Down | {median_bare:.2f} | {p90(bare):.2f} | 1.00x |")
    moves = statistics.median(register_moves)
    print(
        f"| register: Down (cursor only, same screen; context) | {moves:.2f} |"
        f" {p90(register_moves):.2f} | {moves / median_bare:.2f}x |"
    )
    print(
        f"| register: mark key until written in the journal | "
        f"{statistics.median(register_written):.2f} | {p90(register_written):.2f} | "
        f"{statistics.median(register_written) / median_bare:.2f}x |"
    )
    print(
        f"| Journal.write_marks, one mark (context) | {statistics.median(one_mark):.2f} |"
        f" {p90(one_mark):.2f} | |"
    )
    verdict = "ok" if median_register / median_bare <= 1.5 else "OVER"
    print(f"ratio {median_register / median_bare:.2f}x (target <= 1.5x: {verdict})")


async def _open_round(folder, journal, classes) -> tuple[list, list]:
    from tui.screens.class_list import ClassListScreen
    from tui.screens.register import RegisterScreen

    class TimedClassList(ClassListScreen):
        shown_at = 0.0

        def refill(self) -> None:
            super().refill()
            if self.rows:
                self.shown_at = time.perf_counter()

    class TimedRegister(RegisterScreen):
        shown_at = 0.0

        def _show_register(self, register) -> None:
            super()._show_register(register)
            self.shown_at = time.perf_counter()

    app = _app(folder, journal, DAY)
    lists, registers = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for index, row in enumerate(classes):
            order = ("list", "register") if index % 2 else ("register", "list")
            for variant in order:
                screen = (
                    TimedClassList(row.id, row.name)
                    if variant == "list"
                    else TimedRegister(row.id, row.name, DAY)
                )
                start = time.perf_counter()
                app.push_screen(screen)
                await _wait(pilot, lambda s=screen: s.shown_at > 0)
                took = (screen.shown_at - start) * 1000
                (lists if variant == "list" else registers).append(took)
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()
    return lists, registers


def open_part(runs: int, years: int) -> None:
    from large_school import build_large_school

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "j"
        journal = create_journal(JournalPaths(folder), "benchmark passphrase", params=KDF).journal
        started = time.perf_counter()
        build_large_school(journal, years=years, today=DAY)
        built = time.perf_counter() - started
        classes = journal.classes()[::8][:10]
        with journal._engine.connect() as connection:  # type: ignore[union-attr]
            marks = connection.exec_driver_sql("SELECT COUNT(*) FROM absence_mark").scalar()
        asyncio.run(_open_round(folder, journal, classes[:2]))  # warm-up
        lists, registers = [], []
        for _ in range(runs):
            listed, registered = asyncio.run(_open_round(folder, journal, classes))
            lists += listed
            registers += registered
        facade_list, facade_register = [], []
        for _ in range(runs):
            for row in classes:
                start = time.perf_counter()
                journal.class_pupils(row.id, include_left=True)
                facade_list.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                journal.class_register(row.id, DAY)
                facade_register.append((time.perf_counter() - start) * 1000)
        journal.close()

    print(
        f"Opening at the large school: {marks:,} marks, {years} years, build {built:.1f} s;"
        f" {len(classes)} classes x {runs} rounds, alternating; medians in ms"
    )
    print("| | median ms | ratio |")
    print("|---|---:|---:|")
    median_list, median_register = statistics.median(lists), statistics.median(registers)
    print(
        f"| register screen, to rows shown | {median_register:.2f} |"
        f" **{median_register / median_list:.2f}x** |"
    )
    print(f"| class list screen, to rows shown | {median_list:.2f} | 1.00x |")
    fl, fr = statistics.median(facade_list), statistics.median(facade_register)
    print(f"| Journal.class_register (context) | {fr:.2f} | {fr / fl:.2f}x |")
    print(f"| Journal.class_pupils (context) | {fl:.2f} | 1.00x |")
    verdict = "ok" if median_register / median_list <= 2 else "OVER"
    print(f"ratio {median_register / median_list:.2f}x (target <= 2x: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--part", choices=("keys", "open", "both"), default="both")
    parser.add_argument("--years", type=int, default=2)
    args = parser.parse_args()
    if args.part in ("keys", "both"):
        keys_part(args.runs)
    if args.part in ("open", "both"):
        open_part(args.runs, args.years)


if __name__ == "__main__":
    main()
