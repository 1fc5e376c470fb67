"""The dashboard's backup reminder (storage.backup_reminder): the rule at both boundaries, the
setting kept in the journal with its bounds, and the morning read carrying it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage.backup_reminder import (
    BackupReminderSettings,
    backup_due,
    days_since_backup,
)
from storage.errors import InvalidValue

TODAY = date(2026, 3, 18)
WEEK = BackupReminderSettings()


def _local_noon(day: date) -> datetime:
    """A backup at noon on `day` on this computer's clock, as the journal stores it (UTC)."""
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


def test_the_default_is_seven_days():
    assert WEEK.remind_after_days == 7


def test_never_backed_up_is_due():
    assert backup_due(None, TODAY, WEEK) is True
    assert days_since_backup(None, TODAY) is None


@pytest.mark.parametrize(
    ("days_ago", "due"),
    [(0, False), (1, False), (6, False), (7, False), (8, True), (9, True), (400, True)],
)
def test_due_only_when_older_than_the_setting(days_ago, due):
    last = _local_noon(TODAY - timedelta(days=days_ago))
    assert days_since_backup(last, TODAY) == days_ago
    assert backup_due(last, TODAY, WEEK) is due


@pytest.mark.parametrize(("days_ago", "due"), [(1, False), (2, True)])
def test_the_boundary_follows_the_setting(days_ago, due):
    last = _local_noon(TODAY - timedelta(days=days_ago))
    assert backup_due(last, TODAY, BackupReminderSettings(remind_after_days=1)) is due


def test_a_naive_timestamp_read_back_from_sqlite_is_utc():
    # SQLite drops the zone: a stored 12:00 UTC is read back as naive 12:00.
    last = _local_noon(TODAY - timedelta(days=8)).replace(tzinfo=None)
    assert days_since_backup(last, TODAY) == 8


def test_a_backup_dated_after_today_is_not_due():
    assert backup_due(_local_noon(TODAY + timedelta(days=3)), TODAY, WEEK) is False


@pytest.mark.parametrize(("days", "valid"), [(0, False), (1, True), (365, True), (366, False)])
def test_the_setting_bounds(days, valid):
    assert BackupReminderSettings(remind_after_days=days).valid() is valid


def test_the_setting_is_kept_in_the_journal_and_refused_out_of_range(new_journal):
    journal = new_journal.journal
    assert journal.backup_reminder_settings() == WEEK
    journal.save_backup_reminder_settings(BackupReminderSettings(remind_after_days=14))
    assert journal.backup_reminder_settings().remind_after_days == 14
    with pytest.raises(InvalidValue) as refused:
        journal.save_backup_reminder_settings(BackupReminderSettings(remind_after_days=0))
    assert (refused.value.field, refused.value.reason) == ("backup_reminder", "out_of_range")
    assert journal.backup_reminder_settings().remind_after_days == 14


def test_the_morning_carries_the_reminder(new_journal, tmp_path):
    journal = new_journal.journal
    today = date.today()
    morning = journal.morning(today)
    assert (morning.days_since_backup, morning.backup_due) == (None, True)
    journal.backup(tmp_path / "today.saknad")
    morning = journal.morning(today)
    assert (morning.days_since_backup, morning.backup_due) == (0, False)
    later = journal.morning(today + timedelta(days=8))
    assert (later.days_since_backup, later.backup_due) == (8, True)
    journal.save_backup_reminder_settings(BackupReminderSettings(remind_after_days=8))
    assert journal.morning(today + timedelta(days=8)).backup_due is False
