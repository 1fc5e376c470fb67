"""The demo world: deterministic, fictitious, plausible."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date

import pytest
from sqlmodel import Session, func, select

from storage import models as m
from storage.access import create_journal
from storage.checklist import MISSING_PUPIL_STEPS
from storage.demo import build_demo, school_year_start
from storage.identity import parse
from storage.keys import Argon2Params
from storage.paths import JournalPaths

TODAY = date(2026, 3, 18)  # a Wednesday in the spring term
FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)


def _new_journal(folder):
    return create_journal(JournalPaths(folder), "a long test passphrase", params=FAST).journal


def _world(journal) -> list[tuple]:
    return [
        (p.identity_number, p.first_name, p.last_name, p.class_name, p.security_marking)
        for p in journal.pupils()
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo journal for the read-only tests of this module."""
    journal = _new_journal(tmp_path_factory.mktemp("demo") / "j")
    build_demo(journal, today=TODAY)
    yield journal
    journal.close()


def test_same_seed_same_world_other_seed_other_world(demo, tmp_path):
    again = _new_journal(tmp_path / "again")
    other = _new_journal(tmp_path / "other")
    try:
        build_demo(again, today=TODAY)
        build_demo(other, seed=7, today=TODAY)
        assert _world(again) == _world(demo)
        assert again.summary() == demo.summary()
        numbers = {row[0] for row in _world(demo)}
        assert numbers != {row[0] for row in _world(other)}
    finally:
        again.close()
        other.close()


def test_identity_numbers_are_fictitious_and_match_the_school_year(demo):
    year0 = school_year_start(TODAY)
    kinds = Counter()
    for pupil in demo.pupils():
        number = parse(pupil.identity_number, today=TODAY)
        kinds[number.kind] += 1
        assert number.normalised == pupil.identity_number
        if not number.is_temporary:
            assert 980 <= int(pupil.identity_number[8:11]) <= 999
        school_year = int(pupil.class_name[0])
        assert number.birth_date.year == year0 - 6 - school_year
    assert 1 <= kinds[m.IdentityKind.TEMPORARY] <= 2
    assert kinds[m.IdentityKind.PERSONNUMMER] > 300


def test_protected_pupils_and_their_guardians_have_no_address(demo):
    protected = [p for p in demo.pupils() if p.security_marking == m.SecurityMarking.PROTECTED]
    assert 1 <= len(protected) <= 2
    for pupil in protected:
        assert demo.pupil_address(pupil.id) == (None, None, None)
    others = [p for p in demo.pupils() if p.security_marking == m.SecurityMarking.NONE]
    assert all(demo.pupil_address(p.id)[0] for p in others[:20])
    with Session(demo._engine) as session:
        guardians = session.exec(
            select(m.Guardian)
            .join(m.PupilGuardian, m.PupilGuardian.guardian_id == m.Guardian.id)
            .where(m.PupilGuardian.pupil_id.in_([p.id for p in protected]))
        ).all()
        assert guardians
        assert all(g.street is None and g.postal_code is None for g in guardians)


def test_families_siblings_interpreters_and_emergency_contacts(demo):
    with Session(demo._engine) as session:
        shared = session.exec(
            select(m.PupilGuardian.guardian_id, func.count())
            .where(m.PupilGuardian.relation == m.Relation.GUARDIAN)
            .group_by(m.PupilGuardian.guardian_id)
            .having(func.count() > 1)
        ).all()
        assert len(shared) >= 20  # siblings derived from shared guardians
        per_pupil = Counter(
            session.exec(
                select(m.PupilGuardian.pupil_id).where(
                    m.PupilGuardian.relation == m.Relation.GUARDIAN
                )
            ).all()
        )
        assert 1 in per_pupil.values() and 2 in per_pupil.values()  # single-guardian families
        assert (
            session.exec(
                select(func.count())
                .select_from(m.PupilGuardian)
                .where(m.PupilGuardian.relation == m.Relation.EMERGENCY_CONTACT)
            ).one()
            > 10
        )
        interpreters = session.exec(select(m.Guardian).where(m.Guardian.interpreter_needed)).all()
        assert interpreters and all(g.language for g in interpreters)
        links = session.exec(select(m.SiblingLink)).all()
        assert {link.school_type for link in links} >= {
            m.SchoolType.INDEPENDENT,
            m.SchoolType.MUNICIPAL,
        }
        assert all(link.name and link.birth_year and link.school_name for link in links)
        other_schools = session.exec(select(m.School).where(m.School.served == False)).all()  # noqa: E712
        assert any(s.school_type == m.SchoolType.INDEPENDENT for s in other_schools)


def test_calendar_covers_the_school_year(demo):
    with Session(demo._engine) as session:
        names = set(session.exec(select(m.CalendarPeriod.name)).all())
    assert {
        "Höstlov",
        "Jullov",
        "Sportlov",
        "Påsklov",
        "Hösttermin 2025",
        "Vårtermin 2026",
    } <= names


def test_summary_is_plausible(demo):
    summary = demo.summary()
    assert summary.schools == 2
    assert summary.classes == 15
    assert 15 * 20 <= summary.pupils <= 15 * 26
    assert summary.pupils < summary.guardians < 3 * summary.pupils
    assert 1000 < summary.absence_marks < 10_000
    assert summary.open_missing == 3
    assert summary.open_absence_cases == 2


def test_honour_related_case_has_no_guardian_contact(demo):
    cases = demo.open_cases(TODAY)
    honour = [c for c in cases if c.honour_related and c.kind == m.CaseKind.MISSING]
    assert len(honour) == 1
    family_steps = {s.code for s in MISSING_PUPIL_STEPS if s.contacts_family}
    steps = demo.case_steps(honour[0].case_id)
    assert steps and not family_steps & {s.step_code for s in steps}
    assert any(s.done_at for s in steps) and not all(s.done_at for s in steps)
    with Session(demo._engine) as session:
        contacts = session.exec(
            select(m.ContactAttempt).where(m.ContactAttempt.case_id == honour[0].case_id)
        ).all()
        assert contacts
        assert not {c.counterpart_kind for c in contacts} & {
            m.Counterpart.GUARDIAN,
            m.Counterpart.EMERGENCY_CONTACT,
        }
        words = session.exec(
            select(m.JournalEntry).where(
                m.JournalEntry.pupil_id == honour[0].pupil_id,
                m.JournalEntry.kind == m.EntryKind.PUPIL_WORDS,
            )
        ).all()
        assert words
        report = session.exec(
            select(m.ConcernReport).where(m.ConcernReport.case_id == honour[0].case_id)
        ).one()
        assert report.guardians_informed is False


def test_missing_pupils_are_absent_and_invalid_today(demo):
    absent = {a.pupil_id: a for a in demo.absent_on(TODAY)}
    for case in demo.open_cases(TODAY):
        if case.kind == m.CaseKind.MISSING:
            assert absent[case.pupil_id].any_invalid
            assert not absent[case.pupil_id].reported_in_advance
    assert any(a.reported_in_advance for a in absent.values())


def test_problematic_absence_finds_a_handful_and_the_open_investigations(demo):
    listed = demo.problematic_absence(TODAY)
    pupils = {row.pupil_id: row for row in listed.pupils}
    assert 5 <= len(pupils) <= 0.1 * demo.summary().pupils
    assert all(row.findings for row in listed.pupils)
    cases = demo.open_cases(TODAY)
    problematic = {
        c.pupil_id: c.case_id for c in cases if c.kind == m.CaseKind.PROBLEMATIC_ABSENCE
    }
    missing = {c.pupil_id for c in cases if c.kind == m.CaseKind.MISSING}
    # The demo's investigations are listed with their case; missing pupils are kept apart.
    assert {p: pupils[p].case_id for p in problematic} == problematic
    assert not missing & set(pupils)
    assert listed.missing_left_out >= 1


def test_the_morning_dashboard_is_live_on_the_demos_today(demo):
    morning = demo.morning(TODAY)
    assert morning.registers_not_taken == len(demo.classes_not_taken(TODAY)) > 0
    assert morning.notices_due == len(demo.notices_due(TODAY).due) > 0
    assert morning.problematic == len(demo.problematic_absence(TODAY).pupils) > 0
    assert any(case.overdue_steps for case in morning.missing_cases)
    assert len(morning.missing_cases) == morning.summary.open_missing == 3


def test_demo_module_loads_no_ui():
    code = (
        "import sys, storage.demo; "
        "bad = {n for n in sys.modules if n.split('.')[0] in ('textual', 'rich', 'tui')}; "
        "sys.exit(str(sorted(bad)) if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_pupil_is_on_the_watch_list_with_signs_and_prevention_work_begun(demo):
    [row] = demo.watch_list(TODAY)
    case = demo.case_detail(row.case_id)
    assert (case.kind, case.honour_related) == (m.CaseKind.PREVENTION, True)
    steps = demo.case_steps(row.case_id)
    assert [s.step_code for s in steps if s.done_at] == [
        "talk_with_pupil_alone",
        "agree_safe_way_to_reach",
    ]
    assert demo.pupil_card(row.pupil_id).pupil.no_guardian_contact
    signs = demo.warning_signs(row.pupil_id)
    assert {s.sign_code for s in signs} == {"fear_of_trip_abroad", "controlled_free_time"}
    assert any(s.own_words for s in signs)
