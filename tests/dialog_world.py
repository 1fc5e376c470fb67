"""A small fictitious world for the dialog, draft and lock tests, and helpers to read a screen."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app_helpers import FAST_KDF, TODAY, build_app, wait_for_screen, wait_until

from storage.access import create_journal
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths

PASSPHRASE = "four calm words here"
ALVA = fictitious_personnummer(date(2013, 4, 2), 1)
BO = fictitious_personnummer(date(2015, 9, 14), 2)


@dataclass
class World:
    """Alva (7A) and Bo (5A) share their mother Eva; Alva also has a sibling entered by hand.

    `folder` holds the journal, closed; `ids` names the rows the tests use.
    """

    folder: Path
    ids: dict[str, int]


def make_world(tmp_path: Path) -> World:
    folder = tmp_path / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    journal = created.journal
    journal.set_profile("Kim Fiktiv", "Skolkurator")
    school = journal.add_school("Påhittade skolan")
    seven_a = journal.add_group(school, "7A", school_year=7)
    five_a = journal.add_group(school, "5A", school_year=5)
    alva = journal.add_pupil(
        ALVA, "Alva", "Testsson", school_id=school, group_id=seven_a, today=TODAY
    )
    bo = journal.add_pupil(BO, "Bo", "Testsson", school_id=school, group_id=five_a, today=TODAY)
    eva = journal.add_guardian("Eva", "Testsson", phone="070-000 00 01")
    journal.link_guardian(alva, eva)
    journal.link_guardian(bo, eva)
    link = journal.add_sibling_link(alva, name="Dani Testsson", birth_year=2017)
    journal.close()
    ids = {"school": school, "seven_a": seven_a, "five_a": five_a}
    ids |= {"alva": alva, "bo": bo, "eva": eva, "dani_link": link}
    return World(folder, ids)


def app_for(world: World, **kwargs):
    """The app on the world's journal, locked: the first screen asks for the passphrase."""
    return build_app(world.folder, **kwargs)


async def unlock(pilot, passphrase: str = PASSPHRASE) -> None:
    from textual.widgets import Input

    from tui.screens.unlock import UnlockScreen

    screen = await wait_for_screen(pilot, UnlockScreen)
    field = screen.query_one("#passphrase", Input)
    await wait_until(pilot, lambda: field.has_focus, what="the passphrase field's focus")
    field.value = passphrase
    await pilot.press("enter")


async def open_card(pilot, pupil_id: int):
    from tui.screens.home import HomeScreen
    from tui.screens.pupil_card import PupilCardScreen

    await wait_for_screen(pilot, HomeScreen)
    pilot.app.open_pupil(pupil_id)
    card = await wait_for_screen(pilot, PupilCardScreen)
    await wait_until(pilot, lambda: card.card is not None, what="the card")
    return card


def screen_text(app) -> str:
    """The text of the screen as drawn (the SVG export's text runs, joined)."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return "".join(html.unescape(run).replace("\xa0", " ") for run in runs)


def reopen(world: World):
    """The world's journal, unlocked outside the app (to check what the app stored)."""
    from storage.access import unlock_with_passphrase

    return unlock_with_passphrase(JournalPaths(world.folder), PASSPHRASE)
