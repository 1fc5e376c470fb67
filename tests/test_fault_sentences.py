"""True sentences for faults (issue 9, points 7, 8, 12, 15, 17): a folder Saknad may not write,
a deleted journal file, settings that cannot be used, a second writer, the demo journal.

Each fault gets its own error and sentence, never "the journal is damaged, restore it from your
backup" (advice that would put an older journal over a good one) nor the generic sentence.
"""

from __future__ import annotations

import math
import os
from datetime import date
from pathlib import Path

import pytest
from app_helpers import build_app, fill, wait_for_screen, wait_until
from conftest import PASSPHRASE
from textual.widgets import Static

from storage import engine as engine_module
from storage.access import create_journal, unlock_with_passphrase
from storage.database_errors import saknad_error_for
from storage.errors import (
    JournalBusy,
    JournalFileMissing,
    JournalReadOnly,
)
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.error_text import sentence_for
from tui.i18n import language, set_language
from tui.screens.unlock import UnlockScreen
from tui.settings import DEFAULT_IDLE_MINUTES, SettingsStore, settings_problem_text

DAMAGED = "damaged"
GENERIC = "Something unexpected"


@pytest.fixture
def english():
    before = language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def closed_journal(journal_paths, fast_kdf) -> JournalPaths:
    create_journal(journal_paths, PASSPHRASE, params=fast_kdf).journal.close()
    return journal_paths


# -- 7. a folder or journal file Saknad may not write --------------------------------------


class _SqliteError(Exception):
    """A DB-API error as the driver raises it, with SQLite's result code name."""

    def __init__(self, name: str):
        super().__init__("attempt to write a readonly database")
        self.sqlite_errorname = name


@pytest.mark.parametrize("name", ["SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_READONLY_DBMOVED"])
def test_sqlite_read_only_codes_are_not_damage(name, english):
    from sqlalchemy.exc import OperationalError

    error = saknad_error_for(OperationalError("UPDATE", {}, _SqliteError(name)))
    assert isinstance(error, JournalReadOnly)
    sentence = sentence_for(error)
    assert "permissions" in sentence and DAMAGED not in sentence.replace("not damaged", "")
    assert "backup" not in sentence


def test_an_engine_that_cannot_open_the_file_for_writing_says_read_only(
    closed_journal, monkeypatch
):
    """SQLite's own refusal at the first read (root passes os.access, SQLite may not)."""
    import sqlcipher3.dbapi2 as sqlcipher

    real_connect = sqlcipher.connect

    class _Refusing:
        def __init__(self, connection):
            self._connection = connection

        def cursor(self):
            outer = self._connection.cursor()

            class _Cursor:
                def execute(self, sql, *args):
                    if sql.startswith("SELECT count(*) FROM sqlite_master"):
                        error = sqlcipher.OperationalError("unable to open database file")
                        error.sqlite_errorname = "SQLITE_CANTOPEN"
                        raise error
                    return outer.execute(sql, *args)

                def __getattr__(self, name):
                    return getattr(outer, name)

            return _Cursor()

        def __getattr__(self, name):
            return getattr(self._connection, name)

        def __setattr__(self, name, value):
            if name == "_connection":
                object.__setattr__(self, name, value)
            else:
                setattr(self._connection, name, value)

    monkeypatch.setattr(sqlcipher, "connect", lambda *a, **k: _Refusing(real_connect(*a, **k)))
    with pytest.raises(JournalReadOnly):
        unlock_with_passphrase(closed_journal, PASSPHRASE)


def test_a_folder_the_user_may_not_write_is_named_as_such(closed_journal, monkeypatch):
    # os.access is what a non-root user meets; root passes it, so it is answered here.
    folder = closed_journal.folder

    def no_writing(path, mode, *args, **kwargs):
        return not (mode & os.W_OK and Path(path) == folder)

    monkeypatch.setattr("storage.access.os.access", no_writing)
    with pytest.raises(JournalReadOnly):
        unlock_with_passphrase(closed_journal, PASSPHRASE)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a 0500 folder anyway")
def test_a_0500_folder_says_cannot_write_not_damaged(closed_journal, cli):
    folder = closed_journal.folder
    folder.chmod(0o500)
    try:
        result = cli(folder, "passwd", "--passphrase-stdin", stdin=f"{PASSPHRASE}\nnew one x y\n")
    finally:
        folder.chmod(0o700)
    assert result.returncode == 1
    assert "permissions" in result.stderr and "restore" not in result.stderr


def test_the_cli_says_read_only_for_a_folder_it_may_not_write(closed_journal, cli, monkeypatch):
    folder = closed_journal.folder
    monkeypatch.setattr(
        "storage.access.os.access", lambda path, mode, *a, **k: Path(path) != folder
    )
    result = cli(folder, "passwd", "--passphrase-stdin", stdin=f"{PASSPHRASE}\nnew one x y\n")
    assert result.returncode == 1
    assert "may not write to the data folder" in result.stderr
    assert "restore it from your backup" not in result.stderr
    assert str(folder.parent) not in result.stderr  # no path above the folder: a user name


# -- 8. a deleted journal file, its key file still there ------------------------------------


def test_a_missing_journal_file_is_named_and_init_is_not_advised(closed_journal, cli):
    closed_journal.database.unlink()
    with pytest.raises(JournalFileMissing):
        unlock_with_passphrase(closed_journal, PASSPHRASE)
    result = cli(
        closed_journal.folder, "passwd", "--passphrase-stdin", stdin=f"{PASSPHRASE}\nx y z w v\n"
    )
    assert result.returncode == 1
    assert "journal.db" in result.stderr and "missing" in result.stderr
    assert "backup of journal.db back into the data folder" in result.stderr
    assert "saknad init" not in result.stderr
    # And init still refuses to write over the key file: nothing was changed.
    assert closed_journal.key_file.exists()


async def test_the_unlock_screen_says_the_journal_file_is_missing(closed_journal):
    closed_journal.database.unlink()
    app = build_app(closed_journal.folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, UnlockScreen)
        await fill(pilot, PASSPHRASE)
        await pilot.press("enter")
        message = screen.query_one("#unlock-message", Static)
        await wait_until(pilot, lambda: "journal.db" in str(message.render()), what="sentence")
        text = str(message.render())
        assert "missing" in text and "saknad init" not in text
        assert app.journal is None


# -- 12. settings that cannot be used -------------------------------------------------------


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "-1", "1e308", '"x"', "null"])
def test_an_unusable_idle_lock_falls_back_to_the_default_and_says_so(tmp_path, raw, english):
    path = tmp_path / "settings.json"
    path.write_text('{"language": "en", "idle_minutes": ' + raw + "}", encoding="utf-8")
    store = SettingsStore(path)
    settings = store.load()
    assert math.isfinite(settings.idle_minutes)
    assert settings.idle_minutes == DEFAULT_IDLE_MINUTES
    assert settings.language == "en"  # the usable setting is kept
    assert len(store.problems) == 1
    assert "locks after 5 minutes" in settings_problem_text(store.problems[0])


def test_a_usable_idle_lock_is_kept_without_a_word(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"language": "en", "idle_minutes": 12}', encoding="utf-8")
    store = SettingsStore(path)
    assert store.load().idle_minutes == 12.0 and store.problems == []


async def test_the_app_tells_at_start_that_a_setting_was_not_used(closed_journal, tmp_path):
    from tui.app_factory import make_app

    path = tmp_path / "settings.json"
    path.write_text('{"language": "en", "idle_minutes": NaN}', encoding="utf-8")
    app = make_app(folder=closed_journal.folder, settings_store=SettingsStore(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await wait_until(pilot, lambda: bool(app._notifications), what="a notification")
        said = [notification.message for notification in app._notifications]
        assert any("idle lock in the settings file" in message for message in said)
        assert app.settings.idle_minutes == DEFAULT_IDLE_MINUTES


# -- 15. two writers at once ----------------------------------------------------------------


def test_a_second_writer_waits_then_gets_journal_busy(new_journal, monkeypatch, english):
    journal = new_journal.journal
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    # Another Saknad: its own connection, holding a write transaction open.
    other = engine_module.open_engine(journal.paths.database, journal._data_key)
    with other.connect() as connection:
        connection.exec_driver_sql("UPDATE counsellor SET name = name")  # takes the write lock
        with pytest.raises(JournalBusy):
            journal.set_profile("Kim Fiktiv", "Skolkurator")
        connection.rollback()
    other.dispose()
    journal.set_profile("Kim Fiktiv", "Skolkurator")  # the other finished: it works again
    sentence = sentence_for(JournalBusy("x"))
    assert "in use by another Saknad" in sentence and "Try again" in sentence


def test_the_busy_timeout_is_set_on_every_connection(new_journal):
    journal = new_journal.journal
    with journal._engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == engine_module.BUSY_TIMEOUT_MS >= 1000


# -- 17. no real class list into the demo journal ---------------------------------------------


def _class_list(tmp_path: Path) -> Path:
    person = fictitious_personnummer(date(2012, 5, 3), 0)
    path = tmp_path / "klass.csv"
    path.write_text(f"Förnamn;Efternamn;Personnummer;Klass\nÅsa;Öberg;{person};7A\n")
    return path


def test_importing_into_the_demo_journal_is_refused(tmp_path, cli):
    from storage.demo import SCHOOL_UPPER

    home = tmp_path / "demo"
    made = cli(home, "demo", "--create-only", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    with unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal:
        before = journal.summary().pupils
    result = cli(
        home,
        "import",
        str(_class_list(tmp_path)),
        "--school",
        SCHOOL_UPPER,
        "--yes",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 1
    assert "demo journal" in result.stderr and "passphrase is public" in result.stderr
    with unlock_with_passphrase(JournalPaths(home), PASSPHRASE) as journal:
        assert journal.summary().pupils == before
