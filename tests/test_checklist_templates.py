"""Checklist templates as data (storage.checklist): the built-in TOML files, a school's own
file overriding them, and every error naming its line."""

from __future__ import annotations

from datetime import date

import pytest

from storage import checklist
from storage.checklist import parse_template
from storage.codes import CaseKind
from storage.errors import JournalLocked, TemplateInvalid
from storage.identity import fictitious_personnummer

GOOD = """\
# Our own routine
[[step]]
code = "call_home"
due_day = 0
contacts_family = true

[[step]]
code = "ask_classmates"
due_day = 1
text = "Fråga klasskamraterna"

[[step.questions]]
code = "last_seen"
text = "När såg du hen senast?"

[[step]]
code = "see_alone"
due_day = 1
honour_only = true
"""


def _refused(source: str) -> TemplateInvalid:
    with pytest.raises(TemplateInvalid) as refused:
        parse_template(source, "missing_pupil.toml")
    return refused.value


def test_the_built_in_missing_pupil_template():
    template = checklist.built_in(CaseKind.MISSING)
    assert template.source == "built-in"
    codes = [s.code for s in template.steps]
    assert codes[:4] == [
        "check_registration",
        "contact_guardians",
        "ask_staff_and_classmates",
        "check_siblings_here",
    ]
    assert len(codes) == len(set(codes)) == 16
    family = {s.code for s in template.steps if s.contacts_family}
    honour = {s.code for s in template.steps if s.honour_only}
    assert family == {"contact_guardians", "home_visit"}
    assert honour == {"see_pupil_alone", "agree_safe_contact", "consult_social_services_now"}
    classmates = template.step("ask_staff_and_classmates")
    assert classmates is not None
    assert [(q.code, q.text) for q in classmates.questions] == [
        ("last_seen", "When did you last see them?"),
        ("last_contact", "When were you last in touch, and how?"),
        ("social_media", "Has anyone been in touch on social media?"),
        ("said_about_leaving", "Did they say anything about going away or a trip?"),
    ]
    assert [s.code for s in template.steps_for(True) if s.contacts_family] == []
    assert [s.code for s in template.steps_for(False) if s.honour_only] == []
    assert template.steps == checklist.MISSING_PUPIL_STEPS


def test_the_built_in_problematic_absence_template():
    template = checklist.built_in(CaseKind.PROBLEMATIC_ABSENCE)
    assert [(s.code, s.due_day) for s in template.steps] == [
        ("talk_with_pupil", 5),
        ("talk_with_guardians", 5),
        ("pupil_health_team", 10),
        ("report_to_organiser", 10),
        ("inform_home_municipality", 10),
        ("action_plan", 15),
        ("follow_up", 30),
    ]


def test_a_good_file_is_read_whole():
    template = parse_template(GOOD, "missing_pupil.toml")
    assert template.source == "missing_pupil.toml"
    assert template.steps == (
        checklist.StepTemplate("call_home", 0, contacts_family=True),
        checklist.StepTemplate(
            "ask_classmates",
            1,
            text="Fråga klasskamraterna",
            questions=(checklist.Question("last_seen", "När såg du hen senast?"),),
        ),
        checklist.StepTemplate("see_alone", 1, honour_only=True),
    )


def test_broken_toml_names_its_line():
    error = _refused('[[step]]\ncode = "a"\ndue_day = 1\n\n[[step]\ncode = "b"\n')
    assert (error.field, error.reason, error.line) == ("checklist_template", "not_toml", 5)
    assert "line 5" in str(error)


def test_an_unknown_key_names_its_line_and_key():
    source = GOOD.replace('text = "Fråga klasskamraterna"', "due_days = 3")
    error = _refused(source)
    assert (error.reason, error.line, error.key) == ("unknown_key", 10, "due_days")
    error = _refused('title = "Vår rutin"\n' + GOOD)
    assert (error.reason, error.line, error.key) == ("unknown_key", 1, "title")
    error = _refused(GOOD.replace('text = "När såg du hen senast?"', 'txt = "När?"'))
    assert (error.reason, error.line, error.key) == ("unknown_key", 14, "txt")


def test_a_duplicate_code_names_the_line_of_the_second():
    source = GOOD.replace('code = "see_alone"', 'code = "call_home"')
    error = _refused(source)
    assert (error.reason, error.line, error.key) == ("duplicate_code", 17, "code")


def test_a_missing_code_names_the_steps_header():
    source = GOOD.replace('code = "ask_classmates"\n', "")
    error = _refused(source)
    assert (error.reason, error.line) == ("missing_code", 7)


def test_a_negative_day_names_its_line():
    error = _refused(GOOD.replace("due_day = 0", "due_day = -1"))
    assert (error.reason, error.line, error.key) == ("negative_day", 4, "due_day")
    assert _refused(GOOD.replace("due_day = 0\n", "")).reason == "missing_due_day"
    error = _refused(GOOD.replace("due_day = 0", 'due_day = "1"'))
    assert (error.reason, error.line) == ("wrong_type", 4)


def test_a_step_both_contacting_family_and_honour_only_is_refused():
    source = GOOD.replace("honour_only = true", "honour_only = true\ncontacts_family = true")
    error = _refused(source)
    assert (error.reason, error.line, error.key) == ("family_and_honour_only", 19, "honour_only")


def test_a_file_without_steps_is_refused():
    assert _refused("# nothing yet\n").reason == "no_steps"


def test_the_schools_own_file_overrides_the_built_in(new_journal):
    journal = new_journal.journal
    pupil = journal.add_pupil(fictitious_personnummer(date(2013, 1, 2), 3), "Ida", "Prov")
    folder = journal.paths.folder / "checklists"
    folder.mkdir()
    (folder / "missing_pupil.toml").write_text(GOOD, encoding="utf-8")

    assert journal.checklist_template(CaseKind.MISSING).source == "missing_pupil.toml"
    assert journal.checklist_template(CaseKind.PROBLEMATIC_ABSENCE).source == "built-in"
    case = journal.open_case(pupil, CaseKind.MISSING, date(2026, 11, 2))
    assert [(s.step_code, s.due_on) for s in journal.case_steps(case)] == [
        ("call_home", date(2026, 11, 2)),
        ("ask_classmates", date(2026, 11, 3)),
    ]
    journal.close_case(case, "other", "Prov")

    (folder / "missing_pupil.toml").write_text(GOOD.replace("due_day = 1", "due_day = -2", 1))
    with pytest.raises(TemplateInvalid) as refused:
        journal.open_case(pupil, CaseKind.MISSING, date(2026, 11, 16))
    assert (refused.value.reason, refused.value.line) == ("negative_day", 9)
    assert len(journal.open_cases(date(2026, 11, 30))) == 0  # nothing opened

    journal.close()
    with pytest.raises(JournalLocked):
        journal.checklist_template(CaseKind.MISSING)


def test_an_absence_investigation_takes_the_schools_own_file_too(new_journal):
    journal = new_journal.journal
    pupil = journal.add_pupil(fictitious_personnummer(date(2013, 1, 2), 4), "Ines", "Prov")
    folder = journal.paths.folder / "checklists"
    folder.mkdir()
    (folder / "problematic_absence.toml").write_text(
        '[[step]]\ncode = "samtal_med_elev"\ndue_day = 2\ntext = "Samtal med eleven"\n',
        encoding="utf-8",
    )
    case = journal.open_absence_investigation(pupil, date(2026, 11, 2), "Hög frånvaro")
    assert [(s.step_code, s.due_on) for s in journal.case_steps(case)] == [
        ("samtal_med_elev", date(2026, 11, 4))
    ]
