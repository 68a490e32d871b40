"""The mlops-lab store the UI tests run against, written through the core API.

``python store.py seed`` wipes and seeds it; ``python store.py add NAME`` adds
one finished run, as a kernel would while the page is open, ``python store.py
start NAME`` one that is still running, ``python store.py delete NAME``
deletes the runs of that name, and ``python store.py forget NOTEBOOK`` the runs
of notebooks with that file name (the tracking tests record them).
``python store.py pull-fake REMOTE`` writes two runs as ``mlops-lab pull REMOTE``
would (each with an origin: the remote and who made it), without an MLflow
server; ``python store.py forget-pulled`` deletes every pulled run.
``python store.py monitored MODEL`` registers version 1 of MODEL, trained on
``data/MODEL.csv``, with two drift checks (``mlops-lab monitor``): the first
without drift, the second with column ``income`` drifted.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mlops_lab.core import (
    MAX_PAGE_SIZE,
    MetricPoint,
    Run,
    RunDetail,
    RunQuery,
    RunStatus,
    Store,
)
from mlops_lab.core.records import RunOrigin
from mlops_lab.core.store import process_owner

STORE_PATH = Path(__file__).resolve().parent / ".store" / ".mlops-lab"
# Kernel specs the tests add while they run, next to the store.
KERNELS_PATH = STORE_PATH.parent / "kernels"

# Oldest first; the panel lists them newest first. Each: name, status, params,
# final accuracy, and the git commit it ran at, with the dirty flag.
SEEDED_RUNS = (
    ("baseline", "finished", {"lr": 0.1, "epochs": 3}, 0.91, ("4f1c2a9e" * 5, False)),
    ("bigger-lr", "failed", {"lr": 0.5, "epochs": 3}, 0.42, ("4f1c2a9e" * 5, True)),
    ("longer-training", "finished", {"lr": 0.1, "epochs": 10}, 0.94, ("b07d3e51" * 5, False)),
)


def seed() -> None:
    """Replace the store with three runs of train.ipynb, an hour apart."""
    shutil.rmtree(STORE_PATH.parent, ignore_errors=True)
    STORE_PATH.parent.mkdir(parents=True)
    # Fixed times keep the README screenshot that the panel test saves the same
    # from run to run.
    first = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    store = Store.open(STORE_PATH)
    try:
        for hours, (name, status, params, accuracy, (commit, dirty)) in enumerate(SEEDED_RUNS):
            started = first + timedelta(hours=hours)
            run = store.start_run(
                experiment="train.ipynb",
                notebook="train.ipynb",
                name=name,
                started_at=started,
            )
            store.log_params(run.id, params)
            # A loss per epoch, for the run view's chart.
            epochs = int(params["epochs"])
            for epoch in range(epochs):
                loss = (1 - accuracy) + 1.5 / (1 + epoch * float(params["lr"]) * 10)
                store.log_metric(run.id, "loss", round(loss, 4), step=epoch, logged_at=started)
            store.log_metric(run.id, "accuracy", accuracy)
            git = {"commit": commit, "branch": "main", "dirty": dirty, "diff": "", "remotes": {}}
            store.set_run_context(run.id, git=git)
            store.end_run(run.id, status=status, ended_at=started + timedelta(seconds=95))
    finally:
        store.close()


def add(name: str, *, running: bool = False) -> None:
    """Record one run, started now; finished unless ``running``."""
    store = Store.open(STORE_PATH)
    try:
        # A running run belongs to a live process, else the server marks it killed on
        # its next poll: the test runner that called this script outlives it.
        owner = process_owner(os.getppid())
        run = store.start_run(
            experiment="train.ipynb", notebook="train.ipynb", name=name, owner=owner
        )
        store.log_metric(run.id, "accuracy", 0.95)
        if not running:
            store.end_run(run.id, status="finished")
    finally:
        store.close()


def delete(name: str) -> None:
    """Delete every run called ``name``."""
    store = Store.open(STORE_PATH)
    try:
        for run in store.list_runs().runs:
            if run.name == name:
                store.delete_run(run.id)
    finally:
        store.close()


def forget(notebook: str) -> None:
    """Delete every run of a notebook with this file name, in any folder.

    A name with a folder (``FOLDER/train.ipynb``) deletes only the runs of
    that notebook, so a test leaves the seeded runs of ``train.ipynb`` alone.
    """
    store = Store.open(STORE_PATH)
    try:
        for run in store.list_runs().runs:
            if not run.notebook:
                continue
            if "/" in notebook:
                matches = run.notebook.strip("/") == notebook.strip("/")
            else:
                matches = Path(run.notebook).name == notebook
            if matches:
                store.delete_run(run.id)
    finally:
        store.close()


# Teammates' runs on a remote: name, user, accuracy; ids are those the remote
# gives (MLflow's 32 hex digits) so the local run ids are the same.
PULLED_RUNS = (
    ("alice-sweep", "alice", 0.96, "a1" * 16),
    ("bob-baseline", "bob", 0.89, "b0" * 16),
)


def pull_fake(remote: str) -> None:
    """Write the teammates' runs as pulled from ``remote``, through the core API."""
    started = datetime(2026, 11, 1, 15, 0, tzinfo=timezone.utc)
    store = Store.open(STORE_PATH)
    try:
        for hours, (name, user, accuracy, run_id) in enumerate(PULLED_RUNS):
            begun = started + timedelta(hours=hours)
            run = Run(
                id=run_id,
                name=name,
                experiment="train.ipynb",
                notebook="train.ipynb",
                status=RunStatus.FINISHED,
                started_at=begun,
                ended_at=begun + timedelta(seconds=60),
                cell_count=0,
                params={"lr": 0.05},
            )
            history = {"accuracy": (MetricPoint(0, accuracy, begun),)}
            origin = RunOrigin(remote, "mlflow:http://127.0.0.1:5000", run_id, user)
            store.write_pulled_run(RunDetail(run=run, cells=(), metric_history=history), origin)
    finally:
        store.close()


def forget_pulled() -> None:
    """Delete every run pulled from a remote."""
    store = Store.open(STORE_PATH)
    try:
        for run in store.list_runs(RunQuery(scope="team", limit=MAX_PAGE_SIZE)).runs:
            store.delete_run(run.id)
    finally:
        store.close()


def monitored(model: str) -> None:
    """Register ``model`` version 1 and check two batches against its training data."""
    import numpy as np
    import pandas as pd
    from sklearn.linear_model import LogisticRegression

    from mlops_lab.core import FileAccess, FileMode, fingerprint_file
    from mlops_lab.core.continuous import monitor_batch
    from mlops_lab.core.registry import PushOptions, open_registry, push_value
    from mlops_lab.core.registry.names import VersionRef

    rng = np.random.default_rng(7)
    data = f"data/{model}.csv"
    training = pd.DataFrame(
        {"age": rng.normal(40, 10, 500), "income": rng.normal(50, 5, 500)}
    ).assign(label=lambda f: (f["income"] > 50).astype(int))
    (STORE_PATH.parent / "data").mkdir(exist_ok=True)
    training.to_csv(STORE_PATH.parent / data, index=False)
    fitted = LogisticRegression().fit(training[["age", "income"]], training["label"])
    store = Store.open(STORE_PATH)
    try:
        run = store.start_run(experiment=f"{model}.ipynb", notebook=f"{model}.ipynb", name=model)
        found = fingerprint_file(STORE_PATH.parent / data)
        store.record_cell(
            run.id,
            code=f'df = pd.read_csv("{data}")',
            started_at=datetime.now(timezone.utc),
            duration=0.1,
            execution_count=1,
            files=[FileAccess(data, FileMode.READ, found.size, found.fingerprint)],
        )
        store.end_run(run.id, status="finished")
        with open_registry("local", store) as registry:
            push_value(registry, store, run.id, "model", fitted, PushOptions(model))
            ref = VersionRef(model, version=1)
            monitor_batch(registry, store, ref, training.sample(200, random_state=1),
                          batch_name="monday.csv")  # fmt: skip
            drifted = training.sample(200, random_state=2).assign(income=lambda f: f["income"] + 8)
            monitor_batch(registry, store, ref, drifted, batch_name="tuesday.csv")
    finally:
        store.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["seed"]:
        seed()
    elif sys.argv[1:2] == ["add"] and len(sys.argv) == 3:
        add(sys.argv[2])
    elif sys.argv[1:2] == ["start"] and len(sys.argv) == 3:
        add(sys.argv[2], running=True)
    elif sys.argv[1:2] == ["delete"] and len(sys.argv) == 3:
        delete(sys.argv[2])
    elif sys.argv[1:2] == ["forget"] and len(sys.argv) == 3:
        forget(sys.argv[2])
    elif sys.argv[1:2] == ["pull-fake"] and len(sys.argv) == 3:
        pull_fake(sys.argv[2])
    elif sys.argv[1:2] == ["forget-pulled"] and len(sys.argv) == 2:
        forget_pulled()
    elif sys.argv[1:2] == ["monitored"] and len(sys.argv) == 3:
        monitored(sys.argv[2])
    else:
        sys.exit(
            "usage: python store.py seed | add NAME | start NAME | delete NAME"
            " | forget NOTEBOOK | pull-fake REMOTE | forget-pulled | monitored MODEL"
        )
