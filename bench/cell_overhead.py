"""P1: what tracking adds to each cell, measured as a notebook user feels it.

Two real kernels, the same namespace of 1,000 variables, the same trivial cell
sent through jupyter_client and waited for, interleaved: one kernel untracked,
one with ``%load_ext mlops_lab``. The difference of the medians is the cost of
recording a cell. Beside it, one MLflow ``log_metric`` call on a local SQLite
store, the cheapest thing MLflow records.

Rerun with::

    pip install -e ".[bench]"
    python bench/cell_overhead.py            # --cells 400 --variables 1000
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jupyter_client.manager import KernelManager

from mlops_lab.core import Store

SETUP = """
import numpy as np
for _i in range({n}):
    globals()[f"v{{_i}}"] = [_i, str(_i)] if _i % 3 else np.arange(_i % 50)
del _i
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=400)
    parser.add_argument("--variables", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mlops-lab-p1-"))
    try:
        untracked, tracked = measure_kernels(work, args.cells, args.variables)
        mlflow = measure_mlflow(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    added = [t - u for t, u in zip(tracked, untracked, strict=True)]
    print(
        f"\nP1: trivial cell round trip, {args.variables} variables in the namespace, "
        f"{args.cells} cells each, interleaved ({os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}); milliseconds\n"
    )
    print("| measure | median | p95 |")
    print("|---|---|---|")
    print(f"| untracked kernel, round trip | {ms(untracked)} | {p95(untracked)} |")
    print(f"| tracked kernel, round trip | {ms(tracked)} | {p95(tracked)} |")
    print(
        f"| added by mlops-lab (median of tracked - median of untracked) | "
        f"{statistics.median(tracked) - statistics.median(untracked):.3f} | |"
    )
    print(f"| added by mlops-lab (median of pairwise differences) | {ms(added)} | |")
    if mlflow is None:
        print("| MLflow log_metric, local sqlite | not installed: pip install mlflow | |")
    else:
        print(
            f"| MLflow log_metric, local sqlite (one call, in process) | {ms(mlflow)} | "
            f"{p95(mlflow)} |"
        )
    print("\nRerun: python bench/cell_overhead.py " + " ".join(sys.argv[1:]))


def measure_kernels(work: Path, cells: int, variables: int) -> tuple[list[float], list[float]]:
    project = work / "project"
    (project / "nb").mkdir(parents=True)
    Store.open(project / ".mlops-lab").close()
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
    kernels = []
    for tracked in (False, True):
        manager = KernelManager(kernel_name="python3")
        manager.start_kernel(cwd=str(project / "nb"), env=env)
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        if tracked:
            run(client, "%load_ext mlops_lab")
        run(client, SETUP.format(n=variables))
        kernels.append((manager, client))
    try:
        for _ in range(30):  # warm both
            for _, client in kernels:
                round_trip(client, "x = 1")
        times: list[list[float]] = [[], []]
        for _ in range(cells):
            for index, (_, client) in enumerate(kernels):
                times[index].append(round_trip(client, "x = 1"))
        return times[0], times[1]
    finally:
        for manager, client in kernels:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


def round_trip(client: Any, code: str) -> float:
    """Milliseconds from sending an execute request to its reply on the shell channel.

    The reply leaves the kernel after the post-cell hooks, so it carries their
    cost; the iopub messages are read afterwards, outside the timing.
    """
    begin = time.perf_counter()
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=60)
    elapsed = (time.perf_counter() - begin) * 1000
    if reply["parent_header"]["msg_id"] != msg_id or reply["content"]["status"] != "ok":
        raise RuntimeError(f"unexpected reply: {reply['content']}")
    while True:  # drain this cell's outputs until the kernel is idle again
        message = client.get_iopub_msg(timeout=60)
        if (
            message["msg_type"] == "status"
            and message["content"]["execution_state"] == "idle"
            and message["parent_header"].get("msg_id") == msg_id
        ):
            return elapsed


def run(client: Any, code: str) -> None:
    reply = client.execute_interactive(code, timeout=60, output_hook=lambda _msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {reply['content']}")


def measure_mlflow(work: Path) -> list[float] | None:
    try:
        from mlflow.tracking import MlflowClient
    except ImportError:
        return None
    client = MlflowClient(tracking_uri=f"sqlite:///{work / 'mlflow.db'}")
    run_id = client.create_run(client.create_experiment("p1")).info.run_id
    samples = []
    for step in range(100):
        begin = time.perf_counter()
        client.log_metric(run_id, "m", float(step), step=step)
        samples.append((time.perf_counter() - begin) * 1000)
    return samples


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples):.3f}"


def p95(samples: list[float]) -> str:
    ordered = sorted(samples)
    return f"{ordered[int(0.95 * (len(ordered) - 1))]:.3f}"


if __name__ == "__main__":
    main()
