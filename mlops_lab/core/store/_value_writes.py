"""The store's writes of what a run logs and where it ran: params, metrics, tags, context.

A mixin of `Store`, kept apart so that the façade stays readable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from ..errors import ConflictError, InvalidInputError
from ..records import Artifact, JsonValue
from ..timestamps import to_epoch
from ._database import Database
from ._remote_state import mark_changed
from ._run_sql import insert_metrics, resolve_run, upsert_artifact
from .objects import ObjectStore
from .validation import check_metric, checked_key, json_text

__all__ = ["RunValueWrites"]


class RunValueWrites:
    """Params (fixed once set), metric points (each with its execution), tags, context."""

    objects: ObjectStore
    _db: Database

    def log_params(
        self, run_id: str, params: Mapping[str, JsonValue], *, amend: Collection[str] = ()
    ) -> None:
        """Record parameters; they are fixed once set.

        A key logged again with its value is left as it is; with another value it
        is refused (`ConflictError`): another value is another run. Keys in
        ``amend`` may take a new value (the kernel's parameters cell, executed again
        before any other cell ran).
        """
        rows = {checked_key(key): json_text(key, value) for key, value in params.items()}
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            marks = ",".join("?" * len(rows))
            for key, text in conn.execute(
                f"SELECT key, value FROM params WHERE run_id = ? AND key IN ({marks})",
                (run_id, *rows),
            ).fetchall():
                if key not in amend and json.loads(text) != json.loads(rows[key]):
                    raise ConflictError(
                        f"Param {key!r} of run {run_id[:8]} is already {text}; params are "
                        f"fixed once set: begin a new run (%mlops run) to record {rows[key]}."
                    )
            conn.executemany(
                "INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
                [(run_id, key, text) for key, text in rows.items()],
            )
            mark_changed(conn, run_id, to_epoch(None))

    def log_metric(
        self,
        run_id: str,
        key: str,
        value: float,
        *,
        step: int | None = None,
        logged_at: datetime | None = None,
    ) -> None:
        """Record one metric value; without ``step`` it goes after the last one."""
        self.log_metrics(run_id, {key: value}, step=step, logged_at=logged_at)

    def log_metrics(
        self,
        run_id: str,
        metrics: Mapping[str, float],
        *,
        step: int | None = None,
        logged_at: datetime | None = None,
        in_cell: bool = False,
    ) -> None:
        """Record several metric values in one transaction.

        Without ``step``, each value goes after the last one logged for its key.
        Each point keeps the cell execution that logged it: the one running
        (``in_cell``: a kernel logs while its cell runs, before the cell is
        recorded), else the last one recorded (a pipeline step's printed metrics).
        """
        for key, value in metrics.items():
            check_metric(key, value)
        if step is not None and step < 0:
            raise InvalidInputError(f"Metric step must be 0 or more, not {step}.")
        moment = to_epoch(logged_at)
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            seq = _logging_execution(conn, run_id, in_cell)
            insert_metrics(conn, run_id, metrics, step, moment, seq)
            mark_changed(conn, run_id, moment)

    def log_metric_points(
        self, run_id: str, points: Sequence[tuple[str, float, int | None, datetime | None]]
    ) -> None:
        """Record a metric history, ``(key, value, step, logged_at)`` each, in one transaction.

        A point without ``step`` goes after the last one logged for its key.
        """
        for key, value, step, _ in points:
            check_metric(key, value)
            if step is not None and step < 0:
                raise InvalidInputError(f"Metric step must be 0 or more, not {step}.")
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            seq = _logging_execution(conn, run_id, False)
            for key, value, step, logged_at in points:
                insert_metrics(conn, run_id, {key: value}, step, to_epoch(logged_at), seq)
            mark_changed(conn, run_id, to_epoch(None))

    def set_tags(self, run_id: str, tags: Mapping[str, str]) -> None:
        """Set string tags on a run; a key set again takes the new value."""
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            conn.executemany(
                "INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
                [(run_id, checked_key(key), str(value)) for key, value in tags.items()],
            )
            mark_changed(conn, run_id, to_epoch(None))

    def set_run_context(
        self,
        run_id: str,
        *,
        environment: Mapping[str, JsonValue] | None = None,
        requirements: str | None = None,
        git: Mapping[str, JsonValue] | None = None,
        host: Mapping[str, JsonValue] | None = None,
    ) -> None:
        """Record where a run ran; only the parts given are written.

        The environment document and the requirements file are objects, so the
        many runs of one environment share one copy.
        """
        updates: dict[str, str] = {}
        if environment is not None:
            document = json.dumps(environment, sort_keys=True, separators=(",", ":"))
            updates["environment_object"] = self.objects.put_text(document)
        if requirements is not None:
            updates["requirements_object"] = self.objects.put_text(requirements)
        if git is not None:
            updates["git"] = json_text("git", dict(git))
        if host is not None:
            updates["host"] = json_text("host", dict(host))
        if not updates:
            return
        # Column names come from the fixed keys above, never from the caller.
        assignments = ", ".join(f"{column} = ?" for column in updates)
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            conn.execute(f"UPDATE runs SET {assignments} WHERE id = ?", (*updates.values(), run_id))
            mark_changed(conn, run_id, to_epoch(None))

    def log_artifact(self, run_id: str, path: Path, *, name: str | None = None) -> Artifact:
        """Keep a copy of a file with a run, under ``name`` (the file name by default)."""
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InvalidInputError(
                f"Cannot log {path} as an artifact: {err.strerror}. Give an existing file."
            ) from None
        artifact = Artifact(name or path.name, self.objects.put(data), len(data))
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            upsert_artifact(conn, run_id, artifact, to_epoch(None))
            mark_changed(conn, run_id, to_epoch(None))
        return artifact

    def log_artifact_object(self, run_id: str, name: str, object_id: str) -> Artifact:
        """Keep an object already in ``objects`` with a run, as an artifact named ``name``."""
        size = len(self.objects.get(object_id))
        artifact = Artifact(name, object_id, size)
        with self._db.write() as conn:
            run_id = resolve_run(conn, run_id)
            upsert_artifact(conn, run_id, artifact, to_epoch(None))
            mark_changed(conn, run_id, to_epoch(None))
        return artifact


def _logging_execution(conn: sqlite3.Connection, run_id: str, in_cell: bool) -> int:
    """The seq of the execution logging a metric now: the running one, or the last."""
    (count,) = conn.execute("SELECT cell_count FROM runs WHERE id = ?", (run_id,)).fetchone()
    return int(count) + 1 if in_cell else int(count)
