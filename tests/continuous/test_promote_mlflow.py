"""Gated promotion against a real ``mlflow server``: the alias is set there, the decision tagged."""

from __future__ import annotations

import json

from mlflow import MlflowClient
from trained_runs import record_training_run

from mlops_lab.core import Store
from mlops_lab.core.continuous import parse_requirement, promote
from mlops_lab.core.registry import PushOptions, VersionRef, open_registry, push_value


def test_promotion_moves_the_mlflow_alias_only_when_requirements_hold(
    store: Store, mlflow_server: str
) -> None:
    trained = record_training_run(store)
    with open_registry(f"mlflow:{mlflow_server}", store) as registry:
        for alias in ("production", None):
            push_value(
                registry, store, trained.run.id, "model", trained.model,
                PushOptions("iris-promote", alias=alias),
            )  # fmt: skip
        candidate = VersionRef("iris-promote", version=2)
        refused = promote(
            registry, store, candidate, "production", [parse_requirement("accuracy >= 2")]
        )
        assert not refused.moved
        moved = promote(
            registry, store, candidate, "production", [parse_requirement("accuracy >= base")]
        )
        assert (moved.moved, moved.against) == (True, 1)

    client = MlflowClient(tracking_uri=mlflow_server, registry_uri=mlflow_server)
    assert client.get_model_version_by_alias("iris-promote", "production").version == "2"
    tags = client.get_model_version("iris-promote", "2").tags
    decisions = [json.loads(v) for k, v in sorted(tags.items()) if k.startswith("promotion/")]
    assert [d["moved"] for d in decisions] == [False, True]
    assert decisions[0]["requirements"][0]["requirement"] == "accuracy >= 2"
