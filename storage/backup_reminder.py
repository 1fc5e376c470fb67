"""The dashboard's backup reminder: when the last backup is older than a number of days.

A journal on one laptop does not survive the laptop. The home screen says so when the last
backup (storage.exports, content BACKUP; a hand-over is not a backup the counsellor keeps)
is older than `remind_after_days` (a setting kept in the journal, storage.rule_settings;
default 7, a school week and its weekend), or when there has never been one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from storage import rule_settings
from storage.clock import aware
from storage.errors import InvalidValue

BACKUP_REMINDER_KEY = "backup_reminder"


@dataclass(frozen=True)
class BackupReminderSettings:
    """After how many days without a backup home reminds; the default is a week."""

    remind_after_days: int = 7

    def valid(self) -> bool:
        return 1 <= self.remind_after_days <= 365


def settings(session: Session) -> BackupReminderSettings:
    """The setting kept in the journal, the default (7 days) where none was kept."""
    return rule_settings.load(session, BACKUP_REMINDER_KEY, BackupReminderSettings())


def save_settings(session: Session, value: BackupReminderSettings) -> None:
    """Keep a new number of days.

    Raises:
        InvalidValue: a number out of its range (1 to 365 days; nothing is kept).
    """
    if not value.valid():
        raise InvalidValue("backup_reminder", "out_of_range")
    rule_settings.save(session, BACKUP_REMINDER_KEY, value)


def backup_day(last_backup: datetime) -> date:
    """The calendar day, on this computer's clock, of a backup the journal timed in UTC."""
    return aware(last_backup).astimezone().date()


def days_since_backup(last_backup: datetime | None, today: date) -> int | None:
    """Whole calendar days from the last backup's day to `today`; None if never backed up."""
    if last_backup is None:
        return None
    return (today - backup_day(last_backup)).days


def backup_due(
    last_backup: datetime | None, today: date, settings: BackupReminderSettings
) -> bool:
    """Whether home should remind: never backed up, or the last backup is more than
    `settings.remind_after_days` days old (exactly that many days is not yet due)."""
    days = days_since_backup(last_backup, today)
    return days is None or days > settings.remind_after_days
