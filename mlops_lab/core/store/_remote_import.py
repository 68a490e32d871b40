"""Writing a run pulled from a remote: its whole record in one transaction, over an older pull."""

from __future__ import annotations

import json
import sqlite3

from ..errors import ConflictError
from ..records import RunDetail, RunOrigin
from ..timestamps import to_epoch
from ._cell_sql import insert_cell
from ._run_sql import ensure_experiment, upsert_artifact
from .objects import ObjectStore
from .validation import json_text

__all__ = ["write_pulled_run"]


def write_pulled_run(
    conn: sqlite3.Connection,
    objects: ObjectStore,
    detail: RunDetail,
    origin: RunOrigin,
    *,
    experiment_id: str | None,
    marker: str | None,
) -> bool:
    """Write ``detail`` as a run pulled from ``origin``; False when a local run has its id.

    A run pulled before is replaced whole: pulling again updates, never duplicates.
    Artifact objects must already be in ``objects``.
    """
    run = detail.run
    existing = conn.execute("SELECT 1 FROM runs WHERE id = ?", (run.id,)).fetchone()
    if existing is not None:
        pulled = conn.execute(
            "SELECT remote FROM run_origins WHERE run_id = ?", (run.id,)
        ).fetchone()
        if pulled is None:
            return False  # our own run, pushed and seen again: the local record wins
        if pulled[0] != origin.remote:
            raise ConflictError(
                f"Run {run.id[:8]} was already pulled from remote {pulled[0]!r}; "
                f"remove it (mlops-lab delete {run.id[:8]}) to pull it from {origin.remote!r}."
            )
        conn.execute("DELETE FROM runs WHERE id = ?", (run.id,))
    experiment = ensure_experiment(conn, run.experiment, to_epoch(run.started_at))
    env_object = (
        None
        if detail.environment is None
        else objects.put_text(json.dumps(detail.environment, sort_keys=True, separators=(",", ":")))
    )
    conn.execute(
        "INSERT INTO runs (id, experiment_id, name, notebook, status, started_at, ended_at,"
        " environment_object, requirements_object, git, host, continues_run, continues_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run.id,
            experiment,
            run.name,
            run.notebook,
            run.status.value,
            to_epoch(run.started_at),
            None if run.ended_at is None else to_epoch(run.ended_at),
            env_object,
            None if detail.requirements is None else objects.put_text(detail.requirements),
            None if detail.git is None else json_text("git", dict(detail.git)),
            None if detail.host is None else json_text("host", dict(detail.host)),
            None if run.continues is None else run.continues.run,
            None if run.continues is None else run.continues.seq,
        ),
    )
    now = to_epoch(None)
    for cell in detail.cells:
        insert_cell(conn, run.id, cell, objects.put_text(cell.code), now)
    conn.executemany(
        "INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)",
        [(run.id, key, json_text(key, value)) for key, value in run.params.items()],
    )
    conn.executemany(
        "INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)",
        [(run.id, key, value) for key, value in run.tags.items()],
    )
    conn.executemany(
        "INSERT INTO metrics (run_id, key, step, seq, value, logged_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (run_id, key, step, seq) DO UPDATE SET value = excluded.value",
        [
            (run.id, key, p.step, p.seq, p.value, to_epoch(p.logged_at))
            for key, points in detail.metric_history.items()
            for p in points
        ],
    )
    for artifact in detail.artifacts:
        upsert_artifact(conn, run.id, artifact, now)
    conn.execute(
        "INSERT INTO run_origins (run_id, remote, url, remote_run_id, user, experiment_id,"
        " pulled_at, marker) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run.id,
            origin.remote,
            origin.url,
            origin.remote_run_id,
            origin.user,
            experiment_id,
            now,
            marker,
        ),
    )
    return True
