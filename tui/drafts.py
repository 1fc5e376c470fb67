"""Unfinished work across a lock: the screens the counsellor was on, and the form being typed in.

When the journal locks (Ctrl+L, the idle lock) or Saknad quits with "keep as draft", the app
asks `unfinished_work`: the screens open above home, as places (["pupil_card", 12]: ids only,
never a name), and the topmost form that holds typed work. The form's values go into the
journal as a draft (storage.drafts), inside the encrypted file: never into the settings file,
a temporary file or a log. While locked, the app keeps the places only; every screen and widget
is gone with the unlocked mode. After the unlock `come_back` rebuilds the screens and the form,
with what was typed, from the journal.

Only forms whose class names a DRAFT_KIND are kept: never the change-passphrase dialog
(a passphrase is never written anywhere), nor the column mapping of an import in progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

if TYPE_CHECKING:
    from storage.journal import Journal
    from storage.records import DraftRow
    from tui.app import SaknadApp
    from tui.dialogs.form import FormDialog


Place = list[Any]
"""A screen as kept across a lock: its kind and the id it shows, e.g. ["pupil_card", 12]."""


@dataclass
class UnfinishedWork:
    """What was open when the journal locked.

    Attributes:
        place: the screens above home, bottom first, as far as they can be rebuilt.
        form: the topmost form with typed work in it, or None.
    """

    place: list[Place] = field(default_factory=list)
    form: FormDialog | None = None


def place_of(screen: Screen) -> Place | None:
    """The place of `screen`, or None for a screen that is not rebuilt after an unlock."""
    from tui.screens.class_list import ClassListScreen
    from tui.screens.classes import ClassesScreen
    from tui.screens.pupil_card import PupilCardScreen
    from tui.screens.report_of_concern import ReportScreen
    from tui.screens.settings import SettingsScreen

    if isinstance(screen, PupilCardScreen):
        return ["pupil_card", screen.pupil_id]
    if isinstance(screen, ReportScreen):
        return ["report", screen.draft_id]
    if isinstance(screen, ClassListScreen):
        return ["class_list", screen.class_id]
    if isinstance(screen, ClassesScreen):
        return ["classes", None]
    if isinstance(screen, SettingsScreen):
        return ["settings", None]
    return None


def unfinished_work(stack: list[Screen]) -> UnfinishedWork:
    """The places of `stack` (home at the bottom is left out) and its topmost kept form."""
    from tui.dialogs.form import FormDialog

    work = UnfinishedWork()
    for screen in stack[1:]:
        place = place_of(screen)
        if place is None:
            break
        work.place.append(place)
    for screen in reversed(stack):
        if isinstance(screen, FormDialog) and screen.DRAFT_KIND and screen.has_unsaved_work():
            work.form = screen
            break
    return work


def keep(journal: Journal, work: UnfinishedWork) -> None:
    """Write the form's typed work into the journal as its one draft."""
    form = work.form
    if form is None:
        return
    journal.keep_draft(
        place=work.place,
        dialog=form.DRAFT_KIND,
        arguments=form.draft_arguments(),
        fields=form.draft_values(),
    )


def come_back(app: SaknadApp, journal: Journal, place: list[Place]) -> None:
    """After an unlock (home is shown): the screens of the draft kept in the journal, or of
    `place`, and the draft's form with what was typed.

    Raises:
        SaknadError: the journal could not be read (the caller says so; home stays).
    """
    draft = journal.draft()
    for kept in draft.place if draft else place:
        screen = _screen_for(journal, kept)
        if screen is None:
            break
        app.push_screen(screen)
    if draft is not None:
        form = _form_for(app, journal, draft)
        form.restore(draft.fields, draft.id)
        app.push_screen(form)


def _screen_for(journal: Journal, place: Place) -> Screen | None:
    kind, key = place[0], place[1]
    if kind == "pupil_card":
        from tui.screens.pupil_card import PupilCardScreen

        return PupilCardScreen(int(key))
    if kind == "class_list":
        from tui.screens.class_list import ClassListScreen

        name = next((c.name for c in journal.classes() if c.id == key), None)
        return ClassListScreen(int(key), name) if name is not None else None
    if kind == "classes":
        from tui.screens.classes import ClassesScreen

        return ClassesScreen()
    if kind == "settings":
        from tui.screens.settings import SettingsScreen

        return SettingsScreen()
    if kind == "report":
        from tui.screens.report_of_concern import ReportScreen

        return ReportScreen(int(key))
    return None


def _form_for(app: SaknadApp, journal: Journal, draft: DraftRow) -> FormDialog:
    """The form `draft` was typed in, opened for the same pupil (or guardian, or class).

    Raises:
        NotFound: the pupil or guardian is no longer in the journal.
    """
    arguments = draft.arguments
    pupil_id: int = arguments["pupil_id"] if draft.dialog != "pupil_form" else 0
    if draft.dialog == "note_form":
        from tui.dialogs.pupil_moves import NoteDialog

        return NoteDialog(pupil_id)
    if draft.dialog == "left_school":
        from tui.dialogs.pupil_moves import LeftSchoolDialog

        return LeftSchoolDialog(pupil_id)
    if draft.dialog == "move_class":
        from tui.dialogs.pupil_moves import MoveClassDialog

        card = journal.pupil_card(pupil_id)
        return MoveClassDialog(pupil_id, journal.classes(), card.pupil.class_id)
    if draft.dialog == "leave_request":
        from tui.dialogs.leave_form import LeaveRequestDialog

        return LeaveRequestDialog(pupil_id)
    if draft.dialog == "sibling_form":
        from tui.dialogs.sibling_form import SiblingFormDialog

        return SiblingFormDialog(pupil_id)
    if draft.dialog == "guardian_form":
        from tui.dialogs.guardian_form import GuardianFormDialog

        guardian_id = arguments.get("guardian_id")
        guardian = None
        if guardian_id is not None:
            guardians = journal.pupil_card(pupil_id).guardians
            guardian = next((g for g in guardians if g.id == guardian_id), None)
        return GuardianFormDialog(pupil_id, guardian)
    if draft.dialog == "report_worry":
        from tui.dialogs.report_dialogs import WorryDialog

        report = journal.report_of_concern(arguments["report_draft_id"], with_left_out=True)
        return WorryDialog(report, pupil_id)
    if draft.dialog == "warning_sign":
        from tui.dialogs.warning_sign_form import WarningSignDialog

        return WarningSignDialog(pupil_id, journal.warning_sign_list(), app.today)
    if draft.dialog == "pupil_form":
        from tui.dialogs.pupil_form import PupilFormDialog

        # A new pupil's form has no pupil yet (pupil_id None), only the class it adds to.
        edited: int | None = arguments.get("pupil_id")
        detail = journal.pupil_card(edited).pupil if edited is not None else None
        return PupilFormDialog(pupil_id=edited, class_id=arguments.get("class_id"), detail=detail)
    from storage.errors import NotFound

    raise NotFound("draft form")
