"""Guardians' whole names in one column: "Förnamn Efternamn" or "Efternamn Förnamn" (issue 8).

The order comes from the counsellor's choice, else the header's words, else what most rows
show (a guardian's name that starts with the pupil's last name), else first name first.
"""

from __future__ import annotations

from datetime import date

import pytest

from storage.identity import fictitious_personnummer
from storage.importing import parse_class_list
from storage.importing.name_order import (
    FIRST_LAST,
    LAST_FIRST,
    order_in_rows,
    split_whole_name,
)

TODAY = date(2026, 3, 18)
A, B, C = (fictitious_personnummer(date(2012, 5, 3 + n), n) for n in range(3))


def csv(header: str, rows: list[str]) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def guardians(parsed) -> list[tuple[str, str]]:
    return [(g.first_name, g.last_name) for p in parsed.pupils for g in p.guardians]


LAST_FIRST_ROWS = [
    f"Åsa;Ström;{A};7A;Ström Per",
    f"Bo;Ek;{B};7A;Ek Anna Karin",
    f"Cilla;Lind;{C};7B;Berg Sven",  # another last name: no vote either way
]


def test_the_rows_tell_last_name_first():
    parsed = parse_class_list(
        csv("Förnamn;Efternamn;Personnummer;Klass;Vårdnadshavare 1 namn", LAST_FIRST_ROWS),
        today=TODAY,
    )
    assert parsed.errors == []
    assert guardians(parsed) == [("Per", "Ström"), ("Anna Karin", "Ek"), ("Sven", "Berg")]
    assert (parsed.guardian_name_order, parsed.guardian_name_order_source) == (
        LAST_FIRST,
        "rows",
    )


def test_the_rows_tell_first_name_first():
    rows = [f"Åsa;Ström;{A};7A;Per Ström", f"Bo;Ek;{B};7A;Anna Karin Ek"]
    parsed = parse_class_list(
        csv("Förnamn;Efternamn;Personnummer;Klass;VH1 namn", rows), today=TODAY
    )
    assert guardians(parsed) == [("Per", "Ström"), ("Anna Karin", "Ek")]
    assert (parsed.guardian_name_order, parsed.guardian_name_order_source) == (
        FIRST_LAST,
        "rows",
    )


@pytest.mark.parametrize(
    "header",
    [
        "Vårdnadshavare 1 namn (efternamn förnamn)",
        "Målsman (Efternamn Förnamn)",
        "VH1 Efternamn Förnamn",
    ],
)
def test_the_header_tells_the_order(header):
    rows = [f"Åsa;Öberg;{A};7A;Ström Per"]  # no row could tell
    parsed = parse_class_list(
        csv(f"Förnamn;Efternamn;Personnummer;Klass;{header}", rows), today=TODAY
    )
    assert parsed.errors == [] and parsed.mapping[header] == "guardian1_name"
    assert guardians(parsed) == [("Per", "Ström")]
    assert parsed.guardian_name_order_source == "header"


def test_a_guardian_column_without_a_number_is_the_first_guardian():
    header = "Förnamn;Efternamn;Personnummer;Klass;Målsman;Målsman telefon"
    parsed = parse_class_list(csv(header, [f"Åsa;Öberg;{A};7A;Per Öberg;0701112233"]), today=TODAY)
    assert parsed.mapping["Målsman"] == "guardian1_name"
    assert parsed.mapping["Målsman telefon"] == "guardian1_phone"
    assert [(g.first_name, g.last_name, g.phone) for g in parsed.pupils[0].guardians] == [
        ("Per", "Öberg", "0701112233")
    ]


def test_the_counsellors_choice_wins():
    header = "Förnamn;Efternamn;Personnummer;Klass;Vårdnadshavare 1 namn"
    parsed = parse_class_list(
        csv(header, LAST_FIRST_ROWS), today=TODAY, guardian_name_order=FIRST_LAST
    )
    assert guardians(parsed)[0] == ("Ström", "Per")
    assert parsed.guardian_name_order_source == "chosen"


def test_nothing_to_tell_is_first_name_first_and_said_so():
    parsed = parse_class_list(
        csv("Förnamn;Efternamn;Personnummer;VH1 namn", [f"Åsa;Öberg;{A};Per Ström"]), today=TODAY
    )
    assert guardians(parsed) == [("Per", "Ström")]
    assert parsed.guardian_name_order_source == "assumed"


def test_separate_name_columns_need_no_order():
    header = "Förnamn;Efternamn;Personnummer;VH1 förnamn;VH1 efternamn"
    parsed = parse_class_list(csv(header, [f"Åsa;Öberg;{A};Per;Ström"]), today=TODAY)
    assert guardians(parsed) == [("Per", "Ström")] and parsed.guardian_name_order == ""


def test_a_pupils_whole_name_column_that_says_last_name_first():
    parsed = parse_class_list(
        csv("Efternamn Förnamn;Personnummer", [f"Öberg Åsa Maria;{A}"]), today=TODAY
    )
    assert [(p.first_name, p.last_name) for p in parsed.pupils] == [("Åsa Maria", "Öberg")]


def test_a_guardians_file_with_whole_names_can_be_chosen():
    data = csv("student_socialnumber;name (efternamn förnamn)", [f"{A};Ström Per"])
    detected = parse_class_list(data, today=TODAY)
    assert [(r.guardian.first_name, r.guardian.last_name) for r in detected.guardian_rows] == [
        ("Per", "Ström")
    ]
    chosen = parse_class_list(data, today=TODAY, guardian_name_order=FIRST_LAST)
    assert chosen.guardian_rows[0].guardian.first_name == "Ström"


def test_splitting_and_voting_rules():
    assert split_whole_name("Ström, Per", FIRST_LAST) == ("Per", "Ström")  # a comma decides
    assert split_whole_name("Ström Per Olof", LAST_FIRST) == ("Per Olof", "Ström")
    assert split_whole_name("Per", LAST_FIRST) == ("Per", "")
    assert order_in_rows([("Ek", "Ek Anna"), ("Lind", "Sven Lind"), ("Berg", "Berg Per")]) == (
        LAST_FIRST
    )
    assert order_in_rows([("Ek", "Ek"), ("Lind", "Berg Sven")]) is None
