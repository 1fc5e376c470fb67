"""Issue 9, point 16: an import reads only regular files, and only so much of them.

A named pipe, a device (a symlink to /dev/zero) or a folder is refused at once with a
sentence, never read (a pipe would block for ever, /dev/zero never ends); the 50 MiB limit
counts the bytes actually read; too many columns or rows get their own sentences. Each in the
CLI and on the app's import screen.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from contextlib import contextmanager
from datetime import date

import pytest
from app_helpers import FAST_KDF, build_app, read_in_import_screen, wait_until
from textual.widgets import Static

from storage.access import create_journal
from storage.identity import fictitious_personnummer
from storage.importing.file_reading import (
    NOT_A_REGULAR_FILE,
    TOO_LARGE,
    ImportFileRefused,
    read_import_file,
)
from storage.importing.limits import MAX_COLUMNS, MAX_ROWS
from storage.paths import JournalPaths

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")

PASSPHRASE = "a long enough passphrase"
A = fictitious_personnummer(date(2012, 5, 3), 0)
HEADER = "Förnamn;Efternamn;Personnummer;Klass"
NOT_ORDINARY = "not an ordinary file but a device, a pipe or a socket"


@contextmanager
def within(seconds: int):
    """Fail (instead of hanging the suite) when the block takes longer than `seconds`."""

    def too_slow(_signum, _frame):
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "klass.csv"
    os.mkfifo(path)
    yield path
    # A reader still blocked on the pipe (a failing run) is let go, so the suite ends; with
    # no reader left the open fails, and nothing is to be done.
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@pytest.fixture
def zero(tmp_path):
    path = tmp_path / "klass7.csv"
    path.symlink_to("/dev/zero")
    return path


@pytest.fixture
def wide(tmp_path):
    path = tmp_path / "bred.csv"
    path.write_bytes(";".join(f"k{n}" for n in range(1_000_000)).encode() + b"\r\n")
    return path


@pytest.fixture
def long(tmp_path):
    path = tmp_path / "lang.csv"
    path.write_bytes((f"{HEADER}\r\n" + f"Ulla;Ek;{A};7A\r\n" * (MAX_ROWS + 1)).encode())
    return path


def test_a_fifo_and_a_device_are_refused_without_reading(fifo, zero):
    for path in (fifo, zero):
        with within(5), pytest.raises(ImportFileRefused) as refused:
            read_import_file(path)
        assert refused.value.code == NOT_A_REGULAR_FILE


def test_the_limit_counts_bytes_actually_read(tmp_path):
    file = tmp_path / "klass.csv"
    file.write_bytes(b"x" * 1001)
    assert len(read_import_file(file, limit=1001)) == 1001
    with pytest.raises(ImportFileRefused) as refused:
        read_import_file(file, limit=1000)
    assert refused.value.code == TOO_LARGE


# -- the CLI -----------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path, cli):
    home = tmp_path / "home"
    assert cli(home, "init", "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    return home


def _import(cli, home, path):
    return cli(
        home,
        "import",
        str(path),
        "--dry-run",
        "--school",
        "Ekbacken",
        "--new-school",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_the_cli_refuses_a_fifo_and_a_device_at_once(kind, request, tmp_path, cli):
    path = request.getfixturevalue(kind)
    with within(10):  # a guard against hanging on the FIFO, not a speed test
        result = _import(cli, tmp_path / "home", path)
    assert result.returncode == 2
    assert f"{path.name}: That is {NOT_ORDINARY}" in result.stderr


def test_the_cli_refuses_a_million_columns_with_its_sentence(home, wide, cli):
    with within(30):  # a guard against hanging, not a speed test
        result = _import(cli, home, wide)
    assert result.returncode == 1
    assert f"line 1: the file has more than {MAX_COLUMNS} columns" in result.stdout


def test_the_cli_refuses_too_many_rows_with_its_sentence(home, long, cli):
    with within(60):
        result = _import(cli, home, long)
    assert result.returncode == 1
    assert f"line {MAX_ROWS + 2}: the file has more than 100\u00a0000 rows" in result.stdout


# -- the app's import screen ---------------------------------------------------------------


@pytest.fixture
def app(tmp_path):
    created = create_journal(
        JournalPaths(tmp_path / "journal"), "four calm words here", params=FAST_KDF
    )
    created.journal.set_profile("Kim Fiktiv", "Skolkurator")
    created.journal.add_school("Påhittade skolan")
    return build_app(tmp_path / "journal", journal=created.journal)


_read = read_in_import_screen


def _summary(screen) -> str:
    return str(screen.query_one("#import-summary", Static).render())


@pytest.mark.parametrize("kind", ["fifo", "zero"])
async def test_the_import_screen_refuses_a_fifo_and_a_device(kind, request, app):
    path = request.getfixturevalue(kind)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _read(pilot, path)
        await wait_until(pilot, lambda: NOT_ORDINARY in _summary(screen), what="the sentence")
        await app.workers.wait_for_complete()  # the worker ended: nothing left blocked


async def test_the_import_screen_says_too_many_columns(app, wide):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _read(pilot, wide)
        await wait_until(
            pilot,
            lambda: f"more than {MAX_COLUMNS} columns" in _summary(screen),
            what="the sentence",
        )


async def test_the_import_screen_says_too_many_rows(app, long):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _read(pilot, long)
        await wait_until(
            pilot, lambda: "more than 100\u00a0000 rows" in _summary(screen), what="the sentence"
        )
