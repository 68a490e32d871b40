"""`mlops-lab export` and `mlops-lab pipeline run`: exit codes and what they print."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

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


def tagged(source: str, *tags: str, cell_id: str) -> nbformat.NotebookNode:
    cell = new_code_cell(source, id=cell_id)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write(path: Path, *cells: nbformat.NotebookNode) -> Path:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = list(cells)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    Store.open(root / ".mlops-lab").close()
    return root


@pytest.fixture
def notebook(project: Path) -> Path:
    return write(
        project / "small.ipynb",
        tagged("n = 3\nfactor = 2", "parameters", cell_id="params"),
        tagged("values = list(range(n))", "step:make", cell_id="make"),
        tagged("total = sum(values) * factor", "step:total", cell_id="total"),
        tagged("print(total)", "pipeline-metrics", cell_id="metrics"),
    )


def test_export_then_run_then_cached(project: Path, notebook: Path) -> None:
    code, out, err = cli("export", str(notebook), "--to", "local", "-o", str(project / "out"))
    assert (code, err) == (0, "")
    assert "2 steps, 2 parameters" in out
    assert "make -> total: total reads `values` defined by make" in out

    code, out, err = cli("pipeline", "run", str(project / "out"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("[1/2] make")
    assert " done " in lines[0]
    assert lines[1].startswith("[2/2] total")
    assert " done " in lines[1]
    assert "  total = 6.0" in lines

    code, out, _ = cli("pipeline", "run", str(project / "out"), "-p", "factor", "3")
    assert code == 0
    assert " cached " in out.splitlines()[0]
    assert "  total = 9.0" in out.splitlines()


def test_export_default_folder(notebook: Path) -> None:
    code, _, _ = cli("export", str(notebook))
    assert code == 0
    assert (notebook.parent / "small-pipeline" / "pipeline.yaml").is_file()


def test_export_problems_exit_1_naming_cells(project: Path) -> None:
    bad = write(
        project / "bad.ipynb",
        tagged("y = x", "step:first", cell_id="reads-x"),
        tagged("x = 1", "step:second", "prev:nowhere", cell_id="tags"),
    )
    code, out, err = cli("export", str(bad), "-o", str(project / "bad"))
    assert (code, out) == (1, "")
    assert "cannot become a pipeline (2 problems)" in err
    assert "cell 1 (id 'reads-x') (step 'first') reads `x` before any step defines it" in err
    assert "cell 2 (id 'tags') says prev:nowhere, but no step is named 'nowhere'" in err


def test_unknown_target(notebook: Path) -> None:
    code, _, err = cli("export", str(notebook), "--to", "airflow")
    assert code == 1
    assert "Unknown pipeline target 'airflow'; the targets are: kfp, local." in err


def test_mistyped_parameter_and_missing_pipeline(project: Path, notebook: Path) -> None:
    assert cli("export", str(notebook), "-o", str(project / "out"))[0] == 0
    code, _, err = cli("pipeline", "run", str(project / "out"), "-p", "n", "many")
    assert code == 1
    assert "Parameter n is an int (its default is 3), not a str ('many')" in err
    code, _, err = cli("pipeline", "run", str(project / "nothing"))
    assert code == 1
    assert "No pipeline.yaml in" in err


def test_a_failing_step_exits_1(project: Path) -> None:
    nb = write(
        project / "fails.ipynb",
        tagged("x = 0", "step:zero", cell_id="a"),
        tagged("y = 1 / x", "step:divide", cell_id="b"),
    )
    assert cli("export", str(nb), "-o", str(project / "fails"))[0] == 0
    code, out, err = cli("pipeline", "run", str(project / "fails"))
    assert code == 1
    assert "[2/2] divide" in out
    assert "failed" in out
    assert "steps/divide.py" in err
    assert err.rstrip().endswith(
        "mlops-lab: error: step divide failed: ZeroDivisionError: division by zero"
    )


def test_jsonl_progress(project: Path, notebook: Path) -> None:
    assert cli("export", str(notebook), "-o", str(project / "out"))[0] == 0
    code, out, _ = cli("pipeline", "run", str(project / "out"), "--progress", "jsonl")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    assert [(e["step"], e["state"]) for e in events if e["event"] == "step"] == [
        ("make", "running"),
        ("make", "done"),
        ("total", "running"),
        ("total", "done"),
    ]
    assert events[-1]["event"] == "finished"
    assert events[-1]["metrics"] == {"total": 6.0}
