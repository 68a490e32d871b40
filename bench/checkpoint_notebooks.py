"""A checkpoint after every cell of published notebooks: mlops-lab, Kishu, and no checkpoint.

Each notebook runs cell by cell (blank cells left out) in a fresh real kernel
whose working folder is the notebook's (its data files are found), with
``MPLBACKEND=Agg``, four times:

- **no checkpoint**: the plain kernel, for the cells' own time;
- **mlops-lab recording, no checkpoint**: ``%load_ext mlops_lab`` only, so
  that what the checkpoints add shows apart from what recording the run costs;
- **mlops-lab**: ``%load_ext mlops_lab`` (its store in a temporary folder) and
  ``%mlops checkpoint`` as a cell of its own after every cell; each
  checkpoint's time is measured in the kernel;
- **Kishu** (with ``--kishu-python``, an interpreter that has kishu): attached
  as bench/kishu_kernel.py attaches it, committing after every cell; each
  commit (its ``post_run_cell`` hook) is timed in the kernel.

Then, in a fresh kernel, the modules the last checkpoint's values need are
imported (timed apart: the same for both tools, and most of a cold restore of
a small state), the checkpoint after the last cell is restored
(``%mlops restore RUN:N`` / Kishu's ``checkout``, timed in the kernel), and the
variables are compared with the original kernel's (bench/notebook_state.py).
End to end is the sum of the reply times of every cell the run sent (the
checkpoint cells included). A cell that raises is reported ("cell N": the Nth
non-blank code cell), and the run goes on; one that runs past ``--timeout`` is
interrupted. The bench's own cells run silent: no cell hook sees them.

    python bench/checkpoint_notebooks.py NOTEBOOK [NOTEBOOK ...]
        [--kishu-python /path/to/venv/bin/python] [--timeout 300]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the bench's modules beside this one

from kishu_kernel import ATTACH, KISHU_ENV, Kernel
from notebook_report import PLAIN, RECORDED, Execution, merge, print_table
from notebook_state import STATE_CELL, TIMER_CELL, compare, parse_state

from mlops_lab.core import Store
from mlops_lab.core.checkpoint import (
    Checkpoint,
    find_checkpoint,
    list_checkpoints,
)

PLOTS = {"MPLBACKEND": "Agg"}
CHECKPOINT_CELL = 'bench_timed(lambda: get_ipython().run_line_magic("mlops", "checkpoint"))'
RUN_ID_CELL = "print(__import__('mlops_lab.kernel').kernel.kernel_status()['run_id'])"
# Kishu's own post_run_cell hook, timed: each commit's seconds, with the cell it followed.
KISHU_TIMER = """
ip = get_ipython()
kishu = builtins.kishu_bench
ip.events.unregister("post_run_cell", kishu.post_run_cell)
import time
def commit(result):
    start = time.perf_counter()
    try:
        kishu.post_run_cell(result)
    finally:
        builtins.bench_commits.append([result.info.raw_cell, time.perf_counter() - start])
builtins.bench_commits = []
builtins.bench_commit = commit
ip.events.register("post_run_cell", commit)
"""
KISHU_DETACH = (
    "get_ipython().events.unregister('post_run_cell', bench_commit)\n"
    "kishu_bench.uninstall_kishu_hooks()"
)
# After the notebook: its last commit, the commits' times, and Kishu detached.
KISHU_REPORT = (
    "print(kishu_bench._kishu_branch.get_head().commit_id)\n"
    "print(__import__('json').dumps(bench_commits))\n" + KISHU_DETACH
)
KISHU_CHECKOUT = "try:\n    bench_timed(lambda: {checkout})\nfinally:\n" + "".join(
    f"    {line}\n" for line in KISHU_DETACH.splitlines()
)


def _build_arg_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    parser.add_argument("--kishu-python", metavar="PYTHON", help="an interpreter with kishu")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per cell")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, in turn (medians)")
    return parser


def code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells
    ]
    # IPython runs no hook for a blank cell: Kishu would not commit after it.
    return [
        s for c, s in zip(cells, sources, strict=True) if c["cell_type"] == "code" and s.strip()
    ]


def run_cells(
    kernel: Kernel, cells: list[str], timeout: float, run: Execution, after: str | None = None
) -> None:
    """Run the notebook's cells, and ``after`` each when given; their time into ``run``."""
    for number, cell in enumerate(cells, 1):
        seconds, _ = kernel.run(cell, check=False, timeout=timeout)
        run.seconds += seconds
        if kernel.error:
            run.errors.append(f"cell {number}: {kernel.error.splitlines()[0]}")
        if after is not None:
            seconds, _ = kernel.run(after, check=False, timeout=timeout)
            run.seconds += seconds
            if kernel.error:
                run.errors.append(f"checkpoint after cell {number}: {kernel.error}")


def printed_by(kernel: Kernel, code: str, *, silent: bool = True) -> str:
    """What a cell of the bench printed; silent (no hook, no history) unless asked."""
    _, printed = kernel.run(code, silent=silent)
    return printed.strip()


def modules_of(checkpoint: Checkpoint) -> list[str]:
    """The modules a checkpoint's values need: its modules and its values' types' modules."""
    names = {v.module or (v.type or "").rpartition(".")[0] for v in checkpoint.variables}
    return sorted(n for n in names if n and n.partition(".")[0] not in ("builtins", "__main__"))


def import_modules(kernel: Kernel, modules: list[str]) -> float:
    """Import them, timed: a restore's time then leaves out what is the same for every tool."""
    kernel.run(f"bench_timed(lambda: bench_imports({modules!r}))", silent=True)
    return float(printed_by(kernel, "print(bench_times[-1])"))


def folder_size(*paths: Path) -> int:
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*"))]
    return sum(p.stat().st_size for p in files if p.is_file())


def tracked_env(notebook: Path, work: Path) -> dict[str, str]:
    """A kernel environment for mlops-lab: its store in ``work``, the notebook named."""
    work.mkdir(parents=True, exist_ok=True)
    store = work / ".mlops-lab"
    return {**PLOTS, "MLOPS_LAB_STORE": str(store), "JPY_SESSION_NAME": str(notebook)}


def measure_plain(
    notebook: Path, cells: list[str], args: argparse.Namespace, work: Path | None = None
) -> Execution:
    """The notebook without checkpoints; recorded by mlops-lab into ``work`` when given."""
    run = Execution()
    kernel = Kernel(
        sys.executable, notebook.parent, PLOTS if work is None else tracked_env(notebook, work)
    )
    try:
        if work is not None:
            kernel.run("%load_ext mlops_lab")
        run_cells(kernel, cells, args.timeout, run)
    finally:
        kernel.shutdown()
    return run


def measure_mlops_lab(
    notebook: Path, cells: list[str], args: argparse.Namespace, work: Path
) -> Execution:
    run = Execution()
    env = tracked_env(notebook, work)
    store_path = Path(env["MLOPS_LAB_STORE"])
    kernel = Kernel(sys.executable, notebook.parent, env)
    try:
        kernel.run("%load_ext mlops_lab")
        kernel.run(TIMER_CELL, silent=True)
        before = folder_size(store_path)
        run_cells(kernel, cells, args.timeout, run, after=CHECKPOINT_CELL)
        run.checkpoints = json.loads(printed_by(kernel, "print(bench_times)"))
        run_id = printed_by(kernel, RUN_ID_CELL)
        # Its hook waits for the last checkpoint's write: durable before the kernel stops.
        original = parse_state(printed_by(kernel, STATE_CELL, silent=False))
    finally:
        kernel.shutdown()
    run.growth = folder_size(store_path) - before
    with Store.open(store_path) as store:
        listed = list_checkpoints(store, run_id)
        checkpoints = [find_checkpoint(store, f"{run_id}:{c.name}") for c in listed]
    last = checkpoints[-1]
    values = {
        (v.value.stream, v.value.buffers): v.size
        for c in checkpoints
        for v in c.variables
        if v.value
    }
    run.stored = sum(values.values())
    reasons = {v.name: f"skipped: {v.skipped}" for v in last.skipped}
    run.modules = modules_of(last)
    fresh = Kernel(sys.executable, notebook.parent, env)
    try:
        fresh.run("%load_ext mlops_lab")
        fresh.run(TIMER_CELL, silent=True)
        run.imports_s = import_modules(fresh, run.modules)
        restore = f"restore {run_id}:{last.name}"
        _, printed = fresh.run(
            f"bench_timed(lambda: get_ipython().run_line_magic('mlops', {restore!r}))", check=False
        )
        run.restore_error = fresh.error
        run.restore_s = float(printed_by(fresh, "print(bench_times[-1])"))
        for line in printed.splitlines():  # "  skipped NAME: REASON", from loading
            if line.startswith("  skipped "):
                name, _, reason = line.removeprefix("  skipped ").partition(": ")
                reasons.setdefault(name, f"not loaded: {reason}")
        run.comparison = compare(original, parse_state(printed_by(fresh, STATE_CELL)), reasons)
    finally:
        fresh.shutdown()
    return run


def measure_kishu(
    notebook: Path, cells: list[str], args: argparse.Namespace, work: Path, modules: list[str]
) -> Execution:
    run = Execution()
    work.mkdir(parents=True, exist_ok=True)
    # An empty notebook for Kishu to read at each commit, as bench/kishu_kernel.py does:
    # the cells are sent by the bench, and the namespace is what is compared.
    tracked = work / notebook.name
    tracked.write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    database = tracked.with_suffix(".kishudb")
    env = {**PLOTS, **KISHU_ENV}

    def attach(kernel: Kernel, kernel_id: str) -> None:
        code = ATTACH.format(path=str(tracked), kernel=kernel_id) + KISHU_TIMER
        # Silent, as every cell of the bench: Kishu's checkout re-runs cells of its history.
        kernel.run(f"exec({code!r}, {{'get_ipython': get_ipython}})", silent=True)

    kernel = Kernel(args.kishu_python, notebook.parent, env)
    try:
        kernel.run(TIMER_CELL, silent=True)
        attach(kernel, "bench-1")
        before = folder_size(*database.parent.glob(f"{database.name}*"))
        run_cells(kernel, cells, args.timeout, run)
        commit, commits = printed_by(kernel, KISHU_REPORT).splitlines()
        run.checkpoints = _commits_of(cells, json.loads(commits))
        original = parse_state(printed_by(kernel, STATE_CELL))
    finally:
        kernel.shutdown()
    run.growth = folder_size(*database.parent.glob(f"{database.name}*")) - before
    fresh = Kernel(args.kishu_python, notebook.parent, env)
    try:
        fresh.run(TIMER_CELL, silent=True)
        attach(fresh, "bench-2")
        run.imports_s = import_modules(fresh, modules)
        checkout = f"kishu_bench.checkout({commit!r}, skip_notebook=True)"
        fresh.run(KISHU_CHECKOUT.format(checkout=checkout), check=False, silent=True)
        run.restore_error = fresh.error
        run.restore_s = float(printed_by(fresh, "print(bench_times[-1])"))
        run.comparison = compare(original, parse_state(printed_by(fresh, STATE_CELL)), {})
    finally:
        fresh.shutdown()
    return run


def _commits_of(cells: list[str], commits: list[tuple[str, float]]) -> list[float]:
    """The commits that followed the notebook's cells, in order (not the bench's own)."""
    seconds, position = [], 0
    for raw_cell, spent in commits:
        if position < len(cells) and raw_cell == cells[position]:
            seconds.append(spent)
            position += 1
    return seconds


def measure_all(
    notebook: Path, cells: list[str], args: argparse.Namespace, folder: Path
) -> dict[str, Execution]:
    runs = {PLAIN: measure_plain(notebook, cells, args)}
    runs[RECORDED] = measure_plain(notebook, cells, args, folder / "recorded")
    runs["mlops-lab"] = measure_mlops_lab(notebook, cells, args, folder / "mlops-lab")
    if args.kishu_python:
        modules = runs["mlops-lab"].modules
        runs["Kishu"] = measure_kishu(notebook, cells, args, folder / "kishu", modules)
    return runs


def main() -> None:
    args = _build_arg_parser().parse_args()
    notebooks = [path.resolve() for path in args.notebooks]
    for path in notebooks:
        if not path.is_file():
            sys.exit(f"checkpoint_notebooks: no notebook at {path}")
    loads = [os.getloadavg()[0]]
    tables = []
    with tempfile.TemporaryDirectory(prefix="mlops-lab-bench-") as tmp:
        for index, notebook in enumerate(notebooks):
            cells = code_cells(notebook)
            print(f"{notebook.name}: {len(cells)} cells", file=sys.stderr)
            repeated: dict[str, list[Execution]] = {}
            # In turn, so that a busy moment of the machine falls on every tool alike.
            for repetition in range(args.repeat):
                folder = Path(tmp) / f"{index}-{repetition}"
                runs = measure_all(notebook, cells, args, folder)
                print(f"{notebook.name}: {runs}", file=sys.stderr)
                for name, run in runs.items():
                    repeated.setdefault(name, []).append(run)
            merged = {name: merge(runs) for name, runs in repeated.items()}
            tables.append((notebook, len(cells), merged))
            loads.append(os.getloadavg()[0])
    kishu = ""
    if args.kishu_python:
        kishu = ", Kishu " + printed_version(args.kishu_python)
    print(
        f"\nOn {date.today()}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"mlops-lab {metadata.version('mlops_lab')}{kishu}; load average (1 min) "
        + " / ".join(f"{load:.1f}" for load in loads)
        + f" (start / after each notebook); medians of {args.repeat} runs in turn"
    )
    for notebook, cells, runs in tables:
        print_table(notebook, cells, runs)
    command = "python bench/checkpoint_notebooks.py " + " ".join(str(p) for p in args.notebooks)
    if args.kishu_python:
        command += f" --kishu-python {args.kishu_python}"
    print(f"\nrerun: {command} --timeout {args.timeout:g} --repeat {args.repeat}")


def printed_version(python: str) -> str:
    code = "from importlib.metadata import version; print(version('kishu'))"
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


if __name__ == "__main__":
    main()
