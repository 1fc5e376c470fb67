"""Pilot tests of the class lists, the pupil card and its dialogs, and "find pupil"."""

from __future__ import annotations

from datetime import date

import pytest
from app_helpers import FAST_KDF, TODAY, build_app, fill, type_text, wait_for_screen, wait_until
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, Static, Switch

from storage.access import create_journal
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths
from tui.dialogs.form import FormDialog
from tui.screens.class_list import ClassListScreen
from tui.screens.classes import ClassesScreen
from tui.screens.home import HomeScreen
from tui.screens.pupil_card import PupilCardScreen

ALVA = fictitious_personnummer(date(2013, 4, 2), 1)
BO = fictitious_personnummer(date(2015, 9, 14), 2)
CILLA = fictitious_personnummer(date(2013, 7, 30), 3)


@pytest.fixture
def world(tmp_path):
    """Two classes; Alva and Bo share a guardian (siblings); Cilla is alone in 7B."""
    created = create_journal(
        JournalPaths(tmp_path / "journal"), "four calm words here", params=FAST_KDF
    )
    journal = created.journal
    journal.set_profile("Kim Fiktiv", "Skolkurator")
    school = journal.add_school("Påhittade skolan")
    seven_a = journal.add_group(school, "7A", school_year=7)
    seven_b = journal.add_group(school, "7B", school_year=7)
    five_a = journal.add_group(school, "5A", school_year=5)
    ids = {
        "alva": journal.add_pupil(
            ALVA,
            "Alva",
            "Testsson",
            school_id=school,
            group_id=seven_a,
            street="Påhittad väg 1",
            postal_code="000 00",
            city="Ingenstad",
            today=TODAY,
        ),
        "bo": journal.add_pupil(
            BO, "Bo", "Testsson", school_id=school, group_id=five_a, today=TODAY
        ),
        "cilla": journal.add_pupil(
            CILLA, "Cilla", "Exempel", school_id=school, group_id=seven_b, today=TODAY
        ),
        "seven_a": seven_a,
        "seven_b": seven_b,
    }
    mother = journal.add_guardian(
        "Eva", "Testsson", phone="070-000 00 01", interpreter_needed=True, language="arabiska"
    )
    journal.link_guardian(ids["alva"], mother)
    journal.link_guardian(ids["bo"], mother)
    app = build_app(tmp_path / "journal", journal=journal)
    return app, journal, ids


def _table_column(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def _open_card(pilot, app, pupil_id: int) -> PupilCardScreen:
    app.open_pupil(pupil_id)
    card = await wait_for_screen(pilot, PupilCardScreen)
    await wait_until(pilot, lambda: card.card is not None, what="the card")
    return card


async def test_classes_with_counts_and_into_a_class(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("c")
        screen = await wait_for_screen(pilot, ClassesScreen)
        table = screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 3)
        assert _table_column(table, 0) == ["5A", "7A", "7B"]
        assert _table_column(table, 3) == ["1", "1", "1"]
        await pilot.press("j", "enter")  # vim down to 7A
        class_screen = await wait_for_screen(pilot, ClassListScreen)
        pupils = class_screen.query_one(DataTable)
        await wait_until(pilot, lambda: pupils.row_count == 1)
        assert str(pupils.get_row_at(0)[0]) == "Testsson"
        assert str(pupils.get_row_at(0)[2]).endswith("-••••")  # masked by default
        await pilot.press("ctrl+r")  # not a letter: typing a name never reveals (issue 8)
        assert str(pupils.get_row_at(0)[2]) == f"{ALVA[:8]}-{ALVA[8:]}"


async def test_filter_as_you_type(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("c")
        screen = await wait_for_screen(pilot, ClassesScreen)
        table = screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 3)
        await pilot.press("slash")
        await type_text(pilot, "7")
        assert _table_column(table, 0) == ["7A", "7B"]
        await pilot.press("b")
        assert _table_column(table, 0) == ["7B"]
        await pilot.press("escape")  # clears the filter first
        assert table.row_count == 3 and isinstance(app.screen, ClassesScreen)


async def test_card_shows_guardians_and_a_sibling_through_a_shared_guardian(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, app, ids["alva"])
        guardians = card.query_one("#guardians", DataTable)
        assert str(guardians.get_row_at(0)[0]) == "Eva Testsson"
        assert str(guardians.get_row_at(0)[4]) == "arabiska"
        siblings = card.query_one("#siblings", DataTable)
        assert str(siblings.get_row_at(0)[0]) == "Bo Testsson"
        assert str(siblings.get_row_at(0)[3]) == "shared guardian"
        identity = str(card.query_one("#card-identity", Static).render())
        assert "Påhittad väg 1" in identity and ALVA[8:] not in identity


async def test_edit_a_pupil_from_the_card(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, app, ids["alva"])
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#first_name", Input).value = "Alvina"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(
            pilot, lambda: "Alvina" in str(card.query_one("#card-name", Static).render())
        )
    assert journal.pupil_card(ids["alva"]).pupil.first_name == "Alvina"
    changes = [
        row.changes
        for row in journal.audit_trail(50)
        if row.table_name == "pupil" and row.action == "update"
    ]
    assert any('"first_name": ["Alva", "Alvina"]' in change for change in changes)


async def test_protected_identity_removes_the_address(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, app, ids["alva"])
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#protected_identity", Switch).value = True
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(
            pilot, lambda: "PROTECTED" in str(card.query_one("#card-identity", Static).render())
        )
    assert journal.pupil_address(ids["alva"]) == (None, None, None)


async def test_a_duplicate_number_is_refused_naming_the_holder(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await _open_card(pilot, app, ids["cilla"])
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#identity_number", Input).value = ALVA
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "already has" in str(message.render()))
        assert "Alva Testsson in 7A" in str(message.render())
        assert isinstance(app.screen, FormDialog)  # nothing typed is lost
    assert journal.pupil_card(ids["cilla"]).pupil.identity_number == CILLA


async def test_an_invalid_number_says_why(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await _open_card(pilot, app, ids["cilla"])
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, FormDialog)
        wrong = CILLA[:-1] + str((int(CILLA[-1]) + 1) % 10)
        dialog.query_one("#identity_number", Input).value = wrong
        await pilot.press("ctrl+s")
        message = dialog.query_one("#form-message", Static)
        await wait_until(pilot, lambda: "check digit" in str(message.render()))


async def test_add_a_sibling_at_an_independent_school(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, app, ids["cilla"])
        await pilot.press("b")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#name", Input).value = "Dani Exempel"
        dialog.query_one("#birth_year", Input).value = "2016"
        dialog.query_one("#school_name", Input).value = "Friskolan Påhitt"
        from textual.widgets import Select

        dialog.query_one("#school_type", Select).value = "independent"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        siblings = card.query_one("#siblings", DataTable)
        await wait_until(pilot, lambda: siblings.row_count == 1)
        assert "friskola" in str(siblings.get_row_at(0)[2])
    sibling = journal.pupil_card(ids["cilla"]).siblings[0]
    assert (sibling.name, sibling.birth_year, sibling.school_type) == (
        "Dani Exempel",
        2016,
        "independent",
    )


async def test_add_a_guardian_and_move_class_and_mark_left(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, app, ids["cilla"])
        await pilot.press("g")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#first_name", Input).value = "Sam"
        dialog.query_one("#last_name", Input).value = "Exempel"
        dialog.query_one("#phone", Input).value = "070-000 00 09"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.query_one("#guardians", DataTable).row_count == 1)

        await pilot.press("m")
        dialog = await wait_for_screen(pilot, FormDialog)
        from textual.widgets import Select

        dialog.query_one("#class_id", Select).value = ids["seven_a"]
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card.pupil.class_name == "7A")

        await pilot.press("l")
        dialog = await wait_for_screen(pilot, FormDialog)
        dialog.query_one("#destination", Input).value = "Annan kommun"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: card.card.pupil.left_on == TODAY)
    pupil = journal.pupil_card(ids["cilla"]).pupil
    assert (pupil.class_name, pupil.left_destination) == ("7A", "Annan kommun")


async def test_write_a_note(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, app, ids["bo"])
        await pilot.press("n")
        await wait_for_screen(pilot, FormDialog)
        # Notes have several lines (issue 8): Enter is a new line, Ctrl+S saves.
        await type_text(pilot, "Mentor ringde hem")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(
            pilot,
            lambda: "Mentor ringde hem" in str(card.query_one("#card-notes", Static).render()),
        )


async def test_find_pupil_from_the_palette(world):
    app, journal, ids = world
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await fill(pilot, "cilla")
        hits = palette.query_one(CommandList)
        await wait_until(
            pilot,
            lambda: any("Cilla" in str(option.prompt) for option in hits.options),
            what="the search hit",
        )
        await pilot.press("enter")
        card = await wait_for_screen(pilot, PupilCardScreen)
        assert card.pupil_id == ids["cilla"]


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_card_reveals_the_number_only_on_ctrl_r_and_takes_capitals(world, size):
    """Issue 8, points 16-17 on the pupil card: no bare letter reveals the whole identity
    number (a mistyped key would); the capitals the help names work."""
    app, journal, ids = world

    def identity(card) -> str:
        return str(card.query_one("#card-identity", Static).render())

    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        card = await _open_card(pilot, app, ids["alva"])
        for key in ("v", "V"):
            await pilot.press(key)
            await pilot.pause()
            assert ALVA[-4:] not in identity(card), key
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: ALVA[-4:] in identity(card), what="the whole number")
        await pilot.press("E")
        await wait_for_screen(pilot, FormDialog)


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_card_is_one_read_and_one_paint(world, size):
    """Issue 8, point 11: the name, the guardians' phone numbers and the siblings arrive
    together, from one read of the journal, never in stages."""
    app, journal, ids = world
    reads = []
    real_card = journal.pupil_card

    def counted(pupil_id):
        reads.append(pupil_id)
        return real_card(pupil_id)

    journal.pupil_card = counted
    seen: list[tuple[str, int, int]] = []
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_pupil(ids["alva"])
        card = await wait_for_screen(pilot, PupilCardScreen)
        name = card.query_one("#card-name", Static)
        guardians = card.query_one("#guardians", DataTable)
        siblings = card.query_one("#siblings", DataTable)
        for _ in range(100):  # every state a paint could show, until the card is complete
            seen.append((str(name.render()), guardians.row_count, siblings.row_count))
            if card.card is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        assert "070-000 00 01" in _table_column(guardians, 2)[0]
    assert reads == [ids["alva"]]
    states = set(seen)
    # Before the read: "Reading the journal..." and empty tables; after: all of it at once.
    assert all((rows, sibs) == (0, 0) for text, rows, sibs in states if "Alva" not in text)
    assert all((rows, sibs) == (1, 1) for text, rows, sibs in states if "Alva" in text)
