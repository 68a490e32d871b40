"""A pipeline run records what a notebook's run records: git, host, data files, every
metric point, the params and tags its steps log, and no secret (issue "One place per
capability", part 2)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core.capture.fingerprints import fingerprint_file

TOKEN = "ghp_" + "A1b2C3d4E5" * 3 + "f6G7h8"  # 4 + 36 characters: a GitHub token's shape


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return code, out.getvalue(), err.getvalue()


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def cell(source: str, tag: str, cell_id: str) -> nbformat.NotebookNode:
    node = new_code_cell(source, id=cell_id)
    node.metadata["tags"] = [tag]
    return node


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository with a notebook of three steps and the CSV its first step reads."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "data" / "measurements.csv").write_text("x,y\n1,2.0\n2,4.0\n3,6.0\n")
    (root / ".gitignore").write_text(".mlops-lab/\nout/\n")
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        cell('note = "plain"', "parameters", "params"),
        cell(
            "import csv\n"
            'with open("data/measurements.csv", encoding="utf-8") as handle:\n'
            "    rows = list(csv.reader(handle))[1:]",
            "step:load",
            "load",
        ),
        cell("values = [float(row[1]) for row in rows]", "step:features", "features"),
        cell(
            "import mlops_lab\n"
            "for i in range(1, 4):\n"
            '    mlops_lab.log_metric("loss", sum(values) / i, step=i)\n'
            'mlops_lab.log_param("model", "mean")\n'
            'mlops_lab.set_tag("note", note)',
            "step:train",
            "train",
        ),
    ]
    nbformat.write(nb, root / "steps.ipynb")
    git(root, "init", "-q")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "first")
    return root


def run_pipeline(project: Path, *params: str) -> dict[str, Any]:
    store = str(project / ".mlops-lab")
    code, _, err = cli("pipeline", "run", str(project / "out"), "--store", store, *params)
    assert code == 0, err
    code, listing, err = cli("runs", "--store", store, "--json")
    assert code == 0, err
    newest = json.loads(listing)[0]["id"]
    code, shown, err = cli("show", newest, "--store", store, "--json")
    assert code == 0, err
    run: dict[str, Any] = json.loads(shown)
    return run


def test_a_pipeline_run_records_what_a_notebook_run_records(project: Path) -> None:
    store = project / ".mlops-lab"
    code, _, err = cli(
        "export", str(project / "steps.ipynb"), "--to", "local", "-o", str(project / "out")
    )
    assert code == 0, err

    run = run_pipeline(project, "-p", "note", TOKEN)

    assert run["git"]["commit"] == git(project, "rev-parse", "HEAD")
    assert run["host"]["os"]
    assert run["host"]["python"]
    assert run["env"] is not None
    csv_file = project / "data" / "measurements.csv"
    assert {
        "path": "data/measurements.csv",
        "mode": "read",
        "fingerprint": fingerprint_file(csv_file).fingerprint,
    }.items() <= next(f for f in run["data"] if f["path"] == "data/measurements.csv").items()
    load = next(c for c in run["cells"] if c["cell_id"] == "step:load")
    assert [f["path"] for f in load["files"]] == ["data/measurements.csv"]
    loss = run["metric_history"]["loss"]
    assert [(p["step"], p["value"]) for p in loss] == [(1, 12.0), (2, 6.0), (3, 4.0)]
    assert all(p["timestamp"] for p in loss)
    assert run["params"]["model"] == "mean"
    assert run["params"]["note"] == "[REDACTED]"
    assert run["tags"]["note"] == "[REDACTED]"

    # Cached: the steps are not run again, and the run records the same things.
    again = run_pipeline(project, "-p", "note", TOKEN)
    assert [p["step"] for p in again["metric_history"]["loss"]] == [1, 2, 3]
    assert (again["params"]["model"], again["tags"]["note"]) == ("mean", "[REDACTED]")
    assert [f["path"] for f in again["data"]] == ["data/measurements.csv"]
    assert again["git"]["commit"] == run["git"]["commit"]

    # Not one byte of the store holds the token: database, objects, step cache.
    for path in store.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_a_changed_data_file_runs_the_step_that_read_it_again(project: Path) -> None:
    code, _, err = cli(
        "export", str(project / "steps.ipynb"), "--to", "local", "-o", str(project / "out")
    )
    assert code == 0, err
    store = str(project / ".mlops-lab")
    assert cli("pipeline", "run", str(project / "out"), "--store", store)[0] == 0
    code, out, _ = cli("pipeline", "run", str(project / "out"), "--store", store)
    assert code == 0
    assert " cached " in out.splitlines()[0]

    (project / "data" / "measurements.csv").write_text("x,y\n1,3.0\n")
    code, out, _ = cli("pipeline", "run", str(project / "out"), "--store", store)
    assert code == 0
    assert " done " in out.splitlines()[0]  # load read the file: it runs again
    run = run_pipeline(project)
    assert [p["value"] for p in run["metric_history"]["loss"]] == [3.0, 1.5, 1.0]
