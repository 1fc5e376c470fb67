"""Reading class lists (storage.importing): encodings, separators, headers, SchoolSoft, SS 12000,
broken å/ä/ö, the mapping step, and every rejected row located by line and column.

Every file is built here, shaped like the real exports; identity numbers come only from
Skatteverket's test series (storage.identity.fictitious_personnummer) or are broken on purpose.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from storage.identity import fictitious_personnummer, luhn_digit
from storage.importing import (
    FORMAT_SS12000,
    KIND_GUARDIANS,
    attach_guardians,
    class_list_fields,
    parse_class_list,
)
from storage.models import PersonStatus, Relation, SecurityMarking

TODAY = date(2026, 3, 18)
A = fictitious_personnummer(date(2012, 5, 3), 0)
B = fictitious_personnummer(date(2013, 1, 9), 1)
C = fictitious_personnummer(date(2011, 11, 30), 2)
GUARDIAN = fictitious_personnummer(date(1980, 2, 14), 3)


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def dashed(number: str) -> str:
    """The 10-digit form with a dash, as most school systems write it: YYMMDD-NNNN."""
    return f"{number[2:8]}-{number[8:]}"


SWEDISH = [
    [
        "Förnamn",
        "Efternamn",
        "Personnummer",
        "Klass",
        "Vårdnadshavare 1 namn",
        "Vårdnadshavare 1 telefon",
        "Vårdnadshavare 1 e-post",
        "Adress",
        "Postnummer",
        "Ort",
    ],
    [
        "Åsa",
        "Öberg",
        dashed(A),
        "7A",
        "Märta Öberg",
        "070-111 22 33",
        "marta@example.se",
        "Ängsvägen 4",
        "123 45",
        "Västerås",
    ],
    ["Björn", "Ek", B, "7B", "", "", "", "Storgatan 1", "123 46", "Västerås"],
]


def table(rows: list[list[str]], delimiter: str = ";") -> str:
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


def parse(data: bytes, **kwargs):
    return parse_class_list(data, today=TODAY, **kwargs)


# -- encodings and separators --------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, prefix, reported",
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("cp1252", b"", "iso-8859-1"),  # å/ä/ö only: the two 8-bit encodings read the same
        ("latin-1", b"", "iso-8859-1"),
        ("utf-16", b"", "utf-16"),  # Excel's "Unicode text" (with its BOM)
    ],
)
def test_encodings_are_detected_and_reported(encoding, prefix, reported):
    parsed = parse(prefix + table(SWEDISH).encode(encoding))
    assert parsed.errors == [] and parsed.encoding == reported
    assert [(p.first_name, p.last_name) for p in parsed.pupils] == [
        ("Åsa", "Öberg"),
        ("Björn", "Ek"),
    ]
    assert parsed.pupils[0].address.city == "Västerås"


def test_windows_1252_is_told_apart_by_its_own_characters():
    rows = [r[:] for r in SWEDISH]
    rows[1][4] = "Märta Öberg–Ek"  # an en dash: 0x96 in Windows-1252 only
    parsed = parse(table(rows).encode("cp1252"))
    assert parsed.encoding == "windows-1252" and parsed.errors == []
    assert parsed.pupils[0].guardians[0].last_name == "Öberg–Ek"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_separators_are_detected_and_reported(delimiter):
    parsed = parse(table(SWEDISH, delimiter).encode("utf-8"))
    assert parsed.delimiter == delimiter and parsed.errors == []
    assert len(parsed.pupils) == 2


def test_excel_sep_line_and_quoted_fields():
    text = (
        'sep=,\r\n"Efternamn","Förnamn","Personnummer","Klass","Adress"\r\n'
        f'"Ek","Björn","{B}","7B","Storgatan 1, lgh 1102"\r\n'
    )
    parsed = parse(text.encode("utf-8"))
    assert parsed.errors == [] and parsed.delimiter == ","
    assert parsed.pupils[0].address.street == "Storgatan 1, lgh 1102"
    assert parsed.pupils[0].line == 3


def test_headers_tolerate_case_spacing_and_missing_dots():
    rows = [
        [
            "  FÖRNAMN ",
            "efternamn",
            "Elevens personnummer",
            "KLASS",
            "vardnadshavare 1 namn",
            "VH1 mobil",
        ],
        ["Åsa", "Öberg", A, "7A", "Märta Öberg", "0701112233"],
    ]
    parsed = parse(table(rows).encode("utf-8"))
    assert parsed.errors == [] and not parsed.needs_mapping
    assert parsed.mapping["Elevens personnummer"] == "identity_number"
    assert parsed.mapping["VH1 mobil"] == "guardian1_phone"
    assert parsed.pupils[0].guardians[0].phone == "0701112233"


def test_ascii_headers_and_english_fallbacks():
    rows = [["fornamn", "efternamn", "personnummer", "klass"], ["Asa", "Oberg", A, "7A"]]
    assert parse(table(rows).encode()).pupils[0].class_name == "7A"
    rows = [["first_name", "last_name", "personnummer", "class"], ["Asa", "Oberg", A, "7A"]]
    assert parse(table(rows, ",").encode()).pupils[0].first_name == "Asa"


def test_values_are_trimmed_and_excel_text_formulas_unwrapped():
    rows = [
        ["Förnamn", "Efternamn", "Personnummer", "Klass"],
        ["  Åsa  Maria ", "Öberg", f'="{A}"', " 7A "],
    ]
    pupil = parse(table(rows).encode()).pupils[0]
    assert (pupil.first_name, pupil.identity_number, pupil.class_name) == ("Åsa Maria", A, "7A")


def test_full_name_column_is_split():
    rows = [["Namn", "Personnummer", "Klass"], ["Öberg, Åsa", A, "7A"], ["Björn Ek", B, "7B"]]
    pupils = parse(table(rows).encode()).pupils
    assert [(p.first_name, p.last_name) for p in pupils] == [("Åsa", "Öberg"), ("Björn", "Ek")]


def test_temporary_school_numbers_are_accepted_and_marked():
    rows = [
        ["Förnamn", "Efternamn", "Personnummer", "Klass"],
        ["Ny", "Elev", "20130101TF01", "7A"],
    ]
    pupil = parse(table(rows).encode()).pupils[0]
    assert pupil.identity_number == "20130101TF01" and pupil.identity_kind == "temporary"


# -- protected identity ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, value, marking",
    [
        ("Skyddad identitet", "Ja", SecurityMarking.PROTECTED),
        ("Skyddad folkbokföring", "X", SecurityMarking.PROTECTED),
        ("Sekretessmarkering", "Skyddad folkbokföring", SecurityMarking.PROTECTED),
        ("Sekretessmarkering", "Ja", SecurityMarking.CONFIDENTIAL),
        ("Sekretessmarkering", "Nej", SecurityMarking.NONE),
    ],
)
def test_protected_identity_never_keeps_an_address(header, value, marking):
    rows = [
        [
            "Förnamn",
            "Efternamn",
            "Personnummer",
            "Klass",
            "Adress",
            "Postnummer",
            "Ort",
            header,
            "VH1 namn",
            "VH1 adress",
        ],
        [
            "Åsa",
            "Öberg",
            A,
            "7A",
            "Hemligvägen 1",
            "111 11",
            "Orten",
            value,
            "Märta Öberg",
            "Hemligvägen 1",
        ],
    ]
    pupil = parse(table(rows).encode()).pupils[0]
    assert pupil.security_marking == marking
    if marking == SecurityMarking.PROTECTED:
        assert pupil.address is None
        assert pupil.guardians[0].address is None  # the guardian's would reveal the child's
    else:
        assert pupil.address.street == "Hemligvägen 1"


def test_a_marking_that_is_not_understood_is_rejected():
    rows = [
        ["Förnamn", "Efternamn", "Personnummer", "Klass", "Skyddad identitet"],
        ["Åsa", "Öberg", A, "7A", "kanske"],
    ]
    parsed = parse(table(rows).encode())
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (2, "Skyddad identitet", "security_marking")
    ]


# -- SchoolSoft ------------------------------------------------------------------------------

SCHOOLSOFT_PUPILS = [
    ["socialnumber", "firstname", "lastname", "class"],
    [A, "Åsa", "Öberg", "7A"],
    [B, "Björn", "Ek", "7B"],
]
SCHOOLSOFT_GUARDIANS = [
    ["student_socialnumber", "socialnumber", "firstname", "lastname", "mobile", "email"],
    [A, GUARDIAN, "Märta", "Öberg", "0701112233", "marta@example.se"],
    [B, "", "Per", "Ek", "0702223344", ""],
]


def test_schoolsoft_pupils_and_guardians_files():
    pupils = parse(table(SCHOOLSOFT_PUPILS).encode(), file_name="elever.csv")
    guardians = parse(table(SCHOOLSOFT_GUARDIANS).encode(), file_name="vh.csv")
    assert pupils.errors == [] and guardians.errors == []
    assert guardians.kind == KIND_GUARDIANS and guardians.pupils == []
    assert [(g.line, g.pupil_identity_number) for g in guardians.guardian_rows] == [(2, A), (3, B)]
    merged = attach_guardians(pupils, guardians)
    assert merged.errors == []
    first = merged.pupils[0].guardians[0]
    assert (first.first_name, first.identity_number, first.phone) == (
        "Märta",
        GUARDIAN,
        "0701112233",
    )
    assert merged.pupils[1].guardians[0].identity_number is None


def test_a_guardian_row_for_a_pupil_not_in_the_list_is_located():
    rows = SCHOOLSOFT_GUARDIANS + [[C, "", "Ola", "Okänd", "0703334455", ""]]
    merged = attach_guardians(
        parse(table(SCHOOLSOFT_PUPILS).encode(), file_name="e.csv"),
        parse(table(rows).encode(), file_name="vh.csv"),
    )
    assert [(e.file, e.line, e.column, e.code) for e in merged.errors] == [
        ("vh.csv", 4, "student_socialnumber", "unknown_pupil")
    ]


# -- SS 12000 --------------------------------------------------------------------------------


def ss12000_document() -> dict:
    return {
        "persons": [
            {
                "id": "p1",
                "givenName": "Åsa",
                "familyName": "Öberg",
                "civicNo": {"value": A, "nationality": "SE"},
                "securityMarking": "Ingen",
                "personStatus": "Aktiv",
                "addresses": [
                    {
                        "type": "Folkbokföring",
                        "streetAddress": "Ängsvägen 4",
                        "postalCode": "12345",
                        "locality": "Västerås",
                    }
                ],
                "responsibles": [{"person": "g1", "relationType": "Vårdnadshavare"}],
            },
            {
                "id": "p2",
                "givenName": "Björn",
                "familyName": "Ek",
                "civicNo": B,
                "securityMarking": "Skyddad folkbokföring",
                "addresses": [
                    {
                        "type": "Folkbokföring",
                        "streetAddress": "Hemlig 1",
                        "postalCode": "11111",
                        "locality": "Orten",
                    }
                ],
                "responsibles": [{"person": {"id": "g1"}, "relationType": "Vårdnadshavare"}],
            },
            {
                "id": "p3",
                "givenName": "Cilla",
                "familyName": "Utvandrare",
                "civicNo": C,
                "personStatus": "Utvandrad",
            },
            {
                "id": "g1",
                "givenName": "Märta",
                "familyName": "Öberg",
                "civicNo": {"value": GUARDIAN},
                "securityMarking": "Ingen",
                "phoneNumbers": [{"value": "0701112233", "mobile": True}],
                "emails": [{"value": "marta@example.se"}],
                "addresses": [
                    {
                        "type": "Folkbokföring",
                        "streetAddress": "Ängsvägen 4",
                        "postalCode": "12345",
                        "locality": "Västerås",
                    }
                ],
            },
        ],
        "groups": [
            {
                "id": "k1",
                "displayName": "7A",
                "groupType": "Klass",
                "studentMemberships": [{"person": "p1"}, {"person": {"id": "p2"}}],
            },
            {
                "id": "k2",
                "displayName": "7B",
                "groupType": "Klass",
                "groupMemberships": [{"person": "p3"}, {"person": "p1", "endDate": "2025-06-10"}],
            },
            {
                "id": "m1",
                "displayName": "Mentorsgrupp",
                "groupType": "Mentor",
                "groupMemberships": [{"person": "p1"}],
            },
        ],
    }


def test_ss12000_persons_groups_and_responsibles():
    parsed = parse(json.dumps(ss12000_document()).encode(), file_name="export.json")
    assert parsed.format == FORMAT_SS12000 and parsed.errors == []
    by_number = {p.identity_number: p for p in parsed.pupils}
    assert set(by_number) == {A, B, C}  # g1 is only a responsible: not a pupil
    asa, bjorn, cilla = by_number[A], by_number[B], by_number[C]
    assert (asa.class_name, bjorn.class_name, cilla.class_name) == ("7A", "7A", "7B")
    assert asa.address.city == "Västerås"
    assert bjorn.security_marking == SecurityMarking.PROTECTED and bjorn.address is None
    assert bjorn.guardians[0].address is None  # shared guardian: no address via the child
    assert asa.guardians[0].address.street == "Ängsvägen 4"
    assert cilla.person_status == PersonStatus.EMIGRATED
    guardian = asa.guardians[0]
    assert (guardian.identity_number, guardian.phone, guardian.email, guardian.relation) == (
        GUARDIAN,
        "0701112233",
        "marta@example.se",
        Relation.GUARDIAN,
    )


def test_ss12000_data_list_shape():
    document = ss12000_document()
    parsed = parse(json.dumps({"data": document["persons"]}).encode())
    assert parsed.errors == []
    # Without groups, persons that are nobody's responsible are the pupils.
    assert {p.identity_number for p in parsed.pupils} == {A, B, C}


def test_ss12000_errors_have_a_position_and_a_path():
    document = ss12000_document()
    document["persons"][1]["civicNo"] = wrong_check_digit(B)
    document["persons"][2]["givenName"] = ""
    document["groups"][0]["studentMemberships"].append({"person": "nobody"})
    document["persons"][0]["civicNo"] = {"value": 201205039.0}  # a number: zero lost
    parsed = parse(json.dumps(document).encode())
    found = {(e.line, e.path, e.code) for e in parsed.errors}
    assert found == {
        (2, "persons[1].civicNo", "check_digit"),
        (3, "persons[2].givenName", "required"),
        (1, "groups[0].studentMemberships[2].person", "unknown_person"),
        (1, "persons[0].civicNo.value", "lost_leading_zero"),
    }
    assert all(e.column for e in parsed.errors)


def test_ss12000_unknown_marking_is_rejected_and_treated_as_protected():
    document = ss12000_document()
    document["persons"][0]["securityMarking"] = "Hemlig"
    parsed = parse(json.dumps(document).encode())
    assert [(e.path, e.code) for e in parsed.errors] == [
        ("persons[0].securityMarking", "security_marking")
    ]


# -- broken å/ä/ö --------------------------------------------------------------------------


def test_double_encoded_utf8_is_repaired():
    broken = table(SWEDISH).encode("utf-8").decode("cp1252").encode("utf-8")
    parsed = parse(broken)
    assert parsed.repaired_mojibake and parsed.errors == []
    assert parsed.pupils[0].first_name == "Åsa" and parsed.mapping["Förnamn"] == "first_name"


def test_mojibake_that_cannot_be_repaired_is_reported():
    rows = [r[:] for r in SWEDISH]
    rows[1][0] = "Ã…sa"  # broken...
    rows[2][0] = "Björn€"  # ...next to a character that is fine: not one mistake, two
    parsed = parse(table(rows).encode("utf-8"))
    assert not parsed.repaired_mojibake
    assert [(w.line, w.code) for w in parsed.warnings] == [(2, "mojibake")]


# -- the mapping step ----------------------------------------------------------------------


def test_unrecognised_headers_need_mapping_then_a_mapping_works():
    rows = [["Elev-ID", "Tilltal", "Släktnamn", "Grupp"], [A, "Åsa", "Öberg", "7A"]]
    data = table(rows).encode()
    first = parse(data)
    assert first.needs_mapping and first.pupils == [] and first.errors == []
    assert first.headers == ["Elev-ID", "Tilltal", "Släktnamn", "Grupp"]
    assert first.known_fields == class_list_fields() and not first.can_apply
    second = parse(
        data,
        mapping={
            "Elev-ID": "identity_number",
            "Släktnamn": "last_name",
            "Grupp": "class_name",
            "Tilltal": "first_name",
        },
    )
    assert not second.needs_mapping and second.errors == [] and second.can_apply
    assert second.pupils[0].class_name == "7A"


def test_a_mapping_overrides_and_ignores():
    rows = [
        ["Förnamn", "Efternamn", "Personnummer", "Klass", "Basgrupp"],
        ["Åsa", "Öberg", A, "7A", "Fjärilen"],
    ]
    parsed = parse(table(rows).encode(), mapping={"Basgrupp": "class_name", "Klass": "ignore"})
    assert parsed.errors == [] and parsed.pupils[0].class_name == "Fjärilen"


def test_a_bad_mapping_is_located():
    rows = [["Förnamn", "Efternamn", "Personnummer"], ["Åsa", "Öberg", A]]
    parsed = parse(table(rows).encode(), mapping={"Saknas": "class_name", "Förnamn": "shoe_size"})
    assert {(e.line, e.column, e.code) for e in parsed.errors} == {
        (1, "Saknas", "mapping_header_missing"),
        (1, "Förnamn", "unknown_field"),
    }


# -- every error, located ------------------------------------------------------------------

HEADER = ["Förnamn", "Efternamn", "Personnummer", "Klass", "VH1 namn", "VH1 e-post"]


def errors_of(rows: list[list[str]], **kwargs) -> list[tuple[int, str, str]]:
    parsed = parse(table([HEADER, *rows]).encode(), **kwargs)
    return [(e.line, e.column, e.code) for e in parsed.errors]


@pytest.mark.parametrize(
    "number, code",
    [
        (wrong_check_digit(A), "check_digit"),
        ("20120230-9800", "no_such_date"),
        ("20300101-9800", "future_date"),
        ("2.01205E+11", "spreadsheet_number"),
        ("2,01205E+11", "spreadsheet_number"),
        (A[2:].lstrip("0") if A[2] == "0" else "12050398" + A[-3:], "lost_leading_zero"),
        ("201205", "format"),
        ("20130101T101", "letters"),
    ],
)
def test_identity_numbers_are_rejected_with_their_reason(number, code):
    assert errors_of([["Åsa", "Öberg", number, "7A", "", ""]]) == [(2, "Personnummer", code)]


def test_a_number_a_spreadsheet_shortened_is_caught():
    born = date(2009, 4, 2)  # 090402-98NN: the leading zero goes when stored as a number
    number = fictitious_personnummer(born, 4)[2:]
    assert errors_of([["Åsa", "Öberg", str(int(number)), "7A", "", ""]]) == [
        (2, "Personnummer", "lost_leading_zero")
    ]


def test_empty_required_fields_are_located():
    assert errors_of(
        [
            ["", "Öberg", A, "7A", "", ""],
            ["Björn", "Ek", "", "7B", "", ""],
            ["Cilla", "Ek", C, "", "", ""],
        ]
    ) == [(2, "Förnamn", "required"), (3, "Personnummer", "required"), (4, "Klass", "required")]


def test_duplicates_name_both_lines():
    parsed = parse(
        table(
            [
                HEADER,
                ["Åsa", "Öberg", A, "7A", "", ""],
                ["Björn", "Ek", B, "7B", "", ""],
                ["Åsa", "Öberg", dashed(A), "7A", "", ""],
            ]
        ).encode()
    )
    assert [(e.line, e.column, e.code, e.other_line) for e in parsed.errors] == [
        (4, "Personnummer", "duplicate", 2)
    ]


def test_rows_with_too_many_or_too_few_fields():
    assert errors_of([["Åsa", "Öberg", A, "7A", "", "", "extra"], ["Björn", "Ek", B]]) == [
        (2, "", "too_many_fields"),
        (3, "Klass", "too_few_fields"),
    ]


def test_trailing_empty_fields_are_not_too_many():
    assert errors_of([["Åsa", "Öberg", A, "7A", "", "", "", ""]]) == []


def test_blank_lines_keep_the_physical_line_numbers():
    text = (
        table([HEADER])
        + "\r\n;;;\r\n"
        + table([["Åsa", "Öberg", wrong_check_digit(A), "7A", "", ""]])
    )
    assert [(e.line, e.code) for e in parse(text.encode()).errors] == [(4, "check_digit")]


def test_a_quoted_line_break_counts_physical_lines():
    text = table([HEADER]) + f'"Åsa\nMaria";Öberg;{A};7A;;\r\nBjörn;Ek;x;7B;;\r\n'
    assert [(e.line, e.code) for e in parse(text.encode()).errors] == [(4, "format")]


def test_guardian_without_a_name_and_a_bad_email():
    assert errors_of(
        [
            ["Åsa", "Öberg", A, "7A", "", "marta@example.se"],
            ["Björn", "Ek", B, "7B", "Per Ek", "per.example.se"],
        ]
    ) == [(2, "VH1 namn", "required"), (3, "VH1 e-post", "email_format")]


def test_undecodable_bytes_are_located():
    good = table([HEADER, ["Åsa", "Öberg", A, "7A", "", ""]]).encode("utf-8")
    data = good + "Björn;Ek;".encode() + B.encode() + b";7\xff;;\r\n"
    parsed = parse(data)
    assert parsed.encoding == "utf-8"
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [(3, "Klass", "undecodable")]
    assert len(parsed.pupils) == 1


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty_file"),
        (b"\xef\xbb\xbf\r\n  \r\n", "empty_file"),
        (b"\x00\x01\x02binary\x00", "binary_file"),
        (b"PK\x03\x04rest-of-an-xlsx", "spreadsheet_file"),
        (b"\xd0\xcf\x11\xe0old-xls", "spreadsheet_file"),
        (b'{"persons": [', "invalid_json"),
    ],
)
def test_file_level_errors(data, code):
    parsed = parse(data)
    assert [(e.line, e.code) for e in parsed.errors] == [(1, code)]
    assert not parsed.can_apply and parsed.pupils == []


def test_a_header_only_file_has_no_pupils_and_no_errors():
    parsed = parse(table([HEADER]).encode())
    assert parsed.pupils == [] and parsed.errors == [] and parsed.rows == 0


def test_details_never_carry_the_persons_data():
    parsed = parse(
        table(
            [
                HEADER,
                ["Åsa", "Öberg", wrong_check_digit(A), "7A", "", ""],
                ["Björn", "Ek", B, "7B", "Per Ek", "per.example.se"],
            ]
        ).encode()
    )
    for error in parsed.errors:
        assert not any(
            secret in error.detail for secret in ("Åsa", "Öberg", A[:8], "per.example", "Per")
        )


def test_luhn_helper_matches_fixture_numbers():
    assert luhn_digit(A[2:11]) == int(A[-1])
