"""The report of concern's dialogs: the worry in the counsellor's words, filing the report
with social services, and what happened after filing.

Each writes through one facade method and dismisses True; Escape writes nothing.
"""

from __future__ import annotations

from typing import Any

from storage.codes import ContactChannel
from storage.report_data import ReportOfConcern
from storage.report_of_concern import DraftFields, ReportDraftRow
from tui.bindings import N_
from tui.code_words import filing_channel_label
from tui.dialogs.form import Field, FormDialog, parse_date, parse_when, require
from tui.i18n import _
from tui.render.report_words import yes_no

# How a report reaches social services: by phone (followed up in writing), in writing by
# letter, through the municipality's e-service, or at a meeting. Not by ordinary e-mail.
FILING_CHANNELS = (
    ContactChannel.PHONE,
    ContactChannel.LETTER,
    ContactChannel.DIGITAL,
    ContactChannel.MEETING,
)

_UNKNOWN, _YES, _NO = "unknown", "yes", "no"


def _answer(value: bool | None) -> str:
    return _UNKNOWN if value is None else _YES if value else _NO


def _as_bool(answer: str) -> bool | None:
    return None if answer == _UNKNOWN else answer == _YES


def yes_no_options() -> list[tuple[str, str]]:
    # The words the report shows for an unanswered question, so the two never disagree.
    return [(yes_no(None), _UNKNOWN), (_("Yes"), _YES), (_("No"), _NO)]


class WorryDialog(FormDialog):
    """What the report says in the counsellor's own words, and the yes/no questions social
    services ask: acute danger, do the guardians know, does the child know."""

    HELP = N_(
        "Write the worry concretely: what you saw or heard, when, and what it means for the "
        "child. Facts, not guesses: the guardians and the child may read the report later. "
        "In an honour-related case the guardians are never told of the report."
    )

    # A worry is often long and written in one go: kept inside the journal if it locks.
    DRAFT_KIND = "report_worry"

    def __init__(self, report: ReportOfConcern, pupil_id: int):
        super().__init__()
        self.report = report
        self.pupil_id = pupil_id
        self.TITLE_TEXT = N_("The worry")

    def draft_arguments(self) -> dict[str, Any]:
        return {"pupil_id": self.pupil_id, "report_draft_id": self.report.draft_id}

    def fields(self) -> list[Field]:
        report = self.report
        fields = [
            Field(
                "worry",
                N_("The worry"),
                kind="lines",
                value=report.worry,
                placeholder=N_("What you saw or heard, when, and why you are worried"),
            ),
            Field(
                "since_when",
                N_("Since when"),
                value=report.since_when,
                placeholder=N_("e.g. since the autumn break"),
            ),
            Field(
                "acute_danger",
                N_("Acute danger"),
                kind="select",
                options=yes_no_options(),
                value=_answer(report.acute_danger),
            ),
            Field(
                "honour_related", N_("Honour-related"), kind="switch", value=report.honour_related
            ),
        ]
        if not report.honour_related:
            fields.append(
                Field(
                    "guardians_informed",
                    N_("Guardians told of the report"),
                    kind="select",
                    options=yes_no_options(),
                    value=_answer(report.guardians_informed),
                )
            )
        fields.append(
            Field(
                "child_informed",
                N_("Child told of the report"),
                kind="select",
                options=yes_no_options(),
                value=_answer(report.child_informed),
            )
        )
        return fields

    def on_mount(self) -> None:
        if self.report.honour_related:
            self.say(_("Honour-related: the report says the guardians are not told."))

    def save(self, values: dict[str, Any]) -> Any:
        honour = bool(values["honour_related"])
        told = None if honour else _as_bool(values.get("guardians_informed", _UNKNOWN))
        self.journal.update_report_draft(
            self.report.draft_id,
            DraftFields(
                worry=values["worry"],
                since_when=values["since_when"],
                acute_danger=_as_bool(values["acute_danger"]),
                guardians_informed=told,
                child_informed=_as_bool(values["child_informed"]),
                honour_related=honour,
            ),
        )
        return True


class FileReportDialog(FormDialog):
    """Record that the report was made to social services: how, to whom, when, reference."""

    HELP = N_(
        "How the report was made, to whom, when (empty: now) and social services' reference "
        "if you have one. A report made by phone is followed up in writing: Saknad reminds "
        "you until you record the written follow-up. Not by ordinary e-mail."
    )

    def __init__(self, draft_id: int):
        super().__init__()
        self.draft_id_to_file = draft_id
        self.TITLE_TEXT = N_("Report made to social services")

    def fields(self) -> list[Field]:
        return [
            Field(
                "channel",
                N_("How"),
                kind="select",
                options=[(filing_channel_label(c), str(c)) for c in FILING_CHANNELS],
                value=str(ContactChannel.PHONE),
            ),
            Field("recipient", N_("Recipient"), value=_("Social services")),
            Field("when", N_("When"), placeholder=N_("Now, or YYYY-MM-DD HH:MM")),
            Field("reference", N_("Reference"), placeholder=N_("Their case number, if given")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        self.journal.file_report(
            self.draft_id_to_file,
            channel=values["channel"],
            recipient=require(values["recipient"], _("Recipient")),
            reference=values["reference"],
            reported_at=parse_when(values["when"]),
        )
        return True


class AfterFilingDialog(FormDialog):
    """What happened after filing: social services' reference, the written follow-up of a
    phone report, whether they opened an investigation."""

    HELP = N_(
        "Social services' reference, the day a report made by phone was followed up in "
        "writing, and whether they opened an investigation (they decide within 14 days)."
    )

    def __init__(self, row: ReportDraftRow, written_follow_up_on: str = ""):
        super().__init__()
        self.row = row
        self.follow_up = written_follow_up_on
        self.TITLE_TEXT = N_("After filing")

    def fields(self) -> list[Field]:
        return [
            Field("reference", N_("Reference"), value=self.row.reference),
            Field(
                "written_follow_up_on",
                N_("Followed up in writing"),
                value=self.follow_up,
                placeholder=N_("YYYY-MM-DD"),
            ),
            Field(
                "investigation_opened",
                N_("Investigation opened"),
                kind="select",
                options=yes_no_options(),
                value=_answer(self.row.investigation_opened),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        assert self.row.filed_report_id is not None  # offered for filed reports only
        typed = values["written_follow_up_on"]
        self.journal.record_after_filing(
            self.row.filed_report_id,
            reference=values["reference"],
            written_follow_up_on=parse_date(typed) if typed else None,
            investigation_opened=_as_bool(values["investigation_opened"]),
        )
        return True
