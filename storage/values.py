"""Checking and cleaning the values a use case takes, before anything is written.

Every refusal is a storage.errors.InvalidValue naming the field and the rule, never the value
(it may be a person's data), so the UI can say what to fix in the person's language.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlmodel import Session, select

from storage.errors import InvalidValue
from storage.models import AbsenceCode


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
