"""One SQLite connection to a store's database, set up for many writers.

WAL lets readers go on while one process writes; every write transaction
starts with ``BEGIN IMMEDIATE`` so it takes the write lock up front and waits
for it (busy timeout) instead of failing on a lock upgrade half-way through.
A store that cannot be written (a read-only mount, no permission, a full disk)
is opened read-only instead (`Database.read_only`): its writes raise
`StoreReadOnlyError`, naming the cause.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from ..errors import StoreError, StoreReadOnlyError
from ._migrations import SCHEMA_VERSION, migrate
from .write_failures import failure_code

__all__ = ["Database", "open_read_only", "unwritable_cause"]

#: How long one statement waits for another process's write lock (seconds).
BUSY_TIMEOUT = 60.0
#: SQLite can still answer "locked" in rare cases the busy handler does not
#: cover (a WAL checkpoint or recovery in progress); such transactions are retried.
_LOCKED_RETRIES = 20


class Database:
    """A thread-safe wrapper of one connection with explicit transactions."""

    def __init__(self, path: Path, *, read_only: str | None = None) -> None:
        self.path = path
        #: Why the store cannot be written (a sentence), or None when it can.
        self.read_only = read_only
        self._lock = threading.RLock()
        # Write transactions open on this connection (held by the lock's owner).
        self._depth = 0
        try:
            if read_only is None:
                self._conn = _connect(str(path))
                self._retry_locked(self._setup)
            else:
                self._conn = _connect_read_only(path)
        except sqlite3.DatabaseError as err:
            if read_only is None and unwritable_cause(err, path.parent) is not None:
                raise  # the caller opens it read-only
            raise StoreError(
                f"Cannot open the store database {path}: {err}. "
                "Check the path, or move the file aside to start a new store."
            ) from None

    def _setup(self) -> None:
        self._conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across process crashes in WAL mode, which is what a
        # killed kernel is; only a power cut can lose the last transactions.
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success, rolled back on error.

        Inside another write of the same thread it is a savepoint of that
        transaction: an error rolls back its own statements only, and nothing is
        committed before the outer one is (several writes, one commit).
        """
        if self.read_only is not None:
            raise StoreReadOnlyError(self.read_only)
        with self._lock:
            if self._depth:
                yield from self._nested()
                return
            self._retry_locked(lambda: self._conn.execute("BEGIN IMMEDIATE"))
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
            self._retry_locked(lambda: self._conn.execute("COMMIT"))

    def _nested(self) -> Iterator[sqlite3.Connection]:
        name = f"nested_{self._depth}"
        self._conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self._conn
        except BaseException:
            self._conn.execute(f"ROLLBACK TO {name}")
            self._conn.execute(f"RELEASE {name}")
            raise
        finally:
            self._depth -= 1
        self._conn.execute(f"RELEASE {name}")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: one consistent snapshot for several queries."""
        with self._lock:
            if self._depth:  # inside a write: its snapshot, with its own changes
                yield self._conn
                return
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


def unwritable_cause(error: OSError | sqlite3.Error, folder: Path) -> str | None:
    """Why ``folder`` cannot be written, in words, when ``error`` says it cannot; else None.

    SQLite says "unable to open database file" for a read-only medium and a
    missing permission alike (it cannot create the ``-wal`` file): the folder
    itself tells which.
    """
    code = failure_code(error)
    if not isinstance(error, OSError):
        text = str(error)
        if "unable to open" in text:  # SQLite could not create its -wal file
            code = errno.EROFS
        if "I/O" in text and _disk_full(folder):
            code = errno.ENOSPC  # SQLite cannot map its -shm file on a full disk
    if code not in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT):
        return None
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "no space is left on the disk"
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    except OSError:
        pass
    if code in (errno.EACCES, errno.EPERM) or not os.access(folder, os.W_OK):
        return "permission denied"
    if isinstance(error, OSError) or "readonly" in str(error):
        return "its database file is read-only"
    return None


def open_read_only(path: Path, cause: str) -> Database:
    """The database of a store that cannot be written, if its schema is this code's.

    A schema older than the code's would need a migration, which is a write:
    refused, saying so, rather than read with queries it does not answer.
    """
    folder = path.parent
    database = Database(path, read_only=_read_only_message(folder, cause))
    try:
        with database.read() as conn:
            (found,) = conn.execute("PRAGMA user_version").fetchone()
            if found > SCHEMA_VERSION:
                migrate(conn)  # raises SchemaVersionError before writing anything
    except BaseException:
        database.close()
        raise
    if found < SCHEMA_VERSION:
        database.close()
        raise StoreReadOnlyError(
            f"The store {folder} has schema version {found}, older than this mlops-lab's "
            f"{SCHEMA_VERSION}, and cannot be upgraded ({cause}): make it writable once "
            "so it is upgraded, or read it with the mlops-lab that wrote it."
        )
    return database


def _read_only_message(folder: Path, cause: str) -> str:
    """What a write to a read-only store answers: the cause, and what to do."""
    advice = (
        "free some space on its disk, then try again"
        if "space" in cause
        else "remount it writable, or use a writable store (--store PATH or MLOPS_LAB_STORE)"
        if "file system" in cause
        else "get write permission on it, or use a store you may write "
        "(--store PATH or MLOPS_LAB_STORE)"
    )
    return f"The store {folder} is open read-only ({cause}): it can be read, not changed; {advice}."


def _disk_full(folder: Path) -> bool:
    try:
        disk = os.statvfs(folder)
    except OSError:
        return False
    return disk.f_bavail * disk.f_frsize < 1 << 16  # not even a page or two of WAL


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(
        target,
        uri=uri,
        timeout=BUSY_TIMEOUT,
        isolation_level=None,  # we issue BEGIN/COMMIT ourselves
        check_same_thread=False,  # guarded by self._lock
    )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes: ``mode=ro``, else ``immutable=1``.

    A WAL database opens with ``mode=ro`` only where its ``-shm`` file exists or
    can be created; on a read-only medium with neither, ``immutable`` tells
    SQLite that nobody changes the file, which is true of a read-only mount.
    """
    base = f"file:{quote(str(path))}"
    try:
        conn = _connect(f"{base}?mode=ro", uri=True)
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn = _connect(f"{base}?immutable=1", uri=True)
        conn.execute("PRAGMA user_version").fetchone()
        return conn
