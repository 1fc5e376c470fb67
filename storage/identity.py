"""Swedish identity numbers: personnummer, samordningsnummer and temporary school numbers.

Stored normalised as 12 characters, century included (YYYYMMDDNNNC), always as text: a
spreadsheet that turns them into numbers drops leading zeros. The check digit C is a Luhn digit
over the 10 digits YYMMDDNNN. A samordningsnummer is a personnummer with day + 60. Pupils with
neither get a school's temporary number with letters in positions 9-10 (e.g. 20130101TF01),
which is accepted and marked temporary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from storage.errors import SaknadError


class IdentityKind(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    TEMPORARY = "temporary"  # a school's own number, letters in positions 9-10


# ASCII only: Python's \d also matches other scripts' digits, which would let one child be
# stored under two spellings of the same number.
_PATTERN = re.compile(r"^(\d{2})?(\d{6})([-+]?)([0-9A-Z]{2}\d{2})$", re.ASCII)
_SCIENTIFIC = re.compile(r"\d([.,]\d+)?E\+?\d+", re.ASCII)


class InvalidIdentityNumber(SaknadError, ValueError):
    """An identity number that cannot be right; the message says why, in a few words.

    A SaknadError like every refusal of the journal (and a ValueError, as it always was).

    Attributes:
        code: why, as a machine-readable reason the UI translates: "check_digit",
            "no_such_date", "future_date", "spreadsheet_number", "lost_leading_zero",
            "format" or "letters".
    """

    def __init__(self, message: str, code: str = "format"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class IdentityNumber:
    """A checked identity number."""

    normalised: str  # 12 characters, YYYYMMDDNNNC
    kind: IdentityKind
    birth_date: date

    @property
    def is_temporary(self) -> bool:
        return self.kind is IdentityKind.TEMPORARY


def luhn_digit(nine_digits: str) -> int:
    """The check digit for YYMMDDNNN."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def parse(text: str, *, today: date | None = None) -> IdentityNumber:
    """Check and normalise an identity number.

    Args:
        text: 10 or 12 digits, with or without `-` or `+` (`+` marks 100 years or older).
        today: the date that decides the century of a 10-digit number.

    Raises:
        InvalidIdentityNumber: with a short reason (wrong length, no such date, check digit).
    """
    today = today or date.today()
    cleaned = text.strip().upper().replace(" ", "")
    if _SCIENTIFIC.fullmatch(cleaned):
        raise InvalidIdentityNumber(
            "turned into a number by a spreadsheet (scientific notation)", "spreadsheet_number"
        )
    match = _PATTERN.match(cleaned)
    if not match:
        if cleaned.isascii() and cleaned.isdigit() and len(cleaned) in (9, 11):
            raise InvalidIdentityNumber(
                "a leading zero is missing (spreadsheet?)", "lost_leading_zero"
            )
        raise InvalidIdentityNumber("not 10 or 12 characters in the form YYYYMMDD-NNNN", "format")
    century, yymmdd, separator, tail = match.groups()
    temporary = not tail[:2].isdigit()
    if temporary and not tail[:2].isalpha():
        raise InvalidIdentityNumber("positions 9-10 must be two digits or two letters", "letters")

    day_of_month = int(yymmdd[4:6])
    kind = IdentityKind.TEMPORARY if temporary else IdentityKind.PERSONNUMMER
    if not temporary and day_of_month > 60:
        kind = IdentityKind.SAMORDNINGSNUMMER
        day_of_month -= 60

    yy, month = int(yymmdd[:2]), int(yymmdd[2:4])
    if century is not None:
        year = int(century + yymmdd[:2])
    else:
        year = _year_from_two_digits(yy, month, day_of_month, separator == "+", today)
    try:
        born = date(year, month, day_of_month)
    except ValueError:
        raise InvalidIdentityNumber("no such date of birth", "no_such_date") from None
    if born > today:
        raise InvalidIdentityNumber("date of birth is in the future", "future_date")

    if not temporary and luhn_digit(yymmdd + tail[:3]) != int(tail[3]):
        raise InvalidIdentityNumber("check digit wrong", "check_digit")
    return IdentityNumber(normalised=f"{year:04d}{yymmdd[2:]}{tail}", kind=kind, birth_date=born)


def _year_from_two_digits(yy: int, month: int, day: int, hundred_plus: bool, today: date) -> int:
    # The latest year ending in yy whose birthday is not after today; "+" adds a century.
    year = today.year - (today.year - yy) % 100
    try:
        if date(year, month, day) > today:
            year -= 100
    except ValueError:
        pass  # the date itself is checked by the caller
    return year - 100 if hundred_plus else year


def fictitious_personnummer(born: date, serial: int) -> str:
    """A personnummer that cannot belong to a real person, for demos and tests.

    Skatteverket keeps the birth numbers 980-999 for test persons and never gives them to real
    people; `serial` picks one of those 20 (even third digit: registered female, odd: male).
    """
    if not 0 <= serial < 20:
        raise ValueError("serial must be 0-19")
    nine = f"{born:%y%m%d}{980 + serial:03d}"
    return f"{born:%Y%m%d}{980 + serial:03d}{luhn_digit(nine)}"
