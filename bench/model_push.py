"""Pushing a model with its lineage, and loading it back: mlops-lab beside MLflow.

One scikit-learn random forest, trained once. mlops-lab pushes it from a recorded
run (lineage included: cells, data, environment lock, git) to its local registry
and to an MLflow server; MLflow logs and registers the same model with its own
``mlflow.sklearn.log_model(registered_model_name=...)`` on the same server
(``mlflow server``, SQLite backend, artifacts on the same disk). Each is then
loaded back by its registry URI.

Rerun with::

    pip install -e ".[bench]"
    python bench/model_push.py            # --pushes 10 --trees 100
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import mlflow
import mlflow.sklearn
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier

from mlops_lab.core import (
    FileAccess,
    FileMode,
    Store,
    VariableChange,
    VariableChangeKind,
    environment_lock,
)
from mlops_lab.core.registry import PushOptions, load_model, open_registry, push_value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pushes", type=int, default=10)
    parser.add_argument("--trees", type=int, default=100)
    args = parser.parse_args()
    features, labels = make_classification(n_samples=2000, n_features=20, random_state=0)
    model = RandomForestClassifier(n_estimators=args.trees, random_state=0).fit(features, labels)
    work = Path(tempfile.mkdtemp(prefix="mlops-lab-push-bench-"))
    try:
        (work / "project").mkdir()
        store = Store.open(work / "project" / ".mlops-lab")
        run_id = record_run(store)
        rows = []
        with open_registry("local", store) as local:
            push = timed(
                args.pushes,
                lambda: push_value(local, store, run_id, "model", model, PushOptions("rf")),
            )
            load = timed(args.pushes, lambda: load_model("models:/rf/1", store=store))
        rows.append(("mlops-lab, local registry", push, load))
        with mlflow_server(work / "mlflow") as url:
            with open_registry(f"mlflow:{url}", store) as remote:
                push = timed(
                    args.pushes,
                    lambda: push_value(remote, store, run_id, "model", model, PushOptions("rf")),
                )
                load = timed(
                    args.pushes,
                    lambda: load_model("models:/rf/1", registry=f"mlflow:{url}", store=store),
                )
            rows.append(("mlops-lab, to MLflow", push, load))
            mlflow.set_tracking_uri(url)
            mlflow.set_experiment("bench")

            def log_and_register() -> None:
                with mlflow.start_run():
                    # cloudpickle, as mlops-lab saves it: MLflow's default (skops)
                    # refuses to save a forest's trees without a list of trusted types.
                    mlflow.sklearn.log_model(
                        model,
                        name="model",
                        registered_model_name="rf-mlflow",
                        serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE,
                    )

            push = timed(args.pushes, log_and_register)
            load = timed(args.pushes, lambda: mlflow.sklearn.load_model("models:/rf-mlflow/1"))
            rows.append(("MLflow log_model + register", push, load))
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = len(__import__("pickle").dumps(model)) / 1e6
    print(
        f"\nPushing a {args.trees}-tree random forest ({size:.1f} MB pickled) "
        f"{args.pushes} times, then loading it back ({os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, MLflow {mlflow.__version__}); seconds, median / p95\n"
    )
    print("| registry | push | load |")
    print("|---|---|---|")
    for name, push, load in rows:
        print(f"| {name} | {summary(push)} | {summary(load)} |")
    print("\nRerun: python bench/model_push.py " + " ".join(sys.argv[1:]))


def record_run(store: Store) -> str:
    """A run with a few cells, a data file, an environment lock and git, as a kernel records."""
    now = datetime.now(timezone.utc)
    run = store.start_run(notebook="train.ipynb")
    lock = environment_lock()
    store.set_run_context(
        run.id,
        environment=json.loads(json.dumps(dataclasses.asdict(lock))),
        requirements=lock.to_requirements(),
        git={"commit": "0" * 40, "branch": "main", "dirty": False},
    )
    store.record_cell(run.id, code="import sklearn", started_at=now, duration=0.1)
    store.record_cell(
        run.id,
        code="X, y = load()",
        started_at=now,
        duration=0.1,
        files=[FileAccess("data/train.csv", FileMode.READ, 1000, "a" * 32)],
    )
    store.record_cell(
        run.id,
        code="model = RandomForestClassifier().fit(X, y)",
        started_at=now,
        duration=1.0,
        variables=[VariableChange("model", VariableChangeKind.CREATED, type="RandomForest")],
    )
    return run.id


def timed(count: int, action: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(times):.3f} / {p95:.3f}"


@contextmanager
def mlflow_server(folder: Path) -> Iterator[str]:
    folder.mkdir(parents=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "server", "--backend-store-uri",
         f"sqlite:///{folder / 'mlflow.db'}", "--artifacts-destination",
         str(folder / "artifacts"), "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1"],
        cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("mlflow server did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
