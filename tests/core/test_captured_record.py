"""What the kernel captures is stored with its cell, whole, and read back as the run's state."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from mlops_lab.core import (
    FileAccess,
    FileMode,
    InvalidInputError,
    RunNotFoundError,
    Store,
    VariableChange,
    VariableChangeKind,
    run_detail_to_json,
)
from mlops_lab.core.capture.fingerprints import FileFingerprint

NOW = datetime(2026, 5, 1, tzinfo=timezone.utc)


def cell(store: Store, run_id: str, code: str, **changes: object) -> None:
    store.record_cell(run_id, code=code, started_at=NOW, duration=0.001, **changes)  # type: ignore[arg-type]


def test_variables_and_files_come_back_per_cell_and_as_final_state(store: Store) -> None:
    run = store.start_run(experiment="e")
    created = VariableChange(
        "df",
        VariableChangeKind.CREATED,
        "pandas.DataFrame",
        (3, 2),
        None,
        48,
        "...",
        "f1",
        "pandas",
    )
    cell(
        store,
        run.id,
        "df = pd.read_csv('data.csv')",
        variables=[
            created,
            VariableChange("n", VariableChangeKind.CREATED, "int", fingerprint="a"),
        ],
        files=[FileAccess("data.csv", FileMode.READ, 10, "h1")],
    )
    cell(
        store,
        run.id,
        "del n; df.to_csv('out.csv'); df = df.head(2)",
        variables=[
            VariableChange("n", VariableChangeKind.DELETED),
            VariableChange(
                "df", VariableChangeKind.CHANGED, "pandas.DataFrame", (2, 2), fingerprint="f2"
            ),
            VariableChange(
                "gen",
                VariableChangeKind.CREATED,
                "generator",
                method="unfingerprintable",
                detail="cannot pickle 'generator' object",
            ),
        ],
        files=[
            FileAccess("out.csv", FileMode.WRITE, 7, "h2"),
            FileAccess("data.csv", FileMode.READ, 10, "h1"),
        ],
    )
    detail = store.get_run_detail(run.id)
    assert [v.name for v in detail.cells[0].variables] == ["df", "n"]
    assert sorted(detail.variables) == ["df", "gen"]  # n was deleted
    assert detail.variables["df"].shape == (2, 2)
    assert detail.variables["df"].fingerprint == "f2"
    assert [(f.path, f.mode.value) for f in detail.files] == [
        ("data.csv", "read"),
        ("out.csv", "write"),
    ]

    body = run_detail_to_json(detail)
    assert body["variables"]["df"] == {
        "type": "pandas.DataFrame",
        "fingerprint": "f2",
        "shape": [2, 2],
        "repr": None,
    }
    assert body["variables"]["gen"]["unfingerprintable"] == "cannot pickle 'generator' object"
    assert body["data"][1] == {"path": "out.csv", "mode": "write", "size": 7, "fingerprint": "h2"}
    assert body["cells"][1]["variables"] == [
        {"name": "df", "change": "changed"},
        {"name": "gen", "change": "created"},
        {"name": "n", "change": "deleted"},
    ]


def test_run_context_is_stored_once_per_environment(store: Store) -> None:
    first = store.start_run(experiment="e")
    second = store.start_run(experiment="e")
    environment = {
        "python": "3.11.7",
        "implementation": "CPython",
        "platform": "Linux-x86_64",
        "packages": [
            {"name": "pandas", "version": "2.2.0", "origin": "index", "url": None},
            {"name": "mine", "version": "0.1", "origin": "editable", "url": "file:///src/mine"},
        ],
    }
    for run in (first, second):
        store.set_run_context(
            run.id,
            environment=environment,
            requirements="pandas==2.2.0\n-e /src/mine\n",
            git={"commit": "abc", "branch": "main", "dirty": False},
            host={"os": "Linux", "cpu_count": 2},
        )
    objects_before = sum(1 for p in (store.path / "objects").rglob("*") if p.is_file())
    store.set_run_context(second.id, environment=environment)
    assert sum(1 for p in (store.path / "objects").rglob("*") if p.is_file()) == objects_before
    body = run_detail_to_json(store.get_run_detail(second.id))
    assert body["env"]["packages"] == {"mine": "0.1", "pandas": "2.2.0"}
    assert body["env"]["sources"] == {"mine": {"origin": "editable", "url": "file:///src/mine"}}
    assert body["git"] == {"commit": "abc", "branch": "main", "dirty": False}
    assert store.get_run_detail(first.id).requirements == "pandas==2.2.0\n-e /src/mine\n"


def test_artifacts_are_copied_into_the_store(store: Store, tmp_path: Path) -> None:
    run = store.start_run(experiment="e")
    model = tmp_path / "model.bin"
    model.write_bytes(b"weights")
    artifact = store.log_artifact(run.id, model)
    model.write_bytes(b"changed later")
    assert store.objects.get(artifact.object_id) == b"weights"
    assert store.get_run_detail(run.id).artifacts == (artifact,)
    with pytest.raises(InvalidInputError, match="Give an existing file"):
        store.log_artifact(run.id, tmp_path / "missing.bin")


def test_the_stat_cache_answers_only_for_the_same_stat(store: Store) -> None:
    cache = store.stat_cache
    cache.remember(FileFingerprint("data.csv", 10, 111, 5, "h1"))
    assert cache.lookup("data.csv", 10, 111, 5) == "h1"
    assert cache.lookup("data.csv", 10, 112, 5) is None
    cache.remember(FileFingerprint("data.csv", 10, 112, 5, "h2"))
    assert cache.lookup("data.csv", 10, 112, 5) == "h2"


def test_deleting_a_run_deletes_its_captures(store: Store) -> None:
    run = store.start_run(experiment="e")
    cell(
        store,
        run.id,
        "x = 1",
        variables=[VariableChange("x", VariableChangeKind.CREATED, "int")],
        files=[FileAccess("a.txt", FileMode.WRITE)],
    )
    store.delete_run(run.id)
    with pytest.raises(RunNotFoundError):
        store.get_run_detail(run.id)
