"""Team sharing against a local ``mlflow server``: push, pull, and listing pulled runs.

Push: RUNS runs (CELLS cells, 2 params, METRICS metrics x STEPS steps each) with
``mlops-lab push``'s code (`drain`), against MLflow's own client logging the same
params and metric points with one ``log_batch`` call per run (which it splits at
1,000 entities per request, MLflow's limit, as ours does) into fresh runs of the
same server. The two sides alternate in ROUNDS slices of the runs (the order
swapped every round), so both meet the same load on this shared machine.

Pull: PULLED runs (the RUNS above plus small ones pushed untimed) into a second store.
Listing: a page of 50 among LISTED pulled runs (scope=team) against as many local
runs (scope=local), through the store and through GET /mlops-lab/runs of a
Jupyter server on 127.0.0.1.

    python bench/team_sync.py                       # 100 x 50 cells x 20 x 100, 1,000, 10,000
    python bench/team_sync.py --runs 10 --cells 20 --pulled 10 --listed 1000   # smaller
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

from list_runs import Timing, http_get, jupyter_server, measure
from mlflow import MlflowClient
from mlflow.entities import Metric, Param

from mlops_lab.core import Store
from mlops_lab.core.records import RunQuery
from mlops_lab.core.remote import Remote, drain, pull


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


def mlflow_own(client: MlflowClient, experiment: str, first: int, runs: int, metrics: int,
               steps: int) -> float:  # fmt: skip
    """Seconds MLflow's client takes to log runs ``first`` .. ``first + runs`` like `fill`'s."""
    began = time.perf_counter()
    for r in range(first, first + runs):
        run_id = client.create_run(experiment).info.run_id
        stamp = int(time.time() * 1000)
        points = [
            Metric(f"m{k}", float(s) / (k + 1), stamp, s)
            for k in range(metrics)
            for s in range(steps)
        ]
        params = [Param("lr", str(0.001 * (r + 1))), Param("seed", str(r))]
        client.log_batch(run_id, metrics=points, params=params)
        client.set_terminated(run_id)
    return time.perf_counter() - began


def push_both(store: Store, client: MlflowClient, remote: Remote, ids: list[str],
              args: argparse.Namespace) -> tuple[float, float]:  # fmt: skip
    """Seconds of MLflow's own logging and of our push, alternating in ``args.rounds`` slices."""
    experiment = client.create_experiment("bench-mlflow-own")
    own = ours = 0.0
    size = -(-len(ids) // args.rounds)
    for index, first in enumerate(range(0, len(ids), size)):
        chunk = ids[first : first + size]
        for side in ("mlflow", "ours") if index % 2 == 0 else ("ours", "mlflow"):
            if side == "mlflow":
                own += mlflow_own(client, experiment, first, len(chunk), args.metrics, args.steps)
            else:
                store.enqueue_runs("team", chunk)
                began = time.perf_counter()
                report = drain(store, remote)
                ours += time.perf_counter() - began
                assert not report.failed, report.error
                assert len(report.pushed) == len(chunk)
    return own, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--cells", type=int, default=50)
    parser.add_argument("--metrics", type=int, default=20)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=4, help="alternating slices of the push")
    parser.add_argument("--pulled", type=int, default=1_000, help="runs pulled (>= --runs)")
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
            remote = Remote("team", f"mlflow:{url}")
            with Store.open(folder / "a" / ".mlops-lab") as store:
                store.add_remote("team", remote.url)
                ids = fill(store, args.runs, args.cells, args.metrics, args.steps)
                own, ours = push_both(store, client, remote, ids, args)
                extra = fill(store, max(0, args.pulled - args.runs), 5, 5, 10)
                store.enqueue_runs("team", extra)
                assert not drain(store, remote).failed
            with Store.open(folder / "b" / ".mlops-lab") as puller:
                puller.add_remote("team", remote.url)
                began = time.perf_counter()
                pulled = pull(puller, remote, experiment="bench-team")
                pull_time = time.perf_counter() - began
                assert len(pulled.new) == len(ids) + len(extra)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
        listing = list_times(folder, args.listed)
    points = args.runs * args.metrics * args.steps
    print(
        f"{args.runs} runs x {args.cells} cells x {args.metrics} metrics x {args.steps} steps "
        f"({points:,} points), {args.rounds} alternating rounds; {os.cpu_count()} cores"
    )
    print("| what | seconds |\n|---|---|")
    print(f"| MLflow client: create, log_batch of params and points, terminate | {own:.2f} |")
    print(f"| mlops-lab push (the same, plus tags, cells, record, notebook) | {ours:.2f} |")
    print(f"| ratio (target <= 1.2) | {ours / own:.2f} |")
    print(f"| mlops-lab pull of {len(ids) + len(extra):,} runs | {pull_time:.2f} |")
    print("\n| page of 50 runs, median / p95 ms | library | REST |\n|---|---|---|")
    for scope, (library, rest) in listing.items():
        print(f"| {args.listed:,} {scope} runs | {library[0]:.1f} / {library[1]:.1f} "
              f"| {rest[0]:.1f} / {rest[1]:.1f} |")  # fmt: skip


def list_times(folder: Path, count: int) -> dict[str, tuple[Timing, Timing]]:
    """A page of 50 runs, local vs pulled, among ``count`` of each: library and REST."""
    from mlops_lab.core import RunDetail
    from mlops_lab.core.records import RunOrigin

    path = folder / "list" / ".mlops-lab"
    with Store.open(path) as store:
        template = store.start_run(experiment="listing")
        store.log_params(template.id, {"lr": 0.1})
        store.log_metrics(template.id, {"acc": 0.9})
        store.end_run(template.id)
        base = store.get_run_detail(template.id)
        for _ in range(count - 1):
            run = store.start_run(experiment="listing")
            store.log_params(run.id, {"lr": 0.1})
            store.log_metrics(run.id, {"acc": 0.9})
            store.end_run(run.id)
        for i in range(count):
            run = type(base.run)(**{**base.run.__dict__, "id": f"{i:032x}"})
            detail = RunDetail(run=run, cells=(), metric_history=base.metric_history)
            store.write_pulled_run(detail, RunOrigin("team", None, f"{i:032x}", "bench"))
        library = {
            scope: measure(lambda s=scope: store.list_runs(RunQuery(scope=s, limit=50)), 30)
            for scope in ("local", "team")
        }
    with jupyter_server(path, folder / "list") as (base_url, token):
        rest = {
            scope: measure(
                lambda s=scope: http_get(f"{base_url}/mlops-lab/runs?scope={s}&limit=50", token),
                30,
            )
            for scope in ("local", "team")
        }
    return {scope: (library[scope], rest[scope]) for scope in ("local", "team")}


if __name__ == "__main__":
    main()
