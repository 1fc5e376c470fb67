"""Write the SVG screenshots in this folder from the real app, through tui.app_factory.

Run: .venv/bin/python screenshots/take_screenshots.py

Every journal is created in a temporary folder with fictitious people only; nothing here is
edited by hand. The scenes mirror the snapshot tests, at a roomier terminal size.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path

from storage.access import create_journal
from storage.keys import Argon2Params
from storage.paths import JournalPaths
from tui.app_factory import make_app
from tui.screens.home import HomeScreen
from tui.screens.setup import SetupScreen
from tui.screens.unlock import UnlockScreen
from tui.settings import Settings

HERE = Path(__file__).parent
SIZE = (100, 30)
TODAY = date(2026, 11, 30)
PASSPHRASE = "screenshot passphrase"
FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)


async def _settle(pilot, screen_type) -> None:
    for _ in range(200):
        if isinstance(pilot.app.screen, screen_type) and not pilot.app.workers._workers:
            break
        await pilot.pause(0.05)
    await pilot.pause(0.3)


async def _shoot(app, screen_type, name: str, before=None) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, screen_type)
        if before is not None:
            await before(pilot)
            await _settle(pilot, screen_type)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"wrote screenshots/{name}.svg")


def _app(folder: Path, language: str, **kwargs):
    return make_app(folder=folder, settings=Settings(language=language), today=TODAY,
                    kdf_params=FAST, try_remembered=False, **kwargs)


async def _fill_setup(pilot) -> None:
    screen = pilot.app.screen
    for field, value in (("passphrase", "fyra lugna ord här"), ("repeat", "fyra lugna ord här"),
                         ("name", "Kim Fiktiv"), ("school", "Påhittade skolan"),
                         ("phone", "070-000 00 00")):
        screen.query_one(f"#{field}").value = value
    screen.query_one("#passphrase").focus()


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for language, suffix in (("sv", ""), ("en", "-en")):
            folder = Path(tmp) / f"empty-{language}"
            await _shoot(_app(folder, language), SetupScreen, f"setup{suffix}", _fill_setup)

            created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST)
            created.journal.set_profile("Kim Fiktiv", "Skolkurator")
            created.journal.close()
            await _shoot(_app(folder, language), UnlockScreen, f"unlock{suffix}")

            created = create_journal(JournalPaths(Path(tmp) / f"home-{language}"), PASSPHRASE,
                                     params=FAST)
            created.journal.set_profile("Kim Fiktiv", "Skolkurator")
            await _shoot(_app(created.journal.paths.folder, language, journal=created.journal),
                         HomeScreen, f"home-empty{suffix}")

            demo_folder = Path(tmp) / f"demo-{language}"
            created = create_journal(JournalPaths(demo_folder), PASSPHRASE, params=FAST)
            from storage.demo import build_demo

            build_demo(created.journal, today=TODAY)
            await _shoot(_app(demo_folder, language, journal=created.journal), HomeScreen,
                         f"home{suffix}")


if __name__ == "__main__":
    asyncio.run(main())
