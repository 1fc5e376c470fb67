"""make_app: the one factory that the CLI, the tests and the screenshot script use.

Everything the app depends on is injected here: the journal's folder, the key-derivation cost,
where settings live, and the date the app takes as today.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from storage.paths import SETTINGS_FILE, JournalPaths, config_dir, default_journal
from storage.process_hardening import disable_core_dumps
from tui.app import SaknadApp
from tui.journal_access import JournalAccess
from tui.settings import Settings, SettingsStore


def make_app(
    *,
    folder: Path | None = None,
    settings_store: SettingsStore | None = None,
    settings: Settings | None = None,
    today: date | None = None,
    kdf_params: Any = None,
    journal: Any = None,
    idle_check_seconds: float = 1.0,
    try_remembered: bool = True,
    demo_passphrase: str | None = None,
) -> SaknadApp:
    """Build the Saknad app.

    Args:
        folder: the journal's folder; default the platform data folder or SAKNAD_HOME.
        settings_store: where settings are kept; default the settings file.
        settings: initial settings for an in-memory store (tests, screenshots).
        today: the date the app takes as today.
        kdf_params: argon2id cost for new passphrase slots (tests use a cheap one).
        journal: an already unlocked journal to open straight into (the demo).
        idle_check_seconds: how often the idle lock checks the clock.
        try_remembered: try the OS keyring at start-up.
        demo_passphrase: shown on the unlock screen of a demo journal.
    """
    disable_core_dumps()  # before any passphrase or key is in memory
    paths = JournalPaths(folder) if folder is not None else default_journal()
    if settings_store is None:
        if settings is not None:
            from tui.settings import MemorySettingsStore

            settings_store = MemorySettingsStore(settings)
        else:
            settings_store = SettingsStore(config_dir() / SETTINGS_FILE)
    return SaknadApp(
        JournalAccess(paths, kdf_params=kdf_params),
        settings_store,
        today=today,
        journal=journal,
        idle_check_seconds=idle_check_seconds,
        try_remembered=try_remembered,
        demo_passphrase=demo_passphrase,
    )
