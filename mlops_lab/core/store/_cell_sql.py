"""SQL for executed cells and what each one changed: variables and files."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence

from ..records import (
    CellError,
    CellExecution,
    CellStatus,
    FileAccess,
    FileMode,
    VariableChange,
    VariableChangeKind,
)
from ..timestamps import from_epoch

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = ["files_touched", "final_variables", "insert_cell", "read_cells"]


def insert_cell(
    conn: sqlite3.Connection, run_id: str, cell: CellExecution, code_object: str, now: float
) -> int:
    """Append a cell after the run's others, with its changes; returns its ``seq``.

    The run's owner is seen alive ``now`` (a killed run ends then), and its active
    time grows by the cell's duration.
    """
    (seq,) = conn.execute(
        "UPDATE runs SET cell_count = cell_count + 1, last_seen = ?,"
        " active_time = active_time + ? WHERE id = ? RETURNING cell_count",
        (now, cell.duration, run_id),
    ).fetchone()
    conn.execute(
        "INSERT INTO cell_executions (run_id, seq, execution_count, cell_id,"
        " code_object, started_at, duration, status, error_name, error_value)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_id,
            seq,
            cell.execution_count,
            cell.cell_id,
            code_object,
            cell.started_at.timestamp(),
            cell.duration,
            cell.status.value,
            cell.error.name if cell.error else None,
            cell.error.value if cell.error else None,
        ),
    )
    _insert_changes(conn, run_id, seq, cell.variables, cell.files)
    conn.executemany(
        "INSERT INTO variable_flows (run_id, seq, name, role) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(run_id, seq, name, "read") for name in cell.reads]
        + [(run_id, seq, name, "write") for name in cell.writes],
    )
    return int(seq)


def _insert_changes(
    conn: sqlite3.Connection,
    run_id: str,
    seq: int,
    variables: Sequence[VariableChange],
    files: Sequence[FileAccess],
) -> None:
    conn.executemany(
        "INSERT INTO variable_changes (run_id, seq, name, change, type, shape, dtype, nbytes,"
        " repr, fingerprint, method, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (run_id, seq, name) DO NOTHING",
        [
            (
                run_id,
                seq,
                v.name,
                v.change.value,
                v.type,
                None if v.shape is None else json.dumps(list(v.shape)),
                v.dtype,
                v.nbytes,
                v.repr,
                v.fingerprint,
                v.method,
                v.detail,
            )
            for v in variables
        ],
    )
    conn.executemany(
        "INSERT INTO file_accesses (run_id, seq, path, mode, size, fingerprint)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, seq, path, mode) DO UPDATE"
        " SET size = excluded.size, fingerprint = excluded.fingerprint",
        [(run_id, seq, f.path, f.mode.value, f.size, f.fingerprint) for f in files],
    )


def read_cells(
    conn: sqlite3.Connection, run_id: str, code_of: Callable[[str], str]
) -> tuple[CellExecution, ...]:
    """The run's cells in execution order, each with its variable and file changes."""
    variables: dict[int, list[VariableChange]] = {}
    for row in conn.execute(
        "SELECT seq, name, change, type, shape, dtype, nbytes, repr, fingerprint, method, detail"
        " FROM variable_changes WHERE run_id = ? ORDER BY seq, name",
        (run_id,),
    ):
        variables.setdefault(row[0], []).append(_variable(row[1:]))
    files: dict[int, list[FileAccess]] = {}
    for seq, path, mode, size, fingerprint in conn.execute(
        "SELECT seq, path, mode, size, fingerprint FROM file_accesses"
        " WHERE run_id = ? ORDER BY seq, mode, path",
        (run_id,),
    ):
        files.setdefault(seq, []).append(FileAccess(path, FileMode(mode), size, fingerprint))
    flows: dict[tuple[int, str], list[str]] = {}
    for seq, name, role in conn.execute(
        "SELECT seq, name, role FROM variable_flows WHERE run_id = ? ORDER BY seq, name",
        (run_id,),
    ):
        flows.setdefault((seq, role), []).append(name)
    rows = conn.execute(
        "SELECT seq, execution_count, cell_id, code_object, started_at, duration,"
        " status, error_name, error_value FROM cell_executions WHERE run_id = ? ORDER BY seq",
        (run_id,),
    ).fetchall()
    return tuple(
        CellExecution(
            run_id=run_id,
            seq=seq,
            execution_count=count,
            cell_id=cell_id,
            code=code_of(code_object),
            started_at=from_epoch(started),
            duration=duration,
            status=CellStatus(status),
            error=CellError(err_name, err_value or "") if err_name else None,
            variables=tuple(variables.get(seq, ())),
            files=tuple(files.get(seq, ())),
            reads=tuple(flows.get((seq, "read"), ())),
            writes=tuple(flows.get((seq, "write"), ())),
        )
        for (
            seq,
            count,
            cell_id,
            code_object,
            started,
            duration,
            status,
            err_name,
            err_value,
        ) in rows
    )


def final_variables(cells: Iterable[CellExecution]) -> dict[str, VariableChange]:
    """The state the cells left: each variable's last change, unless it was deleted."""
    state: dict[str, VariableChange] = {}
    for cell in cells:
        for change in cell.variables:
            if change.change is VariableChangeKind.DELETED:
                state.pop(change.name, None)
            else:
                state[change.name] = change
    return dict(sorted(state.items()))


def files_touched(cells: Iterable[CellExecution]) -> tuple[FileAccess, ...]:
    """Each (path, mode) once, in first-touch order, as the last cell to touch it saw it."""
    latest: dict[tuple[str, FileMode], FileAccess] = {}
    for cell in cells:
        for access in cell.files:
            # assigning to an existing key keeps its place: first-touch order stays
            latest[(access.path, access.mode)] = access
    return tuple(latest.values())


def _variable(row: Sequence[Any]) -> VariableChange:
    name, change, type_, shape, dtype, nbytes, repr_, fingerprint, method, detail = row
    return VariableChange(
        name=name,
        change=VariableChangeKind(change),
        type=type_,
        shape=None if shape is None else tuple(json.loads(shape)),
        dtype=dtype,
        nbytes=nbytes,
        repr=repr_,
        fingerprint=fingerprint,
        method=method,
        detail=detail,
    )
