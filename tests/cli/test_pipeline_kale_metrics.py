"""Kale's ``pipeline-metrics`` cell printing pipeline parameters: exported, run, recorded.

Kale's compiler accepts ``print(name)`` of a pipeline parameter in that cell; the
parameter is then a metric of the pipeline run, logged by the step that reads
it (the first step when none does), beside the steps' results.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import Store


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return code, out.getvalue(), err.getvalue()


def kale_cell(source: str, *tags: str, cell_id: str) -> nbformat.NotebookNode:
    cell = new_code_cell(source, id=cell_id)
    cell.metadata["tags"] = list(tags)
    return cell


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    Store.open(project / ".mlops-lab").close()
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        kale_cell("import math", "imports", cell_id="imports"),
        kale_cell("rate = 0.5\nsize = 4\nseed = 7", "pipeline-parameters", cell_id="params"),
        kale_cell("values = [i * rate for i in range(size)]", "block:make", cell_id="make"),
        kale_cell("total = math.fsum(values)", "block:total", "prev:make", cell_id="total"),
        # rate is read by make; seed by no step at all
        kale_cell("print(rate)\nprint(total)\nprint(seed)", "pipeline-metrics", cell_id="m"),
    ]
    path = project / "kale_metrics.ipynb"
    nbformat.write(nb, path)
    return path


def run_pipeline(directory: Path, *argv: str) -> dict[str, Any]:
    """``pipeline run DIR --progress jsonl``: the run as ``show RUN --json`` prints it."""
    code, out, err = cli("pipeline", "run", str(directory), "--progress", "jsonl", *argv)
    assert code == 0, err
    finished = json.loads(out.splitlines()[-1])
    assert finished["event"] == "finished"
    code, out, err = cli(
        "show", finished["run_id"], "--json", "--store", str(directory.parent / ".mlops-lab")
    )
    assert code == 0, err
    shown: dict[str, Any] = json.loads(out)
    return shown


def test_printed_parameters_are_metrics_of_the_pipeline_run(notebook: Path) -> None:
    directory = notebook.parent / "out"
    code, out, err = cli("export", str(notebook), "--to", "local", "-o", str(directory))
    assert (code, err) == (0, ""), out
    make = (directory / "steps" / "make.py").read_text()
    assert "mlops_lab.log_metric('rate', rate)" in make
    assert "mlops_lab.log_metric('seed', seed)" in make  # read by no step: the first logs it

    shown = run_pipeline(directory)
    assert shown["metrics"] == {"rate": 0.5, "total": 3.0, "seed": 7.0}
    assert shown["params"] == {"rate": 0.5, "size": 4, "seed": 7}

    shown = run_pipeline(directory, "-p", "rate", "1.0")
    assert shown["metrics"] == {"rate": 1.0, "total": 6.0, "seed": 7.0}


def test_the_notebook_run_agrees(notebook: Path) -> None:
    directory = notebook.parent / "out"
    assert cli("export", str(notebook), "-o", str(directory))[0] == 0
    code, out, err = cli("pipeline", "run", str(directory), "--verify")
    assert code == 0, err
    assert out.rstrip().endswith("equal")


def test_the_kfp_target_logs_them_too(notebook: Path, tmp_path: Path) -> None:
    local = pytest.importorskip("kfp.local")
    directory = notebook.parent / "kfp"
    code, _, err = cli("export", str(notebook), "--to", "kfp", "-o", str(directory))
    assert code == 0, err
    assert (directory / "pipeline.yaml").is_file()

    root = tmp_path / "kfp-root"
    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(root))
    spec = importlib.util.spec_from_file_location(
        "exported_kale_metrics", directory / "pipeline.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.kale_metrics()
    logged: dict[str, float] = {}
    for output in root.glob("*/*/executor_output.json"):
        artifacts = json.loads(output.read_text()).get("artifacts", {})
        for artifact in artifacts.get("mlops_metrics", {}).get("artifacts", []):
            logged.update(artifact.get("metadata", {}))
    assert logged == {"rate": 0.5, "total": 3.0, "seed": 7.0}
