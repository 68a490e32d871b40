"""%load_ext mlops_lab in a real IPython kernel records each executed cell."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

from mlops_lab.core import RunStatus, Store

TIMEOUT = 60


@pytest.fixture
def kernel(store_path: Path) -> Iterator[tuple[KernelManager, Any]]:
    project = store_path.parent
    notebooks = project / "notebooks"
    notebooks.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
    # what Jupyter Server tells a kernel about its notebook
    env["JPY_SESSION_NAME"] = "notebooks/train.ipynb"
    (store_path).mkdir()
    Store.open(store_path).close()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(notebooks), env=env)
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=TIMEOUT)
    try:
        yield manager, client
    finally:
        client.stop_channels()
        if manager.is_alive():
            manager.shutdown_kernel(now=True)


def execute(client: Any, code: str, cell_id: str | None = None) -> dict[str, Any]:
    """Send an execute request as JupyterLab does, with the cell id in the metadata."""
    metadata = {"cellId": cell_id} if cell_id else {}
    msg = client.session.msg(
        "execute_request",
        {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": False,
        },
        metadata=metadata,
    )
    client.shell_channel.send(msg)
    while True:
        reply = client.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            content: dict[str, Any] = reply["content"]
            return content


def test_cells_are_recorded_in_order_with_errors_and_ids(
    kernel: tuple[KernelManager, Any], store_path: Path
) -> None:
    manager, client = kernel
    assert execute(client, "%load_ext mlops_lab")["status"] == "ok"
    execute(client, "%load_ext mlops_lab")  # loading twice starts no second run
    execute(client, "x = 1", cell_id="cell-a")
    assert execute(client, "1 / 0", cell_id="cell-b")["status"] == "error"
    execute(client, "x = 1", cell_id="cell-a")  # the same cell run again
    manager.shutdown_kernel(now=False)  # a clean shutdown ends the run

    with Store.open(store_path) as store:
        page = store.list_runs()
        assert page.total == 1
        run = page.runs[0]
        assert run.notebook == "notebooks/train.ipynb"
        assert run.experiment == "notebooks/train.ipynb"
        assert run.status is RunStatus.FINISHED
        cells = store.get_run_detail(run.id).cells
    assert [c.code for c in cells] == ["%load_ext mlops_lab", "x = 1", "1 / 0", "x = 1"]
    assert [c.cell_id for c in cells] == [None, "cell-a", "cell-b", "cell-a"]
    assert [c.execution_count for c in cells] == [2, 3, 4, 5]
    assert cells[2].error is not None
    assert cells[2].error.name == "ZeroDivisionError"
    assert all(c.duration >= 0 for c in cells)


def test_a_killed_kernel_leaves_a_readable_store(
    kernel: tuple[KernelManager, Any], store_path: Path
) -> None:
    manager, client = kernel
    execute(client, "%load_ext mlops_lab")
    execute(client, "y = 2")
    manager.shutdown_kernel(now=True)  # SIGKILL: no atexit, no goodbye
    with Store.open(store_path) as store:
        run = store.list_runs().runs[0]
        assert run.status is RunStatus.RUNNING  # nobody could say it ended
        assert [c.code for c in store.get_run_detail(run.id).cells] == ["y = 2"]
        store.start_run(experiment="after the kill")  # and the store takes new writes
        assert store.info().run_count == 2
