"""SQL of pulled runs' origins that listing runs needs: the origin of each, and the scope filter."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from ..records import RunOrigin

__all__ = ["read_origins", "scope_clause"]


def read_origins(conn: sqlite3.Connection, run_ids: Sequence[str]) -> dict[str, RunOrigin]:
    """The origin of each pulled run among ``run_ids`` (local runs have none)."""
    if not run_ids:
        return {}
    marks = ",".join("?" * len(run_ids))
    return {
        run_id: RunOrigin(remote, url, remote_run_id, user)
        for run_id, remote, url, remote_run_id, user in conn.execute(
            "SELECT run_id, remote, url, remote_run_id, user FROM run_origins"
            f" WHERE run_id IN ({marks})",
            list(run_ids),
        )
    }


def scope_clause(scope: str) -> str | None:
    """A WHERE clause over ``runs r`` keeping the runs of ``scope`` (None: all runs)."""
    if scope == "team":
        return "EXISTS (SELECT 1 FROM run_origins o WHERE o.run_id = r.id)"
    if scope == "local":
        return "NOT EXISTS (SELECT 1 FROM run_origins o WHERE o.run_id = r.id)"
    return None
