"""Translations through gettext: source strings are English, Swedish is the default language.

`_` looks up the active catalog each time, so switching language in settings takes effect on
the next render without restarting. Where one English word has two Swedish meanings, the call
names its context: `pgettext("relation", "Other")` is "Annan" and `pgettext("school type",
"Other")` is "Annan skolform". The catalogs are kept with `python -m tui.catalog` (Babel, a
developer tool); here only the standard library reads the compiled .mo files.
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
    _active = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def language() -> str:
    return _language


def _(message: str) -> str:
    """The active translation of `message`."""
    if not message:  # gettext("") is the catalog's header, never a translation
        return message
    return _active.gettext(message)


def pgettext(context: str, message: str) -> str:
    """The active translation of `message` in `context` (a word with two meanings).

    Args:
        context: What the word names, e.g. "relation" or "school type"; the catalog keeps
            one entry per context.
        message: The English text.
    """
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it yet."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark `message` for translation in `context` without translating it yet."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _active.ngettext(singular, plural, count)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    """ngettext in `context` (see pgettext)."""
    return _active.npgettext(context, singular, plural, count)
