"""Why a pupil is on the problematic-absence list: every rule that fired, with its dates."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from storage.absence_rules import ProblematicAbsenceSettings
from storage.records import ProblematicPupil
from tui.bindings import N_
from tui.i18n import _
from tui.problematic_text import explanation
from tui.screens.base import SaknadDialog
from tui.widgets.footer import SaknadFooter


def explanation_text(pupil: ProblematicPupil, settings: ProblematicAbsenceSettings) -> Text:
    """The pupil's findings, one paragraph each with every date; names shown as written."""
    text = Text()
    for finding in pupil.findings:
        text.append(explanation(finding, settings), style="bold").append("\n")
        dates = ", ".join(day.isoformat() for day in finding.dates)
        text.append(_("Dates: {dates}").format(dates=dates)).append("\n\n")
    if pupil.case_id is not None and pupil.case_day0 is not None:
        text.append(
            _("A problematic-absence investigation is open since {date}.").format(
                date=pupil.case_day0.isoformat()
            )
        )
    else:
        text.append(_("No investigation is open. Ctrl+O in the list opens one."))
    return text


class AbsenceExplanationDialog(SaknadDialog[None]):
    """The explanation of one pupil's row; C opens the pupil card, Escape closes."""

    HELP = N_(
        "Each rule that fired for the pupil, with its numbers (valid and invalid absence "
        "apart) and every date it counted. C opens the pupil card (attendance this term, "
        "the heat strip); Escape closes."
    )

    BINDINGS = [
        Binding("escape,q", "close", N_("Close"), id="close-explanation"),
        Binding("c", "card", N_("Pupil card"), id="explanation-card"),
    ]

    def __init__(self, pupil: ProblematicPupil, settings: ProblematicAbsenceSettings):
        super().__init__()
        self.pupil = pupil
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(id="explanation-box", classes="card"):
            name = f"{self.pupil.first_name} {self.pupil.last_name}, {self.pupil.class_name}"
            yield Label(Text(name), classes="title")
            with VerticalScroll(id="explanation-scroll"):
                yield Static(explanation_text(self.pupil, self.settings), id="explanation")
            with Horizontal(classes="buttons"):
                yield Button(_("Close"), id="close-explanation-button", variant="primary")
                yield Button(_("Pupil card"), id="explanation-card-button")
        yield SaknadFooter()

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "explanation-card-button":
            self.action_card()
        else:
            self.dismiss()

    def action_card(self) -> None:
        self.dismiss()
        self.saknad.open_pupil(self.pupil.pupil_id)

    def action_close(self) -> None:
        self.dismiss()
