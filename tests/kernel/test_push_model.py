"""``%mlops push-model`` in a real kernel that trained a scikit-learn model on a CSV file."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import mlflow
import pytest
from conftest import Kernel
from mlflow import MlflowClient
from mlflow_server import free_port
from sklearn.datasets import load_iris

from mlops_lab.cli import main
from mlops_lab.core import Store

TRAINING_CODE = "model = LogisticRegression(max_iter=500).fit(X, y)"


def models_cli(store_path: Path, *argv: str) -> Any:
    out = io.StringIO()
    assert main(["models", *argv, "--json", "--store", str(store_path)], stdout=out) == 0
    return json.loads(out.getvalue())


@pytest.fixture
def trained(kernel: Kernel, project: Path) -> Kernel:
    iris = load_iris(as_frame=True)
    frame = iris.frame.rename(columns={"target": "label"})
    frame.to_csv(project / "notebooks" / "iris.csv", index=False)
    steps = [
        ("%load_ext mlops_lab", None),
        ("import mlops_lab\nimport pandas as pd\nfrom sklearn.linear_model import "
         "LogisticRegression", "imports"),
        ('df = pd.read_csv("iris.csv")\nX, y = df.drop(columns="label"), df["label"]', "read-data"),
        (TRAINING_CODE, "train"),
        ('mlops_lab.log_metric("accuracy", model.score(X, y))', "evaluate"),
    ]  # fmt: skip
    for code, cell_id in steps:
        reply, printed = kernel.run(code, cell_id)
        assert reply["status"] == "ok", printed
    return kernel


def run_id_of(store_path: Path) -> str:
    with Store.open(store_path) as store:
        return store.list_runs().runs[0].id


def test_push_twice_makes_versions_1_and_2_with_the_training_lineage(
    trained: Kernel, store_path: Path
) -> None:
    reply, printed = trained.run("%mlops push-model model --name iris", "push-1")
    assert reply["status"] == "ok", printed
    assert "pushed iris version 1 to the local registry" in printed
    assert "made by In [4]" in printed
    reply, printed = trained.run("%mlops push-model model --name iris --alias champion", "push-2")
    assert "pushed iris version 2 as champion" in printed

    (listed,) = models_cli(store_path, "list")
    assert (listed["latest_version"], listed["aliases"]) == (2, {"champion": 2})
    shown = models_cli(store_path, "show", "iris/1")
    lineage = shown["lineage"]
    assert lineage["run"]["id"] == run_id_of(store_path)
    assert lineage["notebook"]["path"] == "notebooks/train.ipynb"
    assert lineage["training_cell"]["cell_id"] == "train"
    assert lineage["training_cell"]["code"] == TRAINING_CODE
    assert [c["cell_id"] for c in lineage["cells"]] == ["imports", "read-data"]
    (data,) = lineage["data"]
    assert data["path"] == "notebooks/iris.csv"
    assert len(data["fingerprint"]) == 32
    assert data["size"] == (store_path.parent / "notebooks" / "iris.csv").stat().st_size
    assert lineage["environment"]["packages"]["scikit-learn"]
    assert "scikit-learn==" in lineage["requirements"]
    assert lineage["metrics"]["accuracy"] > 0.9
    assert shown["model"]["type"] == "sklearn.linear_model.LogisticRegression"
    assert shown["model"]["signature"]["inputs"]["feature_names"][0] == "sepal length (cm)"
    assert shown["model"]["signature"]["outputs"]["classes"] == [0, 1, 2]
    second = models_cli(store_path, "show", "iris@champion")["lineage"]
    assert second["training_cell"]["cell_id"] == "train"
    # what the first push read (the notebook, to fingerprint it) is not the run's data
    assert [f["path"] for f in second["data"]] == ["notebooks/iris.csv"]


def test_load_model_in_the_notebook_returns_an_equal_model(trained: Kernel) -> None:
    trained.run("%mlops push-model model --name iris")
    reply, printed = trained.run(
        'loaded = mlops_lab.load_model("models:/iris/1")\n'
        "print(type(loaded) is type(model), (loaded.predict(X) == model.predict(X)).all(),"
        " loaded.get_params() == model.get_params())"
    )
    assert reply["status"] == "ok", printed
    assert printed.strip() == "True True True"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%mlops push-model nope --name iris", "No variable 'nope' in this kernel"),
        ("%mlops push-model lock --name iris", "cannot be serialized with cloudpickle"),
        ("%mlops push-model model --name 'bad name'", "cannot name a model"),
        ("%mlops push-model model", "the following arguments are required: --name"),
        ("%mlops push-model model --name iris --registry nexus", "Unknown registry 'nexus'"),
        ("%mlops push-model model --name iris --registry mlflow:http://127.0.0.1:{port}",
         "Cannot reach the MLflow server"),
    ],
)  # fmt: skip
def test_bad_input_is_one_red_line_and_leaves_the_registry_unchanged(
    trained: Kernel, store_path: Path, line: str, message: str
) -> None:
    trained.run("import threading\nlock = threading.Lock()")
    reply, printed = trained.run(line.replace("{port}", str(free_port())))
    assert reply["status"] == "error"
    assert reply["ename"] == "UsageError"
    assert message in printed
    assert "Traceback" not in printed
    assert models_cli(store_path, "list") == []


def test_push_to_mlflow_registers_a_version_that_pyfunc_loads(
    trained: Kernel, store_path: Path, mlflow_server: str
) -> None:
    reply, printed = trained.run(
        f"%mlops push-model model --name iris-kernel --registry mlflow:{mlflow_server}"
    )
    assert reply["status"] == "ok", printed
    assert "pushed iris-kernel version 1 to the mlflow registry" in printed
    reply, printed = trained.run("import json\nprint(json.dumps(model.predict(X).tolist()))")
    expected = json.loads(printed)

    client = MlflowClient(tracking_uri=mlflow_server, registry_uri=mlflow_server)
    version = client.get_model_version("iris-kernel", "1")
    assert version.tags["mlops_lab.run_id"] == run_id_of(store_path)
    assert version.tags["mlops_lab.training_cell_id"] == "train"
    assert version.tags["mlops_lab.notebook"] == "notebooks/train.ipynb"
    assert json.loads(version.tags["mlops_lab.data"])[0]["path"] == "notebooks/iris.csv"
    mlflow.set_tracking_uri(mlflow_server)
    try:
        model = mlflow.pyfunc.load_model("models:/iris-kernel/1")
    finally:
        mlflow.set_tracking_uri("")
    frame = load_iris(as_frame=True).frame.drop(columns="target")
    assert model.predict(frame).tolist() == expected


def test_the_lineage_of_a_pushed_model_is_its_slice_with_the_rest_marked_skipped(
    kernel: Kernel, project: Path, store_path: Path
) -> None:
    (project / "notebooks" / "points.csv").write_text("x\n1\n2\n3\n")
    steps = [
        ("%load_ext mlops_lab", None),
        ("import csv", "imports"),
        ("with open('points.csv') as f:\n    xs = [float(r['x']) for r in csv.DictReader(f)]",
         "read"),
        ("junk = [1, 2, 3]", "junk"),
        ("import pandas_that_is_not_installed", "failed-import"),
        ("model = {'mean': sum(xs) / len(xs)}", "train"),
    ]  # fmt: skip
    for code, cell_id in steps:
        kernel.run(code, cell_id)
    reply, printed = kernel.run("%mlops push-model model --name mean", "push")
    assert reply["status"] == "ok", printed

    lineage = models_cli(store_path, "show", "mean/1")["lineage"]
    assert lineage["training_cell"]["cell_id"] == "train"
    assert [cell["cell_id"] for cell in lineage["cells"]] == ["imports", "read"]
    assert [(s["cell_id"], s["failed"]) for s in lineage["skipped"]] == [
        ("junk", False),
        ("failed-import", True),
    ]
    assert [f["path"] for f in lineage["data"]] == ["notebooks/points.csv"]
