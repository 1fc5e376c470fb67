"""Journal.in_one_transaction: many facade calls, one commit, every row still audited."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import PASSPHRASE

from storage.access import unlock_with_passphrase
from storage.errors import DuplicateIdentityNumber
from storage.identity import fictitious_personnummer

ALVA = fictitious_personnummer(date(2012, 5, 3), 0)
BO = fictitious_personnummer(date(2013, 1, 9), 1)


def test_calls_inside_are_written_and_audited_once_the_block_ends(new_journal, journal_paths):
    journal = new_journal.journal
    with journal.in_one_transaction():
        school = journal.add_school("Påhittade skolan")
        pupil = journal.add_pupil(
            ALVA, "Alva", "Testsson", school_id=school, today=date(2026, 3, 18)
        )
        guardian = journal.add_guardian("Märta", "Testsson")
        journal.link_guardian(pupil, guardian)
        # Another connection does not see the rows before the commit.
        with unlock_with_passphrase(journal_paths, PASSPHRASE) as other:
            assert other.summary().pupils == 0
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as other:
        assert other.summary().pupils == 1 and other.summary().guardians == 1
        inserted = {
            (row.table_name, row.row_id) for row in other.audit_trail() if row.action == "insert"
        }
    assert {("school", school), ("pupil", pupil), ("guardian", guardian)} <= inserted
    assert any(table == "pupil_guardian" for table, _id in inserted)


def test_an_error_inside_writes_nothing(new_journal):
    journal = new_journal.journal
    with pytest.raises(DuplicateIdentityNumber), journal.in_one_transaction():
        journal.add_pupil(ALVA, "Alva", "Testsson")
        journal.add_guardian("Märta", "Testsson")
        journal.add_pupil(ALVA, "Alva", "Igen")
    assert journal.summary().pupils == 0 and journal.summary().guardians == 0
    assert not [row for row in journal.audit_trail() if row.action == "insert"]
    # The journal works as before afterwards, one transaction per call.
    journal.add_pupil(BO, "Bo", "Testsson")
    assert journal.summary().pupils == 1


def test_rows_added_in_bulk_are_audited_and_committed(new_journal, journal_paths):
    from storage import models as m

    journal = new_journal.journal
    with journal.bulk() as session:
        session.add_all(
            [
                m.Guardian(first_name="Märta", last_name="Testsson"),
                m.Guardian(first_name="Per", last_name="Testsson"),
            ]
        )
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as other:
        assert other.summary().guardians == 2
        audited = [
            row
            for row in other.audit_trail()
            if row.action == "insert" and row.table_name == "guardian"
        ]
    assert len(audited) == 2 and all("Testsson" in row.changes for row in audited)
