"""Importing class lists from school systems: bytes in, checked pupils out, then written.

Where is what:

- `decoding`: bytes to text (encodings, BOM, broken å/ä/ö repaired).
- `headers`: which field a column header means (Swedish, English-ish, SchoolSoft).
- `values`: cell values (names, identity numbers, markings, relations).
- `csv_rows`: CSV and tab-separated rows, each checked and located.
- `ss12000`: SS 12000 JSON (Persons, responsibles, Klass groups).
- `results`: what reading gives (ParsedList, ImportedPupil, RowError, ...).
- `reading`: the entry points `parse_class_list` and `attach_guardians`.
- `plan`: compare with the journal, without writing (`plan_import`).
- `apply`: write it all in the caller's transaction (`apply_import`).

Absence from the school's own system (Skola24, SchoolSoft, Vklass, SS 12000 Attendance and
Absence) reuses the decoding, separators, row checks and limits above:

- `absence_values`, `absence_headers`: kinds of absence, dates, times, lessons, minutes;
  which field a header means.
- `absence_csv`, `absence_ss12000`, `absence_results`: the readers and what they give.
- `absence_reading`: the entry point `parse_absence_file`.
- `absence_plan`, `absence_apply`: compare slot by slot, then write through
  storage.marks.write_marks (the rules are in absence_plan's docstring).

Reading accepts:

- CSV or tab-separated text in UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
  "Unicode text"), Windows-1252 or ISO-8859-1; the encoding and the separator (`,` `;` tab, or
  Excel's `sep=` first line) are detected and reported. UTF-8 that was double-encoded (broken
  å/ä/ö such as "Ã¥") is repaired when the whole file allows it, and reported otherwise.
- Swedish headers (Förnamn, Efternamn, Personnummer, Klass, Vårdnadshavare 1 namn, ...) in any
  case and spacing, with or without å/ä/ö, English-ish fallbacks, and SchoolSoft's columns
  (`socialnumber`, `firstname`, ...). SchoolSoft's separate guardians file (with
  `student_socialnumber`) is recognised and parsed as guardian rows keyed by the pupil's
  number; `attach_guardians` joins it to a pupils file.
- SS 12000 JSON: Person and Group objects, as `{"persons": [...], "groups": [...]}`, as
  `{"data": [...]}` or as a bare list.

When the headers are not recognised the result says `needs_mapping` and lists the file's
headers and the known fields; a second call with `mapping={header: field}` uses it.

Every rejected row is located: the 1-based physical line in the file (for JSON the 1-based
position in its list, and a path such as `persons[14].civicNo`), the column as written in the
file, a reason code and a short English detail. The UI translates by code; the details are
for logs and tests and never carry the person's data.

A pupil with protected identity (skyddad folkbokföring) never keeps an address, nor do their
guardians (the guardian's address would reveal the child's): both are dropped while reading,
and again by the writer (storage.protected_identity).

This package's top level re-exports the reading side only, which needs no database library;
the plan and apply steps are imported from their modules by the Journal facade.
"""

from storage.importing.headers import IGNORE, class_list_fields
from storage.importing.reading import attach_guardians, parse_class_list
from storage.importing.results import (
    FORMAT_SS12000,
    KIND_GUARDIANS,
    KIND_PUPILS,
    Address,
    GuardianRow,
    ImportedGuardian,
    ImportedPupil,
    ParsedList,
    RowError,
)

__all__ = [
    "Address",
    "FORMAT_SS12000",
    "GuardianRow",
    "IGNORE",
    "ImportedGuardian",
    "ImportedPupil",
    "KIND_GUARDIANS",
    "KIND_PUPILS",
    "ParsedList",
    "RowError",
    "attach_guardians",
    "class_list_fields",
    "parse_class_list",
]
