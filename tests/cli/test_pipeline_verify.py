"""`mlops-lab pipeline run --verify`: the pipeline's metrics against the notebook's run.

The notebook runs in a real kernel (through `mlops-lab track`) when it has no run
with the pipeline's parameters yet.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import RunQuery, Store


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return code, out.getvalue(), err.getvalue()


def cell(source: str, *tags: str) -> nbformat.NotebookNode:
    made = new_code_cell(source, id=f"c{abs(hash(source)) % 10**6}")
    if tags:
        made.metadata["tags"] = list(tags)
    return made


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    Store.open(root / ".mlops-lab").close()
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        cell("import math", "imports"),
        cell("n = 4", "parameters"),
        cell("values = [math.sqrt(i) for i in range(n)]", "step:make"),
        cell("total = sum(values)\n%mlops metric count={len(values)}", "step:total"),
        cell("print(total)", "pipeline-metrics"),
    ]
    nbformat.write(nb, root / "calc.ipynb")
    assert cli("export", str(root / "calc.ipynb"), "-o", str(root / "calc-pipeline"))[0] == 0
    return root


def notebook_runs(project: Path) -> int:
    with Store.open(project / ".mlops-lab") as store:
        runs = store.list_runs(RunQuery(notebook="calc.ipynb")).runs
        return sum(1 for run in runs if run.tags.get("mlops_lab.kind") != "pipeline")


def test_verify_runs_the_notebook_first_then_reuses_its_run(project: Path) -> None:
    code, out, err = cli("pipeline", "run", str(project / "calc-pipeline"), "--verify")
    assert code == 0, err
    assert "No run of calc.ipynb with these parameters yet: running it first." in out
    assert out.rstrip().endswith("equal")
    assert "count" in out
    assert notebook_runs(project) == 1

    # With another parameter value, the notebook runs again with it.
    pipeline = str(project / "calc-pipeline")
    code, out, _ = cli("pipeline", "run", pipeline, "--verify", "-p", "n", "9")
    assert code == 0
    assert "running it first" in out
    assert notebook_runs(project) == 2

    # The same value again: the existing run is the reference.
    code, out, _ = cli("pipeline", "run", str(project / "calc-pipeline"), "--verify")
    assert code == 0
    assert "running it first" not in out
    assert notebook_runs(project) == 2


def test_verify_exits_1_when_the_metrics_differ(project: Path) -> None:
    assert cli("track", str(project / "calc.ipynb"))[0] == 0
    step = project / "calc-pipeline" / "steps" / "total.py"
    step.write_text(step.read_text().replace("total = sum(values)", "total = sum(values) + 1"))
    code, out, _ = cli("pipeline", "run", str(project / "calc-pipeline"), "--verify")
    assert code == 1
    assert "DIFFERENT" in out
    assert out.rstrip().endswith("different")
    assert notebook_runs(project) == 1
