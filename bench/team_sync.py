"""Team sharing against a local ``mlflow server``: push, pull, and listing pulled runs.

Pushes RUNS runs (CELLS cells, METRICS metrics x STEPS steps each) with
``mlops-lab push``'s code, against MLflow's own client logging the same metric
points with ``log_batch`` (1,000 per request) into fresh runs; then pulls them
into a second store, and lists the pulled runs (scope=team) against as many
local runs through the store's listing (what GET /runs serves).

    python bench/team_sync.py                       # 100 x 50 cells x 20 x 100
    python bench/team_sync.py --runs 10 --steps 20  # smaller
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from mlflow import MlflowClient
from mlflow.entities import Metric

from mlops_lab.core import Store
from mlops_lab.core.records import RunQuery
from mlops_lab.core.remote import Remote, drain, pull
from mlops_lab.core.remote.batches import MAX_METRICS_PER_REQUEST


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
    process = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "server", "--backend-store-uri",
         f"sqlite:///{folder / 'mlflow.db'}", "--serve-artifacts", "--artifacts-destination",
         str(folder / "artifacts"), "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    for _ in range(480):
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("mlflow server did not start")


def fill(store: Store, runs: int, cells: int, metrics: int, steps: int) -> list[str]:
    now = datetime.now(timezone.utc)
    ids = []
    for r in range(runs):
        run = store.start_run(experiment="bench-team", notebook="bench.ipynb")
        store.log_params(run.id, {"lr": 0.001 * (r + 1), "seed": r})
        for c in range(cells):
            store.record_cell(run.id, code=f"x{c} = {c}", started_at=now, duration=0.01)
        store.log_metric_points(
            run.id,
            [(f"m{k}", float(s) / (k + 1), s, None) for k in range(metrics) for s in range(steps)],
        )
        store.end_run(run.id)
        ids.append(run.id)
    return ids


def mlflow_own(client: MlflowClient, runs: int, metrics: int, steps: int) -> float:
    experiment = client.create_experiment("bench-mlflow-own")
    began = time.perf_counter()
    for _ in range(runs):
        run_id = client.create_run(experiment).info.run_id
        stamp = int(time.time() * 1000)
        points = [
            Metric(f"m{k}", float(s) / (k + 1), stamp, s)
            for k in range(metrics)
            for s in range(steps)
        ]
        for at in range(0, len(points), MAX_METRICS_PER_REQUEST):
            client.log_batch(run_id, metrics=points[at : at + MAX_METRICS_PER_REQUEST])
        client.set_terminated(run_id)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--cells", type=int, default=50)
    parser.add_argument("--metrics", type=int, default=20)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--listed", type=int, default=10_000, help="runs listed (local, pulled)")
    args = parser.parse_args()
    os.environ["MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT"] = "true"
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for name in ("a", "b", "list"):
            (folder / name).mkdir()
        process, url = start_server(folder)
        try:
            client = MlflowClient(url)
            own = mlflow_own(client, args.runs, args.metrics, args.steps)
            remote = Remote("team", f"mlflow:{url}")
            with Store.open(folder / "a" / ".mlops-lab") as store:
                store.add_remote("team", remote.url)
                ids = fill(store, args.runs, args.cells, args.metrics, args.steps)
                store.enqueue_runs("team", ids)
                began = time.perf_counter()
                report = drain(store, remote)
                ours = time.perf_counter() - began
                assert not report.failed, report.error
            with Store.open(folder / "b" / ".mlops-lab") as puller:
                puller.add_remote("team", remote.url)
                began = time.perf_counter()
                pulled = pull(puller, remote, experiment="bench-team")
                pull_time = time.perf_counter() - began
                assert len(pulled.new) == args.runs
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
        listing = list_times(folder, args.listed)
    points = args.runs * args.metrics * args.steps
    print(f"{args.runs} runs x {args.cells} cells x {args.metrics} metrics x {args.steps} steps")
    print(f"{'what':<44}{'seconds':>10}")
    print(f"{'MLflow client: log_batch of the points':<44}{own:>10.2f}")
    print(f"{'mlops-lab push (points, record, artifacts)':<44}{ours:>10.2f}")
    print(f"{'  ratio (target <= 1.2)':<44}{ours / own:>10.2f}")
    print(f"{'mlops-lab pull of the ' + str(args.runs) + ' runs':<44}{pull_time:>10.2f}")
    for what, seconds in listing:
        print(f"{what:<44}{seconds * 1000:>8.1f}ms")
    print(f"({points:,} metric points pushed)")


def list_times(folder: Path, count: int) -> list[tuple[str, float]]:
    """A page of 50 runs, local vs pulled, among ``count`` of each (median of 5)."""
    from mlops_lab.core import RunDetail
    from mlops_lab.core.records import RunOrigin

    with Store.open(folder / "list" / ".mlops-lab") as store:
        template = store.start_run(experiment="listing")
        store.log_params(template.id, {"lr": 0.1})
        store.log_metrics(template.id, {"acc": 0.9})
        store.end_run(template.id)
        base = store.get_run_detail(template.id)
        for _ in range(count - 1):
            run = store.start_run(experiment="listing")
            store.end_run(run.id)
        for i in range(count):
            run = type(base.run)(**{**base.run.__dict__, "id": f"{i:032x}"})
            detail = RunDetail(run=run, cells=(), metric_history=base.metric_history)
            store.write_pulled_run(detail, RunOrigin("team", None, f"{i:032x}", "bench"))
        results = []
        for scope in ("local", "team"):
            times = []
            for _ in range(5):
                began = time.perf_counter()
                store.list_runs(RunQuery(scope=scope, limit=50))
                times.append(time.perf_counter() - began)
            results.append((f"list 50 of {count:,} {scope} runs", sorted(times)[2]))
        return results


if __name__ == "__main__":
    main()
