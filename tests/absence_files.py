"""Fictitious absence files and a journal with pupils to import them into (tests only)."""

from __future__ import annotations

from datetime import date

from storage.identity import fictitious_personnummer

NUMBERS = [fictitious_personnummer(date(2013, 1 + n, 10 + n), n) for n in range(6)]
HEADER = "Personnummer;Namn;Klass;Datum;Lektion;Från;Till;Minuter;Frånvarotyp"


def csv_bytes(
    rows: list[str], header: str = HEADER, encoding: str = "utf-8", newline: str = "\r\n"
) -> bytes:
    """An export with `header` and `rows`, encoded as a school system would save it."""
    text = newline.join([header, *rows]) + newline
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16":
        return text.encode("utf-16")  # with its BOM, as Excel's "Unicode text"
    return text.encode(encoding)


def school_with_pupils(journal, count: int = 4) -> list[int]:
    """A school, class 7A and `count` fictitious pupils in it; their ids."""
    school = journal.add_school("Påhittade skolan")
    group = journal.add_group(school, "7A")
    return [
        journal.add_pupil(
            NUMBERS[n],
            ("Åsa", "Bo", "Cilla", "Dani", "Eli", "Fia")[n],
            "Prov",
            school_id=school,
            group_id=group,
            today=date(2026, 8, 17),
        )
        for n in range(count)
    ]
