"""Failed workers: a storage error while a list or card loads is one sentence and the app keeps
running; a locked journal locks the app; a bug ends it with one sentence, never a traceback.

The errors are raised from the real journal object's methods (monkeypatched on the instance),
inside the real workers of the screens.
"""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import TODAY, build_app, counsellors_journal, wait_for_screen, wait_until
from textual.widgets import DataTable

from storage.errors import InvalidValue, JournalCorrupt, JournalLocked, StorageFull
from storage.identity import fictitious_personnummer
from tui.error_text import sentence_for
from tui.screens.class_list import ClassListScreen
from tui.screens.classes import ClassesScreen
from tui.screens.home import HomeScreen
from tui.screens.pupil_card import PupilCardScreen
from tui.screens.unlock import UnlockScreen

ALVA = fictitious_personnummer(date(2013, 4, 2), 1)


@pytest.fixture
def world(tmp_path):
    """One class, 7A, with Alva Testsson; the app opens straight into the journal."""
    journal = counsellors_journal(tmp_path)
    school = journal.add_school("Påhittade skolan")
    seven_a = journal.add_group(school, "7A", school_year=7)
    alva = journal.add_pupil(
        ALVA, "Alva", "Testsson", school_id=school, group_id=seven_a, today=TODAY
    )
    app = build_app(tmp_path / "journal", journal=journal)
    notes: list[tuple[str, str]] = []
    show = app.notify

    def recording_notify(message, *args, **kwargs):
        notes.append((str(message), kwargs.get("severity", "information")))
        return show(message, *args, **kwargs)

    app.notify = recording_notify  # type: ignore[method-assign]
    yield app, journal, {"alva": alva, "seven_a": seven_a}, notes
    journal.close()


def _fail_with(error: BaseException):
    def failing(*args, **kwargs):
        raise error

    return failing


async def _open_class_list(pilot, app) -> ClassListScreen:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("c")
    classes = await wait_for_screen(pilot, ClassesScreen)
    await wait_until(pilot, lambda: classes.rows, what="the classes")
    await pilot.press("enter")
    return await wait_for_screen(pilot, ClassListScreen)


async def test_a_full_disk_while_the_class_list_loads_is_a_sentence(world, monkeypatch):
    app, journal, _, notes = world
    monkeypatch.setattr(journal, "class_pupils", _fail_with(StorageFull("disk full")))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_class_list(pilot, app)
        await wait_until(pilot, lambda: notes, what="a notification")
        assert notes == [(sentence_for(StorageFull()), "error")]
        assert "disk is full" in notes[0][0]
        # Still running and answering keys: Escape goes back to the classes.
        assert isinstance(app.screen, ClassListScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, ClassesScreen)
        assert app.return_code is None and journal.is_open


async def test_a_damaged_journal_while_the_pupil_card_loads_is_a_sentence(world, monkeypatch):
    app, journal, ids, notes = world
    monkeypatch.setattr(journal, "pupil_card", _fail_with(JournalCorrupt("damaged")))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_pupil(ids["alva"])
        card = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: notes, what="a notification")
        assert notes == [(sentence_for(JournalCorrupt()), "error")]
        assert "damaged" in notes[0][0]
        assert card.card is None and app.screen is card
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        assert app.return_code is None and journal.is_open


async def test_an_invalid_value_is_a_sentence_naming_the_field_not_the_person(world, monkeypatch):
    app, journal, _, notes = world
    monkeypatch.setattr(
        journal, "classes", _fail_with(InvalidValue("kind", "unknown", "Alva Testsson"))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("c")
        await wait_for_screen(pilot, ClassesScreen)
        await wait_until(pilot, lambda: notes, what="a notification")
        assert "not accepted: the kind has a value Saknad does not know" in notes[0][0]
        assert "Alva" not in notes[0][0]
        assert isinstance(app.screen, ClassesScreen)


async def test_a_locked_journal_in_a_worker_locks_the_app(world, monkeypatch):
    app, journal, _, notes = world
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await pilot.press("c")
        classes = await wait_for_screen(pilot, ClassesScreen)
        await wait_until(pilot, lambda: classes.rows, what="the classes")
        monkeypatch.setattr(journal, "class_pupils", _fail_with(JournalLocked("locked")))
        await pilot.press("enter")
        await wait_for_screen(pilot, UnlockScreen)
        assert app.journal is None and not journal.is_open
        # The unlocked mode is gone with its screens and their widgets.
        await wait_until(
            pilot,
            lambda: not home.is_attached and not classes.is_attached,
            what="the old screens removed",
        )
        assert [type(s) for s in app.screen_stack] == [UnlockScreen]
        assert not app.screen.query(DataTable)
        assert app.return_code is None and notes == []


async def test_a_bug_in_a_worker_ends_the_app_with_a_sentence_not_a_traceback(
    world, monkeypatch, capsys
):
    app, journal, ids, _ = world
    secret = f"Alva Testsson {ALVA}"
    monkeypatch.setattr(journal, "pupil_card", _fail_with(RuntimeError(secret)))
    monkeypatch.delenv("SAKNAD_DEBUG", raising=False)
    with pytest.raises(RuntimeError):  # run_test hands the app's exception on to the test
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            app.open_pupil(ids["alva"])
            await wait_until(pilot, lambda: app.return_code is not None, what="the exit")
    assert app.return_code == 1
    assert not journal.is_open and app.journal is None
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    assert "Something unexpected went wrong" in shown
    assert "Alva" not in shown and ALVA not in shown and "Traceback" not in shown
