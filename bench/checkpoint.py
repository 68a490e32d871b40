"""P4: checkpoint and restore a large namespace, against pickle and Kishu.

The namespace: a 1 GB float64 NumPy array, a 10M-row DataFrame (int64, two
float64 and a categorical column), a fitted scikit-learn random forest and
1,000 small objects (lists, dicts, strings). Measured:

- first checkpoint: time until it is durable and restorable, time the kernel
  is blocked (serializing and hashing; writing and syncing run on a thread),
  and bytes written;
- second checkpoint, after one small variable changed (a cell that assigns
  ``small_0``: that is the name the kernel hands the checkpointer);
- restore of every variable (then checked, untimed: equal to the namespace's
  values, in memory of their own);

for mlops-lab (`Checkpointer`, what ``%mlops checkpoint`` and ``%mlops restore``
run in the kernel), for pickle of the whole namespace (protocol 5, ``dump`` to
a file, and ``dump`` + fsync, which mlops-lab's atomic writes include; then
``load``), and for Kishu (``pip install kishu``), which checkpoints after every
cell of a real kernel: with ``--kishu-python`` pointing at an interpreter that
has kishu, numpy, pandas, scikit-learn and ipykernel.

    python bench/checkpoint.py [--gigabytes 1] [--rows 10000000] [--small 1000]
        [--kishu-python /path/to/venv/bin/python]
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import platform
import shutil
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from mlops_lab.core import Store
from mlops_lab.core.checkpoint import Checkpointer, find_checkpoint, load_checkpoint

NAMESPACE_CODE = """\
import time as _time
_start = _time.perf_counter()
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

_rng = np.random.default_rng(0)
big = _rng.random(int({gigabytes} * 10**9) // 8)
frame = pd.DataFrame(
    {{
        "id": np.arange({rows}, dtype=np.int64),
        "x": _rng.random({rows}),
        "y": _rng.normal(size={rows}),
        "group": pd.Categorical.from_codes(
            _rng.integers(0, 50, {rows}), [f"g{{i}}" for i in range(50)]
        ),
    }}
)
_X = _rng.normal(size=(20_000, 10))
model = RandomForestClassifier(n_estimators=50, max_depth=8, random_state=0).fit(
    _X, (_X[:, 0] + _X[:, 1] > 0).astype(int)
)
for _i in range({small}):
    globals()[f"small_{{_i}}"] = (
        [_i, _i * 2, str(_i)] if _i % 3 == 0 else {{"n": _i, "s": "x" * (_i % 50)}}
        if _i % 3 == 1 else f"value {{_i}}"
    )
_built = _time.perf_counter() - _start
"""


def _build_arg_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--kishu-python", metavar="PYTHON", help="an interpreter with kishu")
    parser.add_argument(
        "--repeat", type=int, default=3, help="mlops-lab and pickle runs, in turn (medians)"
    )
    return parser


def build_namespace(args: argparse.Namespace) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    code = NAMESPACE_CODE.format(gigabytes=args.gigabytes, rows=args.rows, small=args.small)
    exec(code, namespace)  # the same cell the Kishu kernel runs
    return {k: v for k, v in namespace.items() if not k.startswith("_")}


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def measure_mlops_lab(namespace: dict[str, Any], folder: Path) -> dict[str, float]:
    folder.mkdir(parents=True, exist_ok=True)
    with Store.open(folder / ".mlops-lab") as store:
        run = store.start_run(notebook="bench.ipynb")
        checkpointer = Checkpointer()
        # As the kernel takes it: serialized and hashed while the kernel waits (blocked),
        # written and synced on a thread; complete (restorable) once durable (first).
        begin = time.perf_counter()
        first = checkpointer.checkpoint(store, run.id, namespace, background=True)
        blocked_s = time.perf_counter() - begin
        checkpointer.wait()
        first_s = time.perf_counter() - begin
        taken = dict(namespace)  # what the first checkpoint holds
        namespace["small_0"] = [0, 0, "changed"]
        second_s, second = timed(
            lambda: checkpointer.checkpoint(store, run.id, namespace, changed={"small_0"})
        )
        gc.collect()
        # What `%mlops restore RUN:1` runs: the checkpoint's rows read, then its values.
        restore_s, state = timed(
            lambda: load_checkpoint(store, find_checkpoint(store, f"{run.id}:1"))
        )
        assert not state.skipped, state.skipped
        check_restored(state.values, taken)
        del state
        gc.collect()
    return {
        "first_s": first_s,
        "blocked_s": blocked_s,
        "first_bytes": first.written_bytes,
        "second_s": second_s,
        "second_bytes": second.written_bytes,
        "restore_s": restore_s,
    }


def check_restored(values: dict[str, Any], namespace: dict[str, Any]) -> None:
    """Untimed: the restored values equal the namespace's, in memory of their own."""
    assert np.array_equal(values["big"], namespace["big"])
    assert not np.shares_memory(values["big"], namespace["big"])
    # (pandas' assert_frame_equal takes 25 s on the categorical column.)
    assert values["frame"].equals(namespace["frame"])
    assert list(values["frame"].dtypes) == list(namespace["frame"].dtypes)
    probe = np.random.default_rng(1).normal(size=(100, 10))
    assert np.array_equal(values["model"].predict(probe), namespace["model"].predict(probe))
    assert all(values[name] == namespace[name] for name in namespace if name.startswith("small_"))


def measure_pickle(namespace: dict[str, Any], folder: Path) -> dict[str, float]:
    path = folder / "namespace.pkl"
    # pickle refuses modules: they are left out (mlops-lab keeps them as imports).
    namespace = {k: v for k, v in namespace.items() if not isinstance(v, types.ModuleType)}

    def dump(sync: bool) -> None:
        with path.open("wb") as file:
            pickle.dump(namespace, file, protocol=5)
            if sync:
                file.flush()
                os.fsync(file.fileno())

    dump_s, _ = timed(lambda: dump(False))
    size = path.stat().st_size
    path.unlink()
    dump_sync_s, _ = timed(lambda: dump(True))

    def load() -> Any:
        with path.open("rb") as file:
            return pickle.load(file)

    gc.collect()
    load_s, loaded = timed(load)
    del loaded
    path.unlink()
    gc.collect()
    # pickle has no increment: a second checkpoint is a whole dump again.
    return {
        "first_s": dump_s,
        "first_sync_s": dump_sync_s,
        "first_bytes": size,
        "restore_s": load_s,
    }


def measure_kishu(args: argparse.Namespace, folder: Path) -> dict[str, float]:
    """Kishu in a real kernel of ``--kishu-python``: see bench/kishu_kernel.py."""
    from kishu_kernel import run_kishu  # next to this script

    return run_kishu(args, folder, NAMESPACE_CODE)


def main() -> None:
    args = _build_arg_parser().parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    with tempfile.TemporaryDirectory(prefix="mlops-lab-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        namespace = build_namespace(args)
        built = time.perf_counter() - start
        print(f"namespace built in {built:.1f} s", file=sys.stderr)
        # In turn, each on its own folder, so that a busy moment of the machine
        # or the disk's writeback of the one before falls on both alike; medians.
        ours_runs, theirs_runs = [], []
        for index in range(args.repeat):
            ours_runs.append(measure_mlops_lab(namespace, folder / f"mlops-{index}"))
            print(f"mlops-lab: {ours_runs[-1]}", file=sys.stderr)
            shutil.rmtree(folder / f"mlops-{index}")
            theirs_runs.append(measure_pickle(namespace, folder))
            print(f"pickle: {theirs_runs[-1]}", file=sys.stderr)
        ours, theirs = medians(ours_runs), medians(theirs_runs)
        del namespace
        gc.collect()
        kishu = measure_kishu(args, folder / "kishu") if args.kishu_python else None
        if kishu is not None:
            print(f"kishu: {kishu}", file=sys.stderr)
    print_table(args, ours, theirs, kishu)


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def print_table(
    args: argparse.Namespace,
    ours: dict[str, float],
    theirs: dict[str, float],
    kishu: dict[str, float] | None,
) -> None:
    def seconds(value: float | None) -> str:
        if value is None:
            return "n/a"
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"

    def size(value: float | None) -> str:
        if value is None:
            return "n/a"
        if value < 1e3:
            return f"{value:.0f} B"
        return f"{value / 1e9:.2f} GB" if value >= 1e8 else f"{value / 1e3:.1f} kB"

    k = kishu or {}
    print(
        f"\nP4 on {date.today()}, {platform.python_version()}, {os.cpu_count()} cores: "
        f"{args.gigabytes} GB array, {args.rows:,}-row DataFrame, random forest, "
        f"{args.small:,} small objects; mlops-lab and pickle: medians of {args.repeat} runs "
        "in turn, Kishu: one run\n"
    )
    print("| | mlops-lab | pickle | Kishu |")
    print("|---|---|---|---|")
    print(
        f"| first checkpoint | {seconds(ours['first_s'])} | {seconds(theirs['first_s'])} "
        f"({seconds(theirs['first_sync_s'])} with fsync) | {seconds(k.get('first_s'))} |"
    )
    print(
        f"| kernel blocked by the first checkpoint | {seconds(ours['blocked_s'])} "
        f"| {seconds(theirs['first_s'])} (dump, no fsync) | {seconds(k.get('first_s'))} |"
    )
    print(
        f"| its size | {size(ours['first_bytes'])} | {size(theirs['first_bytes'])} "
        f"| {size(k.get('first_bytes'))} |"
    )
    print(
        f"| second, one small variable changed | {seconds(ours['second_s'])} "
        f"| {seconds(theirs['first_s'])} (whole dump) | {seconds(k.get('second_s'))} |"
    )
    print(
        f"| its size | {size(ours['second_bytes'])} | {size(theirs['first_bytes'])} "
        f"| {size(k.get('second_bytes'))} |"
    )
    print(
        f"| restore everything | {seconds(ours['restore_s'])} | {seconds(theirs['restore_s'])} "
        f"| {seconds(k.get('restore_s'))} |"
    )
    command = (
        f"python bench/checkpoint.py --gigabytes {args.gigabytes} --rows {args.rows}"
        f" --small {args.small} --repeat {args.repeat}"
    )
    if args.kishu_python:
        command += f" --kishu-python {args.kishu_python}"
    print(f"\nrerun: {command}")


if __name__ == "__main__":
    main()
