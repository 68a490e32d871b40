"""A run that trained a scikit-learn model, recorded through the core API as a kernel would.

Shared by the registry tests of every layer that need a run to push from
without a kernel (core, CLI, server); the kernel tests train in a real kernel.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from datetime import datetime, timezone
from typing import Any

import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from mlops_lab.core import (
    FileAccess,
    FileMode,
    Run,
    Store,
    VariableChange,
    VariableChangeKind,
    environment_lock,
    fingerprint_file,
)

NOTEBOOK = "notebooks/train.ipynb"
DATA = "data/iris.csv"
TRAINING_CODE = "model = LogisticRegression(max_iter=500).fit(X, y)"


@dataclasses.dataclass(frozen=True)
class TrainedRun:
    run: Run
    model: LogisticRegression
    features: np.ndarray[Any, Any]


def record_training_run(store: Store, *, pickle_artifact: bool = False) -> TrainedRun:
    """Record a run that read ``data/iris.csv`` and fitted ``model``; the model trained here.

    With ``pickle_artifact`` the run also keeps the model as its artifact ``model.pkl``
    (as ``mlops_lab.log_artifact`` would) and records the cell that wrote it.
    """
    project = store.path.parent
    (project / "data").mkdir(parents=True, exist_ok=True)
    (project / "notebooks").mkdir(parents=True, exist_ok=True)
    iris = load_iris()
    rows = ["a,b,c,d,label"] + [
        ",".join([*(f"{v:.1f}" for v in features), str(label)])
        for features, label in zip(iris.data, iris.target, strict=True)
    ]
    (project / DATA).write_text("\n".join(rows) + "\n")
    (project / NOTEBOOK).write_text(json.dumps({"cells": [], "nbformat": 4}))
    table = np.loadtxt(project / DATA, delimiter=",", skiprows=1)
    features, labels = table[:, :4], table[:, 4].astype(int)
    model = LogisticRegression(max_iter=500).fit(features, labels)

    now = datetime.now(timezone.utc)
    run = store.start_run(notebook=NOTEBOOK)
    lock = environment_lock()
    store.set_run_context(
        run.id,
        environment=json.loads(json.dumps(dataclasses.asdict(lock))),
        requirements=lock.to_requirements(),
        git={"commit": "0" * 40, "branch": "main", "dirty": False, "diff": "", "remotes": {}},
    )
    data = fingerprint_file(project / DATA)
    store.record_cell(
        run.id,
        code="import numpy as np\nfrom sklearn.linear_model import LogisticRegression",
        started_at=now,
        duration=0.1,
        execution_count=1,
        cell_id="imports",
    )
    store.record_cell(
        run.id,
        code=f'table = np.loadtxt("../{DATA}", delimiter=",", skiprows=1)\n'
        "X, y = table[:, :4], table[:, 4].astype(int)",
        started_at=now,
        duration=0.1,
        execution_count=2,
        cell_id="read-data",
        variables=[VariableChange("X", VariableChangeKind.CREATED, type="numpy.ndarray")],
        files=[FileAccess(DATA, FileMode.READ, data.size, data.fingerprint)],
    )
    store.record_cell(
        run.id,
        code=TRAINING_CODE,
        started_at=now,
        duration=0.2,
        execution_count=3,
        cell_id="train",
        variables=[
            VariableChange(
                "model",
                VariableChangeKind.CREATED,
                type="sklearn.linear_model.LogisticRegression",
                fingerprint="f" * 32,
            )
        ],
    )
    store.log_params(run.id, {"max_iter": 500})
    store.log_metric(run.id, "accuracy", float(model.score(features, labels)))
    if pickle_artifact:
        pickled = project / "notebooks" / "model.pkl"
        pickled.write_bytes(pickle.dumps(model))
        written = fingerprint_file(pickled)
        store.record_cell(
            run.id,
            code='pickle.dump(model, open("model.pkl", "wb"))\nmlops_lab.log_artifact("model.pkl")',
            started_at=now,
            duration=0.1,
            execution_count=4,
            cell_id="save",
            files=[
                FileAccess("notebooks/model.pkl", FileMode.WRITE, written.size, written.fingerprint)
            ],
        )
        store.log_artifact(run.id, pickled)
    return TrainedRun(store.get_run(run.id), model, features)
