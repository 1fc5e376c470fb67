"""Importing absence from the school's own system: encodings, rows located, re-import."""

from __future__ import annotations

import json
from datetime import date

import pytest
from absence_files import HEADER, NUMBERS, csv_bytes, school_with_pupils

from storage.codes import MarkSource
from storage.errors import ImportRejected
from storage.importing.absence_plan import ABSENCE_IMPORT_RULE_KEY, AbsenceImportRule
from storage.importing.absence_reading import parse_absence_file
from storage.marks import MarkWrite

TODAY = date(2026, 11, 30)
MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)


@pytest.fixture
def journal(new_journal):
    journal = new_journal.journal
    journal.set_profile("Kim Kurator")
    return journal


def _parse(data: bytes, **kwargs):
    return parse_absence_file(
        data, file_name=kwargs.pop("file_name", "franvaro.csv"), today=TODAY, **kwargs
    )


def _marks(journal) -> list[tuple]:
    with journal._engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT pupil_id, on_date, lesson, code, minutes, source FROM absence_mark"
            " ORDER BY pupil_id, on_date, coalesce(lesson, 0)"
        ).all()


ROWS = [
    f"{NUMBERS[0]};Åsa Prov;7A;2026-11-23;1;08:10;09:00;50;Ogiltig",
    f"{NUMBERS[0]};Åsa Prov;7A;2026-11-23;2;09:10;10:00;50;Sjuk",
    f"{NUMBERS[1]};Bo Prov;7A;2026-11-23;;;;;Ledighet",
    f"{NUMBERS[2]};Cilla Prov;7A;2026-11-24;3;;;12;Sen ankomst",
    f"{NUMBERS[3]};Dani Prov;7A;2026-11-24;4;;;;Anmäld frånvaro",
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "windows-1252"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_every_encoding_and_separator_reads_the_same_rows(encoding, separator):
    rows = [r.replace(";", separator) for r in ROWS]
    parsed = _parse(csv_bytes(rows, HEADER.replace(";", separator), encoding))
    assert parsed.errors == [] and not parsed.needs_mapping
    assert (
        parsed.encoding == encoding
        if encoding != "windows-1252"
        else parsed.encoding
        in (
            "windows-1252",
            "iso-8859-1",
        )
    )
    assert parsed.delimiter == separator
    assert [
        (r.line, r.identity_number, r.on_date, r.lesson, r.minutes, r.code)
        for r in parsed.absences
    ] == [
        (2, NUMBERS[0], MONDAY, 1, 50, "invalid"),
        (3, NUMBERS[0], MONDAY, 2, 50, "ill"),
        (4, NUMBERS[1], MONDAY, None, None, "leave"),
        (5, NUMBERS[2], TUESDAY, 3, 12, "late"),
        (6, NUMBERS[3], TUESDAY, 4, None, "reported"),
    ]


def test_broken_a_ring_and_o_in_headers_and_kinds_are_repaired():
    broken = csv_bytes(ROWS).decode("utf-8").encode("utf-8").decode("cp1252").encode("utf-8")
    parsed = _parse(broken)
    assert parsed.repaired_mojibake and parsed.errors == []
    assert [r.code for r in parsed.absences][-1] == "reported"


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Giltig", "valid_other"),
        ("giltig frånvaro", "valid_other"),
        ("Ogiltig", "invalid"),
        ("Oanmäld", "invalid"),
        ("Anmäld", "reported"),
        ("Sjuk", "ill"),
        ("Sjukanmäld", "ill"),
        ("Ledig", "leave"),
        ("Beviljad ledighet", "leave"),
        ("Sen ankomst", "late"),
        ("Försenad", "late"),
        ("Närvarande", "present"),
        ("Excused", "valid_other"),
        ("Unexcused", "invalid"),
        ("Late", "late"),
    ],
)
def test_the_words_of_school_systems_map_onto_the_journals_codes(word, code):
    parsed = _parse(
        csv_bytes([f"{NUMBERS[0]};2026-11-23;2;{word}"], "Personnummer;Datum;Lektion;Typ")
    )
    assert parsed.errors == []
    assert parsed.absences[0].code == code


def test_bad_rows_are_located_by_line_and_column():
    rows = [
        f"{NUMBERS[0]};Åsa Prov;7A;2026-11-23;1;08:10;09:00;50;Ogiltig",
        f"{NUMBERS[1]};Bo Prov;7A;23 nov;1;08:10;09:00;50;Ogiltig",
        f"{NUMBERS[2]};Cilla Prov;7A;2026-02-30;1;08:10;09:00;50;Ogiltig",
        f"{NUMBERS[3]};Dani Prov;7A;2026-11-23;x;08:10;09:00;50;Ogiltig",
        f"{NUMBERS[3]};Dani Prov;7A;2026-11-23;2;10:00;09:00;50;Ogiltig",
        f"{NUMBERS[3]};Dani Prov;7A;2026-11-23;3;08:10;09:00;femtio;Ogiltig",
        f"{NUMBERS[3]};Dani Prov;7A;2026-11-23;4;08:10;09:00;50;Kanske",
        f"{NUMBERS[3][:-1]}0;Dani Prov;7A;2026-11-23;5;08:10;09:00;50;Ogiltig",
        "1.9E+11;Dani Prov;7A;2026-11-23;5;08:10;09:00;50;Ogiltig",
        f"{NUMBERS[3]};Dani Prov;7A;46349;6;08:10;09:00;50;Ogiltig",
        f"{NUMBERS[3]};Dani Prov;7A;2026-11-23;;;;;",
    ]
    if NUMBERS[3].endswith("0"):
        rows[7] = f"{NUMBERS[3][:-1]}1;Dani Prov;7A;2026-11-23;5;08:10;09:00;50;Ogiltig"
    parsed = _parse(csv_bytes(rows))
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (3, "Datum", "not_a_date"),
        (4, "Datum", "no_such_day"),
        (5, "Lektion", "not_a_lesson"),
        (6, "Till", "end_before_start"),
        (7, "Minuter", "not_minutes"),
        (8, "Frånvarotyp", "absence_kind"),
        (9, "Personnummer", "check_digit"),
        (10, "Personnummer", "spreadsheet_number"),
        (11, "Datum", "spreadsheet_date"),
        (12, "Frånvarotyp", "required"),
    ]
    assert not parsed.can_apply


def test_unknown_headers_need_a_mapping_and_the_mapping_reads_them():
    data = csv_bytes([f"{NUMBERS[0]};2026-11-23;2;Ogiltig"], "Elev-ID;När;Pass nr;Vad")
    parsed = _parse(data)
    assert parsed.needs_mapping and parsed.mapping == {}
    assert "kind" in parsed.known_fields and parsed.headers == ["Elev-ID", "När", "Pass nr", "Vad"]
    mapped = _parse(
        data,
        mapping={"Elev-ID": "identity_number", "När": "date", "Pass nr": "lesson", "Vad": "kind"},
    )
    assert mapped.errors == [] and [(r.lesson, r.code) for r in mapped.absences] == [
        (2, "invalid")
    ]


def test_a_time_span_in_one_cell_and_rows_without_lessons(journal):
    school_with_pupils(journal)
    data = csv_bytes(
        [
            f"{NUMBERS[0]};2026-11-23;08:00-14:00;Ogiltig",  # 360 min: the whole day
            f"{NUMBERS[1]};2026-11-23;08:00-11:59;Giltig",  # 239 min: which lesson?
            f"{NUMBERS[2]};2026-11-23;08:00-12:00;Giltig",  # 240 min: the boundary, a day
            f"{NUMBERS[3]};2026-11-23;08:10-08:25;Sen ankomst",  # late for the day
        ],
        "Personnummer;Datum;Tid;Typ",
    )
    preview = journal.preview_absence_import(_parse(data))
    assert [(e.line, e.column, e.code) for e in preview.rejected] == [
        (3, "Tid", "part_of_day_without_lesson")
    ]
    assert [(p.line, p.lesson, p.code, p.minutes) for p in preview.new] == [
        (2, None, "invalid", None),
        (4, None, "valid_other", None),
        (5, None, "late", None),
    ]


def test_the_whole_day_boundary_is_a_setting(journal):
    school_with_pupils(journal)
    journal.save_rule_setting(ABSENCE_IMPORT_RULE_KEY, AbsenceImportRule(whole_day_minutes=239))
    data = csv_bytes([f"{NUMBERS[1]};2026-11-23;239;Giltig"], "Personnummer;Datum;Minuter;Typ")
    preview = journal.preview_absence_import(_parse(data))
    assert preview.rejected == [] and len(preview.new) == 1
    journal.save_rule_setting(ABSENCE_IMPORT_RULE_KEY, AbsenceImportRule(whole_day_minutes=240))
    preview = journal.preview_absence_import(_parse(data))
    assert [(e.line, e.column, e.code) for e in preview.rejected] == [
        (2, "Minuter", "part_of_day_without_lesson")
    ]


def test_an_unknown_pupil_is_rejected_and_nothing_is_applied(journal):
    school_with_pupils(journal, count=2)
    data = csv_bytes(ROWS)  # NUMBERS[2] and [3] are not in the journal
    parsed = _parse(data)
    preview = journal.preview_absence_import(parsed)
    assert [(e.line, e.column, e.code) for e in preview.rejected] == [
        (5, "Personnummer", "pupil_not_in_journal"),
        (6, "Personnummer", "pupil_not_in_journal"),
    ]
    assert not preview.can_apply
    with pytest.raises(ImportRejected):
        journal.apply_absence_import(parsed)
    assert _marks(journal) == []


def test_one_bad_row_changes_nothing(journal):
    school_with_pupils(journal)
    rows = [*ROWS, f"{NUMBERS[0]};Åsa Prov;7A;2026-11-31;3;;;;Ogiltig"]
    parsed = _parse(csv_bytes(rows))
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [(7, "Datum", "no_such_day")]
    before = journal.audit_trail(1000)
    with pytest.raises(ImportRejected):
        journal.apply_absence_import(parsed)
    assert _marks(journal) == [] and journal.audit_trail(1000) == before


def test_two_rows_for_one_slot_are_rejected_pointing_at_the_first(journal):
    school_with_pupils(journal)
    rows = [ROWS[0], ROWS[1], ROWS[0].replace("Ogiltig", "Giltig")]
    preview = journal.preview_absence_import(_parse(csv_bytes(rows)))
    assert [(e.line, e.column, e.code, e.other_line) for e in preview.rejected] == [
        (4, "Lektion", "duplicate_slot", 2)
    ]


def test_apply_writes_imported_marks_with_their_history(journal):
    pupils = school_with_pupils(journal)
    result = journal.apply_absence_import(_parse(csv_bytes(ROWS)))
    assert (result.new, result.changed, result.unchanged) == (5, 0, 0)
    assert _marks(journal) == [
        (pupils[0], "2026-11-23", 1, "invalid", 50, "import"),
        (pupils[0], "2026-11-23", 2, "ill", 50, "import"),
        (pupils[1], "2026-11-23", None, "leave", None, "import"),
        (pupils[2], "2026-11-24", 3, "late", 12, "import"),
        (pupils[3], "2026-11-24", 4, "reported", None, "import"),
    ]
    history = journal.mark_history(pupils[0], MONDAY)
    assert [(h.lesson, h.old_code, h.new_code, h.source, h.actor) for h in history] == [
        (1, None, "invalid", "import", "Kim Kurator"),
        (2, None, "ill", "import", "Kim Kurator"),
    ]
    assert any(e.action == "absence_imported" for e in journal.audit_trail(50))


def test_reimporting_an_overlapping_period_updates_instead_of_duplicating(journal):
    pupils = school_with_pupils(journal)
    journal.apply_absence_import(_parse(csv_bytes(ROWS)))
    newer = [
        ROWS[0].replace("Ogiltig", "Sjuk"),  # changed
        ROWS[1],  # unchanged
        ROWS[2],  # unchanged
        ROWS[3].replace(";12;", ";20;"),  # changed minutes
        ROWS[4],  # unchanged
        f"{NUMBERS[0]};Åsa Prov;7A;2026-11-25;1;;;;Ogiltig",  # new
        f"{NUMBERS[1]};Bo Prov;7A;2026-11-25;2;;;;Giltig",  # new
    ]
    parsed = _parse(csv_bytes(newer))
    preview = journal.preview_absence_import(parsed)
    assert (len(preview.new), len(preview.changed), len(preview.unchanged)) == (2, 2, 3)
    assert preview.changed_by_hand == []
    result = journal.apply_absence_import(parsed)
    assert (result.new, result.changed, result.unchanged, result.changed_by_hand) == (2, 2, 3, 0)
    assert len(_marks(journal)) == 7  # one mark per slot
    again = journal.apply_absence_import(parsed)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 7)
    history = journal.mark_history(pupils[0], MONDAY)
    assert [(h.lesson, h.old_code, h.new_code) for h in history] == [
        (1, None, "invalid"),
        (2, None, "ill"),
        (1, "invalid", "ill"),
    ]


def test_a_mark_entered_by_hand_is_shown_as_such_and_the_file_wins(journal):
    pupils = school_with_pupils(journal)
    journal.write_marks(
        [
            MarkWrite(pupils[0], MONDAY, "reported", lesson=1, note="mamma ringde"),
            MarkWrite(pupils[1], MONDAY, "leave", source=MarkSource.LEAVE),
        ]
    )
    parsed = _parse(csv_bytes(ROWS))
    preview = journal.preview_absence_import(parsed)
    changed = [(p.line, p.old_code, p.code, p.old_source, p.by_hand) for p in preview.changed]
    assert changed == [(2, "reported", "invalid", "register", True)]
    assert [(p.line, p.old_source) for p in preview.unchanged] == [(4, "leave")]
    assert len(preview.new) == 3
    result = journal.apply_absence_import(parsed)
    assert result.changed_by_hand == 1
    rows = _marks(journal)
    assert (pupils[0], "2026-11-23", 1, "invalid", 50, "import") in rows
    assert (pupils[1], "2026-11-23", None, "leave", None, "leave") in rows  # unchanged: kept
    history = journal.mark_history(pupils[0], MONDAY)
    lesson_1 = [(h.old_code, h.new_code, h.source, h.note) for h in history if h.lesson == 1]
    assert lesson_1 == [
        (None, "reported", "register", "mamma ringde"),
        ("reported", "invalid", "import", "mamma ringde"),  # the note stays
    ]


def test_present_in_the_file_clears_the_slot(journal):
    pupils = school_with_pupils(journal)
    journal.apply_absence_import(_parse(csv_bytes(ROWS[:1])))
    parsed = _parse(csv_bytes([ROWS[0].replace("Ogiltig", "Närvarande")]))
    preview = journal.preview_absence_import(parsed)
    assert [(p.old_code, p.code) for p in preview.changed] == [("invalid", None)]
    journal.apply_absence_import(parsed)
    assert _marks(journal) == []
    assert journal.mark_history(pupils[0], MONDAY)[-1].new_code is None


def _ss12000(pupils_numbers) -> dict:
    persons = [
        {"id": f"p{n}", "givenName": "Elev", "civicNo": {"value": number}}
        for n, number in enumerate(pupils_numbers)
    ]
    events = [
        {
            "id": "e1",
            "startTime": "2026-11-23T08:10:00+01:00",
            "endTime": "2026-11-23T09:00:00+01:00",
        },
        {
            "id": "e2",
            "startTime": "2026-11-23T09:10:00+01:00",
            "endTime": "2026-11-23T10:00:00+01:00",
        },
        {
            "id": "e3",
            "startTime": "2026-11-23T13:00:00+01:00",
            "endTime": "2026-11-23T14:00:00+01:00",
        },
    ]
    attendance = [
        {
            "student": {"id": "p0"},
            "calendarEvent": {"id": "e3"},
            "absenceMinutes": 60,
            "isValidAbsence": False,
        },
        {
            "student": {"id": "p0"},
            "calendarEvent": {"id": "e1"},
            "absenceMinutes": 0,
            "isValidAbsence": False,
        },
        {
            "student": {"id": "p0"},
            "calendarEvent": {"id": "e2"},
            "absenceMinutes": 15,
            "isValidAbsence": True,
        },
    ]
    absences = [
        {
            "student": {"id": "p1"},
            "startTime": "2026-12-18T00:00:00",
            "endTime": "2026-12-23T00:00:00",
            "type": "Beviljad ledighet",
        },
        {"student": {"id": "p2"}, "startTime": "2026-11-24", "type": "Anmäld frånvaro"},
    ]
    return {
        "persons": persons,
        "calendarEvents": events,
        "attendance": attendance,
        "absences": absences,
    }


def test_ss12000_attendance_and_absence(journal):
    pupils = school_with_pupils(journal)
    parsed = _parse(json.dumps(_ss12000(NUMBERS[:3])).encode(), file_name="ss12000.json")
    assert parsed.errors == [] and parsed.format == "ss12000-json"
    preview = journal.preview_absence_import(parsed)
    assert preview.rejected == []
    assert sorted((p.pupil_id, p.on_date, p.lesson, p.code, p.minutes) for p in preview.new) == [
        (pupils[0], MONDAY, 2, "valid_other", 15),
        (pupils[0], MONDAY, 3, "invalid", 60),
        # 18-22 Dec: Saturday and Sunday left alone (the plain calendar: weekdays)
        (pupils[1], date(2026, 12, 18), None, "leave", None),
        (pupils[1], date(2026, 12, 21), None, "leave", None),
        (pupils[1], date(2026, 12, 22), None, "leave", None),
        (pupils[2], TUESDAY, None, "reported", None),
    ]
    assert [(p.lesson, p.code) for p in preview.unchanged] == [(1, None)]  # present, no mark


def test_ss12000_errors_are_located_by_position_and_path(journal):
    school_with_pupils(journal)
    document = _ss12000(NUMBERS[:3])
    document["attendance"][1]["absenceMinutes"] = "tio"
    document["attendance"][2]["calendarEvent"] = {"id": "finns-inte"}
    document["absences"][1]["student"] = {"id": "p9"}
    document["absences"][0]["type"] = "Semester?"
    parsed = _parse(json.dumps(document).encode(), file_name="ss12000.json")
    assert [(e.line, e.path, e.code) for e in parsed.errors] == [
        (2, "attendance[1].absenceMinutes", "not_minutes"),
        (3, "attendance[2].calendarEvent", "unknown_event"),
        (1, "absences[0].type", "absence_kind"),
        (2, "absences[1].student", "unknown_person"),
    ]


def test_ss12000_unknown_pupil_is_rejected_with_its_path(journal):
    school_with_pupils(journal, count=2)
    parsed = _parse(json.dumps(_ss12000(NUMBERS[:3])).encode(), file_name="ss12000.json")
    preview = journal.preview_absence_import(parsed)
    assert [(e.line, e.path, e.code) for e in preview.rejected] == [
        (2, "absences[1].student", "pupil_not_in_journal")
    ]


def test_a_spreadsheet_is_refused_as_a_file():
    parsed = _parse(b"PK\x03\x04 rest of a zip", file_name="franvaro.xlsx")
    assert [(e.line, e.code) for e in parsed.errors] == [(1, "spreadsheet_file")]


def test_excel_sep_line_and_from_to_columns_of_a_whole_day(journal):
    school_with_pupils(journal)
    data = csv_bytes(
        [f"{NUMBERS[0]},2026-11-23 00:00,08:00,15:30,Giltig"],
        "sep=,\r\nPersonnummer,Datum,Från,Till,Frånvarotyp",
    )
    parsed = _parse(data)
    assert parsed.errors == [] and parsed.delimiter == ","
    assert [(r.line, r.span_minutes) for r in parsed.absences] == [(3, 450)]
    preview = journal.preview_absence_import(parsed)
    assert [(p.lesson, p.code, p.minutes) for p in preview.new] == [(None, "valid_other", None)]


def test_ss12000_absence_for_part_of_a_day_is_rejected_without_a_lesson(journal):
    school_with_pupils(journal)
    document = {
        "persons": [{"id": "p0", "civicNo": NUMBERS[0]}],
        "absences": [
            {
                "student": {"id": "p0"},
                "startTime": "2026-11-24T08:00:00",
                "endTime": "2026-11-24T10:00:00",
                "type": "Anmäld frånvaro",
            }
        ],
    }
    parsed = _parse(json.dumps(document).encode(), file_name="ss12000.json")
    preview = journal.preview_absence_import(parsed)
    assert [(e.line, e.path, e.code) for e in preview.rejected] == [
        (1, "absences[0].startTime", "part_of_day_without_lesson")
    ]


def test_present_without_a_mark_is_unchanged_and_writes_nothing(journal):
    school_with_pupils(journal)
    parsed = _parse(csv_bytes([ROWS[0].replace("Ogiltig", "Närvarande")]))
    preview = journal.preview_absence_import(parsed)
    assert (len(preview.new), len(preview.changed), len(preview.unchanged)) == (0, 0, 1)
    result = journal.apply_absence_import(parsed)
    assert (result.new, result.changed, result.unchanged) == (0, 0, 1)
    assert _marks(journal) == []


def test_a_control_character_in_a_cell_is_located_and_never_read(journal):
    parsed = _parse(csv_bytes([ROWS[0].replace("Ogiltig", "Ogiltig\x1b[31m")]))
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (2, "Frånvarotyp", "control_character")
    ]


def test_too_many_rows_is_a_file_level_refusal(monkeypatch):
    from storage.importing import absence_csv

    monkeypatch.setattr(absence_csv, "MAX_ABSENCE_ROWS", 3)
    parsed = _parse(csv_bytes(ROWS))
    assert [(e.line, e.code) for e in parsed.errors] == [(5, "too_many_rows")]
    assert len(parsed.absences) == 3


def test_many_new_marks_at_once_are_written_and_audited_as_one_at_a_time(journal):
    """write_marks inserts a large batch with executemany: same rows, history and trail."""
    from datetime import timedelta

    one, other = school_with_pupils(journal, count=2)
    writes = [
        MarkWrite(one, MONDAY + timedelta(days=n // 6), "invalid", lesson=1 + n % 6, minutes=n)
        for n in range(60)
    ]
    assert journal.write_marks(writes) == 60  # at once: the executemany path
    for write in writes:  # one by one: the ORM path
        journal.write_marks(
            [MarkWrite(other, write.on_date, "invalid", write.lesson, write.minutes)]
        )

    def rows(sql: str, pupil: int) -> list[tuple]:
        with journal._engine.connect() as connection:
            return connection.exec_driver_sql(sql, (pupil,)).all()

    marks = (
        "SELECT on_date, lesson, code, minutes, source, note FROM absence_mark"
        " WHERE pupil_id = ? ORDER BY on_date, lesson"
    )
    changes = (
        "SELECT on_date, lesson, old_code, new_code, old_minutes, new_minutes, source, note, actor"
        " FROM mark_change WHERE pupil_id = ? ORDER BY on_date, lesson"
    )
    assert rows(marks, one) == rows(marks, other) and len(rows(marks, one)) == 60
    assert rows(changes, one) == rows(changes, other) and len(rows(changes, one)) == 60
    stamps = "SELECT DISTINCT length(recorded_at) FROM absence_mark WHERE pupil_id >= ?"
    assert len(rows(stamps, 0)) == 1  # times stored alike on both paths
    history = journal.mark_history(one, MONDAY)
    assert [(h.lesson, h.new_minutes, h.at.date()) for h in history] == [
        (lesson, lesson - 1, journal.mark_history(other, MONDAY)[0].at.date())
        for lesson in range(1, 7)
    ]

    with journal._engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT action, table_name, changes FROM audit_event"
            " WHERE table_name IN ('absence_mark', 'mark_change')"
        ).all()

    def trail(pupil: int) -> list[tuple]:
        """The trail's events of the pupil's marks and changes, ids and times left out."""
        events = []
        for action, table, changes_json in found:
            changes = json.loads(changes_json)
            if changes["pupil_id"][1] == pupil:
                kept = {
                    k: v
                    for k, v in changes.items()
                    if k not in ("id", "pupil_id", "recorded_at", "at")
                }
                events.append((action, table, json.dumps(kept, sort_keys=True)))
        return sorted(events)

    assert trail(one) == trail(other) and len(trail(one)) == 120


def test_the_demo_journal_takes_absence_for_its_own_fictitious_pupils_only(journal):
    from storage import models as m
    from storage.demo import DEMO_ACT

    school_with_pupils(journal, count=2)
    with journal.bulk() as session:
        session.add(m.AuditEvent(action=DEMO_ACT, actor="", changes="{}"))
    result = journal.apply_absence_import(_parse(csv_bytes(ROWS[:3])))
    assert result.new == 3
    with pytest.raises(ImportRejected):  # anybody else is rejected, as in every journal
        journal.apply_absence_import(_parse(csv_bytes(ROWS)))
