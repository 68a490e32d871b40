"""One SQLite connection to a store's database, set up for many writers.

WAL lets readers go on while one process writes; every write transaction
starts with ``BEGIN IMMEDIATE`` so it takes the write lock up front and waits
for it (busy timeout) instead of failing on a lock upgrade half-way through.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError

__all__ = ["Database"]

#: How long one statement waits for another process's write lock (seconds).
BUSY_TIMEOUT = 60.0
#: SQLite can still answer "locked" in rare cases the busy handler does not
#: cover (a WAL checkpoint or recovery in progress); such transactions are retried.
_LOCKED_RETRIES = 20


class Database:
    """A thread-safe wrapper of one connection with explicit transactions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._conn = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by self._lock
            )
            self._retry_locked(self._setup)
        except sqlite3.DatabaseError as err:
            raise StoreError(
                f"Cannot open the store database {path}: {err}. "
                "Check the path, or move the file aside to start a new store."
            ) from None
        self._lock = threading.RLock()

    def _setup(self) -> None:
        self._conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across process crashes in WAL mode, which is what a
        # killed kernel is; only a power cut can lose the last transactions.
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success, rolled back on error."""
        with self._lock:
            self._retry_locked(lambda: self._conn.execute("BEGIN IMMEDIATE"))
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._retry_locked(lambda: self._conn.execute("COMMIT"))

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: one consistent snapshot for several queries."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @staticmethod
    def _retry_locked(action: Callable[[], object]) -> None:
        for attempt in range(_LOCKED_RETRIES):
            try:
                action()
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) and "busy" not in str(err):
                    raise
                if attempt == _LOCKED_RETRIES - 1:
                    raise StoreError(
                        f"The store is locked by another process for too long: {err}. "
                        "Close other mlops-lab writers and try again."
                    ) from None
                time.sleep(0.05 * (attempt + 1))
