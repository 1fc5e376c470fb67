"""`saknad import FILE`: read a class list, show what would change, and import it on a yes.

    saknad import klass7.csv --dry-run          show the preview, write nothing
    saknad import elever.csv vh.csv --yes       pupils and SchoolSoft's guardians file
    saknad import lista.txt --map "Elev-ID=identity_number"

Nothing is written until the counsellor confirms; then all of it or nothing. A file with a
rejected row cannot be imported: each is printed as "line 14, Personnummer: ..." (a place,
never a person's name) and the exit code is 1. The preview itself lists the counts and, for
updated pupils, which fields change.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from tui.cli_commands import UsageProblem, _read_line
from tui.i18n import _
from tui.import_text import describe, field_label, separator_name

EXIT_OK = 0
EXIT_REJECTED = 1


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


def _parse_files(names: list[str], mapping: dict[str, str], today: date):
    """Parse the class list (and a guardians file after it) into one ParsedList."""
    from storage.importing import KIND_GUARDIANS, attach_guardians, parse_class_list

    if len(names) > 2:
        raise UsageProblem(_("Give one class list, optionally followed by its guardians file."))
    parsed_files, used = [], set()
    for name in names:
        data = Path(name).read_bytes()
        parsed = parse_class_list(data, file_name=Path(name).name, today=today)
        own = {h: f for h, f in mapping.items() if h in parsed.headers}
        if own:
            used |= set(own)
            parsed = parse_class_list(data, file_name=Path(name).name, mapping=own, today=today)
        parsed_files.append(parsed)
    unused = [h for h in mapping if h not in used]
    if unused:
        raise UsageProblem(_("No file has a column named {header}.").format(header=unused[0]))
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


def _school_id(journal, name: str | None) -> tuple[int | None, str]:
    """The served school the list belongs to; a name not yet in the journal gives id None
    (the school is created only when the import is confirmed, by `_new_school`)."""
    served = [s for s in journal.schools() if s.served]
    if name:
        for school in served:
            if school.name.casefold() == name.strip().casefold():
                return school.id, school.name
        return None, _("{school} (new)").format(school=name.strip())
    if len(served) == 1:
        return served[0].id, served[0].name
    if not served:
        raise UsageProblem(_("The journal has no school yet; name it with --school NAME."))
    raise UsageProblem(_("You serve several schools; say which one with --school NAME."))


def _new_school(journal, name: str) -> tuple[int, str]:
    """Create the school an import names, once the import is confirmed."""
    return journal.add_school(name.strip()), name.strip()


def _print_format(parsed, out) -> None:
    from storage.importing import FORMAT_SS12000

    if parsed.format == FORMAT_SS12000:
        print(
            _("Format: SS 12000 JSON, encoding {encoding}").format(encoding=parsed.encoding),
            file=out,
        )
    else:
        print(
            _("Format: CSV, encoding {encoding}, separator {separator}").format(
                encoding=parsed.encoding, separator=separator_name(parsed.delimiter)
            ),
            file=out,
        )
    if parsed.repaired_mojibake:
        print(_("Broken å/ä/ö (text encoded twice) were repaired."), file=out)


def _print_mapping_help(parsed, out) -> None:
    print(_("The columns of this file were not recognised."), file=out)
    print(_("Columns in the file: {headers}").format(headers=", ".join(parsed.headers)), file=out)
    print(_("Fields: {fields}").format(fields=", ".join(parsed.known_fields)), file=out)
    print(
        _(
            "Map them with --map HEADER=FIELD (identity_number and first_name and last_name, "
            "or full_name, are needed)."
        ),
        file=out,
    )


def _print_preview(preview, school_name: str, out) -> None:
    print(_("School: {school}").format(school=school_name), file=out)
    print(
        _(
            "New: {new}   Updated: {updated}   Unchanged: {unchanged}   Rejected: {rejected}"
        ).format(
            new=len(preview.new),
            updated=len(preview.updated),
            unchanged=len(preview.unchanged),
            rejected=len(preview.rejected),
        ),
        file=out,
    )
    if preview.classes_to_create:
        print(
            _("Classes to create: {classes}").format(classes=", ".join(preview.classes_to_create)),
            file=out,
        )
    if preview.guardians_to_create or preview.links_to_create:
        print(
            _("Guardians to add: {guardians}; new links to pupils: {links}").format(
                guardians=preview.guardians_to_create, links=preview.links_to_create
            ),
            file=out,
        )
    print(
        _("Pupils of the school missing from the file (kept, for you to review): {count}").format(
            count=len(preview.missing_from_file)
        ),
        file=out,
    )
    if preview.emigrated:
        print(
            _("Registered as emigrated (Utvandrad): {count}").format(count=len(preview.emigrated)),
            file=out,
        )
    for pupil in preview.updated:
        fields = ", ".join(field_label(c.field) for c in pupil.changes) or _("guardians")
        print(
            _("  updated, line {line}: {fields}").format(line=pupil.line, fields=fields), file=out
        )
    if preview.rejected:
        print(_("Rejected rows (nothing can be imported until they are fixed):"), file=out)
        for error in preview.rejected:
            print(f"  {describe(error)}", file=out)


def _confirmed(args) -> bool:
    if args.yes:
        return True
    answer = _read_line(_("Import? [y/N] "), args.passphrase_stdin, secret=False)
    return answer.strip().casefold() in {"y", "yes", "j", "ja"}


def import_class_list(args, out, *, today: date | None = None) -> int:
    """Run `saknad import`; returns the exit code.

    Raises:
        UsageProblem: bad --map, several schools without --school, wrong file order.
        SaknadError, OSError: turned into one sentence by tui.__main__.
    """
    from storage.access import unlock_with_passphrase
    from storage.errors import ImportRejected
    from storage.paths import default_journal

    today = today or date.today()
    parsed = _parse_files(args.files, _mapping(args.map or []), today)
    _print_format(parsed, out)
    if parsed.needs_mapping:
        _print_mapping_help(parsed, out)
        return EXIT_REJECTED
    for warning in parsed.warnings:
        print(_("Warning: {problem}").format(problem=describe(warning)), file=out)

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        school_id, school_name = _school_id(journal, args.school)
        preview = journal.preview_import(parsed, school_id)
        _print_preview(preview, school_name, out)
        if preview.rejected:
            return EXIT_REJECTED
        if args.dry_run:
            print(_("Dry run: nothing was written."), file=out)
            return EXIT_OK
        if not _confirmed(args):
            print(_("Nothing was imported."), file=out)
            return EXIT_REJECTED
        if school_id is None:
            school_id, school_name = _new_school(journal, args.school)
        try:
            result = journal.apply_import(parsed, school_id, today=today)
        except ImportRejected as rejected:  # the journal changed since the preview
            for error in rejected.errors:
                print(f"  {describe(error)}", file=sys.stderr)
            print(_("Nothing was imported."), file=out)
            return EXIT_REJECTED
    print(
        _(
            "Imported: {created} new, {updated} updated, {unchanged} unchanged; {moves} "
            "changed class."
        ).format(
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            moves=result.class_moves,
        ),
        file=out,
    )
    return EXIT_OK
