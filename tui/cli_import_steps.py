"""The steps `saknad import` and `saknad import-absence` share, from the file to the write.

Both commands read a file named on the command line, say how it was read, stop when its
columns need mapping, show a preview, and write only on a yes (--yes or the prompt), all of
it or nothing. What differs (the files, the preview, what is written) stays in
tui.cli_import and tui.cli_absence_import; every line printed goes through `print_line`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from storage.text import without_controls
from tui.cli_commands import UsageProblem, _read_line
from tui.i18n import _, ngettext
from tui.import_text import describe, encoding_name, refused_file_text, separator_name

EXIT_OK = 0
EXIT_REJECTED = 1

Result = TypeVar("Result")


def print_line(text: str, file) -> None:
    """Print one line with every control character made visible.

    Class names, headers, names and file names come from a file anyone may have edited: an
    escape sequence in one must never reach the terminal (a clipboard write, a link, a
    cleared screen).
    """
    print(without_controls(text), file=file)


def mapping_of(pairs: list[str]) -> dict[str, str]:
    """The --map options as {header: field}.

    Raises:
        UsageProblem: a pair not written as HEADER=FIELD.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise UsageProblem(
                _('Write --map as HEADER=FIELD, e.g. --map "Elev-ID=identity_number".')
            )
        mapping[header.strip()] = target.strip()
    return mapping


def read_named_file(name: str) -> bytes:
    """The bytes of a file named on the command line.

    Raises:
        UsageProblem: the file is refused (too large, a folder, ...), said in one sentence.
    """
    from storage.importing.file_reading import ImportFileRefused, read_import_file

    try:
        return read_import_file(name)
    except ImportFileRefused as refused:
        raise UsageProblem(
            _("{file}: {problem}").format(
                file=without_controls(name), problem=refused_file_text(refused.code)
            )
        ) from None


def refuse_unused_headers(unused: list[str]) -> None:
    """Refuse a --map naming a header no file has (a typo must not be ignored quietly).

    Raises:
        UsageProblem: naming the first such header.
    """
    if unused:
        raise UsageProblem(
            _("No file has a column named {header}.").format(header=without_controls(unused[0]))
        )


def print_file_format(parsed: Any, out) -> None:
    """Say how the file was read: its format, encoding and separator, å/ä/ö repaired."""
    from storage.importing import FORMAT_SS12000

    encoding = encoding_name(parsed.encoding)
    if parsed.format == FORMAT_SS12000:
        print_line(
            _("Format: SS 12000 JSON, encoding {encoding}").format(encoding=encoding), file=out
        )
    else:
        print_line(
            _("Format: CSV, encoding {encoding}, separator {separator}").format(
                encoding=encoding, separator=separator_name(parsed.delimiter)
            ),
            file=out,
        )
    if parsed.repaired_mojibake:
        print_line(_("Broken å/ä/ö (text encoded twice) were repaired."), file=out)


def exit_before_unlocking(
    parsed: Any, out, err, print_mapping_help: Callable[[Any, Any], None]
) -> int | None:
    """Stop a file whose columns need mapping, else print its warnings.

    Returns:
        EXIT_REJECTED when the columns need mapping (the help is printed); None to go on.
    """
    if parsed.needs_mapping:
        print_mapping_help(parsed, out)
        print_line(
            _("Nothing was imported: the columns of the file were not recognised."), file=err
        )
        return EXIT_REJECTED
    for warning in parsed.warnings:
        print_line(_("Warning: {problem}").format(problem=describe(warning)), file=out)
    return None


def print_rejected_rows(preview: Any, out) -> None:
    """List every rejected row of the preview, by place (never by a person's name)."""
    if preview.rejected:
        print_line(_("Rejected rows (nothing can be imported until they are fixed):"), file=out)
        for error in preview.rejected:
            print_line(f"  {describe(error)}", file=out)


def exit_before_writing(args, preview: Any, out, err, *, nothing_to_write: str = "") -> int | None:
    """Where the import ends before the write: rejected rows, a dry run, no yes.

    Args:
        args: the command's arguments (--dry-run, --yes, --passphrase-stdin).
        preview: the preview already printed.
        nothing_to_write: the sentence to end with when the file would change nothing; ""
            to ask anyway.

    Returns:
        The exit code when nothing is to be written; None to write.
    """
    if preview.rejected:
        print_line(rejected_sentence(len(preview.rejected)), file=err)
        return EXIT_REJECTED
    if args.dry_run:
        print_line(_("Dry run: nothing was written."), file=out)
        return EXIT_OK
    if nothing_to_write:
        print_line(nothing_to_write, file=out)
        return EXIT_OK
    if not confirmed(args):
        print_line(_("Nothing was imported."), file=out)
        return EXIT_REJECTED
    return None


def written_or_refused(write: Callable[[], Result], out, err) -> Result | None:
    """Write the import; when the journal changed since the preview, list the rows refused.

    Returns:
        What `write` returned; None when the write was refused (the rows are printed).
    """
    from storage.errors import ImportRejected

    try:
        return write()
    except ImportRejected as rejected:  # the journal changed since the preview
        for error in rejected.errors:
            print_line(f"  {describe(error)}", file=out)
        print_line(rejected_sentence(len(rejected.errors)), file=err)
        return None


def confirmed(args) -> bool:
    """Whether to write: --yes, or a yes at the prompt."""
    if args.yes:
        return True
    answer = _read_line(_("Import? [y/N] "), args.passphrase_stdin, secret=False)
    return answer.strip().casefold() in {"y", "yes", "j", "ja"}


def rejected_sentence(count: int) -> str:
    """The one sentence on standard error for a refused file (the rows are on stdout)."""
    return ngettext(
        "Nothing was imported: {n} row of the file was rejected (listed above).",
        "Nothing was imported: {n} rows of the file were rejected (listed above).",
        count,
    ).format(n=count)
