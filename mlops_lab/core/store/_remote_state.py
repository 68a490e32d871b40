"""The store's side of team sharing: remotes, the outbox, mirrored runs and pulled runs' origins.

A mixin of `Store` (its thin methods) over SQL helpers that other store writes
call inside their own transaction (`mark_changed`, `check_local`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from ..errors import ConflictError, NotFoundError
from ..frozen import frozen
from ..timestamps import to_epoch
from ._database import Database
from ._run_sql import resolve_run

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "Mirror",
    "OutboxEntry",
    "RemoteRow",
    "RemoteState",
    "check_local",
    "mark_changed",
    "outbox_counts",
]

#: Seconds a process holds a claimed outbox entry before another may take it over.
LEASE_SECONDS = 600.0
#: Back-off after failed pushes: 5 s, doubling, at most 10 minutes.
_BACKOFF_FIRST, _BACKOFF_MAX = 5.0, 600.0


@frozen
class RemoteRow:
    """A remote as the store keeps it; ``last_error`` is the last push that failed."""

    name: str
    url: str
    auto: bool
    last_push_at: float | None
    last_error: str | None
    last_error_at: float | None


@frozen
class OutboxEntry:
    """A run changed since it was last pushed to ``remote``."""

    remote: str
    run_id: str
    changed_at: float
    attempts: int
    next_try: float
    last_error: str | None


@frozen
class Mirror:
    """The remote run mirroring a run, and what of the run it already holds."""

    remote_run_id: str
    sent: dict[str, Any]


def mark_changed(conn: sqlite3.Connection, run_id: str, now: float) -> None:
    """Queue ``run_id`` for every automatic remote, inside the caller's write transaction.

    One indexed insert per automatic remote (none: one read of a tiny table); a
    run pulled from a remote is never pushed back.
    """
    conn.execute(
        "INSERT INTO remote_outbox (remote, run_id, changed_at) SELECT name, ?1, ?2"
        " FROM remotes WHERE auto = 1 AND NOT EXISTS"
        " (SELECT 1 FROM run_origins WHERE run_id = ?1)"
        " ON CONFLICT (remote, run_id) DO UPDATE SET changed_at = excluded.changed_at",
        (run_id, now),
    )


def check_local(conn: sqlite3.Connection, run_id: str) -> None:
    """Refuse to change a run pulled from a remote: its record is its author's."""
    row = conn.execute("SELECT remote FROM run_origins WHERE run_id = ?", (run_id,)).fetchone()
    if row is not None:
        raise ConflictError(
            f"Run {run_id[:8]} was pulled from remote {row[0]!r} and is read-only here; "
            "its author changes it, and `mlops-lab pull` brings the change."
        )


def outbox_counts(conn: sqlite3.Connection) -> dict[str, Any]:
    """`StoreInfo`'s outbox fields: runs waiting, those failing, the latest error."""
    pending, failing = conn.execute(
        "SELECT COUNT(*), COUNT(last_error) FROM remote_outbox"
    ).fetchone()
    error = conn.execute(
        "SELECT last_error FROM remotes WHERE last_error IS NOT NULL"
        " ORDER BY last_error_at DESC LIMIT 1"
    ).fetchone()
    return {
        "pending_pushes": int(pending),
        "failing_pushes": int(failing),
        "last_push_error": None if error is None else str(error[0]),
    }


def _remote_row(row: Iterable[Any]) -> RemoteRow:
    name, url, auto, pushed, error, error_at = row
    return RemoteRow(str(name), str(url), bool(auto), pushed, error, error_at)


class RemoteState:
    """Remotes, the outbox and mirrors: the state `mlops_lab.core.remote` keeps in the store."""

    _db: Database

    # -- remotes ---------------------------------------------------------------

    def add_remote(self, name: str, url: str, *, auto: bool = False) -> None:
        """Keep a remote; one of that name already there is refused."""
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM remotes WHERE name = ?", (name,)).fetchone():
                raise ConflictError(
                    f"A remote named {name!r} exists; remove it first "
                    f"(mlops-lab remote remove {name}) or choose another name."
                )
            conn.execute(
                "INSERT INTO remotes (name, url, auto, added_at) VALUES (?, ?, ?, ?)",
                (name, url, int(auto), to_epoch(None)),
            )

    def remove_remote(self, name: str) -> None:
        """Forget a remote with its outbox; what it mirrors stays known (no re-push)."""
        with self._db.write() as conn:
            if conn.execute("DELETE FROM remotes WHERE name = ?", (name,)).rowcount == 0:
                raise NotFoundError(
                    f"No remote named {name!r}; `mlops-lab remote list` shows the remotes."
                )

    def remotes(self) -> tuple[RemoteRow, ...]:
        with self._db.read() as conn:
            return tuple(
                _remote_row(row)
                for row in conn.execute(
                    "SELECT name, url, auto, last_push_at, last_error, last_error_at"
                    " FROM remotes ORDER BY name"
                )
            )

    # -- the outbox ------------------------------------------------------------

    def enqueue_runs(self, remote: str, run_ids: Sequence[str]) -> list[str]:
        """Queue runs for ``remote`` (ids or prefixes); their full ids. Pulled runs are refused."""
        now = to_epoch(None)
        with self._db.write() as conn:
            full = [resolve_run(conn, run_id) for run_id in run_ids]
            for run_id in full:
                check_local(conn, run_id)
            conn.executemany(
                "INSERT INTO remote_outbox (remote, run_id, changed_at, next_try)"
                " VALUES (?, ?, ?, 0) ON CONFLICT (remote, run_id) DO UPDATE"
                " SET changed_at = excluded.changed_at, next_try = 0",
                [(remote, run_id, now) for run_id in full],
            )
        return full

    def local_run_ids(self) -> list[str]:
        """Every run made here (not pulled), oldest first."""
        with self._db.read() as conn:
            return [
                str(run_id)
                for (run_id,) in conn.execute(
                    "SELECT id FROM runs WHERE id NOT IN (SELECT run_id FROM run_origins)"
                    " ORDER BY started_at"
                )
            ]

    def retry_now(self, remote: str) -> None:
        """End the back-off of ``remote``'s failed entries: an explicit push or sync."""
        with self._db.write() as conn:
            conn.execute("UPDATE remote_outbox SET next_try = 0 WHERE remote = ?", (remote,))

    def claim_outbox(
        self, remote: str, *, limit: int, lease: float = LEASE_SECONDS
    ) -> list[tuple[str, float]]:
        """Take up to ``limit`` entries of ``remote`` due now and free: ``(run id, claimed at)``."""
        now = to_epoch(None)
        with self._db.write() as conn:
            rows = conn.execute(
                "SELECT run_id FROM remote_outbox WHERE remote = ? AND next_try <= ?"
                " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY changed_at LIMIT ?",
                (remote, now, now, limit),
            ).fetchall()
            conn.executemany(
                "UPDATE remote_outbox SET claimed_at = ?, claimed_until = ?"
                " WHERE remote = ? AND run_id = ?",
                [(now, now + lease, remote, run_id) for (run_id,) in rows],
            )
        return [(str(run_id), now) for (run_id,) in rows]

    def finish_outbox(self, remote: str, run_id: str, claimed_at: float) -> None:
        """A claimed run was pushed: drop it, unless it changed again since the claim."""
        now = to_epoch(None)
        with self._db.write() as conn:
            conn.execute(
                "DELETE FROM remote_outbox WHERE remote = ? AND run_id = ? AND changed_at <= ?",
                (remote, run_id, claimed_at),
            )
            # changed while it was pushed: again on the next drain, not in a loop of this one
            conn.execute(
                "UPDATE remote_outbox SET claimed_at = NULL, claimed_until = NULL, attempts = 0,"
                " next_try = ?, last_error = NULL WHERE remote = ? AND run_id = ?",
                (now + 1.0, remote, run_id),
            )
            conn.execute(
                "UPDATE remotes SET last_push_at = ?, last_error = NULL, last_error_at = NULL"
                " WHERE name = ?",
                (now, remote),
            )

    def fail_outbox(self, remote: str, run_ids: Sequence[str], error: str) -> None:
        """Pushing failed: keep the runs queued, retried after a growing back-off."""
        now = to_epoch(None)
        with self._db.write() as conn:
            for run_id in run_ids:
                conn.execute(
                    "UPDATE remote_outbox SET attempts = attempts + 1, claimed_at = NULL,"
                    " claimed_until = NULL, last_error = ?, next_try = ? + MIN(?, ? * (1 <<"
                    " MIN(attempts, 10))) WHERE remote = ? AND run_id = ?",
                    (error, now, _BACKOFF_MAX, _BACKOFF_FIRST, remote, run_id),
                )
            conn.execute(
                "UPDATE remotes SET last_error = ?, last_error_at = ? WHERE name = ?",
                (error, now, remote),
            )

    def outbox(self, remote: str | None = None) -> tuple[OutboxEntry, ...]:
        """What waits to be pushed, to ``remote`` or to every remote, oldest change first."""
        with self._db.read() as conn:
            return tuple(
                OutboxEntry(str(r), str(run_id), changed, int(attempts), next_try, error)
                for r, run_id, changed, attempts, next_try, error in conn.execute(
                    "SELECT remote, run_id, changed_at, attempts, next_try, last_error"
                    " FROM remote_outbox WHERE ? IS NULL OR remote = ? ORDER BY changed_at",
                    (remote, remote),
                )
            )

    # -- mirrors and origins ---------------------------------------------------

    def mirror(self, remote: str, run_id: str) -> Mirror | None:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT remote_run_id, sent FROM remote_runs WHERE remote = ? AND run_id = ?",
                (remote, run_id),
            ).fetchone()
        return None if row is None else Mirror(str(row[0]), json.loads(row[1]))

    def save_mirror(
        self, remote: str, run_id: str, remote_run_id: str, sent: dict[str, Any]
    ) -> None:
        """Keep what ``remote`` holds of a run: written after each accepted request."""
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO remote_runs (remote, run_id, remote_run_id, sent, pushed_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (remote, run_id) DO UPDATE SET"
                " remote_run_id = excluded.remote_run_id, sent = excluded.sent,"
                " pushed_at = excluded.pushed_at",
                (
                    remote,
                    run_id,
                    remote_run_id,
                    json.dumps(sent, separators=(",", ":")),
                    to_epoch(None),
                ),
            )

    def checkpoint_manifest(self, run_id: str) -> tuple[dict[str, Any], list[str]]:
        """A run's checkpoints (name to variables and their objects) and every object they use."""
        manifest: dict[str, Any] = {}
        objects: dict[str, None] = {}
        with self._db.read() as conn:
            for name, created, variable, type_, stream, buffers, skipped in conn.execute(
                "SELECT c.name, c.created_at, v.name, v.type, v.stream_object, v.buffer_objects,"
                " v.skipped FROM checkpoints c JOIN checkpoint_variables v"
                " ON v.checkpoint_id = c.id WHERE c.run_id = ? ORDER BY c.created_at, v.position",
                (run_id,),
            ):
                used = ([stream] if stream else []) + (json.loads(buffers) if buffers else [])
                objects.update(dict.fromkeys(used))
                entry = manifest.setdefault(name, {"created_at": created, "variables": {}})
                entry["variables"][variable] = {"type": type_, "objects": used, "skipped": skipped}
        return manifest, list(objects)

    def pulled_markers(self, remote: str) -> dict[str, tuple[str, str | None]]:
        """Remote run id to (local run id, marker of the version pulled) for ``remote``."""
        with self._db.read() as conn:
            return {
                str(remote_id): (str(run_id), marker)
                for run_id, remote_id, marker in conn.execute(
                    "SELECT run_id, remote_run_id, marker FROM run_origins WHERE remote = ?",
                    (remote,),
                )
            }

    def check_remote_name(self, name: str) -> str:
        """``name`` if a remote has it, else `NotFoundError` naming the remotes there are."""
        known = [remote.name for remote in self.remotes()]
        if name not in known:
            listed = ", ".join(known) or "none yet (mlops-lab remote add NAME URL)"
            raise NotFoundError(f"No remote named {name!r}; the remotes: {listed}.")
        return name
