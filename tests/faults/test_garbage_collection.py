"""``mlops-lab gc``: deleted runs' objects go; what a run, checkpoint or model needs stays."""

from __future__ import annotations

import contextlib
import io
import os
import time
from pathlib import Path

import numpy as np
from trained_runs import record_training_run

from mlops_lab.cli import main
from mlops_lab.core import Store
from mlops_lab.core.checkpoint import Checkpointer, find_checkpoint, load_checkpoint
from mlops_lab.core.registry import PushOptions, load_model, open_registry, push_value
from mlops_lab.core.store.garbage import collect_garbage


def object_ids(store: Store) -> set[str]:
    root = store.objects.root
    return {p.parent.name + p.name for p in root.glob("[0-9a-f][0-9a-f]/*")}


def recorded_run(store: Store, code: str, shared: str) -> str:
    run = store.start_run(notebook="n.ipynb")
    store.record_cell(run.id, code=shared, started_at=None, duration=0.1, execution_count=1)
    store.record_cell(run.id, code=code, started_at=None, duration=0.1, execution_count=2)
    store.log_artifact(run.id, _file(store, code))
    store.end_run(run.id, "finished")
    return run.id


def _file(store: Store, text: str) -> Path:
    path = store.path.parent / "artifact.txt"
    path.write_text(text * 100)
    return path


def age_every_object(store: Store) -> None:
    """Objects written before the collection starts, as in any real store."""
    past = time.time() - 10
    for path in store.objects.root.glob("[0-9a-f][0-9a-f]/*"):
        os.utime(path, (past, past))


def test_gc_frees_a_deleted_runs_objects_and_keeps_what_others_need(store: Store) -> None:
    trained = record_training_run(store)
    with open_registry("local", store) as registry:
        push_value(registry, store, trained.run.id, "model", trained.model, PushOptions("iris"))
    kept_run = recorded_run(store, "kept = 1", "import math")
    Checkpointer().checkpoint(store, kept_run, {"big": np.arange(300_000)}, name="c1")
    before_gone = object_ids(store)
    gone_run = recorded_run(store, "gone = 2", "import math")
    only_gone = object_ids(store) - before_gone
    store.delete_run(gone_run)
    stale = store.objects.root / "tmp" / "crashed.1.2"
    stale.write_bytes(b"x" * 1000)
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    age_every_object(store)

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["--store", str(store.path), "gc"], stdout=out) == 0

    assert out.getvalue().startswith(f"freed {len(only_gone)} objects")
    assert object_ids(store) == before_gone  # the shared "import math" stays
    assert not stale.exists()
    detail = store.get_run_detail(kept_run)
    assert [c.code for c in detail.cells] == [
        "import math",
        "kept = 1",
    ]
    restored = load_checkpoint(store, find_checkpoint(store, f"{kept_run}:c1"))
    assert int(restored.values["big"].sum()) == int(np.arange(300_000).sum())
    model = load_model("models:/iris/1", store=store)
    assert type(model) is type(trained.model)


def test_gc_never_removes_an_object_written_after_it_began(store: Store) -> None:
    run = recorded_run(store, "a = 1", "import os")
    store.delete_run(run)
    # As if a concurrent writer wrote (or found and touched) each object during the collection.
    later = time.time() + 60
    for path in store.objects.root.glob("[0-9a-f][0-9a-f]/*"):
        os.utime(path, (later, later))

    report = collect_garbage(store)

    assert report.objects == 0
    assert report.kept == len(object_ids(store))


def test_a_dry_run_removes_nothing(store: Store) -> None:
    store.delete_run(recorded_run(store, "a = 1", "import os"))
    age_every_object(store)
    before = object_ids(store)

    report = collect_garbage(store, dry_run=True)

    assert report.objects == len(before) > 0
    assert object_ids(store) == before
