"""SQL for checkpoints and their variables (tables of migrations 3 and 6)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence

from ..errors import ConflictError, InvalidInputError, NotFoundError
from ..timestamps import from_epoch
from .checkpoint_records import Checkpoint, CheckpointVariable, StoredValue

__all__ = [
    "check_name",
    "insert_checkpoint",
    "insert_variables",
    "mark_complete",
    "read_checkpoint",
    "read_checkpoints",
]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def check_name(name: str) -> str:
    """A checkpoint name: letters, digits, ``_ . -``; no ``:``, which separates it from the run."""
    if not _NAME.fullmatch(name):
        raise InvalidInputError(
            f"{name!r} is not a checkpoint name: use letters, digits, '_', '.' or '-' "
            "(at most 100, starting with a letter or digit)."
        )
    return name


def insert_checkpoint(
    conn: sqlite3.Connection,
    checkpoint_id: str,
    run_id: str,
    name: str | None,
    created_at: float,
    variables: Sequence[CheckpointVariable],
    *,
    complete: bool = True,
) -> str:
    """Insert a checkpoint with its variables; returns its name (numbered when None).

    An incomplete one (its objects still being written) is hidden from the
    reads below until `mark_complete`; one left incomplete by a dead kernel
    gives its name up to the next checkpoint that asks for it.
    """
    if name is not None:
        conn.execute(
            "DELETE FROM checkpoints WHERE run_id = ? AND name = ? AND NOT complete",
            (run_id, name),
        )
    if name is None:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM checkpoints WHERE run_id = ?", (run_id,)
        ).fetchone()
        number = int(count) + 1
        while conn.execute(
            "SELECT 1 FROM checkpoints WHERE run_id = ? AND name = ?", (run_id, str(number))
        ).fetchone():
            number += 1
        name = str(number)
    elif conn.execute(
        "SELECT 1 FROM checkpoints WHERE run_id = ? AND name = ?", (run_id, name)
    ).fetchone():
        raise ConflictError(
            f"Run {run_id[:8]} already has a checkpoint named {name!r}; choose another name."
        )
    conn.execute(
        "INSERT INTO checkpoints (id, run_id, name, created_at, complete) VALUES (?, ?, ?, ?, ?)",
        (checkpoint_id, run_id, name, created_at, int(complete)),
    )
    insert_variables(conn, checkpoint_id, variables)
    return name


def insert_variables(
    conn: sqlite3.Connection, checkpoint_id: str, variables: Sequence[CheckpointVariable]
) -> None:
    """The checkpoint's variables, in order (with its row, or once their objects are named)."""
    conn.executemany(
        "INSERT INTO checkpoint_variables (checkpoint_id, position, name, type, module, alias,"
        " stream_object, buffer_objects, size, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                checkpoint_id,
                position,
                v.name,
                v.type,
                v.module,
                v.alias,
                None if v.value is None else v.value.stream,
                None if v.value is None else json.dumps(list(v.value.buffers)),
                None if v.value is None else v.value.size,
                v.skipped,
            )
            for position, v in enumerate(variables)
        ],
    )


def mark_complete(conn: sqlite3.Connection, checkpoint_id: str) -> None:
    """The checkpoint's objects are durable: it may be restored from now on."""
    conn.execute("UPDATE checkpoints SET complete = 1 WHERE id = ?", (checkpoint_id,))


def read_checkpoints(conn: sqlite3.Connection, run_id: str) -> tuple[Checkpoint, ...]:
    """The run's checkpoints, oldest first, without their variables."""
    return tuple(
        Checkpoint(checkpoint_id, run_id, name, from_epoch(created))
        for checkpoint_id, name, created in conn.execute(
            "SELECT id, name, created_at FROM checkpoints WHERE run_id = ? AND complete"
            " ORDER BY created_at, rowid",
            (run_id,),
        )
    )


def read_checkpoint(conn: sqlite3.Connection, run_id: str, name: str | None) -> Checkpoint:
    """One checkpoint of a run with its variables: the named one, else the latest."""
    checkpoints = read_checkpoints(conn, run_id)
    if not checkpoints:
        raise NotFoundError(
            f"Run {run_id[:8]} has no checkpoint; take one with %mlops checkpoint in its kernel."
        )
    if name is None:
        found = checkpoints[-1]
    else:
        matches = [c for c in checkpoints if c.name == name]
        if not matches:
            names = ", ".join(c.name for c in checkpoints)
            raise NotFoundError(
                f"Run {run_id[:8]} has no checkpoint {name!r}; its checkpoints: {names}."
            )
        found = matches[0]
    rows = conn.execute(
        "SELECT name, type, module, alias, stream_object, buffer_objects, size, skipped"
        " FROM checkpoint_variables WHERE checkpoint_id = ? ORDER BY position",
        (found.id,),
    )
    variables = tuple(
        CheckpointVariable(
            name=var_name,
            type=type_name,
            value=None
            if stream is None
            else StoredValue(stream, _buffers(buffers), int(size or 0)),
            module=module,
            alias=alias,
            skipped=skipped,
        )
        for var_name, type_name, module, alias, stream, buffers, size, skipped in rows
    )
    return Checkpoint(found.id, run_id, found.name, found.created_at, variables)


def _buffers(text: str | None) -> tuple[str, ...]:
    # Most values (a namespace's thousand small ones) have none: no JSON to parse.
    return () if not text or text == "[]" else tuple(json.loads(text))
