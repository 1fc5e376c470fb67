"""A fictitious world: the demo journal (the benchmarks' large school is in tests/bench/).

Everything here is invented. The municipality (Norrvik), its schools, streets and people do not
exist; identity numbers come only from storage.identity.fictitious_personnummer (birth numbers
980-999, which Skatteverket keeps for test persons) or are temporary school numbers; phone
numbers are in the obviously fake 070-000 series and e-mail addresses end in example.com.

The builder is deterministic: the same seed and `today` give the same world, byte for byte
in every field that matters (the wall clock only reaches audit and creation stamps, which the
facade sets itself). No textual, rich or tui here: the CLI, tests and benchmark all call this.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from storage import models as m
from storage.calendar_proposal import proposed_calendar
from storage.codes import CalendarKind
from storage.identity import fictitious_personnummer
from storage.identity import parse as parse_identity
from storage.journal import LESSONS_PER_DAY, Journal
from storage.school_calendar import Period, SchoolCalendar
from storage.session import record_act, stored_id

LOCAL_TZ = ZoneInfo("Europe/Stockholm")
MUNICIPALITY = "Norrvik"  # fictitious
CITY = "Norrvik"

# -- names ---------------------------------------------------------------------------------
# Plain lists, so a reader can see at a glance that the world is made up of common names.

GIRLS_SV = [
    "Alice",
    "Maja",
    "Elsa",
    "Astrid",
    "Wilma",
    "Freja",
    "Olivia",
    "Ebba",
    "Alma",
    "Ella",
    "Agnes",
    "Vera",
    "Stella",
    "Saga",
    "Selma",
    "Clara",
    "Ellen",
    "Nora",
    "Ida",
    "Tuva",
    "Molly",
    "Signe",
    "Linnea",
    "Elvira",
    "Lova",
    "Hedda",
    "Moa",
    "Tilda",
    "Lilly",
    "Juni",
]
BOYS_SV = [
    "William",
    "Noah",
    "Hugo",
    "Lucas",
    "Liam",
    "Oscar",
    "Elias",
    "Adam",
    "Oliver",
    "Leo",
    "Alexander",
    "Vincent",
    "Nils",
    "Theo",
    "Arvid",
    "Viktor",
    "Axel",
    "Ludvig",
    "Isak",
    "Melvin",
    "Charlie",
    "Alfred",
    "Edvin",
    "Love",
    "Sixten",
    "Malte",
    "Gustav",
    "Albin",
    "Olle",
    "Sam",
]
WOMEN_SV = [
    "Anna",
    "Maria",
    "Karin",
    "Sara",
    "Emma",
    "Lena",
    "Johanna",
    "Linda",
    "Jenny",
    "Malin",
    "Sofia",
    "Hanna",
    "Camilla",
    "Helena",
    "Frida",
    "Elin",
    "Therese",
    "Cecilia",
]
MEN_SV = [
    "Johan",
    "Erik",
    "Anders",
    "Peter",
    "Daniel",
    "Fredrik",
    "Mikael",
    "Magnus",
    "Marcus",
    "Andreas",
    "Jonas",
    "Mattias",
    "Niklas",
    "Henrik",
    "Stefan",
    "Patrik",
    "Tobias",
    "Martin",
]
SURNAMES_SV = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Sjöberg",
    "Forsberg",
    "Wallin",
    "Engström",
    "Danielsson",
    "Håkansson",
    "Eklund",
    "Gunnarsson",
    "Sundberg",
    "Holm",
    "Nyström",
    "Björk",
    "Falk",
    "Ek",
    "Åberg",
]


@dataclass(frozen=True)
class _Background:
    """Names and the home language (as a counsellor writes it) of families from one region."""

    language: str
    surnames: tuple[str, ...]
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    weight: int  # relative share among families with a background outside Sweden


BACKGROUNDS: tuple[_Background, ...] = (
    _Background(
        "arabiska",
        ("Hassan", "Ali", "Mohammed", "Haddad", "Khalil", "Saleh", "Abdullah", "Mansour"),
        ("Amira", "Yasmin", "Noor", "Layla", "Hiba", "Rania", "Dalia", "Salma"),
        ("Omar", "Yusuf", "Ibrahim", "Karim", "Ali", "Hamid", "Khaled", "Majid"),
        6,
    ),
    _Background(
        "somaliska",
        ("Abdi", "Farah", "Warsame", "Osman", "Hirsi", "Jama", "Nur"),
        ("Hodan", "Ayan", "Hibo", "Fadumo", "Sahra", "Ifrah", "Najma"),
        ("Abdirahman", "Liban", "Mahad", "Hamza", "Ayub", "Khalid", "Said"),
        4,
    ),
    _Background(
        "dari",
        ("Ahmadi", "Hosseini", "Rahimi", "Karimi", "Sultani", "Noori"),
        ("Zahra", "Mina", "Parisa", "Marzia", "Fatima", "Shabnam"),
        ("Reza", "Ahmad", "Mustafa", "Jawad", "Sajjad", "Elyas"),
        3,
    ),
    _Background(
        "persiska",
        ("Sadeghi", "Mohammadi", "Moradi", "Jafari", "Rostami"),
        ("Shirin", "Tara", "Nazanin", "Yalda", "Ava"),
        ("Amir", "Dariush", "Arash", "Kian", "Aryan"),
        2,
    ),
    _Background(
        "tigrinja",
        ("Tesfaye", "Haile", "Gebremedhin", "Berhane", "Kidane", "Tekle"),
        ("Selam", "Helen", "Senait", "Luwam", "Rahel", "Saba"),
        ("Yonas", "Samuel", "Filmon", "Robel", "Natan", "Dawit"),
        2,
    ),
    _Background(
        "turkiska",
        ("Yilmaz", "Demir", "Kaya", "Çelik", "Şahin", "Öztürk"),
        ("Elif", "Zeynep", "Defne", "Ecem", "Melis", "Ayşe"),
        ("Emre", "Can", "Burak", "Mert", "Deniz", "Yusuf"),
        2,
    ),
    _Background(
        "kurdiska",
        ("Rashid", "Aziz", "Mahmoud", "Hawrami", "Bakir"),
        ("Rojin", "Hana", "Shilan", "Dilan", "Berfin"),
        ("Rebin", "Aram", "Baran", "Azad", "Diyar"),
        2,
    ),
    _Background(
        "bosniska",
        ("Hodžić", "Mehmedović", "Hadžić", "Begić", "Kovačević"),
        ("Amina", "Lejla", "Ajla", "Emina", "Melisa"),
        ("Amar", "Emir", "Haris", "Tarik", "Kenan"),
        2,
    ),
    _Background(
        "polska",
        ("Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk"),
        ("Zofia", "Julia", "Zuzanna", "Hanna", "Oliwia"),
        ("Jakub", "Szymon", "Filip", "Kacper", "Antoni"),
        2,
    ),
    _Background(
        "ukrainska",
        ("Shevchenko", "Bondarenko", "Kovalenko", "Melnyk", "Tkachenko"),
        ("Sofiia", "Anastasiia", "Daryna", "Polina", "Viktoriia"),
        ("Maksym", "Artem", "Bohdan", "Danylo", "Oleksandr"),
        2,
    ),
    _Background(
        "finska",
        ("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Heikkinen"),
        ("Aino", "Helmi", "Siiri", "Venla", "Emilia"),
        ("Eino", "Väinö", "Onni", "Leevi", "Aapo"),
        2,
    ),
)
# Families that arrived recently: where a pupil may still have only a temporary school number.
NEWLY_ARRIVED = ("ukrainska", "tigrinja", "dari", "arabiska")
# Finnish-speaking guardians in Sweden rarely ask for an interpreter (Finnish is a minority
# language with its own services); the others sometimes do.
INTERPRETER_SHARE = {"finska": 0.05}

STREETS = [
    "Lärkvägen",
    "Björkallén",
    "Storgatan",
    "Skolvägen",
    "Kyrkogatan",
    "Ängsvägen",
    "Granstigen",
    "Tallbacken",
    "Sjövägen",
    "Bruksgatan",
    "Hagvägen",
    "Rönnvägen",
    "Smedjegatan",
    "Vallgatan",
    "Östra Ringvägen",
    "Norrviksvägen",
    "Kvarnbacken",
]

# -- schools -------------------------------------------------------------------------------

SCHOOL_MIDDLE = "Lärkbackens skola"  # years 4-6
SCHOOL_UPPER = "Östra Norrviksskolan"  # years 7-9
OTHER_SCHOOLS: tuple[tuple[str, m.SchoolType, tuple[int, int]], ...] = (
    # name, type, age range of a sibling there
    ("Ekbackens friskola", m.SchoolType.INDEPENDENT, (6, 15)),
    ("Västra Norrviksskolan", m.SchoolType.MUNICIPAL, (6, 9)),
    ("Norrviks gymnasium", m.SchoolType.MUNICIPAL, (16, 18)),
    ("Solgläntans förskola", m.SchoolType.PRESCHOOL, (2, 5)),
)
COUNSELLOR = ("Anna Demosson", "Skolkurator", "070-000 00 00", "kurator@example.com")
HEAD = "Rektor"  # a role, not a person: who decides leave requests


# -- the calendar --------------------------------------------------------------------------


def school_year_start(today: date) -> int:
    """The calendar year in which the school year around `today` began (in August)."""
    return today.year if today >= date(today.year, 8, 1) else today.year - 1


def school_calendar(autumn_year: int) -> list[tuple[str, str, date, date]]:
    """Terms, breaks and days off of one school year, as (kind, name, first, last day).

    The proposed calendar every new school gets (storage.calendar_proposal), sportlov in
    week 9, plus one studiedag on a Friday in early October.
    """
    studiedag = date.fromisocalendar(autumn_year, 34, 3) + timedelta(days=44)
    proposed = [
        (str(p.kind), p.name, p.starts_on, p.ends_on) for p in proposed_calendar(autumn_year)
    ]
    return [*proposed, (str(CalendarKind.DAY_OFF), "Studiedag", studiedag, studiedag)]


def _calendar_of(autumn_years: range) -> SchoolCalendar:
    return SchoolCalendar(
        [
            Period(kind, first, last)
            for year in autumn_years
            for kind, _name, first, last in school_calendar(year)
        ]
    )


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local wall-clock time on `day`, as an aware UTC timestamp (how the journal stores it)."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


# -- people ----------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isascii() and (c.isalnum() or c in ".-")).lower()


def _phone(rng: random.Random) -> str:
    return f"070-000 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


class _Numbers:
    """Hands out unique fictitious identity numbers (20 test serials per birth date)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[tuple[date, int]] = set()

    def born_and_number(self, birth_year: int, female: bool, not_after: date) -> tuple[date, str]:
        while True:
            born = date(birth_year, 1, 1) + timedelta(days=self.rng.randrange(365))
            if born > not_after:
                continue
            # Even third digit of the birth number: registered female; odd: male.
            free = [s for s in range(0 if female else 1, 20, 2) if (born, s) not in self.used]
            if free:
                serial = self.rng.choice(free)
                self.used.add((born, serial))
                return born, fictitious_personnummer(born, serial)


@dataclass
class _Adult:
    first: str
    last: str
    phone: str
    email: str
    relation: str = m.Relation.GUARDIAN
    interpreter: bool = False
    language: str = ""
    lives_with: bool = True
    address: tuple[str, str, str] | None = None
    protected: bool = False
    id: int = 0  # set when written; journal ids start at 1


@dataclass
class _Child:
    first: str
    last: str
    female: bool
    grade: int
    group: str = ""
    number: str = ""
    id: int = 0  # set when written; journal ids start at 1


@dataclass
class _Family:
    surname: str
    background: _Background | None
    address: tuple[str, str, str]
    adults: list[_Adult] = field(default_factory=list)
    children: list[_Child] = field(default_factory=list)
    elsewhere: list[tuple[str, int, str, str]] = field(default_factory=list)
    protected: bool = False
    newly_arrived: bool = False


def _address(rng: random.Random) -> tuple[str, str, str]:
    # 99x postal codes are not used for street addresses in Sweden: plausible but not real.
    return (
        f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
        f"99{rng.randint(0, 3)} {rng.randint(0, 9)}{rng.randint(0, 9)}",
        CITY,
    )


def _pick_background(rng: random.Random, foreign_share: float) -> _Background | None:
    if rng.random() >= foreign_share:
        return None
    return rng.choices(BACKGROUNDS, weights=[b.weight for b in BACKGROUNDS])[0]


def _child_name(rng: random.Random, background: _Background | None, female: bool) -> str:
    # Many children of families from elsewhere have names common in Sweden too.
    if background is None or rng.random() < 0.2:
        return rng.choice(GIRLS_SV if female else BOYS_SV)
    return rng.choice(background.girls if female else background.boys)


def _adult_name(rng: random.Random, background: _Background | None, female: bool) -> str:
    if background is None:
        return rng.choice(WOMEN_SV if female else MEN_SV)
    return rng.choice(background.girls if female else background.boys)


def _make_family(rng: random.Random, grades: list[int], foreign_share: float) -> _Family:
    background = _pick_background(rng, foreign_share)
    surname = rng.choice(background.surnames if background else SURNAMES_SV)
    family = _Family(surname, background, _address(rng))
    family.children = [
        _Child(_child_name(rng, background, female), surname, female, grade)
        for grade in grades
        for female in [rng.random() < 0.5]
    ]
    language = background.language if background else ""
    interpreter_share = INTERPRETER_SHARE.get(language, 0.45) if background else 0.0
    needs = rng.random() < interpreter_share
    two = rng.random() < 0.75
    first_female = rng.random() < 0.6
    for index in range(2 if two else 1):
        female = first_female if index == 0 else not first_female
        first = _adult_name(rng, background, female)
        last = surname
        lives_with, address = True, family.address
        if index == 1 and rng.random() < 0.2:
            # Separated parents: both keep custody, the second lives elsewhere.
            last = rng.choice(background.surnames if background else SURNAMES_SV)
            lives_with, address = False, _address(rng)
        email = "" if rng.random() < 0.15 else f"{_ascii(first)}.{_ascii(last)}@example.com"
        family.adults.append(
            _Adult(
                first,
                last,
                _phone(rng),
                email,
                language=language,
                interpreter=needs and (index == 0 or rng.random() < 0.5),
                lives_with=lives_with,
                address=address,
            )
        )
    if rng.random() < 0.3:
        female = rng.random() < 0.5
        family.adults.append(
            _Adult(
                _adult_name(rng, background, female),
                surname if rng.random() < 0.6 else rng.choice(SURNAMES_SV),
                _phone(rng),
                "",
                relation=m.Relation.EMERGENCY_CONTACT,
                language=language,
                lives_with=False,
                address=_address(rng),
            )
        )
    return family


# -- the demo --------------------------------------------------------------------------------

DEMO_CLASSES: tuple[tuple[str, tuple[int, ...], str], ...] = (
    (SCHOOL_MIDDLE, (4, 5, 6), "AB"),
    (SCHOOL_UPPER, (7, 8, 9), "ABC"),
)


DEMO_ACT = "demo_journal_built"
"""The act in the audit trail that marks a journal as the demo: its passphrase is public, so
no real class list may be imported into it (Journal.apply_import refuses). Kept inside the
journal, so a copy of the file is still known as the demo."""


def is_demo_journal(session: Session) -> bool:
    """Whether the journal of `session` was built by build_demo."""
    from sqlmodel import select

    found = session.exec(select(m.AuditEvent.id).where(m.AuditEvent.action == DEMO_ACT).limit(1))
    return found.first() is not None


def build_demo(journal: Journal, *, seed: int = 2026, today: date) -> None:
    """Fill an open, empty journal with a fictitious school world around `today`.

    Two served schools (years 4-6 and 7-9) with about 350 pupils in families (shared guardians,
    single guardians, interpreter needs, emergency contacts, siblings at other schools incl. a
    friskola), two pupils with protected identity and two with temporary school numbers, a
    school calendar, about a term of register marks up to `today` with a handful of pupils below
    90 % attendance, and five open cases: three missing pupils (one honour-related) and two
    investigations of problematic absence, with steps, contact attempts and journal entries.

    Args:
        journal: an open journal with no pupils yet.
        seed: the same seed and `today` give the same world.
        today: the demo's "today"; nothing in the data comes from the wall clock.
    """
    with journal.in_one_transaction():
        with journal.bulk() as session:
            record_act(session, DEMO_ACT)
        _build_demo(journal, random.Random(seed), today)


def _build_demo(journal: Journal, rng: random.Random, today: date) -> None:
    year0 = school_year_start(today)
    autumn_start = school_calendar(year0)[0][2]
    enrolled = min(autumn_start, today)

    journal.set_profile(*COUNSELLOR)

    # Schools, the calendar and classes.
    served = {
        name: journal.add_school(name, municipality=MUNICIPALITY)
        for name, _years, _letters in DEMO_CLASSES
    }
    for name, school_type, _ages in OTHER_SCHOOLS:
        journal.add_school(name, school_type=school_type, municipality=MUNICIPALITY, served=False)
    for school_id in served.values():
        for year in (year0 - 1, year0):
            for kind, name, first, last in school_calendar(year):
                journal.add_calendar_period(school_id, kind, first, last, name)
    calendar = _calendar_of(range(year0 - 1, year0 + 1))

    groups: dict[str, int] = {}
    seats: dict[int, list[list]] = {}  # grade -> [[class name, free seats], ...]
    for school, years, letters in DEMO_CLASSES:
        for grade in years:
            for letter in letters:
                name = f"{grade}{letter}"
                groups[name] = journal.add_group(served[school], name, school_year=grade)
                seats.setdefault(grade, []).append([name, rng.randint(20, 26)])
    school_of_grade = {g: served[s] for s, years, _l in DEMO_CLASSES for g in years}

    # Families, planned first so the special cases can be chosen among them.
    families: list[_Family] = []
    while any(free for grade in seats.values() for _name, free in grade):
        open_grades = [g for g, classes in seats.items() if any(c[1] for c in classes)]
        wanted = rng.choices((1, 2, 3), weights=(55, 35, 10))[0]
        grades = rng.sample(open_grades, min(wanted, len(open_grades)))
        if len(grades) == 2 and rng.random() < 0.04:
            grades = [grades[0], grades[0]]  # twins
        family = _make_family(rng, sorted(grades), foreign_share=0.35)
        for child in family.children:
            free = [c for c in seats[child.grade] if c[1] > 0]
            if not free:
                continue
            place = rng.choice(free)
            place[1] -= 1
            child.group = place[0]
        family.children = [c for c in family.children if c.group]
        if not family.children:
            continue
        if rng.random() < 0.3:
            name, school_type, (low, high) = rng.choice(OTHER_SCHOOLS)
            age = rng.randint(low, high)
            sibling_female = rng.random() < 0.5
            family.elsewhere.append(
                (
                    _child_name(rng, family.background, sibling_female),
                    year0 - age,
                    name,
                    school_type,
                )
            )
        families.append(family)

    singles = [f for f in families if len(f.children) == 1 and not f.elsewhere]
    for family in rng.sample(singles, 2):
        family.protected = True
    arrived = [
        f
        for f in families
        if f.background and not f.protected and f.background.language in NEWLY_ARRIVED
    ]
    for family in rng.sample(arrived, min(2, len(arrived))):
        family.newly_arrived = True

    # Persist families: guardians, pupils, links, in bulk (one flush per step; each row is
    # audited by the flush hook, as through the facade methods).
    with journal.bulk() as session:
        _persist_families(session, families, rng, year0, today, enrolled, school_of_grade, groups)

    # Who gets which story.
    children = [(f, c) for f in families for c in f.children]
    days = calendar.school_days(today - timedelta(days=150), today)
    ordinary = [(f, c) for f, c in children if not f.protected and not f.newly_arrived]
    older = [(f, c) for f, c in ordinary if c.grade >= 8]
    with_sibling_elsewhere = [fc for fc in older if fc[0].elsewhere] or older
    # Honour-related risk is not tied to one background: the pupil is drawn from all families.
    honour = rng.choice(with_sibling_elsewhere)
    rest = [fc for fc in ordinary if fc[0] is not honour[0]]
    after_lov, missing_today, *problematic = rng.sample(rest, 8)

    day0_honour = days[-5]
    day0_after_lov = _first_day_after_break(days) or days[-3]
    day0_today = days[-1]

    # Whole days that a story fixes: a missing pupil is marked invalid from day 0 (nobody
    # called in), and granted leave is marked as leave; random marks never overlap them.
    fixed: dict[int, dict[date, str]] = {}
    for (_family, child), day0 in (
        (honour, day0_honour),
        (after_lov, day0_after_lov),
        (missing_today, day0_today),
    ):
        fixed[child.id] = {day: "invalid" for day in days if day >= day0}
    for _family, child in rng.sample([fc for fc in rest if fc[1].id not in fixed], 10):
        start = rng.randrange(len(days) - 3)
        span = days[start : start + rng.randint(2, 3)]
        fixed[child.id] = {day: "leave" for day in span}
        journal.add_leave_request(
            child.id,
            span[0],
            span[-1],
            status=m.LeaveStatus.GRANTED,
            destination="Resa med familjen",
            reason="Familjehögtid",
            decided_on=span[0] - timedelta(days=14),
            decided_by=HEAD,
        )
    journal.add_leave_request(
        after_lov[1].id,
        day0_after_lov,
        day0_after_lov + timedelta(days=21),
        status=m.LeaveStatus.REFUSED,
        destination="Resa till släkt",
        reason="Familjebesök",
        decided_by=HEAD,
        decided_on=day0_after_lov - timedelta(days=20),
    )

    # The register: a term of exceptions up to today, in one transaction.
    stories = {honour[1].id: "honour", **{c.id: "problematic" for _f, c in problematic}}
    journal.mark_absences(
        _mark(child.id, day, lesson, code, minutes, source)
        for child, day, lesson, code, minutes, source in _demo_marks(
            rng, children, days, stories, fixed
        )
    )

    # Every class's register was taken on the school days before today, at the first lesson;
    # today's registers are still to take (the register and its not-taken list open on them).
    with journal.bulk() as session:
        session.add_all(
            m.RegisterTaken(
                group_id=group_id, on_date=day, taken_at=_at(day, 8, 20), taken_by="Mentor"
            )
            for group_id in groups.values()
            for day in days
            if day < today
        )

    _demo_cases(
        journal,
        rng,
        today,
        days,
        calendar,
        honour=(honour, day0_honour),
        after_lov=(after_lov, day0_after_lov),
        missing_today=(missing_today, day0_today),
        problematic=problematic[:2],
        watched=problematic[2],
    )


def _persist_families(
    session: Session,
    families: list[_Family],
    rng: random.Random,
    year0: int,
    today: date,
    enrolled: date,
    school_of_grade: dict[int, int],
    groups: dict[str, int],
) -> None:
    """Write every family's adults, children, links and siblings elsewhere; sets their ids.

    What add_guardian, add_pupil, link_guardian and add_sibling_link would check holds by
    construction: identity numbers are unique and valid, and a protected family has no address.
    """
    numbers = _Numbers(rng)
    temporary = 0
    guardians: list[tuple[_Adult, m.Guardian]] = []
    pupils: list[tuple[_Family, _Child, m.Pupil]] = []
    for family in families:
        for adult in family.adults:
            adult.protected = family.protected
            phone_other = ""
            if adult.relation == m.Relation.GUARDIAN and rng.random() < 0.25:
                phone_other = f"010-000 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
            street, postal_code, city = (
                (None, None, None) if adult.protected else adult.address or (None, None, None)
            )
            guardians.append(
                (
                    adult,
                    m.Guardian(
                        first_name=adult.first,
                        last_name=adult.last,
                        phone=adult.phone,
                        phone_other=phone_other,
                        email=adult.email,
                        street=street,
                        postal_code=postal_code,
                        city=city,
                        interpreter_needed=adult.interpreter,
                        language=adult.language,
                        security_marking=m.SecurityMarking.PROTECTED
                        if adult.protected
                        else m.SecurityMarking.NONE,
                    ),
                )
            )
        for index, child in enumerate(family.children):
            birth_year = year0 - 6 - child.grade  # year 1 starts the autumn a child turns 7
            born, child.number = numbers.born_and_number(birth_year, child.female, today)
            if family.newly_arrived and index == 0:
                temporary += 1
                child.number = f"{born:%Y%m%d}TF{temporary:02d}"
            number = parse_identity(child.number, today=enrolled)
            protected = family.protected
            street, postal_code, city = (None, None, None) if protected else family.address
            pupils.append(
                (
                    family,
                    child,
                    m.Pupil(
                        identity_number=number.normalised,
                        identity_kind=number.kind,
                        first_name=child.first,
                        last_name=child.last,
                        birth_date=number.birth_date,
                        security_marking=m.SecurityMarking.PROTECTED
                        if protected
                        else m.SecurityMarking.NONE,
                        street=street,
                        postal_code=postal_code,
                        city=city,
                        school_id=school_of_grade[child.grade],
                        enrolled_on=enrolled,
                    ),
                )
            )
    session.add_all([guardian for _adult, guardian in guardians])
    session.add_all([pupil for _family, _child, pupil in pupils])
    session.flush()
    for adult, guardian in guardians:
        adult.id = stored_id(guardian)
    links: list[m.GroupMembership | m.PupilGuardian | m.SiblingLink] = []
    for family, child, pupil in pupils:
        pupil_id = child.id = stored_id(pupil)
        links.append(
            m.GroupMembership(pupil_id=pupil_id, group_id=groups[child.group], starts_on=enrolled)
        )
        links += [
            m.PupilGuardian(
                pupil_id=pupil_id,
                guardian_id=adult.id,
                relation=adult.relation,
                has_custody=adult.relation == m.Relation.GUARDIAN,
                lives_with=adult.relation == m.Relation.GUARDIAN and adult.lives_with,
            )
            for adult in family.adults
        ]
        links += [
            m.SiblingLink(
                pupil_id=pupil_id,
                name=f"{name} {family.surname}",
                birth_year=birth_year_elsewhere,
                school_name=school_name,
                school_type=school_type,
            )
            for name, birth_year_elsewhere, school_name, school_type in family.elsewhere
        ]
    session.add_all(links)
    session.flush()


def _mark(
    pupil_id: int, day: date, lesson: int | None, code: str, minutes: int | None, source: str
) -> tuple:
    """A row for Journal.mark_absences, recorded when a teacher or a guardian would have."""
    at = _at(day, 7, 15) if source == m.MarkSource.GUARDIAN_NOTICE else _at(day, 8 + (lesson or 1))
    return (pupil_id, day, code, lesson, minutes, source, at)


def _first_day_after_break(days: list[date]) -> date | None:
    """The first school day after the latest break, if that is within the last ten days."""
    for previous, day in zip(days[-11:], days[-10:], strict=False):
        if (day - previous).days > 3:
            return day
    return None


def _demo_marks(
    rng: random.Random,
    children: list[tuple[_Family, _Child]],
    days: list[date],
    stories: dict[int, str],
    fixed: dict[int, dict[date, str]],
) -> list[tuple]:
    """Register exceptions per pupil and school day: (child, day, lesson, code, minutes, source).

    Most pupils are present; illness comes in short spells reported by a guardian in the
    morning; some lessons are skipped or missed for the dentist; some arrive late. Pupils with a
    "problematic" story miss a quarter to a third of their days; the honour-related one has a
    recurring Monday absence first (a warning sign the national competence team lists). Days in
    `fixed` get the whole-day code given there instead (no row for "leave": a granted
    request has written it).
    """
    marks: list[tuple[_Child, date, int | None, str, int | None, str]] = []
    notice, register = m.MarkSource.GUARDIAN_NOTICE, m.MarkSource.REGISTER
    for _family, child in children:
        story = stories.get(child.id, "")
        heavy = story == "problematic"
        own = fixed.get(child.id, {})
        ill_left = 0
        for day in days:
            if day in own:
                # Granted leave wrote its own marks (storage.leave), with their history.
                if own[day] != "leave":
                    marks.append((child, day, None, own[day], None, register))
                ill_left = 0
                continue
            if ill_left:
                ill_left -= 1
                marks.append((child, day, None, "ill", None, notice))
                continue
            roll = rng.random()
            if roll < (0.06 if heavy else 0.008):
                ill_left = rng.choice((0, 0, 1, 1, 2, 3))
                marks.append((child, day, None, "ill", None, notice))
            elif roll < (0.14 if heavy else 0.010):
                marks.append((child, day, None, "invalid", None, register))
            elif (
                roll < (0.16 if heavy else 0.013)
                or story == "honour"
                and day.weekday() == 0
                and rng.random() < 0.4
            ):
                marks.append((child, day, None, "reported", None, notice))
            elif roll < (0.26 if heavy else 0.021):
                for lesson in sorted(rng.sample(range(1, LESSONS_PER_DAY + 1), rng.randint(1, 3))):
                    marks.append((child, day, lesson, "invalid", None, register))
            elif roll < (0.28 if heavy else 0.026):
                first = rng.randint(1, LESSONS_PER_DAY - 1)
                for lesson in (first, first + 1):
                    marks.append((child, day, lesson, "valid_other", None, notice))
            elif roll < (0.36 if heavy else 0.050):
                marks.append((child, day, 1, "late", rng.choice((3, 5, 5, 10, 15, 25)), register))
    return marks


def _demo_cases(
    journal: Journal,
    rng: random.Random,
    today: date,
    days: list[date],
    calendar: SchoolCalendar,
    *,
    honour,
    after_lov,
    missing_today,
    problematic,
    watched,
) -> None:
    """Open the demo's cases through the facade, with steps done, contacts and entries."""

    def complete(case_id: int, codes: list[str], day0: date, outcome: str = "") -> None:
        for step in journal.case_steps(case_id):
            if step.step_code in codes:
                done = min(
                    calendar.add_working_days(day0, codes.index(step.step_code) // 3), today
                )
                journal.complete_step(
                    step.id, outcome, at=_at(done, 10 + codes.index(step.step_code) % 3 * 2)
                )

    def last_before(day0: date) -> date:
        earlier = [d for d in calendar.school_days(day0 - timedelta(days=30), day0) if d < day0]
        return earlier[-1]

    # 1. Honour-related: never the guardians; staff, classmates, the sibling's school, social
    #    services at once.
    (family, child), day0 = honour
    case = journal.open_case(
        child.id, m.CaseKind.MISSING, day0, honour_related=True, at=_at(day0, 9, 30)
    )
    # Never on the list of guardians to tell, and every list says why (storage.notices).
    journal.set_no_guardian_contact(
        child.id, True, "Hedersrelaterad oro: kontakta inte hemmet, ring socialtjänsten"
    )
    journal.set_case_details(
        case,
        last_school_day=last_before(day0),
        whereabouts="Okänt",
        information_source="Mentor och klasskamrat",
        acute_danger=True,
    )
    complete(
        case,
        [
            "check_registration",
            "ask_staff_and_classmates",
            "check_siblings_here",
            "contact_sibling_schools",
            "report_of_concern",
            "inform_head",
        ],
        day0,
    )
    journal.add_entry(
        child.id,
        "Jag är rädd att de ska skicka iväg mig i sommar och att jag "
        "inte får komma tillbaka. Jag får inte träffa mina kompisar efter skolan.",
        kind=m.EntryKind.PUPIL_WORDS,
        at=_at(day0 - timedelta(days=24), 13, 40),
    )
    journal.add_entry(
        child.id,
        "Återkommande frånvaro på måndagar sedan terminsstart. Eleven "
        "säger att fritiden är hårt kontrollerad.",
        kind=m.EntryKind.OBSERVATION,
        at=_at(day0 - timedelta(days=24), 14, 10),
    )
    journal.add_entry(
        child.id,
        "Hedersrelaterade signaler: vårdnadshavare kontaktas inte. "
        "Orosanmälan per telefon, skriftlig följer.",
        kind=m.EntryKind.DECISION,
        case_id=case,
        at=_at(day0, 11, 0),
    )
    for hour, channel, kind, outcome, note in (
        (
            9,
            m.ContactChannel.MEETING,
            m.Counterpart.MENTOR,
            m.ContactOutcome.REACHED,
            "Sågs senast på fredagens sista lektion.",
        ),
        (
            10,
            m.ContactChannel.MEETING,
            m.Counterpart.CLASSMATE,
            m.ContactOutcome.REACHED,
            "Eleven skrev i helgen att familjen skulle resa.",
        ),
        (10, m.ContactChannel.SMS, m.Counterpart.PUPIL, m.ContactOutcome.NO_ANSWER, ""),
        (
            11,
            m.ContactChannel.PHONE,
            m.Counterpart.SOCIAL_SERVICES,
            m.ContactOutcome.REACHED,
            "Orosanmälan muntligt.",
        ),
        (13, m.ContactChannel.PHONE, m.Counterpart.HEAD, m.ContactOutcome.REACHED, ""),
    ):
        journal.log_contact(
            child.id,
            case_id=case,
            channel=channel,
            counterpart_kind=kind,
            outcome=outcome,
            note=note,
            at=_at(day0, hour, rng.randint(0, 50)),
        )
    if family.elsewhere:
        name, _born, school_name, _type = family.elsewhere[0]
        journal.log_contact(
            child.id,
            case_id=case,
            channel=m.ContactChannel.PHONE,
            counterpart_kind=m.Counterpart.SIBLING_SCHOOL,
            counterpart=school_name,
            outcome=m.ContactOutcome.REACHED,
            note="Syskonet är också frånvarande.",
            at=_at(calendar.add_working_days(day0, 1), 9, 15),
        )
    journal.record_concern_report(
        child.id,
        case_id=case,
        reported_at=_at(day0, 11, 5),
        channel=m.ContactChannel.PHONE,
        recipient="Socialtjänsten, mottagningen",
        guardians_informed=False,
        summary=f"Eleven saknas sedan {day0:%Y-%m-%d}; oro för resa utomlands mot elevens vilja.",
    )

    # 2. Did not come back after the break; leave had been refused.
    (family, child), day0 = after_lov
    case = journal.open_case(child.id, m.CaseKind.MISSING, day0, at=_at(day0, 10, 0))
    journal.set_case_details(
        case,
        last_school_day=last_before(day0),
        whereabouts="Okänt, troligen utomlands",
        leave_refused=True,
        information_source="Nödkontakt",
    )
    complete(
        case,
        [
            "check_registration",
            "contact_guardians",
            "ask_staff_and_classmates",
            "check_siblings_here",
            "check_leave_applications",
        ],
        day0,
    )
    guardians = [a for a in family.adults if a.relation == m.Relation.GUARDIAN]
    for n, adult in enumerate(guardians * 2):
        journal.log_contact(
            child.id,
            case_id=case,
            channel=m.ContactChannel.PHONE,
            counterpart=f"{adult.first} {adult.last}",
            number_or_address=adult.phone,
            outcome=m.ContactOutcome.NO_ANSWER,
            at=_at(day0 + timedelta(days=n // len(guardians)), 8, 30 + 5 * n),
        )
    journal.log_contact(
        child.id,
        case_id=case,
        channel=m.ContactChannel.SMS,
        counterpart=f"{guardians[0].first} {guardians[0].last}",
        number_or_address=guardians[0].phone,
        outcome=m.ContactOutcome.MESSAGE_LEFT,
        at=_at(day0, 9, 0),
    )
    for adult in family.adults:
        if adult.relation == m.Relation.EMERGENCY_CONTACT:
            journal.log_contact(
                child.id,
                case_id=case,
                channel=m.ContactChannel.PHONE,
                counterpart_kind=m.Counterpart.EMERGENCY_CONTACT,
                counterpart=f"{adult.first} {adult.last}",
                number_or_address=adult.phone,
                outcome=m.ContactOutcome.REACHED,
                note="Familjen reste under lovet, vet inte när de kommer hem.",
                at=_at(day0, 14, 20),
            )
    journal.add_entry(
        child.id,
        "Ledighetsansökan för tre veckor avslogs av rektor.",
        kind=m.EntryKind.NOTE,
        case_id=case,
        at=_at(day0, 10, 15),
    )

    # 3. Absent this morning, nobody has called in: the register check and a first call.
    (family, child), day0 = missing_today
    case = journal.open_case(child.id, m.CaseKind.MISSING, day0, at=_at(day0, 9, 0))
    complete(case, ["check_registration"], day0)
    adult = family.adults[0]
    journal.log_contact(
        child.id,
        case_id=case,
        channel=m.ContactChannel.PHONE,
        counterpart=f"{adult.first} {adult.last}",
        number_or_address=adult.phone,
        outcome=m.ContactOutcome.NO_ANSWER,
        at=_at(day0, 8, 45),
    )

    # 4-5. Problematic absence: whereabouts known, an investigation with the family.
    for family, child in problematic:
        day0 = days[-25]
        case = journal.open_case(
            child.id, m.CaseKind.PROBLEMATIC_ABSENCE, day0, at=_at(day0, 13, 0)
        )
        journal.set_case_details(case, whereabouts="Hemma")
        complete(case, ["talk_with_pupil", "talk_with_guardians", "pupil_health_team"], day0)
        adult = family.adults[0]
        journal.log_contact(
            child.id,
            case_id=case,
            channel=m.ContactChannel.PHONE,
            counterpart=f"{adult.first} {adult.last}",
            number_or_address=adult.phone,
            outcome=m.ContactOutcome.REACHED,
            note="Bokat möte.",
            at=_at(day0, 15, 0),
        )
        journal.add_entry(
            child.id,
            "Jag orkar inte gå dit när jag inte har sovit. Det är lättare att stanna hemma.",
            kind=m.EntryKind.PUPIL_WORDS,
            case_id=case,
            at=_at(calendar.add_working_days(day0, 2), 10, 0),
        )
        journal.add_entry(
            child.id,
            "Möte med vårdnadshavare och mentor; elevhälsan kopplas in.",
            kind=m.EntryKind.MEETING,
            case_id=case,
            at=_at(calendar.add_working_days(day0, 4), 14, 0),
        )

    # 6. Before a break: signs noted, the pupil on the watch list, prevention work begun.
    _family, child = watched
    seen_on = days[-12]
    for code, words in (
        ("fear_of_trip_abroad", "Jag vill inte åka. Jag vet inte om jag får komma hem igen."),
        ("controlled_free_time", ""),
    ):
        journal.record_warning_sign(
            child.id, code, seen_on, observed_by="Mentor", own_words=words, today=today
        )
    put_on = days[-8]
    coming = journal.watch_breaks(child.id, today)
    put = journal.put_on_watch_list(
        child.id,
        "Berättade att familjen ska resa till släkten över lovet; är rädd för att inte få "
        "komma tillbaka.",
        coming[0].id if coming else None,
        put_on,
        at=_at(put_on, 15, 30),
    )
    complete(put.case_id, ["talk_with_pupil_alone", "agree_safe_way_to_reach"], put_on)
