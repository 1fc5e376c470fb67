"""Write the SVG screenshots in this folder from the real app, through tui.app_factory.

Run: .venv/bin/python screenshots/take_screenshots.py

Every journal is created in a temporary folder with fictitious people only; nothing here is
edited by hand. The scenes mirror the snapshot tests, at a roomier terminal size.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from storage.access import create_journal
from storage.keys import Argon2Params
from storage.paths import JournalPaths
from tui.app_factory import make_app
from tui.screens.classes import ClassesScreen
from tui.screens.home import HomeScreen
from tui.screens.import_list import ImportScreen
from tui.screens.notices import NoticesScreen
from tui.screens.problematic_absence import ProblematicAbsenceScreen
from tui.screens.pupil_card import PupilCardScreen
from tui.screens.register import RegisterScreen
from tui.screens.register_week import RegisterWeekScreen
from tui.screens.setup import SetupScreen
from tui.screens.unlock import UnlockScreen
from tui.settings import Settings

HERE = Path(__file__).parent
SIZE = (100, 30)
TODAY = date(2026, 11, 30)
PASSPHRASE = "screenshot passphrase"
FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)


async def _settle(pilot, screen_type) -> None:
    for _ in range(200):
        if isinstance(pilot.app.screen, screen_type) and not pilot.app.workers._workers:
            break
        await pilot.pause(0.05)
    await pilot.pause(0.3)


async def _shoot(app, screen_type, name: str, before=None) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, object)
        if before is not None:
            await before(pilot)
            await _settle(pilot, screen_type)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"wrote screenshots/{name}.svg")


def _app(folder: Path, language: str, **kwargs):
    return make_app(
        folder=folder,
        settings=Settings(language=language),
        today=TODAY,
        kdf_params=FAST,
        try_remembered=False,
        **kwargs,
    )


async def _fill_setup(pilot) -> None:
    screen = pilot.app.screen
    for field, value in (
        ("passphrase", "fyra lugna ord här"),
        ("repeat", "fyra lugna ord här"),
        ("name", "Kim Fiktiv"),
        ("school", "Påhittade skolan"),
        ("phone", "070-000 00 00"),
    ):
        screen.query_one(f"#{field}").value = value
    screen.query_one("#passphrase").focus()


async def _open_classes(pilot) -> None:
    pilot.app.action_classes()


async def _open_problematic(pilot) -> None:
    await pilot.press("p")


async def _open_card(pilot, pupil_id: int) -> None:
    pilot.app.open_pupil(pupil_id)


async def _open_notices(pilot) -> None:
    pilot.app.action_notices()


async def _preview(pilot, path: Path) -> None:
    pilot.app.action_import_list()
    for _ in range(100):
        if isinstance(pilot.app.screen, ImportScreen):
            break
        await pilot.pause(0.05)
    await pilot.pause(0.5)
    screen = pilot.app.screen
    school = next(c.school_id for c in pilot.app.journal.classes() if c.name == "8C")
    screen.query_one("#school").value = school
    screen.query_one("#path").value = str(path)
    screen.action_read()
    for _ in range(200):
        if screen.preview is not None:
            break
        await pilot.pause(0.05)


async def _open_register(pilot, class_id: int) -> None:
    pilot.app.push_screen(RegisterScreen(class_id, "7B", TODAY))
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, RegisterScreen) and screen.register is not None and screen.is_idle:
            break
        await pilot.pause(0.05)


async def _open_week(pilot, class_id: int, day: date) -> None:
    pilot.app.push_screen(RegisterWeekScreen(class_id, "7B", day))
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, RegisterWeekScreen) and screen.week is not None:
            break
        await pilot.pause(0.05)


async def _open_case(pilot, case_id: int) -> None:
    from tui.screens.case import CaseScreen

    pilot.app.push_screen(CaseScreen(case_id))
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, CaseScreen) and screen.view is not None:
            break
        await pilot.pause(0.05)


async def _open_chronology(pilot, pupil_id: int, name: str) -> None:
    """The pupil's chronology, the newest entry highlighted (read whole in the detail pane)."""
    from storage.codes import ChronologyKind
    from tui.screens.chronology import ChronologyScreen

    pilot.app.push_screen(ChronologyScreen(pupil_id, name))
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, ChronologyScreen) and screen.items is not None:
            break
        await pilot.pause(0.05)
    entry = next(i for i in screen.shown_items() if i.kind == ChronologyKind.ENTRY)
    screen.focus_on(entry.kind, entry.source_id)


def _class_list_file(journal) -> bytes:
    """Class 8C as a school system would export it: one changed name, one new pupil and one
    number a spreadsheet mangled (all fictitious, from the reserved test series)."""
    from storage.identity import fictitious_personnummer

    rows = ["Förnamn;Efternamn;Personnummer;Klass"]
    members = [p for p in journal.pupils() if p.class_name == "8C"]
    for index, pupil in enumerate(members):
        first = pupil.first_name + ("-Li" if index == 0 else "")
        rows.append(f"{first};{pupil.last_name};{pupil.identity_number};8C")
    rows.append(f"Nova;Nyberg;{fictitious_personnummer(date(2012, 6, 30), 7)};8C")
    rows.append("Sam;Svensson;2,01206E+11;8C")
    return ("\r\n".join(rows) + "\r\n").encode("utf-8-sig")


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for language, suffix in (("sv", ""), ("en", "-en")):
            folder = Path(tmp) / f"empty-{language}"
            await _shoot(_app(folder, language), SetupScreen, f"setup{suffix}", _fill_setup)

            created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST)
            created.journal.set_profile("Kim Fiktiv", "Skolkurator")
            created.journal.close()
            await _shoot(_app(folder, language), UnlockScreen, f"unlock{suffix}")

            created = create_journal(
                JournalPaths(Path(tmp) / f"home-{language}"), PASSPHRASE, params=FAST
            )
            created.journal.set_profile("Kim Fiktiv", "Skolkurator")
            await _shoot(
                _app(created.journal.paths.folder, language, journal=created.journal),
                HomeScreen,
                f"home-empty{suffix}",
            )

            demo_folder = Path(tmp) / f"demo-{language}"
            created = create_journal(JournalPaths(demo_folder), PASSPHRASE, params=FAST)
            from storage.demo import build_demo

            build_demo(created.journal, today=TODAY)
            journal = created.journal
            # Home on the demo's today: the morning dashboard.
            await _shoot(
                _app(demo_folder, language, journal=journal), HomeScreen, f"dashboard{suffix}"
            )
            await _shoot(
                _app(demo_folder, language, journal=journal),
                ClassesScreen,
                f"classes{suffix}",
                _open_classes,
            )
            pupil = next(p for p in journal.pupils() if p.class_name == "7B")
            await _shoot(
                _app(demo_folder, language, journal=journal),
                PupilCardScreen,
                f"pupil-card{suffix}",
                lambda pilot: _open_card(pilot, pupil.id),
            )
            await _shoot(
                _app(demo_folder, language, journal=journal),
                NoticesScreen,
                f"notices{suffix}",
                _open_notices,
            )
            await _shoot(
                _app(demo_folder, language, journal=journal),
                ProblematicAbsenceScreen,
                f"problematic-absence{suffix}",
                _open_problematic,
            )
            csv_file = Path(tmp) / "klass-8c.csv"
            csv_file.write_bytes(_class_list_file(journal))
            await _shoot(
                _app(demo_folder, language, journal=journal),
                ImportScreen,
                f"import-preview{suffix}",
                lambda pilot: _preview(pilot, csv_file),
            )
            seven_b = next(c for c in journal.classes() if c.name == "7B")
            await _shoot(
                _app(demo_folder, language, journal=journal),
                RegisterScreen,
                f"register{suffix}",
                lambda pilot: _open_register(pilot, seven_b.id),
            )
            last_week = TODAY - timedelta(days=TODAY.weekday() + 7)  # the demo took it
            await _shoot(
                _app(demo_folder, language, journal=journal),
                RegisterWeekScreen,
                f"register-week{suffix}",
                lambda pilot: _open_week(pilot, seven_b.id, last_week),
            )
            from storage.codes import CaseKind
            from tui.screens.case import CaseScreen

            missing = [
                c
                for c in journal.open_cases(TODAY)
                if c.kind == CaseKind.MISSING and not c.honour_related
            ]
            case = min(missing, key=lambda c: c.day0)  # not back after the break
            await _shoot(
                _app(demo_folder, language, journal=journal),
                CaseScreen,
                f"case{suffix}",
                lambda pilot: _open_case(pilot, case.case_id),
            )
            from tui.screens.chronology import ChronologyScreen

            card = journal.pupil_card(case.pupil_id).pupil
            await _shoot(
                _app(demo_folder, language, journal=journal),
                ChronologyScreen,
                f"chronology{suffix}",
                lambda pilot: _open_chronology(
                    pilot, case.pupil_id, f"{card.first_name} {card.last_name}"
                ),
            )
            # The contact directory (issue 11): the starting entries and the sibling schools.
            from tui.screens.directory import DirectoryScreen

            async def open_directory(pilot) -> None:
                pilot.app.action_directory()

            await _shoot(
                _app(demo_folder, language, journal=journal),
                DirectoryScreen,
                f"directory{suffix}",
                open_directory,
            )
            # Backup from home (issue 12): B, over the dashboard and its reminder line; a
            # fixed path on a removable drive, so the picture is the same on every machine.
            from tui.dialogs.backup_dialog import BackupDialog

            async def open_backup(pilot) -> None:
                pilot.app.push_screen(
                    BackupDialog("/media/kurator/USB/saknad-backup-2026-11-30.saknad")
                )

            await _shoot(
                _app(demo_folder, language, journal=journal),
                BackupDialog,
                f"backup{suffix}",
                open_backup,
            )
            # The report of concern (issue 12) about the demo's honour-related missing pupil,
            # its worry written. Near the end: it adds a draft to the demo journal.
            from storage.report_of_concern import DraftFields
            from tui.screens.report_of_concern import ReportScreen

            honour = next(
                c
                for c in journal.open_cases(TODAY)
                if c.kind == CaseKind.MISSING and c.honour_related
            )
            draft = journal.start_report(honour.pupil_id, case_id=honour.case_id)
            journal.update_report_draft(
                draft,
                DraftFields(
                    worry="Eleven berättade före lovet att familjen planerar en resa och att "
                    "hon är rädd att inte få komma tillbaka.",
                    since_when="före höstlovet",
                    acute_danger=True,
                    child_informed=False,
                    honour_related=True,
                ),
            )

            async def open_report(pilot) -> None:
                pilot.app.push_screen(ReportScreen(draft))

            await _shoot(
                _app(demo_folder, language, journal=journal),
                ReportScreen,
                f"report-of-concern{suffix}",
                open_report,
            )
            # Records due for review (issue 12): two pupils of 7B who left years ago. Last,
            # as it changes the demo journal.
            from tui.screens.records_review import RecordsReviewScreen

            leavers = journal.class_pupils(seven_b.id)[:2]
            for leaver, left_on in zip(
                leavers, (date(2019, 6, 14), date(2018, 6, 15)), strict=True
            ):
                journal.mark_left(leaver.id, on=left_on, destination="Annan kommun")

            async def open_review(pilot) -> None:
                pilot.app.action_records_review()

            await _shoot(
                _app(demo_folder, language, journal=journal),
                RecordsReviewScreen,
                f"records-review{suffix}",
                open_review,
            )
            # The watch list (issue 13): two pupils of 8C, one before the coming break (its
            # prevention case has overdue steps), one with no particular break.
            from tui.screens.watch_list import WatchListScreen

            eight_c = next(c for c in journal.classes() if c.name == "8C")
            first, second = journal.class_pupils(eight_c.id)[:2]
            coming = journal.watch_breaks(first.id, TODAY)[0]
            journal.put_on_watch_list(
                first.id,
                "Berättade om en resa hen inte vill göra",
                coming.id,
                TODAY - timedelta(days=7),
                at=datetime(2026, 11, 23, 9, 15, tzinfo=UTC),
            )
            journal.put_on_watch_list(
                second.id,
                "Ett syskon har förts utomlands tidigare",
                None,
                TODAY,
                at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
            )

            async def open_watch_list(pilot) -> None:
                pilot.app.action_watch_list()

            await _shoot(
                _app(demo_folder, language, journal=journal),
                WatchListScreen,
                f"watch-list{suffix}",
                open_watch_list,
            )
            # The first-day-back roll call (issue 13): the demo's schools given a break that
            # ends on the Friday before today, every register of today taken but 7B's, a
            # pupil of 7B on the watch list. Last, as it changes the demo journal.
            from storage import models as m
            from storage.codes import CalendarKind
            from tui.screens.first_day_back import FirstDayBackScreen

            for school_id in {c.school_id for c in journal.classes()}:
                journal.add_calendar_period(
                    school_id,
                    CalendarKind.BREAK,
                    date(2026, 11, 23),
                    date(2026, 11, 27),
                    "Lov v. 48",
                )
            for group in journal.classes():
                if group.id != seven_b.id:
                    journal.take_register(group.id, TODAY)
            with journal._session() as session:
                # Not one of the two leavers above: a pupil at school today.
                watched = next(
                    p
                    for p in journal.class_pupils(seven_b.id)
                    if p.id not in {x.id for x in leavers}
                )
                session.add(m.WatchEntry(pupil_id=watched.id, reason="Rädd för resan"))

            async def open_roll_call(pilot) -> None:
                pilot.app.action_first_day_back()

            await _shoot(
                _app(demo_folder, language, journal=journal),
                FirstDayBackScreen,
                f"first-day-back{suffix}",
                open_roll_call,
            )
            # The report of concern as its PDF prints (issue 12): page 1 of the hand-built
            # sample report (fictitious people), typeset by Typst as the export does.
            _report_page(language, f"report-of-concern-page1{suffix}.png")


def _report_page(language: str, name: str) -> None:
    import sys

    from tui.i18n import set_language
    from tui.render.report_pdf import render_png

    sys.path.insert(0, str(HERE.parent / "tests"))
    from report_samples import sample_report

    set_language(language)
    (HERE / name).write_bytes(render_png(sample_report(), 1, ppi=96))


if __name__ == "__main__":
    asyncio.run(main())
