"""The apply step of an absence import: the plan's slots written through write_marks.

All or nothing: the caller's transaction holds every write, and a rejected row blocks the
import before anything is written (ImportRejected). Every slot goes through
storage.marks.write_marks with source "import", so each change has its history (from what, to
what, who, when) and a re-import of an overlapping period updates instead of duplicating.
A slot's note stays: a file carries no notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from storage import audit
from storage import models as m
from storage.clock import now
from storage.codes import MarkSource
from storage.errors import ImportRejected
from storage.importing.absence_plan import make_plan
from storage.importing.absence_results import ParsedAbsence
from storage.marks import MarkWrite, write_marks


@dataclass(frozen=True)
class AbsenceImportResult:
    """What an applied absence import did (slots)."""

    new: int
    changed: int
    unchanged: int
    changed_by_hand: int  # of `changed`: marks a person had entered, now the file's


def apply_absence_import(session: Session, parsed: ParsedAbsence) -> AbsenceImportResult:
    """Write `parsed` to the register in the caller's transaction.

    Raises:
        ImportRejected: the file has rejected rows or unmapped columns; nothing was written.
    """
    preview = make_plan(session, parsed)
    if preview.rejected:
        raise ImportRejected(preview.rejected)
    actor, at = session.info.get(audit.ACTOR_KEY, ""), now()
    write_marks(
        session,
        actor,
        (
            MarkWrite(
                p.pupil_id,
                p.on_date,
                p.code,
                p.lesson,
                p.minutes,
                note=p.old_note,
                source=MarkSource.IMPORT,
            )
            for p in preview.new + preview.changed
        ),
        at=at,
    )
    summary = {
        "file_format": parsed.format,
        "encoding": parsed.encoding,
        "new": len(preview.new),
        "changed": len(preview.changed),
        "changed_by_hand": len(preview.changed_by_hand),
        "unchanged": len(preview.unchanged),
    }
    session.add(
        m.AuditEvent(
            at=at, actor=actor, action="absence_imported", changes=audit.changes_json(summary)
        )
    )
    session.flush()
    return AbsenceImportResult(
        len(preview.new),
        len(preview.changed),
        len(preview.unchanged),
        len(preview.changed_by_hand),
    )
