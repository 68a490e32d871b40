"""`mlops-lab track` of a notebook that calls ``sys.exit()``: papermill's convention, real kernels.

A cell exiting with a success status (none, 0) ends the notebook there and the
run finishes; any other status fails the run. Either way the exit cell is
recorded and the cells after it never run.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import RunStatus, Store


@dataclass(frozen=True)
class Tracked:
    code: int
    run_id: str
    err: str


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    Store.open(tmp_path / ".mlops-lab").close()
    return tmp_path


def track_cells(project: Path, *sources: str) -> Tracked:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [new_code_cell(source, id=f"cell-{i}") for i, source in enumerate(sources)]
    notebook = project / "exits.ipynb"
    nbformat.write(nb, notebook)
    out, err = io.StringIO(), io.StringIO()
    # From the project, as a user runs it: the store used is the one found from here.
    with contextlib.redirect_stderr(err), contextlib.chdir(project):
        code = main(["track", str(notebook), "-o", str(project / "out.ipynb")], stdout=out)
    return Tracked(code, out.getvalue().strip(), err.getvalue())


@pytest.mark.parametrize(
    "exit_line", ["sys.exit(0)", "sys.exit()", "raise SystemExit", "sys.exit(None)"]
)
def test_a_successful_exit_ends_the_notebook_and_the_run_finishes(
    project: Path, exit_line: str
) -> None:
    tracked = track_cells(project, "import sys", exit_line, "print(1)")

    assert tracked.code == 0, tracked.err
    assert tracked.err == ""
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(tracked.run_id)
    assert detail.run.status is RunStatus.FINISHED
    assert [(c.cell_id, c.code, c.error) for c in detail.cells] == [
        ("cell-0", "import sys", None),
        ("cell-1", exit_line, None),
    ]
    out = nbformat.read(project / "out.ipynb", as_version=4)
    assert out.cells[1].outputs[0].ename == "SystemExit"  # as IPython shows it
    assert out.cells[2].execution_count is None  # never ran
    assert out.cells[2].outputs == []


@pytest.mark.parametrize(
    ("exit_line", "value"), [("sys.exit(3)", "3"), ("sys.exit('no data')", "no data")]
)
def test_a_failing_exit_fails_the_run(project: Path, exit_line: str, value: str) -> None:
    tracked = track_cells(project, "import sys", exit_line, "print(1)")

    assert tracked.code == 1
    assert tracked.err.splitlines() == [
        f"mlops-lab: error: cell 2 (In [2]) failed: SystemExit: {value}; "
        f"run {tracked.run_id[:8]} failed"
    ]
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(tracked.run_id)
    assert detail.run.status is RunStatus.FAILED
    assert [c.cell_id for c in detail.cells] == ["cell-0", "cell-1"]
    failed = detail.cells[-1].error
    assert failed is not None
    assert (failed.name, failed.value) == ("SystemExit", value)


def test_a_reproduction_replays_up_to_the_exit_and_finishes(project: Path) -> None:
    tracked = track_cells(project, "import sys", "x = 2", "sys.exit(0)", "print(1)")
    assert tracked.code == 0, tracked.err

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["reproduce", tracked.run_id, "--json"], stdout=out)

    assert code == 0, err.getvalue()
    report = json.loads(out.getvalue())
    assert report["failure"] is None
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(report["reproduction_run_id"])
    assert detail.run.status is RunStatus.FINISHED
    assert [c.code for c in detail.cells] == ["import sys", "x = 2", "sys.exit(0)"]
    assert all(c.error is None for c in detail.cells)
