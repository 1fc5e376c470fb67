"""Exports: every file that leaves the journal is recorded as an explicit act.

What was exported (the format, and the pupil or case), when, why and by whom, with the SHA-256
of the written file so a copy found later can be matched. The file is written elsewhere
(storage.export_files for a rendered export, storage.backup for a copy of the journal);
this module only records the act.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from storage import models as m
from storage.session import stored_id
from storage.values import choice


def record_export(
    session: Session,
    actor: str,
    *,
    format: str,
    content: str,
    purpose: str,
    recipient: str,
    file_name: str,
    sha256: str,
    pupil_id: int | None,
    case_id: int | None,
    report_draft_id: int | None = None,
) -> int:
    """Record an export: what, when, why, for whom and where to. Returns the record's id.

    Raises:
        InvalidValue: an unknown format or content (storage.codes.ExportFormat,
            ExportContent).
    """
    record = m.ExportRecord(
        format=choice(format, m.ExportFormat, "format"),
        content=choice(content, m.ExportContent, "content"),
        purpose=purpose,
        recipient=recipient,
        report_draft_id=report_draft_id,
        file_name=file_name,
        sha256=sha256,
        pupil_id=pupil_id,
        case_id=case_id,
        exported_by=actor,
    )
    session.add(record)
    session.flush()
    return stored_id(record)


def last_export_at(session: Session, content: str) -> datetime | None:
    """When the newest export of `content` was written, or None if there is none."""
    return session.exec(
        select(func.max(m.ExportRecord.at)).where(col(m.ExportRecord.content) == content)
    ).one()
