"""The school's document plan: the kind of school and the years after leaving until review."""

from __future__ import annotations

from typing import Any

from storage.document_plan import MAX_YEARS, MIN_YEARS, SCHOOL_KINDS, DocumentPlanSettings
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem
from tui.i18n import _
from tui.retention_text import school_kind_name


class DocumentPlanDialog(FormDialog):
    """Dismisses the saved DocumentPlanSettings, or None."""

    TITLE_TEXT = N_("Document plan")
    HELP = N_(
        "In a municipal school, a counsellor's kept notes are official documents, destroyed "
        "only under the municipality's document management plan; an independent school "
        "follows its own rule. Write after how many years since a pupil left their records "
        "are listed for review (1 to 50). Nothing is ever deleted without you. Ctrl+S saves; "
        "Escape cancels."
    )

    def __init__(self, current: DocumentPlanSettings):
        super().__init__()
        self.current = current

    def fields(self) -> list[Field]:
        return [
            Field(
                "school_kind",
                N_("School"),
                kind="select",
                value=self.current.school_kind,
                options=[(school_kind_name(kind), str(kind)) for kind in SCHOOL_KINDS],
            ),
            Field(
                "years",
                N_("Years after leaving"),
                value=str(self.current.review_after_years),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        typed = str(values["years"]).strip()
        if not (typed.isascii() and typed.isdigit()) or not MIN_YEARS <= int(typed) <= MAX_YEARS:
            raise FormProblem(
                _("Write the years as a number from {least} to {most}.").format(
                    least=MIN_YEARS, most=MAX_YEARS
                )
            )
        plan = DocumentPlanSettings(str(values["school_kind"]), int(typed))
        self.journal.save_document_plan(plan)
        return plan
