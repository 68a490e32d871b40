"""The notebook the Galata tracking test runs in JupyterLab, run by `mlops-lab track`:
its `show --json` has every field the capture promises, filled correctly."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from mlops_lab.cli import main
from mlops_lab.core import Store

FIXTURES = Path(__file__).resolve().parents[2] / "ui-tests" / "notebooks"


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    project = tmp_path_factory.mktemp("capture") / "project"
    (project / "notebooks").mkdir(parents=True)
    for name in ("capture.ipynb", "capture.csv"):
        shutil.copy(FIXTURES / name, project / "notebooks" / name)
    Store.open(project / ".mlops-lab").close()
    store = str(project / ".mlops-lab")
    out = io.StringIO()
    code = main(["track", str(project / "notebooks" / "capture.ipynb"), "-p", "rows", "5",
                 "--store", store], stdout=out)  # fmt: skip
    assert code == 1  # the last cell fails on purpose
    run_id = out.getvalue().strip()
    shown_out = io.StringIO()
    assert main(["show", run_id, "--json", "--store", store], stdout=shown_out) == 0
    body: dict[str, Any] = json.loads(shown_out.getvalue())
    return body


def test_the_run_and_its_status(shown: dict[str, Any]) -> None:
    assert shown["status"] == "failed"
    assert shown["notebook"] == "notebooks/capture.ipynb"
    assert shown["experiment"] == "notebooks/capture.ipynb"
    assert shown["started_at"].endswith("Z")
    assert shown["ended_at"].endswith("Z")


def test_cells_in_execution_order_with_ids_and_the_failure(shown: dict[str, Any]) -> None:
    cells = shown["cells"]
    assert [c["cell_id"] for c in cells] == [
        "imports",
        "parameters",
        "injected-parameters",
        "read-data",
        "change-data",
        "log-metric",
        "fail",
    ]
    assert [c["execution_count"] for c in cells] == list(range(1, 8))
    assert all(c["duration_ms"] >= 0 for c in cells)
    assert [c["status"] for c in cells] == ["ok"] * 6 + ["error"]
    assert cells[-1]["error"] == {"name": "ZeroDivisionError", "value": "division by zero"}
    assert cells[3]["code"] == 'df = pd.read_csv("capture.csv").head(rows)\ndf.shape'


def test_params_from_the_parameters_cell_and_the_command_line(shown: dict[str, Any]) -> None:
    assert shown["params"] == {"rows": 5}


def test_the_metric_logged_with_the_magic(shown: dict[str, Any]) -> None:
    assert shown["metrics"] == {"accuracy": 0.75}


def test_variables_with_type_shape_dtype_and_fingerprint(shown: dict[str, Any]) -> None:
    df = shown["variables"]["df"]
    assert df["type"] == "pandas.DataFrame"
    assert df["shape"] == [5, 3]  # changed by change-data: a total column
    assert len(df["fingerprint"]) == 32
    assert df["nbytes"] > 0
    assert shown["variables"]["rows"]["type"] == "int"
    change = [c["variables"] for c in shown["cells"] if c["cell_id"] == "change-data"]
    assert change == [[{"name": "df", "change": "changed"}]]


def test_the_csv_read_is_in_data_with_its_fingerprint(shown: dict[str, Any]) -> None:
    csv = (FIXTURES / "capture.csv").read_bytes()
    assert shown["data"] == [
        {
            "path": "notebooks/capture.csv",
            "mode": "read",
            "size": len(csv),
            "fingerprint": shown["data"][0]["fingerprint"],
        }
    ]
    assert len(shown["data"][0]["fingerprint"]) == 32


def test_environment_and_git(shown: dict[str, Any]) -> None:
    env = shown["env"]
    assert env["python"]
    assert env["platform"]
    assert "pandas" in env["packages"]
    assert "ipykernel" in env["packages"]
    assert shown["git"] is None  # the project is not a git repository
    assert shown["host"]["cpu_count"] >= 1
