"""A dialog that writes a file writes it once: Enter pressed again while the worker writes
starts no second write, and Escape meanwhile keeps the dialog (so a hand-over's recovery key
is always shown, and it is the key of the one copy written). Fictitious pupils only.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from app_helpers import build_app, counsellors_journal, fill, wait_for_screen, wait_until
from sqlalchemy import func, select
from textual.widgets import Input

from storage import backup
from storage import models as m
from storage.access import open_with_recovery_key
from storage.codes import ExportContent
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.dialogs.backup_dialog import BackupDialog
from tui.dialogs.handover_dialog import HandoverDialog
from tui.dialogs.right_of_access_form import RightOfAccessDialog
from tui.i18n import set_language
from tui.screens.home import HomeScreen

PASSPHRASE = "four calm words here"  # app_helpers.counsellors_journal's
NEW_PASSPHRASE = "the successor's own long passphrase"


class HeldWrite:
    """Wraps a journal method: each call counts, then waits until `release` before writing."""

    def __init__(self, method) -> None:
        self.method = method
        self.calls = 0
        self.started = threading.Event()
        self.go_on = threading.Event()

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self.started.set()
        self.go_on.wait(timeout=20)
        return self.method(*args, **kwargs)


@pytest.fixture
def world(tmp_path):
    set_language("en")
    journal = counsellors_journal(tmp_path)
    pupil = journal.add_pupil(fictitious_personnummer(date(2013, 4, 2), 3), "Alva", "Påhitt")
    return build_app(tmp_path / "journal", journal=journal), journal, pupil


def _exports(journal, content: ExportContent) -> int:
    with journal._session() as session:
        query = select(func.count()).where(m.ExportRecord.content == content)
        return int(session.scalar(query.select_from(m.ExportRecord)) or 0)


async def _enter_twice_then_escape(pilot, held: HeldWrite, dialog_type) -> None:
    """Enter (again) and Escape while the write is held; the dialog stays."""
    await wait_until(pilot, held.started.is_set, what="the write to start")
    await pilot.press("enter")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, dialog_type)
    held.go_on.set()


async def test_a_second_enter_writes_no_second_backup_and_escape_waits(
    world, tmp_path, monkeypatch
):
    app, journal, _pupil = world
    held = HeldWrite(journal.backup)
    monkeypatch.setattr(journal, "backup", held)
    target = tmp_path / "b.saknad"
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.push_screen(BackupDialog(suggested=str(target)))
        dialog = await wait_for_screen(pilot, BackupDialog)
        dialog.query_one("#backup-path", Input).focus()
        await pilot.press("enter")
        await _enter_twice_then_escape(pilot, held, BackupDialog)
        await wait_until(pilot, lambda: dialog.result is not None, what="the backup")
        await pilot.pause()
    assert held.calls == 1
    assert _exports(journal, ExportContent.BACKUP) == 1
    assert target.exists()


async def test_a_second_enter_hands_over_once_and_escape_still_shows_the_key(
    world, tmp_path, monkeypatch
):
    app, journal, _pupil = world
    held = HeldWrite(journal.hand_over)
    monkeypatch.setattr(journal, "hand_over", held)
    target = tmp_path / "handover.saknad"
    closed: list[tuple[Path, str] | None] = []
    async with app.run_test(size=(100, 36)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.push_screen(HandoverDialog(suggested=str(target)), closed.append)
        dialog = await wait_for_screen(pilot, HandoverDialog)
        await fill(pilot, "Sara Efterträdare")
        for selector, typed in [("#current", PASSPHRASE), ("#new", NEW_PASSPHRASE)]:
            dialog.query_one(selector, Input).focus()
            await fill(pilot, typed)
        dialog.query_one("#repeat", Input).focus()
        await fill(pilot, NEW_PASSPHRASE)
        dialog.query_one("#handover-path", Input).focus()
        await pilot.press("enter")
        await _enter_twice_then_escape(pilot, held, HandoverDialog)
        await wait_until(pilot, lambda: bool(closed), timeout=30, what="the hand-over")
    assert held.calls == 1
    assert _exports(journal, ExportContent.HANDOVER) == 1
    written = closed[0]
    assert written is not None  # closed by the write, with the key to show
    path, recovery_key = written
    # The key the dialog hands on is the key of the copy on disk.
    fresh = JournalPaths(tmp_path / "successor")
    backup.restore(path, fresh, recovery_key=recovery_key)
    with open_with_recovery_key(fresh, recovery_key) as copy:
        assert [p.first_name for p in copy.pupils()] == ["Alva"]


async def test_a_second_enter_in_a_form_writes_one_right_of_access_file(world, monkeypatch):
    app, journal, pupil = world
    held = HeldWrite(journal.export_right_of_access)
    monkeypatch.setattr(journal, "export_right_of_access", held)
    closed: list[object] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.push_screen(RightOfAccessDialog(pupil, "Alva Påhitt"), closed.append)
        await wait_for_screen(pilot, RightOfAccessDialog)
        await fill(pilot, "request of access")
        await pilot.press("enter")
        await _enter_twice_then_escape(pilot, held, RightOfAccessDialog)
        await wait_until(pilot, lambda: bool(closed), what="the form to close")
    assert held.calls == 1
    assert closed[0] is not None  # closed by the save, not by Escape
    assert _exports(journal, ExportContent.RIGHT_OF_ACCESS) == 1
