"""``%%mlops step NAME [--after A,B]`` in a real kernel: it runs the cell, and is recorded."""

from __future__ import annotations

from pathlib import Path

from conftest import Kernel

from mlops_lab.core import Store


def test_the_cell_runs_and_shows_its_last_value(kernel: Kernel, store_path: Path) -> None:
    kernel.execute("%load_ext mlops_lab")
    reply = kernel.execute("%%mlops step load\nvalues = [1, 2, 3]", cell_id="load")
    assert reply["status"] == "ok"
    reply, printed = kernel.run(
        "%%mlops step total --after load\n%mlops metric n=3\ntotal = sum(values)\nprint(total)\n"
        "total * 2",
        cell_id="total",
        user_expressions={"total": "total"},
    )
    assert reply["status"] == "ok"
    assert printed == "6\n"
    assert reply["user_expressions"]["total"]["data"]["text/plain"] == "6"
    kernel.execute("%mlops status")
    with Store.open(store_path) as store:
        run = store.list_runs().runs[0]
        assert run.metrics == {"n": 3.0}
        cells = store.get_run_detail(run.id).cells
    (total,) = [cell for cell in cells if cell.cell_id == "total"]
    assert total.code.startswith("%%mlops step total --after load")
    assert {v.name for v in total.variables} == {"total"}


def test_a_malformed_mark_is_one_usage_line(kernel: Kernel) -> None:
    kernel.execute("%load_ext mlops_lab")
    reply, printed = kernel.run("%%mlops step\nx = 1")
    assert reply["status"] == "error"
    assert printed == (
        "UsageError: %%mlops step: give one step NAME; usage: %%mlops step NAME [--after A,B]\n"
    )
    reply, printed = kernel.run("%%mlops stage x\nx = 1")
    assert printed.startswith("UsageError: %%mlops: unknown cell command 'stage'")


def test_an_error_in_the_cell_is_the_cell_s_error(kernel: Kernel) -> None:
    kernel.execute("%load_ext mlops_lab")
    reply, _ = kernel.run("%%mlops step boom\n1 / 0")
    assert reply["status"] == "error"
    assert reply["ename"] == "ZeroDivisionError"
