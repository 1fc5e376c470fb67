"""The morning dashboard at the large school: painted after unlock vs today's plain home
screen, at the base history and at ten times the history; its SQL encrypted vs plain.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_dashboard.py                 # 2 and 20 years (~5 min)
    .venv/bin/python tests/bench/bench_dashboard.py --years 1 --pupils 500 --runs 7 --no-tenx

It builds the large school (tests/bench/large_school.py) with `--years` and, unless
`--no-tenx`, with ten times as many years (the same pupils), adds what the whereabouts read
(bench_candidates.seed_whereabouts: registers taken, notices, contacts, leave) and open
missing-pupil cases up to CASES, makes a plain SQLite copy of each (sqlcipher_export), and
measures in ONE run, interleaved (warm-up, then the variants alternate; medians):

- **screens**: in one app on the journal (the app's today is the school's), the home screen
  as it was before the dashboard (BaselineHome below: a minimal copy of it, reading the
  profile and journal.summary()) and the dashboard (tui.screens.home.HomeScreen, reading
  journal.morning()), each pushed over a blank screen, from push_screen to the end of the
  first frame painted after its data is shown. Target: dashboard <= 1.5x the baseline, at
  both histories.
- **SQL**: every statement one journal.morning() call sends to the database (caught with
  SQLAlchemy's before_cursor_execute, with its parameters), replayed on the encrypted file's
  raw sqlcipher3 connection and on the plain copy through the stdlib sqlite3 and through
  sqlcipher3 without a key (the same SQLite build). Target: encrypted <= 1.15x plain, in all.

Only timings, row counts and statement counts are printed, never data (fictitious anyway).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_candidates import seed_whereabouts
from bench_problematic import sqlite3_version
from bench_queries import (
    PASSPHRASE,
    TODAY,
    _ms,
    _plain_sqlcipher,
    _plain_sqlite3,
    _raw_encrypted,
    build,
    export_plain,
    interleaved,
)
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui.screens.base import SaknadScreen
from tui.screens.home import HomeScreen

SCREEN_TARGET = 1.5
ENCRYPTION_TARGET = 1.15
CASES = 200
SIZE = (120, 36)


class BaselineHome(SaknadScreen):
    """The home screen as it was before the dashboard (main before issue 11's dashboard),
    kept minimal: the profile and journal.summary() read in a worker, the counts shown."""

    class SummaryLoaded(Message):
        def __init__(self, profile, summary) -> None:
            super().__init__()
            self.profile = profile
            self.summary = summary

    shown_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="home-body"):
            yield Static("", id="greeting", classes="title")
            yield Static("Reading the journal...", id="summary")
            yield Static("", id="next-step", classes="lead")
        yield Footer()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load(self) -> None:
        journal = self.journal
        self.post_message(self.SummaryLoaded(journal.profile(), journal.summary()))

    @on(SummaryLoaded)
    def _show(self, loaded: SummaryLoaded) -> None:
        profile, summary = loaded.profile, loaded.summary
        name = profile.name if profile else ""
        self.query_one("#greeting", Static).update(f"Good day, {name}.")
        lines = [
            f"{summary.schools} schools",
            f"{summary.classes} classes",
            f"{summary.pupils} pupils",
            f"{summary.open_missing} open missing-pupil flags",
            f"{summary.open_absence_cases} open absence investigations",
        ]
        if summary.pupils_left:
            lines.insert(3, f"{summary.pupils_left} pupils have left (kept in the journal)")
        self.query_one("#summary", Static).update("\n".join(lines))
        self.query_one("#next-step", Static).update(
            "R today's register, N guardians to tell, P problematic absence, V missing-pupil "
            "candidates, C classes, K school calendar, I import a class list, S settings."
        )
        self.shown_at = time.perf_counter()


class TimedHome(HomeScreen):
    """The dashboard, noting when its data is shown."""

    shown_at = 0.0

    # The message handler is HomeScreen's own (Textual binds @on handlers per class); the
    # cases table is the last thing it fills, in the same handler, before the frame.
    def _show_cases(self, cases) -> None:
        super()._show_cases(cases)
        self.shown_at = time.perf_counter()


def _painted_after(screen, since_attribute: str):
    """Wrap the screen's compositor refresh: note the first frame painted after the data."""
    paint = screen._compositor_refresh
    screen.painted_at = 0.0

    def painted() -> None:
        paint()
        if getattr(screen, since_attribute) and not screen.painted_at:
            screen.painted_at = time.perf_counter()

    screen._compositor_refresh = painted


def add_missing_cases(journal, count: int, seed: int = 7) -> int:
    """Open missing-pupil cases (recent day 0s, a few steps done) until `count` are open."""
    from storage.codes import CaseKind

    rng = random.Random(seed)
    open_missing = {c.pupil_id for c in journal.open_cases(TODAY) if c.kind == CaseKind.MISSING}
    pupils = [p.id for p in journal.pupils() if p.id not in open_missing]
    calendar = journal.school_calendar(1)
    recent = calendar.school_days(TODAY - timedelta(days=60), TODAY)
    with journal.in_one_transaction():
        for pupil_id in rng.sample(pupils, max(0, count - len(open_missing))):
            case = journal.open_case(pupil_id, CaseKind.MISSING, rng.choice(recent))
            for step in journal.case_steps(case)[: rng.randint(0, 4)]:
                journal.complete_step(step.id)
    return len([c for c in journal.open_cases(TODAY) if c.kind == CaseKind.MISSING])


class DashboardWorld:
    """The large school with whereabouts data and CASES open missing cases, encrypted and
    plain, and an unlocked journal."""

    def __init__(self, folder: Path, years: int, pupils: int):
        from storage.access import unlock_with_passphrase

        self.years = years
        self.folder = folder
        self.paths, data_key, self.build_seconds = build(folder, years, pupils)
        self.seeded = seed_whereabouts(self.paths.database, data_key)
        # Half the classes have not taken today's register yet (it is morning).
        connection = _raw_encrypted(self.paths.database, data_key)
        connection.execute(
            "DELETE FROM register_taken WHERE on_date = ? AND group_id % 2 = 0",
            (TODAY.isoformat(),),
        )
        connection.commit()
        connection.close()
        with unlock_with_passphrase(self.paths, PASSPHRASE) as journal:
            self.missing_cases = add_missing_cases(journal, CASES)
        self.plain = folder / "plain.db"
        self.export_seconds = export_plain(self.paths.database, data_key, self.plain)
        self.encrypted = _raw_encrypted(self.paths.database, data_key)
        self.encrypted.execute("PRAGMA cache_size = -65536")
        self.encrypted.execute("PRAGMA temp_store = MEMORY")
        self.plain_connection = _plain_sqlite3(self.plain)
        self.no_key = _plain_sqlcipher(self.plain)
        self.journal = unlock_with_passphrase(self.paths, PASSPHRASE)
        count = "SELECT count(*) FROM absence_mark"
        self.marks = self.plain_connection.execute(count).fetchone()[0]

    def statements(self) -> list[tuple[str, tuple]]:
        """Every SELECT one journal.morning() sends, with its parameters, in order."""
        from sqlalchemy import event

        engine = self.journal._engine
        caught: list[tuple[str, tuple]] = []

        def catch(_conn, _cursor, statement, parameters, _context, _many) -> None:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                caught.append((statement, tuple(parameters or ())))

        event.listen(engine, "before_cursor_execute", catch)
        try:
            self.journal.morning(TODAY)
        finally:
            event.remove(engine, "before_cursor_execute", catch)
        return caught

    def close(self) -> None:
        self.encrypted.close()
        self.plain_connection.close()
        self.no_key.close()
        self.journal.close()


async def _screen_rounds(world: DashboardWorld, rounds: int) -> dict[str, list[float]]:
    """Push each screen over a blank one, alternating; ms from push to the painted data."""
    from tui.app_factory import make_app
    from tui.settings import MemorySettingsStore, Settings

    store = MemorySettingsStore(Settings(language="sv", idle_minutes=60))
    app = make_app(
        folder=world.paths.folder, settings_store=store, today=TODAY, journal=world.journal
    )
    times: dict[str, list[float]] = {"baseline": [], "dashboard": []}
    async with app.run_test(size=SIZE) as pilot:
        await _idle(pilot, app)
        app.push_screen(Screen())
        await pilot.pause()
        for round_ in range(rounds + 2):  # two warm-ups
            order = ("baseline", "dashboard") if round_ % 2 else ("dashboard", "baseline")
            for variant in order:
                screen = BaselineHome() if variant == "baseline" else TimedHome()
                _painted_after(screen, "shown_at")
                start = time.perf_counter()
                app.push_screen(screen)
                deadline = time.monotonic() + 60
                while not screen.painted_at:
                    if time.monotonic() > deadline:
                        raise TimeoutError(
                            f"{variant}: shown {screen.shown_at}, painted {screen.painted_at}"
                        )
                    # Sleep, not spin: a spinning event loop holds the GIL and starves the
                    # screen's reading thread (the times are taken by the paint itself).
                    await asyncio.sleep(0.001)
                if round_ >= 2:
                    times[variant].append((screen.painted_at - start) * 1000)
                app.pop_screen()
                await _idle(pilot, app)
    return times


async def _idle(pilot, app) -> None:
    while app.workers._workers:
        await pilot.pause(0.01)
    await pilot.pause()


def _replay(connection, statements: list[tuple[str, tuple]]) -> int:
    rows = 0
    for sql, parameters in statements:
        rows += len(connection.execute(sql, parameters).fetchall())
    return rows


def _label(sql: str) -> str:
    """A statement's name: the storage.queries constant it is, else its first table."""
    from storage import queries

    flat = " ".join(sql.split())
    for name in dir(queries):
        value = getattr(queries, name)
        if isinstance(value, str) and name.isupper() and len(value) > 40:
            shape = " ".join(value.split())
            if flat.split("WHERE")[0] == shape.split("WHERE")[0]:
                return name
    after = flat.upper().split(" FROM ", 1)
    table = after[1].split()[0].lower() if len(after) > 1 else "?"
    return f"other: {table}"


def report(years: int, pupils: int, runs: int, tenx: bool) -> None:
    import sqlcipher3

    sizes = [years, years * 10] if tenx else [years]
    print(f"\n== {pupils} pupils, {' and '.join(map(str, sizes))} years of history, {TODAY} ==")
    with tempfile.TemporaryDirectory(prefix="saknad-bench-") as folder:
        worlds = [DashboardWorld(Path(folder) / f"y{n}", n, pupils) for n in sizes]
        try:
            for world in worlds:
                print(
                    f"{world.years} years: absence_mark rows {world.marks:,}; open missing "
                    f"cases {world.missing_cases}; build {world.build_seconds:.1f} s; plain "
                    f"copy {world.export_seconds:.1f} s; added "
                    + ", ".join(f"{table} {rows:,}" for table, rows in world.seeded.items())
                )
            print(
                f"SQLite: stdlib {sqlite3_version()}, sqlcipher3 {sqlcipher3.sqlite_version}; "
                f"{runs} runs, medians in ms; {os.cpu_count()} cores; screens at "
                f"{SIZE[0]}x{SIZE[1]}"
            )
            morning = worlds[0].journal.morning(TODAY)
            print(
                f"dashboard today: {morning.registers_not_taken} registers not taken, "
                f"{morning.notices_due} guardians to tell, {morning.problematic} problematic, "
                f"candidates {'not read' if morning.candidates is None else morning.candidates}"
                f", {len(morning.missing_cases)} missing cases listed"
            )

            print("\nScreens: push to the first frame painted with the data (medians, ms)")
            print(
                "| history | baseline: home as before (summary) | dashboard | ratio | target |"
                "\n|---|---:|---:|---:|---|"
            )
            facade = {}
            painted = {}
            for world in worlds:
                times = asyncio.run(_screen_rounds(world, runs))
                base = statistics.median(times["baseline"])
                dash = statistics.median(times["dashboard"])
                painted[world.years] = dash
                ratio = dash / base
                verdict = "ok" if ratio <= SCREEN_TARGET else "over"
                print(
                    f"| {world.years} y | {base:.1f} | {dash:.1f} | **{ratio:.2f}x** | "
                    f"{verdict} (<= {SCREEN_TARGET}x) |"
                )
                facade[world.years] = interleaved(
                    {
                        "summary": lambda j=world.journal: (j.profile(), j.summary()),
                        "morning": lambda j=world.journal: j.morning(TODAY),
                    },
                    runs=runs,
                )
            if len(sizes) == 2:
                ratio = painted[sizes[1]] / painted[sizes[0]]
                print(
                    f"dashboard at {sizes[1]} y / at {sizes[0]} y: {ratio:.2f}x "
                    f"({'ok' if ratio <= SCREEN_TARGET else 'over'} <= {SCREEN_TARGET}x)"
                )
            print("\n| facade call (context) | " + " | ".join(f"{n} y" for n in sizes) + " |")
            print("|---|" + "---:|" * len(sizes))
            for name, label in (
                ("summary", "journal.profile() + journal.summary() (baseline)"),
                ("morning", "journal.morning() (dashboard)"),
            ):
                cells = " | ".join(_ms(facade[n][name]) for n in sizes)
                print(f"| {label} | {cells} |")

            print(
                "\nSQL of one journal.morning(), replayed: encrypted vs the plain copy "
                "(stdlib sqlite3; and sqlcipher3 without a key, the same SQLite build)"
            )
            for world in worlds:
                statements = world.statements()
                variants = {}
                for side, connection in (
                    ("enc", world.encrypted),
                    ("plain", world.plain_connection),
                    ("no-key", world.no_key),
                ):
                    variants[("all", side)] = lambda c=connection, s=statements: _replay(c, s)
                    for index, statement in enumerate(statements):
                        variants[(index, side)] = lambda c=connection, s=statement: _replay(c, [s])
                times = interleaved(variants, runs=runs)
                print(
                    f"\n{world.years} y: {len(statements)} statements, "
                    f"{_replay(world.encrypted, statements):,} rows"
                )
                print(
                    "| statement | enc | plain/sqlite3 | ratio | plain/no-key | "
                    "ratio vs no-key |\n|---|---:|---:|---:|---:|---:|"
                )
                heavy = sorted(range(len(statements)), key=lambda i: -times[(i, "enc")])[:8]
                for index in heavy:
                    enc, plain = times[(index, "enc")], times[(index, "plain")]
                    no_key = times[(index, "no-key")]
                    print(
                        f"| {_label(statements[index][0])} | {_ms(enc)} | {_ms(plain)} | "
                        f"{enc / plain:.2f}x | {_ms(no_key)} | {enc / no_key:.2f}x |"
                    )
                enc, plain = times[("all", "enc")], times[("all", "plain")]
                no_key = times[("all", "no-key")]
                ratio = enc / plain
                verdict = "ok" if max(ratio, enc / no_key) <= ENCRYPTION_TARGET else "over"
                print(
                    f"| **all {len(statements)}, in order** | {_ms(enc)} | {_ms(plain)} | "
                    f"**{ratio:.2f}x** | {_ms(no_key)} | {enc / no_key:.2f}x |"
                )
                print(f"encrypted vs plain: {verdict} (<= {ENCRYPTION_TARGET}x)")
            sys.stdout.flush()
        finally:
            for world in worlds:
                world.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=2, help="base years of history (2)")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9, help="measured runs per variant (>= 7)")
    parser.add_argument("--no-tenx", action="store_true", help="only the base history")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report(args.years, args.pupils, args.runs, not args.no_tenx)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
