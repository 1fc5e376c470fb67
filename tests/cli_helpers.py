"""Running the real `saknad` command in a subprocess, for the CLI smoke tests.

Most CLI tests run `saknad` in-process with a cheap KDF (the `cli` fixture in conftest.py);
a few run the real command here, for real exit codes and a clean stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def saknad(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`saknad ARGS` with SAKNAD_HOME=home, in English, without the debug switch."""
    env = dict(os.environ, SAKNAD_HOME=str(home), SAKNAD_LANG="en")
    env.pop("SAKNAD_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        text=True,
        capture_output=True,
        env=env,
        cwd=PROJECT,
        timeout=120,
    )


def run_with_passphrase(cli, home: Path, passphrase: str, *args: str, answer: str = ""):
    """`saknad ARGS --passphrase-stdin` through the `cli` fixture.

    Standard input holds `passphrase`, then `answer` (to a y/N question) when one is given.
    """
    stdin = passphrase + "\n" + (answer + "\n" if answer else "")
    return cli(home, *args, "--passphrase-stdin", stdin=stdin)


@dataclass(frozen=True)
class CliResult:
    """What an in-process `saknad` run gave: named like subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str
