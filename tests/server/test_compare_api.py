"""compare, runs/keys, the runs filter and sort, and PATCH of a run, on a real server."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from mlops_lab.cli import main
from mlops_lab.core import Run, Store

Fetch = Any
Check = Any


async def get_json(jp_fetch: Fetch, *path: str, **params: str) -> Any:
    response = await jp_fetch("mlops-lab", *path, params=params)
    assert response.code == 200
    return json.loads(response.body)


async def error_of(
    jp_fetch: Fetch, *path: str, method: str = "GET", body: str | None = None, **params: str
) -> tuple[int, str]:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", *path, method=method, body=body, params=params)
    return caught.value.code, json.loads(caught.value.response.body)["message"]


async def test_compare_returns_the_documented_diff(
    jp_fetch: Fetch, seeded: list[Run], check_schema: Check
) -> None:
    a, b = seeded[0], seeded[4]
    body = await get_json(jp_fetch, "compare", runs=f"{a.id},{b.id[:8]}")
    check_schema(body, "Comparison")
    assert [r["id"] for r in body["runs"]] == [a.id, b.id]
    changed = {entry["key"]: entry["values"] for entry in body["params"]["changed"]}
    assert changed == {"lr": [0.1, 0.5]}
    assert [e["key"] for e in body["code"]["added"]] == ["cell-4"]
    assert [e["key"] for e in body["code"]["removed"]] == ["cell-0"]


async def test_compare_is_the_document_the_cli_prints(
    jp_fetch: Fetch, store: Store, seeded: list[Run]
) -> None:
    ids = [seeded[1].id, seeded[2].id, seeded[3].id]
    body = await get_json(jp_fetch, "compare", runs=",".join(ids))
    out = io.StringIO()
    assert main(["diff", *ids, "--json", "--store", str(store.path)], stdout=out) == 0
    assert json.loads(out.getvalue()) == body


async def test_compare_of_an_unknown_run_is_404(jp_fetch: Fetch, seeded: list[Run]) -> None:
    code, message = await error_of(jp_fetch, "compare", runs=f"{seeded[0].id},abcdef12")
    assert code == 404
    assert "abcdef12" in message


@pytest.mark.parametrize("runs", ["", "only-one"])
async def test_compare_of_fewer_than_two_runs_is_400(
    jp_fetch: Fetch, seeded: list[Run], runs: str
) -> None:
    code, message = await error_of(jp_fetch, "compare", runs=runs or seeded[0].id)
    assert code == 400
    assert "at least two runs" in message


async def test_runs_filter_and_sort_by_metric(
    jp_fetch: Fetch, seeded: list[Run], check_schema: Check
) -> None:
    body = await get_json(
        jp_fetch, "runs", filter="model=tree loss<0.2", sort="metrics.loss", order="asc"
    )
    check_schema(body, "RunPage")
    # loss at the last step of run i is 1 / (i + 3); tree runs are the odd ones
    names = [r["name"] for r in body["runs"]]
    assert names == ["run-011", "run-009", "run-007", "run-005", "run-003"]
    assert body["total"] == 5


async def test_a_malformed_filter_or_sort_is_400(jp_fetch: Fetch, seeded: list[Run]) -> None:
    code, message = await error_of(jp_fetch, "runs", filter="acc>")
    assert (code, message) == (400, "Filter term 'acc>' needs a value after '>', e.g. acc>0.5.")
    code, message = await error_of(jp_fetch, "runs", filter="acc>>")
    assert (code, message) == (400, "Filter term 'acc>>' has two operators; use one, e.g. acc>0.5.")
    code, message = await error_of(jp_fetch, "runs", sort="loss")
    assert code == 400
    assert "metrics.NAME" in message


async def test_run_keys_are_the_column_choices(jp_fetch: Fetch, seeded: list[Run]) -> None:
    body = await get_json(jp_fetch, "runs", "keys", notebook="train.ipynb")
    assert body == {"params": ["lr", "model"], "metrics": ["loss"], "tags": ["seed"]}


async def test_patch_renames_and_tags_a_run(
    jp_fetch: Fetch, store: Store, seeded: list[Run], check_schema: Check
) -> None:
    run = seeded[0]
    response = await jp_fetch(
        "mlops-lab",
        "runs",
        run.id,
        method="PATCH",
        body=json.dumps({"name": "baseline", "tags": {"team": "cv", "seed": None}}),
    )
    body = json.loads(response.body)
    check_schema(body, "RunSummary")
    assert (body["name"], body["tags"]) == ("baseline", {"team": "cv"})
    assert store.get_run(run.id).name == "baseline"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1]", "must be a JSON object"),
        ('{"name": ""}', "'name': '' should be non-empty"),
        ('{"name": 3}', "'name': 3 is not of type 'string'"),
        ('{"tags": {"a": 1}}', "'tags.a': 1 is not of type 'string', 'null'"),
        ('{"colour": "red"}', "('colour' was unexpected)"),
    ],
)
async def test_a_bad_patch_is_400_and_changes_nothing(
    jp_fetch: Fetch, store: Store, seeded: list[Run], body: str, message: str
) -> None:
    code, text = await error_of(jp_fetch, "runs", seeded[0].id, method="PATCH", body=body)
    assert code == 400
    assert message in text
    assert store.get_run(seeded[0].id) == seeded[0]


async def test_run_detail_has_metric_history(
    jp_fetch: Fetch, seeded: list[Run], check_schema: Check
) -> None:
    body = await get_json(jp_fetch, "runs", seeded[1].id)
    check_schema(body, "RunDetail")
    assert [(p["step"], p["value"]) for p in body["metric_history"]["loss"]] == [
        (0, 0.5),
        (1, 1 / 3),
        (2, 0.25),
    ]
