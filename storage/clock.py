"""Now, as the journal records it: aware, in UTC, to the second.

One home for the rule, so that every timestamp in the journal (audit trail, marks, cases,
imports) compares and sorts alike. Dates shown to a person are converted by the UI.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


def now() -> datetime:
    """The current time in UTC, without microseconds (what the journal stores)."""
    return datetime.now(UTC).replace(microsecond=0)


# Overloaded so that a column that is never NULL reads back as a datetime, not an Optional.
@overload
def aware(value: datetime) -> datetime: ...


@overload
def aware(value: None) -> None: ...


def aware(value: datetime | None) -> datetime | None:
    """A timestamp read back from SQLite (which drops the zone) as the UTC time it was."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
