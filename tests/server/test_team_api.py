"""The team's side of the REST API: GET /remotes, the runs scope, the outbox in GET info."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from mlops_lab.core import RunDetail, Store
from mlops_lab.core.records import RunOrigin

Fetch = Any
Check = Any


async def get_json(jp_fetch: Fetch, *path: str, **params: str) -> Any:
    response = await jp_fetch("mlops-lab", *path, params=params)
    assert response.code == 200
    return json.loads(response.body)


def pulled_run(store: Store) -> str:
    """A run as `mlops-lab pull` writes one: a teammate's, read-only here."""
    local = store.start_run(experiment="shared", started_at=datetime.now(timezone.utc))
    store.end_run(local.id)
    detail = store.get_run_detail(local.id)
    store.delete_run(local.id)
    run = detail.run
    teammate = RunDetail(run=run, cells=())
    origin = RunOrigin("team", "mlflow:http://127.0.0.1:1", "f" * 32, "carol")
    assert store.write_pulled_run(teammate, origin)
    return run.id


async def test_remotes_of_the_store_and_of_the_server(
    jp_fetch: Fetch, store: Store, check_schema: Check
) -> None:
    store.add_remote("team", "mlflow:http://127.0.0.1:1", auto=True)
    run = store.start_run(experiment="queued")  # queued for the automatic remote
    body = await get_json(jp_fetch, "remotes")
    check_schema(body, "RemoteList")
    by_name = {r["name"]: r for r in body["remotes"]}
    assert by_name["team"]["source"] == "store"
    assert by_name["team"]["pending"] == 1
    assert by_name["unreachable"]["source"] == "server"
    info = await get_json(jp_fetch, "info")
    check_schema(info, "Info")
    assert info["sync"] == {"pending": 1, "failing": 0, "last_error": None}
    store.fail_outbox("team", [run.id], "Remote 'team' is unreachable")
    info = await get_json(jp_fetch, "info")
    assert info["sync"]["failing"] == 1
    assert "unreachable" in info["sync"]["last_error"]


async def test_the_team_scope_lists_pulled_runs_with_who_made_them(
    jp_fetch: Fetch, store: Store, check_schema: Check
) -> None:
    mine = store.start_run(experiment="shared")
    theirs = pulled_run(store)
    team = await get_json(jp_fetch, "runs", scope="team")
    check_schema(team, "RunPage")
    assert [r["id"] for r in team["runs"]] == [theirs]
    assert team["runs"][0]["origin"]["user"] == "carol"
    local = await get_json(jp_fetch, "runs", scope="local")
    assert [r["id"] for r in local["runs"]] == [mine.id]
    assert (await get_json(jp_fetch, "runs"))["total"] == 2
