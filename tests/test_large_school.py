"""The benchmarks' large school (tests/bench/large_school.py) at a small size: it builds."""

from __future__ import annotations

from collections import Counter
from datetime import date

from bench.large_school import build_large_school
from sqlmodel import Session, col, func, select

from storage import models as m
from storage.access import create_journal
from storage.identity import parse
from storage.keys import Argon2Params
from storage.paths import JournalPaths

TODAY = date(2026, 3, 18)  # a Wednesday in the spring term
FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)


def _new_journal(folder):
    return create_journal(JournalPaths(folder), "a long test passphrase", params=FAST).journal


def test_large_school_small_size(tmp_path):
    journal = _new_journal(tmp_path / "large")
    try:
        build_large_school(journal, today=TODAY, years=1, pupils=200, classes=8)
        summary = journal.summary()
        assert summary.pupils == 200 and summary.classes == 8
        # About 250 marks per pupil and year.
        assert 200 * 150 < summary.absence_marks < 200 * 350
        assert summary.open_missing + summary.open_absence_cases == 40
        assert journal.absent_on(TODAY)
        for pupil in journal.pupils():
            assert 980 <= int(parse(pupil.identity_number, today=TODAY).normalised[8:11]) <= 999
        with Session(journal._engine) as session:
            codes = Counter(
                dict(
                    session.exec(
                        select(m.AbsenceMark.code, func.count()).group_by(m.AbsenceMark.code)
                    ).all()
                )
            )
            whole_days = session.exec(
                select(func.count())
                .select_from(m.AbsenceMark)
                .where(col(m.AbsenceMark.lesson).is_(None))
            ).one()
        assert {"present", "late", "ill", "invalid", "reported", "leave"} <= set(codes)
        assert 0 < whole_days < summary.absence_marks
    finally:
        journal.close()
