"""Whatever a file holds, the parser answers with a ParsedList, and an import is all or nothing.

Hypothesis feeds arbitrary bytes and arbitrary CSV-ish text (separators, quotes, line breaks,
header words and identity-number-like values); every error must be located (line >= 1, a
column string), and applying any result either imports every pupil or writes nothing.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from storage import audit
from storage import models as m
from storage.errors import ImportRejected, SaknadError
from storage.identity import fictitious_personnummer
from storage.importing import ParsedList, parse_class_list
from storage.importing.apply import apply_import

TODAY = date(2026, 3, 18)
VALID = [fictitious_personnummer(date(2012, 3, 1 + n), n) for n in range(8)]
WORDS = [
    "Förnamn",
    "Efternamn",
    "Personnummer",
    "Klass",
    "VH1 namn",
    "Adress",
    "Skyddad identitet",
    "socialnumber",
    "student_socialnumber",
    "Ja",
    "7A",
    "Åsa",
    "Ã¥",
    "2.01205E+11",
    "\ufffd",
    *VALID,
    VALID[0][:-1] + "0",
    "",
    " ",
]
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
separator = st.sampled_from([",", ";", "\t", '"', "\n", "\r\n", "\r"])
csvish = st.lists(st.one_of(cell, separator), max_size=60).map("".join)


def check(parsed) -> None:
    assert isinstance(parsed, ParsedList)
    for error in [*parsed.errors, *parsed.warnings]:
        assert error.line >= 1 and isinstance(error.column, str) and error.code


def parse_safely(data: bytes):
    try:
        return parse_class_list(data, today=TODAY)
    except SaknadError:
        return None  # a storage error is an allowed answer; anything else is a bug


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data):
    parsed = parse_safely(data)
    if parsed is not None:
        check(parsed)


@settings(max_examples=150, deadline=None)
@given(csvish, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_csvish_text_never_crashes(text, encoding):
    parsed = parse_safely(text.encode(encoding, errors="replace"))
    if parsed is not None:
        check(parsed)


rows = st.lists(
    st.tuples(
        st.sampled_from(VALID + ["2.01205E+11", "", "x"]),
        st.sampled_from(["Åsa", "", "Bo"]),
        st.sampled_from(["7A", "7B", ""]),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows)
def test_applying_is_all_or_nothing(new_journal, rows):
    journal = new_journal.journal
    school_id = journal.add_school("Fuzzskolan")
    text = "Förnamn;Efternamn;Personnummer;Klass\r\n" + "".join(
        f"{first};Testsson;{number};{klass}\r\n" for number, first, klass in rows
    )
    parsed = parse_class_list(text.encode(), today=TODAY)
    with Session(journal._engine) as session:
        before = session.exec(select(func.count()).select_from(m.Pupil)).one()
        known = set(session.exec(select(m.Pupil.identity_number)).all())
    with Session(journal._engine, expire_on_commit=False) as session:
        session.info[audit.ACTOR_KEY] = "fuzz"
        try:
            apply_import(session, parsed, school_id, TODAY)
            session.commit()
            imported = True
        except ImportRejected:
            session.rollback()
            imported = False
    with Session(journal._engine) as session:
        after = session.exec(select(func.count()).select_from(m.Pupil)).one()
    if imported:
        assert parsed.errors == []
        new = {p.identity_number for p in parsed.pupils} - known
        assert after == before + len(new)
    else:
        assert parsed.errors and after == before
