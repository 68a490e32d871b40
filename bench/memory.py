"""Memory: what mlops-lab adds to a kernel, to the Jupyter server, and to ``track``.

Three figures, each against its goal, from the resident set sizes Linux reports
in ``/proc/PID/status``:

- a tracked kernel minus an untracked one, the same 1,000 variables in each
  (lists and NumPy arrays), after the same ``--cells`` cells (default 1,000),
  each rebinding one of the variables (goal: at most 30 MB);
- a Jupyter server with the mlops-lab extension, after listing all the runs of
  a store of ``--runs`` runs (default 10,000) page by page, sorting them by a
  metric and comparing 10 of them, minus the same server with the extension
  disabled, after the same requests' counterpart (its status page) (goal: at
  most 100 MB);
- ``mlops-lab track`` of a notebook that opens a 1 GB input file and reads 10
  bytes of it: the peak of each process's anonymous memory (heap, not the page
  cache a memory map of the file shows) over the run, sampled every 10 ms,
  beside the same notebook over a 1 kB file (goal: the file is not loaded to be
  fingerprinted, so the two peaks differ by far less than 1 GB).

Rerun with::

    python bench/memory.py            # --cells 1000 --runs 10000 --gigabytes 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from cell_overhead import SETUP, round_trip, run
from compare_runs import seed_mlops_lab
from jupyter_client.manager import KernelManager
from list_runs import free_port, http_get, wait_until_up

from mlops_lab.core import Store

MB = 1 << 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--variables", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mlops-lab-memory-"))
    try:
        kernel = kernel_memory(work, args.cells, args.variables)
        print(f"kernels: {kernel}", file=sys.stderr)
        server = server_memory(work, args.runs)
        print(f"servers: {server}", file=sys.stderr)
        track = track_memory(work, args.gigabytes)
        print(f"track: {track}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nMemory ({os.cpu_count()} cores, Python {sys.version.split()[0]}): resident set "
        "sizes from /proc, MB\n"
    )
    print("| measure | with mlops-lab | without | added | goal |")
    print("|---|---|---|---|---|")
    rows = [
        (
            f"kernel, {args.variables:,} variables, after {args.cells:,} cells (VmRSS)",
            kernel,
            30,
        ),
        (
            f"Jupyter server, {args.runs:,} runs listed, sorted and 10 compared (VmRSS)",
            server,
            100,
        ),
        (
            f"`mlops-lab track`, a {args.gigabytes:g} GB input file against a 1 kB one "
            "(peak RssAnon of any of its processes)",
            track,
            100,
        ),
    ]
    for name, (ours, theirs), goal in rows:
        added = (ours - theirs) / MB
        verdict = "met" if added <= goal else "missed"
        # track's goal is not loading the file: far less than its size.
        note = f", the file is {args.gigabytes * 1000:,.0f}" if "track" in name else ""
        print(
            f"| {name} | {ours / MB:.1f} | {theirs / MB:.1f} | {added:.1f} "
            f"| at most {goal}{note} ({verdict}) |"
        )
    print("\nRerun: python bench/memory.py " + " ".join(sys.argv[1:]))


# -- /proc ------------------------------------------------------------------------


def status(pid: int) -> dict[str, int]:
    """The memory lines of /proc/PID/status, in bytes."""
    sizes: dict[str, int] = {}
    with open(f"/proc/{pid}/status") as lines:  # noqa: PTH123
        for line in lines:
            key, _, value = line.partition(":")
            if value.strip().endswith("kB"):
                sizes[key] = int(value.split()[0]) * 1024
    return sizes


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


# -- the kernel ----------------------------------------------------------------------


def kernel_memory(work: Path, cells: int, variables: int) -> tuple[int, int]:
    """VmRSS of a tracked and an untracked kernel after the same cells."""
    project = work / "kernels"
    (project / "nb").mkdir(parents=True)
    Store.open(project / ".mlops-lab").close()
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
    kernels: list[tuple[KernelManager, Any]] = []
    try:
        for tracked in (True, False):
            manager = KernelManager(kernel_name="python3")
            manager.start_kernel(cwd=str(project / "nb"), env=env)
            client = manager.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            if tracked:
                run(client, "%load_ext mlops_lab")
            run(client, SETUP.format(n=variables))
            kernels.append((manager, client))
        for cell in range(cells):
            for _, client in kernels:
                name = f"v{cell % variables}"
                round_trip(client, f"{name} = [{cell}, str({cell})] if {cell} % 3 else {name}")
        time.sleep(1)  # the tracked kernel's writer thread commits 10 ms after a cell
        sizes = [status(manager.provisioner.pid)["VmRSS"] for manager, _ in kernels]  # type: ignore[union-attr]
        return sizes[0], sizes[1]
    finally:
        for manager, client in kernels:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


# -- the server ------------------------------------------------------------------------


def server_memory(work: Path, runs: int) -> tuple[int, int]:
    """VmRSS of a server that served the runs list and a comparison, and of one without."""
    store_path = work / "server" / ".mlops-lab"
    store_path.parent.mkdir(parents=True)
    compared = seed_mlops_lab(store_path, runs, 1)
    sizes = []
    for enabled in (True, False):
        port, token = free_port(), "bench-token"
        command = [
            sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={store_path.parent}", f"--MlopsLab.store_path={store_path}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.jpserver_extensions=mlops_lab={enabled}",
        ]  # fmt: skip
        if os.geteuid() == 0:
            command.append("--allow-root")
        base = f"http://127.0.0.1:{port}"
        log = (work / f"server-{enabled}.log").open("wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"{base}/api/status?token={token}", process)
            if enabled:
                for offset in range(0, runs, 100):
                    http_get(f"{base}/mlops-lab/runs?limit=100&offset={offset}", token)
                for _ in range(5):
                    http_get(f"{base}/mlops-lab/runs?limit=100&sort=metrics.m3", token)
                    query = urllib.parse.quote(",".join(compared))
                    http_get(f"{base}/mlops-lab/compare?runs={query}", token)
                answer = json.loads(http_get(f"{base}/mlops-lab/info", token))
                assert answer["run_count"] == runs, answer
            else:
                for _ in range(runs // 100):
                    http_get(f"{base}/api/status", token)
            time.sleep(1)
            sizes.append(status(process.pid)["VmRSS"])
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()
    return sizes[0], sizes[1]


# -- track -------------------------------------------------------------------------------


NOTEBOOK_CELL = "with open({path!r}, 'rb') as f:\n    head = f.read(10)\nprint(len(head))"


def track_memory(work: Path, gigabytes: float) -> tuple[int, int]:
    """Peak anonymous memory of any process of `mlops-lab track`, a large input and a small."""
    project = work / "track"
    project.mkdir()
    Store.open(project / ".mlops-lab").close()
    peaks = []
    for size in (int(gigabytes * 10**9), 1000):
        data = project / f"input-{size}.bin"
        with data.open("wb") as out:
            chunk = os.urandom(1 << 20)
            for _ in range(size // len(chunk)):
                out.write(chunk)
            out.write(chunk[: size % len(chunk)])
        notebook = project / f"read-{size}.ipynb"
        cell = {
            "cell_type": "code",
            "id": "read",
            "metadata": {},
            "source": NOTEBOOK_CELL.format(path=str(data)),
            "outputs": [],
            "execution_count": None,
        }
        document = {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
            "cells": [cell],
        }
        notebook.write_text(json.dumps(document))
        command = [sys.executable, "-m", "mlops_lab.cli", "track", str(notebook)]
        peaks.append(peak_anonymous(command, project))
        with sqlite3.connect(project / ".mlops-lab" / "store.db") as conn:
            (fingerprint,) = conn.execute(
                "SELECT fingerprint FROM file_accesses WHERE path LIKE ? AND mode = 'read'",
                (f"%{data.name}",),
            ).fetchone()
        assert fingerprint, "the input file was not fingerprinted"
        data.unlink()
    return peaks[0], peaks[1]


def peak_anonymous(command: list[str], cwd: Path) -> int:
    """The largest RssAnon any process of ``command``'s tree had, sampled every 10 ms."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            for pid in descendants(process.pid):
                try:
                    peak = max(peak, status(pid).get("RssAnon", 0))
                except OSError:  # ended meanwhile
                    continue
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate(timeout=600)
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"track failed: {err.decode()[-500:]}")
    return peak


if __name__ == "__main__":
    main()
