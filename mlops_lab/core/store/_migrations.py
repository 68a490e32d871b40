"""The store's SQL schema, as forward-only migrations.

``PRAGMA user_version`` holds the schema version. Migration N (1-based) takes a
store from version N-1 to N; a released migration is never edited, only
followed by a new one.
"""

from __future__ import annotations

import sqlite3

from ..errors import SchemaVersionError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: experiments, runs, executed cells, params, metrics, tags, and a revision
    # counter that triggers bump on every change a runs list would show.
    (
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        )""",
        "INSERT INTO meta (key, value) VALUES ('revision', 0)",
        """CREATE TABLE experiments (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL
        )""",
        """CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments (id),
            name TEXT NOT NULL,
            notebook TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('running', 'finished', 'failed', 'killed')),
            started_at REAL NOT NULL,
            ended_at REAL,
            cell_count INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX runs_started ON runs (started_at, id)",
        "CREATE INDEX runs_experiment ON runs (experiment_id, started_at)",
        "CREATE INDEX runs_notebook ON runs (notebook, started_at)",
        "CREATE INDEX runs_status ON runs (status, started_at)",
        """CREATE TABLE cell_executions (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            execution_count INTEGER,
            cell_id TEXT,
            code_object TEXT NOT NULL,
            started_at REAL NOT NULL,
            duration REAL NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
            error_name TEXT,
            error_value TEXT,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID""",
        """CREATE TABLE params (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID""",
        """CREATE TABLE metrics (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            step INTEGER NOT NULL,
            value REAL NOT NULL,
            logged_at REAL NOT NULL,
            PRIMARY KEY (run_id, key, step)
        ) WITHOUT ROWID""",
        """CREATE TABLE tags (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID""",
        *(
            f"""CREATE TRIGGER {table}_{event.lower()}_revision AFTER {event} ON {table}
            BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END"""
            for table in ("runs", "params", "metrics", "tags")
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ),
    # 2: what the kernel captures: variables and files per cell, the run's
    # environment, git state and host, logged artifacts, and the stat cache that
    # lets an unchanged file cost one stat instead of a hash.
    (
        "ALTER TABLE runs ADD COLUMN environment_object TEXT",
        "ALTER TABLE runs ADD COLUMN requirements_object TEXT",
        "ALTER TABLE runs ADD COLUMN git TEXT",
        "ALTER TABLE runs ADD COLUMN host TEXT",
        """CREATE TABLE variable_changes (
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            change TEXT NOT NULL CHECK (change IN ('created', 'changed', 'deleted')),
            type TEXT,
            shape TEXT,
            dtype TEXT,
            nbytes INTEGER,
            repr TEXT,
            fingerprint TEXT,
            method TEXT,
            detail TEXT,
            PRIMARY KEY (run_id, seq, name),
            FOREIGN KEY (run_id, seq) REFERENCES cell_executions (run_id, seq)
                ON DELETE CASCADE
        ) WITHOUT ROWID""",
        """CREATE TABLE file_accesses (
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            path TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('read', 'write')),
            size INTEGER,
            fingerprint TEXT,
            PRIMARY KEY (run_id, seq, path, mode),
            FOREIGN KEY (run_id, seq) REFERENCES cell_executions (run_id, seq)
                ON DELETE CASCADE
        ) WITHOUT ROWID""",
        """CREATE TABLE artifacts (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            object TEXT NOT NULL,
            size INTEGER NOT NULL,
            logged_at REAL NOT NULL,
            PRIMARY KEY (run_id, name)
        ) WITHOUT ROWID""",
        """CREATE TABLE stat_cache (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            fingerprint TEXT NOT NULL
        ) WITHOUT ROWID""",
    ),
    # 3: checkpoints of kernel state, one row per variable. A stored value is a
    # pickle stream object plus its out-of-band buffer objects, shared by every
    # checkpoint that holds the same value; modules are kept by name, objects
    # bound to two names once (alias), and what cannot be stored with why.
    (
        """CREATE TABLE checkpoints (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created_at REAL NOT NULL,
            UNIQUE (run_id, name)
        )""",
        """CREATE TABLE checkpoint_variables (
            checkpoint_id TEXT NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            type TEXT,
            module TEXT,
            alias TEXT,
            stream_object TEXT,
            buffer_objects TEXT,
            size INTEGER,
            skipped TEXT,
            PRIMARY KEY (checkpoint_id, name)
        ) WITHOUT ROWID""",
    ),
    # 4: the local model registry: registered models, their numbered versions (the
    # artifact and lineage document are objects), and aliases. A version keeps its
    # run id without a foreign key: deleting a run must not unregister its models.
    (
        """CREATE TABLE registered_models (
            name TEXT PRIMARY KEY,
            description TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '{}',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE model_versions (
            model TEXT NOT NULL REFERENCES registered_models (name) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            created_at REAL NOT NULL,
            run_id TEXT,
            description TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '{}',
            filename TEXT NOT NULL,
            format TEXT NOT NULL CHECK (format IN ('cloudpickle', 'pickle', 'file')),
            size INTEGER NOT NULL,
            artifact_object TEXT NOT NULL,
            model_info TEXT NOT NULL,
            lineage TEXT NOT NULL,
            PRIMARY KEY (model, version)
        ) WITHOUT ROWID""",
        "CREATE INDEX model_versions_run ON model_versions (run_id)",
        """CREATE TABLE model_aliases (
            model TEXT NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (model, alias),
            FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
                ON DELETE CASCADE
        ) WITHOUT ROWID""",
    ),
    # 5: each run's latest value of each metric (the value at its highest step),
    # kept by triggers on `metrics` whatever writes or deletes there (a run's
    # deletion cascades to its metrics, whose trigger empties this table), and
    # indexes that walk runs in the order of a metric's or a param's value: a
    # page sorted or filtered by a value reads its runs in order instead of
    # looking up every run's value and sorting them all.
    (
        """CREATE TABLE latest_metrics (
            run_id TEXT NOT NULL,
            key TEXT NOT NULL,
            step INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID""",
        "CREATE INDEX latest_metrics_value ON latest_metrics (key, value)",
        """INSERT INTO latest_metrics (run_id, key, step, value)
            SELECT run_id, key, MAX(step), value FROM metrics GROUP BY run_id, key""",
        *(
            f"""CREATE TRIGGER metrics_{event.lower()}_latest AFTER {event} ON metrics
            BEGIN
                INSERT INTO latest_metrics (run_id, key, step, value)
                    VALUES (NEW.run_id, NEW.key, NEW.step, NEW.value)
                    ON CONFLICT (run_id, key) DO UPDATE
                    SET step = excluded.step, value = excluded.value
                    WHERE excluded.step >= latest_metrics.step;
            END"""
            for event in ("INSERT", "UPDATE")
        ),
        # An update that moves a value to another step, or a deletion, can take
        # the latest step away: the key's row is then rebuilt from what is left.
        *(
            f"""CREATE TRIGGER metrics_{event.lower()}_latest_rebuild AFTER {event} ON metrics
            WHEN EXISTS (SELECT 1 FROM latest_metrics l WHERE l.run_id = OLD.run_id
                AND l.key = OLD.key AND l.step = OLD.step)
            BEGIN
                DELETE FROM latest_metrics WHERE run_id = OLD.run_id AND key = OLD.key;
                INSERT INTO latest_metrics (run_id, key, step, value)
                    SELECT run_id, key, step, value FROM metrics
                    WHERE run_id = OLD.run_id AND key = OLD.key
                    ORDER BY step DESC LIMIT 1;
            END"""
            for event in ("DELETE", "UPDATE")
        ),
        "CREATE INDEX params_value ON params (key, json_extract(value, '$'))",
        "CREATE INDEX tags_value ON tags (key, value)",
    ),
    # 6: a checkpoint is complete once its objects are durable; its variables are
    # written first, its objects after (off the kernel's thread), so one whose
    # kernel died in between stays incomplete and is never offered for restore.
    ("ALTER TABLE checkpoints ADD COLUMN complete INTEGER NOT NULL DEFAULT 1",),
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema of ``conn`` up to `SCHEMA_VERSION`.

    The caller holds a write transaction (``BEGIN IMMEDIATE``), so two processes
    opening a new store at once apply each migration exactly once.

    Returns
    -------
    int
        The schema version found before migrating.
    """
    (found,) = conn.execute("PRAGMA user_version").fetchone()
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"This store has schema version {found} but this mlops-lab understands up to "
            f"{SCHEMA_VERSION}; upgrade it: pip install --upgrade mlops-lab"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        for statement in MIGRATIONS[version - 1]:
            conn.execute(statement)
        # PRAGMA takes no parameters; `version` is an int from our own table.
        conn.execute(f"PRAGMA user_version = {int(version)}")
    return int(found)
