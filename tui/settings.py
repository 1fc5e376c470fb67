"""Settings of this computer's Saknad: language and idle lock. Never anything about a pupil.

Kept in a small JSON file in the settings folder, written atomically. A damaged file is not
fatal: the defaults apply and the file is rewritten at the next change. A value that is not
valid (an idle lock of NaN, infinity, a negative or huge number, a string) is never used: its
default applies, and `SettingsStore.problems` says so for the app to tell at start.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from storage.files import write_atomically
from tui.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_

DEFAULT_IDLE_MINUTES = 5.0
MIN_IDLE_MINUTES = 1.0
MAX_IDLE_MINUTES = 60.0


INVALID_IDLE_MINUTES = N_(
    "The idle lock in the settings file was not a number of minutes from {low:g} to "
    "{high:g}, so Saknad locks after {default:g} minutes. Change it in Settings."
)


def valid_idle_minutes(value: object) -> float | None:
    """`value` as minutes of the idle lock if it is a finite number in range, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None  # a string, a list, null, true: never guessed at
    minutes = float(value)
    if not math.isfinite(minutes) or not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        return None
    return minutes


def settings_problem_text(problem: str) -> str:
    """A problem of SettingsStore.problems as a sentence in the active language."""
    from tui.i18n import _

    return _(problem).format(
        low=MIN_IDLE_MINUTES, high=MAX_IDLE_MINUTES, default=DEFAULT_IDLE_MINUTES
    )


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
        self.problems: list[str] = []
        """What the last load could not use, as untranslated sentences (N_)."""

    def load(self) -> Settings:
        self.problems = []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            language = raw.get("language", DEFAULT_LANGUAGE)
            idle_value = raw.get("idle_minutes", DEFAULT_IDLE_MINUTES)
        except (OSError, ValueError, AttributeError, TypeError):
            return Settings()
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        idle = valid_idle_minutes(idle_value)
        if idle is None:
            # NaN or infinity would switch the idle lock off: the default is safer than a guess.
            idle = DEFAULT_IDLE_MINUTES
            self.problems.append(INVALID_IDLE_MINUTES)
        return Settings(language=language, idle_minutes=idle)

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(self.path, json.dumps(asdict(settings), indent=2).encode("utf-8"))


class MemorySettingsStore(SettingsStore):
    """Settings that live only as long as the app (tests, screenshots, the demo)."""

    def __init__(self, settings: Settings | None = None):
        self._settings = settings or Settings()
        self.problems = []

    def load(self) -> Settings:
        return self._settings

    def save(self, settings: Settings) -> None:
        self._settings = settings
