"""The absence codes a new journal starts with (DOMAIN: keep codes data, not strings in code).

Each row is (code, category, counts as absence, sort order). The UI translates codes into the
words a teacher uses; new codes can be added to a journal without a code change.
"""

from __future__ import annotations

from storage.models import AbsenceCategory as C

DEFAULT_ABSENCE_CODES: tuple[tuple[str, str, bool, int], ...] = (
    ("present", C.PRESENT, False, 0),
    ("late", C.LATE, False, 1),  # minutes in AbsenceMark.minutes
    ("ill", C.VALID, True, 2),  # giltig: sjukdom
    ("leave", C.VALID, True, 3),  # giltig: beviljad ledighet
    ("valid_other", C.VALID, True, 4),  # giltig: annat
    ("invalid", C.INVALID, True, 5),  # ogiltig: no reason given (yet)
    ("reported", C.REPORTED, True, 6),  # anmäld by a guardian in advance
    ("unknown", C.UNKNOWN, False, 7),  # not yet marked
)
