"""``GET /models/{name}/versions/{version}/monitoring``: a version's drift checks and promotions."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from tornado.httpclient import HTTPClientError
from trained_runs import DATA, TrainedRun, record_training_run

from mlops_lab.core import Store
from mlops_lab.core.continuous import monitor_batch, monitor_history, parse_requirement, promote
from mlops_lab.core.registry import PushOptions, open_registry, push_value
from mlops_lab.core.registry.names import VersionRef

Fetch = Any
Check = Any


@pytest.fixture
def monitored(store: Store) -> TrainedRun:
    """iris/1 (@champion) with a check without drift, one where ``a`` drifted, a refused
    promotion, a tag set by hand and a check an older mlops-lab kept (no numbers)."""
    trained = record_training_run(store)
    training = pd.read_csv(store.path.parent / DATA)
    shifted = training.assign(a=training["a"] + 3.0)
    with open_registry("local", store) as registry:
        push_value(registry, store, trained.run.id, "model", trained.model, PushOptions("iris"))
        registry.set_alias("iris", 1, "champion")
        ref = VersionRef("iris", version=1)
        old = {"when": "2026-01-01T00:00:00Z", "batch": "old.csv", "rows": 3, "drifted": True,
               "drifting_columns": ["b"], "schema_changes": []}  # fmt: skip
        registry.set_version_tags(
            "iris", 1, {"monitor/20260101T000000.000000Z": json.dumps(old), "monitor/x": "{"}
        )
        monitor_batch(registry, store, ref, training, batch_name="monday.csv")
        monitor_batch(registry, store, ref, shifted, batch_name="tuesday.csv")
        promote(registry, store, ref, "production", [parse_requirement("accuracy >= 2")])
    return trained


async def test_the_checks_and_decisions_of_a_version(
    jp_fetch: Fetch, monitored: TrainedRun, store: Store, check_schema: Check
) -> None:
    for ref in ("1", "champion"):
        response = await jp_fetch("mlops-lab", "models", "iris", "versions", ref, "monitoring")
        body = json.loads(response.body)
        check_schema(body, "VersionMonitoring")
        assert (body["model"], body["version"]) == ("iris", 1)
        checks = body["checks"]
        assert [(c["batch"], c["drifted"]) for c in checks] == [
            ("old.csv", True),
            ("monday.csv", False),
            ("tuesday.csv", True),
        ]
        old, calm, drifted = checks
        assert (old["max_psi"], old["columns"], old["who"]) == (None, [], None)
        assert calm["drifting_columns"] == []
        assert calm["max_psi"] < 0.2
        assert drifted["drifting_columns"] == ["a"]
        (column,) = drifted["columns"]
        assert column["column"] == "a"
        assert column["psi"] == drifted["max_psi"] > 0.2
        assert column["ks_p_value"] < 0.05
        assert (column["missing_before"], column["missing_after"]) == (0.0, 0.0)
        (decision,) = body["promotions"]
        assert (decision["alias"], decision["moved"], decision["passed"]) == (
            "production",
            False,
            False,
        )
        assert decision["requirements"][0]["requirement"] == "accuracy >= 2"

    # `monitor --history` reads the same documents.
    with open_registry("local", store) as registry:
        history = monitor_history(registry, VersionRef("iris", alias="champion"))
    check_schema(history, "MonitorCheck", many=True)
    assert history == checks


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        (("iris", "versions", "7", "monitoring"), {}, 404, "has no version 7"),
        (("nope", "versions", "1", "monitoring"), {}, 404, "nope"),
        (("iris", "versions", "1", "monitoring"), {"registry": "nexus"}, 400, "'nexus' is not"),
    ],
)
async def test_unknown_versions_are_404_and_unknown_registries_400(
    jp_fetch: Fetch,
    monitored: TrainedRun,
    check_schema: Check,
    path: tuple[str, ...],
    params: dict[str, str],
    status: int,
    message: str,
) -> None:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", "models", *path, params=params)
    error = json.loads(caught.value.response.body)
    check_schema(error, "Error")
    assert (caught.value.code, message in error["message"]) == (status, True), error
