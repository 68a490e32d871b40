"""Reading many runs at once: a page of a filtered, sorted list, and the names they use."""

from __future__ import annotations

import sqlite3

from ..records import Experiment, RunKeys, RunPage, RunQuery
from ..timestamps import from_epoch
from ._run_sql import RUN_COLUMNS, revision, run_filters, run_order, runs_with_values

__all__ = ["list_experiments", "list_runs", "run_keys"]

_FROM = "FROM runs r JOIN experiments e ON e.id = r.experiment_id"


def list_runs(conn: sqlite3.Connection, query: RunQuery) -> RunPage:
    """One page of runs matching ``query``, with the total that match."""
    where, args = run_filters(query)
    order, order_args = run_order(query)
    (total,) = conn.execute(f"SELECT COUNT(*) {_FROM}{where}", args).fetchone()
    rows = conn.execute(
        f"SELECT {RUN_COLUMNS} {_FROM}{where} ORDER BY {order} LIMIT ? OFFSET ?",
        (*args, *order_args, query.limit, query.offset),
    ).fetchall()
    return RunPage(
        runs=tuple(runs_with_values(conn, rows)),
        total=int(total),
        offset=query.offset,
        limit=query.limit,
        revision=revision(conn),
    )


def run_keys(conn: sqlite3.Connection, query: RunQuery) -> RunKeys:
    """The param, metric and tag names used by the runs ``query`` matches (paging ignored)."""
    where, args = run_filters(query)
    matching = f"SELECT r.id {_FROM}{where}"

    def names(table: str) -> tuple[str, ...]:
        # The table name is one of three fixed names below, never user input.
        rows = conn.execute(
            f"SELECT DISTINCT key FROM {table} WHERE run_id IN ({matching}) ORDER BY key", args
        )
        return tuple(str(key) for (key,) in rows)

    return RunKeys(params=names("params"), metrics=names("metrics"), tags=names("tags"))


def list_experiments(conn: sqlite3.Connection) -> tuple[Experiment, ...]:
    rows = conn.execute(
        "SELECT e.name, e.created_at, COUNT(r.id) FROM experiments e"
        " LEFT JOIN runs r ON r.experiment_id = e.id GROUP BY e.id ORDER BY e.name"
    ).fetchall()
    return tuple(Experiment(name, from_epoch(created), int(n)) for name, created, n in rows)
