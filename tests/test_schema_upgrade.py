"""A journal written by the previous schema opens, upgrades in place and keeps its data."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage import schema
from storage.access import create_journal, unlock_with_passphrase, unlock_with_recovery_key
from storage.errors import JournalTooNew
from storage.paths import JournalPaths

FIXTURE = Path(__file__).parent / "fixtures" / "journal_v1"
FIXTURE_PASSPHRASE = "fixture passphrase v1"
FIXTURE_RECOVERY = "0P57-TB3E-8RZ7-XVF9-WNEN-A5E7-YKN1-N7DJ"


@pytest.fixture
def v1_paths(tmp_path) -> JournalPaths:
    folder = tmp_path / "old"
    folder.mkdir()
    for name in ("journal.db", "journal.keys"):
        shutil.copy(FIXTURE / name, folder / name)
    return JournalPaths(folder)


def _version(journal) -> int:
    with journal._engine.connect() as connection:
        return schema.read_version(connection)


def test_fixture_is_really_schema_1(v1_paths):
    from storage.engine import open_engine
    from storage.keys import KeySlots

    key = KeySlots.load(v1_paths.key_file).open_passphrase(FIXTURE_PASSPHRASE)
    engine = open_engine(v1_paths.database, key)
    with engine.connect() as connection:
        assert schema.read_version(connection) == 1
        columns = [
            row[1] for row in connection.exec_driver_sql("PRAGMA table_info(export_record)")
        ]
    engine.dispose()
    assert "sha256" not in columns


def test_upgrade_keeps_data_and_matches_a_fresh_schema(v1_paths, tmp_path, fast_kdf):
    with unlock_with_passphrase(v1_paths, FIXTURE_PASSPHRASE) as journal:
        assert _version(journal) == schema.SCHEMA_VERSION
        summary = journal.summary()
        assert (summary.pupils, summary.guardians, summary.absence_marks) == (2, 1, 2)
        assert summary.open_missing == 1
        assert [p.last_name for p in journal.pupils()] == ["Exempelsson", "Testsson"]
        # Schema 7: the open case's history starts with its opening.
        (case,) = journal.open_cases(date(2026, 11, 30))
        assert [(e.action, e.outcome) for e in journal.case_events(case.case_id)] == [
            ("opened", "")
        ]
        # The new column works on the upgraded file.
        journal.record_export(format="json", content="other", purpose="test", sha256="ab" * 32)
        with journal._engine.connect() as connection:
            upgraded = schema.table_shapes(connection)
            hashes = (
                connection.execute(text("SELECT sha256 FROM export_record ORDER BY id"))
                .scalars()
                .all()
            )
        assert hashes == ["", "ab" * 32]

    fresh = create_journal(JournalPaths(tmp_path / "fresh"), "a fresh passphrase", params=fast_kdf)
    with fresh.journal as journal, journal._engine.connect() as connection:
        assert schema.table_shapes(connection) == upgraded


def test_upgraded_journal_reopens_without_upgrading_again(v1_paths):
    unlock_with_passphrase(v1_paths, FIXTURE_PASSPHRASE).close()
    with unlock_with_passphrase(v1_paths, FIXTURE_PASSPHRASE) as journal:
        assert _version(journal) == schema.SCHEMA_VERSION
        assert journal.summary().pupils == 2


def test_recovery_key_of_an_old_journal_still_works(v1_paths):
    with unlock_with_recovery_key(v1_paths, FIXTURE_RECOVERY, "a brand new passphrase"):
        pass
    unlock_with_passphrase(v1_paths, "a brand new passphrase").close()


def test_journal_from_a_newer_saknad_is_refused_untouched(v1_paths):
    unlock_with_passphrase(v1_paths, FIXTURE_PASSPHRASE).close()
    with (
        unlock_with_passphrase(v1_paths, FIXTURE_PASSPHRASE) as journal,
        journal._engine.begin() as connection,
    ):
        connection.exec_driver_sql(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    before = v1_paths.database.read_bytes()
    with pytest.raises(JournalTooNew):
        unlock_with_passphrase(v1_paths, FIXTURE_PASSPHRASE)
    assert v1_paths.database.read_bytes() == before


# -- schema 2 -> 3: the protected-identity CHECK on guardians ----------------------------------

FIXTURE_V2 = Path(__file__).parent / "fixtures" / "journal_v2"
FIXTURE_V2_PASSPHRASE = "fixture passphrase v2"


@pytest.fixture
def v2_paths(tmp_path) -> JournalPaths:
    folder = tmp_path / "old_v2"
    folder.mkdir()
    for name in ("journal.db", "journal.keys"):
        shutil.copy(FIXTURE_V2 / name, folder / name)
    return JournalPaths(folder)


def _guardian_rows(connection) -> list[tuple]:
    return connection.exec_driver_sql(
        "SELECT id, first_name, last_name, phone, security_marking, street, postal_code, city,"
        " created_at FROM guardian ORDER BY id"
    ).all()


def test_fixture_v2_is_really_schema_2_with_a_protected_address(v2_paths):
    from storage.engine import open_engine
    from storage.keys import KeySlots

    key = KeySlots.load(v2_paths.key_file).open_passphrase(FIXTURE_V2_PASSPHRASE)
    engine = open_engine(v2_paths.database, key)
    with engine.connect() as connection:
        assert schema.read_version(connection) == 2
        rows = _guardian_rows(connection)
        guardian_sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'guardian'"
        ).scalar_one()
    engine.dispose()
    assert "CHECK" not in guardian_sql
    assert [(r[1], r[4], r[5]) for r in rows] == [
        ("Maja", "none", "Lärkvägen 1"),
        ("Sam", "protected", None),
        ("Eva", "protected", "Hemligvägen 9"),
    ]


def test_upgrade_to_3_clears_protected_addresses_keeps_every_row_and_adds_the_check(
    v2_paths, tmp_path, fast_kdf
):
    from storage.engine import open_engine
    from storage.keys import KeySlots

    key = KeySlots.load(v2_paths.key_file).open_passphrase(FIXTURE_V2_PASSPHRASE)
    engine = open_engine(v2_paths.database, key)
    with engine.connect() as connection:
        before = _guardian_rows(connection)
        links_before = connection.exec_driver_sql("SELECT * FROM pupil_guardian ORDER BY id").all()
    engine.dispose()

    with unlock_with_passphrase(v2_paths, FIXTURE_V2_PASSPHRASE) as journal:
        assert _version(journal) == schema.SCHEMA_VERSION
        with journal._engine.connect() as connection:
            after = _guardian_rows(connection)
            links_after = connection.exec_driver_sql(
                "SELECT * FROM pupil_guardian ORDER BY id"
            ).all()
            contact = connection.exec_driver_sql(
                "SELECT guardian_id FROM contact_attempt"
            ).scalar_one()
            upgraded = schema.table_shapes(connection)
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # Every row and id is kept; only Eva's address (protected) is gone.
        eva = next(r for r in before if r[1] == "Eva")
        expected = [r if r[0] != eva[0] else (*r[:5], None, None, None, r[8]) for r in before]
        assert after == expected
        assert links_after == links_before and contact == eva[0]
        # The trail says that the address went, and not what it was.
        (event,) = [
            a for a in journal.audit_trail(limit=1000) if a.action == "protected_address_cleared"
        ]
        assert (event.table_name, event.row_id) == ("guardian", eva[0])
        assert event.changes == "street, postal_code, city"
        assert "Hemligvägen" not in str(journal.audit_trail(limit=1000))
        # The file itself now refuses an address on a protected guardian.
        with (
            pytest.raises(IntegrityError, match="protected_identity_has_no_address"),
            journal._engine.begin() as connection,
        ):
            connection.exec_driver_sql(
                "UPDATE guardian SET city = 'Testby' WHERE id = ?", (eva[0],)
            )
        assert journal.summary().guardians == 3

    fresh = create_journal(JournalPaths(tmp_path / "fresh"), "a fresh passphrase", params=fast_kdf)
    with fresh.journal as journal, journal._engine.connect() as connection:
        assert schema.table_shapes(connection) == upgraded
    assert (
        "check",
        "protected_identity_has_no_address",
        "security_marking != 'protected' OR "
        "(street IS NULL AND postal_code IS NULL AND city IS NULL)",
    ) in upgraded["guardian"]


def test_upgrade_to_5_takes_protected_addresses_out_of_the_trail(tmp_path, fast_kdf):
    """A person marked protected before schema 5 left the address in the trail's earlier
    events; the upgrade redacts them and records the act, and keeps every other event."""
    from datetime import date

    from storage.identity import fictitious_personnummer

    sql = text

    paths = JournalPaths(tmp_path / "journal")
    created = create_journal(paths, "a passphrase for five", params=fast_kdf)
    with created.journal as journal:
        vera = journal.add_pupil(
            fictitious_personnummer(date(2013, 1, 5), 5),
            "Vera",
            "Testsson",
            street="Hemliga gatan 3",
            postal_code="000 07",
            city="Ort",
        )
        maja = journal.add_guardian("Maja", "Testsson", street="Öppna vägen 1", city="Ort")
        # How schema 4 left it: the marking set and the address cleared, the trail untouched.
        with journal._engine.begin() as connection:
            connection.execute(
                sql(
                    "UPDATE pupil SET security_marking = 'protected', street = NULL,"
                    " postal_code = NULL, city = NULL WHERE id = :id"
                ),
                {"id": vera},
            )
            _back_to_schema_5(connection)
            connection.exec_driver_sql("PRAGMA user_version = 4")
    with (
        unlock_with_passphrase(paths, "a passphrase for five") as journal,
        journal._engine.connect() as connection,
    ):
        assert schema.read_version(connection) == schema.SCHEMA_VERSION
        hidden = connection.execute(
            sql("SELECT count(*) FROM audit_event WHERE changes LIKE '%Hemliga%'")
        ).scalar()
        kept = connection.execute(
            sql("SELECT count(*) FROM audit_event WHERE changes LIKE '%Öppna vägen%'")
        ).scalar()
        redactions = connection.execute(
            sql("SELECT table_name, row_id FROM audit_event WHERE action = 'redact'")
        ).all()
    assert hidden == 0 and kept == 1  # Maja is not protected: her address stays
    assert [tuple(r) for r in redactions] == [("pupil", vera)]
    assert maja


def _back_to_schema_9(connection) -> None:
    """Take a fresh journal's schema-10 additions out, so it is the file schema 9 wrote."""
    sql = connection.exec_driver_sql
    for table in ("warning_sign", "watch_entry"):
        for suffix in ("ai", "au", "ad"):
            sql(f"DROP TRIGGER journal_text_{table}_{suffix}")
        sql(f"DROP TABLE {table}")
    sql("PRAGMA user_version = 9")


def _back_to_schema_8(connection) -> None:
    """Take a fresh journal's schema-9 and 10 additions out, so it is the file schema 8
    wrote."""
    _back_to_schema_9(connection)
    sql = connection.exec_driver_sql
    sql("DROP TABLE report_draft")
    for column in ("child_informed", "written_follow_up_on", "investigation_opened"):
        sql(f"ALTER TABLE concern_report DROP COLUMN {column}")
    # SQLite cannot drop a column with a foreign key: the table is rebuilt as schema 8 had it.
    sql(
        "CREATE TABLE export_record_v8 (id INTEGER NOT NULL, at DATETIME NOT NULL,"
        " pupil_id INTEGER, case_id INTEGER, format VARCHAR NOT NULL,"
        " purpose VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,"
        " exported_by VARCHAR NOT NULL, PRIMARY KEY (id),"
        " FOREIGN KEY(pupil_id) REFERENCES pupil (id),"
        " FOREIGN KEY(case_id) REFERENCES pupil_case (id))"
    )
    columns = "id, at, pupil_id, case_id, format, purpose, file_name, sha256, exported_by"
    sql(f"INSERT INTO export_record_v8 ({columns}) SELECT {columns} FROM export_record")
    sql("DROP TABLE export_record")
    sql("ALTER TABLE export_record_v8 RENAME TO export_record")
    sql("PRAGMA user_version = 8")


def _back_to_schema_7(connection) -> None:
    """Take a fresh journal's schema-8 and 9 additions out, so it is the file schema 7 wrote."""
    _back_to_schema_8(connection)
    sql = connection.exec_driver_sql
    for (trigger,) in sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").all():
        sql(f"DROP TRIGGER {trigger}")
    sql("DROP TABLE journal_text")
    sql("DROP TABLE whereabouts_known")
    sql("DROP TABLE directory_contact")
    # SQLite cannot drop a column with a foreign key: the table is rebuilt as schema 7 had it.
    sql(
        "CREATE TABLE checklist_step_v7 (id INTEGER NOT NULL, case_id INTEGER NOT NULL,"
        " step_code VARCHAR NOT NULL, due_on DATE NOT NULL, done_at DATETIME,"
        " done_by VARCHAR NOT NULL, outcome VARCHAR NOT NULL,"
        " not_applicable_reason VARCHAR NOT NULL, PRIMARY KEY (id),"
        " UNIQUE (case_id, step_code), FOREIGN KEY(case_id) REFERENCES pupil_case (id))"
    )
    columns = "id, case_id, step_code, due_on, done_at, done_by, outcome, not_applicable_reason"
    sql(f"INSERT INTO checklist_step_v7 ({columns}) SELECT {columns} FROM checklist_step")
    sql("DROP TABLE checklist_step")
    sql("ALTER TABLE checklist_step_v7 RENAME TO checklist_step")
    sql("CREATE INDEX ix_checklist_step_case_id ON checklist_step (case_id)")
    sql("PRAGMA user_version = 7")


def _back_to_schema_6(connection) -> None:
    """Take a fresh journal's schema-7 and 8 additions out, so it is the file schema 6 wrote."""
    _back_to_schema_7(connection)
    sql = connection.exec_driver_sql
    sql("DROP TABLE case_event")
    # SQLite cannot drop a column with a foreign key: the table is rebuilt as schema 6 had it.
    sql(
        "CREATE TABLE journal_entry_v6 (id INTEGER NOT NULL, pupil_id INTEGER NOT NULL,"
        " case_id INTEGER, at DATETIME NOT NULL, kind VARCHAR NOT NULL, text VARCHAR NOT NULL,"
        " author VARCHAR NOT NULL, PRIMARY KEY (id),"
        " FOREIGN KEY(pupil_id) REFERENCES pupil (id),"
        " FOREIGN KEY(case_id) REFERENCES pupil_case (id))"
    )
    columns = "id, pupil_id, case_id, at, kind, text, author"
    sql(f"INSERT INTO journal_entry_v6 ({columns}) SELECT {columns} FROM journal_entry")
    sql("DROP TABLE journal_entry")
    sql("ALTER TABLE journal_entry_v6 RENAME TO journal_entry")
    sql("CREATE INDEX ix_journal_entry_case_id ON journal_entry (case_id)")
    sql("CREATE INDEX ix_journal_entry_pupil_id ON journal_entry (pupil_id)")
    sql("PRAGMA user_version = 6")


def _back_to_schema_5(connection) -> None:
    """Take a fresh journal's schema-6 and 7 additions out, so it is the file schema 5 wrote."""
    _back_to_schema_6(connection)
    sql = connection.exec_driver_sql
    for table in (
        "mark_change",
        "register_taken",
        "lesson_plan",
        "absence_notice",
        "rule_setting",
    ):
        sql(f"DROP TABLE {table}")
    sql("DROP INDEX ux_absence_slot")
    sql("ALTER TABLE pupil DROP COLUMN no_guardian_contact")
    sql("ALTER TABLE pupil DROP COLUMN no_guardian_contact_reason")
    sql("PRAGMA user_version = 5")


def test_upgrade_to_6_keeps_the_latest_of_two_marks_and_the_other_in_the_history(
    tmp_path, fast_kdf
):
    """Schema 5 let one pupil-day hold two whole-day marks; the upgrade keeps the later one
    and moves the earlier into the mark history, so the unique slot holds and nothing is
    lost without trace."""
    from datetime import date

    from storage.identity import fictitious_personnummer

    paths = JournalPaths(tmp_path / "journal")
    day = date(2026, 11, 2)
    created = create_journal(paths, "a passphrase for six", params=fast_kdf)
    with created.journal as journal:
        pupil = journal.add_pupil(fictitious_personnummer(date(2013, 2, 6), 6), "Ebba", "Prov")
        with journal._engine.begin() as connection:
            _back_to_schema_5(connection)
        journal.mark_absences(
            [
                (pupil, day, "invalid", None, None, "register"),
                (pupil, day, "ill", None, None, "guardian_notice"),
                (pupil, day, "late", 1, 10, "register"),
            ]
        )
    with (
        unlock_with_passphrase(paths, "a passphrase for six") as journal,
        journal._engine.connect() as connection,
    ):
        assert schema.read_version(connection) == schema.SCHEMA_VERSION
        marks = connection.exec_driver_sql(
            "SELECT lesson, code FROM absence_mark ORDER BY coalesce(lesson, 0)"
        ).all()
        history = connection.exec_driver_sql(
            "SELECT lesson, old_code, new_code FROM mark_change"
        ).all()
        assert marks == [(None, "ill"), (1, "late")]
        assert history == [(None, "invalid", None)]
        with pytest.raises(IntegrityError):
            connection.exec_driver_sql(
                "INSERT INTO absence_mark (pupil_id, on_date, lesson, code, source, note,"
                f" recorded_at) VALUES ({pupil}, '{day}', NULL, 'ill', 'register', '',"
                " '2026-11-02 08:00:00')"
            )


def test_upgrade_to_7_gives_every_case_its_opening_and_closing_events(tmp_path, fast_kdf):
    """Schema 6 kept only a case's opened_* and closed_* columns; the upgrade writes them as
    the first events of each case's history, and journal entries can then be corrected."""
    from datetime import UTC, date, datetime

    from storage.identity import fictitious_personnummer

    paths = JournalPaths(tmp_path / "journal")
    opened = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
    closed = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)
    created = create_journal(paths, "a passphrase for seven", params=fast_kdf)
    with created.journal as journal:
        pupil = journal.add_pupil(fictitious_personnummer(date(2013, 3, 7), 7), "Ivar", "Prov")
        still_open = journal.open_case(pupil, "missing", date(2026, 11, 2), at=opened)
        found = journal.open_case(pupil, "problematic_absence", date(2026, 11, 2), at=opened)
        entry = journal.add_entry(pupil, "Ringde hem.", at=opened)
        with journal._engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM case_event")
            _back_to_schema_6(connection)
            connection.execute(
                text(
                    "UPDATE pupil_case SET opened_by = 'Kim', closed_by = 'Kim',"
                    " status = 'closed', closed_at = :at, close_reason = 'Tillbaka i skolan'"
                    " WHERE id = :id"
                ),
                {"at": closed.replace(tzinfo=None).isoformat(sep=" "), "id": found},
            )
            connection.execute(
                text("UPDATE pupil_case SET opened_by = 'Kim' WHERE id = :id"),
                {"id": still_open},
            )
    with unlock_with_passphrase(paths, "a passphrase for seven") as journal:
        with journal._engine.connect() as connection:
            assert schema.read_version(connection) == schema.SCHEMA_VERSION
            events = connection.exec_driver_sql(
                "SELECT case_id, at, actor, action, outcome, reason, detail FROM case_event"
                " ORDER BY id"
            ).all()
            upgraded = schema.table_shapes(connection)
        assert [tuple(e) for e in events] == [
            (still_open, "2026-11-02 08:30:00.000000", "Kim", "opened", "", "", ""),
            (found, "2026-11-02 08:30:00.000000", "Kim", "opened", "", "", ""),
            (found, "2026-11-09 14:00:00", "Kim", "closed", "other", "Tillbaka i skolan", ""),
        ]
        # The new column works on the upgraded file: a correction points at the original.
        correction = journal.correct_entry(entry, "Ringde hem, ingen svarade.")
        rows = journal.pupil_entries(pupil)
        assert [(r.id, r.corrects_id, r.corrected_by) for r in rows] == [
            (correction, entry, None),
            (entry, None, correction),
        ]
    fresh = create_journal(JournalPaths(tmp_path / "fresh"), "a fresh passphrase", params=fast_kdf)
    with fresh.journal as journal, journal._engine.connect() as connection:
        assert schema.table_shapes(connection) == upgraded


def test_upgrade_to_8_indexes_the_text_the_journal_already_holds(tmp_path, fast_kdf):
    """Schema 8 adds the full-text index: an upgraded journal finds the words written before
    the upgrade, and its triggers keep indexing after it; the file then has the same shape
    as a fresh one (tables, indexes and triggers)."""
    from datetime import UTC, date, datetime

    from storage.identity import fictitious_personnummer

    paths = JournalPaths(tmp_path / "journal")
    at = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
    created = create_journal(paths, "a passphrase for eight", params=fast_kdf)
    with created.journal as journal:
        pupil = journal.add_pupil(fictitious_personnummer(date(2013, 4, 8), 8), "Vera", "Prov")
        journal.add_entry(pupil, "Mentorn såg henne på perrongen.", at=at)
        with journal._engine.begin() as connection:
            _back_to_schema_7(connection)
    with unlock_with_passphrase(paths, "a passphrase for eight") as journal:
        journal.add_entry(pupil, "Kusinen hörde av sig.", at=at)

        def hits(word: str) -> list[tuple]:
            with journal._engine.connect() as connection:
                return connection.execute(
                    text("SELECT pupil_id, source FROM journal_text WHERE journal_text MATCH :w"),
                    {"w": word},
                ).all()

        assert hits("perrongen") == [(pupil, "entry")]
        assert hits("kusinen") == [(pupil, "entry")]
        assert hits("hor") == []  # ö is a letter of its own
        with journal._engine.connect() as connection:
            assert schema.read_version(connection) == 10
            upgraded = schema.table_shapes(connection)
    fresh = create_journal(JournalPaths(tmp_path / "fresh"), "a fresh passphrase", params=fast_kdf)
    with fresh.journal as journal, journal._engine.connect() as connection:
        assert schema.table_shapes(connection) == upgraded


def test_upgrade_to_9_says_what_earlier_exports_held_and_adds_report_drafts(tmp_path, fast_kdf):
    """Schema 9: an earlier backup's record says it was a backup (the dashboard's reminder
    reads that), any other earlier export says "other", and the file then has the shape of a
    fresh one, report drafts included."""
    from storage.codes import ExportContent, ExportFormat

    paths = JournalPaths(tmp_path / "journal")
    created = create_journal(paths, "a passphrase for nine", params=fast_kdf)
    with created.journal as journal:
        journal.record_export(format=ExportFormat.BACKUP, content="backup", purpose="backup")
        journal.record_export(format=ExportFormat.JSON, content="other", purpose="test")
        with journal._engine.begin() as connection:
            _back_to_schema_8(connection)
    with unlock_with_passphrase(paths, "a passphrase for nine") as journal:
        assert journal.last_backup() is not None
        with journal._engine.connect() as connection:
            assert schema.read_version(connection) == 10
            contents = connection.exec_driver_sql(
                "SELECT format, content, recipient FROM export_record ORDER BY id"
            ).all()
            upgraded = schema.table_shapes(connection)
    assert contents == [
        (ExportFormat.BACKUP, ExportContent.BACKUP, ""),
        (ExportFormat.JSON, ExportContent.OTHER, ""),
    ]
    fresh = create_journal(JournalPaths(tmp_path / "fresh"), "a fresh passphrase", params=fast_kdf)
    with fresh.journal as journal, journal._engine.connect() as connection:
        assert schema.table_shapes(connection) == upgraded


def test_upgrade_to_10_adds_warning_signs_and_the_watch_list_to_the_index(tmp_path, fast_kdf):
    """Schema 10: the two tables, indexed by triggers from the upgrade on; the file then has
    the shape of a fresh one (tables, indexes and triggers)."""
    from datetime import date

    from storage.identity import fictitious_personnummer

    paths = JournalPaths(tmp_path / "journal")
    created = create_journal(paths, "a passphrase for ten", params=fast_kdf)
    with created.journal as journal:
        pupil = journal.add_pupil(fictitious_personnummer(date(2013, 4, 8), 8), "Vera", "Prov")
        with journal._engine.begin() as connection:
            _back_to_schema_9(connection)
    journal = unlock_with_passphrase(paths, "a passphrase for ten")
    with journal, journal._engine.begin() as connection:
        assert schema.read_version(connection) == 10
        connection.exec_driver_sql(
            "INSERT INTO warning_sign (pupil_id, sign_code, observed_on, observed_by,"
            " own_words, note, recorded_at, recorded_by) VALUES"
            f" ({pupil}, 'fear_of_trip', '2026-11-02', 'Mentorn', 'Jag vill inte åka',"
            " '', '2026-11-02 08:00:00', 'Karin')"
        )
        hits = connection.execute(
            text("SELECT pupil_id, source FROM journal_text WHERE journal_text MATCH 'åka'")
        ).all()
        upgraded = schema.table_shapes(connection)
    assert hits == [(pupil, "warning_sign")]
    fresh = create_journal(JournalPaths(tmp_path / "fresh"), "a fresh passphrase", params=fast_kdf)
    with fresh.journal as journal, journal._engine.connect() as connection:
        assert schema.table_shapes(connection) == upgraded
