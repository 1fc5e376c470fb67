"""`saknad export ...`: files that leave the journal, each an explicit, recorded act.

    saknad export access 20080304-9824 --purpose "Begäran om registerutdrag"
    saknad export access 12 --purpose "Registerutdrag" --to ~/utdrag.json --passphrase-stdin

    saknad export report 20080304-9824 --format pdf --purpose "Skriftlig orosanmälan"

`access` writes everything the journal holds about one pupil as one JSON file, for a request
of access (storage.right_of_access). `report` writes the pupil's report of concern (PDF/A,
Markdown or JSON, tui.render.export_report): the report not yet filed, else the latest filed
one, else a new one started from the pupil (as A on the pupil card). PUPIL is the journal's id
or an identity number. The file is written 0600 to --to (a file, or a folder to write into) or
to the data folder's `exports` folder, under a name without the pupil's name, and the journal
records what, when, why, for whom, where to and the file's SHA-256.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.i18n import _


def add_export_parser(commands) -> None:
    """Add `saknad export KIND` to `commands` (the top-level subparsers), with each kind as a
    subcommand of its own: `access` here; another kind adds its parser beside it."""
    export = commands.add_parser(
        "export", help=_("write a file out of the journal (recorded, mode 0600)")
    )
    kinds = export.add_subparsers(dest="export_kind", metavar=_("KIND"), required=True)
    _add_access(kinds)
    _add_report(kinds)


def _add_access(kinds) -> None:
    access = kinds.add_parser(
        "access",
        help=_("everything about one pupil as one JSON file, for a request of access"),
    )
    access.add_argument(
        "pupil", metavar=_("PUPIL"), help=_("the pupil's identity number or journal id")
    )
    _export_options(access)


# `--format` of a report, as the counsellor types it, and the journal's format code.
REPORT_FORMATS = {"pdf": "pdf", "md": "markdown", "json": "json"}


def _add_report(kinds) -> None:
    report = kinds.add_parser(
        "report",
        help=_("the pupil's report of concern as PDF/A, Markdown or JSON"),
    )
    report.add_argument(
        "pupil", metavar=_("PUPIL"), help=_("the pupil's identity number or journal id")
    )
    report.add_argument(
        "--format", required=True, choices=sorted(REPORT_FORMATS), help=_("the file's format")
    )
    _export_options(report, recipient=_("Social services"))


def _export_options(command: argparse.ArgumentParser, recipient: str = "") -> None:
    """The options every export takes: why, for whom, where to, the passphrase."""
    command.add_argument(
        "--purpose", required=True, metavar=_("TEXT"), help=_("why the file is written")
    )
    command.add_argument(
        "--recipient", default=recipient, metavar=_("TEXT"), help=_("whom the file is for")
    )
    command.add_argument(
        "--to",
        metavar=_("PATH"),
        help=_("the file or folder to write to (default: the exports folder)"),
    )
    command.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("read the passphrase from standard input"),
    )


def run_export(args, out) -> int:
    """Run `saknad export KIND`; returns the exit code."""
    if args.export_kind == "access":
        return _access(args, out)
    if args.export_kind == "report":
        return _report(args, out)
    raise ValueError(f"unknown export kind {args.export_kind}")  # argparse allows no other


def _access(args, out) -> int:
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal
    from tui.cli_commands import _read_line, warn_if_key_slots_changed

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        warn_if_key_slots_changed(journal)
        pupil_id = journal.pupil_id_for(args.pupil)
        written = journal.export_right_of_access(
            pupil_id,
            purpose=args.purpose,
            recipient=args.recipient,
            to=Path(args.to).expanduser() if args.to else None,
        )
    print(
        _(
            "Everything the journal holds about the pupil is written to {path} (readable by "
            "you only) and the export is recorded. Read it through before you hand it over: "
            "other people's data in it falls under secrecy (OSL)."
        ).format(path=written.path),
        file=out,
    )
    return 0


def _report(args, out) -> int:
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal
    from tui.cli_commands import _read_line, warn_if_key_slots_changed
    from tui.render.export_report import export_report

    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        warn_if_key_slots_changed(journal)
        pupil_id = journal.pupil_id_for(args.pupil)
        # Unfiled first, newest first (storage.report_of_concern.drafts): the report in hand.
        drafts = journal.report_drafts(pupil_id)
        draft_id = drafts[0].id if drafts else journal.start_report(pupil_id)
        report = journal.report_of_concern(draft_id)
        written = export_report(
            journal,
            report,
            format=REPORT_FORMATS[args.format],
            purpose=args.purpose,
            recipient=args.recipient,
            target=Path(args.to).expanduser() if args.to else None,
        )
    if not report.worry:
        print(
            _(
                "The report says nothing in your own words yet: write the worry in the app "
                "(A on the pupil card, then W) before you file it."
            ),
            file=sys.stderr,
        )
    print(
        _(
            "The report of concern is written to {path} (readable by you only) and the "
            "export is recorded in the journal."
        ).format(path=written.path),
        file=out,
    )
    return 0
