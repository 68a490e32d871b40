"""P7: what running a notebook as a local pipeline costs, beside papermill.

A 10-step notebook (``step:`` tags; each step reads the NumPy array the one
before it left, 100,000 floats, and changes it) is exported with
``mlops-lab export --to local``, then timed:

- the same cells run directly, one after the other in one namespace (the floor);
- ``run_pipeline`` with the cache off, in process: every step runs, every value
  goes through the store (the per-step overhead is the difference, over 10);
- ``run_pipeline`` again with everything cached, in process and as the
  ``mlops-lab pipeline run`` command (a new Python process);
- papermill executing the whole notebook in a fresh kernel.

Rerun with::

    pip install -e ".[bench]"
    python bench/pipeline.py            # --steps 10 --repeat 5 --size 100000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mlops_lab.core import Store
from mlops_lab.core.pipeline.export import export_notebook
from mlops_lab.core.pipeline.runner import run_pipeline


def notebook(steps: int, size: int) -> dict[str, object]:
    def cell(source: str, *tags: str, cell_id: str) -> dict[str, object]:
        return {
            "cell_type": "code",
            "id": cell_id,
            "metadata": {"tags": list(tags)},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }

    cells = [
        cell("import numpy as np", "imports", cell_id="imports"),
        cell(f"size = {size}\nseed = 0", "parameters", cell_id="parameters"),
        cell(
            "values = np.random.default_rng(seed).random(size)",
            "step:step_0",
            cell_id="step-0",
        ),
    ]
    for index in range(1, steps):
        cells.append(
            cell(
                f"values = np.sqrt(values + {index})\nmean_{index} = float(values.mean())",
                f"step:step_{index}",
                cell_id=f"step-{index}",
            )
        )
    cells.append(cell(f"print(mean_{steps - 1})", "pipeline-metrics", cell_id="metrics"))
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": cells,
    }


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def run_directly(document: dict[str, object]) -> None:
    namespace: dict[str, object] = {"__name__": "__main__"}
    for cell in document["cells"]:  # type: ignore[attr-defined]
        tags = cell["metadata"]["tags"]
        if "pipeline-metrics" in tags:
            continue
        exec(compile(cell["source"], "<cell>", "exec"), namespace)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mlops-lab-p7-"))
    try:
        rows = measure(work, args.steps, args.repeat, args.size)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nP7: a {args.steps}-step pipeline, a {args.size}-float array passed between steps "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]}); seconds, median of "
        f"{args.repeat} (min)\n"
    )
    print("| measure | median | min |")
    print("|---|---|---|")
    for name, values in rows:
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} |")
    direct = statistics.median(rows[0][1])
    uncached = statistics.median(rows[1][1])
    print(
        f"| per-step overhead of the pipeline (uncached - direct) / {args.steps} | "
        f"{(uncached - direct) / args.steps:.3f} | |"
    )
    print("\nRerun: python bench/pipeline.py " + " ".join(sys.argv[1:]))


def measure(work: Path, steps: int, repeat: int, size: int) -> list[tuple[str, list[float]]]:
    project = work / "project"
    project.mkdir()
    document = notebook(steps, size)
    path = project / "bench.ipynb"
    path.write_text(json.dumps(document))
    rows: list[tuple[str, list[float]]] = []
    with Store.open(project / ".mlops-lab") as store:
        out = export_notebook(path, target="local", directory=project / "out", store=store)
        run_directly(document)  # imports warm, as they are for the pipeline runs below
        rows.append(
            (
                "the cells run directly, in one namespace",
                timed(lambda: run_directly(document), repeat),
            )
        )
        run_pipeline(out.directory, store, use_cache=False)  # first run: imports, lock
        rows.append(
            (
                "pipeline, every step run (in process, cache off)",
                timed(lambda: run_pipeline(out.directory, store, use_cache=False), repeat),
            )
        )
        rows.append(
            (
                "pipeline re-run, all cached (in process)",
                timed(lambda: run_pipeline(out.directory, store), repeat),
            )
        )
    command = [sys.executable, "-m", "mlops_lab.cli", "pipeline", "run", str(out.directory)]
    rows.append(
        (
            "`mlops-lab pipeline run`, all cached (new process)",
            timed(lambda: subprocess.run(command, check=True, capture_output=True), repeat),
        )
    )
    papermill = [sys.executable, "-m", "papermill", str(path), str(work / "out.ipynb")]
    rows.append(
        (
            "papermill, the whole notebook (fresh kernel)",
            timed(lambda: subprocess.run(papermill, check=True, capture_output=True), repeat),
        )
    )
    return rows


if __name__ == "__main__":
    main()
