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
from tui.i18n import _, ngettext
from tui.import_text import (
    changes_text,
    counts_text,
    guardian_order_text,
    result_text,
    warning_text,
)

GUARDIANS_SHOWN = 5  # new guardians listed by name; the rest are counted
_NAME_ORDERS = {"first-last": "first_last", "last-first": "last_first"}


def _parse_files(
    names: list[str], mapping: dict[str, str], today: date, guardian_names: str | None = None
):
    """Parse the class list (and a guardians file after it) into one ParsedList."""
    from storage.importing import KIND_GUARDIANS, attach_guardians, parse_class_list

    if len(names) > 2:
        raise UsageProblem(_("Give one class list, optionally followed by its guardians file."))
    order = _NAME_ORDERS.get(guardian_names or "")
    parsed_files, used = [], set()
    for name in names:
        data = read_named_file(name)
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
    refuse_unused_headers([h for h in mapping if h not in used])
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
    print_file_format(parsed, out)
    if order := guardian_order_text(parsed):
        print_line(order, file=out)


def _print_mapping_help(parsed, out) -> None:
    print_line(_("The columns of this file were not recognised."), file=out)
    print_line(
        _("Columns in the file: {headers}").format(headers=", ".join(parsed.headers)), file=out
    )
    print_line(_("Fields: {fields}").format(fields=", ".join(parsed.known_fields)), file=out)
    print_line(
        _(
            "Map them with --map HEADER=FIELD (identity_number and first_name and last_name, "
            "or full_name, are needed)."
        ),
        file=out,
    )


def _print_preview(preview, school_name: str, out) -> None:
    print_line(_("School: {school}").format(school=school_name), file=out)
    print_line(counts_text(preview), file=out)
    if preview.classes_to_create:
        print_line(
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
        print_line(
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
        print_line(
            ngettext(
                "{n} pupil of the school is not in the file; nothing is removed.",
                "{n} pupils of the school are not in the file; nothing is removed.",
                len(preview.missing_from_file),
            ).format(n=len(preview.missing_from_file)),
            file=out,
        )
    if preview.emigrated:
        print_line(
            ngettext(
                "{n} pupil registered as emigrated (Utvandrad)",
                "{n} pupils registered as emigrated (Utvandrad)",
                len(preview.emigrated),
            ).format(n=len(preview.emigrated)),
            file=out,
        )
    for pupil in preview.warned:
        for warning in pupil.warnings:
            print_line(
                _("  warning, line {line}: {warning}").format(
                    line=pupil.line, warning=warning_text(warning)
                ),
                file=out,
            )
    for pupil in preview.updated:
        print_line(
            _("  changed, line {line}: {changes}").format(
                line=pupil.line, changes=changes_text(pupil)
            ),
            file=out,
        )
    for guardian in preview.new_guardians[:GUARDIANS_SHOWN]:
        print_line(
            _("  new guardian, line {line}: first name {first}, last name {last}").format(
                line=guardian.line, first=guardian.first_name, last=guardian.last_name
            ),
            file=out,
        )
    more = len(preview.new_guardians) - GUARDIANS_SHOWN
    if more > 0:
        print_line(
            ngettext("  and {n} more new guardian", "  and {n} more new guardians", more).format(
                n=more
            ),
            file=out,
        )
    print_rejected_rows(preview, out)


def import_class_list(args, out, *, today: date | None = None, err=None) -> int:
    """Run `saknad import`; returns the exit code.

    Raises:
        UsageProblem: bad --map, several schools without --school, a --school the journal
            lacks without --new-school, wrong file order.
        SaknadError, OSError: turned into one sentence by tui.__main__.
    """
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal

    err = err or sys.stderr
    today = today or date.today()
    parsed = _parse_files(args.files, mapping_of(args.map or []), today, args.guardian_names)
    _print_format(parsed, out)
    if (code := exit_before_unlocking(parsed, out, err, _print_mapping_help)) is not None:
        return code

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        from tui.cli_commands import warn_if_key_slots_changed

        warn_if_key_slots_changed(journal)
        school_id, school_name = _school_id(journal, args.school, args.new_school)
        preview = journal.preview_import(parsed, school_id)
        _print_preview(preview, school_name, out)
        if (code := exit_before_writing(args, preview, out, err)) is not None:
            return code
        # A new school (school_id None) is created in the import's own transaction.
        result = written_or_refused(
            lambda: journal.apply_import(
                parsed,
                school_id,
                today=today,
                new_school=(args.school or "").strip() if school_id is None else "",
            ),
            out,
            err,
        )
        if result is None:
            return EXIT_REJECTED
    print_line(result_text(result), file=out)
    return EXIT_OK
