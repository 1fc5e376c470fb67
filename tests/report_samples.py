"""Reports of concern built by hand, for the renderer tests and the benchmark.

Fictitious people only (storage.identity.fictitious_personnummer: numbers Skatteverket keeps
for tests). `sample_report()` is an ordinary case; `hostile_report()` carries text that a
careless renderer would read as markup (Markdown, Typst, Rich, HTML); `protected_report()` a
child with protected identity; `year_report()` a year of history for the benchmark.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from storage.codes import (
    CaseAction,
    ContactChannel,
    ContactOutcome,
    Counterpart,
    EntryKind,
    Relation,
)
from storage.identity import fictitious_personnummer
from storage.report_data import (
    ActionKind,
    EarlierReport,
    ReportAction,
    ReportChild,
    Reporter,
    ReportGuardian,
    ReportOfConcern,
    ReportSibling,
    ReportWhereabouts,
    WorryItem,
    WorrySource,
)

MADE_AT = datetime(2026, 3, 2, 13, 5, tzinfo=UTC)  # 14:05 in Stockholm (winter time)
CHILD_ADDRESS = "Lönngatan 7, 123 45 Exempelby"
GUARDIAN_ADDRESS = "Lönngatan 7, 123 45 Exempelby"
# What a careless renderer would read as markup; every renderer must print these as written.
HOSTILE_NOTE = (
    '[bold]x[/] *bold* _under_ [x](https://example.invalid) #read("/etc/passwd")\n'
    '#import "x": * $x$ \\ back\\slash </script><script>alert(1)</script> &amp; `code`'
)
HOSTILE_LINE_START = "# not a heading"
HOSTILE_NAME = "*Alva* [x](y) #set"


def at(day: int, hour: int = 9, minute: int = 0, month: int = 2) -> datetime:
    """A moment in February 2026, given in Swedish winter time (UTC+1)."""
    return datetime(2026, month, day, hour - 1, minute, tzinfo=UTC)


def sample_report() -> ReportOfConcern:
    """An ordinary report: a missing pupil, two guardians, a sibling, items from all sources."""
    return ReportOfConcern(
        draft_id=7,
        pupil_id=3,
        case_id=None,
        made_at=MADE_AT,
        child=ReportChild(
            name="Alva Exempel",
            identity_number=_number(date(2014, 5, 3), 2),
            temporary_number=False,
            birth_date=date(2014, 5, 3),
            age=11,
            address=CHILD_ADDRESS,
            protected_identity=False,
            school="Ekskolan",
            class_name="6B",
        ),
        siblings=(
            ReportSibling(
                key="sibling:3",
                name="Nils Exempel",
                age=8,
                school="Ekskolan",
                class_name="2A",
                report="draft",
            ),
            ReportSibling(
                key="link:1",
                name="Saga Exempel",
                age=15,
                school="Björkgymnasiet",
                class_name="",
                report="",
            ),
        ),
        guardians=(
            ReportGuardian(
                key="guardian:1",
                name="Karin Exempel",
                relation=Relation.GUARDIAN,
                phone="070-000 00 01",
                email="karin@example.invalid",
                address=GUARDIAN_ADDRESS,
                interpreter_needed=True,
                language="arabiska",
            ),
            ReportGuardian(
                key="guardian:2",
                name="Omar Exempel",
                relation=Relation.PARENT,
                phone="070-000 00 02",
                email="",
                address=None,
                interpreter_needed=False,
                language="",
            ),
        ),
        worry=(
            "Alva har inte varit i skolan sedan sportlovet. Ingen vårdnadshavare svarar.\n"
            "Hon sa före lovet att hon \u201cskulle resa bort länge\u201d \u2013 och var rädd."
        ),
        since_when="Sedan 2026-02-20",
        acute_danger=None,
        honour_related=False,
        worry_items=(
            WorryItem(
                "entry:1", at(16, 10), WorrySource.REPORTER, "Kurator Eva Prov", "Alva grät."
            ),
            WorryItem(
                "contact:2", at(17, 11, 30), WorrySource.OTHERS, "Mentor Per Test", "Sa hejdå."
            ),
            WorryItem("entry:3", at(18, 8, 15), WorrySource.CHILD, "Alva", "Jag vill inte åka."),
            WorryItem(
                "sign:4",
                at(18, 9),
                WorrySource.REPORTER,
                "Idrottslärare Ola Prov",
                "Vill inte byta om.",
                sign_code="excused_from_teaching",
                sign_label="Asks to be excused from parts of teaching (e.g. swimming)",
                observed_on=date(2026, 2, 17),
            ),
        ),
        whereabouts=ReportWhereabouts(
            missing=True,
            last_school_day=date(2026, 2, 20),
            last_contact=at(21, 16, 30),
            whereabouts="",
            suspected_country="Utlandet (okänt land)",
            expected_return=None,
            refused_leave=True,
            source="Klasskamrat",
        ),
        actions=(
            ReportAction(
                "case_event:1",
                at(23, 8),
                ActionKind.CASE_EVENT,
                CaseAction.OPENED,
                "",
                "",
                "",
                "Eva Prov",
            ),
            ReportAction(
                "contact:4",
                at(23, 9),
                ActionKind.CONTACT,
                ContactChannel.PHONE,
                "Karin Exempel",
                ContactOutcome.NO_ANSWER,
                "Ringde två gånger.",
                "Eva Prov",
                title=Counterpart.GUARDIAN,
            ),
            ReportAction(
                "step:5",
                at(23, 10),
                ActionKind.STEP,
                "check_siblings_here",
                "",
                "done",
                "Nils är borta",
                "Eva Prov",
            ),
            ReportAction(
                "entry:6",
                at(24, 13),
                ActionKind.MEETING,
                EntryKind.MEETING,
                "Rektor",
                "",
                "Elevhälsomöte.",
                "Eva Prov",
            ),
        ),
        guardians_informed=False,
        child_informed=False,
        earlier_reports=(
            EarlierReport(
                key="report:1",
                reported_at=datetime(2025, 10, 1, 12, 0, tzinfo=UTC),
                channel=ContactChannel.PHONE,
                recipient="Socialtjänsten",
                reference="SOC-2025-0001",
                investigation_opened=False,
            ),
        ),
        reporter=Reporter(
            name="Eva Prov",
            role="Kurator",
            school="Ekskolan",
            phone="08-000 000 00",
            email="eva.prov@example.invalid",
        ),
        left_out=(),
    )


def hostile_report() -> ReportOfConcern:
    """Names and notes full of markup of every kind; every renderer must print them as is."""
    report = sample_report()
    return replace(
        report,
        child=replace(report.child, name=HOSTILE_NAME),
        worry=HOSTILE_LINE_START + "\n" + HOSTILE_NOTE,
        worry_items=(
            WorryItem("entry:9", at(16), WorrySource.OTHERS, "[red]Mentor[/red]", HOSTILE_NOTE),
        ),
    )


def protected_report() -> ReportOfConcern:
    """A child with protected identity: the contract gives no address for the child or the
    guardians (storage.report_of_concern never reads one)."""
    report = sample_report()
    return replace(
        report,
        child=replace(report.child, address=None, protected_identity=True),
        guardians=tuple(replace(guardian, address=None) for guardian in report.guardians),
    )


def honour_report() -> ReportOfConcern:
    """Honour-related: guardians are never told, whatever the draft said."""
    return replace(sample_report(), honour_related=True, guardians_informed=True)


def year_report(actions: int = 150, items: int = 40) -> ReportOfConcern:
    """A year of history: `actions` actions and `items` worry items, a weekly rhythm."""
    report = sample_report()
    start = datetime(2025, 8, 18, 7, 30, tzinfo=UTC)
    sources = tuple(WorrySource)
    return replace(
        report,
        worry_items=tuple(
            WorryItem(
                f"entry:{n}",
                start + timedelta(days=8 * n),
                sources[n % 3],
                f"Lärare {n}",
                f"Iakttagelse nummer {n}: Alva verkade ledsen och trött, åt inte lunch. " * 2,
            )
            for n in range(items)
        ),
        actions=tuple(
            ReportAction(
                f"contact:{n}",
                start + timedelta(days=2 * n, hours=n % 5),
                ActionKind.CONTACT,
                ContactChannel.PHONE if n % 2 else ContactChannel.SMS,
                "Karin Exempel",
                ContactOutcome.NO_ANSWER,
                f"Försök {n}: inget svar, lämnade meddelande om frånvaron.",
                "Eva Prov",
            )
            for n in range(actions)
        ),
    )


def _number(born: date, serial: int) -> str:
    digits = fictitious_personnummer(born, serial)
    return f"{digits[:8]}-{digits[8:]}"
