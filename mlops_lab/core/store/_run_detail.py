"""Assembling a run's whole record: cells, kernel state, files, environment, git, host."""

from __future__ import annotations

import json
import sqlite3

from ..records import Artifact, MetricPoint, RunDetail
from ..timestamps import from_epoch
from ._cell_sql import files_touched, final_variables, read_cells
from ._run_sql import fetch_run
from .objects import ObjectStore

__all__ = ["metric_history", "read_run_detail"]


def read_run_detail(conn: sqlite3.Connection, objects: ObjectStore, run_id: str) -> RunDetail:
    """Read one run whole, inside the caller's read transaction."""
    run = fetch_run(conn, run_id)
    cells = read_cells(conn, run.id, objects.get_text)
    env_object, requirements_object, git, host = conn.execute(
        "SELECT environment_object, requirements_object, git, host FROM runs WHERE id = ?",
        (run.id,),
    ).fetchone()
    artifacts = tuple(
        Artifact(name, object_id, size)
        for name, object_id, size in conn.execute(
            "SELECT name, object, size FROM artifacts WHERE run_id = ? ORDER BY name", (run.id,)
        )
    )
    return RunDetail(
        run=run,
        cells=cells,
        variables=final_variables(cells),
        files=files_touched(cells),
        environment=None if env_object is None else json.loads(objects.get(env_object)),
        requirements=None if requirements_object is None else objects.get_text(requirements_object),
        git=None if git is None else json.loads(git),
        host=None if host is None else json.loads(host),
        artifacts=artifacts,
        metric_history=metric_history(conn, run.id),
    )


def metric_history(conn: sqlite3.Connection, run_id: str) -> dict[str, tuple[MetricPoint, ...]]:
    """Every logged value of each metric of a run, by key, in step order."""
    history: dict[str, list[MetricPoint]] = {}
    for key, step, value, logged_at, seq in conn.execute(
        "SELECT key, step, value, logged_at, seq FROM metrics WHERE run_id = ?"
        " ORDER BY key, step, seq",
        (run_id,),
    ):
        history.setdefault(key, []).append(
            MetricPoint(int(step), float(value), from_epoch(logged_at), int(seq))
        )
    return {key: tuple(points) for key, points in history.items()}
