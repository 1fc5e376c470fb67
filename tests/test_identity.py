"""Swedish identity numbers: the table of what is accepted, how it is stored, and why not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.identity import (
    InvalidIdentityNumber,
    fictitious_personnummer,
    luhn_digit,
    parse,
)
from storage.models import IdentityKind

TODAY = date(2025, 1, 15)
PNR, SAMORDNING, TEMPORARY = (
    IdentityKind.PERSONNUMMER,
    IdentityKind.SAMORDNINGSNUMMER,
    IdentityKind.TEMPORARY,
)


def _reference_luhn(nine_digits: str) -> int:
    """Luhn written out differently from storage's, so the two check each other."""
    digits = [int(c) for c in nine_digits]
    doubled = [sum(divmod(d * 2, 10)) if i % 2 == 0 else d for i, d in enumerate(digits)]
    return -sum(doubled) % 10


# -- accepted --------------------------------------------------------------------------------

VALID = [
    # text, normalised, kind, birth date
    ("20120503-9819", "201205039819", PNR, date(2012, 5, 3)),
    ("201205039819", "201205039819", PNR, date(2012, 5, 3)),
    ("120503-9819", "201205039819", PNR, date(2012, 5, 3)),
    ("1205039819", "201205039819", PNR, date(2012, 5, 3)),
    ("  2012 0503-9819 ", "201205039819", PNR, date(2012, 5, 3)),
    # '+': a hundred years old or more.
    ("120503+9819", "191205039819", PNR, date(1912, 5, 3)),
    # Ten digits: the latest century whose birthday is not after today.
    ("250115-9806", "202501159806", PNR, date(2025, 1, 15)),  # born today
    ("250116-9805", "192501169805", PNR, date(1925, 1, 16)),  # born tomorrow -> 1925
    ("000229-9808", "200002299808", PNR, date(2000, 2, 29)),  # a leap day
    ("811218-9876", "198112189876", PNR, date(1981, 12, 18)),  # Skatteverket's example
    # Samordningsnummer: day + 60.
    ("20120563-9816", "201205639816", SAMORDNING, date(2012, 5, 3)),
    ("120563-9816", "201205639816", SAMORDNING, date(2012, 5, 3)),
    ("1205639816", "201205639816", SAMORDNING, date(2012, 5, 3)),
    # The school's temporary numbers: letters in positions 9-10, no check digit.
    ("20130101TF01", "20130101TF01", TEMPORARY, date(2013, 1, 1)),
    ("20130101-TF01", "20130101TF01", TEMPORARY, date(2013, 1, 1)),
    ("130101-tf01", "20130101TF01", TEMPORARY, date(2013, 1, 1)),
    ("130101TF99", "20130101TF99", TEMPORARY, date(2013, 1, 1)),
]


@pytest.mark.parametrize("text, normalised, kind, born", VALID)
def test_valid(text, normalised, kind, born):
    number = parse(text, today=TODAY)
    assert number.normalised == normalised
    assert number.kind == kind
    assert number.birth_date == born
    assert number.is_temporary == (kind == TEMPORARY)
    # Normalised numbers parse to themselves.
    assert parse(number.normalised, today=TODAY) == number


def test_valid_table_check_digits_agree_with_a_reference_luhn():
    for text, normalised, kind, _ in VALID:
        if kind != TEMPORARY:
            assert _reference_luhn(normalised[2:11]) == int(normalised[11]), text


# -- refused ---------------------------------------------------------------------------------

INVALID = [
    # text, a word the reason contains
    ("20120503-9818", "check digit"),
    ("1205039810", "check digit"),
    ("20120563-9811", "check digit"),  # samordningsnummer, wrong digit
    ("20120230-9801", "no such date"),  # 30 February (check digit right for the digits)
    ("010229-9807", "no such date"),  # 2001 is not a leap year
    ("000229+9808", "no such date"),  # 1900 was not a leap year either
    ("20121301-9800", "no such date"),  # month 13
    ("20120500-9811", "no such date"),  # day 0
    ("120592-9811", "no such date"),  # samordningsnummer with day 32
    ("120560-9819", "no such date"),  # day 60 is neither a day nor a samordningsnummer
    ("20300101-9805", "future"),
    ("20250116-9805", "future"),  # twelve digits, born tomorrow
    ("505039800", "leading zero"),  # 050503-9800 read as a number
    ("12050398190", "leading zero"),
    ("1.2012E+11", "scientific"),
    ("2.01205E+11", "scientific"),
    ("2.01205039819E11", "scientific"),
    ("2,01205E+11", "scientific"),  # a Swedish spreadsheet writes a decimal comma
    ("20130101T101", "letters"),  # one letter, one digit in positions 9-10
    ("20130101-TF0A", ""),
    ("", ""),
    ("abc", ""),
    ("2012-05-03", ""),
    ("20120503-98190", ""),
    ("201205039819x", ""),
    ("20120503--9819", ""),
    ("2012050398191234", ""),
]


@pytest.mark.parametrize("text, reason", INVALID)
def test_invalid(text, reason):
    with pytest.raises(InvalidIdentityNumber) as caught:
        parse(text, today=TODAY)
    message = str(caught.value).lower()
    assert message
    if reason == "letters":
        assert "letter" in message or "digit" in message
    else:
        assert reason in message


@pytest.mark.parametrize(
    "text",
    [
        "\u0661\u0662\u0660\u0665\u0660\u0663-9819",  # Arabic-Indic digits for 120503
        "20120503-98\u0661\u0669",
    ],
)
def test_other_scripts_digits_never_make_a_second_number(text):
    """Python's \\d matches any script's digits; the stored number must still be ASCII.

    Either refuse the number or normalise it to the same 12 ASCII characters as the plain
    form; anything else stores one child twice past the duplicate check.
    """
    try:
        number = parse(text, today=TODAY)
    except InvalidIdentityNumber:
        return
    assert number.normalised == "201205039819"


def test_other_scripts_digits_do_not_bypass_the_duplicate_check(new_journal):
    from storage.errors import DuplicateIdentityNumber

    journal = new_journal.journal
    journal.add_pupil("20120503-9819", "Alva", "Testsson")
    with pytest.raises((DuplicateIdentityNumber, InvalidIdentityNumber)):
        journal.add_pupil("\u0661\u0662\u0660\u0665\u0660\u0663-9819", "Alva", "Testsson")
    assert [p.identity_number for p in journal.pupils()] == ["201205039819"]


def test_invalid_identity_number_is_a_value_error():
    with pytest.raises(ValueError):
        parse("not a number", today=TODAY)


def test_century_follows_today():
    assert parse("120503-9819", today=date(2012, 5, 3)).birth_date == date(2012, 5, 3)
    assert parse("120503-9819", today=date(2012, 5, 2)).birth_date == date(1912, 5, 3)
    assert parse("120503+9819", today=date(2012, 5, 3)).birth_date == date(1912, 5, 3)


# -- Luhn ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nine, check",
    [("640823323", 4), ("811218987", 6), ("120503981", 9), ("000000000", 0), ("999999999", 9)],
)
def test_luhn_textbook_examples(nine, check):
    assert luhn_digit(nine) == check
    assert _reference_luhn(nine) == check


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_luhn_matches_the_reference(nine):
    assert luhn_digit(nine) == _reference_luhn(nine)


# -- fictitious numbers for tests and demos --------------------------------------------------

_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date.today())


@given(_DATES, st.integers(min_value=0, max_value=19))
def test_fictitious_personnummer_always_parses(born, serial):
    text = fictitious_personnummer(born, serial)
    assert len(text) == 12 and text.isdigit()
    number = parse(text)
    assert number.normalised == text
    assert number.kind == PNR
    assert number.birth_date == born
    assert 980 <= int(text[8:11]) <= 999
    assert _reference_luhn(text[2:11]) == int(text[11])


@given(
    st.dates(min_value=date.today() - timedelta(days=365 * 98), max_value=date.today()),
    st.integers(min_value=0, max_value=19),
)
def test_fictitious_personnummer_in_ten_digit_form(born, serial):
    text = fictitious_personnummer(born, serial)
    assert parse(f"{text[2:8]}-{text[8:]}").normalised == text


def test_fictitious_personnummer_uses_all_twenty_test_birth_numbers():
    numbers = {fictitious_personnummer(date(2012, 5, 3), s)[8:11] for s in range(20)}
    assert numbers == {str(n) for n in range(980, 1000)}


@pytest.mark.parametrize("serial", [-1, 20, 100])
def test_fictitious_personnummer_refuses_other_serials(serial):
    with pytest.raises(ValueError):
        fictitious_personnummer(date(2012, 5, 3), serial)
