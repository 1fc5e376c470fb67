"""What an import's reason codes and fields mean, in the counsellor's language.

storage.importing locates every problem with a line, a column and a reason code; this module
turns one into the sentence the CLI prints and the import screen shows, e.g.
"line 14, Personnummer: the check digit is wrong". It names places, never people.
"""

from __future__ import annotations

from storage.importing.headers import split_guardian_field
from tui.i18n import _


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
    # whole file
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
    "ignore": N_("(leave out)"),
}


def reason(code: str, *, other_line: int | None = None) -> str:
    """The reason for `code` as a short clause."""
    text = _REASONS.get(code)
    if text is None:
        return _("the row cannot be imported")
    return _(text).format(other=other_line) if "{other}" in text else _(text)


def describe(row_error) -> str:
    """One line for a storage.importing.RowError: where, then why.

    Examples: "line 14, Personnummer: the check digit is wrong";
    "position 3, persons[2].civicNo.value: the check digit is wrong"; "line 1: the file is
    empty".
    """
    why = reason(row_error.code, other_line=row_error.other_line)
    if row_error.path:
        text = _("position {line}, {path}: {reason}").format(
            line=row_error.line, path=row_error.path, reason=why
        )
    elif row_error.column:
        text = _("line {line}, {column}: {reason}").format(
            line=row_error.line, column=row_error.column, reason=why
        )
    else:
        text = _("line {line}: {reason}").format(line=row_error.line, reason=why)
    if row_error.file:
        return _("{file}: {problem}").format(file=row_error.file, problem=text)
    return text


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
