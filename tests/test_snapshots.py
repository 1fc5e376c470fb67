"""Snapshot tests: set-up, unlock and the empty home screen, in Swedish and in English.

Fixed terminal size (80x24), fixed today, the default theme, fictitious people only. After a
deliberate change of the screens: `pytest tests/test_snapshots.py --snapshot-update`, then
look at the new SVGs before committing them.
"""

from __future__ import annotations

import pytest

from app_helpers import FAST_KDF, build_app
from storage.access import create_journal
from storage.paths import JournalPaths

LANGUAGES = ["sv", "en"]


async def _settle(pilot) -> None:
    # Let workers (storage warm-up, summary) finish and the footer mount.
    for _ in range(100):
        if not pilot.app.workers._workers:
            break
        await pilot.pause(0.05)
    await pilot.pause(0.2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_setup_screen(snap_compare, tmp_path, language):
    app = build_app(tmp_path / "journal", language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_unlock_screen(snap_compare, tmp_path, language):
    folder = tmp_path / "journal"
    create_journal(JournalPaths(folder), "snapshot passphrase", params=FAST_KDF).journal.close()
    app = build_app(folder, language=language, try_remembered=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_home_screen(snap_compare, tmp_path, language):
    created = create_journal(JournalPaths(tmp_path / "journal"), "snapshot passphrase",
                             params=FAST_KDF)
    created.journal.set_profile("Kim Fiktiv", "Skolkurator")
    app = build_app(tmp_path / "journal", language=language, journal=created.journal)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)
