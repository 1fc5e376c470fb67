"""The checklists as data: which steps a case gets, and when each is due.

Day 0 is the first school day of unexplained absence, or the first day after a lov. Offsets
count weekdays from day 0 (see school_calendar). The step texts live in the UI's translations,
keyed by `code`.

With honour-related risk the routine changes: guardians, family and community must not learn
of the worry, so steps that contact them are left out, and steps for seeing the young person
alone and acting before a trip come in.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import CaseKind


@dataclass(frozen=True)
class StepTemplate:
    code: str
    due_day: int  # weekdays after day 0 by which the step should be done
    contacts_family: bool = False  # left out when the case is honour-related
    honour_only: bool = False


MISSING_PUPIL_STEPS: tuple[StepTemplate, ...] = (
    StepTemplate("check_registration", 1),
    StepTemplate("contact_guardians", 1, contacts_family=True),
    StepTemplate("ask_staff_and_classmates", 1),
    StepTemplate("check_siblings_here", 1),
    StepTemplate("see_pupil_alone_safe_contact", 1, honour_only=True),
    StepTemplate("contact_sibling_schools", 2),
    StepTemplate("check_leave_applications", 2),
    StepTemplate("home_visit", 2, contacts_family=True),
    StepTemplate("report_of_concern", 3),
    StepTemplate("ask_about_travel_ban", 3, honour_only=True),  # utreseförbud, LVU 31 d §
    StepTemplate("inform_head", 3),
    StepTemplate("report_home_municipality", 3),
    StepTemplate("missing_person_decision", 5),
    StepTemplate("check_population_register", 5),
    StepTemplate("review_and_escalate", 10),
)

PROBLEMATIC_ABSENCE_STEPS: tuple[StepTemplate, ...] = (
    StepTemplate("talk_with_pupil", 5),
    StepTemplate("talk_with_guardians", 5, contacts_family=True),
    StepTemplate("pupil_health_team", 10),
    StepTemplate("report_to_organiser", 10),  # huvudman, skollagen 7 kap. 19 a §
    StepTemplate("inform_home_municipality", 10),
    StepTemplate("action_plan", 15),
    StepTemplate("follow_up", 30),
)


def steps_for(kind: str, honour_related: bool) -> list[StepTemplate]:
    """The steps a new case of `kind` gets."""
    template = MISSING_PUPIL_STEPS if kind == CaseKind.MISSING else PROBLEMATIC_ABSENCE_STEPS
    return [
        step
        for step in template
        if not (honour_related and step.contacts_family)
        and (honour_related or not step.honour_only)
    ]
