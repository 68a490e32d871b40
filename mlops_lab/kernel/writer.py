"""A background thread that writes to the store, so a cell's reply is not kept waiting.

The kernel's main thread only snapshots what a cell did; SQLite transactions
and object writes happen here, in order. Each write starts a few milliseconds
after it was submitted: by then the kernel has sent the cell's reply, so the
write does not compete with it for the interpreter. ``flush`` waits for every
write (before a status is reported and when the kernel exits).

A write that fails (a full disk, a read-only mount) is not retried: the first
failure is shown once in the notebook, then kept as ``failure`` for the status
the kernel reports, so whoever ends the run ends it as failed, with the reason.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections.abc import Callable

from ..core import MlopsLabError
from ..core.store.write_failures import failure_cause

__all__ = ["StoreWriter"]

#: How long a write waits after its submission (seconds): a reply takes about 1 ms
#: to leave; the margin covers a loaded machine.
WRITE_DELAY = 0.01


class StoreWriter:
    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[float, Callable[[], object]] | None] = queue.Queue()
        self._errors: list[str] = []
        #: The first write that failed, for good: the record is incomplete from there on.
        self.failure: str | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="mlops-lab-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], object]) -> None:
        self._jobs.put((time.monotonic(), job))

    def flush(self) -> None:
        """Wait until every submitted write is done."""
        self._jobs.join()

    def close(self) -> None:
        self.flush()
        self._jobs.put(None)
        self._thread.join(timeout=10)

    def take_errors(self) -> list[str]:
        """Errors met since the last call; the recorder shows them in the notebook.

        Only the first failure is given: a full disk fails every later write too,
        and one warning says it; the status carries it from then on.
        """
        with self._lock:
            errors, self._errors = self._errors, []
        return errors

    def _work(self) -> None:
        while True:
            item = self._jobs.get()
            try:
                if item is None:
                    return
                submitted, job = item
                wait = submitted + WRITE_DELAY - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                job()
            except Exception as error:
                # A dead writer would leave flush() waiting forever: every error is
                # kept for the notebook to show, and the next write goes on.
                with self._lock:
                    if not isinstance(error, OSError | sqlite3.Error):
                        self._errors.append(
                            str(error) if isinstance(error, MlopsLabError) else repr(error)
                        )
                    elif self.failure is None:  # the store itself failed
                        self.failure = _describe(error)
                        self._errors.append(
                            f"{self.failure}; the cells run from now on are not recorded, "
                            "and the run will end as failed."
                        )
            finally:
                self._jobs.task_done()


def _describe(error: OSError | sqlite3.Error) -> str:
    """A failed write in words: the cause (no space, read-only) rather than a repr."""
    cause = failure_cause(error)
    if cause is not None:
        return f"Cannot write to the store: {cause}"
    return f"Cannot write to the store: {type(error).__name__}: {error}"
