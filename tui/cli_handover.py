"""`saknad handover PATH --to-name NAME`: the journal for a successor, under new keys.

The current passphrase opens the journal; the successor's new passphrase is asked twice
(with `--passphrase-stdin`: three lines, the current passphrase, the new one, the new one
again). The new recovery key is printed once, with the advice to give it to the successor
apart from the passphrase and the file.
"""

from __future__ import annotations

from pathlib import Path

from tui.cli_commands import UsageProblem, _cost, _read_line, warn_if_key_slots_changed
from tui.i18n import _


def hand_over(args, out, *, kdf_params=None) -> int:
    """Write the hand-over copy to `args.path`, record it for `args.to_name`, show the key."""
    from storage.access import unlock_with_passphrase
    from storage.paths import default_journal

    if not (args.to_name or "").strip():
        raise UsageProblem(_("Give the successor's name with --to-name; nothing was written."))
    current = _read_line(_("Current passphrase: "), args.passphrase_stdin)
    with unlock_with_passphrase(default_journal(), current) as journal:
        warn_if_key_slots_changed(journal)
        new = _read_line(_("The successor's new passphrase: "), args.passphrase_stdin)
        if _read_line(_("Repeat the new passphrase: "), args.passphrase_stdin) != new:
            raise UsageProblem(_("The two passphrases differ; nothing was written."))
        result = journal.hand_over(
            Path(args.path),
            successor=args.to_name,
            current_passphrase=current,
            new_passphrase=new,
            **_cost(kdf_params),
        )
    print(
        _(
            "The hand-over copy is written to {path} and verified. It opens only with the "
            "new passphrase or the new recovery key below, never with yours; your own "
            "journal is unchanged. The hand-over is recorded in your journal."
        ).format(path=result.path),
        file=out,
    )
    print("", file=out)
    print(_("The successor's recovery key (shown only this once):"), file=out)
    print("", file=out)
    print(f"    {result.recovery_key}", file=out)
    print("", file=out)
    print(
        _(
            "Give it to the successor separately from the file and the passphrase (on "
            "paper, by hand), so that one lost envelope does not open the journal."
        ),
        file=out,
    )
    return 0
