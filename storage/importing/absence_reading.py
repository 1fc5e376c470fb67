"""The entry point of an absence import: a file's bytes to a checked ParsedAbsence.

Pure parsing, no database: the encodings, BOMs, broken å/ä/ö and separators are the class
list's (storage.importing.decoding, .csv_rows); storage.importing.absence_plan compares the
result with the journal and storage.importing.absence_apply writes it.
"""

from __future__ import annotations

import json
from datetime import date

from storage.importing.absence_csv import parse_absence_csv
from storage.importing.absence_headers import ABSENCE_FIELDS
from storage.importing.absence_results import ParsedAbsence
from storage.importing.absence_ss12000 import parse_absence_ss12000
from storage.importing.decoding import decoded_text, warn_of_broken_letters
from storage.importing.results import FORMAT_SS12000, RowError


def parse_absence_file(
    data: bytes,
    *,
    file_name: str = "",
    mapping: dict[str, str] | None = None,
    today: date | None = None,
) -> ParsedAbsence:
    """Read an absence file (CSV, tab-separated text or SS 12000 JSON) and check every row.

    Args:
        data: the file's bytes, as read from disk.
        file_name: the file's name; ".json" (or a first character of `{` or `[`) selects
            SS 12000 JSON.
        mapping: {header as written: field} for headers the automatic step did not
            recognise (or got wrong); map a header to "ignore" to leave it out.
        today: decides the century of 10-digit identity numbers; defaults to today.

    Returns:
        A ParsedAbsence. It never raises for anything in the file: every problem is a
        located RowError (or `needs_mapping`).
    """
    today = today or date.today()
    result = ParsedAbsence(file_name=file_name, known_fields=list(ABSENCE_FIELDS))
    text = decoded_text(data, result)
    if text is None:
        return result
    named_json = file_name.lower().endswith(".json")
    document, json_error = None, None
    if named_json or text.lstrip()[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            json_error = error
    if document is not None:
        parse_absence_ss12000(document, result, today)
    elif json_error is not None and named_json:
        result.format = FORMAT_SS12000
        line = getattr(json_error, "lineno", 1) or 1
        result.errors.append(RowError(line, "", "invalid_json", "not valid JSON"))
        return result
    else:  # a CSV file whose first header starts with a bracket is still a CSV file
        parse_absence_csv(text, result, mapping, today)
    warn_of_broken_letters(text, result)
    return result
