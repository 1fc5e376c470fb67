"""What an import's reason codes and fields mean, in the counsellor's language.

storage.importing locates every problem with a line, a column and a reason code; this module
turns one into the sentence the CLI prints and the import screen shows, e.g.
"line 14, Personnummer: the check digit is wrong". Those sentences name places, never people.

The preview's own words are here too, shared by the screen and `saknad import`: the counts
(with plural forms), a changed value ("class 7B → 8A"), a pupil's warning, the encoding and
the order of guardians' names. A changed value or a warning does show names: it is the
counsellor's own preview, on their own screen, never a log or an error message.
"""

from __future__ import annotations

from storage.codes import IdentityKind, PersonStatus, SecurityMarking
from storage.importing.file_reading import FOLDER, NOT_A_REGULAR_FILE, TOO_LARGE
from storage.importing.headers import split_guardian_field
from storage.importing.limits import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from storage.importing.name_order import LAST_FIRST
from storage.importing.plan import MARKING_KEPT, OTHER_NAME
from storage.text import without_controls
from tui.i18n import _, ngettext


def N_(message: str) -> str:
    """Mark `message` for translation; `_` translates it when shown."""
    return message


_REASONS = {
    # identity numbers (storage.identity.InvalidIdentityNumber.code)
    "check_digit": N_("the check digit is wrong"),
    "no_such_date": N_("there is no such date of birth"),
    "future_date": N_("the date of birth is in the future"),
    "spreadsheet_number": N_(
        "a spreadsheet turned it into a number (scientific notation); export the column as text"
    ),
    "lost_leading_zero": N_(
        "a leading zero is missing (a spreadsheet turned it into a "
        "number); export the column as text"
    ),
    "format": N_("not an identity number; write it as YYYYMMDD-NNNN"),
    "letters": N_("positions 9-10 must be two digits or two letters"),
    # rows
    "required": N_("this field is empty"),
    "duplicate": N_("the same identity number as line {other}"),
    "too_many_fields": N_("the row has more fields than the header"),
    "too_few_fields": N_("the row has fewer fields than the header"),
    "undecodable": N_("contains bytes that are not text (a broken character encoding)"),
    "security_marking": N_(
        "the security marking is not understood; use Ingen, "
        "Sekretessmarkering or Skyddad folkbokföring"
    ),
    "email_format": N_("not an e-mail address"),
    "unknown_person": N_("refers to a person who is not in the file"),
    "unknown_pupil": N_("no pupil with this identity number in the class list or journal"),
    "two_classes": N_("the pupil is in two classes"),
    "malformed_row": N_("the row cannot be read (a quote is not closed?)"),
    "unknown_json_shape": N_("not the shape of an SS 12000 file"),
    "control_character": N_(
        "contains a control character (a terminal command or a hidden change of writing "
        "direction); remove it in the file"
    ),
    # absence files (storage.importing.absence_values, .absence_plan)
    "absence_kind": N_(
        "the kind of absence is not understood; use Giltig, Ogiltig, Anmäld, Sjuk, Ledig, "
        "Sen ankomst or Närvarande"
    ),
    "not_a_date": N_("not a date; write it as YYYY-MM-DD"),
    "no_such_day": N_("there is no such day"),
    "spreadsheet_date": N_(
        "a spreadsheet turned the date into a number; export the column as text"
    ),
    "not_a_lesson": N_("not a lesson number (1-20)"),
    "not_minutes": N_("not a number of minutes"),
    "not_a_time": N_("not a time of day; write it as 08:10"),
    "end_before_start": N_("it ends before it starts"),
    "part_of_day_without_lesson": N_(
        "part of a day without a lesson number: add the lesson (Lektion) to the file"
    ),
    "duplicate_slot": N_("the same pupil, day and lesson as line {other}"),
    "pupil_not_in_journal": N_(
        "no pupil with this identity number in the journal; import the class list first"
    ),
    "unknown_event": N_("refers to a lesson (calendar event) that is not in the file"),
    "not_true_or_false": N_("must be true or false"),
    # whole file
    "control_character_in_header": N_(
        "column {column} of the header contains a control character (a terminal command or a "
        "hidden change of writing direction); remove it in the file"
    ),
    "too_many_columns": N_(
        "the file has more than {columns} columns; a class list has far fewer, so this is "
        "probably not one"
    ),
    "too_many_rows": N_(
        "the file has more than {rows} rows; import one school's class list at a time"
    ),
    "empty_file": N_("the file is empty"),
    "binary_file": N_("this is not a text file; save the list as CSV"),
    "spreadsheet_file": N_("this is a spreadsheet file; save it as CSV (UTF-8) first"),
    "invalid_json": N_("the JSON cannot be read"),
    "needs_mapping": N_("the columns were not recognised; map them first"),
    "mapping_header_missing": N_("there is no such column in the file"),
    "unknown_field": N_("there is no such field to map to"),
    "duplicate_field": N_("two columns are mapped to the same field"),
    "mojibake": N_("å, ä or ö look broken (wrong character encoding)"),
}

_FIELDS = {
    "identity_number": N_("identity number"),
    "first_name": N_("first name"),
    "last_name": N_("last name"),
    "full_name": N_("full name"),
    "class_name": N_("class"),
    "street": N_("street address"),
    "postal_code": N_("postal code"),
    "city": N_("city"),
    "protected_identity": N_("protected identity"),
    "security_marking": N_("security marking"),
    "person_status": N_("registration status"),
    "identity_kind": N_("kind of identity number"),
    "school_id": N_("school"),
    "external_id": N_("id in the school system"),
    "pupil_identity_number": N_("pupil's identity number"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "relation": N_("relation"),
    "name": N_("name"),
    "date": N_("date"),
    "lesson": N_("lesson"),
    "start_time": N_("from (time)"),
    "end_time": N_("to (time)"),
    "time_span": N_("time (from-to)"),
    "minutes": N_("minutes"),
    "kind": N_("kind of absence"),
    "ignore": N_("(leave out)"),
}


def reason(code: str, *, other_line: int | None = None, column_number: int | None = None) -> str:
    """The reason for `code` as a short clause."""
    text = _REASONS.get(code)
    if text is None:
        return _("the row cannot be imported")
    if "{" not in text:
        return _(text)
    return _(text).format(
        other=other_line,
        column=column_number,
        columns=MAX_COLUMNS,
        rows=f"{MAX_ROWS:,}".replace(",", "\u00a0"),
    )


def describe(row_error) -> str:
    """One line for a storage.importing.RowError: where, then why.

    Examples: "line 14, Personnummer: the check digit is wrong";
    "position 3, persons[2].civicNo.value: the check digit is wrong"; "line 1: the file is
    empty".
    """
    why = reason(
        row_error.code, other_line=row_error.other_line, column_number=row_error.column_number
    )
    # Columns, paths and file names come from the file: never a terminal command.
    if row_error.path:
        text = _("position {line}, {path}: {reason}").format(
            line=row_error.line, path=without_controls(row_error.path), reason=why
        )
    elif row_error.column:
        text = _("line {line}, {column}: {reason}").format(
            line=row_error.line, column=without_controls(row_error.column), reason=why
        )
    else:
        text = _("line {line}: {reason}").format(line=row_error.line, reason=why)
    if row_error.file:
        return _("{file}: {problem}").format(file=without_controls(row_error.file), problem=text)
    return text


_REFUSED_FILES = {
    FOLDER: N_("That is a folder; type the path of the file itself."),
    NOT_A_REGULAR_FILE: N_(
        "That is not an ordinary file but a device, a pipe or a socket; save the class list "
        "as a file and give its path."
    ),
    TOO_LARGE: N_("That file is larger than {mib} MiB, far too large to be a class list."),
}


def refused_file_text(code: str) -> str:
    """Why a path cannot be read as a class list (storage.importing.file_reading's codes)."""
    return _(_REFUSED_FILES[code]).format(mib=MAX_FILE_BYTES // (1024 * 1024))


def field_label(name: str) -> str:
    """A field's name for a person: "class", "guardian 1: phone"."""
    guardian = split_guardian_field(name)
    if guardian is not None:
        number, part = guardian
        return _("guardian {number}: {field}").format(number=number, field=field_label(part))
    text = _FIELDS.get(name)
    return _(text) if text else name


def separator_name(delimiter: str) -> str:
    """The separator as a word (a tab or a semicolon is hard to see printed)."""
    names = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab")}
    return _(names[delimiter]) if delimiter in names else delimiter


_ENCODINGS = {
    "utf-8": N_("UTF-8"),
    "utf-8-sig": N_("UTF-8 with BOM"),
    "utf-16": N_("UTF-16 (Excel's Unicode text)"),
    "windows-1252": N_("Windows-1252 (Excel on Windows)"),
    # Without bytes 0x80-0x9F the two read the same; such a file is almost always Excel's.
    "iso-8859-1": N_("Windows-1252 (Excel on Windows)"),
}


def encoding_name(encoding: str) -> str:
    """A detected encoding as a person knows it: "utf-8-sig" -> "UTF-8 with BOM"."""
    text = _ENCODINGS.get(encoding)
    return _(text) if text else encoding


_VALUES: dict[str, dict[str, str]] = {
    "security_marking": {
        SecurityMarking.NONE: N_("no marking"),
        SecurityMarking.CONFIDENTIAL: N_("confidential marking"),
        SecurityMarking.PROTECTED: N_("protected identity"),
    },
    "person_status": {
        PersonStatus.ACTIVE: N_("registered"),
        PersonStatus.EMIGRATED: N_("emigrated"),
        PersonStatus.DECEASED: N_("deceased"),
        PersonStatus.OTHER: N_("other"),
    },
    "identity_kind": {
        IdentityKind.PERSONNUMMER: N_("personal identity number"),
        IdentityKind.SAMORDNINGSNUMMER: N_("coordination number"),
        IdentityKind.TEMPORARY: N_("temporary school number"),
    },
}
EMPTY = "–"  # a value that is not there, before or after


def value_text(field: str, value: str | None) -> str:
    """A stored value as a person reads it: codes in words, nothing as a dash."""
    if value is None or value == "":
        return EMPTY
    words = _VALUES.get(field, {}).get(value)
    return _(words) if words else value


def change_text(change) -> str:
    """One changed value of a storage.importing.plan.FieldChange: "class 7B → 8A"."""
    return _("{field} {old} → {new}").format(
        field=field_label(change.field),
        old=value_text(change.field, change.old),
        new=value_text(change.field, change.new),
    )


def changes_text(planned) -> str:
    """Every change of a planned pupil: "class 7B → 8A; 1 new guardian link"."""
    parts = [change_text(c) for c in planned.changes]
    if planned.guardians_to_add:
        parts.append(
            ngettext(
                "{n} new guardian link", "{n} new guardian links", planned.guardians_to_add
            ).format(n=planned.guardians_to_add)
        )
    return "; ".join(parts)


def warning_text(warning) -> str:
    """A storage.importing.plan.PupilWarning as a sentence."""
    if warning.code == MARKING_KEPT:
        return _("kept {kept}; the file says {file}").format(
            kept=value_text("security_marking", warning.journal_value),
            file=value_text("security_marking", warning.file_value),
        )
    if warning.code == OTHER_NAME:
        return _(
            "the journal has this identity number as {journal}; the file names {file}: "
            "check the number"
        ).format(journal=warning.journal_value, file=warning.file_value)
    return warning.code


def counts_text(preview) -> str:
    """ "1 new pupil · 2 changed · 20 unchanged · 0 rejected rows", in plural forms."""
    return " · ".join(
        (
            ngettext("{n} new pupil", "{n} new pupils", len(preview.new)).format(
                n=len(preview.new)
            ),
            ngettext("{n} changed", "{n} changed", len(preview.updated)).format(
                n=len(preview.updated)
            ),
            ngettext("{n} unchanged", "{n} unchanged", len(preview.unchanged)).format(
                n=len(preview.unchanged)
            ),
            ngettext("{n} rejected row", "{n} rejected rows", len(preview.rejected)).format(
                n=len(preview.rejected)
            ),
        )
    )


def guardian_order_text(parsed) -> str:
    """How guardians' whole names are read, or "" when the file has no such column."""
    if not parsed.guardian_name_order:
        return ""
    order = (
        _("last name first (Efternamn Förnamn)")
        if parsed.guardian_name_order == LAST_FIRST
        else _("first name first (Förnamn Efternamn)")
    )
    how = {
        "chosen": _("as you chose"),
        "header": _("as the column's title says"),
        "rows": _("as most rows show"),
    }.get(parsed.guardian_name_order_source, _("nothing in the file tells"))
    return _("Guardians' names are read {order}, {how}.").format(order=order, how=how)


def result_text(result) -> str:
    """What an applied import did (storage.importing.apply.ImportResult), in plural forms."""
    parts = [
        ngettext("{n} new pupil", "{n} new pupils", result.created).format(n=result.created),
        ngettext("{n} changed", "{n} changed", result.updated).format(n=result.updated),
        ngettext("{n} unchanged", "{n} unchanged", result.unchanged).format(n=result.unchanged),
        ngettext("{n} new class", "{n} new classes", result.classes_created).format(
            n=result.classes_created
        ),
        ngettext("{n} new guardian", "{n} new guardians", result.guardians_created).format(
            n=result.guardians_created
        ),
        ngettext("{n} pupil changed class", "{n} pupils changed class", result.class_moves).format(
            n=result.class_moves
        ),
    ]
    return _("Imported: {counts}.").format(counts=", ".join(parts))
