"""%load_ext mlops_lab in a real IPython kernel records each executed cell into a run."""

from __future__ import annotations

from pathlib import Path

from conftest import Kernel

from mlops_lab.core import RunStatus, Store


def test_cells_are_recorded_in_order_with_errors_and_ids(kernel: Kernel, store_path: Path) -> None:
    assert kernel.execute("%load_ext mlops_lab")["status"] == "ok"
    kernel.execute("%load_ext mlops_lab")  # loading twice starts no second run
    kernel.execute("x = 1", cell_id="cell-a")
    assert kernel.execute("1 / 0", cell_id="cell-b")["status"] == "error"
    kernel.execute("x = 1", cell_id="cell-a")  # the same cell run again
    kernel.shutdown()  # a clean shutdown ends the run

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


def test_a_killed_kernel_leaves_a_readable_store(kernel: Kernel, store_path: Path) -> None:
    kernel.execute("%load_ext mlops_lab")
    kernel.execute("y = 2")
    kernel.execute("%mlops status")  # waits for the writer: the cell is in the store
    kernel.manager.shutdown_kernel(now=True)  # SIGKILL: no atexit, no goodbye
    with Store.open(store_path) as store:
        run = store.list_runs().runs[0]
        # the first process to open the store after its owner died ends it
        assert run.status is RunStatus.KILLED
        assert run.ended_at is not None
        # "%mlops status" itself may or may not have been written before the kill
        assert store.get_run_detail(run.id).cells[0].code == "y = 2"
        store.start_run(experiment="after the kill")  # and the store takes new writes
        assert store.info().run_count == 2
