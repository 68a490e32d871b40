"""P5: lock an environment of 200+ distributions, against `pip freeze` and a naive loop.

Two environments: this interpreter's own, and the same with extra distributions
added on ``PYTHONPATH`` (copies of real METADATA files under new names) to pass
200. Each cold measurement runs in a fresh interpreter so no cache is warm:
`environment_lock()` timed around the call (and, separately, with the import of
its module), the naive ``importlib.metadata`` loop reading each name and version,
and ``pip freeze`` as a whole process. `environment_key()` is timed in-process
when nothing changed.

    python bench/environment_lock.py [--extra 120] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib import metadata
from pathlib import Path

from mlops_lab.core.capture.environment import environment_key

_OURS = """
import json, time
start = time.perf_counter()
from mlops_lab.core.capture.environment import environment_lock
imported = time.perf_counter()
lock = environment_lock()
done = time.perf_counter()
print(json.dumps([len(lock.packages), done - imported, done - start]))
"""

_NAIVE = """
import json, time
start = time.perf_counter()
from importlib import metadata
found = {d.metadata["Name"]: d.version for d in metadata.distributions()}
print(json.dumps([len(found), time.perf_counter() - start, time.perf_counter() - start]))
"""


def _build_arg_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=5)
    return parser


def add_fake_distributions(folder: Path, count: int) -> None:
    donors = [d for d in metadata.distributions() if d.read_text("METADATA")]
    for i in range(count):
        donor = donors[i % len(donors)]
        name = f"benchpkg{i:03d}"
        info = folder / f"{name}-1.{i}.dist-info"
        info.mkdir(parents=True)
        text = donor.read_text("METADATA") or ""
        lines = text.splitlines()
        for position, line in enumerate(lines):
            if line.startswith("Name:"):
                lines[position] = f"Name: {name}"
            elif line.startswith("Version:"):
                lines[position] = f"Version: 1.{i}"
        (info / "METADATA").write_text("\n".join(lines) + "\n")
        (info / "INSTALLER").write_text("pip\n")


def in_fresh_interpreter(code: str, env: dict[str, str], repeat: int) -> tuple[int, list, list]:
    counts, call, total = [], [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout
        count, call_s, total_s = json.loads(out)
        counts.append(count)
        call.append(call_s * 1000)
        total.append(total_s * 1000)
    return counts[0], call, total


def pip_freeze(env: dict[str, str], repeat: int) -> tuple[int, list[float]]:
    times, lines = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "pip", "freeze", "--all"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        times.append((time.perf_counter() - start) * 1000)
        lines = len([line for line in out.splitlines() if line and not line.startswith("#")])
    return lines, times


def key_unchanged(paths: list[str], repeat: int = 2000) -> list[float]:
    environment_key(paths)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        environment_key(paths)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(label: str, env: dict[str, str], paths: list[str], repeat: int) -> list[str]:
    count, call, with_import = in_fresh_interpreter(_OURS, env, repeat)
    naive_count, naive, _ = in_fresh_interpreter(_NAIVE, env, repeat)
    frozen, freeze = pip_freeze(env, max(1, repeat // 2))
    key = key_unchanged(paths)
    return [
        f"| {label}: {count} distributions | {_ms(call)} | {_ms(with_import)} | {_ms(key, 4)} "
        f"| {_ms(naive)} ({naive_count}) | {_ms(freeze)} ({frozen}) |"
    ]


def main(argv: list[str] | None = None) -> int:
    args = _build_arg_parser().parse_args(argv)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    rows = measure("this venv", env, list(sys.path), args.repeat)
    extra = Path(tempfile.mkdtemp(prefix="mlops-lab-bench-site-"))
    try:
        add_fake_distributions(extra, args.extra)
        env_extra = {**env, "PYTHONPATH": str(extra)}
        rows += measure("venv + extra", env_extra, [str(extra), *sys.path], args.repeat)
    finally:
        shutil.rmtree(extra)
    print(
        f"Measured on {date.today()} on {platform.node() or 'this machine'} "
        f"({platform.machine()}, load average {os.getloadavg()[0]:.1f}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}), "
        f"median / best in ms, cold runs in a fresh interpreter each:\n"
    )
    print(
        "| environment | `environment_lock()` cold | with its import | "
        "`environment_key()` unchanged | `importlib.metadata` loop (found) | "
        "`pip freeze --all` (lines) |"
    )
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    command = f"python bench/environment_lock.py --extra {args.extra} --repeat {args.repeat}"
    print(f"\ncommand: {command}")
    print(f"python: {sys.executable}")
    return 0


def _ms(times: list[float], digits: int = 1) -> str:
    return f"{statistics.median(times):.{digits}f} / {min(times):.{digits}f}"


if __name__ == "__main__":
    raise SystemExit(main())
