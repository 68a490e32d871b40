"""SQL that finds, filters and assembles runs, shared by the store's reads and writes.

Only fixed SQL text lives here; values from users always travel as parameters.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping

from ..errors import InvalidInputError, RunNotFoundError
from ..records import (
    Artifact,
    GitSummary,
    JsonValue,
    Run,
    RunLink,
    RunQuery,
    RunSortKey,
    RunStatus,
)
from ..timestamps import from_epoch
from ._origin_sql import read_origins, scope_clause
from .run_filter import filter_sql
from .validation import checked_key

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "RUN_COLUMNS",
    "SORT_SQL",
    "ensure_experiment",
    "fetch_run",
    "insert_metrics",
    "resolve_run",
    "revision",
    "run_conditions",
    "run_filters",
    "run_order",
    "runs_with_values",
    "update_run_row",
    "upsert_artifact",
]

_RUN_ID_PREFIX = re.compile(r"^[0-9a-f]{4,32}$")
_MIN_PREFIX = 4

# Sort keys map to fixed SQL expressions; user input never reaches the SQL text.
SORT_SQL: Mapping[RunSortKey, str] = {
    RunSortKey.STARTED_AT: "r.started_at",
    RunSortKey.ENDED_AT: "r.ended_at",
    RunSortKey.DURATION: "(r.ended_at - r.started_at)",
    RunSortKey.STATUS: "r.status",
    RunSortKey.NOTEBOOK: "r.notebook",
    RunSortKey.EXPERIMENT: "e.name",
    RunSortKey.NAME: "r.name",
}

RUN_COLUMNS = (
    "r.id, r.name, e.name, r.notebook, r.status, r.started_at, r.ended_at, r.cell_count,"
    " json_extract(r.git, '$.commit'), json_extract(r.git, '$.branch'),"
    " json_extract(r.git, '$.dirty'), r.active_time, r.continues_run, r.continues_seq"
)


def insert_metrics(
    conn: sqlite3.Connection,
    run_id: str,
    metrics: Mapping[str, float],
    step: int | None,
    logged_at: float,
    seq: int = 0,
) -> None:
    """Write metric values at ``step``; without one, each after its key's last step.

    ``seq`` is the cell execution logging them: a point of another execution at
    the same step is kept beside it, never replaced.
    """
    for key, value in metrics.items():
        at = step
        if at is None:
            (last,) = conn.execute(
                "SELECT MAX(step) FROM metrics WHERE run_id = ? AND key = ?", (run_id, key)
            ).fetchone()
            at = 0 if last is None else int(last) + 1
        conn.execute(
            "INSERT INTO metrics (run_id, key, step, seq, value, logged_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, key, step, seq) DO UPDATE"
            " SET value = excluded.value, logged_at = excluded.logged_at",
            (run_id, key, at, seq, float(value), logged_at),
        )


def upsert_artifact(
    conn: sqlite3.Connection, run_id: str, artifact: Artifact, logged_at: float
) -> None:
    """Keep ``artifact`` with the run; one logged again under its name replaces it."""
    conn.execute(
        "INSERT INTO artifacts (run_id, name, object, size, logged_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, name) DO UPDATE"
        " SET object = excluded.object, size = excluded.size, logged_at = excluded.logged_at",
        (run_id, artifact.name, artifact.object_id, artifact.size, logged_at),
    )


def update_run_row(
    conn: sqlite3.Connection,
    run_id: str,
    *,
    name: str | None,
    tags: Mapping[str, str | None] | None,
) -> None:
    """Rename a run and set tags, or remove those whose value is None."""
    if name is not None:
        conn.execute("UPDATE runs SET name = ? WHERE id = ?", (name.strip(), run_id))
    for key, value in (tags or {}).items():
        if value is None:
            conn.execute("DELETE FROM tags WHERE run_id = ? AND key = ?", (run_id, key))
        else:
            conn.execute(
                "INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
                (run_id, checked_key(key), value),
            )


def revision(conn: sqlite3.Connection) -> int:
    (value,) = conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
    return int(value)


def ensure_experiment(conn: sqlite3.Connection, name: str, created_at: float) -> int:
    conn.execute(
        "INSERT INTO experiments (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        (name, created_at),
    )
    (experiment_id,) = conn.execute("SELECT id FROM experiments WHERE name = ?", (name,)).fetchone()
    return int(experiment_id)


def resolve_run(conn: sqlite3.Connection, run_id: str) -> str:
    """Full id for an id or a unique prefix; unknown ids are `RunNotFoundError`."""
    candidate = run_id.strip().lower() if isinstance(run_id, str) else ""
    if 0 < len(candidate) < _MIN_PREFIX and all(c in "0123456789abcdef" for c in candidate):
        raise InvalidInputError(
            f"Run id prefix {run_id!r} is too short: give at least {_MIN_PREFIX} characters "
            "of the id (`mlops-lab runs` lists them)."
        )
    if not _RUN_ID_PREFIX.match(candidate):
        raise RunNotFoundError(run_id)
    if len(candidate) == 32:
        found = conn.execute("SELECT id FROM runs WHERE id = ?", (candidate,)).fetchall()
    else:
        # Ids are lowercase hex, so the range [prefix, prefix + 'g') holds exactly
        # the ids that start with it, and the primary key index answers it.
        found = conn.execute(
            "SELECT id FROM runs WHERE id >= ? AND id < ? LIMIT 2",
            (candidate, candidate + "g"),
        ).fetchall()
    if not found:
        raise RunNotFoundError(run_id)
    if len(found) > 1:
        raise InvalidInputError(
            f"Run id prefix {run_id!r} matches several runs; give more of the id "
            f"(at least {_MIN_PREFIX} characters, more to disambiguate)."
        )
    return str(found[0][0])


def fetch_run(conn: sqlite3.Connection, run_id: str) -> Run:
    row = conn.execute(
        f"SELECT {RUN_COLUMNS} FROM runs r JOIN experiments e"
        " ON e.id = r.experiment_id WHERE r.id = ?",
        (resolve_run(conn, run_id),),
    ).fetchone()
    return runs_with_values(conn, [row])[0]


def run_order(query: RunQuery, sort: RunSortKey) -> str:
    """ORDER BY text for a column (a metric or param: see `_run_listing`)."""
    direction = "DESC" if query.descending else "ASC"
    return f"{SORT_SQL[sort]} {direction}, r.id {direction}"


def run_filters(query: RunQuery) -> tuple[str, tuple[object, ...]]:
    """WHERE text (empty without criteria) over ``runs r`` and ``experiments e``."""
    clauses, args = run_conditions(query)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return where, args


def run_conditions(query: RunQuery) -> tuple[list[str], tuple[object, ...]]:
    """The query's criteria as SQL conditions to AND together, and their arguments."""
    clauses: list[str] = []
    args: list[object] = []
    if query.experiment is not None:
        clauses.append("e.name = ?")
        args.append(query.experiment)
    if query.notebook is not None:
        clauses.append("r.notebook = ?")
        args.append(query.notebook)
    if query.status is not None:
        clauses.append("r.status = ?")
        args.append(query.status.value)
    if (scope := scope_clause(query.scope)) is not None:
        clauses.append(scope)
    if query.filter:
        more, more_args = filter_sql(query.filter)
        clauses.extend(more)
        args.extend(more_args)
    return clauses, tuple(args)


def runs_with_values(conn: sqlite3.Connection, rows: list[Any]) -> list[Run]:
    """Build runs from rows of ``RUN_COLUMNS`` with their params, metrics and tags."""
    ids = [str(row[0]) for row in rows]
    params: dict[str, dict[str, JsonValue]] = {run_id: {} for run_id in ids}
    metrics: dict[str, dict[str, float]] = {run_id: {} for run_id in ids}
    tags: dict[str, dict[str, str]] = {run_id: {} for run_id in ids}
    continued_by: dict[str, list[str]] = {}
    origins = read_origins(conn, ids)
    if ids:
        marks = ",".join("?" * len(ids))
        # One JSON document per run instead of one per param: parsing dominates
        # listing, and json() keeps each value's text (and so its precision) as is.
        for run_id, document in conn.execute(
            f"SELECT run_id, json_group_object(key, json(value)) FROM params"
            f" WHERE run_id IN ({marks}) GROUP BY run_id",
            ids,
        ):
            params[run_id] = json.loads(document)
        # The latest values, kept apart: a run's whole history may hold 100 steps a key.
        for run_id, key, value in conn.execute(
            f"SELECT run_id, key, value FROM latest_metrics WHERE run_id IN ({marks})", ids
        ):
            metrics[run_id][key] = float(value)
        for run_id, key, value in conn.execute(
            f"SELECT run_id, key, value FROM tags WHERE run_id IN ({marks})", ids
        ):
            tags[run_id][key] = value
        for continued, run_id in conn.execute(
            f"SELECT continues_run, id FROM runs WHERE continues_run IN ({marks})"
            " ORDER BY started_at",
            ids,
        ):
            continued_by.setdefault(continued, []).append(run_id)
    runs = []
    for row in rows:
        run_id, name, experiment, notebook, status, started, ended, cell_count = row[:8]
        commit, branch, dirty, active_time, continues_run, continues_seq = row[8:14]
        runs.append(
            Run(
                id=run_id,
                name=name,
                experiment=experiment,
                notebook=notebook,
                status=RunStatus(status),
                started_at=from_epoch(started),
                ended_at=None if ended is None else from_epoch(ended),
                cell_count=cell_count,
                params=params[run_id],
                metrics=metrics[run_id],
                tags=tags[run_id],
                git=None if commit is None else GitSummary(str(commit), branch, bool(dirty)),
                active_time=float(active_time or 0.0),
                continues=(
                    None
                    if continues_run is None
                    else RunLink(str(continues_run), int(continues_seq or 0))
                ),
                continued_by=tuple(continued_by.get(run_id, ())),
                origin=origins.get(run_id),
            )
        )
    return runs
