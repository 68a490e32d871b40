"""The MLflow backend against a real ``mlflow server``: versions, lineage tags, loading back."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import mlflow
import numpy as np
import pytest
from mlflow import MlflowClient
from mlflow_server import free_port
from trained_runs import DATA, NOTEBOOK, TRAINING_CODE, record_training_run

from mlops_lab.core import Store, StoreError
from mlops_lab.core.registry import (
    PushOptions,
    VersionRef,
    load_model,
    model_version_to_json,
    open_registry,
    push_run_file,
    push_value,
)


def registry_uri(url: str) -> str:
    return f"mlflow:{url}"


def test_a_push_registers_a_version_whose_tags_lead_back_to_the_run(
    store: Store, mlflow_server: str
) -> None:
    trained = record_training_run(store)
    with open_registry(registry_uri(mlflow_server), store) as registry:
        first = push_value(
            registry, store, trained.run.id, "model", trained.model, PushOptions("iris-a")
        )
        second = push_value(
            registry,
            store,
            trained.run.id,
            "model",
            trained.model,
            PushOptions("iris-a", alias="champion", description="second"),
        )
    assert (first.version, second.version) == (1, 2)
    assert second.aliases == ("champion",)

    client = MlflowClient(tracking_uri=mlflow_server, registry_uri=mlflow_server)
    version = client.get_model_version("iris-a", "1")
    tags = version.tags
    assert tags["mlops_lab.run_id"] == trained.run.id
    assert tags["mlops_lab.notebook"] == NOTEBOOK
    assert tags["mlops_lab.training_cell_id"] == "train"
    assert len(tags["mlops_lab.training_cell_code_object"]) == 64
    assert tags["mlops_lab.git_commit"] == "0" * 40
    assert tags["mlops_lab.model_type"] == "sklearn.linear_model.LogisticRegression"
    assert tags["mlops_lab.framework"] == "scikit-learn"
    assert json.loads(tags["mlops_lab.data"])[0]["path"] == DATA
    assert client.get_model_version_by_alias("iris-a", "champion").version == "2"

    # The MLflow run holds the params, metrics, environment lock and the whole lineage.
    run = client.get_run(version.run_id)
    assert run.data.params == {"max_iter": "500"}
    assert run.data.metrics["accuracy"] == pytest.approx(trained.run.metrics["accuracy"])
    assert run.data.tags["mlflow.source.name"] == NOTEBOOK
    artifacts = {a.path for a in client.list_artifacts(version.run_id)}
    assert {"model", "mlops-lab", "environment"} <= artifacts
    requirements = client.download_artifacts(
        version.run_id, "environment/requirements.txt", str(store.path.parent)
    )
    assert "scikit-learn==" in Path(requirements).read_text()


def test_mlflow_pyfunc_loads_and_predicts(store: Store, mlflow_server: str) -> None:
    trained = record_training_run(store)
    with open_registry(registry_uri(mlflow_server), store) as registry:
        push_value(registry, store, trained.run.id, "model", trained.model, PushOptions("iris-b"))
    mlflow.set_tracking_uri(mlflow_server)
    try:
        pyfunc = mlflow.pyfunc.load_model("models:/iris-b/1")
        predicted = pyfunc.predict(trained.features)
        np.testing.assert_array_equal(predicted, trained.model.predict(trained.features))
        assert pyfunc.metadata.flavors.keys() >= {"sklearn", "python_function"}
    finally:
        mlflow.set_tracking_uri("")


def test_load_model_and_show_from_mlflow(store: Store, mlflow_server: str) -> None:
    trained = record_training_run(store)
    uri = registry_uri(mlflow_server)
    with open_registry(uri, store) as registry:
        push_value(
            registry,
            store,
            trained.run.id,
            "model",
            trained.model,
            PushOptions("iris-c", alias="champion"),
        )
        version = registry.get_version(VersionRef("iris-c", alias="champion"))
        (listed,) = [m for m in registry.list_models() if m.name == "iris-c"]
    assert (listed.latest_version, listed.version_count, listed.aliases) == (1, 1, {"champion": 1})
    body = model_version_to_json(version)
    assert body["registry"] == "mlflow"
    assert body["run_id"] == trained.run.id
    assert body["lineage"]["training_cell"]["code"] == TRAINING_CODE
    assert body["lineage"]["data"][0]["path"] == DATA
    assert body["model"]["signature"]["outputs"]["classes"] == [0, 1, 2]
    loaded = load_model("models:/iris-c@champion", registry=uri, store=store)
    np.testing.assert_array_equal(
        loaded.predict(trained.features),  # type: ignore[attr-defined]
        trained.model.predict(trained.features),
    )


def test_a_model_without_flavor_goes_through_pyfunc(store: Store, mlflow_server: str) -> None:
    trained = record_training_run(store)

    class Doubler:  # a notebook's own class: no MLflow flavor knows it
        def predict(self, x: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
            return np.asarray(x) * 2

    with open_registry(registry_uri(mlflow_server), store) as registry:
        version = push_value(
            registry, store, trained.run.id, "doubler", Doubler(), PushOptions("doubler")
        )
    assert version.version == 1
    # A fresh interpreter, without mlops-lab's wrapper module imported: it was saved by value.
    probe = textwrap.dedent(
        f"""
        import mlflow, numpy
        mlflow.set_tracking_uri({mlflow_server!r})
        model = mlflow.pyfunc.load_model("models:/doubler/1")
        print(model.predict(numpy.array([[1.0, 2.0]])).tolist())
        """
    )
    printed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300
    ).stdout
    assert printed.strip().splitlines()[-1] == "[[2.0, 4.0]]"
    loaded = load_model("models:/doubler/1", registry=registry_uri(mlflow_server), store=store)
    assert loaded.predict([3]).tolist() == [6]  # type: ignore[attr-defined]


def test_a_pickle_file_of_the_run_pushes_with_its_flavor(store: Store, mlflow_server: str) -> None:
    trained = record_training_run(store, pickle_artifact=True)
    with open_registry(registry_uri(mlflow_server), store) as registry:
        version = push_run_file(
            registry, store, trained.run.id, "model.pkl", PushOptions("iris-file"), unpickle=True
        )
        shown = registry.get_version(VersionRef("iris-file", version=version.version))
    assert shown.lineage is not None
    assert shown.lineage.source.kind == "artifact"
    assert shown.lineage.training_cell is not None
    assert shown.lineage.training_cell.cell_id == "save"
    loaded = load_model("models:/iris-file/1", registry=registry_uri(mlflow_server), store=store)
    assert pickle.dumps(loaded.get_params()) == pickle.dumps(trained.model.get_params())  # type: ignore[attr-defined]


def test_an_unreachable_server_is_a_clear_error_and_nothing_is_written(store: Store) -> None:
    trained = record_training_run(store)
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=r"Cannot reach the MLflow server at http://127\.0\.0\.1"):
        open_registry(f"mlflow:{url}", store)
    with open_registry("local", store) as local:
        assert local.list_models() == ()
    assert trained.run.id


def test_mlflow_without_a_url_takes_the_tracking_uri_variable(
    store: Store, mlflow_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    with open_registry("mlflow", store) as registry:
        assert registry.name == "mlflow"
        registry.list_models()
