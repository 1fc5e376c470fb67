"""Translations through gettext: source strings are English, Swedish is the default language.

`_` looks up the active catalog each time, so switching language in settings takes effect on
the next render without restarting.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "saknad"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Activate `language` ("sv" or "en"); unknown languages fall back to English."""
    global _active, _language
    if language not in LANGUAGES:
        language = "en"
    _language = language
    _active = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language],
                                  fallback=True)


def language() -> str:
    return _language


def _(message: str) -> str:
    """The active translation of `message`."""
    return _active.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark `message` for translation without translating it yet."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _active.ngettext(singular, plural, count)
