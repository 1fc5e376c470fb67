"""Checking and cleaning the values a use case takes, before anything is written.

Every refusal is a storage.errors.InvalidValue naming the field and the rule, never the value
(it may be a person's data), so the UI can say what to fix in the person's language.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from sqlmodel import Session, select

from storage.errors import InvalidValue
from storage.models import AbsenceCode
from storage.text import control_character


def required(value: str, field: str) -> str:
    """`value` without surrounding spaces; InvalidValue(field, "empty") if nothing is left."""
    value = (value or "").strip()
    if not value:
        raise InvalidValue(field, "empty")
    return value


def choice(value: str, codes: type[StrEnum], field: str) -> str:
    """`value` as a plain string if it is one of `codes`; else InvalidValue(field, "unknown")."""
    if value not in {str(code) for code in codes}:
        raise InvalidValue(field, "unknown")
    return str(value)


def date_range(starts_on: date, ends_on: date, field: str) -> None:
    """InvalidValue(field, "ends_before_start") when the range ends before it starts."""
    if ends_on < starts_on:
        raise InvalidValue(field, "ends_before_start")


def absence_codes(session: Session) -> set[str]:
    """The absence codes this journal knows (codes are data: a journal may add its own)."""
    return set(session.exec(select(AbsenceCode.code)).all())


def blank_to_none(value: str | None) -> str | None:
    """Address fields: "" (or only spaces) clears, so it is stored as NULL."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def as_date(value) -> date | None:
    """A date column read through plain SQL comes back as ISO text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def assign(row, values: dict) -> None:
    """Set only what differs, so the audit trail lists real changes."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


# -- contact details and free text typed by hand (the directory) ----------------------------

# The shape the class-list import checks an e-mail address against (storage.importing.
# csv_rows): something, one @, a dotted domain, no spaces.
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A phone number as people write it: digits with spaces, dashes, brackets, dots or slashes,
# perhaps a leading + (112, 114 14, 08-123 45 67, +46 8 123 45 67).
PHONE_SHAPE = re.compile(r"^(?=.*[0-9])\+?[0-9(][0-9 ()./-]*$")


def plain_text(value: str, field: str) -> str:
    """`value` without surrounding spaces; InvalidValue(field, "control_character") if it
    holds a character storage.text.control_character refuses (an escape sequence, a
    direction override), as an imported file's cell would be refused."""
    value = (value or "").strip()
    if control_character(value) is not None:
        raise InvalidValue(field, "control_character")
    return value


def phone_number(value: str, field: str) -> str:
    """A phone number, or "" for none; InvalidValue(field, "phone_format") if it has
    anything but digits and the usual separators (a spreadsheet's 4.67E+10 included)."""
    value = plain_text(value, field)
    if value and not PHONE_SHAPE.match(value):
        raise InvalidValue(field, "phone_format")
    return value


def email_address(value: str, field: str) -> str:
    """An e-mail address, or "" for none; InvalidValue(field, "email_format") if it does
    not have the shape of one."""
    value = plain_text(value, field)
    if value and not EMAIL_SHAPE.match(value):
        raise InvalidValue(field, "email_format")
    return value
