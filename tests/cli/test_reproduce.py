"""`mlops-lab reproduce` and `mlops-lab env` on a seeded scikit-learn notebook, in real kernels.

Each test tracks the fixture notebook once, then reproduces it: with nothing
changed every metric passes; an edited cell and a changed package version are
named as drift; changed training data is named with the metric it moved.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mlops_lab.cli import main
from mlops_lab.core import Store

FIXTURE = Path(__file__).parent / "notebooks" / "reproduce"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def cli(*argv: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return Result(code, out.getvalue(), err.getvalue())


@dataclass(frozen=True)
class Project:
    root: Path
    run_id: str

    @property
    def store(self) -> str:
        return str(self.root / ".mlops-lab")

    @property
    def notebook(self) -> Path:
        return self.root / "train_model.ipynb"

    def reproduce(self, *options: str) -> Result:
        return cli("reproduce", self.run_id, "--json", "--store", self.store, *options)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The fixture notebook and its CSV in a project, tracked once."""
    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    Store.open(root / ".mlops-lab").close()
    monkeypatch.chdir(tmp_path)
    tracked = cli("track", str(root / "train_model.ipynb"), "--store", str(root / ".mlops-lab"))
    assert tracked.code == 0, tracked.err
    return Project(root, tracked.out.strip())


def test_an_unchanged_run_reproduces_with_every_metric_passing(project: Project) -> None:
    result = project.reproduce()
    assert result.code == 0, result.err
    report = result.json()
    assert report["passed"] is True
    assert report["run_id"] == project.run_id
    assert {m["name"]: m["status"] for m in report["metrics"]} == {
        "accuracy": "pass",
        "loss": "pass",
        "test_rows": "pass",
    }
    assert report["code"] == {"notebook": "train_model.ipynb", "found": True, "cells": []}
    assert report["environment"]["packages"] == []
    assert report["environment"]["command"] is None
    assert report["data"] == []
    with Store.open(project.store) as store:
        original = store.get_run_detail(project.run_id)
        again = store.get_run_detail(report["reproduction_run_id"])
    assert again.run.tags["reproduces"] == project.run_id
    assert again.run.params == original.run.params == {"C": 1.0, "seed": 7}
    assert again.run.metrics == original.run.metrics
    assert [(c.cell_id, c.code) for c in again.cells] == [
        (c.cell_id, c.code) for c in original.cells
    ]
    assert again.run.name == f"{original.run.name} (reproduction)"


def test_an_edited_cell_and_a_changed_package_are_named_as_drift(project: Project) -> None:
    document = json.loads(project.notebook.read_text())
    train = next(cell for cell in document["cells"] if cell.get("id") == "train")
    train["source"] = "model = None  # rewritten since the run"
    project.notebook.write_text(json.dumps(document))
    with Store.open(project.store) as store:
        environment = dict(store.get_run_detail(project.run_id).environment or {})
        packages = [dict(p) for p in environment["packages"]]  # type: ignore[union-attr]
        numpy = next(p for p in packages if p["name"] == "numpy")
        installed = numpy["version"]
        numpy["version"] = "1.26.0"
        store.set_run_context(project.run_id, environment={**environment, "packages": packages})

    result = project.reproduce()

    # The recorded cells are what is replayed, so the metrics still match.
    assert result.code == 0, result.err
    report = result.json()
    assert report["passed"] is True
    assert report["code"]["cells"] == [
        {
            "cell_id": "train",
            "change": "changed",
            "recorded": report["code"]["cells"][0]["recorded"],
            "current": "model = None  # rewritten since the run",
        }
    ]
    assert "LogisticRegression" in report["code"]["cells"][0]["recorded"]
    assert report["environment"]["packages"] == [
        {"name": "numpy", "recorded": "1.26.0", "current": installed}
    ]
    assert report["environment"]["command"] == "pip install numpy==1.26.0"


def test_changed_training_data_names_the_file_and_the_metric_that_moved(
    project: Project,
) -> None:
    data = project.root / "measurements.csv"
    rows = data.read_text().splitlines()
    rows[1:21] = [f"{row.rsplit(',', 1)[0]},{1 - int(row.rsplit(',', 1)[1])}" for row in rows[1:21]]
    data.write_text("\n".join(rows) + "\n")

    result = project.reproduce()

    assert result.code == 1
    report = result.json()
    assert report["passed"] is False
    assert [(d["path"], d["status"]) for d in report["data"]] == [("measurements.csv", "changed")]
    failed = {m["name"] for m in report["metrics"] if not m["passed"]}
    assert "loss" in failed
    assert "test_rows" not in failed  # the split's size did not move

    text = cli("reproduce", project.run_id, "--store", project.store)
    assert text.code == 1
    assert "FAILED" in text.out
    assert "changed  measurements.csv" in text.out
    assert "FAIL    loss" in text.out

    loose = project.reproduce("--tolerance", "*=10")
    assert loose.code == 0, loose.err
    assert loose.json()["passed"] is True


def test_a_missing_input_file_is_named(project: Project) -> None:
    (project.root / "measurements.csv").unlink()
    result = project.reproduce()
    assert result.code == 1
    report = result.json()
    assert report["data"][0]["path"] == "measurements.csv"
    assert report["data"][0]["status"] == "missing"
    assert "FileNotFoundError" in report["failure"]


def test_env_prints_the_lock(project: Project) -> None:
    requirements = cli("env", project.run_id, "--requirements", "--store", project.store)
    assert requirements.code == 0
    assert requirements.out.startswith("# Environment lock recorded by mlops-lab\n")
    assert "\nnumpy==" in requirements.out
    assert "scikit-learn==" in requirements.out
    as_json = cli("env", project.run_id[:8], "--json", "--store", project.store).json()
    assert "numpy" in as_json["packages"]
    text = cli("env", project.run_id, "--store", project.store)
    assert text.out.startswith("python:")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["reproduce", "zzzzzzzz"], 1, "No run with id 'zzzzzzzz'"),
        (["reproduce", "abcd", "--tolerance", "accuracy"], 2, "is not NAME=REL"),
        (["reproduce", "abcd", "--tolerance", "accuracy=-1"], 2, "is not NAME=REL"),
        (["env", "zzzzzzzz", "--requirements"], 1, "No run with id 'zzzzzzzz'"),
    ],
)
def test_mistakes_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], code: int, message: str
) -> None:
    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)
    result = cli(*argv, "--store", str(tmp_path / ".mlops-lab"))
    assert result.code == code
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_run_without_cells_cannot_be_reproduced(tmp_path: Path) -> None:
    with Store.open(tmp_path / ".mlops-lab") as store:
        run = store.start_run(notebook="empty.ipynb")
    result = cli("reproduce", run.id, "--store", str(tmp_path / ".mlops-lab"))
    assert result.code == 1
    assert "has no executed cell to replay" in result.err


def test_a_cell_run_twice_is_replayed_twice_under_its_id_without_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime, timezone

    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)
    root = tmp_path / "project"
    root.mkdir()
    store_path = str(root / ".mlops-lab")
    now = datetime.now(timezone.utc)
    with Store.open(store_path) as store:
        run = store.start_run(experiment="twice", notebook="twice.ipynb")
        for count, (cell_id, code) in enumerate(
            [("a", "x = 1"), ("b", "x += 1"), ("b", "x += 1")], start=1
        ):
            store.record_cell(
                run.id, code=code, started_at=now, duration=0.01, cell_id=cell_id,
                execution_count=count,
            )  # fmt: skip
        store.end_run(run.id)
    monkeypatch.chdir(root)
    result = cli("reproduce", run.id, "--json", "--store", store_path)
    assert "Non-unique cell id" not in result.err
    assert "DuplicateCellId" not in result.err
    report = result.json()
    with Store.open(store_path) as store:
        again = store.get_run_detail(report["reproduction_run_id"])
    assert [c.cell_id for c in again.cells] == ["a", "b", "b"]
