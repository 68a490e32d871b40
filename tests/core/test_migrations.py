"""The schema has a version, migrates forward, and refuses a store from the future."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from mlops_lab.core import SCHEMA_VERSION, SchemaVersionError, Store


def test_a_new_store_is_at_the_current_version_in_wal_mode(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    with Store.open(store_path) as store:
        assert store.info().schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(store_path / "store.db")
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    conn.close()


def test_a_store_from_a_newer_version_is_refused_untouched(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path / "store.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError, match="pip install --upgrade mlops-lab"):
        Store.open(store_path)
    conn = sqlite3.connect(store_path / "store.db")
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 1,)
    conn.close()


def _open_and_start(path: str) -> str:
    with Store.open(path) as store:
        return store.start_run(experiment="race").id


def test_processes_creating_one_store_at_once_migrate_it_once(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        ids = pool.map(_open_and_start, [str(store_path)] * 8)
    with Store.open(store_path) as store:
        assert store.info().run_count == 8
        assert {r.id for r in store.list_runs().runs} == set(ids)
