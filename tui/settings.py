"""Settings of this computer's Saknad: language and idle lock. Never anything about a pupil.

Kept in a small JSON file in the settings folder, written atomically. A damaged file is not
fatal: the defaults apply and the file is rewritten at the next change.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from storage.files import write_atomically
from tui.i18n import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_IDLE_MINUTES = 5.0
MIN_IDLE_MINUTES = 1.0
MAX_IDLE_MINUTES = 60.0


@dataclass(frozen=True)
class Settings:
    language: str = DEFAULT_LANGUAGE
    idle_minutes: float = DEFAULT_IDLE_MINUTES

    def with_changes(self, **changes) -> Settings:
        return replace(self, **changes)


class SettingsStore:
    """Reads and writes the settings file at `path`."""

    def __init__(self, path: Path):
        self.path = path

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            language = raw.get("language", DEFAULT_LANGUAGE)
            idle = float(raw.get("idle_minutes", DEFAULT_IDLE_MINUTES))
        except (OSError, ValueError, AttributeError, TypeError):
            return Settings()
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        idle = min(max(idle, MIN_IDLE_MINUTES), MAX_IDLE_MINUTES)
        return Settings(language=language, idle_minutes=idle)

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(self.path, json.dumps(asdict(settings), indent=2).encode("utf-8"))


class MemorySettingsStore(SettingsStore):
    """Settings that live only as long as the app (tests, screenshots, the demo)."""

    def __init__(self, settings: Settings | None = None):
        self._settings = settings or Settings()

    def load(self) -> Settings:
        return self._settings

    def save(self, settings: Settings) -> None:
        self._settings = settings
