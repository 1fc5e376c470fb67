"""Running the real `saknad` command in a subprocess, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def saknad(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`saknad ARGS` with SAKNAD_HOME=home, in English, without the debug switch."""
    env = dict(os.environ, SAKNAD_HOME=str(home), SAKNAD_LANG="en")
    env.pop("SAKNAD_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "tui", *args], input=stdin, text=True,
                          capture_output=True, env=env, cwd=PROJECT, timeout=120)
