"""Reads of the record's data flow: who last wrote a name, what an execution read.

Every lookup is one indexed query, so a lineage slice costs what the slice
holds, not what the run holds. Failed executions are never a writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ..frozen import frozen
from ..records import RunLink
from ._database import Database
from ._run_sql import resolve_run
from .objects import ObjectStore

__all__ = ["FlowExecution", "FlowReader", "flow_reader"]

_LAST_WRITER = {
    "variable": (
        "SELECT f.seq FROM variable_flows f JOIN cell_executions c"
        " ON c.run_id = f.run_id AND c.seq = f.seq"
        " WHERE f.run_id = ? AND f.name = ? AND f.role = 'write' AND f.seq < ?"
        " AND c.status = 'ok' ORDER BY f.seq DESC LIMIT 1"
    ),
    "file": (
        "SELECT f.seq FROM file_accesses f JOIN cell_executions c"
        " ON c.run_id = f.run_id AND c.seq = f.seq"
        " WHERE f.run_id = ? AND f.path = ? AND f.mode = 'write' AND f.seq < ?"
        " AND c.status = 'ok' ORDER BY f.seq DESC LIMIT 1"
    ),
    "metric": (
        "SELECT m.seq FROM metrics m JOIN cell_executions c"
        " ON c.run_id = m.run_id AND c.seq = m.seq"
        " WHERE m.run_id = ? AND m.key = ? AND m.seq < ? AND c.status = 'ok'"
        " ORDER BY m.seq DESC LIMIT 1"
    ),
}


@frozen
class FlowExecution:
    """One cell execution as a lineage slice lists it."""

    run: str
    seq: int
    cell_id: str | None
    execution_count: int | None
    code: str
    ok: bool
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    files_read: tuple[str, ...]
    files_written: tuple[str, ...]


class FlowReader:
    """Lookups inside one read transaction (a consistent snapshot)."""

    def __init__(self, conn: sqlite3.Connection, objects: ObjectStore) -> None:
        self._conn = conn
        self._objects = objects
        self._links: dict[str, RunLink | None] = {}

    def resolve(self, run_id: str) -> str:
        return resolve_run(self._conn, run_id)

    def cell_count(self, run_id: str) -> int:
        (count,) = self._conn.execute(
            "SELECT cell_count FROM runs WHERE id = ?", (run_id,)
        ).fetchone()
        return int(count)

    def continues(self, run_id: str) -> RunLink | None:
        """The execution of an earlier run of the same kernel that ``run_id`` began after."""
        if run_id not in self._links:
            row = self._conn.execute(
                "SELECT r.continues_run, r.continues_seq FROM runs r"
                " JOIN runs p ON p.id = r.continues_run WHERE r.id = ?",
                (run_id,),
            ).fetchone()
            self._links[run_id] = None if row is None else RunLink(str(row[0]), int(row[1]))
        return self._links[run_id]

    def last_writer(self, run_id: str, kind: str, name: str, before: int) -> RunLink | None:
        """The last successful execution before ``before`` that wrote ``name``.

        Searched in ``run_id``, then across its ``continues`` link into earlier runs.
        """
        run, bound = run_id, before
        while True:
            row = self._conn.execute(_LAST_WRITER[kind], (run, name, bound)).fetchone()
            if row is not None:
                return RunLink(run, int(row[0]))
            link = self.continues(run)
            if link is None:
                return None
            run, bound = link.run, link.seq + 1

    def execution(self, run_id: str, seq: int) -> FlowExecution:
        conn = self._conn
        count, cell_id, code_object, status = conn.execute(
            "SELECT execution_count, cell_id, code_object, status FROM cell_executions"
            " WHERE run_id = ? AND seq = ?",
            (run_id, seq),
        ).fetchone()
        names: dict[str, list[str]] = {"read": [], "write": []}
        for name, role in conn.execute(
            "SELECT name, role FROM variable_flows WHERE run_id = ? AND seq = ? ORDER BY name",
            (run_id, seq),
        ):
            names[role].append(name)
        files: dict[str, list[str]] = {"read": [], "write": []}
        for path, mode in conn.execute(
            "SELECT path, mode FROM file_accesses WHERE run_id = ? AND seq = ? ORDER BY path",
            (run_id, seq),
        ):
            files[mode].append(path)
        return FlowExecution(
            run=run_id,
            seq=seq,
            cell_id=cell_id,
            execution_count=count,
            code=self._objects.get_text(code_object),
            ok=status == "ok",
            reads=tuple(names["read"]),
            writes=tuple(names["write"]),
            files_read=tuple(files["read"]),
            files_written=tuple(files["write"]),
        )

    def executions_between(
        self, run_id: str, first: int, last: int
    ) -> list[tuple[int, str | None, bool]]:
        """``(seq, cell id, ok)`` of the executions of a run from ``first`` to ``last``."""
        return [
            (int(seq), cell_id, status == "ok")
            for seq, cell_id, status in self._conn.execute(
                "SELECT seq, cell_id, status FROM cell_executions"
                " WHERE run_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                (run_id, first, last),
            )
        ]


@contextmanager
def flow_reader(database: Database, objects: ObjectStore) -> Iterator[FlowReader]:
    with database.read() as conn:
        yield FlowReader(conn, objects)
