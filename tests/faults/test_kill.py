"""``kill -9`` at a random moment loses nothing that was acknowledged and corrupts nothing.

Ten trials with a fixed seed: a tracked kernel (driven as JupyterLab drives it),
``mlops-lab track`` and ``mlops-lab pipeline run``, each killed with SIGKILL
while it records. Afterwards the database passes ``PRAGMA integrity_check``,
every object's name is the hash of its bytes, and every cell (or step) the
process acknowledged as recorded before the kill is in the store: a cell that
called ``mlops_lab.kernel.flush()`` acknowledges every cell before it, and a
step that ``pipeline run --progress jsonl`` reported ``done`` was recorded
before the report.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
import xxhash
from jupyter_client.manager import KernelManager
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import Store

SEED = 20260101
TRIALS = {"kernel": 4, "track": 3, "pipeline": 3}
CELLS = 12
TIMEOUT = 120  # a bound against a hang, not a measure of speed

#: Cell ``k`` acknowledges cells ``0 .. k-1``: the kernel writes them on a thread,
#: and ``flush`` returns once they are in the store.
CELL = """\
import mlops_lab.kernel, os, time
mlops_lab.kernel.flush()
with open({ack!r}, "a") as ack:
    ack.write("{index}\\n")
    ack.flush()
    os.fsync(ack.fileno())
value_{index} = list(range({index} * 1000))
time.sleep(0.15)
"""

#: A pipeline of steps that each pass a table on, a little slowly.
STEP = """\
import time
time.sleep(0.2)
frame_{index} = {previous}.assign(v{index}={previous}["x"] * {index})
"""


def delay(kind: str, trial: int) -> float:
    """How long after recording began the process is killed: the same on every run."""
    return random.Random(f"{SEED}-{kind}-{trial}").uniform(0.0, 2.0)


# -- the checks --------------------------------------------------------------------


def wait_for(condition: Any) -> None:
    """Until the process shows it is recording: the kill falls among its writes."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "the process never started recording"
        time.sleep(0.02)


def check_store(store_path: Path) -> None:
    """The database is sound and every object is named by the hash of its bytes."""
    connection = sqlite3.connect(store_path / "mlops.db")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()
    objects = store_path / "objects"
    checked = 0
    for folder in objects.iterdir():
        if folder.name == "tmp" or not folder.is_dir():
            continue  # a temp file is what a killed write leaves; gc removes it
        for path in folder.iterdir():
            name, data = folder.name + path.name, path.read_bytes()
            digest = (
                hashlib.sha256(data).hexdigest()
                if len(name) == 64
                else xxhash.xxh3_128(data).hexdigest()
            )
            assert digest == name, f"object {name} holds other bytes"
            checked += 1


def recorded_cell_ids(store_path: Path) -> set[str]:
    with Store.open(store_path) as store:
        return {
            cell.cell_id or ""
            for run in store.list_runs().runs
            for cell in store.get_run_detail(run.id).cells
        }


def acknowledged(ack: Path) -> set[str]:
    """Cells 0 .. k-1 for the last cell k that flushed (none if no cell did)."""
    if not ack.exists():
        return set()
    lines = [line for line in ack.read_text().splitlines() if line.strip()]
    last = max((int(line) for line in lines), default=0)
    return {f"cell-{index}" for index in range(last)}


def kill_tree(process: subprocess.Popen[Any]) -> None:
    """SIGKILL the process, then the children it leaves behind (a kernel lives on)."""
    children = _children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(TIMEOUT)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + TIMEOUT
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *_children(int(child))]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- fixtures ----------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not Path("/proc/self/task").is_dir():
        pytest.skip("finds a killed process's children through /proc")
    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    Store.open(tmp_path / ".mlops-lab").close()
    return tmp_path


def write_cells_notebook(path: Path, ack: Path) -> None:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        new_code_cell(CELL.format(ack=str(ack), index=index), id=f"cell-{index}")
        for index in range(CELLS)
    ]
    nbformat.write(nb, path)


# -- the trials --------------------------------------------------------------------


@pytest.mark.parametrize("trial", range(TRIALS["kernel"]))
def test_kill_a_tracked_kernel(project: Path, trial: int) -> None:
    ack = project / "ack.txt"
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
    env["JPY_SESSION_NAME"] = "cells.ipynb"
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(project), env=env)
    client: Any = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        client.execute_interactive("%load_ext mlops_lab", timeout=TIMEOUT)
        # As JupyterLab sends them: queued, each with its cell id, no waiting.
        for index in range(CELLS):
            source = CELL.format(ack=str(ack), index=index)
            content = {"code": source, "silent": False, "store_history": True}
            message = client.session.msg(
                "execute_request", content, metadata={"cellId": f"cell-{index}"}
            )
            client.shell_channel.send(message)
        wait_for(ack.exists)
        time.sleep(delay("kernel", trial))
        assert manager.provisioner is not None
        pid = manager.provisioner.pid  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + TIMEOUT
        while manager.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        client.stop_channels()
        manager.cleanup_resources()
    check_store(project / ".mlops-lab")
    assert acknowledged(ack) <= recorded_cell_ids(project / ".mlops-lab")


@pytest.mark.parametrize("trial", range(TRIALS["track"]))
def test_kill_track(project: Path, trial: int) -> None:
    ack = project / "ack.txt"
    write_cells_notebook(project / "cells.ipynb", ack)
    process = subprocess.Popen(
        [sys.executable, "-m", "mlops_lab.cli", "track", "cells.ipynb"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        run_id = process.stdout.readline().strip()  # printed once the run has started
        assert run_id, "track printed no run id"
        wait_for(ack.exists)
        time.sleep(delay("track", trial))
    finally:
        kill_tree(process)
    check_store(project / ".mlops-lab")
    assert acknowledged(ack) <= recorded_cell_ids(project / ".mlops-lab")


@pytest.mark.parametrize("trial", range(TRIALS["pipeline"]))
def test_kill_pipeline_run(project: Path, trial: int) -> None:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        new_code_cell(
            "import pandas\nframe_0 = pandas.DataFrame({'x': range(1000)})",
            metadata={"tags": ["step:s0"]},
        ),
        *(
            new_code_cell(
                STEP.format(index=index, previous=f"frame_{index - 1}"),
                metadata={"tags": [f"step:s{index}"]},
            )
            for index in range(1, 8)
        ),
        new_code_cell("total = float(frame_7['v7'].sum())", metadata={"tags": ["step:end"]}),
    ]
    nbformat.write(nb, project / "steps.ipynb")
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["export", "steps.ipynb", "-o", "steps-pipeline"], stdout=io.StringIO()) == 0
    command = ["pipeline", "run", "steps-pipeline", "--progress", "jsonl", "--no-cache"]
    process = subprocess.Popen(
        [sys.executable, "-m", "mlops_lab.cli", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    done: list[str] = []

    def read_events() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            event = json.loads(line)
            if event.get("event") == "step" and event.get("state") == "done":
                done.append(event["step"])

    reader = threading.Thread(target=read_events, daemon=True)
    reader.start()
    try:
        # The first step imports pandas: slow; the others take about 0.2 s each.
        wait_for(lambda: done or process.poll() is not None)
        time.sleep(delay("pipeline", trial))
    finally:
        kill_tree(process)
    reader.join(TIMEOUT)
    check_store(project / ".mlops-lab")
    assert {f"step:{step}" for step in done} <= recorded_cell_ids(project / ".mlops-lab")
