"""`saknad stats`: the statistics for the action plan written to a file and recorded.

An export is an explicit act, so nothing goes to standard output but the sentence saying
where the file went (tui.statistics_export writes it, 0600, and records it).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from tui.i18n import _


def add_parser(commands) -> None:
    """The `stats` subcommand and its options (tui.__main__.build_parser)."""
    stats = commands.add_parser(
        "stats",
        help=_("export statistics for the action plan (no names; counts under 5 shown as <5)"),
    )
    period = stats.add_mutually_exclusive_group()
    period.add_argument("--term", metavar="HT2026", help=_("one term, e.g. HT2026 or VT2027"))
    period.add_argument(
        "--school-year",
        metavar="2026/27",
        help=_("a school year and each of its terms; the current school year if neither is given"),
    )
    stats.add_argument("--format", choices=("md", "csv"), required=True, help=_("Markdown or CSV"))
    stats.add_argument(
        "--to",
        metavar=_("PATH"),
        help=_("the file or folder to write to; the data folder's exports folder if not given"),
    )
    stats.add_argument(
        "--purpose", default="", help=_("why the statistics are exported (default: action plan)")
    )
    stats.add_argument("--recipient", default="", help=_("whom the statistics are for"))
    stats.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("read the passphrase from standard input"),
    )


def scope_of(args: argparse.Namespace, today: date) -> str:
    """The term or school year asked for; the school year around today when none was."""
    from storage.statistics_periods import school_year_around

    return args.term or args.school_year or school_year_around(today).label


def stats(args: argparse.Namespace, out, *, today: date | None = None) -> int:
    """Write the statistics and say where they went."""
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal
    from tui.cli_commands import _read_line, warn_if_key_slots_changed
    from tui.statistics_export import export_statistics

    today = today or date.today()
    passphrase = _read_line(_("Passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), passphrase) as journal:
        warn_if_key_slots_changed(journal)
        path = export_statistics(
            journal,
            scope_of(args, today),
            args.format,
            today=today,
            to=Path(args.to).expanduser() if args.to else None,
            purpose=args.purpose,
            recipient=args.recipient,
        )
    print(
        _(
            "The statistics are written to {path} (readable by you only) and the export is "
            "recorded in the journal."
        ).format(path=path),
        file=out,
    )
    return 0
