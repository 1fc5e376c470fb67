"""Backup and hand-over from the app (issue 12), with fictitious pupils.

Home reminds when the last backup is too old or there is none, and B opens the backup dialog,
prefilled with a dated name without personal data; the backup is written, verified and said;
a path that cannot be written is one sentence under the field; the reminder's days are set in
Settings; the palette hands the journal over to a successor and shows the new recovery key
once, which opens the copy.
"""

from __future__ import annotations

import errno
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from app_helpers import (
    TODAY,
    build_app,
    counsellors_journal,
    fill,
    press_button,
    run_palette_command,
    wait_for_screen,
    wait_until,
)
from textual.widgets import Input, Static

from storage import backup
from storage import models as m
from storage.access import open_with_recovery_key, unlock_with_passphrase
from storage.codes import ExportContent, ExportFormat
from storage.errors import JournalCorrupt
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.dialogs.backup_dialog import BackupDialog
from tui.dialogs.handover_dialog import HandoverDialog
from tui.error_text import sentence_for
from tui.i18n import set_language
from tui.screens.home import HomeScreen
from tui.screens.recovery_key import RecoveryKeyScreen
from tui.screens.settings import SettingsScreen

PASSPHRASE = "four calm words here"  # app_helpers.counsellors_journal's
NEW_PASSPHRASE = "the successor's own long passphrase"


@pytest.fixture
def world(tmp_path):
    set_language("en")
    journal = counsellors_journal(tmp_path)
    journal.add_pupil(fictitious_personnummer(date(2013, 4, 2), 3), "Alva", "Påhitt")
    return build_app(tmp_path / "journal", journal=journal), journal


def _recorded_backup(journal, days_ago: int) -> None:
    """A backup record `days_ago` days before the app's today, at noon on this computer."""
    day = TODAY - timedelta(days=days_ago)
    at = datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)
    with journal._session() as session:
        session.add(
            m.ExportRecord(
                at=at,
                format=ExportFormat.BACKUP,
                content=ExportContent.BACKUP,
                purpose="backup",
                exported_by="test",
            )
        )


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _home(pilot) -> HomeScreen:
    home = await wait_for_screen(pilot, HomeScreen)
    await wait_until(pilot, lambda: home.morning is not None, what="the dashboard")
    await pilot.pause()
    return home


async def test_home_reminds_when_never_backed_up_and_b_backs_up(world, tmp_path):
    app, journal = world
    target = tmp_path / "usb" / "saknad-backup.saknad"
    target.parent.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _home(pilot)
        reminder = home.query_one("#backup-reminder", Static)
        assert reminder.display and not reminder.has_class("-hidden")
        assert _text(home, "#backup-reminder") == "Never backed up. Press B to back up."

        await pilot.press("b")
        dialog = await wait_for_screen(pilot, BackupDialog)
        path = dialog.query_one("#backup-path", Input)
        # A dated name, no personal data: the kind and the date only.
        assert path.value.endswith(f"/saknad-backup-{TODAY.isoformat()}.saknad")
        assert "Alva" not in path.value and "Kim" not in path.value
        path.value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: dialog.result is not None, what="the backup")
        said = _text(dialog, "#backup-message")
        assert str(target) in said and "verified" in said
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert backup.read_backup(target).manifest["tables"]["pupil"] == 1

        await press_button(pilot, "#cancel")  # now "Close"
        home = await _home(pilot)
        await wait_until(
            pilot, lambda: home.query_one("#backup-reminder").has_class("-hidden"), what="read"
        )
    assert journal.last_backup() is not None


async def test_home_says_how_old_the_last_backup_is_only_when_due(world):
    app, journal = world
    _recorded_backup(journal, 9)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _home(pilot)
        assert _text(home, "#backup-reminder") == "Last backup: 9 days ago. Press B to back up."
    _recorded_backup(journal, 7)
    app = build_app(journal.paths.folder, journal=journal)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _home(pilot)
        assert home.query_one("#backup-reminder").has_class("-hidden")


async def test_a_path_that_cannot_be_written_is_one_sentence_and_leaves_nothing(world, tmp_path):
    app, journal = world
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_bytes(b"")
    async with app.run_test(size=(100, 30)) as pilot:
        await _home(pilot)
        await run_palette_command(pilot, "back up", "Back up the journal")
        dialog = await wait_for_screen(pilot, BackupDialog)
        dialog.query_one("#backup-path", Input).value = str(not_a_folder / "b.saknad")
        await press_button(pilot, "#back-up")
        await wait_until(
            pilot, lambda: "could not" in _text(dialog, "#backup-message"), what="the sentence"
        )
        said = _text(dialog, "#backup-message")
        assert said.startswith("Saknad could not use the file") and "\n" not in said
        assert dialog.result is None
        assert isinstance(app.screen, BackupDialog)
    assert journal.last_backup() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "journal"]


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/media/usb/b.saknad"), "disk is full"),
        (JournalCorrupt("the backup copy did not pass its checks"), "damaged"),
    ],
    ids=["full-disk", "corrupt"],
)
async def test_a_failed_backup_is_the_apps_one_sentence(world, monkeypatch, error, words):
    app, journal = world

    def fail(target):
        raise error

    monkeypatch.setattr(journal, "backup", fail)
    async with app.run_test(size=(100, 30)) as pilot:
        await _home(pilot)
        await pilot.press("b")
        dialog = await wait_for_screen(pilot, BackupDialog)
        await press_button(pilot, "#back-up")
        await wait_until(pilot, lambda: words in _text(dialog, "#backup-message"), what="said")
        assert _text(dialog, "#backup-message") == sentence_for(error)
        assert not dialog.query_one("#back-up").disabled  # try again, elsewhere


async def test_settings_keep_the_reminders_days(world):
    app, journal = world
    _recorded_backup(journal, 9)
    async with app.run_test(size=(100, 40)) as pilot:
        await _home(pilot)
        await pilot.press("s")
        settings = await wait_for_screen(pilot, SettingsScreen)
        days = settings.query_one("#backup-days", Input)
        await wait_until(pilot, lambda: days.value == "7", what="the days")
        days.value = "0"
        await press_button(pilot, "#save-backup-days")
        await wait_until(
            pilot, lambda: "between 1 and 365" in _text(settings, "#settings-message"), what="no"
        )
        days.value = "10"
        await press_button(pilot, "#save-backup-days")
        await wait_until(
            pilot, lambda: "10 days" in _text(settings, "#settings-message"), what="saved"
        )
        assert journal.backup_reminder_settings().remind_after_days == 10
        await pilot.press("escape")
        home = await _home(pilot)
        await wait_until(
            pilot, lambda: home.query_one("#backup-reminder").has_class("-hidden"), what="read"
        )


async def _fill_handover(pilot, dialog, current: str, target) -> None:
    await fill(pilot, "Sara Efterträdare")
    dialog.query_one("#current", Input).focus()
    await fill(pilot, current)
    dialog.query_one("#new", Input).focus()
    await fill(pilot, NEW_PASSPHRASE)
    dialog.query_one("#repeat", Input).focus()
    await fill(pilot, NEW_PASSPHRASE)
    dialog.query_one("#handover-path", Input).value = str(target)
    await press_button(pilot, "#hand-over")


async def test_hand_over_shows_the_new_recovery_key_once_and_it_opens_the_copy(world, tmp_path):
    app, journal = world
    target = tmp_path / "handover.saknad"
    async with app.run_test(size=(100, 36)) as pilot:
        await _home(pilot)
        await run_palette_command(pilot, "successor", "Hand over to a successor")
        dialog = await wait_for_screen(pilot, HandoverDialog)
        path = dialog.query_one("#handover-path", Input)
        assert path.value.endswith(f"/saknad-handover-{TODAY.isoformat()}.saknad")

        await _fill_handover(pilot, dialog, "not my passphrase at all", target)
        await wait_until(
            pilot, lambda: "passphrase" in _text(dialog, "#handover-message"), what="refused"
        )
        assert app.focused is dialog.query_one("#current", Input)
        assert not target.exists()
        dialog.query_one("#current", Input).value = PASSPHRASE
        await press_button(pilot, "#hand-over")

        shown = await wait_for_screen(pilot, RecoveryKeyScreen, timeout=30)
        recovery_key = str(shown.query_one("#recovery-key", Static).render()).strip()
        assert str(target) in _text(shown, ".lead")
        await pilot.click("#written")
        await press_button(pilot, "#continue")
        await _home(pilot)
    fresh = JournalPaths(tmp_path / "successor")
    backup.restore(target, fresh, recovery_key=recovery_key)
    with open_with_recovery_key(fresh, recovery_key) as copy:
        assert [p.first_name for p in copy.pupils()] == ["Alva"]
    paths = journal.paths
    journal.close()
    with unlock_with_passphrase(paths, PASSPHRASE) as original:
        assert len(original.pupils()) == 1


async def test_a_folder_that_does_not_exist_is_named_before_anything_is_written(world, tmp_path):
    """The refusal named the temporary file the copy is written to first
    (".saknad-backup-ahg_bsie"), a file the counsellor never typed."""
    app, journal = world
    typed = str(tmp_path / "no-such-stick" / "b.saknad")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        await pilot.press("b")
        dialog = await wait_for_screen(pilot, BackupDialog)
        dialog.query_one("#backup-path", Input).value = typed
        await press_button(pilot, "#back-up")
        await wait_until(
            pilot, lambda: "no folder" in _text(dialog, "#backup-message"), what="the sentence"
        )
        assert _text(dialog, "#backup-message") == (
            f"There is no folder {tmp_path / 'no-such-stick'}: check the path, and that the "
            "USB stick is plugged in."
        )
        assert not dialog.query_one("#back-up").disabled
    assert journal.last_backup() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal"]


async def test_a_folder_typed_without_a_file_name_gets_the_dated_backup_inside(world, tmp_path):
    """Typing the USB stick's folder wrote nothing and named an inner file ("backup.tar")."""
    app, journal = world
    stick = tmp_path / "usb"
    stick.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        await pilot.press("b")
        dialog = await wait_for_screen(pilot, BackupDialog)
        dialog.query_one("#backup-path", Input).value = str(stick)
        await press_button(pilot, "#back-up")
        await wait_until(pilot, lambda: dialog.result is not None, what="the backup")
    written = stick / f"saknad-backup-{TODAY.isoformat()}.saknad"
    assert [p.name for p in stick.iterdir()] == [written.name]
    assert backup.read_backup(written).manifest["tables"]["pupil"] == 1


async def test_a_hand_over_to_a_folder_that_does_not_exist_is_refused_at_once(world, tmp_path):
    app, _journal = world
    target = tmp_path / "no-such-stick" / "handover.saknad"
    async with app.run_test(size=(100, 36)) as pilot:
        await _home(pilot)
        await run_palette_command(pilot, "successor", "Hand over to a successor")
        dialog = await wait_for_screen(pilot, HandoverDialog)
        await _fill_handover(pilot, dialog, PASSPHRASE, target)
        await wait_until(
            pilot, lambda: "no folder" in _text(dialog, "#handover-message"), what="refused"
        )
        assert not dialog._writing
    assert not target.parent.exists()
