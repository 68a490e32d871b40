"""Kishu's side of bench/checkpoint.py: the same namespace in a real kernel with Kishu.

Kishu checkpoints after every cell of an IPython kernel it instruments. Its
``init_kishu()`` finds the notebook through a running Jupyter server and saves
it through JupyterLab's frontend; the bench has neither, so it attaches Kishu
the way Kishu's own tests do (``ENV_KISHU_TEST_MODE=1``, ``KishuForJupyter``
on a notebook file), which skips only the notebook saving. Measured:

- first checkpoint: the namespace cell's reply time minus the time the cell
  measured itself building the namespace (what remains is Kishu's commit);
- second: the reply time of ``small_0 = [...]`` (Kishu commits after every
  cell, so an empty cell costs it about as much: its time is reported too);
- size: growth of Kishu's database (``<notebook>.kishudb``);
- restore: ``checkout`` of the namespace commit in a fresh kernel.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import time
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import KernelManager

__all__ = ["ATTACH", "KISHU_ENV", "Kernel", "run_kishu"]

# Kishu's test mode: no Jupyter server nor frontend to save the notebook through.
KISHU_ENV = {"ENV_KISHU_TEST_MODE": "1"}

ATTACH = """\
from pathlib import Path
from kishu.jupyterint import KishuForJupyter
from kishu.notebook_id import NotebookId
import builtins
# Kishu swaps the user namespace for a tracked one: keep the handle outside it.
_id = NotebookId("bench", Path({path!r}), {kernel!r})
builtins.kishu_bench = KishuForJupyter(_id, ip=get_ipython())
builtins.kishu_bench.install_kishu_hooks()
"""


class Kernel:
    """A real kernel of ``python`` working in ``folder``, driven as a frontend drives it.

    ``env`` is added to this process's environment (``MLOPS_LAB_STORE`` left out).
    """

    def __init__(self, python: str, folder: Path, env: dict[str, str] | None = None) -> None:
        self.manager = KernelManager()
        self.manager._kernel_spec = KernelSpec(  # a kernel of that interpreter
            argv=[python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="bench",
            language="python",
        )
        environment = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
        self.manager.start_kernel(cwd=str(folder), env={**environment, **(env or {})})
        self.client: Any = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)
        #: The last cell's error (``ename: evalue``), None when it ran through.
        self.error: str | None = None

    def run(
        self, code: str, *, check: bool = True, timeout: float = 3600, silent: bool = False
    ) -> tuple[float, str]:
        """Execute a cell; its reply time in seconds and what it printed.

        A cell still running after ``timeout`` seconds is interrupted, and its
        error is that it timed out. A ``silent`` one runs no cell hook and is
        kept in no history: neither Kishu nor mlops-lab records it.
        """
        start = time.perf_counter()
        msg_id = self.client.execute(code, silent=silent, store_history=not silent)
        printed = []
        self.error = None
        deadline = start + timeout
        while True:
            try:
                message = self.client.get_iopub_msg(timeout=max(deadline - time.perf_counter(), 1))
            except queue.Empty:
                self.manager.interrupt_kernel()
                deadline = time.perf_counter() + 120  # for the interrupted cell to end
                self.error = f"timed out after {timeout:.0f} s"
                continue
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, body = message["msg_type"], message["content"]
            if kind == "stream":
                printed.append(body["text"])
            elif kind == "error":
                self.error = self.error or f"{body['ename']}: {body['evalue']}"
                if check:
                    raise RuntimeError(self.error)
            elif kind == "status" and body["execution_state"] == "idle":
                return time.perf_counter() - start, "".join(printed)

    def shutdown(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def run_kishu(args: argparse.Namespace, folder: Path, namespace_code: str) -> dict[str, float]:
    folder.mkdir(parents=True, exist_ok=True)
    notebook = folder / "bench.ipynb"
    empty = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    notebook.write_text(json.dumps(empty))
    database = folder / "bench.kishudb"
    kernel = Kernel(args.kishu_python, folder, KISHU_ENV)
    try:
        # Kishu's hook complains about the cell that installs it (no pre_run_cell seen).
        kernel.run(ATTACH.format(path=str(notebook), kernel="bench-1"), check=False)
        before = database.stat().st_size
        code = namespace_code.format(gigabytes=args.gigabytes, rows=args.rows, small=args.small)
        reply, _ = kernel.run(code)
        _, built = kernel.run("print(_built)")
        first = reply - float(built)
        after_first = database.stat().st_size
        empty_cell, _ = kernel.run("pass")
        second, _ = kernel.run('small_0 = [0, 0, "changed"]')
        after_second = database.stat().st_size
        _, log = kernel.run(
            "from kishu.commands import KishuCommand\n"
            f"_graph = KishuCommand.log_all(Path({str(notebook)!r})).commit_graph\n"
            "print([c.commit_id for c in _graph if '_time' in c.message][0])"
        )
        commit = log.strip()
    finally:
        kernel.shutdown()
    fresh = Kernel(args.kishu_python, folder, KISHU_ENV)
    try:
        fresh.run(ATTACH.format(path=str(notebook), kernel="bench-2"), check=False)
        restore, _ = fresh.run(f"kishu_bench.checkout({commit!r}, skip_notebook=True)")
        last = f"small_{args.small - 1}"
        fresh.run(f"assert big.shape[0] > 0 and len(frame) > 0 and {last} is not None")
    finally:
        fresh.shutdown()
    return {
        "first_s": first,
        "first_bytes": after_first - before,
        "second_s": second,
        "empty_cell_s": empty_cell,
        "second_bytes": after_second - after_first,
        "restore_s": restore,
    }
