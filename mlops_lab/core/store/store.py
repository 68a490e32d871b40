"""The run store: a ``.mlops-lab/`` folder with a SQLite database and objects.

Every method is one transaction, so several kernels, the server and the CLI can
use one store at the same time, and a process killed mid-way leaves the record
as it was before its last transaction.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from ..errors import ConflictError, InvalidInputError, StoreError
from ..records import (
    CellError,
    CellExecution,
    CellStatus,
    FileAccess,
    Run,
    RunDetail,
    RunLink,
    RunOrigin,
    RunStatus,
    StoreInfo,
    VariableChange,
)
from ..timestamps import from_epoch, to_epoch
from ._cell_sql import insert_cell
from ._database import Database, open_read_only, unwritable_cause
from ._flows import FlowReader, flow_reader
from ._liveness import Owner, current_owner, dead_runs, mark_killed
from ._migrations import migrate
from ._remote_import import write_pulled_run
from ._remote_state import RemoteState, check_local, mark_changed, outbox_counts
from ._run_reads import RunReads
from ._run_sql import (
    ensure_experiment,
    fetch_run,
    resolve_run,
    revision,
    update_run_row,
)
from ._value_writes import RunValueWrites
from .location import resolve_store_path
from .objects import ObjectStore
from .validation import (
    DATABASE_FILENAME,
    check_store_folder,
    non_empty,
)

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["DATABASE_FILENAME", "Store"]


class Store(RunReads, RunValueWrites, RemoteState):
    """A run store. Open one with `Store.open`; close it, or use it in ``with``."""

    def __init__(self, path: Path, database: Database) -> None:
        self.path = path
        self.objects = ObjectStore(path / "objects")
        self._db = database

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        start: Path | None = None,
    ) -> Store:
        """Open the store at ``path``, or the one found from ``start``; create it if new.

        Parameters
        ----------
        path
            The store folder (``.../.mlops-lab``). None resolves it through
            ``MLOPS_LAB_STORE`` and the search upwards from ``start``.
        start
            Where to search from when ``path`` is None; the current folder by default.
        """
        folder = resolve_store_path(path, start=start)
        check_store_folder(folder)
        database_file = folder / DATABASE_FILENAME
        try:
            folder.mkdir(exist_ok=True)
            database = Database(database_file)
        except (OSError, sqlite3.Error) as err:
            cause = unwritable_cause(err, folder) if database_file.is_file() else None
            if cause is not None:
                return cls._open_read_only(folder, cause)
            reason = err.strerror if isinstance(err, OSError) else str(err)
            raise StoreError(
                f"Cannot create the store at {folder}: {reason}. "
                "Check that its parent folder exists and is writable."
            ) from None
        store = cls(folder, database)
        try:
            with database.write() as conn:
                migrate(conn)
                # the first process to open the store after an owner died ends its run
                mark_killed(conn, dead_runs(conn))
            store.objects.ensure()
        except (OSError, sqlite3.Error) as err:
            database.close()
            cause = unwritable_cause(err, folder)
            if cause is None:
                raise
            return cls._open_read_only(folder, cause)
        except BaseException:
            database.close()
            raise
        return store

    @classmethod
    def _open_read_only(cls, folder: Path, cause: str) -> Store:
        """The store that cannot be written, for reading: every write raises
        `StoreReadOnlyError` naming ``cause``; nothing is created or cleaned up."""
        store = cls(folder, open_read_only(folder / DATABASE_FILENAME, cause))
        store.objects.read_only = store.read_only
        return store

    @property
    def read_only(self) -> str | None:
        """Why this store cannot be written (a sentence), or None when it can."""
        return self._db.read_only

    def close(self) -> None:
        self._db.close()

    def all_text(self) -> list[str]:
        """Every text value of every table, in one snapshot: what garbage collection
        searches for object ids, whichever column or JSON document holds them."""
        texts: list[str] = []
        with self._db.read() as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            for table in tables:
                for row in conn.execute(f'SELECT * FROM "{table}"'):
                    texts.extend(value for value in row if isinstance(value, str))
        return texts

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def batch(self) -> AbstractContextManager[object]:
        """Several writes of this thread as one transaction: all recorded, or none.

        One commit instead of one per write, for records made in a burst (a
        cached pipeline step). Other writers wait meanwhile: never hold it
        around user code.
        """
        return self._db.write()

    def mark_dead_runs(self) -> int:
        """Mark ``killed`` the running runs whose owner process died; how many.

        Cheap when none died: one indexed read and a check per running run of this host.
        """
        if self._db.read_only is not None:
            return 0  # the owner's kernel cannot have written there either
        with self._db.read() as conn:
            if not dead_runs(conn):
                return 0
        with self._db.write() as conn:
            dead = dead_runs(conn)
            mark_killed(conn, dead)
        return len(dead)

    def flows(self) -> AbstractContextManager[FlowReader]:
        """A consistent view of the record's data flow (`mlops_lab.core.lineage`)."""
        return flow_reader(self._db, self.objects)

    def info(self) -> StoreInfo:
        with self._db.read() as conn:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            return StoreInfo(
                path=self.path,
                schema_version=int(version),
                revision=revision(conn),
                run_count=int(conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]),
                **outbox_counts(conn),
            )

    # -- writing ---------------------------------------------------------------

    def start_run(
        self,
        *,
        experiment: str | None = None,
        notebook: str | None = None,
        name: str | None = None,
        started_at: datetime | None = None,
        owner: Owner | None = None,
        continues: RunLink | None = None,
    ) -> Run:
        """Begin a run; its experiment is created when new.

        Parameters
        ----------
        experiment
            Experiment name; by default the notebook path, else ``"default"``.
        notebook
            The notebook's path relative to the project root, if any.
        name
            A display name; by default ``"<notebook stem> #<n>"``.
        started_at
            When it began; now by default.
        owner
            The process the run belongs to, noticed dead by later processes; this one
            by default.
        continues
            The last execution of the run this one begins after in the same kernel.
        """
        experiment = non_empty("experiment", experiment) or notebook or "default"
        started = to_epoch(started_at)
        owner = owner or current_owner()
        run_id = _random_id()
        with self._db.write() as conn:
            experiment_id = ensure_experiment(conn, experiment, started)
            if not name:
                (count,) = conn.execute(
                    "SELECT COUNT(*) FROM runs WHERE experiment_id = ?", (experiment_id,)
                ).fetchone()
                label = Path(notebook).stem if notebook else experiment
                name = f"{label} #{count + 1}"
            conn.execute(
                "INSERT INTO runs (id, experiment_id, name, notebook, status, started_at,"
                " owner_host, owner_pid, owner_started, kernel_id, last_seen,"
                " continues_run, continues_seq) VALUES (?, ?, ?, ?, 'running', ?,"
                " ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    experiment_id,
                    name,
                    notebook,
                    started,
                    owner.host,
                    owner.pid,
                    owner.started,
                    owner.kernel_id,
                    started,
                    None if continues is None else continues.run,
                    None if continues is None else continues.seq,
                ),
            )
            mark_changed(conn, run_id, started)
        return self.get_run(run_id)

    def end_run(
        self,
        run_id: str,
        status: RunStatus | str = RunStatus.FINISHED,
        *,
        ended_at: datetime | None = None,
    ) -> Run:
        """Mark a running run as ended with ``status`` (finished, failed or killed)."""
        final = RunStatus.parse(status) if isinstance(status, str) else status
        if final is RunStatus.RUNNING:
            raise InvalidInputError("A run ends as finished, failed or killed, not running.")
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            check_local(conn, run_id)
            (current,) = conn.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
            if current != RunStatus.RUNNING.value:
                raise ConflictError(f"Run {run_id[:8]} has already ended ({current}).")
            conn.execute(
                "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?",
                (final.value, to_epoch(ended_at), run_id),
            )
            mark_changed(conn, run_id, to_epoch(None))
        return self.get_run(run_id)

    def update_run(
        self,
        run_id: str,
        *,
        name: str | None = None,
        tags: Mapping[str, str | None] | None = None,
    ) -> Run:
        """Rename a run and set or (with None) remove tags, in one transaction."""
        if name is not None and not name.strip():
            raise InvalidInputError("A run's name cannot be empty; give a name with some text.")
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            check_local(conn, run_id)
            update_run_row(conn, run_id, name=name, tags=tags)
            mark_changed(conn, run_id, to_epoch(None))
            return fetch_run(conn, run_id)

    def record_cell(
        self,
        run_id: str,
        *,
        code: str,
        started_at: datetime,
        duration: float,
        execution_count: int | None = None,
        cell_id: str | None = None,
        error: CellError | None = None,
        variables: Sequence[VariableChange] = (),
        files: Sequence[FileAccess] = (),
        reads: Sequence[str] = (),
        writes: Sequence[str] = (),
    ) -> CellExecution:
        """Append one executed cell to a run, after the ones recorded before it.

        The variables it created, changed or deleted, the names it read and wrote
        and the files it opened go in the same transaction: a cell is recorded
        whole or not at all.
        """
        if duration < 0:
            raise InvalidInputError(f"A cell's duration cannot be negative ({duration}).")
        cell = CellExecution(
            run_id=run_id,
            seq=0,  # given by the store, below
            execution_count=execution_count,
            cell_id=cell_id,
            code=code,
            started_at=from_epoch(to_epoch(started_at)),
            duration=duration,
            status=CellStatus.ERROR if error else CellStatus.OK,
            error=error,
            variables=tuple(variables),
            files=tuple(files),
            reads=tuple(sorted(set(reads))),
            writes=tuple(sorted(set(writes))),
        )
        code_object = self.objects.put_text(code)
        with self._db.write() as conn:
            full_id = resolve_run(conn, run_id)
            now = to_epoch(None)
            seq = insert_cell(conn, full_id, cell, code_object, now)
            mark_changed(conn, full_id, now)
        return dataclasses.replace(cell, run_id=full_id, seq=seq)

    def write_pulled_run(
        self,
        detail: RunDetail,
        origin: RunOrigin,
        *,
        experiment_id: str | None = None,
        marker: str | None = None,
    ) -> bool:
        """Keep a run pulled from a remote, replacing an earlier pull of it (read-only here).

        False when a run made here has its id (one of ours, pushed then pulled).
        """
        with self._db.write() as conn:
            return write_pulled_run(
                conn, self.objects, detail, origin, experiment_id=experiment_id, marker=marker
            )

    def delete_run(self, run_id: str) -> None:
        """Delete a run with its cells, params, metrics and tags.

        Objects it referenced stay: other runs may share them.
        """
        with self._db.write() as conn:
            conn.execute("DELETE FROM runs WHERE id = ?", (resolve_run(conn, run_id),))


# -- private helpers of the SQL layer ----------------------------------------


def _random_id() -> str:
    """32 hex digits of a random (version 4) UUID, as ``uuid.uuid4().hex`` gives.

    Made here: importing uuid (and the platform module it imports) costs a new
    process 10 ms, more than the rest of a cached pipeline run's record.
    """
    data = bytearray(os.urandom(16))
    data[6] = (data[6] & 0x0F) | 0x40  # version 4
    data[8] = (data[8] & 0x3F) | 0x80  # RFC 4122 variant
    return data.hex()
