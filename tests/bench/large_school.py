"""The benchmarks' large school: 2,000 pupils, their guardians, years of register marks.

Not part of the shipped package: it writes rows in bulk past the audit trail and reaches into
the journal's engine, which is right for measuring queries on a big register and wrong for a
counsellor's journal. Everything is fictitious, built from storage.demo's people and calendar.
Used by bench_queries.py and bench_find.py, and by tests/test_large_school.py.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert

from storage import models as m
from storage.demo import (
    COUNSELLOR,
    MUNICIPALITY,
    SURNAMES_SV,
    _address,
    _adult_name,
    _at,
    _calendar_of,
    _child_name,
    _Numbers,
    _phone,
    _pick_background,
    school_calendar,
    school_year_start,
)
from storage.journal import LESSONS_PER_DAY, Journal

LARGE_SCHOOL = "Norrviks storskola"
# Marks per pupil and school year: with years=2 and 2,000 pupils about a million rows.
MARKS_PER_PUPIL_YEAR = 250


def build_large_school(
    journal: Journal,
    *,
    seed: int = 1,
    years: int = 2,
    today: date,
    pupils: int = 2000,
    classes: int = 80,
) -> None:
    """Fill an open, empty journal with the benchmark's large school.

    `pupils` in `classes` classes over years F-9, their guardians, `years` school years of
    register marks up to `today` (about 250 rows per pupil and year: a million for the default
    2,000 pupils and two years, ten million at `years=20`), a calendar and about 40 open cases.
    Whole-day absence, lesson-level absence and lateness are mixed; some classes' teachers
    also confirm every lesson as present, as some registers export attendance. Bulk rows go
    through SQLAlchemy Core executemany in large batches (no ORM audit for them: it is a
    benchmark world, not a counsellor's work). The same pupils stay for all years, so history
    grows without more pupils. Prints nothing.

    Args:
        journal: an open journal with no pupils yet.
        seed: the same seed and `today` give the same world.
        years: school years of history; rows scale linearly.
        today: the last day with marks.
        pupils: number of pupils (smaller for quick tests).
        classes: number of classes, spread over years 0-9.
    """
    rng = random.Random(seed)
    engine = journal._engine
    assert engine is not None, "the journal is locked"
    # History reaches `years` calendar years back from today, so rows scale linearly.
    history_starts = today - timedelta(days=round(365.25 * years))
    year0 = school_year_start(today)
    first_year = school_year_start(history_starts)
    now = _at(today, 7)

    journal.set_profile(*COUNSELLOR)
    school = journal.add_school(LARGE_SCHOOL, municipality=MUNICIPALITY)
    for year in range(first_year, year0 + 1):
        for kind, name, first, last in school_calendar(year):
            journal.add_calendar_period(school, kind, first, last, name)
    calendar = _calendar_of(range(first_year, year0 + 1))
    days = calendar.school_days(history_starts + timedelta(days=1), today)

    # Classes: spread over years 0-9, letters A, B, C... within a year.
    class_rows, grade_of = [], []
    for index in range(classes):
        grade = index * 10 // classes
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[sum(1 for g in grade_of if g == grade)]
        grade_of.append(grade)
        class_rows.append(
            {
                "id": index + 1,
                "school_id": school,
                "name": f"{grade}{letter}",
                "group_type": m.GroupType.CLASS,
                "school_year": grade,
            }
        )

    numbers = _Numbers(rng)
    pupil_rows, member_rows, guardian_rows, link_rows = [], [], [], []
    guardian_id = 0
    family_guardians: list[int] = []
    for index in range(pupils):
        group = index % classes
        grade = grade_of[group]
        female = rng.random() < 0.5
        background = _pick_background(rng, 0.35)
        # Every third pupil shares guardians with the pupil before: siblings by shared rows.
        sibling = index % 3 == 2 and family_guardians
        if sibling:
            surname = pupil_rows[-1]["last_name"]
        else:
            surname = rng.choice(background.surnames if background else SURNAMES_SV)
        born, number = numbers.born_and_number(year0 - 6 - grade, female, today)
        pupil_id = index + 1
        street, postal_code, city = _address(rng)
        pupil_rows.append(
            {
                "id": pupil_id,
                "identity_number": number,
                "identity_kind": m.IdentityKind.PERSONNUMMER,
                "first_name": _child_name(rng, background, female),
                "last_name": surname,
                "birth_date": born,
                "security_marking": m.SecurityMarking.NONE,
                "street": street,
                "postal_code": postal_code,
                "city": city,
                "person_status": m.PersonStatus.ACTIVE,
                "school_id": school,
                "enrolled_on": date(first_year, 8, 1),
                "created_at": now,
            }
        )
        member_rows.append(
            {"pupil_id": pupil_id, "group_id": group + 1, "starts_on": date(first_year, 8, 1)}
        )
        if not sibling:
            family_guardians = []
            for _ in range(2 if rng.random() < 0.75 else 1):
                guardian_id += 1
                adult_female = rng.random() < 0.5
                guardian_rows.append(
                    {
                        "id": guardian_id,
                        "first_name": _adult_name(rng, background, adult_female),
                        "last_name": surname,
                        "phone": _phone(rng),
                        "phone_other": "",
                        "email": "",
                        "security_marking": m.SecurityMarking.NONE,
                        "interpreter_needed": bool(background) and rng.random() < 0.3,
                        "language": background.language if background else "",
                        "created_at": now,
                    }
                )
                family_guardians.append(guardian_id)
        for gid in family_guardians:
            link_rows.append(
                {
                    "pupil_id": pupil_id,
                    "guardian_id": gid,
                    "relation": m.Relation.GUARDIAN,
                    "has_custody": True,
                    "lives_with": True,
                }
            )

    with engine.begin() as connection:
        connection.execute(insert(m.SchoolGroup), class_rows)
        connection.execute(insert(m.Pupil), pupil_rows)
        connection.execute(insert(m.GroupMembership), member_rows)
        connection.execute(insert(m.Guardian), guardian_rows)
        connection.execute(insert(m.PupilGuardian), link_rows)

    _large_marks(engine, rng, pupils, classes, days)

    # About 40 open cases, through the facade like a counsellor's own.
    recent = days[-40:]
    for index, pid in enumerate(rng.sample(range(1, pupils + 1), min(40, pupils))):
        kind = m.CaseKind.MISSING if index % 3 == 0 else m.CaseKind.PROBLEMATIC_ABSENCE
        case = journal.open_case(pid, kind, rng.choice(recent), honour_related=index % 12 == 0)
        for step in journal.case_steps(case)[: rng.randint(0, 3)]:
            journal.complete_step(step.id)


def _large_marks(engine, rng: random.Random, pupils: int, classes: int, days: list[date]) -> None:
    """Generate and insert the register in school-day order, as a real one grows.

    SQLAlchemy's per-row parameter processing costs more than SQLCipher's own insert at this
    size (measured: 12 s of 22 s for a million rows), so dates and timestamps go through the
    columns' own bind processors once per day, and rows go to the driver's executemany as
    tuples; the stored text is exactly what the ORM writes.
    """
    # Per pupil: a base absence rate (most low, a tail high) and how often they are late.
    rates = [min(0.5, rng.expovariate(1 / 0.05)) for _ in range(pupils)]
    late_rates = [rng.choice((0.0, 0.01, 0.03, 0.08)) for _ in range(pupils)]
    # Classes whose teachers mark every lesson (present too) versus exceptions only; the share
    # is chosen so the mix gives about MARKS_PER_PUPIL_YEAR rows per pupil and year.
    full_register = {c for c in range(classes) if c % 5 == 0}
    whole_day_codes = ("ill", "ill", "ill", "reported", "invalid", "leave", "valid_other")
    notice, register = str(m.MarkSource.GUARDIAN_NOTICE), str(m.MarkSource.REGISTER)
    lessons = range(1, LESSONS_PER_DAY + 1)
    table = m.AbsenceMark.__table__
    dialect = engine.dialect
    as_date = table.c.on_date.type.dialect_impl(dialect).bind_processor(dialect)
    as_stamp = table.c.recorded_at.type.dialect_impl(dialect).bind_processor(dialect)
    sql = (
        "INSERT INTO absence_mark (pupil_id, on_date, lesson, code, minutes, source, note, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, '', ?)"
    )
    batch: list[tuple] = []
    add = batch.append
    for day in days:
        on, at = as_date(day), as_stamp(_at(day, 8))
        for pid in range(1, pupils + 1):
            full = (pid - 1) % classes in full_register
            roll = rng.random()
            rate = rates[pid - 1]
            if roll < rate:
                code = rng.choice(whole_day_codes)
                source = notice if code in ("ill", "reported") else register
                if full and source == register:
                    # Observed in a per-lesson register: the day is entered lesson by lesson.
                    for lesson in lessons:
                        add((pid, on, lesson, code, None, source, at))
                else:
                    add((pid, on, None, code, None, source, at))
                continue
            missed: tuple[int, ...] = ()
            if roll < rate * 2:  # a partial day: one to three lessons
                missed = tuple(sorted(rng.sample(lessons, rng.randint(1, 3))))
                code = rng.choice(("invalid", "invalid", "valid_other", "ill"))
                for lesson in missed:
                    add((pid, on, lesson, code, None, register, at))
            # Late to the first lesson only when it was not missed (one mark per slot).
            late = 1 not in missed and rng.random() < late_rates[pid - 1]
            if late:
                add((pid, on, 1, "late", rng.choice((2, 5, 5, 10, 15, 30)), register, at))
            if full:
                for lesson in lessons:
                    if lesson not in missed and not (late and lesson == 1):
                        add((pid, on, lesson, "present", None, register, at))
        if len(batch) >= 100_000:
            with engine.begin() as connection:
                connection.exec_driver_sql(sql, batch)
            batch.clear()
    if batch:
        with engine.begin() as connection:
            connection.exec_driver_sql(sql, batch)
