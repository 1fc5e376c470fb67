"""Why an identity number was refused, in the counsellor's language."""

from __future__ import annotations

from tui.bindings import N_
from tui.i18n import _

_REASONS = {
    "check_digit": N_("the check digit is wrong"),
    "no_such_date": N_("there is no such date of birth"),
    "future_date": N_("the date of birth is in the future"),
    "spreadsheet_number": N_("a spreadsheet turned it into a number (scientific notation)"),
    "lost_leading_zero": N_("a leading zero is missing (a spreadsheet?)"),
    "format": N_("write it as YYYYMMDD-NNNN"),
    "letters": N_("positions 9-10 must be two digits or two letters"),
}


def identity_reason(error: BaseException) -> str:
    """A short clause saying what is wrong with the number."""
    code = getattr(error, "code", None)
    if code in _REASONS:
        return _(_REASONS[code])
    return _("write it as YYYYMMDD-NNNN")
