"""Key bindings whose descriptions follow the language setting.

Textual builds a node's bindings once, from the class's BINDINGS. Saknad writes descriptions
in English, marked with N_ for the catalog, and rewrites each node's bindings through gettext
at mount and whenever the language changes. The English originals are kept aside on first
use, so translating twice never translates a translation.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from tui.i18n import N_, _

__all__ = ["N_", "translate_bindings"]

_ORIGINALS = "_saknad_english_bindings"


def translate_bindings(node: DOMNode) -> None:
    """Give `node`'s bindings descriptions and tooltips in the active language."""
    table = node._bindings.key_to_bindings
    originals = getattr(node, _ORIGINALS, None)
    if originals is None:
        originals = {key: list(bindings) for key, bindings in table.items()}
        setattr(node, _ORIGINALS, originals)
    for key, bindings in originals.items():
        table[key] = [
            replace(
                b,
                description=_(b.description) if b.description else b.description,
                tooltip=_(b.tooltip) if b.tooltip else b.tooltip,
            )
            for b in bindings
        ]
