"""A large checkpoint is written while the kernel is idle: the next cell waits for it."""

from __future__ import annotations

from pathlib import Path

from conftest import Kernel

from mlops_lab.core import Store
from mlops_lab.core.checkpoint import find_checkpoint, load_checkpoint


def test_a_cell_changing_a_value_still_being_written_waits_for_the_write(
    kernel: Kernel, store_path: Path
) -> None:
    assert kernel.execute("%load_ext mlops_lab")["status"] == "ok"
    # 96 MB: over the size from which the kernel writes a checkpoint in the background.
    setup = "import numpy as np\nbig = np.arange(12_000_000, dtype=np.float64)"
    assert kernel.execute(setup)["status"] == "ok"
    reply, printed = kernel.run("%mlops checkpoint before")
    assert reply["status"] == "ok", printed
    # Changed in place at once: the checkpoint must still hold the values before.
    reply, printed = kernel.run("big[:] = -1.0")
    assert reply["status"] == "ok", printed
    status = "__import__('mlops_lab.kernel').kernel.kernel_status()['run_id']"
    reply = kernel.execute("", user_expressions={"id": status})
    run_id = str(reply["user_expressions"]["id"]["data"]["text/plain"]).strip("'")
    with Store.open(store_path) as store:
        checkpoint = find_checkpoint(store, f"{run_id}:before")
        state = load_checkpoint(store, checkpoint)
    restored = state.values["big"]
    assert restored[0] == 0.0  # type: ignore[index]
    assert restored[-1] == 11_999_999.0  # type: ignore[index]
