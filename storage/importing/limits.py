"""How much of a file an import reads: bytes, columns and rows, each with its own refusal.

A class list is kilobytes: a school of 2,000 pupils with three guardians each is about 1 MB
and 40 columns. The limits are far above any school's list and far below what would make the
app hang or run out of memory, so a wrong file (a disk image, a pipe, a whole municipality's
register, a generated header of a million columns) gets a sentence instead of a freeze.
"""

from __future__ import annotations

# Bytes actually read (not the size a file reports: /dev/zero reports 0).
MAX_FILE_BYTES = 50 * 1024 * 1024
# A class list has about 40 columns (11 for the pupil, 10 for each of three guardians) and
# an administration system's export adds its own; 200 leaves room and keeps the mapping
# dialog (one row per column) usable.
MAX_COLUMNS = 200
# Data rows (CSV) or persons (SS 12000): Sweden's largest schools have about 2,500 pupils,
# a guardians file two or three rows per pupil; 100,000 is a whole municipality's register.
MAX_ROWS = 100_000
# Rows of an absence file: one per pupil and lesson marked. A term of lesson-level marks for
# Sweden's largest school (2,500 pupils, 90 days, 8 lessons, every fifth absent) is 360,000.
MAX_ABSENCE_ROWS = 500_000
