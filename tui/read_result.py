"""A message carrying what a worker read, which knows when a newer read has replaced it.

A screen reads the journal again when it comes back into view and after each change, so two
reads of one group can run at once: coming back from a dialog starts one, the change the
dialog asked for starts another when it is written. Textual cancels the older worker when
the newer one starts (`exclusive=True`), but a thread worker runs on and posts its result
anyway. Arriving last, the older result would draw the journal as it was before the change.
A handler drops a stale result: the newer read's result is on its way.
"""

from __future__ import annotations

from textual.message import Message
from textual.worker import NoActiveWorker, Worker, get_current_worker


class ReadResult(Message):
    """Posted from a worker with what it read; `stale` once a newer read of its group began."""

    def __init__(self) -> None:
        super().__init__()
        # Built in the worker's thread, so the active worker is the one that read.
        self._worker: Worker | None
        try:
            self._worker = get_current_worker()
        except NoActiveWorker:
            self._worker = None

    @property
    def stale(self) -> bool:
        """A newer read of the same group started after this one (Textual cancelled it)."""
        return self._worker is not None and self._worker.is_cancelled
