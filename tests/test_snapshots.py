"""Snapshot tests: every screen that screenshots/ shows, plus the recover screen, settings,
the F1 help and a dialog (a note being written), in Swedish and in English, at 80x24 and at 120x36.

Deterministic on purpose: a fixed today, the demo world from its fixed seed, no keyring (the
settings switch looks the same on every machine), relative file paths, the default theme,
fictitious people only. After a deliberate change of the screens:
`pytest tests/test_snapshots.py --snapshot-update`, then look at the new SVGs before
committing them.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from app_helpers import FAST_KDF, TODAY, build_app, type_text, wait_for_screen, wait_until

from storage.access import create_journal, unlock_with_passphrase
from storage.demo import build_demo
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths

LANGUAGES = ["sv", "en"]
SIZES = [(80, 24), (120, 36)]
PASSPHRASE = "snapshot passphrase"
DATA_FOLDER = "~/.local/share/saknad"
"""Shown on the settings screen instead of the test's temporary folder, which varies."""

RunBefore = Callable[[object], Awaitable[None]]


async def _settle(pilot) -> None:
    # Let workers (storage warm-up, reading the journal) finish, the footer mount, and every
    # table size its columns (which a DataTable does when idle, after its rows arrive).
    from textual.widgets import DataTable, Input

    for _ in range(200):
        if not pilot.app.workers._workers:
            break
        await pilot.pause(0.05)

    # Every screen of the stack: a dialog's snapshot shows the screen under it too.
    def tables() -> list[DataTable]:
        return [t for screen in pilot.app.screen_stack for t in screen.query(DataTable)]

    await wait_until(
        pilot,
        lambda: not any(table._require_update_dimensions for table in tables()),
        what="the tables sized",
    )
    # Textual 8.2.8's DataTable may keep drawing its header at the widths it had before the
    # rows arrived until something refreshes it (seen as a narrow header over wide columns,
    # now and then); redraw, so the snapshot shows the table as it settles.
    for table in tables():
        table.refresh()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor is there in one snapshot, not the next
    await pilot.pause(0.2)
    await pilot.pause()


def _then_settle(step: RunBefore) -> RunBefore:
    async def run(pilot) -> None:
        await _settle(pilot)
        await step(pilot)
        await _settle(pilot)

    return run


@dataclass
class Demo:
    """The demo world, built once per module and opened afresh by each test."""

    folder: Path
    class_id: int
    pupil_id: int
    csv: bytes

    def open(self):
        return unlock_with_passphrase(JournalPaths(self.folder), PASSPHRASE)


def _class_list_file(journal) -> bytes:
    """Class 8C as a school system would export it: one changed name, one new pupil and one
    number a spreadsheet mangled (as screenshots/take_screenshots.py does)."""
    rows = ["Förnamn;Efternamn;Personnummer;Klass"]
    members = [p for p in journal.pupils() if p.class_name == "8C"]
    for index, pupil in enumerate(members):
        first = pupil.first_name + ("-Li" if index == 0 else "")
        rows.append(f"{first};{pupil.last_name};{pupil.identity_number};8C")
    rows.append(f"Nova;Nyberg;{fictitious_personnummer(date(2012, 6, 30), 7)};8C")
    rows.append("Sam;Svensson;2,01206E+11;8C")
    return ("\r\n".join(rows) + "\r\n").encode("utf-8-sig")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    folder = tmp_path_factory.mktemp("snapshot-demo") / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    with created.journal as journal:
        build_demo(journal, today=TODAY)
        seven_b = next(c for c in journal.classes() if c.name == "7B")
        # A pupil without notes: a note shows its time in the machine's time zone.
        pupil = next(
            p for p in journal.class_pupils(seven_b.id) if not journal.pupil_card(p.id).notes
        )
        return Demo(folder, seven_b.id, pupil.id, _class_list_file(journal))


@pytest.fixture
def opened(demo):
    """Open journals of the demo, closed after the test."""
    journals = []

    def open_demo():
        journals.append(demo.open())
        return journals[-1]

    yield open_demo
    for journal in journals:
        journal.close()


# -- the scenes: each builds the app and says what to do before the snapshot ---------------


def _setup(tmp_path, language, demo, opened):
    return build_app(tmp_path / "journal", language=language), _settle


def _locked(tmp_path, language):
    folder = tmp_path / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    created.journal.set_profile("Kim Fiktiv", "Skolkurator")
    created.journal.close()
    return build_app(folder, language=language, try_remembered=False)


def _unlock(tmp_path, language, demo, opened):
    return _locked(tmp_path, language), _settle


def _recover(tmp_path, language, demo, opened):
    async def forgot(pilot) -> None:
        await pilot.press("ctrl+r")
        from tui.screens.recover import RecoverScreen

        await wait_for_screen(pilot, RecoverScreen)
        await type_text(pilot, "ABCD-EFGH-JKLM")

    return _locked(tmp_path, language), _then_settle(forgot)


async def _home_read(pilot) -> None:
    from textual.widgets import Static

    from tui.screens.home import HomeScreen

    screen = await wait_for_screen(pilot, HomeScreen)
    await wait_until(
        pilot, lambda: str(screen.query_one("#greeting", Static).render()), what="the summary"
    )
    await _settle(pilot)


def _home_empty(tmp_path, language, demo, opened):
    created = create_journal(JournalPaths(tmp_path / "journal"), PASSPHRASE, params=FAST_KDF)
    created.journal.set_profile("Kim Fiktiv", "Skolkurator")
    opened_journal = created.journal
    app = build_app(tmp_path / "journal", language=language, journal=opened_journal)
    return app, _home_read


def _demo_app(language, demo, opened):
    return build_app(demo.folder, language=language, journal=opened())


def _home(tmp_path, language, demo, opened):
    return _demo_app(language, demo, opened), _home_read


def _classes(tmp_path, language, demo, opened):
    async def show(pilot) -> None:
        from tui.screens.classes import ClassesScreen

        pilot.app.action_classes()
        screen = await wait_for_screen(pilot, ClassesScreen)
        await wait_until(pilot, lambda: screen.rows, what="the classes")

    return _demo_app(language, demo, opened), _then_settle(show)


def _class_list(tmp_path, language, demo, opened):
    async def show(pilot) -> None:
        from tui.screens.class_list import ClassListScreen

        pilot.app.push_screen(ClassListScreen(demo.class_id, "7B"))
        screen = await wait_for_screen(pilot, ClassListScreen)
        await wait_until(pilot, lambda: screen.rows, what="the pupils")

    return _demo_app(language, demo, opened), _then_settle(show)


def _pupil_card(tmp_path, language, demo, opened):
    async def show(pilot) -> None:
        from tui.screens.pupil_card import PupilCardScreen

        pilot.app.open_pupil(demo.pupil_id)
        screen = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: screen.card is not None, what="the card")

    return _demo_app(language, demo, opened), _then_settle(show)


def _import_preview(tmp_path, language, demo, opened):
    # A relative path, so the field shows the same text in every run.
    (tmp_path / "klass-8c.csv").write_bytes(demo.csv)

    async def preview(pilot) -> None:
        from textual.widgets import Input, Select

        from tui.screens.import_list import ImportScreen

        pilot.app.action_import_list()
        screen = await wait_for_screen(pilot, ImportScreen)
        await _settle(pilot)
        school = next(c.school_id for c in pilot.app.journal.classes() if c.name == "8C")
        screen.query_one("#school", Select).value = school
        screen.query_one("#path", Input).value = "klass-8c.csv"
        screen.action_read()
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")

    return _demo_app(language, demo, opened), _then_settle(preview)


def _settings(tmp_path, language, demo, opened):
    async def show(pilot) -> None:
        from textual.widgets import Static

        from tui.screens.settings import SettingsScreen

        pilot.app.action_settings()
        screen = await wait_for_screen(pilot, SettingsScreen)
        screen.query_one("#data-folder", Static).update(DATA_FOLDER)

    return _demo_app(language, demo, opened), _then_settle(show)


def _help(tmp_path, language, demo, opened):
    async def show(pilot) -> None:
        from tui.dialogs.help import HelpDialog

        await _home_read(pilot)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _note_dialog(tmp_path, language, demo, opened):
    """A dialog over the pupil card: its own keys in the footer, a note of two lines."""

    async def write(pilot) -> None:
        from textual.widgets import TextArea

        from tui.dialogs.pupil_moves import NoteDialog
        from tui.screens.pupil_card import PupilCardScreen

        pilot.app.open_pupil(demo.pupil_id)
        screen = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: screen.card is not None, what="the card")
        await _settle(pilot)
        await pilot.press("n")
        dialog = await wait_for_screen(pilot, NoteDialog)
        area = dialog.query_one(TextArea)
        area.cursor_blink = False
        area.insert("Mentor ringde hem.\nMamma ringer tillbaka i morgon.")

    return _demo_app(language, demo, opened), _then_settle(write)


def _notices(tmp_path, language, demo, opened):
    """Today's guardians to tell in the demo, and the pupil not to be called, apart."""

    async def show(pilot) -> None:
        from tui.screens.notices import NoticesScreen

        await _home_read(pilot)
        await pilot.press("n")
        screen = await wait_for_screen(pilot, NoticesScreen)
        await wait_until(
            pilot,
            lambda: screen.listed is not None and screen.calls is not None,
            what="the call list",
        )

    return _demo_app(language, demo, opened), _then_settle(show)


async def _register_read(pilot) -> None:
    from tui.screens.register import RegisterScreen

    screen = await wait_for_screen(pilot, RegisterScreen)
    await wait_until(pilot, lambda: screen.register is not None and screen.is_idle, what="marks")


def _register(tmp_path, language, demo, opened):
    """Today's register of 7B, not taken yet: the marks of the morning, the rest not marked."""

    async def show(pilot) -> None:
        from tui.screens.register import RegisterScreen

        pilot.app.push_screen(RegisterScreen(demo.class_id, "7B", TODAY))
        await _register_read(pilot)

    return _demo_app(language, demo, opened), _then_settle(show)


def _calendar(tmp_path, language, demo, opened):
    async def show(pilot) -> None:
        from tui.screens.calendar import CalendarScreen

        await _home_read(pilot)
        await pilot.press("k")
        screen = await wait_for_screen(pilot, CalendarScreen)
        await wait_until(pilot, lambda: screen.read is not None, what="the calendar")

    return _demo_app(language, demo, opened), _then_settle(show)


def _pupil_card_leave(tmp_path, language, demo, opened):
    """The card's leave section (granted, refused, pending) and the "must not be contacted"
    marker, in this scene's own copy of the journal (the shared demo stays as built)."""
    from storage.codes import LeaveStatus

    folder = tmp_path / "card-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    pupil = demo.pupil_id  # no notes: a note's time shows in the machine's time zone
    journal.set_no_guardian_contact(pupil, True, "Skyddsbedömning pågår [bold]x[/]")
    decided = {"decided_on": date(2026, 9, 1), "decided_by": "Rektor Fiktiv"}
    journal.add_leave_request(
        pupil,
        date(2026, 9, 21),
        date(2026, 9, 25),
        status=LeaveStatus.GRANTED,
        destination="Farmor i Umeå",
        **decided,
    )
    journal.add_leave_request(
        pupil,
        date(2026, 11, 2),
        date(2026, 11, 13),
        status=LeaveStatus.REFUSED,
        destination="Resa till släkt",
        **decided,
    )
    journal.add_leave_request(pupil, date(2026, 12, 14), date(2026, 12, 16))

    async def show(pilot) -> None:
        from tui.screens.pupil_card import PupilCardScreen

        pilot.app.open_pupil(pupil)
        screen = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: screen.card is not None, what="the card")

    app = build_app(folder, language=language, journal=journal)
    return app, _then_settle(show)


def _import_absence(tmp_path, language, demo, opened):
    # Class 8C's Friday as the school's system exports it, one row for a pupil the journal
    # does not have (rejected); a relative path, so the field shows the same text every run.
    pupils = [p for p in opened().pupils() if p.class_name == "8C"][:4]
    rows = ["Personnummer;Datum;Lektion;Minuter;Frånvarotyp"]
    kinds = ("Ogiltig", "Sjuk", "Sen ankomst", "Anmäld")
    for lesson, (pupil, kind) in enumerate(zip(pupils, kinds, strict=True), start=1):
        rows.append(f"{pupil.identity_number};2026-11-27;{lesson};{10 * lesson};{kind}")
    rows.append(f"{fictitious_personnummer(date(2012, 6, 30), 7)};2026-11-27;2;;Ogiltig")
    (tmp_path / "franvaro-8c.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))

    async def preview(pilot) -> None:
        from textual.widgets import Input

        from tui.screens.import_absence import ImportAbsenceScreen

        pilot.app.action_import_absence()
        screen = await wait_for_screen(pilot, ImportAbsenceScreen)
        await _settle(pilot)
        screen.query_one("#path", Input).value = "franvaro-8c.csv"
        screen.action_read()
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")

    return _demo_app(language, demo, opened), _then_settle(preview)


def _lesson_plan(tmp_path, language, demo, opened):
    """The lesson plan dialog over a class list: a weekday per row, placeholders shown."""

    async def show(pilot) -> None:
        from tui.dialogs.lesson_plan_form import LessonPlanDialog
        from tui.screens.class_list import ClassListScreen

        pilot.app.push_screen(ClassListScreen(demo.class_id, "7B"))
        screen = await wait_for_screen(pilot, ClassListScreen)
        await wait_until(pilot, lambda: screen.rows, what="the pupils")
        await _settle(pilot)
        await pilot.press("ctrl+g")
        await wait_for_screen(pilot, LessonPlanDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _problematic_absence(tmp_path, language, demo, opened):
    async def show(pilot) -> None:
        from tui.screens.problematic_absence import ProblematicAbsenceScreen

        pilot.app.action_problematic_absence()
        screen = await wait_for_screen(pilot, ProblematicAbsenceScreen)
        await wait_until(pilot, lambda: screen.rows, what="the list")

    return _demo_app(language, demo, opened), _then_settle(show)


def _register_week(tmp_path, language, demo, opened):
    """Last week of 7B, its registers taken: one letter per pupil and day, the legend; in
    this scene's own copy of the journal (the shared demo stays as built)."""
    folder = tmp_path / "week-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    monday = TODAY - timedelta(days=TODAY.weekday() + 7)
    for offset in range(5):
        journal.take_register(demo.class_id, monday + timedelta(days=offset))

    async def show(pilot) -> None:
        from tui.screens.register_week import RegisterWeekScreen

        pilot.app.push_screen(RegisterWeekScreen(demo.class_id, "7B", monday))
        screen = await wait_for_screen(pilot, RegisterWeekScreen)
        await wait_until(pilot, lambda: screen.week is not None, what="the week")

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _missing_candidates(tmp_path, language, demo, opened):
    """The missing-pupil candidates: a pupil named `[bold]x[/]` two days without a reason,
    another absent during refused leave (selected); in this scene's own copy of the journal
    (the shared demo stays as built)."""
    from storage.codes import LeaveStatus
    from storage.marks import MarkWrite

    folder = tmp_path / "candidates-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    group = next(c for c in journal.classes() if c.id == demo.class_id)
    hostile = journal.add_pupil(
        fictitious_personnummer(date(2013, 5, 5), 17),
        "[bold]x[/]",
        "Testsson",
        school_id=group.school_id,
        group_id=group.id,
        enrolled_on=date(2026, 8, 1),
    )
    journal.write_marks(
        [MarkWrite(hostile, day, "invalid") for day in (date(2026, 11, 26), date(2026, 11, 27))]
    )
    journal.add_leave_request(
        demo.pupil_id,
        date(2026, 11, 16),
        date(2026, 11, 20),
        status=LeaveStatus.REFUSED,
        destination="Resa",
        decided_on=date(2026, 11, 2),
        decided_by="Rektor Fiktiv",
    )
    journal.write_marks(
        [MarkWrite(demo.pupil_id, date(2026, 11, d), "invalid") for d in (16, 17, 18)]
    )

    async def show(pilot) -> None:
        from tui.screens.missing_candidates import MissingCandidatesScreen

        pilot.app.action_missing_candidates()
        screen = await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(pilot, lambda: len(screen.rows) >= 2, what="the list")
        table = screen.query_one("#rows")
        table.move_cursor(row=table.get_row_index(str(demo.pupil_id)))
        await pilot.press("space")
        table.move_cursor(row=table.get_row_index(str(hostile)))

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _case(tmp_path, language, demo, opened):
    """The demo's missing pupil not back after the break: the clock, the checklist with
    overdue steps, the contact log; in this scene's own copy of the journal."""
    from storage.codes import CaseKind

    folder = tmp_path / "case-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    missing = [
        c for c in journal.open_cases(TODAY) if c.kind == CaseKind.MISSING and not c.honour_related
    ]
    case = min(missing, key=lambda c: c.day0)  # the earliest: not back after the break

    async def show(pilot) -> None:
        from tui.screens.case import CaseScreen

        pilot.app.push_screen(CaseScreen(case.case_id))
        screen = await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: screen.view is not None, what="the case")

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _chronology(tmp_path, language, demo, opened):
    """The chronology of the demo's missing pupil not back after the break: absent days (from
    the demo's register, filled in bulk), the case, its steps and contacts, and a long entry
    written in markup (shown as written), highlighted and read whole in the detail pane; in
    this scene's own copy of the journal."""
    from datetime import UTC, datetime

    from storage.codes import CaseKind

    folder = tmp_path / "chronology-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    missing = [
        c for c in journal.open_cases(TODAY) if c.kind == CaseKind.MISSING and not c.honour_related
    ]
    case = min(missing, key=lambda c: c.day0)
    journal.add_entry(
        case.pupil_id,
        "Mentorn: [bold]x[/] sågs vid busshållplatsen vid torget strax efter åtta, med en "
        "stor väska och i sällskap med en äldre kusin.",
        case_id=case.case_id,
        at=datetime(2026, 11, 27, 14, 30, tzinfo=UTC),
    )
    pupil = journal.pupil_card(case.pupil_id).pupil
    name = f"{pupil.first_name} {pupil.last_name}"

    async def show(pilot) -> None:
        from tui.screens.chronology import ChronologyScreen

        pilot.app.push_screen(ChronologyScreen(case.pupil_id, name))
        screen = await wait_for_screen(pilot, ChronologyScreen)
        await wait_until(pilot, lambda: screen.items is not None, what="the chronology")
        await pilot.press("down", "down")  # the entry: read whole in the detail pane

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _notices_calls(tmp_path, language, demo, opened):
    """The notices screen with the calls about open missing cases in focus, one call logged
    at 08:10 (R, A and M in the footer); in this scene's own copy of the journal."""
    from datetime import datetime, time

    from storage.codes import ContactOutcome
    from storage.whereabouts import SCHOOL_TIME_ZONE

    folder = tmp_path / "calls-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    first = journal.case_calls(TODAY).calls[0]
    guardian = first.guardians[0]
    journal.log_case_call(
        first.case_id,
        guardian.id,
        guardian.phone,
        ContactOutcome.NO_ANSWER,
        at=datetime.combine(TODAY, time(8, 10), SCHOOL_TIME_ZONE),
    )

    async def show(pilot) -> None:
        from tui.screens.notices import NoticesScreen
        from tui.widgets.case_call_table import CaseCallTable

        await _home_read(pilot)
        await pilot.press("n")
        screen = await wait_for_screen(pilot, NoticesScreen)
        await wait_until(pilot, lambda: screen.calls is not None, what="the call list")
        screen.query_one("#case-calls", CaseCallTable).focus()

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _directory(tmp_path, language, demo, opened):
    """The demo's contact directory: the starting entries (only the national numbers filled
    in) and, greyed, the sibling schools not in it yet."""

    async def show(pilot) -> None:
        from tui.screens.directory import DirectoryScreen

        await _home_read(pilot)
        pilot.app.action_directory()
        screen = await wait_for_screen(pilot, DirectoryScreen)
        await wait_until(pilot, lambda: bool(screen.rows), what="the directory")

    return _demo_app(language, demo, opened), _then_settle(show)


def _missing_settings(tmp_path, language, demo, opened):
    """The missing-pupil settings over the candidates: each setting with its default said."""

    async def show(pilot) -> None:
        from tui.dialogs.missing_settings import MissingSettingsDialog
        from tui.screens.missing_candidates import MissingCandidatesScreen

        pilot.app.action_missing_candidates()
        screen = await wait_for_screen(pilot, MissingCandidatesScreen)
        await wait_until(pilot, lambda: screen.listing is not None, what="the list")
        await pilot.press("ctrl+t")
        await wait_for_screen(pilot, MissingSettingsDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _report(tmp_path, language, demo, opened):
    """The report of concern about the demo's honour-related missing pupil, the worry
    written and the first item left out; in this scene's own copy of the journal."""
    from storage.codes import CaseKind
    from storage.report_of_concern import DraftFields

    folder = tmp_path / "report-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    case = next(
        c for c in journal.open_cases(TODAY) if c.kind == CaseKind.MISSING and c.honour_related
    )
    draft = journal.start_report(case.pupil_id, case_id=case.case_id)
    journal.update_report_draft(
        draft,
        DraftFields(
            worry="Eleven berättade före lovet att familjen planerar en resa för att gifta "
            'bort henne. [bold]x[/] #read("x")',
            since_when="före höstlovet",
            acute_danger=True,
            child_informed=False,
            honour_related=True,
        ),
    )
    first = journal.report_of_concern(draft, with_left_out=True).siblings[0].key
    journal.set_report_left_out(draft, {first})

    async def show(pilot) -> None:
        from tui.screens.report_of_concern import ReportScreen

        pilot.app.push_screen(ReportScreen(draft))
        screen = await wait_for_screen(pilot, ReportScreen)
        await wait_until(pilot, lambda: screen.view is not None, what="the report")

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _records_review(tmp_path, language, demo, opened, *, ask: bool = False):
    """Records due for review: two pupils of the demo who left long ago (one in 2018, one in
    2019, that one selected); with `ask`, the question before deleting both. In this scene's
    own copy of the journal (the shared demo stays as built)."""
    folder = tmp_path / "review-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    leavers = journal.class_pupils(demo.class_id)[:2]
    for pupil, left_on in zip(leavers, (date(2019, 6, 14), date(2018, 6, 15)), strict=True):
        journal.mark_left(pupil.id, on=left_on, destination="Annan kommun")

    async def show(pilot) -> None:
        from tui.dialogs.confirm import ConfirmDialog
        from tui.screens.records_review import RecordsReviewScreen

        pilot.app.action_records_review()
        screen = await wait_for_screen(pilot, RecordsReviewScreen)
        await wait_until(pilot, lambda: len(screen.rows) == 2, what="the list")
        table = screen.query_one("#rows")
        table.move_cursor(row=table.get_row_index(str(leavers[0].id)))
        await pilot.press("space")
        if ask:
            table.move_cursor(row=table.get_row_index(str(leavers[1].id)))
            await pilot.press("space")
            await _settle(pilot)  # the list drawn whole before the question covers it
            await pilot.press("delete")
            await wait_for_screen(pilot, ConfirmDialog)

    return build_app(folder, language=language, journal=journal), _then_settle(show)


# -- backup and hand-over (issue 12): fixed paths, so every run shows the same text ----------

REMOVABLE = "/media/kurator/USB"


def _backup_dialog(tmp_path, language, demo, opened):
    """The backup dialog over home (whose reminder says "never backed up")."""

    async def show(pilot) -> None:
        from tui.dialogs.backup_dialog import BackupDialog

        await _home_read(pilot)
        pilot.app.push_screen(BackupDialog(f"{REMOVABLE}/saknad-backup-2026-11-30.saknad"))
        await wait_for_screen(pilot, BackupDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _records_review_ask(tmp_path, language, demo, opened):
    return _records_review(tmp_path, language, demo, opened, ask=True)


def _document_plan(tmp_path, language, demo, opened):
    """The document plan dialog over the (empty) review list: the school's kind and years."""

    async def show(pilot) -> None:
        from tui.dialogs.document_plan_form import DocumentPlanDialog
        from tui.screens.records_review import RecordsReviewScreen

        pilot.app.action_records_review()
        screen = await wait_for_screen(pilot, RecordsReviewScreen)
        await wait_until(pilot, lambda: screen.listing is not None, what="the list")
        await pilot.press("ctrl+g")
        await wait_for_screen(pilot, DocumentPlanDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _handover_dialog(tmp_path, language, demo, opened):
    """The hand-over dialog: the successor's name, the passphrases, where to write."""

    async def show(pilot) -> None:
        from tui.dialogs.handover_dialog import HandoverDialog

        await _home_read(pilot)
        pilot.app.push_screen(HandoverDialog(f"{REMOVABLE}/saknad-handover-2026-11-30.saknad"))
        await wait_for_screen(pilot, HandoverDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _handover_key(tmp_path, language, demo, opened):
    """The successor's recovery key, shown once after a hand-over (a made-up key)."""

    async def show(pilot) -> None:
        from tui.screens.recovery_key import RecoveryKeyScreen

        await _home_read(pilot)
        path = Path(f"{REMOVABLE}/saknad-handover-2026-11-30.saknad")
        key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"
        pilot.app.push_screen(RecoveryKeyScreen(key, False, handover_path=path))
        await wait_for_screen(pilot, RecoveryKeyScreen)

    return _demo_app(language, demo, opened), _then_settle(show)


def _right_of_access(tmp_path, language, demo, opened):
    """The right-of-access dialog over a pupil card: why, and for whom."""

    async def show(pilot) -> None:
        from tui.dialogs.right_of_access_form import RightOfAccessDialog
        from tui.screens.pupil_card import PupilCardScreen

        pilot.app.open_pupil(demo.pupil_id)
        screen = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: screen.card is not None, what="the card")
        await _settle(pilot)
        pupil = screen.card.pupil
        pilot.app.export_right_of_access(demo.pupil_id, f"{pupil.first_name} {pupil.last_name}")
        await wait_for_screen(pilot, RightOfAccessDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _export_report(tmp_path, language, demo, opened):
    """The export dialog of a report of concern (issue 12), its purpose and recipient typed
    and a password given (shown as dots)."""

    async def show(pilot) -> None:
        import sys

        from textual.widgets import Input

        from tui.dialogs.export_report import ExportReportDialog

        sys.path.insert(0, str(Path(__file__).parent))
        from report_samples import sample_report

        await _home_read(pilot)
        pilot.app.push_screen(
            ExportReportDialog(dataclasses.replace(sample_report(), pupil_id=demo.pupil_id))
        )
        dialog = await wait_for_screen(pilot, ExportReportDialog)
        dialog.query_one("#purpose", Input).value = "Orosanmälan om frånvaro"
        dialog.query_one("#recipient", Input).value = "Socialtjänsten i Exempelby"
        dialog.query_one("#password", Input).value = "hemligt"
        dialog.query_one("#purpose", Input).focus()

    return _demo_app(language, demo, opened), _then_settle(show)


def _statistics_export(tmp_path, language, demo, opened):
    """The dialog that exports the statistics for the action plan (issue 12), over home."""

    async def show(pilot) -> None:
        from tui.dialogs.statistics_export import StatisticsExportDialog

        await _home_read(pilot)
        pilot.app.action_export_statistics()
        await wait_for_screen(pilot, StatisticsExportDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _warning_sign_dialog(tmp_path, language, demo, opened):
    """Noting a warning sign over the pupil card: the sign, today, the pupil's own words
    (text that looks like markup is shown as written)."""

    async def write(pilot) -> None:
        from textual.widgets import Input, TextArea

        from tui.dialogs.warning_sign_form import WarningSignDialog
        from tui.screens.pupil_card import PupilCardScreen

        pilot.app.open_pupil(demo.pupil_id)
        screen = await wait_for_screen(pilot, PupilCardScreen)
        await wait_until(pilot, lambda: screen.card is not None, what="the card")
        await _settle(pilot)
        await pilot.press("w")
        dialog = await wait_for_screen(pilot, WarningSignDialog)
        dialog.query_one("#observed_by", Input).value = "Mentorn"
        area = dialog.query_one("#own_words", TextArea)
        area.cursor_blink = False
        area.insert("Jag får inte följa med på simningen [bold]x[/]")

    return _demo_app(language, demo, opened), _then_settle(write)


def _pupil_card_signs(tmp_path, language, demo, opened):
    """The card's warning signs, newest first, with own words that look like markup, in this
    scene's own copy of the journal (the shared demo stays as built)."""
    folder = tmp_path / "signs-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    pupil = demo.pupil_id
    journal.record_warning_sign(
        pupil,
        "excused_from_teaching",
        TODAY - timedelta(days=20),
        observed_by="Idrottsläraren",
        note="Vårdnadshavare har mejlat om befrielse från simning.",
        today=TODAY,
    )
    journal.record_warning_sign(
        pupil,
        "fear_of_trip_abroad",
        TODAY - timedelta(days=2),
        observed_by="Mentorn",
        own_words="Vi ska åka till släkten i sommar och jag vet inte om jag får komma "
        "tillbaka [bold]x[/]",
        today=TODAY,
    )

    async def show(pilot) -> None:
        from textual.widgets import Static

        from tui.screens.pupil_card import PupilCardScreen

        pilot.app.open_pupil(pupil)
        screen = await wait_for_screen(pilot, PupilCardScreen)
        section = screen.query_one("#card-signs", Static)
        await wait_until(pilot, lambda: section.display, what="the signs")
        # Scroll once the card is laid out whole (the attendance arrives on its own): a
        # scroll made earlier lands a line off under load.
        await _settle(pilot)
        screen.query_one("#card-body").scroll_to_widget(
            screen.query_one("#card-signs-title"), animate=False, top=True
        )

    app = build_app(folder, language=language, journal=journal)
    return app, _then_settle(show)


def _first_day_back(tmp_path, language, demo, opened):
    """The first-day-back roll call (issue 13): the demo's schools given a break that ends on
    the Friday before today, every register of today taken but 7B's, and a pupil of 7B on
    the watch list; in this scene's own copy of the journal."""
    from storage import models as m
    from storage.codes import CalendarKind

    folder = tmp_path / "first-day-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    for school_id in {c.school_id for c in journal.classes()}:
        journal.add_calendar_period(
            school_id, CalendarKind.BREAK, date(2026, 11, 23), date(2026, 11, 27), "Lov v. 48"
        )
    for group in journal.classes():  # every register of today taken, but 7B's
        if group.id != demo.class_id:
            journal.take_register(group.id, TODAY)
    with journal._session() as session:
        session.add(m.WatchEntry(pupil_id=demo.pupil_id, reason="Rädd för resan"))

    async def show(pilot) -> None:
        from tui.screens.first_day_back import FirstDayBackScreen

        pilot.app.action_first_day_back()
        screen = await wait_for_screen(pilot, FirstDayBackScreen)
        await wait_until(pilot, lambda: screen.roll_call is not None, what="the roll call")

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _watch_list(tmp_path, language, demo, opened):
    """The watch list (issue 13) in this scene's own copy of the journal: one pupil put on
    a week ago before the coming break (the prevention case has overdue steps), one today
    with no particular break."""
    folder = tmp_path / "watch-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    first, second = journal.class_pupils(demo.class_id)[:2]
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
        "Syskon har förts utomlands tidigare",
        None,
        TODAY,
        at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
    )

    async def show(pilot) -> None:
        from tui.screens.watch_list import WatchListScreen

        pilot.app.action_watch_list()
        screen = await wait_for_screen(pilot, WatchListScreen)
        # The demo's own watch-listed pupil, and the two put on here.
        await wait_until(pilot, lambda: len(screen.rows) == 3, what="the list")

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _prevention_case(tmp_path, language, demo, opened):
    """A prevention case (issue 13): put on the watch list a week ago, its header (on the
    list since, honour-related, guardians not to be contacted) and its checklist."""
    folder = tmp_path / "prevention-journal"
    shutil.copytree(demo.folder, folder)
    journal = unlock_with_passphrase(JournalPaths(folder), PASSPHRASE)
    pupil = journal.class_pupils(demo.class_id)[0]
    coming = journal.watch_breaks(pupil.id, TODAY)[0]
    put = journal.put_on_watch_list(
        pupil.id,
        "Berättade om en resa hen inte vill göra",
        coming.id,
        TODAY - timedelta(days=7),
        at=datetime(2026, 11, 23, 9, 15, tzinfo=UTC),  # a fixed time: the history shows it
    )

    async def show(pilot) -> None:
        from tui.screens.case import CaseScreen

        pilot.app.push_screen(CaseScreen(put.case_id))
        screen = await wait_for_screen(pilot, CaseScreen)
        await wait_until(pilot, lambda: screen.view is not None, what="the case")

    return build_app(folder, language=language, journal=journal), _then_settle(show)


def _watch_list_settings(tmp_path, language, demo, opened):
    """The watch list's review setting (Ctrl+T) over the watch list, its default said."""

    async def show(pilot) -> None:
        from tui.dialogs.watch_list_settings import WatchListSettingsDialog
        from tui.screens.watch_list import WatchListScreen

        await _home_read(pilot)
        pilot.app.action_watch_list()
        await wait_for_screen(pilot, WatchListScreen)
        await pilot.press("ctrl+t")
        await wait_for_screen(pilot, WatchListSettingsDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


def _statistics_settings(tmp_path, language, demo, opened):
    """The statistics settings from the palette (issue 12), over home: both defaults said."""

    async def show(pilot) -> None:
        from tui.dialogs.statistics_settings import StatisticsSettingsDialog

        await _home_read(pilot)
        pilot.app.action_statistics_settings()
        await wait_for_screen(pilot, StatisticsSettingsDialog)

    return _demo_app(language, demo, opened), _then_settle(show)


SCENES = {
    "setup": _setup,
    "unlock": _unlock,
    "recover": _recover,
    "home-empty": _home_empty,
    "home": _home,
    "classes": _classes,
    "class-list": _class_list,
    "pupil-card": _pupil_card,
    "import-preview": _import_preview,
    "settings": _settings,
    "help": _help,
    "note-dialog": _note_dialog,
    "notices": _notices,
    "pupil-card-leave": _pupil_card_leave,
    "import-absence": _import_absence,
    "calendar": _calendar,
    "lesson-plan": _lesson_plan,
    "problematic-absence": _problematic_absence,
    "register": _register,
    "register-week": _register_week,
    "missing-candidates": _missing_candidates,
    "case": _case,
    "chronology": _chronology,
    "directory": _directory,
    "notices-calls": _notices_calls,
    "missing-settings": _missing_settings,
    "report": _report,
    "backup-dialog": _backup_dialog,
    "handover-dialog": _handover_dialog,
    "handover-key": _handover_key,
    # Retention under the document plan (issue 12).
    "records-review": _records_review,
    "records-review-ask": _records_review_ask,
    "document-plan": _document_plan,
    "right-of-access": _right_of_access,
    "export-report": _export_report,
    "statistics-export": _statistics_export,
    # Before the break (issue 13).
    "warning-sign-dialog": _warning_sign_dialog,
    "pupil-card-signs": _pupil_card_signs,
    # The first day back (issue 13).
    "first-day-back": _first_day_back,
    "watch-list": _watch_list,  # the watch list before a break (issue 13)
    "prevention-case": _prevention_case,
    # The settings of the watch list and of the statistics (issues 13 and 12).
    "watch-list-settings": _watch_list_settings,
    "statistics-settings": _statistics_settings,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scene", SCENES)
def test_screen(
    snap_compare, tmp_path, monkeypatch, no_keyring, demo, opened, scene, language, size
):
    monkeypatch.chdir(tmp_path)
    app, run_before = SCENES[scene](tmp_path, language, demo, opened)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
