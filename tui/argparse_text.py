"""argparse's own words (usage, errors, "show this help message and exit") in Saknad's language.

argparse looks its messages up through the module-level functions `argparse._` and
`argparse.ngettext` (the standard gettext, domain "messages"), which would always answer in
English here. While `saknad` builds its parser and reads its arguments, those two functions
answer from Saknad's own catalog instead, under the context "argparse", and are put back
afterwards. The messages are listed below so the catalog finds them; one argparse has that the
list lacks is shown in English (a test compares the list with the installed argparse).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from tui.i18n import NC_, npgettext, pgettext

# Every singular message of argparse (Python 3.11 and later), marked for the catalog.
MESSAGES = (
    NC_("argparse", "usage: "),
    NC_("argparse", "positional arguments"),
    NC_("argparse", "options"),
    NC_("argparse", "show this help message and exit"),
    NC_("argparse", "%(prog)s: error: %(message)s\n"),
    NC_("argparse", "argument %(argument_name)s: %(message)s"),
    NC_("argparse", "the following arguments are required: %s"),
    NC_("argparse", "one of the arguments %s is required"),
    NC_("argparse", "unrecognized arguments: %s"),
    NC_("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    NC_("argparse", "invalid %(type)s value: %(value)r"),
    NC_("argparse", "expected one argument"),
    NC_("argparse", "expected at most one argument"),
    NC_("argparse", "expected at least one argument"),
    NC_("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    NC_("argparse", "not allowed with argument %s"),
    NC_("argparse", "ignored explicit argument %r"),
    NC_("argparse", "unexpected option string: %s"),
    NC_("argparse", "can't open '%(filename)s': %(error)s"),
    NC_("argparse", 'argument "-" with mode %r'),
    NC_("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)"),
    # Mistakes in building a parser: a programmer's, but translated all the same.
    NC_("argparse", "conflicting subparser: %s"),
    NC_("argparse", "conflicting subparser alias: %s"),
    NC_("argparse", ".__call__() not defined"),
    NC_("argparse", "'required' is an invalid argument for positionals"),
    NC_("argparse", "mutually exclusive arguments must be optional"),
    NC_("argparse", "cannot merge actions - two groups are named %r"),
    NC_(
        "argparse",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    ),
    NC_("argparse", "dest= is required for options like %r"),
    NC_("argparse", "invalid conflict_resolution value: %r"),
    NC_("argparse", "cannot have multiple subparser arguments"),
    NC_("argparse", "%r is not callable"),
)


def translated(message: str) -> str:
    """argparse's `_`: the message in the active language."""
    return pgettext("argparse", message)


def translated_plural(singular: str, plural: str, count: int) -> str:
    """argparse's `ngettext`; its plural messages are written out so the catalog finds them."""
    if singular == "expected %s argument":
        return npgettext("argparse", "expected %s argument", "expected %s arguments", count)
    if singular == "conflicting option string: %s":
        return npgettext(
            "argparse", "conflicting option string: %s", "conflicting option strings: %s", count
        )
    return npgettext("argparse", singular, plural, count)


@contextmanager
def argparse_in_active_language() -> Iterator[None]:
    """While inside, argparse speaks the active language (build and parse inside it)."""
    names = vars(argparse)
    saved = {name: names[name] for name in ("_", "ngettext")}
    names.update(_=translated, ngettext=translated_plural)
    try:
        yield
    finally:
        names.update(saved)
