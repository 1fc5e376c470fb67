"""A proposed school calendar for one school year: terms and the usual breaks, editable.

A new school gets this proposal so the register works on day one; the counsellor checks it
against the municipality's läsårstider and edits what differs. Nothing here is certain for a
given school: every municipality (and independent school) decides its own läsår. What is
typical, and proposed:

- hösttermin from the Wednesday of week 34 to the Friday of week 51;
- höstlov in week 44 (nationwide practice);
- jullov from the day after the autumn term to the day before the spring term;
- vårtermin from the first weekday on or after 8 January to the Friday of week 24;
- sportlov in week 7, 8, 9 or 10, by region (SPORTLOV_BY_COUNTY below; week 9 when the
  municipality is not known);
- påsklov from Easter Monday to the Friday after Easter (many schools take week 14 or 15
  instead, or the week before Easter);
- a lovdag on the Friday after Kristi himmelsfärdsdag (the usual "klämdag").

Sommarlov is the time between two school years and is not stored. Public holidays are not
stored either: storage.school_calendar.public_holiday answers them for every school.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from storage.codes import CalendarKind
from storage.text import fold

DEFAULT_SPORTLOV_WEEK = 9
"""Sportlov when the school's municipality is not in the table: Stockholm's week, the most
common one; the proposal names it as a default so the counsellor checks it."""

SPORTLOV_WEEKS = (7, 8, 9, 10)
"""The weeks Swedish schools have sportlov in (south and west earliest, north latest)."""

# The usual sportlov week(s) per county (län), from one school year's national summary of
# läsårstider (Skolporten, 2020/21). Where a county's municipalities differ, both ends are
# listed and the first is proposed. Some regions move their week between years, so this is a
# starting point for the counsellor to check, never a rule.
SPORTLOV_BY_COUNTY: dict[str, tuple[int, ...]] = {
    "Stockholms län": (9,),
    "Uppsala län": (8, 9),
    "Södermanlands län": (8,),
    "Östergötlands län": (7, 8),
    "Jönköpings län": (7,),
    "Kronobergs län": (8,),
    "Kalmar län": (8,),
    "Gotlands län": (9,),
    "Blekinge län": (8,),
    "Skåne län": (8,),
    "Hallands län": (7, 8),
    "Västra Götalands län": (7, 10),
    "Värmlands län": (9,),
    "Örebro län": (8,),
    "Västmanlands län": (9,),
    "Dalarnas län": (9,),
    "Gävleborgs län": (9, 10),
    "Västernorrlands län": (10,),
    "Jämtlands län": (10,),
    "Västerbottens län": (10,),
    "Norrbottens län": (10,),
}

# The county of the county seats and larger municipalities (not all 290: a municipality not
# listed gets the default week, said so). A county's own name is recognised too.
_COUNTY_OF_MUNICIPALITY: dict[str, tuple[str, ...]] = {
    "Stockholms län": (
        "Stockholm", "Solna", "Sundbyberg", "Huddinge", "Nacka", "Södertälje", "Täby",
        "Botkyrka", "Haninge", "Järfälla", "Sollentuna", "Lidingö", "Norrtälje", "Tyresö",
        "Värmdö", "Upplands Väsby", "Danderyd", "Sigtuna", "Österåker", "Vallentuna",
        "Ekerö", "Salem", "Nynäshamn", "Vaxholm", "Upplands-Bro", "Nykvarn",
    ),
    "Uppsala län": ("Uppsala", "Enköping", "Östhammar", "Tierp", "Knivsta", "Håbo", "Heby"),
    "Södermanlands län": ("Eskilstuna", "Nyköping", "Katrineholm", "Strängnäs", "Flen"),
    "Östergötlands län": ("Linköping", "Norrköping", "Motala", "Mjölby", "Finspång"),
    "Jönköpings län": ("Jönköping", "Värnamo", "Nässjö", "Vetlanda", "Gislaved"),
    "Kronobergs län": ("Växjö", "Ljungby", "Älmhult"),
    "Kalmar län": ("Kalmar", "Västervik", "Oskarshamn", "Nybro"),
    "Gotlands län": ("Gotland", "Visby"),
    "Blekinge län": ("Karlskrona", "Karlshamn", "Ronneby", "Sölvesborg", "Olofström"),
    "Skåne län": (
        "Malmö", "Helsingborg", "Lund", "Kristianstad", "Landskrona", "Trelleborg", "Ystad",
        "Hässleholm", "Ängelholm", "Eslöv",
    ),
    "Hallands län": ("Halmstad", "Varberg", "Kungsbacka", "Falkenberg", "Laholm", "Hylte"),
    "Västra Götalands län": (
        "Göteborg", "Borås", "Trollhättan", "Uddevalla", "Skövde", "Lidköping", "Alingsås",
        "Kungälv", "Mölndal", "Partille", "Lerum", "Vänersborg",
    ),
    "Värmlands län": ("Karlstad", "Arvika", "Kristinehamn"),
    "Örebro län": ("Örebro", "Karlskoga", "Kumla", "Lindesberg"),
    "Västmanlands län": ("Västerås", "Köping", "Sala"),
    "Dalarnas län": ("Falun", "Borlänge", "Mora", "Ludvika", "Avesta"),
    "Gävleborgs län": ("Gävle", "Sandviken", "Hudiksvall", "Bollnäs", "Söderhamn"),
    "Västernorrlands län": ("Sundsvall", "Örnsköldsvik", "Härnösand", "Kramfors", "Timrå"),
    "Jämtlands län": ("Östersund", "Krokom", "Strömsund", "Åre"),
    "Västerbottens län": ("Umeå", "Skellefteå", "Lycksele"),
    "Norrbottens län": ("Luleå", "Piteå", "Boden", "Kiruna", "Gällivare"),
}  # fmt: skip

_COUNTY_BY_FOLDED_NAME: dict[str, str] = {
    fold(name): county
    for county, municipalities in _COUNTY_OF_MUNICIPALITY.items()
    for name in (*municipalities, county, county.removesuffix(" län"))
}


@dataclass(frozen=True)
class SportlovGuess:
    """The sportlov week proposed for a municipality, and why.

    Attributes:
        week: the ISO week proposed.
        county: the county whose usual week it is; None when the municipality is not known
            (then `week` is DEFAULT_SPORTLOV_WEEK).
        weeks: the county's usual weeks (more than one when its municipalities differ).
    """

    week: int
    county: str | None
    weeks: tuple[int, ...]


def sportlov_week(municipality: str) -> SportlovGuess:
    """The usual sportlov week for `municipality` (a municipality or county name)."""
    name = fold(municipality.strip())
    # "Stockholms stad", "Lerums kommun", "Region Gotland": the name inside.
    candidates = [name.removeprefix("region ")]
    for suffix in (" kommun", " stad"):
        if name.endswith(suffix):
            candidates += [name.removesuffix(suffix), name.removesuffix(suffix).removesuffix("s")]
    county = next(
        (_COUNTY_BY_FOLDED_NAME[c] for c in candidates if c in _COUNTY_BY_FOLDED_NAME), None
    )
    if county is None:
        return SportlovGuess(DEFAULT_SPORTLOV_WEEK, None, (DEFAULT_SPORTLOV_WEEK,))
    weeks = SPORTLOV_BY_COUNTY[county]
    return SportlovGuess(weeks[0], county, weeks)


@dataclass(frozen=True)
class ProposedPeriod:
    kind: CalendarKind
    name: str
    starts_on: date
    ends_on: date


def easter_sunday(year: int) -> date:
    """Easter Sunday of `year` (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * mm + 114) // 31
    day = (h + ll - 7 * mm + 114) % 31 + 1
    return date(year, month, day)


def school_week(year: int, week: int) -> tuple[date, date]:
    """Monday and Friday of ISO week `week` of `year`."""
    return date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 5)


def proposed_calendar(
    autumn_year: int, sportlov: int = DEFAULT_SPORTLOV_WEEK
) -> list[ProposedPeriod]:
    """The typical calendar of the school year starting in August of `autumn_year`.

    Args:
        autumn_year: the calendar year of the autumn term.
        sportlov: the ISO week of sportlov (in the spring year); see sportlov_week.

    Returns:
        Terms, breaks and the lovdag, in date order within each kind (see the module).
    """
    spring = autumn_year + 1
    autumn_start = date.fromisocalendar(autumn_year, 34, 3)
    autumn_end = date.fromisocalendar(autumn_year, 51, 5)
    spring_start = date(spring, 1, 8)
    while spring_start.weekday() >= 5:
        spring_start += timedelta(days=1)
    spring_end = date.fromisocalendar(spring, 24, 5)
    easter = easter_sunday(spring)
    ascension = easter + timedelta(days=39)
    return [
        ProposedPeriod(CalendarKind.TERM, f"Hösttermin {autumn_year}", autumn_start, autumn_end),
        ProposedPeriod(CalendarKind.BREAK, "Höstlov", *school_week(autumn_year, 44)),
        ProposedPeriod(
            CalendarKind.BREAK,
            "Jullov",
            autumn_end + timedelta(days=1),
            spring_start - timedelta(days=1),
        ),
        ProposedPeriod(CalendarKind.TERM, f"Vårtermin {spring}", spring_start, spring_end),
        ProposedPeriod(CalendarKind.BREAK, "Sportlov", *school_week(spring, sportlov)),
        ProposedPeriod(
            CalendarKind.BREAK, "Påsklov", easter + timedelta(days=1), easter + timedelta(days=5)
        ),
        ProposedPeriod(
            CalendarKind.DAY_OFF,
            "Lovdag",
            ascension + timedelta(days=1),
            ascension + timedelta(days=1),
        ),
    ]
