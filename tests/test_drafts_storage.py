"""Drafts and moving to a named class in storage: kept in the journal, audited, one at a time;
and a journal of schema 2 gains the draft table when it is upgraded (issue 8, points 5, 19)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from storage import schema
from storage.access import unlock_with_passphrase
from storage.errors import InvalidValue
from storage.identity import fictitious_personnummer
from storage.paths import JournalPaths

NOTE = "Mamma ringde: Alva är hos mormor i Påhittby.\nRing tillbaka i morgon."


def test_a_draft_is_kept_read_back_replaced_and_discarded(new_journal, journal_paths):
    journal = new_journal.journal
    assert journal.draft() is None
    first = journal.keep_draft(
        place=[["pupil_card", 7]], dialog="note", arguments={"pupil_id": 7}, fields={"text": "x"}
    )
    second = journal.keep_draft(
        place=[["classes", None], ["pupil_card", 7]],
        dialog="note",
        arguments={"pupil_id": 7},
        fields={"text": NOTE},
    )
    journal.close()

    with unlock_with_passphrase(journal_paths, "correct horse battery staple") as reopened:
        draft = reopened.draft()
        assert draft is not None and draft.id == second != first
        assert (draft.place, draft.dialog, draft.arguments, draft.fields) == (
            [["classes", None], ["pupil_card", 7]],
            "note",
            {"pupil_id": 7},
            {"text": NOTE},
        )
        reopened.discard_draft(draft.id)
        reopened.discard_draft(draft.id)  # already gone: no change, no error
        assert reopened.draft() is None
        trail = [a for a in reopened.audit_trail(100) if a.table_name == "draft"]
        # Audited like every change: two kept, the first replaced, the second discarded.
        assert sorted(a.action for a in trail) == ["delete", "delete", "insert", "insert"]


def test_the_draft_text_is_only_inside_the_encrypted_file(new_journal, journal_paths):
    journal = new_journal.journal
    journal.keep_draft(place=[], dialog="note", arguments={}, fields={"text": NOTE})
    journal.close()
    needle = b"mormor"
    for path in journal_paths.folder.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), path.name


def test_move_to_a_named_class_creates_it_once_in_the_pupils_school(new_journal):
    journal = new_journal.journal
    school = journal.add_school("Påhittade skolan")
    other = journal.add_school("Andra skolan")
    journal.add_group(other, "8C")  # another school's 8C is not this pupil's
    seven_a = journal.add_group(school, "7A", school_year=7)
    alva = journal.add_pupil(
        fictitious_personnummer(date(2013, 4, 2), 1),
        "Alva",
        "Testsson",
        school_id=school,
        group_id=seven_a,
    )
    eight_c = journal.move_pupil_to_named_class(alva, " 8C ", on=date(2026, 11, 30))
    assert journal.move_pupil_to_named_class(alva, "8c", on=date(2026, 12, 1)) == eight_c
    rows = {(c.school_id, c.name): c for c in journal.classes()}
    assert rows[(school, "8C")].id == eight_c
    assert rows[(school, "8C")].pupil_count == 1
    assert rows[(other, "8C")].pupil_count == 0
    assert journal.pupil_card(alva).pupil.class_name == "8C"
    with pytest.raises(InvalidValue) as refused:
        journal.move_pupil_to_named_class(alva, "   ", on=date(2026, 12, 2))
    assert refused.value.field == "class_name"


FIXTURE_V2 = Path(__file__).parent / "fixtures" / "journal_v2"


def test_a_schema_2_journal_gains_the_draft_table(tmp_path):
    folder = tmp_path / "old_v2"
    folder.mkdir()
    for name in ("journal.db", "journal.keys"):
        shutil.copy(FIXTURE_V2 / name, folder / name)
    paths = JournalPaths(folder)
    with unlock_with_passphrase(paths, "fixture passphrase v2") as journal:
        with journal._engine.connect() as connection:
            assert schema.read_version(connection) == schema.SCHEMA_VERSION >= 4
        assert journal.summary().pupils == 2  # the old data is all there
        draft_id = journal.keep_draft(
            place=[["pupil_card", 1]], dialog="note", arguments={"pupil_id": 1}, fields={}
        )
        assert journal.draft().id == draft_id
        (event,) = [a for a in journal.audit_trail(10) if a.table_name == "draft"]
        assert json.loads(event.changes)["dialog"] == [None, "note"]
