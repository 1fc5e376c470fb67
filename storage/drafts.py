"""Drafts: unfinished work kept inside the journal when it locks in the middle of a dialog.

The journal keeps at most one draft, the work that was open when it last locked: keeping a new
one replaces the old (the dialog restored from it is the same work, typed on). Every insert and
delete goes through the audited session like any other change.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.session import stored_id


def keep_draft(
    session: Session,
    *,
    place: list[list[Any]],
    dialog: str,
    arguments: dict[str, Any],
    fields: dict[str, Any],
) -> int:
    """Keep the open dialog's unfinished work, replacing any earlier draft; returns its id."""
    for old in session.exec(select(m.Draft)).all():
        session.delete(old)  # one by one, so the trail records each removal
    draft = m.Draft(
        place=json.dumps(place, ensure_ascii=False),
        dialog=dialog,
        arguments=json.dumps(arguments, ensure_ascii=False, sort_keys=True),
        fields=json.dumps(fields, ensure_ascii=False, sort_keys=True),
    )
    session.add(draft)
    session.flush()
    return stored_id(draft)


def latest_draft(session: Session) -> records.DraftRow | None:
    """The draft kept last, or None."""
    draft = session.exec(
        select(m.Draft).order_by(col(m.Draft.saved_at).desc(), col(m.Draft.id).desc())
    ).first()
    if draft is None:
        return None
    return records.DraftRow(
        id=stored_id(draft),
        saved_at=draft.saved_at,
        place=json.loads(draft.place),
        dialog=draft.dialog,
        arguments=json.loads(draft.arguments),
        fields=json.loads(draft.fields),
    )


def discard_draft(session: Session, draft_id: int) -> None:
    """Remove a draft (saved or discarded); a draft already gone is no change."""
    draft = session.get(m.Draft, draft_id)
    if draft is not None:
        session.delete(draft)
