"""Sorting by a metric and comparing runs (P6): mlops-lab against MLflow, same runs.

Both tools get the same N runs (two experiments, 20 params and 20 metrics each,
every metric logged at ``--steps`` steps, 1 by default; MLflow may get fewer,
``--mlflow-runs``, as seeding it takes about 0.2 s a run), then answer, through
their REST servers on 127.0.0.1 and as library calls:

- a page of 100 runs sorted by a metric, the same with a filter on another
  metric, and one sorted by a param with that filter;
- the store's info (``GET /mlops-lab/info``, which the panel polls);
- a comparison of 10 runs: mlops-lab's ``GET /mlops-lab/compare`` (params,
  metrics with their histories, code cell by cell, environment, data and
  variables, in one document) against what MLflow's compare view fetches: the
  10 runs (one ``runs/search`` with ``run_id IN``) and the history of each
  metric for the 10 runs (one ``get-history-bulk-interval`` per metric).

The 10 compared mlops-lab runs also hold what MLflow cannot: 20 executed cells
and an environment of 150 packages each, so our comparison does more work.

Rerun with::

    pip install -e ".[bench]"          # mlops-lab plus mlflow, the peer
    python bench/compare_runs.py       # --runs 10000 --repeat 30
    python bench/compare_runs.py --runs 100000 --steps 100 --mlflow-runs 2000 --work /tmp/p6

mlops-lab's store is seeded through its own tables in bulk (one transaction per
1,000 runs; the metrics table's triggers keep the latest values as
`Store.log_metrics` would), since 200 million metric values through one
`log_metrics` call per step would take hours; the 10 compared runs are recorded
through the `Store` API with their cells and environment.

Prints a Markdown table of median / 95th-percentile latencies in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from list_runs import Timing, fmt, http_get, jupyter_server, mlflow_server

from mlops_lab.core import RunQuery, Store, ValueSort

PAGE = 100
PARAMS = METRICS = 20
COMPARED = 10
NOTEBOOKS = ("train.ipynb", "eda/explore.ipynb")
SORT_METRIC = "m3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--steps", type=int, default=1, help="values logged per metric")
    parser.add_argument("--mlflow-runs", type=int, help="runs seeded into MLflow (default: --runs)")
    parser.add_argument(
        "--work",
        type=Path,
        help="keep the seeded stores in this folder and reuse them when rerun "
        "(seeding MLflow takes about half an hour)",
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="mlops-lab-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = run_benchmark(
            work, args.runs, args.mlflow_runs or args.runs, args.steps, args.repeat
        )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    mlflow_runs = args.mlflow_runs or args.runs
    print(
        f"\nP6: {args.runs} runs x {PARAMS} params x {METRICS} metrics ({args.steps} steps each)"
        + (f"; MLflow seeded with {mlflow_runs} runs only" if mlflow_runs != args.runs else "")
        + f", {args.repeat} repeats, median / p95 in ms "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]})\n"
    )
    print("| query | mlops-lab (REST) | MLflow (REST) | mlops-lab (library) | MLflow (library) |")
    print("|---|---|---|---|---|")
    for name, cells in rows:
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nRerun: python bench/compare_runs.py " + " ".join(sys.argv[1:]))


FILTER = "m5>0.2"  # holds for about 4 runs in 5
SORT_PARAM = "p2"
QUERIES = {  # name -> (sort, filter); the mlops-lab sort key is the MLflow one too
    f"page of {PAGE} sorted by a metric": (f"metrics.{SORT_METRIC}", None),
    f"page of {PAGE} sorted by a metric, filtered": (f"metrics.{SORT_METRIC}", FILTER),
    f"page of {PAGE} sorted by a param, filtered": (f"params.{SORT_PARAM}", FILTER),
}
COMPARE = f"compare {COMPARED} runs"
INFO = "store info (GET info)"


def run_benchmark(
    work: Path, runs: int, mlflow_runs: int, steps: int, repeat: int
) -> list[tuple[str, list[str]]]:
    store_path = work / ".mlops-lab"
    compared = seeded(
        work / "mlops-lab-compared.json", lambda: seed_mlops_lab(store_path, runs, steps)
    )
    ours_library: dict[str, Timing | None] = {}
    ours_rest: dict[str, Timing | None] = {}
    with Store.open(store_path) as store:
        for name, (sort, text) in QUERIES.items():
            query = RunQuery(sort=ValueSort.parse(sort), filter=text, limit=PAGE)
            ours_library[name] = measure(lambda q=query: store.list_runs(q), repeat)  # type: ignore[misc]
        ours_library[COMPARE] = measure(lambda: store.compare_runs(compared), repeat)
        ours_library[INFO] = measure(store.info, repeat)
    with jupyter_server(store_path, work) as (base, token):
        for name, (sort, text) in QUERIES.items():
            url = f"{base}/mlops-lab/runs?limit={PAGE}&sort={sort}"
            if text:
                url += f"&filter={urllib.parse.quote(text)}"
            ours_rest[name] = measure(lambda u=url: http_get(u, token), repeat)  # type: ignore[misc]
        ours_rest[COMPARE] = measure(
            lambda: http_get(f"{base}/mlops-lab/compare?runs={','.join(compared)}", token), repeat
        )
        ours_rest[INFO] = measure(lambda: http_get(f"{base}/mlops-lab/info", token), repeat)

    names = [*QUERIES, COMPARE, INFO]
    mlflow_library: dict[str, Timing | None] = dict.fromkeys(names)
    mlflow_rest: dict[str, Timing | None] = dict.fromkeys(names)
    try:
        import mlflow  # noqa: F401
    except ImportError:
        mlflow_available = False
        print("MLflow is not installed: pip install -e '.[bench]'", file=sys.stderr)
    else:
        mlflow_available = True
        uri = f"sqlite:///{work / 'mlflow.db'}"
        experiment_ids, mlflow_compared = seeded(
            work / f"mlflow-{mlflow_runs}-compared.json",
            lambda: seed_mlflow(uri, mlflow_runs, steps),
        )
        mlflow_library = measure_mlflow_library(uri, experiment_ids, mlflow_compared, repeat)
        with mlflow_server(uri, work) as base:
            mlflow_rest = measure_mlflow_rest(base, experiment_ids, mlflow_compared, repeat)
    rows = []
    for name in names:
        cells = [ours_rest[name], mlflow_rest[name], ours_library[name], mlflow_library[name]]
        missing = "timeout (>60 s)" if mlflow_available else "n/a"
        if name == INFO:
            missing = "(no equivalent)"
        rows.append((name, [fmt(t) if t is not None else missing for t in cells]))
    return rows


def mlflow_filter(text: str) -> str:
    """The bench's filter in MLflow's language (``metrics.m5 > 0.2``)."""
    name, value = text.split(">")
    return f"metrics.{name} > {value}"


# -- seeding ---------------------------------------------------------------------


def seeded(marker: Path, seed: Callable[[], Any]) -> Any:
    """Seed once: the marker keeps what seeding returned, for a rerun on the same folder."""
    if marker.exists():
        return json.loads(marker.read_text())
    begin = time.perf_counter()
    result = seed()
    print(f"{marker.stem}: seeded in {time.perf_counter() - begin:.1f} s", file=sys.stderr)
    marker.write_text(json.dumps(result))
    return result


def measure(call: Callable[[], object], repeat: int) -> Timing | None:
    """Median and p95 in ms; a tool that takes over a minute once is not asked again."""
    try:
        begin = time.perf_counter()
        call()  # warm caches the way a second look at the panel would
        first = time.perf_counter() - begin
        samples = []
        for _ in range(repeat if first < 5 else 3):
            begin = time.perf_counter()
            call()
            samples.append((time.perf_counter() - begin) * 1000)
    except TimeoutError:
        return None
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def metric_value(i: int, k: int, step: int) -> float:
    return ((i * (k + 1) + step * 7) % 997) / 997


def seed_mlops_lab(path: Path, runs: int, steps: int) -> list[str]:
    """Seed the store; return the ids of the runs to compare (the last ones, with code)."""
    start = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()
    environment = {
        "python": "3.11.9",
        "implementation": "CPython",
        "platform": "Linux-x86_64",
        "packages": [
            {"name": f"package-{n:03d}", "version": f"1.{n}.0", "origin": "index"}
            for n in range(150)
        ],
    }
    bulk = max(0, runs - COMPARED)
    compared: list[str] = []
    with Store.open(path) as store:
        for notebook in NOTEBOOKS:  # creates the two experiments
            store.delete_run(store.start_run(notebook=notebook).id)
        with store.database.read() as conn:
            experiments = dict(conn.execute("SELECT name, id FROM experiments").fetchall())
        for first in range(0, bulk, 1000):
            chunk = range(first, min(bulk, first + 1000))
            # Ids ascending with the run number, as time-ordered ids would be: the
            # B-trees grow at their end instead of splitting pages all over the file.
            ids = {i: f"{i:012x}{uuid.uuid4().hex[12:]}" for i in chunk}
            with store.database.write() as conn:
                conn.executemany(
                    "INSERT INTO runs (id, experiment_id, name, notebook, status, started_at,"
                    " ended_at) VALUES (?, ?, ?, ?, 'finished', ?, ?)",
                    [
                        (
                            ids[i],
                            experiments[NOTEBOOKS[i % 2]],
                            f"run-{i:06d}",
                            NOTEBOOKS[i % 2],
                            start + i * 60,
                            start + i * 60 + 30,
                        )
                        for i in chunk
                    ],
                )
                conn.executemany(
                    "INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)",
                    [(ids[i], f"p{k}", str(i * k)) for i in chunk for k in range(PARAMS)],
                )
                conn.executemany(
                    "INSERT INTO metrics (run_id, key, step, value, logged_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        (ids[i], f"m{k}", step, metric_value(i, k, step), start + i * 60 + step)
                        for i in chunk
                        for k in range(METRICS)
                        for step in range(steps)
                    ),
                )
            if first % 10_000 == 0:
                print(f"mlops-lab: {first + len(chunk)} runs seeded", file=sys.stderr)
        for i in range(bulk, runs):
            started = datetime.fromtimestamp(start + i * 60, tz=timezone.utc)
            run = store.start_run(
                notebook=NOTEBOOKS[i % 2], name=f"run-{i:06d}", started_at=started
            )
            store.log_params(run.id, {f"p{k}": i * k for k in range(PARAMS)})
            for step in range(steps):
                store.log_metrics(
                    run.id, {f"m{k}": metric_value(i, k, step) for k in range(METRICS)}, step=step
                )
            store.set_run_context(run.id, environment=environment)
            for c in range(20):
                store.record_cell(
                    run.id,
                    code=f"# cell {c}\nresult_{c} = train(step={c}, lr={i % 3})\n" * 3,
                    started_at=started + timedelta(seconds=c),
                    duration=0.5,
                    execution_count=c + 1,
                    cell_id=f"cell-{c}",
                )
            compared.append(run.id)
            store.end_run(run.id, ended_at=started + timedelta(seconds=30))
    return compared


def seed_mlflow(uri: str, runs: int, steps: int) -> tuple[list[str], list[str]]:
    from mlflow.entities import Metric, Param
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    experiment_ids = [client.create_experiment(name) for name in NOTEBOOKS]
    start_ms = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
    compared: list[str] = []
    for i in range(runs):
        started = start_ms + i * 60_000
        run = client.create_run(experiment_ids[i % 2], start_time=started, run_name=f"run-{i:05d}")
        run_id = run.info.run_id
        metrics = [
            Metric(f"m{k}", metric_value(i, k, step), started + step, step)
            for k in range(METRICS)
            for step in range(steps)
        ]
        client.log_batch(run_id, params=[Param(f"p{k}", str(i * k)) for k in range(PARAMS)])
        for at in range(0, len(metrics), 1000):  # log_batch takes at most 1,000 metrics
            client.log_batch(run_id, metrics=metrics[at : at + 1000])
        client.set_terminated(run_id, "FINISHED", end_time=started + 30_000)
        if i >= runs - COMPARED:
            compared.append(run_id)
    return experiment_ids, compared


# -- MLflow's side -----------------------------------------------------------------


def measure_mlflow_library(
    uri: str, experiment_ids: list[str], compared: list[str], repeat: int
) -> dict[str, Timing | None]:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    in_list = ", ".join(f"'{run_id}'" for run_id in compared)

    def compare() -> None:
        client.search_runs(experiment_ids, filter_string=f"attributes.run_id IN ({in_list})")
        for run_id in compared:
            for k in range(METRICS):
                client.get_metric_history(run_id, f"m{k}")

    results: dict[str, Timing | None] = {}
    for name, (sort, text) in QUERIES.items():
        results[name] = measure(
            lambda s=sort, t=text: client.search_runs(  # type: ignore[misc]
                experiment_ids,
                filter_string=mlflow_filter(t) if t else "",
                max_results=PAGE,
                order_by=[f"{s} DESC"],
            ),
            repeat,
        )
    results[COMPARE] = measure(compare, repeat)
    results[INFO] = None
    return results


def measure_mlflow_rest(
    base: str, experiment_ids: list[str], compared: list[str], repeat: int
) -> dict[str, Timing | None]:
    def post(path: str, body: dict[str, Any]) -> bytes:
        request = urllib.request.Request(
            f"{base}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return bytes(response.read())

    def get(path: str, query: list[tuple[str, str]]) -> bytes:
        with urllib.request.urlopen(
            f"{base}{path}?{urllib.parse.urlencode(query)}", timeout=60
        ) as response:
            return bytes(response.read())

    in_list = ", ".join(f"'{run_id}'" for run_id in compared)

    def compare() -> None:
        post(
            "/api/2.0/mlflow/runs/search",
            {"experiment_ids": experiment_ids, "filter": f"attributes.run_id IN ({in_list})"},
        )
        for k in range(METRICS):
            get(
                "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval",
                [("run_ids", run_id) for run_id in compared]
                + [("metric_key", f"m{k}"), ("max_results", "320")],
            )

    results: dict[str, Timing | None] = {}
    for name, (sort, text) in QUERIES.items():
        body: dict[str, Any] = {
            "experiment_ids": experiment_ids,
            "max_results": PAGE,
            "order_by": [f"{sort} DESC"],
        }
        if text:
            body["filter"] = mlflow_filter(text)
        results[name] = measure(
            lambda b=body: post("/api/2.0/mlflow/runs/search", b),  # type: ignore[misc]
            repeat,
        )
    results[COMPARE] = measure(compare, repeat)
    results[INFO] = None
    return results


if __name__ == "__main__":
    main()
