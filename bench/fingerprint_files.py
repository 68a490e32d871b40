"""P2: fingerprint a 1 GiB page-cached file, against md5, sha256 and `dvc add`.

The file is written to a temporary folder and read once so every tool hashes it
from the page cache; the re-check is `fingerprint_file` on the unchanged file
with a stat cache (one stat, no read). One row hashes the same bytes from a
``bytes`` object in memory: the hash alone, at this moment (the machine is
shared, so absolute numbers move with its load). The file is deleted at the end.

    python bench/fingerprint_files.py [--size-mib 1024] [--repeat 5]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import xxhash

from mlops_lab.core.capture.fingerprints import MemoryStatCache, fingerprint_file

_CHUNK = 1 << 20


def _build_arg_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--recheck-repeat", type=int, default=10_000)
    return parser


def write_file(path: Path, size: int) -> None:
    block = os.urandom(16 << 20)
    with path.open("wb") as handle:
        for _ in range(size // len(block)):
            handle.write(block)
        handle.write(block[: size % len(block)])


def hashlib_file(path: Path, name: str) -> str:
    hasher = hashlib.new(name)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


def best_of(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def dvc_cell(path: Path, size: int) -> str:
    dvc = shutil.which("dvc")
    if dvc is None:
        return "not installed: pip install dvc"
    repo = path.parent
    subprocess.run([dvc, "init", "--no-scm", "-q"], cwd=repo, check=True)
    start = time.perf_counter()
    subprocess.run([dvc, "add", "-q", path.name], cwd=repo, check=True)
    return _rate(size, [time.perf_counter() - start]) + " (one run)"


def main(argv: list[str] | None = None) -> int:
    args = _build_arg_parser().parse_args(argv)
    size = args.size_mib << 20
    with tempfile.TemporaryDirectory(prefix="mlops-lab-bench-") as folder:
        path = Path(folder) / "data.bin"
        write_file(path, size)
        hashlib_file(path, "md5")  # into the page cache
        ours = best_of(lambda: fingerprint_file(path), args.repeat)
        ours_read = best_of(lambda: fingerprint_file(path, use_mmap=False), args.repeat)
        md5 = best_of(lambda: hashlib_file(path, "md5"), max(1, args.repeat // 2))
        sha256 = best_of(lambda: hashlib_file(path, "sha256"), max(1, args.repeat // 2))
        cache = MemoryStatCache()
        fingerprint_file(path, cache)
        recheck = best_of(lambda: fingerprint_file(path, cache), args.recheck_repeat)
        dvc = dvc_cell(path, size)
        # The hash alone, over bytes already in memory: what the file path adds to it.
        ceiling = best_of(partial(xxhash.xxh3_128_hexdigest, path.read_bytes()), args.repeat)
    print(
        f"Measured on {date.today()} on {platform.node() or 'this machine'} "
        f"({platform.machine()}, load average {os.getloadavg()[0]:.1f}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}), "
        f"a {args.size_mib} MiB page-cached file, median / best of {args.repeat}:\n"
    )
    print("| tool | GiB/s | re-check of an unchanged file |")
    print("|---|---|---|")
    print(
        f"| mlops-lab `fingerprint_file` (xxh3-128, mmap) | {_rate(size, ours)} "
        f"| {statistics.median(recheck) * 1000:.4f} ms median, "
        f"{min(recheck) * 1000:.4f} ms best (stat cache) |"
    )
    print(f"| mlops-lab `fingerprint_file(use_mmap=False)` | {_rate(size, ours_read)} | |")
    print(f"| `xxhash.xxh3_128` of a `bytes` copy in memory | {_rate(size, ceiling)} | no file |")
    print(f"| `hashlib.md5`, 1 MiB reads | {_rate(size, md5)} | full read |")
    print(f"| `hashlib.sha256`, 1 MiB reads | {_rate(size, sha256)} | full read |")
    print(f"| `dvc add` | {dvc} | |")
    command = f"python bench/fingerprint_files.py --size-mib {args.size_mib} --repeat {args.repeat}"
    print(f"\ncommand: {command}")
    print(f"python: {sys.executable}")
    return 0


def _rate(size: int, times: list[float]) -> str:
    rates = [size / t / 2**30 for t in times]
    if len(rates) == 1:
        return f"{rates[0]:.2f}"
    return f"{statistics.median(rates):.2f} / {max(rates):.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
