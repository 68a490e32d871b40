"""The registry's REST API against a real Jupyter server, checked against the OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError
from trained_runs import DATA, TRAINING_CODE, TrainedRun, record_training_run

from mlops_lab.core import Store
from mlops_lab.core.registry import PushOptions, open_registry, push_value

Fetch = Any
Check = Any


async def call(jp_fetch: Fetch, *path: str, method: str = "GET", body: Any = None) -> Any:
    payload = None if body is None else json.dumps(body)
    response = await jp_fetch("mlops-lab", *path, method=method, body=payload)
    assert response.headers["Content-Type"].startswith("application/json")
    return response.code, json.loads(response.body)


async def error_of(
    jp_fetch: Fetch, *path: str, method: str = "GET", body: Any = None, **params: str
) -> tuple[int, Any]:
    payload = None if body is None else json.dumps(body)
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", *path, method=method, body=payload, params=params)
    return caught.value.code, json.loads(caught.value.response.body)


@pytest.fixture
def trained(store: Store) -> TrainedRun:
    return record_training_run(store, pickle_artifact=True)


@pytest.fixture
def pushed(store: Store, trained: TrainedRun) -> TrainedRun:
    with open_registry("local", store) as registry:
        for alias in ("champion", None):
            push_value(
                registry, store, trained.run.id, "model", trained.model, PushOptions("iris", alias)
            )
    return trained


async def test_an_empty_registry(jp_fetch: Fetch, store: Store, check_schema: Check) -> None:
    code, body = await call(jp_fetch, "models")
    assert code == 200
    check_schema(body, "ModelList")
    assert body == {"models": []}


async def test_models_model_and_version_with_lineage(
    jp_fetch: Fetch, pushed: TrainedRun, check_schema: Check
) -> None:
    _, listed = await call(jp_fetch, "models")
    check_schema(listed, "ModelList")
    assert [(m["name"], m["latest_version"], m["aliases"]) for m in listed["models"]] == [
        ("iris", 2, {"champion": 1})
    ]
    _, model = await call(jp_fetch, "models", "iris")
    check_schema(model, "ModelDetail")
    assert [v["version"] for v in model["versions"]] == [2, 1]

    for ref in ("1", "champion"):
        _, version = await call(jp_fetch, "models", "iris", "versions", ref)
        check_schema(version, "ModelVersion")
        assert version["version"] == 1
        lineage = version["lineage"]
        assert lineage["run"]["id"] == pushed.run.id
        assert lineage["training_cell"]["code"] == TRAINING_CODE
        assert lineage["data"][0]["path"] == DATA
        assert lineage["environment"]["packages"]["scikit-learn"]


async def test_alias_moves(jp_fetch: Fetch, pushed: TrainedRun, check_schema: Check) -> None:
    code, version = await call(
        jp_fetch, "models", "iris", "aliases", "champion", method="PUT", body={"version": 2}
    )
    assert code == 200
    check_schema(version, "ModelVersion")
    assert (version["version"], version["aliases"]) == (2, ["champion"])
    status, error = await error_of(
        jp_fetch, "models", "iris", "aliases", "champion", method="PUT", body={"version": 9}
    )
    assert status == 404
    check_schema(error, "Error")
    assert "has no version 9" in error["message"]
    status, error = await error_of(
        jp_fetch, "models", "iris", "aliases", "latest", method="PUT", body={"version": 1}
    )
    assert (status, "cannot be an alias" in error["message"]) == (400, True)


async def test_push_a_file_of_the_run(
    jp_fetch: Fetch, trained: TrainedRun, check_schema: Check, store: Store
) -> None:
    request = {"run": trained.run.id[:8], "name": "iris", "artifact": "model.pkl"}
    code, version = await call(jp_fetch, "models", method="POST", body=request)
    assert code == 201
    check_schema(version, "ModelVersion")
    assert version["artifact"]["format"] == "pickle"
    assert version["model"]["type"] is None  # the server never unpickles
    assert version["lineage"]["source"] == {
        "kind": "artifact",
        "name": "model.pkl",
        "fingerprint": version["lineage"]["source"]["fingerprint"],
    }
    request = {"run": trained.run.id, "name": "iris", "artifact": "notebooks/model.pkl"}
    code, version = await call(jp_fetch, "models", method="POST", body=request)
    assert (code, version["version"]) == (201, 2)


@pytest.mark.parametrize(
    ("request_body", "status", "message"),
    [
        ({"name": "iris", "artifact": "model.pkl"}, 400, "'run' is a required property"),
        ({"run": "{run}", "name": "iris"}, 400, "either a variable or an artifact"),
        ({"run": "{run}", "name": "a/b", "artifact": "model.pkl"}, 400, "cannot name a model"),
        ({"run": "ffffffff", "name": "iris", "artifact": "model.pkl"}, 404, "No run with id"),
        ({"run": "{run}", "name": "iris", "artifact": "../../etc/passwd"}, 404,
         "no artifact or written file"),
        ({"run": "{run}", "name": "iris", "variable": "model"}, 409,
         "No kernel of this run's notebook is running"),
    ],
)  # fmt: skip
async def test_bad_pushes_say_why_and_register_nothing(
    jp_fetch: Fetch,
    trained: TrainedRun,
    check_schema: Check,
    request_body: dict[str, str],
    status: int,
    message: str,
) -> None:
    request = {k: v.replace("{run}", trained.run.id) for k, v in request_body.items()}
    code, error = await error_of(jp_fetch, "models", method="POST", body=request)
    check_schema(error, "Error")
    assert (code, message in error["message"]) == (status, True), error
    assert (await call(jp_fetch, "models"))[1] == {"models": []}


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        (("models", "nope"), {}, 404, "No model named 'nope'"),
        (("models", "iris", "versions", "7"), {}, 404, "has no version 7"),
        (("models", "iris", "versions", "gold"), {}, 404, "has no alias 'gold'"),
        (("models", "bad name"), {}, 400, "cannot name a model"),
        (("models",), {"registry": "nexus"}, 400, "'nexus' is not a registry this server knows"),
        (("model-sources",), {}, 400, "Give the run"),
        (("model-sources",), {"run": "ffffffff"}, 404, "No run with id"),
    ],
)
async def test_unknown_names_are_404_and_bad_ones_400(
    jp_fetch: Fetch,
    pushed: TrainedRun,
    check_schema: Check,
    path: tuple[str, ...],
    params: dict[str, str],
    status: int,
    message: str,
) -> None:
    code, error = await error_of(jp_fetch, *path, **params)
    check_schema(error, "Error")
    assert (code, message in error["message"]) == (status, True), error


async def test_an_unreachable_mlflow_registry_is_503(
    jp_fetch: Fetch, store: Store, check_schema: Check
) -> None:
    code, error = await error_of(jp_fetch, "models", registry="unreachable")
    check_schema(error, "Error")
    assert code == 503
    assert "Cannot reach the MLflow server" in error["message"]


async def test_sources_without_a_kernel_list_the_files(
    jp_fetch: Fetch, trained: TrainedRun, check_schema: Check
) -> None:
    response = await jp_fetch("mlops-lab", "model-sources", params={"run": trained.run.id})
    body = json.loads(response.body)
    check_schema(body, "ModelSources")
    assert body["kernel"] == {
        "live": False,
        "reason": "No kernel of the run's notebook is running.",
    }
    assert {v["name"] for v in body["variables"]} == {"X", "model"}
    assert body["files"] == [
        {"name": "model.pkl", "kind": "artifact"},
        {"name": "notebooks/model.pkl", "kind": "file"},
    ]


# -- a variable pushed through the notebook's live kernel ------------------------------


@pytest.fixture
def jp_root_dir(store_path: Path) -> Path:
    """The Jupyter root is the project, so the run's notebook is a server path."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    return store_path.parent


async def execute(jp_serverapp: Any, kernel_id: str, code: str) -> None:
    client = jp_serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        msg_id = client.execute(code)
        while True:
            reply = await client.get_shell_msg(timeout=120)
            if reply["parent_header"].get("msg_id") == msg_id:
                assert reply["content"]["status"] == "ok", reply["content"]
                return
    finally:
        client.stop_channels()


async def test_a_variable_is_pushed_by_the_notebooks_live_kernel(
    jp_fetch: Fetch, jp_serverapp: Any, store: Store, check_schema: Check
) -> None:
    notebooks = store.path.parent / "notebooks"
    notebooks.mkdir()
    empty = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (notebooks / "train.ipynb").write_text(json.dumps(empty))
    response = await jp_fetch(
        "api", "sessions", method="POST",
        body=json.dumps({"path": "notebooks/train.ipynb", "type": "notebook",
                         "kernel": {"name": "python3"}}),
    )  # fmt: skip
    kernel_id = json.loads(response.body)["kernel"]["id"]
    session_id = json.loads(response.body)["id"]
    try:
        await execute(jp_serverapp, kernel_id, "%load_ext mlops_lab")
        await execute(
            jp_serverapp,
            kernel_id,
            "from sklearn.datasets import load_iris\n"
            "from sklearn.tree import DecisionTreeClassifier\n"
            "X, y = load_iris(return_X_y=True)\n"
            "model = DecisionTreeClassifier(random_state=0).fit(X, y)",
        )
        run_id = store.list_runs().runs[0].id
        response = await jp_fetch("mlops-lab", "model-sources", params={"run": run_id})
        sources = json.loads(response.body)
        check_schema(sources, "ModelSources")
        assert sources["kernel"] == {"live": True, "reason": None}
        assert "model" in {v["name"] for v in sources["variables"]}

        request = {"run": run_id, "name": "tree", "variable": "model", "alias": "champion"}
        code, version = await call(jp_fetch, "models", method="POST", body=request)
        assert code == 201
        check_schema(version, "ModelVersion")
        assert (version["version"], version["aliases"]) == (1, ["champion"])
        assert version["model"]["type"] == "sklearn.tree.DecisionTreeClassifier"
        assert version["lineage"]["run"]["id"] == run_id
        training = version["lineage"]["training_cell"]["code"]
        assert "DecisionTreeClassifier(random_state=0)" in training

        code, error = await error_of(
            jp_fetch, "models", method="POST",
            body={"run": run_id, "name": "tree", "variable": "nope"},
        )  # fmt: skip
        assert (code, "No variable 'nope'" in error["message"]) == (404, True)
        # The push was silent: no cell of the run records it.
        cells = store.get_run_detail(run_id).cells
        assert not any("push_for_server" in cell.code for cell in cells)
    finally:
        await jp_fetch("api", "sessions", session_id, method="DELETE")
