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

from storage.text import without_controls
from tui.absence_import_text import change_text, counts_text, result_text, slot_text
from tui.cli_commands import UsageProblem, _read_line
from tui.cli_import import (
    EXIT_OK,
    EXIT_REJECTED,
    _confirmed,
    _mapping,
    _print,
    _rejected_sentence,
)
from tui.i18n import _
from tui.import_text import describe, encoding_name, field_label, refused_file_text, separator_name


def _parse(name: str, mapping: dict[str, str], today: date):
    from storage.importing.absence_reading import parse_absence_file
    from storage.importing.file_reading import ImportFileRefused, read_import_file

    try:
        data = read_import_file(name)
    except ImportFileRefused as refused:
        raise UsageProblem(
            _("{file}: {problem}").format(
                file=without_controls(name), problem=refused_file_text(refused.code)
            )
        ) from None
    parsed = parse_absence_file(data, file_name=Path(name).name, today=today)
    if mapping:
        unused = [h for h in mapping if h not in parsed.headers]
        if unused:
            raise UsageProblem(
                _("No file has a column named {header}.").format(
                    header=without_controls(unused[0])
                )
            )
        parsed = parse_absence_file(data, file_name=Path(name).name, mapping=mapping, today=today)
    return parsed


def _print_format(parsed, out) -> None:
    from storage.importing import FORMAT_SS12000

    encoding = encoding_name(parsed.encoding)
    if parsed.format == FORMAT_SS12000:
        _print(_("Format: SS 12000 JSON, encoding {encoding}").format(encoding=encoding), file=out)
    else:
        _print(
            _("Format: CSV, encoding {encoding}, separator {separator}").format(
                encoding=encoding, separator=separator_name(parsed.delimiter)
            ),
            file=out,
        )
    if parsed.repaired_mojibake:
        _print(_("Broken å/ä/ö (text encoded twice) were repaired."), file=out)


def _print_mapping_help(parsed, out) -> None:
    _print(_("The columns of this file were not recognised."), file=out)
    _print(_("Columns in the file: {headers}").format(headers=", ".join(parsed.headers)), file=out)
    fields = ", ".join(f"{f} ({field_label(f)})" for f in parsed.known_fields)
    _print(_("Fields: {fields}").format(fields=fields), file=out)
    _print(
        _(
            "Map them with --map HEADER=FIELD (identity_number, date and kind are needed; "
            "lesson, or minutes or times, say which part of the day)."
        ),
        file=out,
    )


def _print_preview(preview, out) -> None:
    _print(counts_text(preview), file=out)
    for planned in preview.changed:
        _print(
            _("  changed, line {line}: {pupil}, {slot}: {change}").format(
                line=planned.line,
                pupil=f"{planned.first_name} {planned.last_name}",
                slot=slot_text(planned),
                change=change_text(planned),
            ),
            file=out,
        )
    if preview.rejected:
        _print(_("Rejected rows (nothing can be imported until they are fixed):"), file=out)
        for error in preview.rejected:
            _print(f"  {describe(error)}", file=out)


def import_absence(args, out, *, today: date | None = None, err=None) -> int:
    """Run `saknad import-absence`; returns the exit code.

    Raises:
        UsageProblem: bad --map, a --map header the file lacks, a file that cannot be read.
        SaknadError, OSError: turned into one sentence by tui.__main__.
    """
    from storage.access import unlock_with_passphrase
    from storage.errors import ImportRejected
    from storage.paths import default_journal

    err = err or sys.stderr
    parsed = _parse(args.file, _mapping(args.map or []), today or date.today())
    _print_format(parsed, out)
    if parsed.needs_mapping:
        _print_mapping_help(parsed, out)
        _print(_("Nothing was imported: the columns of the file were not recognised."), file=err)
        return EXIT_REJECTED
    for warning in parsed.warnings:
        _print(_("Warning: {problem}").format(problem=describe(warning)), file=out)

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        from tui.cli_commands import warn_if_key_slots_changed

        warn_if_key_slots_changed(journal)
        preview = journal.preview_absence_import(parsed)
        _print_preview(preview, out)
        if preview.rejected:
            _print(_rejected_sentence(len(preview.rejected)), file=err)
            return EXIT_REJECTED
        if args.dry_run:
            _print(_("Dry run: nothing was written."), file=out)
            return EXIT_OK
        if not (preview.new or preview.changed):
            _print(_("The register already matches this file."), file=out)
            return EXIT_OK
        if not _confirmed(args):
            _print(_("Nothing was imported."), file=out)
            return EXIT_REJECTED
        try:
            result = journal.apply_absence_import(parsed)
        except ImportRejected as rejected:  # the journal changed since the preview
            for error in rejected.errors:
                _print(f"  {describe(error)}", file=out)
            _print(_rejected_sentence(len(rejected.errors)), file=err)
            return EXIT_REJECTED
    _print(result_text(result), file=out)
    return EXIT_OK
