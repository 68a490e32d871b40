"""Runs as a data scientist's experiments, and the exact lineage of what a kernel computed."""

from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from conftest import Kernel

from mlops_lab.cli.main import main
from mlops_lab.core import RunStatus, Store, run_detail_to_json

DECLARE = "__import__('mlops_lab.kernel').kernel.declare_parameter_cells(['params'])"
STATUS = "__import__('json').dumps(__import__('mlops_lab.kernel').kernel.kernel_status())"


@pytest.fixture
def tracked(kernel: Kernel) -> Kernel:
    # as JupyterLab loads tracking: silently, so the kernel executes nothing yet
    assert kernel.execute(f"%load_ext mlops_lab\n{DECLARE}", silent=True)["status"] == "ok"
    return kernel


def status_of(kernel: Kernel) -> dict[str, Any]:
    reply = kernel.execute("", silent=True, user_expressions={"s": STATUS})
    result: dict[str, Any] = json.loads(eval(reply["user_expressions"]["s"]["data"]["text/plain"]))
    return result


def cli_json(store_path: Path, *argv: str) -> Any:
    out = io.StringIO()
    assert main(["--store", str(store_path), *argv], stdout=out) == 0
    return json.loads(out.getvalue())


def runs_oldest_first(store_path: Path) -> list[Any]:
    with Store.open(store_path) as store:
        return list(reversed(store.list_runs().runs))


TRAIN = "import mlops_lab\nfor step in range(3):\n    mlops_lab.log_metric('loss', lr * (3 - step))"


def test_a_new_parameter_value_begins_a_new_run_that_continues_the_first(
    tracked: Kernel, store_path: Path
) -> None:
    tracked.execute("lr = 0.1", cell_id="params")
    tracked.execute(TRAIN, cell_id="train")
    status_of(tracked)
    with Store.open(store_path) as store:
        (first,) = store.list_runs().runs
        before = run_detail_to_json(store.get_run_detail(first.id))

    tracked.execute("lr = 0.5", cell_id="params")
    tracked.execute(TRAIN, cell_id="train")
    status_of(tracked)
    older, newer = runs_oldest_first(store_path)
    assert older.id == first.id
    with Store.open(store_path) as store:
        after = run_detail_to_json(store.get_run_detail(first.id))
        second = store.get_run_detail(newer.id)
    for key in ("params", "metrics", "metric_history", "cells"):
        assert after[key] == before[key]
    assert before["params"] == {"lr": 0.1}
    assert [p["value"] for p in before["metric_history"]["loss"]] == pytest.approx([0.3, 0.2, 0.1])
    assert second.run.params == {"lr": 0.5}
    assert [c.cell_id for c in second.cells] == ["params", "train"]
    assert second.run.continues is not None
    assert (second.run.continues.run, second.run.continues.seq) == (first.id, 2)
    assert after["continued_by"] == [newer.id]
    assert after["status"] == "finished"
    assert after["active_time"] > 0


def test_log_param_with_another_value_is_refused(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("%mlops param lr=0.1")
    reply, printed = tracked.run("%mlops param lr=0.2")
    assert reply["status"] == "error"
    assert "fixed once set" in printed


def test_a_kernel_that_executed_nothing_leaves_no_run(tracked: Kernel, store_path: Path) -> None:
    assert status_of(tracked)["run_id"] is None
    tracked.shutdown()
    with Store.open(store_path) as store:
        assert store.info().run_count == 0


def test_run_all_from_the_frontend_begins_a_new_run(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("a = 1", cell_id="c1")
    tracked.execute("%mlops run --reason run-all", silent=True)
    tracked.execute("a = 1", cell_id="c1")
    status_of(tracked)
    older, newer = runs_oldest_first(store_path)
    assert older.status is RunStatus.FINISHED
    assert newer.continues is not None
    assert newer.continues.run == older.id
    assert newer.cell_count == 1


def test_a_killed_kernel_s_run_is_shown_killed(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("a = 1")
    run_id = status_of(tracked)["run_id"]
    pid = tracked.manager.provisioner.process.pid  # type: ignore[union-attr]
    os.kill(pid, signal.SIGKILL)
    tracked.manager.provisioner.process.wait()  # type: ignore[union-attr]
    runs = cli_json(store_path, "runs", "--json")
    (run,) = [r for r in runs if r["id"] == run_id]
    assert run["status"] == "killed"
    assert run["ended_at"] is not None


CELLS = [
    ("c-x", "x = 1"),
    ("c-y", "y = 2"),
    ("c-z", "z = x + 10"),
    ("c-junk", "junk = y * 3"),
    ("c-z", "z = x + 10"),
    ("c-model", "model = z * 2"),
]


def test_the_lineage_of_a_variable_is_exactly_the_cells_it_depends_on(
    tracked: Kernel, store_path: Path
) -> None:
    for cell_id, code in CELLS:
        assert tracked.execute(code, cell_id=cell_id)["status"] == "ok"
    run_id = status_of(tracked)["run_id"]
    body = cli_json(store_path, "lineage", run_id, "model", "--json")
    assert body["run"] == run_id
    assert body["name"] == "model"
    assert body["kind"] == "variable"
    assert [(e["seq"], e["code"]) for e in body["executions"]] == [
        (1, "x = 1"),
        (5, "z = x + 10"),
        (6, "model = z * 2"),
    ]
    assert body["executions"][1]["reads"] == ["x"]
    assert body["executions"][1]["writes"] == ["z"]
    assert cli_json(store_path, "reproduce", run_id, "--only", "model", "--json")["passed"]

    tracked.execute("x = 2", cell_id="c-x")
    _, printed = tracked.run("%mlops stale")
    stale = {entry["cell_id"]: entry for entry in status_of(tracked)["stale"]}
    assert set(stale) == {"c-z", "c-model"}
    assert stale["c-z"]["name"] == "x"
    assert stale["c-z"]["changed_by"]["cell_id"] == "c-x"
    assert stale["c-model"]["name"] == "z"
    assert stale["c-model"]["upstream"]
    assert "'x' was changed by cell" in printed
    assert "c-junk" not in printed


def test_a_file_written_by_one_cell_and_read_by_another_is_followed(
    tracked: Kernel, store_path: Path
) -> None:
    tracked.execute("rows = [1, 2, 3]", cell_id="make")
    tracked.execute("open('data.txt', 'w').write(str(rows))", cell_id="write")
    tracked.execute("other = 5", cell_id="other")
    tracked.execute("data = open('data.txt').read()", cell_id="read")
    tracked.execute("model = len(data)", cell_id="fit")
    run_id = status_of(tracked)["run_id"]
    body = cli_json(store_path, "lineage", run_id, "model", "--json")
    assert [e["cell_id"] for e in body["executions"]] == ["make", "write", "read", "fit"]
    _, printed = tracked.run("%mlops lineage model")
    assert "open('data.txt').read()" in printed
