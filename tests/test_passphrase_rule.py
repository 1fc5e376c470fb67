"""The minimum passphrase length has one home (storage.keys) that every form and sentence uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storage.errors import WeakPassphrase
from storage.keys import MIN_PASSPHRASE_LENGTH, check_passphrase, is_too_short
from tui.error_text import sentence_for
from tui.i18n import set_language
from tui.widgets.strength import strength_level

TUI = Path(__file__).resolve().parent.parent / "tui"


@pytest.mark.parametrize(
    "length, too_short", [(MIN_PASSPHRASE_LENGTH - 1, True), (MIN_PASSPHRASE_LENGTH, False)]
)
def test_the_journal_and_the_strength_hint_agree_at_the_boundary(length, too_short):
    passphrase = "abcdefghijklmnopqrstuvwxyz"[:length]
    assert is_too_short(passphrase) is too_short
    assert (strength_level(passphrase) == 0) is too_short
    if too_short:
        with pytest.raises(WeakPassphrase):
            check_passphrase(passphrase)
    else:
        check_passphrase(passphrase)


def test_spaces_around_do_not_count():
    assert is_too_short(" " * 5 + "a" * (MIN_PASSPHRASE_LENGTH - 1) + " " * 5)


@pytest.mark.parametrize("language, unit", [("en", "characters"), ("sv", "tecken")])
def test_the_sentence_names_the_length_from_the_rule(language, unit):
    set_language(language)
    try:
        assert f"{MIN_PASSPHRASE_LENGTH} {unit}" in sentence_for(WeakPassphrase("too short"))
    finally:
        set_language("en")


def test_no_screen_writes_the_number_itself():
    written = [
        f"{path.relative_to(TUI)}:{number}"
        for path in TUI.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(rf"\b{MIN_PASSPHRASE_LENGTH} (characters|tecken)", line)
        or re.search(r"len\([^)]*\)\s*<\s*\d", line)
    ]
    assert written == []
