"""The audit trail: every change is traceable to who did it, with old and new values."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import PASSPHRASE

from storage.access import unlock_remembered, unlock_with_passphrase, unlock_with_recovery_key
from storage.identity import fictitious_personnummer
from storage.models import CaseKind

ALVA = fictitious_personnummer(date(2012, 5, 3), 1)


def _events(journal, **match):
    """The trail oldest first, filtered on AuditRow fields."""
    rows = list(reversed(journal.audit_trail(limit=100_000)))
    return [r for r in rows if all(getattr(r, k) == v for k, v in match.items())]


def _changes(row) -> dict:
    return json.loads(row.changes)


def test_adding_a_pupil_is_recorded(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator", role="Kurator")
    pupil_id = journal.add_pupil(ALVA, "Alva", "Testsson", city="Teststad")

    (event,) = _events(journal, table_name="pupil")
    assert (event.action, event.row_id, event.actor) == ("insert", pupil_id, "Karin Kurator")
    changes = _changes(event)
    assert changes["identity_number"] == [None, ALVA]
    assert changes["first_name"] == [None, "Alva"]
    assert changes["last_name"] == [None, "Testsson"]
    assert changes["city"] == [None, "Teststad"]
    assert changes["birth_date"] == [None, "2012-05-03"]
    assert event.at is not None


def test_profile_changes_keep_old_and_new_values(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator", role="Kurator", phone="000-111")
    journal.set_profile("Karin Kurator-Ek", role="Kurator", phone="000-222")

    inserted, updated = _events(journal, table_name="counsellor")
    assert inserted.action == "insert"
    assert _changes(inserted)["name"] == [None, "Karin Kurator"]
    assert updated.action == "update"
    assert updated.row_id == inserted.row_id
    changes = _changes(updated)
    assert changes["name"] == ["Karin Kurator", "Karin Kurator-Ek"]
    assert changes["phone"] == ["000-111", "000-222"]
    assert "role" not in changes  # unchanged fields are not listed as changes
    # The rename was done by the counsellor as they were known when they did it.
    assert updated.actor == "Karin Kurator"
    assert journal.actor == "Karin Kurator-Ek"


def test_completing_a_step_is_recorded_with_the_actor(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    pupil_id = journal.add_pupil(ALVA, "Alva", "Testsson")
    case_id = journal.open_case(pupil_id, CaseKind.MISSING, date(2025, 3, 3))
    step = journal.case_steps(case_id)[0]
    assert step.done_at is None

    journal.complete_step(step.id, outcome="Folkbokföringen kontrollerad")

    (event,) = _events(journal, table_name="checklist_step", action="update")
    assert event.row_id == step.id
    assert event.actor == "Karin Kurator"
    changes = _changes(event)
    assert changes["done_by"] == ["", "Karin Kurator"]
    assert changes["outcome"] == ["", "Folkbokföringen kontrollerad"]
    old, new = changes["done_at"]
    assert old is None and new is not None
    assert journal.case_steps(case_id)[0].done_at is not None
    # Opening the case recorded the case and each of its steps.
    assert len(_events(journal, table_name="pupil_case", action="insert")) == 1
    assert len(_events(journal, table_name="checklist_step", action="insert")) == len(
        journal.case_steps(case_id)
    )


def test_every_write_lands_in_the_trail(new_journal):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    school = journal.add_school("Testskolan")
    group = journal.add_group(school, "7B")
    pupil = journal.add_pupil(ALVA, "Alva", "Testsson", group_id=group, school_id=school)
    guardian = journal.add_guardian("Maja", "Testsson", phone="070-000 00 00")
    journal.link_guardian(pupil, guardian)
    mark = journal.mark_absence(pupil, date(2025, 3, 3), "invalid")
    contact = journal.log_contact(pupil, note="Inget svar")
    entry = journal.add_entry(pupil, "Samtal med Alva")
    export = journal.record_export(format="json", content="other", purpose="test")

    inserted = {(r.table_name, r.row_id) for r in _events(journal, action="insert")}
    for table, row_id in [
        ("school", school),
        ("school_group", group),
        ("pupil", pupil),
        ("guardian", guardian),
        ("absence_mark", mark),
        ("contact_attempt", contact),
        ("journal_entry", entry),
        ("export_record", export),
    ]:
        assert (table, row_id) in inserted, table
    assert any(t == "group_membership" for t, _ in inserted)
    assert any(t == "pupil_guardian" for t, _ in inserted)
    assert {
        r.actor for r in _events(journal, action="insert") if r.table_name != "counsellor"
    } == {"Karin Kurator"}


def test_the_trail_survives_reopening(new_journal, journal_paths):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    journal.add_pupil(ALVA, "Alva", "Testsson")
    before = journal.audit_trail()
    journal.close()
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as reopened:
        assert reopened.actor == "Karin Kurator"
        assert reopened.audit_trail() == before


def test_a_refused_change_leaves_no_audit_row(new_journal):
    from storage.errors import DuplicateIdentityNumber

    journal = new_journal.journal
    journal.add_pupil(ALVA, "Alva", "Testsson")
    count = len(journal.audit_trail(limit=100_000))
    with pytest.raises(DuplicateIdentityNumber):
        journal.add_pupil(ALVA, "Berit", "Exempelsson")
    assert len(journal.audit_trail(limit=100_000)) == count


def test_passphrase_change_is_recorded(new_journal, fast_kdf):
    journal = new_journal.journal
    journal.set_profile("Karin Kurator")
    journal.change_passphrase(PASSPHRASE, "a brand new passphrase", params=fast_kdf)
    (event,) = _events(journal, action="passphrase_set")
    assert event.actor == "Karin Kurator"
    assert event.changes == "change"
    assert "a brand new passphrase" not in event.changes
    assert PASSPHRASE not in event.changes


def test_refused_passphrase_change_is_not_recorded(new_journal, fast_kdf):
    from storage.errors import WrongPassphrase

    journal = new_journal.journal
    with pytest.raises(WrongPassphrase):
        journal.change_passphrase("not the passphrase", "a brand new passphrase", params=fast_kdf)
    assert _events(journal, action="passphrase_set") == []


def test_recovery_is_recorded(new_journal, journal_paths, fast_kdf):
    new_journal.journal.set_profile("Karin Kurator")
    new_journal.journal.close()
    with unlock_with_recovery_key(
        journal_paths, new_journal.recovery_key, "a brand new passphrase", params=fast_kdf
    ) as journal:
        (event,) = _events(journal, action="passphrase_set")
        assert (event.changes, event.actor) == ("recovery", "Karin Kurator")


def test_remember_and_forget_are_recorded(new_journal, journal_paths, memory_keyring):
    journal = new_journal.journal
    journal.remember_on_this_computer()
    journal.close()
    with unlock_remembered(journal_paths) as reopened:
        reopened.forget_on_this_computer()
        actions = [r.action for r in _events(reopened)]
    assert actions.index("remembered_on_this_computer") < actions.index(
        "forgotten_on_this_computer"
    )
