"""The REST API against a real Jupyter server, checked against the OpenAPI document."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

import mlops_lab
from mlops_lab.core import SCHEMA_VERSION, Run, Store

Fetch = Any
Check = Any


async def get_json(jp_fetch: Fetch, *path: str, **params: str) -> Any:
    response = await jp_fetch("mlops-lab", *path, params=params)
    assert response.code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return json.loads(response.body)


async def error_of(jp_fetch: Fetch, *path: str, method: str = "GET", **params: str) -> Any:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", *path, method=method, params=params)
    body = json.loads(caught.value.response.body)
    return caught.value.code, body


async def test_info_tells_version_store_and_schema(
    jp_fetch: Fetch, store: Store, check_schema: Check
) -> None:
    body = await get_json(jp_fetch, "info")
    check_schema(body, "Info")
    assert body["version"] == mlops_lab.__version__
    assert body["store"] == str(store.path)
    assert body["schema_version"] == SCHEMA_VERSION
    assert body["run_count"] == 0


async def test_runs_of_an_empty_store(jp_fetch: Fetch, store: Store, check_schema: Check) -> None:
    body = await get_json(jp_fetch, "runs")
    check_schema(body, "RunPage")
    assert (body["runs"], body["total"]) == ([], 0)


async def test_runs_are_paged_newest_first(
    jp_fetch: Fetch, seeded: list[Run], check_schema: Check
) -> None:
    body = await get_json(jp_fetch, "runs", limit="5", offset="2")
    check_schema(body, "RunPage")
    assert body["total"] == 12
    assert (body["offset"], body["limit"]) == (2, 5)
    assert [r["name"] for r in body["runs"]] == [f"run-{i:03d}" for i in (9, 8, 7, 6, 5)]
    assert body["runs"][0]["duration"] == 10.0
    assert body["runs"][0]["started_at"].endswith("Z")


async def test_runs_filter_and_sort(
    jp_fetch: Fetch, seeded: list[Run], check_schema: Check
) -> None:
    failed = await get_json(jp_fetch, "runs", status="failed", sort="name", order="asc")
    check_schema(failed, "RunPage")
    assert [r["name"] for r in failed["runs"]] == ["run-002", "run-005", "run-008", "run-011"]
    eda = await get_json(jp_fetch, "runs", experiment="eda/explore.ipynb")
    assert eda["total"] == 6
    assert {r["experiment"] for r in eda["runs"]} == {"eda/explore.ipynb"}
    train = await get_json(jp_fetch, "runs", notebook="train.ipynb", sort="duration", limit="1")
    assert train["runs"][0]["name"] == "run-010"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "ten"}, "'limit' must be an integer"),
        ({"limit": "100000"}, "limit must be between 0 and 500"),
        ({"offset": "-1"}, "offset must be 0 or more"),
        ({"sort": "colour"}, "Cannot sort runs by 'colour'"),
        ({"order": "up"}, "order must be 'asc' or 'desc'"),
        ({"status": "sleeping"}, "Unknown run status 'sleeping'"),
    ],
)
async def test_bad_query_parameters_are_400_with_a_message(
    jp_fetch: Fetch, store: Store, check_schema: Check, params: dict[str, str], message: str
) -> None:
    code, body = await error_of(jp_fetch, "runs", **params)
    assert code == 400
    check_schema(body, "Error")
    assert message in body["message"]
    assert body["reason"] == "Bad Request"


async def test_one_run_with_its_cells(
    jp_fetch: Fetch, seeded: list[Run], check_schema: Check
) -> None:
    run = seeded[2]
    body = await get_json(jp_fetch, "runs", run.id[:8])
    check_schema(body, "RunDetail")
    assert body["id"] == run.id
    assert body["status"] == "failed"
    assert [c["code"] for c in body["cells"]] == ["import math", "x = 2\n1 / 0"]
    assert body["cells"][1]["error"] == {"name": "ZeroDivisionError", "value": "division by zero"}
    assert body["params"] == {"lr": pytest.approx(0.3), "model": "linear"}


async def test_an_unknown_run_is_404_with_a_message(
    jp_fetch: Fetch, store: Store, check_schema: Check
) -> None:
    for run_id in ("0123456789abcdef0123456789abcdef", "no-such-run"):
        code, body = await error_of(jp_fetch, "runs", run_id)
        assert code == 404
        check_schema(body, "Error")
        assert "mlops-lab runs" in body["message"]


async def test_deleting_a_run(jp_fetch: Fetch, store: Store, seeded: list[Run]) -> None:
    victim = seeded[0]
    response = await jp_fetch("mlops-lab", "runs", victim.id, method="DELETE")
    assert response.code == 204
    assert store.info().run_count == 11
    code, _ = await error_of(jp_fetch, "runs", victim.id, method="DELETE")
    assert code == 404


async def test_revision_changes_when_runs_change(jp_fetch: Fetch, store: Store) -> None:
    before = (await get_json(jp_fetch, "info"))["revision"]
    store.start_run(experiment="from another process")
    after = await get_json(jp_fetch, "info")
    assert after["revision"] > before
    assert after["run_count"] == 1


async def test_kernels_started_by_the_server_record_into_its_store(
    jp_fetch: Fetch, store: Store
) -> None:
    await get_json(jp_fetch, "info")
    assert os.environ["MLOPS_LAB_STORE"] == str(store.path)


async def test_the_lineage_of_a_variable_and_every_metric_point(
    jp_fetch: Fetch, store: Store, check_schema: Check
) -> None:
    from datetime import datetime, timezone

    run = store.start_run(experiment="lineage")
    now = datetime.now(timezone.utc)
    for code, reads, writes in [
        ("x = 1", [], ["x"]),
        ("y = 2", [], ["y"]),
        ("z = x + 10", ["x"], ["z"]),
        ("model = z * 2", ["z"], ["model"]),
    ]:
        store.log_metrics(run.id, {"loss": 1.0}, step=0, in_cell=True)
        store.record_cell(
            run.id,
            code=code,
            started_at=now,
            duration=0.01,
            cell_id="c",
            reads=reads,
            writes=writes,
        )
    body = await get_json(jp_fetch, "runs", run.id, "lineage", name="model")
    check_schema(body, "LineageSlice")
    assert [e["code"] for e in body["executions"]] == ["x = 1", "z = x + 10", "model = z * 2"]
    assert [s["seq"] for s in body["skipped"]] == [2]
    code, error = await error_of(jp_fetch, "runs", run.id, "lineage", name="nothing")
    assert code == 404
    check_schema(error, "Error")
    latest = await get_json(jp_fetch, "runs", run.id)
    every = await get_json(jp_fetch, "runs", run.id, history="all")
    check_schema(every, "RunDetail")
    assert [p["seq"] for p in latest["metric_history"]["loss"]] == [4]  # cell "c"'s latest
    assert [p["seq"] for p in every["metric_history"]["loss"]] == [1, 2, 3, 4]
    assert latest["active_time"] == pytest.approx(0.04)
