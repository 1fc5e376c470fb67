"""The entry points: a file's bytes to a checked ParsedList, and two SchoolSoft files joined.

Pure parsing, no database: storage.importing.plan compares the result with the journal and
storage.importing.apply writes it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from storage.importing.csv_rows import parse_csv
from storage.importing.decoding import decoded_text, warn_of_broken_letters
from storage.importing.headers import class_list_fields
from storage.importing.results import (
    FORMAT_SS12000,
    ImportedGuardian,
    ParsedList,
    RowError,
)
from storage.importing.ss12000 import parse_ss12000


def parse_class_list(
    data: bytes,
    *,
    file_name: str = "",
    mapping: dict[str, str] | None = None,
    today: date | None = None,
    guardian_name_order: str | None = None,
) -> ParsedList:
    """Read a class list (or SchoolSoft's guardians file) and check every row.

    Args:
        data: the file's bytes, as read from disk.
        file_name: the file's name; ".json" (or a first character of `{` or `[`) selects
            SS 12000 JSON.
        mapping: {header as written: field} for headers the automatic step did not
            recognise (or got wrong); map a header to "ignore" to leave it out.
        today: decides the century of 10-digit identity numbers and which memberships have
            ended; defaults to today.
        guardian_name_order: "first_last" or "last_first" for guardians' names written in
            one column (storage.importing.name_order); None to detect it.

    Returns:
        A ParsedList. It never raises for anything in the file: every problem is a located
        RowError (or `needs_mapping`).
    """
    today = today or date.today()
    result = ParsedList(file_name=file_name, known_fields=class_list_fields())
    text = decoded_text(data, result)
    if text is None:
        return result
    stripped = text.lstrip()
    if file_name.lower().endswith(".json") or stripped[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            line = getattr(error, "lineno", 1) or 1
            result.format = FORMAT_SS12000
            result.errors.append(RowError(line, "", "invalid_json", "not valid JSON"))
            return result
        parse_ss12000(document, result, today)
    else:
        parse_csv(text, result, mapping, today, guardian_name_order)
    warn_of_broken_letters(text, result)
    return result


def attach_guardians(pupils: ParsedList, guardians: ParsedList) -> ParsedList:
    """Join a guardians file to the pupils file it belongs to (SchoolSoft exports two files).

    Every guardian row must name a pupil of `pupils`; one that does not is a located error
    in the guardians file. Errors of both files carry their file's name.

    Returns:
        A new ParsedList of the pupils with their guardians appended.
    """

    def named(errors: list[RowError], parsed: ParsedList) -> list[RowError]:
        return [replace(e, file=e.file or parsed.file_name) for e in errors]

    by_number: dict[str, list[ImportedGuardian]] = {}
    errors = named(pupils.errors, pupils) + named(guardians.errors, guardians)
    known = {p.identity_number for p in pupils.pupils}
    column = next((h for h, f in guardians.mapping.items() if f == "pupil_identity_number"), "")
    for row in guardians.guardian_rows:
        if row.pupil_identity_number not in known:
            errors.append(
                RowError(
                    row.line,
                    column,
                    "unknown_pupil",
                    "no pupil with this identity number in the class list",
                    file=guardians.file_name,
                )
            )
            continue
        by_number.setdefault(row.pupil_identity_number, []).append(row.guardian)
    merged = [
        replace(p, guardians=p.guardians + tuple(by_number.get(p.identity_number, ())))
        for p in pupils.pupils
    ]
    return replace(
        pupils,
        pupils=merged,
        errors=errors,
        warnings=named(pupils.warnings, pupils) + named(guardians.warnings, guardians),
        needs_mapping=pupils.needs_mapping or guardians.needs_mapping,
        guardian_name_order=pupils.guardian_name_order or guardians.guardian_name_order,
        guardian_name_order_source=(
            pupils.guardian_name_order_source or guardians.guardian_name_order_source
        ),
    )
