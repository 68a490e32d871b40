"""Lineage and liveness at scale: a slice in a run of 10,000 executions, opening 10,000 runs.

Targets: the lineage of a variable in a run of 10,000 cell executions within
50 ms; marking dead runs adds at most 1 ms to opening a store of 10,000 runs;
recording a cell's reads (static analysis of a trivial cell) at most 0.05 ms.

Rerun with::

    python bench/lineage.py            # --executions 10000 --runs 10000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from mlops_lab.core import Store
from mlops_lab.core.capture.cell_names import cell_names
from mlops_lab.core.lineage import lineage_slice
from mlops_lab.core.store._liveness import dead_runs


def build_run(store: Store, executions: int) -> str:
    """A notebook re-run many times: 20 cells, each reading the two variables before it."""
    run = store.start_run(experiment="lineage bench")
    now = datetime.now(timezone.utc)
    for seq in range(executions):
        cell = seq % 20
        reads = [f"v{cell - 1}", f"v{cell - 2}"] if cell >= 2 else []
        store.record_cell(
            run.id,
            code=f"v{cell} = v{cell - 1} + v{cell - 2}" if cell >= 2 else f"v{cell} = {seq}",
            started_at=now,
            duration=0.001,
            cell_id=f"cell-{cell}",
            reads=reads,
            writes=[f"v{cell}"],
        )
    return run.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--executions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mlops-lab-lineage-"))
    try:
        with Store.open(work / ".mlops-lab") as store:
            run_id = build_run(store, args.executions)
            times = []
            for _ in range(20):
                start = time.perf_counter()
                found = lineage_slice(store, run_id, "v19")
                times.append(time.perf_counter() - start)
            slice_ms = statistics.median(times) * 1000
            with store.database.write() as conn:
                conn.executemany(
                    "INSERT INTO runs (id, experiment_id, name, status, started_at)"
                    " VALUES (?, 1, 'r', 'finished', ?)",
                    [(f"{i:032x}", float(i)) for i in range(args.runs)],
                )
            dead = []
            for _ in range(50):
                with store.database.read() as conn:
                    start = time.perf_counter()
                    dead_runs(conn)
                    dead.append(time.perf_counter() - start)
            dead_ms = statistics.median(dead) * 1000
    finally:
        shutil.rmtree(work, ignore_errors=True)
    analysis = []
    for i in range(2000):
        code = f"z{i} = x + 10"  # a new text each time: the cache does not help
        start = time.perf_counter()
        cell_names(code)
        analysis.append(time.perf_counter() - start)
    print("\n| measure | median ms | target ms |\n|---|---|---|")
    print(
        f"| lineage of a variable, run of {args.executions} executions "
        f"({len(found.executions)} in the slice) | {slice_ms:.2f} | 50 |"
    )
    print(f"| marking dead runs when opening, {args.runs} runs | {dead_ms:.3f} | 1 |")
    reads_ms = statistics.median(analysis) * 1000
    print(f"| reads and writes of a trivial cell (ast) | {reads_ms:.3f} | 0.05 |")


if __name__ == "__main__":
    main()
