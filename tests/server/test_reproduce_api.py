"""Reproductions through the REST API: started in the background, polled to a report."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from mlops_lab.cli import main
from mlops_lab.core import Run, Store

Fetch = Any
Check = Any

FIXTURE = Path(__file__).parents[1] / "cli" / "notebooks" / "reproduce"
# A bound against a hang, not a measure of speed: CI shares 2 cores.
PATIENCE = 300.0


@pytest.fixture
def tracked_run(store: Store) -> str:
    """The seeded training notebook, tracked into the server's store."""
    project = store.path.parent
    for name in ("train_model.ipynb", "measurements.csv"):
        shutil.copy(FIXTURE / name, project / name)
    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        code = main(
            ["track", str(project / "train_model.ipynb"), "--store", str(store.path)], stdout=out
        )
    assert code == 0
    return out.getvalue().strip()


async def post(jp_fetch: Fetch, body: dict[str, Any]) -> Any:
    response = await jp_fetch("mlops-lab", "reproductions", method="POST", body=json.dumps(body))
    assert response.code == 202
    return json.loads(response.body)


async def error_of(jp_fetch: Fetch, *path: str, method: str = "GET", body: Any = None) -> Any:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch(
            "mlops-lab", *path, method=method, body=None if body is None else json.dumps(body)
        )
    return caught.value.code, json.loads(caught.value.response.body)


async def test_a_reproduction_runs_in_the_background_to_a_passing_report(
    jp_fetch: Fetch, tracked_run: str, check_schema: Check, store: Store
) -> None:
    started = await post(jp_fetch, {"run_id": tracked_run[:8], "tolerances": {"loss": 1e-6}})
    check_schema(started, "Reproduction")
    assert started["run_id"] == tracked_run
    assert started["status"] in ("queued", "running")
    seen = set()
    deadline = time.monotonic() + PATIENCE
    while True:
        response = await jp_fetch("mlops-lab", "reproductions", started["id"])
        body = json.loads(response.body)
        check_schema(body, "Reproduction")
        seen.add(body["stage"])
        if body["status"] not in ("queued", "running"):
            break
        assert time.monotonic() < deadline, body
        # The server answers while the kernel works: it is not blocked.
        await asyncio.sleep(0.2)
    assert body["status"] == "passed", body
    assert body["stage"] == "done"
    assert "running" in seen or "comparing" in seen
    report = body["report"]
    assert report["passed"] is True
    assert {m["name"]: m["tolerance"] for m in report["metrics"]}["loss"] == 1e-6
    assert body["reproduction_run_id"] == report["reproduction_run_id"]
    assert store.get_run(report["reproduction_run_id"]).tags["reproduces"] == tracked_run


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({}, 400, "'run_id' is a required property"),
        ({"run_id": "0123456789abcdef0123456789abcdef"}, 404, "No run with id"),
        ({"run_id": "RUN", "tolerances": {"acc": -1}}, 400, "'tolerances.acc': -1 is less than"),
        ({"run_id": "RUN", "tolerances": [1]}, 400, "'tolerances': [1] is not of type 'object'"),
        ({"run_id": "EMPTY"}, 400, "has no executed cell to replay"),
    ],
)
async def test_bad_requests_are_refused_before_anything_starts(
    jp_fetch: Fetch,
    store: Store,
    seeded: list[Run],
    check_schema: Check,
    body: dict[str, Any],
    code: int,
    message: str,
) -> None:
    empty = store.start_run(notebook="empty.ipynb")
    replaced = {
        key: {"RUN": seeded[0].id, "EMPTY": empty.id}.get(value, value)
        if isinstance(value, str)
        else value
        for key, value in body.items()
    }
    status, answer = await error_of(jp_fetch, "reproductions", method="POST", body=replaced)
    assert status == code
    check_schema(answer, "Error")
    assert message in answer["message"]


async def test_an_unknown_reproduction_is_404(
    jp_fetch: Fetch, store: Store, check_schema: Check
) -> None:
    status, answer = await error_of(jp_fetch, "reproductions", "0" * 32)
    assert status == 404
    check_schema(answer, "Error")
    assert "No reproduction" in answer["message"]


async def test_a_body_that_is_not_json_is_400(jp_fetch: Fetch, store: Store) -> None:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", "reproductions", method="POST", body="run please")
    assert caught.value.code == 400
