"""The `saknad` command: the app by default, and a few subcommands for set-up and scripts.

Start-up stays light: nothing heavy (storage, sqlmodel, textual) is imported until the chosen
subcommand needs it. Every error reaches the terminal as one sentence and an exit code, never
as a traceback (a traceback can carry a pupil's data); SAKNAD_DEBUG=1 shows one on purpose.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from tui.i18n import DEFAULT_LANGUAGE, _, set_language

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("saknad")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saknad",
        description=_("Saknad: an encrypted journal for absent and missing pupils."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"saknad {_version()}",
        help=_("show the version number and exit"),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    init = commands.add_parser("init", help=_("create a new encrypted journal"))
    _passphrase_stdin(init, _("read the passphrase from standard input"))
    init.add_argument("--name", help=_("your name, as it appears at the top of reports"))
    init.add_argument("--role", help=_("your role, e.g. school counsellor"))
    init.add_argument("--phone", help=_("your work phone"))
    init.add_argument("--email", help=_("your work e-mail"))

    passwd = commands.add_parser("passwd", help=_("change the passphrase"))
    _passphrase_stdin(
        passwd, _("read the current and the new passphrase from standard input, one per line")
    )
    passwd.add_argument(
        "--recovery",
        action="store_true",
        help=_("use the recovery key instead of the current passphrase"),
    )
    passwd.add_argument(
        "--new-recovery-key",
        action="store_true",
        help=_("make a new recovery key (the old one stops working) and show it once"),
    )

    commands.add_parser("where", help=_("show where the journal and settings are kept"))

    demo = commands.add_parser("demo", help=_("try Saknad on a journal of fictitious pupils"))
    demo.add_argument(
        "--create-only", action="store_true", help=_("write the demo journal and exit")
    )
    _passphrase_stdin(demo, _("read the demo journal's passphrase from standard input"))

    imports = commands.add_parser(
        "import", help=_("import a class list (CSV, tab-separated text or SS 12000 JSON)")
    )
    imports.add_argument(
        "files",
        nargs="+",
        metavar=_("FILE"),
        help=_("the class list; SchoolSoft's guardians file may follow it"),
    )
    _import_options(imports)
    imports.add_argument("--school", metavar=_("NAME"), help=_("the school the list belongs to"))
    imports.add_argument(
        "--new-school",
        action="store_true",
        help=_("create the school named by --school, with the import, if the journal lacks it"),
    )
    imports.add_argument(
        "--guardian-names",
        choices=("first-last", "last-first"),
        help=_(
            "the order of guardians' names written in one column: first-last (Förnamn "
            "Efternamn) or last-first (Efternamn Förnamn); detected when not given"
        ),
    )
    _passphrase_stdin(imports, _("read the passphrase (and the answer) from standard input"))

    absence = commands.add_parser(
        "import-absence",
        help=_(
            "import absence from the school's system (Skola24, SchoolSoft, Vklass: CSV or "
            "text; SS 12000 JSON)"
        ),
    )
    absence.add_argument("file", metavar=_("FILE"), help=_("the exported absence file"))
    _import_options(absence)
    _passphrase_stdin(absence, _("read the passphrase (and the answer) from standard input"))

    backup = commands.add_parser(
        "backup", help=_("write a verified, encrypted backup of the journal to one file")
    )
    backup.add_argument("path", metavar=_("PATH"), help=_("the backup file to write"))
    _passphrase_stdin(backup, _("read the passphrase from standard input"))

    restore = commands.add_parser(
        "restore", help=_("restore a backup into the empty data folder, checked first")
    )
    restore.add_argument("path", metavar=_("PATH"), help=_("the backup file to restore"))
    restore.add_argument(
        "--recovery",
        action="store_true",
        help=_("use the recovery key instead of the passphrase"),
    )
    _passphrase_stdin(restore, _("read the passphrase (or the recovery key) from standard input"))

    check = commands.add_parser(
        "check", help=_("check every page of the journal (integrity and HMAC)")
    )
    _passphrase_stdin(check, _("read the passphrase from standard input"))

    # Hand-over to a successor (tui.cli_handover).
    handover = commands.add_parser(
        "handover",
        help=_("write the journal for a successor, under a new passphrase and recovery key"),
    )
    handover.add_argument("path", metavar=_("PATH"), help=_("the hand-over file to write"))
    handover.add_argument(
        "--to-name", required=True, metavar=_("NAME"), help=_("the successor's name")
    )
    _passphrase_stdin(
        handover,
        _("read the current passphrase and the new one twice from standard input, one per line"),
    )
    # `saknad export KIND ...`: each kind of export in tui/cli_export.py.
    from tui.cli_export import add_export_parser

    add_export_parser(commands)
    from tui import cli_stats  # statistics for the action plan (issue 12)

    cli_stats.add_parser(commands)
    return parser


def _passphrase_stdin(command: argparse.ArgumentParser, help_text: str) -> None:
    """The `--passphrase-stdin` option: passphrases (and answers) one per line on standard
    input, never as arguments where other users could see them."""
    command.add_argument("--passphrase-stdin", action="store_true", help=help_text)


def _import_options(command: argparse.ArgumentParser) -> None:
    """The options both imports share: preview only, no question, column mapping."""
    command.add_argument(
        "--dry-run", action="store_true", help=_("show what would change and write nothing")
    )
    command.add_argument("--yes", action="store_true", help=_("import without asking"))
    command.add_argument(
        "--map",
        action="append",
        metavar=_("HEADER=FIELD"),
        help=_("use the column HEADER for FIELD (may be repeated)"),
    )


def _dispatch(args, kdf_params) -> int:
    from tui import cli_commands

    out = sys.stdout
    # the commands that open the journal
    opens_journal = (
        "init",
        "passwd",
        "import",
        "import-absence",
        "backup",
        "restore",
        "check",
        "handover",  # hand-over to a successor (tui.cli_handover)
        "export",
        "stats",  # statistics for the action plan (tui.cli_stats)
    )
    if args.command is None or args.command in opens_journal:
        cli_commands.check_data_folder()  # one sentence before anything is asked or written
    if args.command == "init":
        return cli_commands.init(args, out, kdf_params=kdf_params)
    if args.command == "passwd":
        return cli_commands.passwd(args, out, kdf_params=kdf_params)
    if args.command == "where":
        return cli_commands.where(out)
    if args.command == "backup":
        return cli_commands.backup(args, out)
    if args.command == "restore":
        return cli_commands.restore(args, out)
    if args.command == "check":
        return cli_commands.check(args, out)
    if args.command == "handover":
        from tui.cli_handover import hand_over

        return hand_over(args, out, kdf_params=kdf_params)
    if args.command == "export":
        from tui.cli_export import run_export

        return run_export(args, out)
    if args.command == "stats":  # statistics for the action plan (issue 12)
        from tui.cli_stats import stats

        return stats(args, out)
    if args.command == "import":
        from tui.cli_import import import_class_list

        return import_class_list(args, out)
    if args.command == "import-absence":
        from tui.cli_absence_import import import_absence

        return import_absence(args, out)
    if args.command == "demo":
        if args.create_only:
            cli_commands.demo_create(args, out, kdf_params=kdf_params)
            return EXIT_OK
        return _run_demo()
    return _run_app()


def _run_app() -> int:
    from tui.app_factory import make_app

    app = make_app()
    app.run()
    return _exit_code(app.return_code)


def _exit_code(return_code: int | None) -> int:
    """The app's own code: non-zero when it ended on an error (its one sentence is shown)."""
    return return_code or EXIT_OK


DEMO_PREFIX = "saknad-demo-"
DEMO_PID_FILE = "demo.pid"
STALE_DEMO_SECONDS = 3600


def remove_stale_demo_folders(temp_dir, *, now: float | None = None) -> list[str]:
    """Remove demo folders a killed `saknad demo` left behind; returns their names.

    A leftover opens with the public demo passphrase, so it goes at the next `saknad demo`:
    one whose process (its pid file) is gone, or, without a pid file, one older than an
    hour. Only this user's folders are touched.
    """
    import shutil
    import time

    removed = []
    for folder in temp_dir.glob(DEMO_PREFIX + "*"):
        try:
            if not folder.is_dir() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            if _demo_owner_alive(folder / DEMO_PID_FILE):
                continue
            if not (folder / DEMO_PID_FILE).exists():
                age = (now if now is not None else time.time()) - folder.stat().st_mtime
                if age < STALE_DEMO_SECONDS:
                    continue  # perhaps a demo being written at this moment
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    return removed


def _demo_owner_alive(pid_file) -> bool:
    try:
        pid = int(pid_file.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone's process; not ours to judge
    return True


def _run_demo() -> int:
    """A fresh demo journal in a throwaway folder, opened at once, removed on exit."""
    import shutil
    import tempfile
    from datetime import date
    from pathlib import Path

    from storage.access import create_journal
    from storage.demo import build_demo
    from storage.paths import JournalPaths
    from tui.app_factory import make_app
    from tui.cli_commands import DEMO_PASSPHRASE
    from tui.settings import MemorySettingsStore

    remove_stale_demo_folders(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
    try:
        (folder / DEMO_PID_FILE).write_text(str(os.getpid()), encoding="ascii")
        created = create_journal(JournalPaths(folder), DEMO_PASSPHRASE)
        build_demo(created.journal, today=date.today())
        app = make_app(
            folder=folder,
            settings_store=MemorySettingsStore(),
            journal=created.journal,
            try_remembered=False,
            demo_passphrase=DEMO_PASSPHRASE,
        )
        app.run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _exit_code(app.return_code)


def main(argv: list[str] | None = None, *, kdf_params: Any = None) -> int:
    """Run `saknad`; returns (and exits with) the exit code.

    Args:
        argv: the arguments after `saknad`; default the command line.
        kdf_params: argon2id cost (storage.keys.Argon2Params) for the passphrase slots that
            `init`, `passwd` and `demo --create-only` write; None, which the installed command
            always passes, means the default cost. Only tests that call main() in-process
            pass a cheaper one: no option or environment variable can lower it.
    """
    from storage.process_hardening import disable_core_dumps
    from tui.argparse_text import argparse_in_active_language

    disable_core_dumps()  # before any passphrase or key is in memory
    set_language(os.environ.get("SAKNAD_LANG", DEFAULT_LANGUAGE))
    with argparse_in_active_language():  # its usage, help and errors too
        args = build_parser().parse_args(argv)
    try:
        code = _dispatch(args, kdf_params)
    except KeyboardInterrupt:
        print(_("Interrupted; nothing more was written."), file=sys.stderr)
        code = EXIT_INTERRUPTED
    except Exception as error:
        if os.environ.get("SAKNAD_DEBUG") == "1":
            raise
        from tui.cli_commands import UsageProblem

        if isinstance(error, UsageProblem):
            print(str(error), file=sys.stderr)
            code = EXIT_USAGE
        else:
            from tui.error_text import sentence_for

            print(sentence_for(error), file=sys.stderr)
            code = EXIT_ERROR
    return code


if __name__ == "__main__":
    sys.exit(main())
