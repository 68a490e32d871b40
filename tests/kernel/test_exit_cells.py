"""A cell calling ``sys.exit()`` in a tracked kernel: recorded, ok for status none/0 only."""

from __future__ import annotations

from pathlib import Path

from conftest import Kernel

from mlops_lab.core import Store


def test_exit_cells_are_recorded_ok_for_a_success_status_only(
    kernel: Kernel, store_path: Path
) -> None:
    assert kernel.execute("%load_ext mlops_lab")["status"] == "ok"
    exits = ["import sys; sys.exit()", "sys.exit(0)", "raise SystemExit", "sys.exit(2)"]
    for number, code in enumerate(exits):
        reply = kernel.execute(code, cell_id=f"exit-{number}")
        # IPython catches it and answers as for any error; the kernel lives on.
        assert (reply["status"], reply["ename"]) == ("error", "SystemExit")
    kernel.execute("%mlops status")  # waits until the kernel's writes are in the store
    with Store.open(store_path) as store:
        run = store.list_runs().runs[0]
        cells = store.get_run_detail(run.id).cells
    recorded = {c.cell_id: c.error for c in cells if c.cell_id}
    assert recorded["exit-0"] is None
    assert recorded["exit-1"] is None
    assert recorded["exit-2"] is None
    failed = recorded["exit-3"]
    assert failed is not None
    assert (failed.name, failed.value) == ("SystemExit", "2")
