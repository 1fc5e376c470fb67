"""`saknad import FILE`: read a class list, show what would change, and import it on a yes.

    saknad import klass7.csv --dry-run          show the preview, write nothing
    saknad import elever.csv vh.csv --yes       pupils and SchoolSoft's guardians file
    saknad import lista.txt --map "Elev-ID=identity_number"
    saknad import ny.csv --school "Furuskolan" --new-school --guardian-names last-first

Nothing is written until the counsellor confirms; then all of it or nothing, a new school
included (it is created in the import's transaction, and only when --new-school says that a
name the journal does not know is meant: a typo must not move every pupil to a new school).
A file with a rejected row cannot be imported: each is printed as "line 14, Personnummer: ..."
(a place, never a person's name) on standard output, one sentence on standard error, and the
exit code is 1. The preview lists the counts, each updated pupil's old and new values, the
warnings (a marking kept, a known number with another name) and the new guardians' names as
they will be stored: the counsellor's own data on their own terminal.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from storage.text import without_controls
from tui.cli_commands import UsageProblem, _read_line
from tui.i18n import _, ngettext
from tui.import_text import (
    changes_text,
    counts_text,
    describe,
    encoding_name,
    guardian_order_text,
    refused_file_text,
    result_text,
    separator_name,
    warning_text,
)

EXIT_OK = 0
EXIT_REJECTED = 1
GUARDIANS_SHOWN = 5  # new guardians listed by name; the rest are counted
_NAME_ORDERS = {"first-last": "first_last", "last-first": "last_first"}


def _print(text: str, file) -> None:
    """Print one line with every control character made visible.

    Class names, headers, names and file names come from a file anyone may have edited: an
    escape sequence in one must never reach the terminal (a clipboard write, a link, a
    cleared screen).
    """
    print(without_controls(text), file=file)


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise UsageProblem(
                _('Write --map as HEADER=FIELD, e.g. --map "Elev-ID=identity_number".')
            )
        mapping[header.strip()] = target.strip()
    return mapping


def _parse_files(
    names: list[str], mapping: dict[str, str], today: date, guardian_names: str | None = None
):
    """Parse the class list (and a guardians file after it) into one ParsedList."""
    from storage.importing import KIND_GUARDIANS, attach_guardians, parse_class_list
    from storage.importing.file_reading import ImportFileRefused, read_import_file

    if len(names) > 2:
        raise UsageProblem(_("Give one class list, optionally followed by its guardians file."))
    order = _NAME_ORDERS.get(guardian_names or "")
    parsed_files, used = [], set()
    for name in names:
        try:
            data = read_import_file(name)
        except ImportFileRefused as refused:
            raise UsageProblem(
                _("{file}: {problem}").format(
                    file=without_controls(name), problem=refused_file_text(refused.code)
                )
            ) from None
        parsed = parse_class_list(
            data, file_name=Path(name).name, today=today, guardian_name_order=order
        )
        own = {h: f for h, f in mapping.items() if h in parsed.headers}
        if own:
            used |= set(own)
            parsed = parse_class_list(
                data,
                file_name=Path(name).name,
                mapping=own,
                today=today,
                guardian_name_order=order,
            )
        parsed_files.append(parsed)
    unused = [h for h in mapping if h not in used]
    if unused:
        raise UsageProblem(
            _("No file has a column named {header}.").format(header=without_controls(unused[0]))
        )
    if len(parsed_files) == 1:
        return parsed_files[0]
    pupils, guardians = parsed_files
    if pupils.kind == KIND_GUARDIANS or guardians.kind != KIND_GUARDIANS:
        raise UsageProblem(
            _(
                "Give the class list first and the guardians file (with "
                "student_socialnumber) second."
            )
        )
    return attach_guardians(pupils, guardians)


def _school_id(journal, name: str | None, new_school: bool = False) -> tuple[int | None, str]:
    """The served school the list belongs to; a name not yet in the journal gives id None
    with --new-school (the school is created with the import, when it is confirmed).

    Raises:
        UsageProblem: no such school and no --new-school; no school named where one must be.
    """
    served = [s for s in journal.schools() if s.served]
    if name:
        for school in served:
            if school.name.casefold() == name.strip().casefold():
                return school.id, school.name
        if not new_school:
            raise UsageProblem(
                _(
                    "The journal has no school named {school}; check the name, or add "
                    "--new-school to create it with the import."
                ).format(school=without_controls(name.strip()))
            )
        return None, _("{school} (new)").format(school=without_controls(name.strip()))
    if len(served) == 1:
        return served[0].id, served[0].name
    if not served:
        raise UsageProblem(_("The journal has no school yet; name it with --school NAME."))
    raise UsageProblem(_("You serve several schools; say which one with --school NAME."))


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
    if order := guardian_order_text(parsed):
        _print(order, file=out)


def _print_mapping_help(parsed, out) -> None:
    _print(_("The columns of this file were not recognised."), file=out)
    _print(_("Columns in the file: {headers}").format(headers=", ".join(parsed.headers)), file=out)
    _print(_("Fields: {fields}").format(fields=", ".join(parsed.known_fields)), file=out)
    _print(
        _(
            "Map them with --map HEADER=FIELD (identity_number and first_name and last_name, "
            "or full_name, are needed)."
        ),
        file=out,
    )


def _print_preview(preview, school_name: str, out) -> None:
    _print(_("School: {school}").format(school=school_name), file=out)
    _print(counts_text(preview), file=out)
    if preview.classes_to_create:
        _print(
            ngettext(
                "{n} class to create: {classes}",
                "{n} classes to create: {classes}",
                len(preview.classes_to_create),
            ).format(
                n=len(preview.classes_to_create), classes=", ".join(preview.classes_to_create)
            ),
            file=out,
        )
    if preview.guardians_to_create or preview.links_to_create:
        _print(
            ngettext(
                "{n} guardian to add", "{n} guardians to add", preview.guardians_to_create
            ).format(n=preview.guardians_to_create)
            + "; "
            + ngettext(
                "{n} new link to a pupil", "{n} new links to pupils", preview.links_to_create
            ).format(n=preview.links_to_create),
            file=out,
        )
    if preview.missing_from_file:
        _print(
            ngettext(
                "{n} pupil of the school is not in the file; nothing is removed.",
                "{n} pupils of the school are not in the file; nothing is removed.",
                len(preview.missing_from_file),
            ).format(n=len(preview.missing_from_file)),
            file=out,
        )
    if preview.emigrated:
        _print(
            ngettext(
                "{n} pupil registered as emigrated (Utvandrad)",
                "{n} pupils registered as emigrated (Utvandrad)",
                len(preview.emigrated),
            ).format(n=len(preview.emigrated)),
            file=out,
        )
    for pupil in preview.warned:
        for warning in pupil.warnings:
            _print(
                _("  warning, line {line}: {warning}").format(
                    line=pupil.line, warning=warning_text(warning)
                ),
                file=out,
            )
    for pupil in preview.updated:
        _print(
            _("  changed, line {line}: {changes}").format(
                line=pupil.line, changes=changes_text(pupil)
            ),
            file=out,
        )
    for guardian in preview.new_guardians[:GUARDIANS_SHOWN]:
        _print(
            _("  new guardian, line {line}: first name {first}, last name {last}").format(
                line=guardian.line, first=guardian.first_name, last=guardian.last_name
            ),
            file=out,
        )
    more = len(preview.new_guardians) - GUARDIANS_SHOWN
    if more > 0:
        _print(
            ngettext("  and {n} more new guardian", "  and {n} more new guardians", more).format(
                n=more
            ),
            file=out,
        )
    if preview.rejected:
        _print(_("Rejected rows (nothing can be imported until they are fixed):"), file=out)
        for error in preview.rejected:
            _print(f"  {describe(error)}", file=out)


def _confirmed(args) -> bool:
    if args.yes:
        return True
    answer = _read_line(_("Import? [y/N] "), args.passphrase_stdin, secret=False)
    return answer.strip().casefold() in {"y", "yes", "j", "ja"}


def import_class_list(args, out, *, today: date | None = None, err=None) -> int:
    """Run `saknad import`; returns the exit code.

    Raises:
        UsageProblem: bad --map, several schools without --school, a --school the journal
            lacks without --new-school, wrong file order.
        SaknadError, OSError: turned into one sentence by tui.__main__.
    """
    from storage.access import unlock_with_passphrase
    from storage.errors import ImportRejected
    from storage.paths import default_journal

    err = err or sys.stderr
    today = today or date.today()
    parsed = _parse_files(args.files, _mapping(args.map or []), today, args.guardian_names)
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
        school_id, school_name = _school_id(journal, args.school, args.new_school)
        preview = journal.preview_import(parsed, school_id)
        _print_preview(preview, school_name, out)
        if preview.rejected:
            _print(_rejected_sentence(len(preview.rejected)), file=err)
            return EXIT_REJECTED
        if args.dry_run:
            _print(_("Dry run: nothing was written."), file=out)
            return EXIT_OK
        if not _confirmed(args):
            _print(_("Nothing was imported."), file=out)
            return EXIT_REJECTED
        try:
            # A new school (school_id None) is created in the import's own transaction.
            result = journal.apply_import(
                parsed,
                school_id,
                today=today,
                new_school=(args.school or "").strip() if school_id is None else "",
            )
        except ImportRejected as rejected:  # the journal changed since the preview
            for error in rejected.errors:
                _print(f"  {describe(error)}", file=out)
            _print(_rejected_sentence(len(rejected.errors)), file=err)
            return EXIT_REJECTED
    _print(result_text(result), file=out)
    return EXIT_OK


def _rejected_sentence(count: int) -> str:
    """The one sentence on standard error for a refused file (the rows are on stdout)."""
    return ngettext(
        "Nothing was imported: {n} row of the file was rejected (listed above).",
        "Nothing was imported: {n} rows of the file were rejected (listed above).",
        count,
    ).format(n=count)
