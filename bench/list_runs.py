"""Listing runs of a large store: mlops-lab against MLflow, on the same runs.

Both tools get the same N runs (two experiments, P params and M metrics each),
then answer the questions the Experiments panel asks, as a library call and
through their REST servers on 127.0.0.1:

- the newest page of 100 runs,
- a page of 100 sorted by run name,
- the newest 100 runs of one experiment.

Rerun with::

    pip install -e ".[bench]"        # mlops-lab plus mlflow, the peer
    python bench/list_runs.py        # --runs 10000 --params 10 --metrics 10 --repeat 30

Prints a Markdown table of median and 95th-percentile latencies in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from mlops_lab.core import RunQuery, RunSortKey, Store

PAGE = 100
NOTEBOOKS = ("train.ipynb", "eda/explore.ipynb")
Timing = tuple[float, float]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--params", type=int, default=10)
    parser.add_argument("--metrics", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mlops-lab-bench-"))
    try:
        rows = run_benchmark(work, args.runs, args.params, args.metrics, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nListing runs: {args.runs} runs x {args.params} params x {args.metrics} metrics, "
        f"page of {PAGE}, {args.repeat} repeats, median / p95 in ms "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]})\n"
    )
    print("| query | mlops-lab (library) | MLflow (library) | mlops-lab (REST) | MLflow (REST) |")
    print("|---|---|---|---|---|")
    for name, cells in rows:
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nRerun: python bench/list_runs.py " + " ".join(sys.argv[1:]))


def run_benchmark(
    work: Path, runs: int, params: int, metrics: int, repeat: int
) -> list[tuple[str, list[str]]]:
    store_path = work / ".mlops-lab"
    ours_seed = seed_mlops_lab(store_path, runs, params, metrics)
    print(f"mlops-lab: seeded {runs} runs in {ours_seed:.1f} s", file=sys.stderr)
    mlflow_seed: float | None = None
    queries = ["newest page", "sorted by name", "one experiment"]
    results: dict[str, list[str]] = {q: [] for q in queries}

    with Store.open(store_path) as store:
        library = {
            "newest page": lambda: store.list_runs(RunQuery(limit=PAGE)),
            "sorted by name": lambda: store.list_runs(
                RunQuery(sort=RunSortKey.NAME, descending=False, limit=PAGE)
            ),
            "one experiment": lambda: store.list_runs(
                RunQuery(experiment=NOTEBOOKS[0], limit=PAGE)
            ),
        }
        ours_library = {q: measure(call, repeat) for q, call in library.items()}

    mlflow_library: dict[str, Timing | None] = dict.fromkeys(queries)
    mlflow_rest: dict[str, Timing | None] = dict.fromkeys(queries)
    try:
        import mlflow  # noqa: F401
    except ImportError:
        print("MLflow is not installed: pip install -e '.[bench]'", file=sys.stderr)
    else:
        uri = f"sqlite:///{work / 'mlflow.db'}"
        mlflow_seed, experiment_ids = seed_mlflow(uri, runs, params, metrics)
        print(f"MLflow: seeded {runs} runs in {mlflow_seed:.1f} s", file=sys.stderr)
        mlflow_library = measure_mlflow_library(uri, experiment_ids, repeat)
        with mlflow_server(uri, work) as base:
            mlflow_rest = measure_mlflow_rest(base, experiment_ids, repeat)

    with jupyter_server(store_path, work) as (base, token):
        rest = {
            "newest page": f"runs?limit={PAGE}",
            "sorted by name": f"runs?limit={PAGE}&sort=name&order=asc",
            "one experiment": f"runs?limit={PAGE}&experiment={NOTEBOOKS[0]}",
        }
        ours_rest = {
            q: measure(lambda p=path: http_get(f"{base}/mlops-lab/{p}", token), repeat)
            for q, path in rest.items()
        }

    for q in queries:
        results[q] = [
            fmt(ours_library[q]),
            fmt(mlflow_library[q]),
            fmt(ours_rest[q]),
            fmt(mlflow_rest[q]),
        ]
    seeding = f"record the {runs} runs (total, s)"
    results[seeding] = [
        f"{ours_seed:.1f}",
        "n/a" if mlflow_seed is None else f"{mlflow_seed:.1f}",
        "",
        "",
    ]
    return list(results.items())


# -- seeding -------------------------------------------------------------------


def seed_mlops_lab(path: Path, runs: int, params: int, metrics: int) -> float:
    begin = time.perf_counter()
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Store.open(path) as store:
        for i in range(runs):
            started = start + timedelta(minutes=i)
            run = store.start_run(
                notebook=NOTEBOOKS[i % 2], name=f"run-{i:05d}", started_at=started
            )
            store.log_params(run.id, {f"p{k}": i * k for k in range(params)})
            store.log_metrics(run.id, {f"m{k}": (i * k) % 97 / 97 for k in range(metrics)})
            store.end_run(run.id, ended_at=started + timedelta(seconds=30))
    return time.perf_counter() - begin


def seed_mlflow(uri: str, runs: int, params: int, metrics: int) -> tuple[float, list[str]]:
    from mlflow.entities import Metric, Param
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    experiment_ids = [client.create_experiment(name) for name in NOTEBOOKS]
    begin = time.perf_counter()
    start_ms = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
    for i in range(runs):
        started = start_ms + i * 60_000
        run = client.create_run(experiment_ids[i % 2], start_time=started, run_name=f"run-{i:05d}")
        run_id = run.info.run_id
        client.log_batch(
            run_id,
            metrics=[Metric(f"m{k}", (i * k) % 97 / 97, started, 0) for k in range(metrics)],
            params=[Param(f"p{k}", str(i * k)) for k in range(params)],
        )
        client.set_terminated(run_id, "FINISHED", end_time=started + 30_000)
    return time.perf_counter() - begin, experiment_ids


# -- measuring -----------------------------------------------------------------


def measure(call: Callable[[], object], repeat: int) -> Timing:
    call()  # warm caches the way a second look at the panel would
    samples = []
    for _ in range(repeat):
        begin = time.perf_counter()
        call()
        samples.append((time.perf_counter() - begin) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def measure_mlflow_library(
    uri: str, experiment_ids: list[str], repeat: int
) -> dict[str, Timing | None]:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    return {
        "newest page": measure(
            lambda: client.search_runs(
                experiment_ids, max_results=PAGE, order_by=["attributes.start_time DESC"]
            ),
            repeat,
        ),
        "sorted by name": measure(
            lambda: client.search_runs(
                experiment_ids, max_results=PAGE, order_by=["attributes.run_name ASC"]
            ),
            repeat,
        ),
        "one experiment": measure(
            lambda: client.search_runs(
                experiment_ids[:1], max_results=PAGE, order_by=["attributes.start_time DESC"]
            ),
            repeat,
        ),
    }


def measure_mlflow_rest(
    base: str, experiment_ids: list[str], repeat: int
) -> dict[str, Timing | None]:
    import json

    def search(ids: list[str], order: str) -> Any:
        body = json.dumps({"experiment_ids": ids, "max_results": PAGE, "order_by": [order]})
        request = urllib.request.Request(
            f"{base}/api/2.0/mlflow/runs/search",
            data=body.encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()

    return {
        "newest page": measure(
            lambda: search(experiment_ids, "attributes.start_time DESC"), repeat
        ),
        "sorted by name": measure(
            lambda: search(experiment_ids, "attributes.run_name ASC"), repeat
        ),
        "one experiment": measure(
            lambda: search(experiment_ids[:1], "attributes.start_time DESC"), repeat
        ),
    }


def http_get(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return bytes(response.read())


def fmt(timing: Timing | None) -> str:
    return "n/a" if timing is None else f"{timing[0]:.1f} / {timing[1]:.1f}"


# -- servers on loopback, stopped by their own process ids ----------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not come up in {timeout} s")


@contextmanager
def running(command: list[str], health: str, log: Path) -> Iterator[None]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(health, process)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def jupyter_server(store: Path, work: Path) -> Iterator[tuple[str, str]]:
    port, token = free_port(), "bench-token"
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}", f"--MlopsLab.store_path={store}",
        "--ServerApp.port_retries=0",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/api/status?token={token}", work / "jupyter.log"):
        yield base, token


@contextmanager
def mlflow_server(uri: str, work: Path) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable, "-m", "mlflow", "server", "--backend-store-uri", uri,
        "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/health", work / "mlflow.log"):
        yield base


if __name__ == "__main__":
    main()
