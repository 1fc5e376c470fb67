"""The words of the document plan, for the review screen and its dialog."""

from __future__ import annotations

from storage.codes import SchoolType
from storage.document_plan import DocumentPlanSettings
from tui.i18n import _, ngettext


def school_kind_name(kind: str) -> str:
    """A school kind as the plan's dialog names it."""
    if kind == SchoolType.INDEPENDENT:
        return _("Independent school (the school's own rule)")
    return _("Municipal school (the municipality's document management plan)")


def plan_line(plan: DocumentPlanSettings) -> str:
    """One sentence: what the list rests on, and that nothing goes unless chosen."""
    if plan.school_kind == SchoolType.INDEPENDENT:
        text = ngettext(
            "Independent school, the school's own rule: pupils who left more than {n} year "
            "ago are listed for review. Nothing is deleted unless you choose it.",
            "Independent school, the school's own rule: pupils who left more than {n} years "
            "ago are listed for review. Nothing is deleted unless you choose it.",
            plan.review_after_years,
        )
    else:
        text = ngettext(
            "Municipal school: notes are official documents, kept under the municipality's "
            "document management plan. Pupils who left more than {n} year ago are listed for "
            "review. Nothing is deleted unless you choose it.",
            "Municipal school: notes are official documents, kept under the municipality's "
            "document management plan. Pupils who left more than {n} years ago are listed "
            "for review. Nothing is deleted unless you choose it.",
            plan.review_after_years,
        )
    return text.format(n=plan.review_after_years)
