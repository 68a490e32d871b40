"""Real IPython kernels in a project folder with a store, driven as JupyterLab drives them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

from mlops_lab.core import Store

TIMEOUT = 120  # generous: CI shares 2 cores with a browser


class Kernel:
    """One kernel whose working folder is ``project/notebooks``."""

    def __init__(self, project: Path, notebook: str = "notebooks/train.ipynb") -> None:
        self.project = project
        env = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
        env["JPY_SESSION_NAME"] = notebook  # what Jupyter Server tells a kernel
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(cwd=str(project / "notebooks"), env=env)
        self.client: Any = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)

    def execute(
        self,
        code: str,
        cell_id: str | None = None,
        *,
        silent: bool = False,
        user_expressions: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Send an execute request as JupyterLab does (cell id in the metadata); the reply."""
        return self.run(code, cell_id, silent=silent, user_expressions=user_expressions)[0]

    def run(
        self,
        code: str,
        cell_id: str | None = None,
        *,
        silent: bool = False,
        user_expressions: dict[str, str] | None = None,
    ) -> tuple[dict[str, Any], str]:
        """Execute; return the reply and what the cell printed (streams and errors)."""
        content = {
            "code": code,
            "silent": silent,
            "store_history": not silent,
            "user_expressions": user_expressions or {},
            "allow_stdin": False,
            "stop_on_error": False,
        }
        msg = self.client.session.msg(
            "execute_request", content, metadata={"cellId": cell_id} if cell_id else {}
        )
        msg_id = msg["header"]["msg_id"]
        self.client.shell_channel.send(msg)
        printed = []
        while True:
            message = self.client.get_iopub_msg(timeout=TIMEOUT)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, body = message["msg_type"], message["content"]
            if kind == "stream":
                printed.append(body["text"])
            elif kind == "error":
                printed.append(f"{body['ename']}: {body['evalue']}\n")
            elif kind == "status" and body["execution_state"] == "idle":
                break
        while True:
            reply = self.client.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                result: dict[str, Any] = reply["content"]
                return result, "".join(printed)

    def restart(self) -> None:
        self.manager.restart_kernel(now=False)
        self.client.wait_for_ready(timeout=TIMEOUT)

    def shutdown(self) -> None:
        self.client.stop_channels()
        if self.manager.is_alive():
            self.manager.shutdown_kernel(now=False)


@pytest.fixture
def project(store_path: Path) -> Path:
    (store_path.parent / "notebooks").mkdir(parents=True)
    Store.open(store_path).close()
    return store_path.parent


@pytest.fixture
def kernel(project: Path) -> Iterator[Kernel]:
    started = Kernel(project)
    try:
        yield started
    finally:
        started.shutdown()
