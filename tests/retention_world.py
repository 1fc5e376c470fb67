"""A small fictitious journal for the retention and right-of-access tests.

Two sisters share a mother; the elder, Tova Raderasson, left in June 2019 and holds a row in
every table that can hold a pupil; her sister Ylva stays at the school, as does Olle, who is
unrelated. Tova's mother is linked to Ylva too, so she stays; Tova's father is linked only to
Tova, so he goes with her. The names and words are unusual on purpose, so a test can look
for their bytes in the file and find them only where they belong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from storage import models as m
from storage.codes import (
    CaseKind,
    CaseOutcome,
    ExportContent,
    ExportFormat,
    LeaveStatus,
    NoticeOutcome,
    SecurityMarking,
)
from storage.identity import fictitious_personnummer

TODAY = date(2026, 11, 29)
LEFT_ON = date(2019, 6, 14)

GONE_FIRST, GONE_LAST = "Tovalinnea", "Raderasson"
GONE_NUMBER = fictitious_personnummer(date(2008, 3, 4), 2)
GONE_NOTE = "Kvittrofink sa att hon sover hos mormor"
GONE_FATHER = "Bertilgunnar"

KEPT_FIRST, KEPT_LAST = "Ylvamarit", "Stannarsson"
KEPT_NUMBER = fictitious_personnummer(date(2013, 9, 1), 5)
KEPT_NOTE = "Hackspettsdagen gick bra"
SHARED_MOTHER = "Moderina"


@dataclass(frozen=True)
class World:
    school: int
    gone: int
    kept: int
    other: int
    gone_case: int
    kept_case: int
    mother: int
    father: int


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def build(journal) -> World:
    """Fill `journal` with the world above; returns the ids."""
    journal.set_profile("Karin Kurator", role="Kurator")
    school = journal.add_school("Påhittskolan")
    class_2019 = journal.add_group(school, "9B", school_year=9)
    class_now = journal.add_group(school, "7A", school_year=7)
    gone = journal.add_pupil(
        GONE_NUMBER,
        GONE_FIRST,
        GONE_LAST,
        school_id=school,
        group_id=class_2019,
        street="Glömskegatan 3",
        postal_code="12345",
        city="Påhittstad",
        today=date(2018, 8, 20),
        enrolled_on=date(2016, 8, 20),
    )
    kept = journal.add_pupil(
        KEPT_NUMBER, KEPT_FIRST, KEPT_LAST, school_id=school, group_id=class_now, today=TODAY
    )
    other = journal.add_pupil(
        fictitious_personnummer(date(2013, 1, 2), 7),
        "Olle",
        "Annansson",
        school_id=school,
        group_id=class_now,
        today=TODAY,
    )
    mother = journal.add_guardian(SHARED_MOTHER, "Stannarsson", phone="070-000 00 11")
    father = journal.add_guardian(
        GONE_FATHER, "Raderasson", phone="070-000 00 12", street="Fadersvägen 1", city="Påhittby"
    )
    journal.link_guardian(gone, mother)
    journal.link_guardian(kept, mother)
    journal.link_guardian(gone, father)
    journal.add_sibling_link(kept, sibling_pupil_id=gone)
    journal.add_sibling_link(gone, name="Lillebror Raderasson", birth_year=2017)

    day = date(2019, 3, 4)
    journal.mark_absence(gone, day, "invalid", note="Sovmorgonsmärke")
    cleared = journal.mark_absence(gone, date(2019, 3, 5), "invalid")
    journal.mark_absence(gone, date(2019, 3, 5), "invalid", lesson=2)
    del cleared
    journal.record_notice(gone, day, NoticeOutcome.TOLD, guardian_id=father)
    journal.add_leave_request(
        gone,
        date(2019, 4, 1),
        date(2019, 4, 5),
        status=LeaveStatus.REFUSED,
        destination="Resmålsön",
        reason="Bröllop hos kusinen",
    )
    journal.record_whereabouts_known(
        gone, date(2019, 3, 6), date(2019, 3, 6), "Vet var hon är: hos Kvittrofink", today=TODAY
    )
    gone_case = journal.open_case(gone, CaseKind.MISSING, day, at=_at(day))
    journal.log_contact(
        gone,
        case_id=gone_case,
        counterpart=f"{GONE_FATHER} Raderasson",
        number_or_address="070-000 00 12",
        note="Lovade ringa tillbaka om Kvittrofink",
        at=_at(day, 10),
    )
    entry = journal.add_entry(gone, GONE_NOTE, case_id=gone_case, at=_at(day, 11))
    journal.correct_entry(entry, GONE_NOTE + " (rättat: morfar)", at=_at(day, 12))
    journal.record_concern_report(
        gone,
        case_id=gone_case,
        reported_at=_at(day, 13),
        recipient="Socialtjänsten",
        summary="Oro för Tovalinnea",
    )
    journal.close_case(gone_case, CaseOutcome.LOCATED, "Hittad hos Kvittrofink", at=_at(day, 15))
    journal.record_export(
        format=ExportFormat.PDF,
        content=ExportContent.REPORT_OF_CONCERN,
        purpose="Orosanmälan om Tovalinnea",
        recipient="Socialtjänsten",
        file_name="/tmp/orosanmalan-Tovalinnea-Raderasson.pdf",
        sha256="ab" * 32,
        pupil_id=gone,
        case_id=gone_case,
    )
    journal.keep_draft(
        place=[["pupil_card", gone]],
        dialog="note_form",
        arguments={"pupil_id": gone},
        fields={"text": "Halvskriven om Kvittrofink"},
    )
    # A warning sign and the watch list (schema 10), written as rows until their facade
    # methods come: audited like any other row, their text indexed.
    with journal.bulk() as session:
        session.add(
            m.WarningSign(
                pupil_id=gone,
                sign_code="fear_of_trip",
                observed_on=date(2019, 5, 20),
                observed_by="Mentorn",
                own_words="Kvittrofink sa att hon inte vill resa",
            )
        )
        session.add(m.WatchEntry(pupil_id=gone, reason="Kvittrofink inför sommarlovet"))
    journal.update_pupil(gone, first_name=GONE_FIRST)  # an update event too
    journal.mark_left(gone, on=LEFT_ON, destination="Flyttade till Annanstad")

    kept_case = journal.open_case(kept, CaseKind.MISSING, date(2026, 11, 2), at=_at(TODAY))
    journal.add_entry(kept, KEPT_NOTE, case_id=kept_case, at=_at(TODAY, 10))
    journal.record_notice(kept, date(2026, 11, 2), NoticeOutcome.TOLD, guardian_id=mother)
    return World(school, gone, kept, other, gone_case, kept_case, mother, father)


def protect(journal, pupil_id: int) -> None:
    """Give the pupil protected identity (the address goes, as the journal requires)."""
    journal.update_pupil(pupil_id, security_marking=SecurityMarking.PROTECTED)
