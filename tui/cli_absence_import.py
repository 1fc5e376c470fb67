"""`saknad import-absence FILE`: read an absence export, show what would change, write on a yes.

    saknad import-absence franvaro.csv --dry-run       show the preview, write nothing
    saknad import-absence skola24.txt --yes            import without asking
    saknad import-absence export.csv --map "Elev=identity_number" --map "Typ av frånvaro=kind"

For exports of Skola24, SchoolSoft, Vklass and the like (CSV or tab-separated text) and SS
12000 attendance JSON. Nothing is written until the counsellor confirms; then all of it or
nothing, every mark through the register's one writer, with its history. A file with a
rejected row cannot be imported: each is printed as "line 14, Datum: not a date" (a place,
never a person's name) on standard output, one sentence on standard error, exit code 1 (as
`saknad import`). The preview lists the counts and every changed slot with what it held:
the counsellor's own data on their own terminal.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from tui.absence_import_text import change_text, counts_text, result_text, slot_text
from tui.cli_commands import _read_line
from tui.cli_import_steps import (
    EXIT_OK,
    EXIT_REJECTED,
    exit_before_unlocking,
    exit_before_writing,
    mapping_of,
    print_file_format,
    print_line,
    print_rejected_rows,
    read_named_file,
    refuse_unused_headers,
    written_or_refused,
)
from tui.i18n import _
from tui.import_text import field_label


def _parse(name: str, mapping: dict[str, str], today: date):
    from storage.importing.absence_reading import parse_absence_file

    data = read_named_file(name)
    parsed = parse_absence_file(data, file_name=Path(name).name, today=today)
    if mapping:
        refuse_unused_headers([h for h in mapping if h not in parsed.headers])
        parsed = parse_absence_file(data, file_name=Path(name).name, mapping=mapping, today=today)
    return parsed


def _print_mapping_help(parsed, out) -> None:
    print_line(_("The columns of this file were not recognised."), file=out)
    print_line(
        _("Columns in the file: {headers}").format(headers=", ".join(parsed.headers)), file=out
    )
    fields = ", ".join(f"{f} ({field_label(f)})" for f in parsed.known_fields)
    print_line(_("Fields: {fields}").format(fields=fields), file=out)
    print_line(
        _(
            "Map them with --map HEADER=FIELD (identity_number, date and kind are needed; "
            "lesson, or minutes or times, say which part of the day)."
        ),
        file=out,
    )


def _print_preview(preview, out) -> None:
    print_line(counts_text(preview), file=out)
    for planned in preview.changed:
        print_line(
            _("  changed, line {line}: {pupil}, {slot}: {change}").format(
                line=planned.line,
                pupil=f"{planned.first_name} {planned.last_name}",
                slot=slot_text(planned),
                change=change_text(planned),
            ),
            file=out,
        )
    print_rejected_rows(preview, out)


def import_absence(args, out, *, today: date | None = None, err=None) -> int:
    """Run `saknad import-absence`; returns the exit code.

    Raises:
        UsageProblem: bad --map, a --map header the file lacks, a file that cannot be read.
        SaknadError, OSError: turned into one sentence by tui.__main__.
    """
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal

    err = err or sys.stderr
    parsed = _parse(args.file, mapping_of(args.map or []), today or date.today())
    print_file_format(parsed, out)
    if (code := exit_before_unlocking(parsed, out, err, _print_mapping_help)) is not None:
        return code

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        from tui.cli_commands import warn_if_key_slots_changed

        warn_if_key_slots_changed(journal)
        preview = journal.preview_absence_import(parsed)
        _print_preview(preview, out)
        matches = not (preview.new or preview.changed)
        code = exit_before_writing(
            args,
            preview,
            out,
            err,
            nothing_to_write=_("The register already matches this file.") if matches else "",
        )
        if code is not None:
            return code
        result = written_or_refused(lambda: journal.apply_absence_import(parsed), out, err)
        if result is None:
            return EXIT_REJECTED
    print_line(result_text(result), file=out)
    return EXIT_OK
