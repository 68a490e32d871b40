"""Reading many runs at once: a page of a filtered, sorted list, and the names they use."""

from __future__ import annotations

import sqlite3

from ..records import Experiment, RunKeys, RunPage, RunQuery, ValueSort
from ..timestamps import from_epoch
from ._run_sql import (
    RUN_COLUMNS,
    revision,
    run_conditions,
    run_filters,
    run_order,
    runs_with_values,
)
from .run_filter import VALUE_INDEXES, indexed_count_sql

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = ["list_experiments", "list_runs", "run_keys"]

_FROM = "FROM runs r JOIN experiments e ON e.id = r.experiment_id"


def list_runs(conn: sqlite3.Connection, query: RunQuery) -> RunPage:
    """One page of runs matching ``query``, with the total that match."""
    where, args = run_filters(query)
    indexed = None
    if query.filter and (query.experiment, query.notebook, query.status) == (None, None, None):
        indexed = indexed_count_sql(conn, query.filter)
    if indexed is not None:
        (total,) = conn.execute(*indexed).fetchone()
    else:
        (total,) = conn.execute(f"SELECT COUNT(*) {_FROM}{where}", args).fetchone()
    if isinstance(query.sort, ValueSort):
        rows = _page_by_value(conn, query, query.sort)
    else:
        rows = conn.execute(
            f"SELECT {RUN_COLUMNS} {_FROM}{where} ORDER BY {run_order(query, query.sort)}"
            " LIMIT ? OFFSET ?",
            (*args, query.limit, query.offset),
        ).fetchall()
    return RunPage(
        runs=tuple(runs_with_values(conn, rows)),
        total=int(total),
        offset=query.offset,
        limit=query.limit,
        revision=revision(conn),
    )


def _page_by_value(conn: sqlite3.Connection, query: RunQuery, sort: ValueSort) -> list[Any]:
    """A page sorted by a metric or param: runs holding it in order, then the others.

    The runs holding a value are read in the order of the (key, value) index,
    so a page costs its own rows, not a look-up and a sort of every run; CROSS
    JOIN keeps SQLite from starting at ``runs`` instead. The runs without the
    value follow by id, as ``NULLS LAST`` ordered them.
    """
    table, value = VALUE_INDEXES[sort.kind]
    direction = "DESC" if query.descending else "ASC"
    conditions, args = run_conditions(query)
    holding = " AND ".join(["v.key = ?", f"{value} IS NOT NULL", *conditions])
    from_holding = (
        f"FROM {table} v CROSS JOIN runs r ON r.id = v.run_id"
        f" JOIN experiments e ON e.id = r.experiment_id WHERE {holding}"
    )
    rows = conn.execute(
        f"SELECT {RUN_COLUMNS} {from_holding} ORDER BY {value} {direction},"
        f" v.run_id {direction} LIMIT ? OFFSET ?",
        (sort.name, *args, query.limit, query.offset),
    ).fetchall()
    if len(rows) == query.limit:
        return rows
    (held,) = conn.execute(f"SELECT COUNT(*) {from_holding}", (sort.name, *args)).fetchone()
    lacking = " AND ".join(
        [
            *conditions,
            f"NOT EXISTS (SELECT 1 FROM {table} v WHERE v.run_id = r.id AND v.key = ?"
            f" AND {value} IS NOT NULL)",
        ]
    )
    rows += conn.execute(
        f"SELECT {RUN_COLUMNS} {_FROM} WHERE {lacking} ORDER BY r.id {direction} LIMIT ? OFFSET ?",
        (*args, sort.name, query.limit - len(rows), max(0, query.offset - int(held))),
    ).fetchall()
    return rows


def run_keys(conn: sqlite3.Connection, query: RunQuery) -> RunKeys:
    """The param, metric and tag names used by the runs ``query`` matches (paging ignored)."""
    where, args = run_filters(query)
    matching = f"SELECT r.id {_FROM}{where}"

    def names(table: str) -> tuple[str, ...]:
        # The table name is one of the fixed names below, never user input.
        rows = conn.execute(
            f"SELECT DISTINCT key FROM {table} WHERE run_id IN ({matching}) ORDER BY key", args
        )
        return tuple(str(key) for (key,) in rows)

    # Metric names from the latest values: the same names, without every step's row.
    return RunKeys(params=names("params"), metrics=names("latest_metrics"), tags=names("tags"))


def list_experiments(conn: sqlite3.Connection) -> tuple[Experiment, ...]:
    rows = conn.execute(
        "SELECT e.name, e.created_at, COUNT(r.id) FROM experiments e"
        " LEFT JOIN runs r ON r.experiment_id = e.id GROUP BY e.id ORDER BY e.name"
    ).fetchall()
    return tuple(Experiment(name, from_epoch(created), int(n)) for name, created, n in rows)
