"""A passphrase strength hint: a rough, honest estimate, not a guarantee."""

from __future__ import annotations

import math

from textual.reactive import reactive
from textual.widgets import Static

from storage.keys import MIN_PASSPHRASE_LENGTH, is_too_short
from tui.i18n import _


def estimate_bits(passphrase: str) -> float:
    """Bits of guessing work by length and character classes, with repeats discounted."""
    if not passphrase:
        return 0.0
    pool = 0
    pool += 26 if any(c.islower() for c in passphrase) else 0
    pool += 26 if any(c.isupper() for c in passphrase) else 0
    pool += 10 if any(c.isdigit() for c in passphrase) else 0
    pool += 33 if any(not c.isalnum() for c in passphrase) else 0
    distinct = len(set(passphrase))
    effective_length = min(len(passphrase), distinct * 2)
    return effective_length * math.log2(max(pool, 2))


def strength_level(passphrase: str) -> int:
    """0 too short, 1 weak, 2 fair, 3 good, 4 strong."""
    if is_too_short(passphrase):
        return 0
    bits = estimate_bits(passphrase)
    return 1 if bits < 50 else 2 if bits < 65 else 3 if bits < 80 else 4


class StrengthHint(Static):
    """Shows how strong the typed passphrase looks; update `passphrase` as the user types."""

    DEFAULT_CSS = """
    StrengthHint {
        color: $text-muted;
    }
    StrengthHint.-level-0, StrengthHint.-level-1 {
        color: $error;
    }
    StrengthHint.-level-2 {
        color: $warning;
    }
    StrengthHint.-level-3, StrengthHint.-level-4 {
        color: $success;
    }
    """

    passphrase: reactive[str] = reactive("", always_update=True)
    """The passphrase to judge; never shown."""

    def watch_passphrase(self, passphrase: str) -> None:
        level = strength_level(passphrase)
        words = [
            _("Too short: at least {min_length} characters.").format(
                min_length=MIN_PASSPHRASE_LENGTH
            ),
            _("Weak: add words or characters."),
            _("Fair: a few more words would help."),
            _("Good."),
            _("Strong."),
        ]
        self.update(words[level])
        for n in range(5):
            self.set_class(n == level, f"-level-{n}")
