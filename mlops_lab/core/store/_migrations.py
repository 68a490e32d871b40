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
    # 5: runs as a data scientist's experiments, and the data flow of each cell.
    # A run's owner process (host, pid, its start time, kernel id) and when it was
    # last seen, so a dead owner's run is marked killed; the run it continues from
    # inside one kernel; its active time (the sum of its cells' durations). The
    # names each execution read and wrote (lineage slices, stale cells) and an
    # index to find the last writer of a file. Metric points keep the execution
    # that logged them (0: logged outside a cell): the table is rebuilt so that
    # two executions logging one step both keep their point.
    (
        "ALTER TABLE runs ADD COLUMN owner_host TEXT",
        "ALTER TABLE runs ADD COLUMN owner_pid INTEGER",
        "ALTER TABLE runs ADD COLUMN owner_started TEXT",
        "ALTER TABLE runs ADD COLUMN kernel_id TEXT",
        "ALTER TABLE runs ADD COLUMN last_seen REAL",
        "ALTER TABLE runs ADD COLUMN continues_run TEXT",
        "ALTER TABLE runs ADD COLUMN continues_seq INTEGER",
        "ALTER TABLE runs ADD COLUMN active_time REAL NOT NULL DEFAULT 0",
        """UPDATE runs SET active_time = (
            SELECT COALESCE(SUM(duration), 0) FROM cell_executions c WHERE c.run_id = runs.id
        )""",
        "CREATE INDEX runs_continues ON runs (continues_run)",
        """CREATE TABLE variable_flows (
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('read', 'write')),
            PRIMARY KEY (run_id, name, role, seq),
            FOREIGN KEY (run_id, seq) REFERENCES cell_executions (run_id, seq)
                ON DELETE CASCADE
        ) WITHOUT ROWID""",
        "CREATE INDEX variable_flows_execution ON variable_flows (run_id, seq)",
        "CREATE INDEX file_accesses_path ON file_accesses (run_id, path, mode, seq)",
        """CREATE TABLE metrics_v5 (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            step INTEGER NOT NULL,
            seq INTEGER NOT NULL DEFAULT 0,
            value REAL NOT NULL,
            logged_at REAL NOT NULL,
            PRIMARY KEY (run_id, key, step, seq)
        ) WITHOUT ROWID""",
        "INSERT INTO metrics_v5 (run_id, key, step, seq, value, logged_at)"
        " SELECT run_id, key, step, 0, value, logged_at FROM metrics",
        "DROP TABLE metrics",
        "ALTER TABLE metrics_v5 RENAME TO metrics",
        *(
            f"""CREATE TRIGGER metrics_{event.lower()}_revision AFTER {event} ON metrics
            BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END"""
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ),
    # 6: sharing runs with a team's MLflow tracking server. The remotes (a
    # name, an ``mlflow:`` URL, whether recorded changes are pushed by themselves,
    # the last error); the outbox of runs changed since their last push to each
    # remote (written in the transaction of the change, drained in the background
    # under a lease so that two processes never push one run at once); which
    # remote run mirrors which run and what of it was sent; and the origin of
    # runs pulled from a remote (read-only here).
    (
        """CREATE TABLE remotes (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            auto INTEGER NOT NULL DEFAULT 0,
            added_at REAL NOT NULL,
            last_push_at REAL,
            last_error TEXT,
            last_error_at REAL
        ) WITHOUT ROWID""",
        """CREATE TABLE remote_outbox (
            remote TEXT NOT NULL REFERENCES remotes (name) ON DELETE CASCADE,
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            changed_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try REAL NOT NULL DEFAULT 0,
            claimed_at REAL,
            claimed_until REAL,
            last_error TEXT,
            PRIMARY KEY (remote, run_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE remote_runs (
            remote TEXT NOT NULL,
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            remote_run_id TEXT NOT NULL,
            sent TEXT NOT NULL DEFAULT '{}',
            pushed_at REAL,
            PRIMARY KEY (remote, run_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE run_origins (
            run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            remote TEXT NOT NULL,
            url TEXT,
            remote_run_id TEXT NOT NULL,
            user TEXT,
            experiment_id TEXT,
            pulled_at REAL NOT NULL,
            marker TEXT
        ) WITHOUT ROWID""",
        "CREATE INDEX run_origins_remote ON run_origins (remote, remote_run_id)",
    ),
    # 7: each run's latest value of each metric (the value at its highest step, of
    # the last execution that logged that step),
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
            seq INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID""",
        "CREATE INDEX latest_metrics_value ON latest_metrics (key, value)",
        """INSERT INTO latest_metrics (run_id, key, step, seq, value)
            SELECT run_id, key, step, seq, value FROM metrics m WHERE NOT EXISTS (
                SELECT 1 FROM metrics n WHERE n.run_id = m.run_id AND n.key = m.key
                AND (n.step > m.step OR (n.step = m.step AND n.seq > m.seq))
            )""",
        *(
            f"""CREATE TRIGGER metrics_{event.lower()}_latest AFTER {event} ON metrics
            BEGIN
                INSERT INTO latest_metrics (run_id, key, step, seq, value)
                    VALUES (NEW.run_id, NEW.key, NEW.step, NEW.seq, NEW.value)
                    ON CONFLICT (run_id, key) DO UPDATE
                    SET step = excluded.step, seq = excluded.seq, value = excluded.value
                    WHERE excluded.step > latest_metrics.step OR (
                        excluded.step = latest_metrics.step AND excluded.seq >= latest_metrics.seq
                    );
            END"""
            for event in ("INSERT", "UPDATE")
        ),
        # An update that moves a value to another step, or a deletion, can take
        # the latest step away: the key's row is then rebuilt from what is left.
        *(
            f"""CREATE TRIGGER metrics_{event.lower()}_latest_rebuild AFTER {event} ON metrics
            WHEN EXISTS (SELECT 1 FROM latest_metrics l WHERE l.run_id = OLD.run_id
                AND l.key = OLD.key AND l.step = OLD.step AND l.seq = OLD.seq)
            BEGIN
                DELETE FROM latest_metrics WHERE run_id = OLD.run_id AND key = OLD.key;
                INSERT INTO latest_metrics (run_id, key, step, seq, value)
                    SELECT run_id, key, step, seq, value FROM metrics
                    WHERE run_id = OLD.run_id AND key = OLD.key
                    ORDER BY step DESC, seq DESC LIMIT 1;
            END"""
            for event in ("DELETE", "UPDATE")
        ),
        "CREATE INDEX params_value ON params (key, json_extract(value, '$'))",
        "CREATE INDEX tags_value ON tags (key, value)",
    ),
    # 8: a checkpoint is complete once its objects are durable; its variables are
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
