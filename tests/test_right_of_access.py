"""The right of access: everything about one pupil as one JSON file (storage.right_of_access),
written 0600 and recorded; never an address with protected identity."""

from __future__ import annotations

import hashlib
import json
import stat

import pytest
import retention_world as world
from sqlalchemy import text

from storage.codes import ExportContent, ExportFormat, SecurityMarking
from storage.errors import InvalidValue, NotFound
from storage.identity import InvalidIdentityNumber

SECTION_OF_TABLE = {
    "group_membership": "class_memberships",
    "absence_mark": "absence_marks",
    "mark_change": "mark_history",
    "absence_notice": "absence_notices",
    "leave_request": "leave_requests",
    "whereabouts_known": "whereabouts_known",
    "journal_entry": "journal_entries",
    "contact_attempt": "contact_attempts",
    "pupil_case": "cases",
    "concern_report": "concern_reports",
    "report_draft": "report_drafts",
    "export_record": "exports",
    "pupil_guardian": "guardians",
    "sibling_link": "sibling_links",
    "warning_sign": "warning_signs",
    "watch_entry": "watch_list",
}
"""Every table with a pupil_id column, and the document's key that holds its rows."""


def _sql(journal, statement: str, **values):
    with journal._session() as session:
        return session.connection().execute(text(statement), values).all()


def _add_report_draft(journal, pupil_id: int, case_id: int) -> None:
    from storage.report_of_concern import DraftFields

    draft = journal.start_report(pupil_id, case_id=case_id)
    journal.update_report_draft(draft, DraftFields(worry="Oro om sömnen"))


@pytest.fixture
def filled(new_journal):
    journal = new_journal.journal
    ids = world.build(journal)
    _add_report_draft(journal, ids.gone, ids.gone_case)
    return journal, ids


def _document(journal, pupil_id: int, tmp_path) -> dict:
    written = journal.export_right_of_access(
        pupil_id, purpose="Begäran om registerutdrag", to=tmp_path
    )
    return json.loads(written.path.read_text(encoding="utf-8"))


def test_every_table_that_holds_the_pupil_appears_whole(filled, tmp_path):
    journal, ids = filled
    with_pupil = {
        row[0]
        for row in _sql(
            journal,
            "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c "
            "WHERE m.type = 'table' AND c.name = 'pupil_id'",
        )
    } - {"journal_text"}  # the full-text index repeats the text of the tables above
    assert with_pupil == set(SECTION_OF_TABLE), "a table holds pupils the document leaves out"

    document = _document(journal, ids.gone, tmp_path)
    for table, key in SECTION_OF_TABLE.items():
        stored = _sql(
            journal,
            f"SELECT count(*) FROM {table} WHERE pupil_id = :p"
            + (" OR sibling_pupil_id = :p" if table == "sibling_link" else ""),
            p=ids.gone,
        )[0][0]
        # The export record of this very file is written after the document.
        expected = stored - 1 if table == "export_record" else stored
        assert stored > 0, f"the fictitious world has no {table} row"
        assert len(document[key]) == expected, table
    case = document["cases"][0]
    steps = _sql(
        journal, "SELECT count(*) FROM checklist_step WHERE case_id = :c", c=ids.gone_case
    )
    events = _sql(journal, "SELECT count(*) FROM case_event WHERE case_id = :c", c=ids.gone_case)
    assert len(case["steps"]) == steps[0][0] > 0
    assert len(case["events"]) == events[0][0] > 0
    assert document["pupil"]["identity_number"] == world.GONE_NUMBER
    assert document["pupil"]["street"] == "Glömskegatan 3"
    corrections = [e for e in document["journal_entries"] if e["corrects_id"] is not None]
    assert len(corrections) == 1
    assert {g["first_name"] for g in document["guardians"]} == {
        world.SHARED_MOTHER,
        world.GONE_FATHER,
    }
    audited = {(e["table"], e["row_id"]) for e in document["audit_events"]}
    assert ("pupil", ids.gone) in audited and ("pupil_case", ids.gone_case) in audited
    assert all(key in document["format"]["keys"] for key in document)
    assert document["format"]["name"] == "saknad-right-of-access"
    assert world.KEPT_NOTE not in json.dumps(document, ensure_ascii=False)


def test_protected_identity_has_no_address_anywhere(filled, tmp_path):
    journal, ids = filled
    unprotected = json.dumps(_document(journal, ids.gone, tmp_path), ensure_ascii=False)
    for address in ("Glömskegatan", "12345", "Påhittstad", "Fadersvägen", "Påhittby"):
        assert address in unprotected  # the control: the method finds an address

    world.protect(journal, ids.gone)
    protected = json.dumps(_document(journal, ids.gone, tmp_path / "p"), ensure_ascii=False)
    for address in ("Glömskegatan", "12345", "Påhittstad", "Fadersvägen", "Påhittby"):
        assert address not in protected, address
    assert world.GONE_NUMBER in protected


def test_where_a_protected_pupil_was_visited_is_left_out_phone_numbers_stay(filled, tmp_path):
    """A home visit's address (a contact's "number or address") leads to a protected child:
    left out of the contact and of its audit event; a number called stays."""
    from storage.codes import ContactChannel, ContactOutcome, Counterpart

    journal, ids = filled
    for channel, place in (
        (ContactChannel.HOME_VISIT, "Besöksgränd 4"),
        (ContactChannel.PHONE, "070-000 00 09"),
    ):
        journal.log_contact(
            ids.gone,
            channel=channel,
            counterpart_kind=Counterpart.GUARDIAN,
            number_or_address=place,
            outcome=ContactOutcome.NOBODY_HOME,
        )
    unprotected = json.dumps(_document(journal, ids.gone, tmp_path), ensure_ascii=False)
    assert "Besöksgränd 4" in unprotected  # the control
    world.protect(journal, ids.gone)
    protected = json.dumps(_document(journal, ids.gone, tmp_path / "p"), ensure_ascii=False)
    assert "Besöksgränd" not in protected
    assert "070-000 00 09" in protected


def test_a_protected_guardians_address_is_left_out(filled, tmp_path):
    journal, ids = filled
    journal.update_guardian(ids.father, security_marking=SecurityMarking.PROTECTED)
    document = json.dumps(_document(journal, ids.gone, tmp_path), ensure_ascii=False)
    assert "Fadersvägen" not in document and "Påhittby" not in document
    assert "Glömskegatan" in document  # the pupil is not protected


def test_the_guardians_are_read_once(filled, tmp_path):
    """One read of the pupil's guardian links fills both the guardians and the addresses
    the audit trail must hide."""
    from sqlalchemy import event

    journal, ids = filled
    journal.update_guardian(ids.father, security_marking=SecurityMarking.PROTECTED)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(journal._engine, "before_cursor_execute", seen)
    try:
        document = json.dumps(_document(journal, ids.gone, tmp_path), ensure_ascii=False)
    finally:
        event.remove(journal._engine, "before_cursor_execute", seen)
    reads = [s for s in statements if "FROM pupil_guardian" in s and s.startswith("SELECT")]
    assert len(reads) == 1
    assert "Fadersvägen" not in document  # still hidden, in the trail too


def test_the_file_is_0600_and_the_export_recorded_with_its_hash(filled, tmp_path):
    journal, ids = filled
    written = journal.export_right_of_access(
        ids.gone, purpose="Begäran om registerutdrag", recipient="Vårdnadshavare", to=tmp_path
    )
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    assert written.path.parent == tmp_path
    assert world.GONE_FIRST not in written.path.name  # no name in a file name
    data = written.path.read_bytes()
    assert written.sha256 == hashlib.sha256(data).hexdigest()
    record = _sql(
        journal,
        "SELECT format, content, purpose, recipient, file_name, sha256, pupil_id "
        "FROM export_record WHERE id = :e",
        e=written.export_id,
    )[0]
    assert tuple(record) == (
        ExportFormat.JSON,
        ExportContent.RIGHT_OF_ACCESS,
        "Begäran om registerutdrag",
        "Vårdnadshavare",
        str(written.path.resolve()),
        written.sha256,
        ids.gone,
    )


def test_without_a_place_the_file_goes_to_the_exports_folder(filled):
    journal, ids = filled
    written = journal.export_right_of_access(ids.kept, purpose="Registerutdrag")
    assert written.path.parent == journal.paths.exports
    assert stat.S_IMODE(journal.paths.exports.stat().st_mode) == 0o700


def test_no_purpose_no_file(filled, tmp_path):
    journal, ids = filled
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InvalidValue):
        journal.export_right_of_access(ids.gone, purpose="  ", to=out)
    assert list(out.iterdir()) == []


def test_a_pupil_is_named_by_id_or_identity_number(filled):
    journal, ids = filled
    assert journal.pupil_id_for(str(ids.gone)) == ids.gone
    assert journal.pupil_id_for(world.GONE_NUMBER) == ids.gone
    ten = f"{world.GONE_NUMBER[2:8]}-{world.GONE_NUMBER[8:]}"
    assert journal.pupil_id_for(ten) == ids.gone
    with pytest.raises(NotFound):
        journal.pupil_id_for("999")
    with pytest.raises(InvalidIdentityNumber):
        journal.pupil_id_for("20080304-0000")
