"""The statistics' renderers: Markdown and CSV from counts made up here, in Swedish and English.

The whole Markdown document in Swedish is compared line by line (a golden text); the CSV is
read back as Swedish Excel would (BOM, semicolons, decimal comma). No count under 5 appears
as a number in either, and a break's name from the journal is printed as written.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from storage import records
from storage.codes import CaseOutcome
from tui.i18n import set_language
from tui.render import statistics_csv, statistics_markdown


def _period(label, starts_on, ends_on, *, not_back=(), hours=(), opened=7, located=6):
    return records.PeriodStatistics(
        label=label,
        starts_on=starts_on,
        ends_on=ends_on,
        missing_opened=opened,
        missing_closed=7,
        closed_by_outcome=(
            (CaseOutcome.LOCATED, located),
            (CaseOutcome.MOVED, 7 - located),
            (CaseOutcome.ABROAD, 0),
            (CaseOutcome.OTHER, 0),
        ),
        not_back=not_back,
        located=located,
        median_days_to_locate=2.5,
        investigations_opened=12,
        reports_filed=1,
        hours=hours,
        watch=records.WatchFollowUp(on_list=9, not_back=6, located=1),
    )


COUNTED = records.ActionPlanStatistics(
    scope="HT2026",
    made_on=date(2026, 11, 30),
    min_count=5,
    lesson_minutes=60,
    periods=(
        _period(
            "HT2026",
            date(2026, 7, 1),
            date(2026, 12, 31),
            not_back=(
                records.NotBackAfterBreak("Höstlov", date(2026, 11, 2), 1),
                records.NotBackAfterBreak("*Lov* | <b>x</b>", date(2026, 11, 9), 9),
            ),
            hours=(
                records.ClassYearHours(7, 25, 120.5, 30.25, 3000.0),
                records.ClassYearHours(8, 3, 10.0, 2.0, 400.0),
            ),
        ),
    ),
)

GOLDEN = Path(__file__).parent / "fixtures" / "statistics" / "ht2026_sv.md"
"""The Swedish Markdown of COUNTED; after a deliberate change, write it anew and read it."""


@pytest.fixture
def swedish():
    set_language("sv")
    yield
    set_language("en")


def test_markdown_in_swedish(swedish):
    expected = GOLDEN.read_text(encoding="utf-8")
    assert statistics_markdown.render(COUNTED).splitlines() == expected.splitlines()


def test_markdown_in_english_has_the_same_cells():
    set_language("en")
    text = statistics_markdown.render(COUNTED)
    assert "| Missing pupils: closed as “Located or back at school” | – |" in text
    assert "| Missing pupils: median school days to locate | 2.5 |" in text
    assert "| 7 | 25 | 120.5 | 30.2 | 3000.0 |" in text


def test_a_median_over_few_cases_is_hidden():
    set_language("en")
    few = records.ActionPlanStatistics(
        "HT2026",
        date(2026, 11, 30),
        5,
        60,
        (_period("HT2026", date(2026, 7, 1), date(2026, 12, 31), located=4),),
    )
    text = statistics_markdown.render(few)
    assert "| Missing pupils: median school days to locate | – |" in text
    assert "2.5" not in text


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_for_swedish_excel(swedish):
    data = statistics_csv.render(COUNTED).encode("utf-8")
    rows = _csv_rows(data)
    assert rows[0] == ["Period", "Från och med", "Till och med", "Uppgift", "Årskurs", "Värde"]
    assert rows[1] == [
        "HT2026",
        "2026-07-01",
        "2026-12-31",
        "Saknade elever: öppnade ärenden",
        "",
        "7",
    ]
    assert ["HT2026", "2026-07-01", "2026-12-31", "Elever", "7", "25"] in rows
    assert ["HT2026", "2026-07-01", "2026-12-31", "Giltig frånvaro (timmar)", "7", "120,5"] in rows
    assert ["HT2026", "2026-07-01", "2026-12-31", "Elever", "8", "<5"] in rows
    assert ["HT2026", "2026-07-01", "2026-12-31", "Ogiltig frånvaro (timmar)", "8", "–"] in rows
    assert b"\r\n" in data


@pytest.mark.parametrize("render", [statistics_markdown.render, statistics_csv.render])
def test_no_small_count_is_ever_a_number(render):
    set_language("en")
    text = render(COUNTED)
    for small in ("1", "3", "6"):  # reports filed, class 8's pupils, the located beside 1
        assert f"| {small} |" not in text and not text.count(f";{small}\r\n")


def test_a_csv_cell_is_never_a_formula():
    assert statistics_csv.safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert statistics_csv.safe_cell("-1") == "'-1"
    assert statistics_csv.safe_cell("<5") == "<5"
    assert statistics_csv.safe_cell("Höstlov") == "Höstlov"


def test_a_break_without_a_name_is_named_by_its_first_school_day():
    set_language("en")
    unnamed = records.ActionPlanStatistics(
        "HT2026",
        date(2026, 11, 30),
        5,
        60,
        (
            _period(
                "HT2026",
                date(2026, 7, 1),
                date(2026, 12, 31),
                not_back=(
                    records.NotBackAfterBreak("", date(2026, 10, 5), 7),
                    records.NotBackAfterBreak("", date(2026, 11, 30), 9),
                ),
            ),
        ),
    )
    text = statistics_markdown.render(unnamed)
    assert "| Pupils not back after the unnamed break before 2026-10-05 | 7 |" in text
    assert "| Pupils not back after the unnamed break before 2026-11-30 | 9 |" in text
