"""How identity numbers are shown: masked by default, in full on request.

Masking keeps the birth date (which tells pupils apart in a class list) and hides the last
four characters, so a glance over a shoulder does not give away a whole number.
"""

from __future__ import annotations

MASK = "••••"


def display_number(normalised: str, *, masked: bool) -> str:
    """YYYYMMDD-NNNN, or YYYYMMDD-•••• when masked."""
    if len(normalised) != 12:
        return normalised
    return f"{normalised[:8]}-{MASK if masked else normalised[8:]}"
