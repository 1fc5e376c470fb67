"""Keep key material out of core dumps and away from other processes' eyes.

A core dump of the running app held the passphrase, the journal's data key, notes and
identity numbers. Before any key is in memory, the process asks for no core file at all
(RLIMIT_CORE 0) and, on Linux, to be not dumpable (PR_SET_DUMPABLE 0), which also stops
other processes of the same user from attaching with ptrace or reading /proc/PID/mem.
Where a call does not exist (Windows, macOS without prctl) it is skipped without error: the
rest of Saknad works the same.
"""

from __future__ import annotations

import ctypes
import sys
from contextlib import suppress

PR_SET_DUMPABLE = 4  # linux/prctl.h


def disable_core_dumps() -> None:
    """No core file and, on Linux, no dumping or ptrace for this process. Safe to call twice."""
    try:
        import resource
    except ImportError:  # Windows has no resource module (and no core files)
        return
    # Should the limit not be lowerable here, prctl below still stops dumping on Linux.
    with suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        _not_dumpable()


def _not_dumpable() -> None:
    try:
        # The process's own symbols include libc's; ctypes.util.find_library would start a
        # subprocess (ldconfig) and cost tens of milliseconds at every start.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no libc to ask (an unusual Linux): the core limit above still holds
