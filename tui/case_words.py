"""A case in words: its kind, status and outcome, the checklist's steps and questions, each
step's state, contacts, the case's events and the missing clock's milestones.

The checklist templates are English data keyed by code (storage.checklist): a built-in code
is translated here; a school's own code has no entry, and its text is shown as the school
wrote it (or the code itself when it has no text).
"""

from __future__ import annotations

from datetime import date

from storage.checklist import is_overdue
from storage.codes import (
    CaseAction,
    CaseKind,
    CaseOutcome,
    CaseStatus,
    ContactOutcome,
    Counterpart,
    SchoolType,
)
from storage.records import StepRow
from storage.sibling_steps import is_sibling_step
from storage.weekly_review import review_number
from storage.whereabouts import Milestone
from tui.code_words import school_type_label
from tui.i18n import N_, _

# The built-in steps of storage/templates/*.toml, by code.
STEP_TEXT: dict[str, str] = {
    "check_registration": N_("Check it is not a registration error"),
    "contact_guardians": N_(
        "Call and text every guardian and emergency contact, logging each attempt"
    ),
    "ask_staff_and_classmates": N_(
        "Ask mentor, teachers and classmates when the pupil was last seen or in contact"
    ),
    "check_siblings_here": N_("Check the attendance of siblings at this school"),
    "consult_social_services_now": N_("Consult social services now (a travel ban can be sought)"),
    "see_pupil_alone": N_("See the pupil alone"),
    "agree_safe_contact": N_("Agree a safe way to reach them"),
    "contact_sibling_schools": N_(
        "Contact the schools of siblings elsewhere, including independent schools"
    ),
    "check_leave_applications": N_("Check leave-of-absence applications, granted or refused"),
    "home_visit": N_("Home visit (two staff)"),
    "report_of_concern": N_("Report of concern to social services (phone first, then in writing)"),
    "inform_head": N_("Inform the head"),
    "report_home_municipality": N_(
        "Report to the home municipality's compulsory-school monitoring"
    ),
    "missing_person_decision": N_("Social services and police decide on a missing-person report"),
    "check_population_register": N_(
        "The municipality checks the population register for emigration"
    ),
    "review_and_escalate": N_("Review and escalate; report again if the pupil is still not back"),
    "talk_with_pupil": N_("Talk with the pupil"),
    "talk_with_guardians": N_("Talk with the guardians"),
    "pupil_health_team": N_("Bring in the pupil health team"),
    "report_to_organiser": N_("Notify the organiser that an investigation has started"),
    "inform_home_municipality": N_("Inform the home municipality"),
    "action_plan": N_("Draw up an action plan"),
    "follow_up": N_("Follow up"),
    "talk_with_pupil_alone": N_("Talk with the pupil alone"),
    "agree_safe_way_to_reach": N_(
        "Agree a safe way to reach them (a trusted contact, a spare phone or SIM card)"
    ),
    "give_safety_information": N_(
        "Give safety information (the national support line, the embassy)"
    ),
    "consult_social_services_before_break": N_(
        "Consult social services before the break (a travel ban is decided before the trip)"
    ),
    "consider_report_of_concern": N_("Consider a report of concern now"),
    "record_travel_information": N_(
        "Record travel information the pupil gives (destination, dates, who holds the passport)"
    ),
}

# The built-in questions (the classmates step), by code.
QUESTION_TEXT: dict[str, str] = {
    "last_seen": N_("When did you last see them?"),
    "last_contact": N_("When were you last in touch, and how?"),
    "social_media": N_("Has anyone been in touch on social media?"),
    "said_about_leaving": N_("Did they say anything about going away or a trip?"),
}


def step_text(code: str, written: str = "") -> str:
    """A step as the counsellor reads it: our translation of a built-in code (a weekly
    review and a sibling's step too), else the school's own text as written, else the code."""
    known = STEP_TEXT.get(code)
    if known:
        return _(known)
    number = review_number(code)
    if number is not None:
        return _(
            "Weekly review {n}: is the pupil still missing? Go through the case, report again "
            "and escalate"
        ).format(n=number)
    if is_sibling_step(code):
        return _("Contact the school of a sibling elsewhere")
    return written or code


def step_words(step: StepRow, written: str = "") -> str:
    """A step of a case as the case screen shows it: a sibling's step names the sibling and
    their school (storage.sibling_steps); any other as step_text."""
    if not is_sibling_step(step.step_code) or not step.sibling_name:
        return step_text(step.step_code, written)
    if not step.sibling_school:
        return _("Find and contact the school of {name}, a sibling (school not known)").format(
            name=step.sibling_name
        )
    school = step.sibling_school
    if step.sibling_school_type and step.sibling_school_type != SchoolType.UNKNOWN:
        school += ", " + school_type_label(step.sibling_school_type)
    return _("Contact the school of {name}, a sibling: {school}").format(
        name=step.sibling_name, school=school
    )


def question_text(code: str, written: str = "") -> str:
    """A step's question: translated when built in, else as the school wrote it."""
    known = QUESTION_TEXT.get(code)
    return _(known) if known else (written or code)


class StepState:
    """What a step is today, as a word (never colour alone)."""

    DONE = "done"
    NOT_APPLICABLE = "not_applicable"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    LATER = "later"


def step_state(step: StepRow, today: date) -> str:
    """Done, not applicable, overdue (due day passed), due today, or later."""
    if step.done_at is not None:
        return StepState.NOT_APPLICABLE if step.not_applicable else StepState.DONE
    if is_overdue(step.due_on, False, today):
        return StepState.OVERDUE
    return StepState.DUE_TODAY if step.due_on == today else StepState.LATER


def state_word(state: str) -> str:
    return {
        StepState.DONE: _("Done"),
        StepState.NOT_APPLICABLE: _("Not applicable"),
        StepState.OVERDUE: _("Overdue"),
        StepState.DUE_TODAY: _("Due today"),
        StepState.LATER: _("Later"),
    }[state]


STATE_STYLE = {
    StepState.DONE: "green",
    StepState.NOT_APPLICABLE: "dim",
    StepState.OVERDUE: "bold red",
    StepState.DUE_TODAY: "bold yellow",
    StepState.LATER: "",
}


def kind_label(kind: str) -> str:
    labels: dict[str, str] = {
        CaseKind.MISSING: _("Missing pupil"),
        CaseKind.PROBLEMATIC_ABSENCE: _("Problematic absence"),
        CaseKind.PREVENTION: _("Prevention before a break"),
    }
    return labels.get(kind, kind)


def status_label(status: str) -> str:
    labels: dict[str, str] = {CaseStatus.OPEN: _("Open"), CaseStatus.CLOSED: _("Closed")}
    return labels.get(status, status)


def close_outcome_label(outcome: str) -> str:
    labels: dict[str, str] = {
        CaseOutcome.LOCATED: _("Located or back at school"),
        CaseOutcome.MOVED: _("Moved away"),
        CaseOutcome.ABROAD: _("Confirmed abroad"),
        CaseOutcome.RESOLVED: _("Attendance back, investigation concluded"),
        CaseOutcome.ENDED: _("Taken off the watch list"),
        CaseOutcome.OTHER: _("Other"),
    }
    return labels.get(outcome, outcome)


def action_label(action: str) -> str:
    labels: dict[str, str] = {
        CaseAction.OPENED: _("Opened"),
        CaseAction.CLOSED: _("Closed"),
        CaseAction.REOPENED: _("Reopened"),
        CaseAction.HONOUR_ON: _("Honour-related mode on"),
        CaseAction.HONOUR_OFF: _("Honour-related mode off"),
    }
    return labels.get(action, action)


def counterpart_label(kind: str) -> str:
    labels: dict[str, str] = {
        Counterpart.GUARDIAN: _("Guardian"),
        Counterpart.EMERGENCY_CONTACT: _("Emergency contact"),
        Counterpart.PUPIL: _("The pupil"),
        Counterpart.MENTOR: _("Mentor"),
        Counterpart.TEACHER: _("Teacher"),
        Counterpart.CLASSMATE: _("Classmate"),
        Counterpart.SIBLING_SCHOOL: _("A sibling's school"),
        Counterpart.SOCIAL_SERVICES: _("Social services"),
        Counterpart.POLICE: _("Police"),
        Counterpart.MUNICIPALITY: _("Home municipality"),
        Counterpart.HEAD: _("Head"),
        Counterpart.OTHER: _("Other"),
    }
    return labels.get(kind, kind)


def contact_outcome_label(outcome: str) -> str:
    labels: dict[str, str] = {
        ContactOutcome.REACHED: _("Reached"),
        ContactOutcome.NO_ANSWER: _("No answer"),
        ContactOutcome.MESSAGE_LEFT: _("Message left"),
        ContactOutcome.WRONG_NUMBER: _("Wrong number"),
        ContactOutcome.NOBODY_HOME: _("Nobody home"),
        ContactOutcome.OTHER: _("Other"),
    }
    return labels.get(outcome, outcome)


def milestone_label(milestone: str) -> str:
    labels: dict[str, str] = {
        Milestone.CHECKLIST_DAY: _("checklist day"),
        Milestone.LEFT_PROGRAMME: _("deemed to have left the programme"),
        Milestone.LASTING_ABROAD: _("stay abroad counts as lasting"),
    }
    return labels.get(milestone, milestone)
