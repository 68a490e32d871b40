"""P7: what running a notebook as a local pipeline costs, beside papermill.

A 10-step notebook (``step:`` tags; each step reads the NumPy array the one
before it left, 100,000 floats, and changes it) is exported with
``mlops-lab export --to local``, then timed:

- the same cells run directly, one after the other in one namespace (the floor);
- ``run_pipeline`` with the cache off, in process: every step runs, every value
  goes through the store (the per-step overhead is the difference, over 10);
- ``run_pipeline`` again with everything cached, in process and as the
  ``mlops-lab pipeline run`` command (a new Python process);
- papermill executing the whole notebook in a fresh kernel;
- as new processes, each beside its reference measured in the same run, in
  turn: ``mlops-lab --version`` against ``python -c "import argparse"`` (bound:
  2x), and the cached ``mlops-lab pipeline run`` against
  ``python -c "import argparse, json, sqlite3, yaml"`` (bound: 3x).

Rerun with::

    pip install -e ".[bench]"
    python bench/pipeline.py            # --steps 10 --repeat 5 --size 100000
    python bench/pipeline.py --repeat 7 --process-repeat 30
"""

from __future__ import annotations

import argparse
import importlib.util
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
    parser.add_argument(
        "--process-repeat", type=int, default=20, help="runs of each new-process measure"
    )
    parser.add_argument("--no-papermill", action="store_true", help="leave papermill out")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mlops-lab-p7-"))
    try:
        rows, processes = measure(work, args)
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
    print(
        f"\nNew processes, each measure run {args.process_repeat} times, interleaved with its "
        "reference; milliseconds:\n"
    )
    print("| process | median | min | reference | median | min | ratio of medians | bound |")
    print("|---|---|---|---|---|---|---|---|")
    for (name, values), (reference, base), bound in processes:
        ratio = statistics.median(values) / statistics.median(base)
        print(
            f"| {name} | {statistics.median(values) * 1000:.1f} | {min(values) * 1000:.1f} "
            f"| {reference} | {statistics.median(base) * 1000:.1f} | {min(base) * 1000:.1f} "
            f"| {ratio:.2f}x | {bound}x ({'met' if ratio <= bound else 'missed'}) |"
        )
    print("\nRerun: python bench/pipeline.py " + " ".join(sys.argv[1:]))


Row = tuple[str, list[float]]


def interleaved(
    command: list[str], reference: list[str], repeat: int
) -> tuple[list[float], list[float]]:
    """Times of ``command`` and ``reference`` run in turn, so load hits both alike.

    An installed package has its bytecode compiled by pip; a source tree run with
    PYTHONDONTWRITEBYTECODE would compile every module at every start instead
    (50 ms here). So the processes run without it, after one untimed run of each.
    """

    def run(argv: list[str]) -> None:
        subprocess.run(argv, check=True, capture_output=True, env=compiled_env())

    run(command)
    run(reference)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        ours.extend(timed(lambda: run(command), 1))
        theirs.extend(timed(lambda: run(reference), 1))
    return ours, theirs


def compiled_env() -> dict[str, str]:
    """This environment, without PYTHONDONTWRITEBYTECODE (see `interleaved`)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cli_command() -> list[str]:
    """The ``mlops-lab`` console script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).parent / "mlops-lab"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mlops_lab.cli"]


def measure(work: Path, args: argparse.Namespace) -> tuple[list[Row], list[tuple[Row, Row, int]]]:
    steps, repeat, size = args.steps, args.repeat, args.size
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
    command = [*cli_command(), "pipeline", "run", str(out.directory)]
    rows.append(
        (
            "`mlops-lab pipeline run`, all cached (new process)",
            timed(
                lambda: subprocess.run(
                    command, check=True, capture_output=True, env=compiled_env()
                ),
                repeat,
            ),
        )
    )
    if not args.no_papermill and importlib.util.find_spec("papermill") is None:
        print("papermill is not installed (pip install -e '.[bench]'): left out", file=sys.stderr)
    elif not args.no_papermill:
        papermill = [sys.executable, "-m", "papermill", str(path), str(work / "out.ipynb")]
        rows.append(
            (
                "papermill, the whole notebook (fresh kernel)",
                timed(lambda: subprocess.run(papermill, check=True, capture_output=True), repeat),
            )
        )
    python = sys.executable
    argparse_only = "python -c 'import argparse'"
    with_yaml = "python -c 'import argparse, json, sqlite3, yaml'"
    version, base = interleaved(
        [*cli_command(), "--version"], [python, "-c", "import argparse"], args.process_repeat
    )
    cached, base_yaml = interleaved(
        command, [python, "-c", "import argparse, json, sqlite3, yaml"], args.process_repeat
    )
    processes = [
        (("`mlops-lab --version`", version), (argparse_only, base), 2),
        ((f"`mlops-lab pipeline run`, {steps} steps cached", cached), (with_yaml, base_yaml), 3),
    ]
    return rows, processes


if __name__ == "__main__":
    main()
