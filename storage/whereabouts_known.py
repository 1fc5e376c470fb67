"""Whereabouts known: the counsellor's word that the school knows where an absent pupil
was on a span of days, with how it is known and from whom (schema 8).

The whereabouts rules (storage.whereabouts, KnownBy.KNOWN) read every day of a span as
accounted for, so the pupil leaves the unexplained and not-back-after-a-break lists for
those days (storage.candidate_rules). A refused-leave candidate stays: absence in a refused
period is worth a look even when the school knows where the pupil is. An open missing case
still wins (only closing it accounts for the pupil again).

Both days must be on or before today: it is a statement of what the school knew on days that
have passed. Days to come are a leave request or an absence the guardians report in advance;
a span reaching into the future would keep the pupil off the lists on days nobody checked.

Journals written before schema 8 kept "accounted for" as a reached contact with a guardian
or the pupil on each day. Those records are left as they are (no migration): they are real
contacts and keep counting as KnownBy.CONTACT on their days.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from storage import models as m
from storage.clock import now
from storage.errors import InvalidValue, NotFound
from storage.session import stored_id
from storage.values import date_range, required
from storage.whereabouts import local_day


def record_whereabouts_known(
    session: Session,
    actor: str,
    pupil_id: int,
    from_date: date,
    to_date: date,
    how: str,
    source: str,
    *,
    today: date | None = None,
    at: datetime | None = None,
) -> int:
    """Record that the pupil's whereabouts are known from `from_date` to `to_date`, both
    included; `today` is the school's date (the Swedish date now if not given).

    Raises:
        NotFound: no such pupil.
        InvalidValue: `to_date` before `from_date`; `to_date` after today; no `how`.
    """
    recorded_at = at or now()
    today = today or local_day(recorded_at)
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    date_range(from_date, to_date, "to_date")
    if to_date > today:
        raise InvalidValue("to_date", "in_future")
    record = m.WhereaboutsKnown(
        pupil_id=pupil_id,
        from_date=from_date,
        to_date=to_date,
        how=required(how, "how"),
        source=(source or "").strip(),
        recorded_at=recorded_at,
        recorded_by=actor,
    )
    session.add(record)
    session.flush()
    return stored_id(record)
