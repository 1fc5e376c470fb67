"""The school's rule settings (thresholds, the day rule), kept inside the journal.

The principal decides these rules (there is no national threshold), so they belong to the
journal, not to this computer. Each rule module defines a frozen dataclass whose defaults are
the stated defaults; the journal stores only what was changed, as JSON under the rule's key.
A stored value of the wrong type or out of its range is never used: the default applies.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from typing import Any, TypeVar

from sqlmodel import Session

from storage import models as m

T = TypeVar("T")


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def load(session: Session, key: str, default: T) -> T:
    """The rule `key` as stored, field by field over `default` (a dataclass instance).

    A field the file does not have, of another type, or refused by the dataclass's own
    `valid()` check keeps its default.
    """
    row = session.get(m.RuleSetting, key)
    if row is None:
        return default
    try:
        stored = json.loads(row.value)
    except ValueError:
        return default
    if not isinstance(stored, dict):
        return default
    result = default
    for field in fields(default):  # type: ignore[arg-type]
        value = stored.get(field.name)
        if field.name in stored and _same_kind(value, getattr(default, field.name)):
            candidate = replace(result, **{field.name: value})  # type: ignore[type-var]
            if getattr(candidate, "valid", lambda: True)():
                result = candidate
    return result


def save(session: Session, key: str, value: Any) -> None:
    """Store the rule `key` (a dataclass instance), replacing what was there."""
    row = session.get(m.RuleSetting, key) or m.RuleSetting(key=key, value="{}")
    row.value = json.dumps(asdict(value), sort_keys=True)
    session.add(row)
