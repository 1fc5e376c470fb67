"""What reading an absence file gives: checked rows, each a slot to mark, and located errors.

Plain data, no parsing here: storage.importing.absence_csv and .absence_ss12000 fill a
ParsedAbsence, and storage.importing.absence_plan compares it with the journal. Errors are
storage.importing.RowError, located like the class list's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from storage.importing.results import ParsedFile

KIND_ABSENCE = "absence"


@dataclass(frozen=True)
class AbsenceRow:
    """One checked row (or one SS 12000 object): what a pupil's slot should hold.

    Attributes:
        line: 1-based physical line (JSON: the 1-based position in its list).
        identity_number: the pupil's, normalised (12 characters).
        on_date: the day; with `until`, the first day of a period of whole days.
        code: a journal absence code, or storage.importing.absence_values.PRESENT (the file
            says the pupil was there: the slot is cleared).
        lesson: the lesson number; None when the file gives none.
        minutes: minutes of absence or lateness, when the file gives them.
        span_minutes: the length of the row's times (from-to), when the file gives them.
        until: the last day (inclusive) of a period (SS 12000 Absence); None for one day.
        pupil_column: where the row names the pupil (a header, or "student"), for an
            "unknown pupil" found by the plan.
        path: for JSON, where the object is, e.g. "attendance[3]".
    """

    line: int
    identity_number: str
    on_date: date
    code: str
    lesson: int | None = None
    minutes: int | None = None
    span_minutes: int | None = None
    until: date | None = None
    pupil_column: str = ""
    path: str = ""
    lesson_column: str = ""  # the header (or key) a refusal about the slot names


@dataclass
class ParsedAbsence(ParsedFile):
    """What an absence file holds, checked; nothing is written until it is applied.

    Attributes mean what storage.importing.ParsedList's do (ParsedFile holds the shared
    ones); `absences` are the rows that passed every check. Any error blocks the whole import.
    """

    kind: str = KIND_ABSENCE
    absences: list[AbsenceRow] = field(default_factory=list)
