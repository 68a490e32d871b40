"""Every verb of every route refuses a request that carries no token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError
from tornado.web import RequestHandler

from mlops_lab.core import Run, Store
from mlops_lab.server.routes import ROUTES

Fetch = Any


def _implemented_verbs(handler: type[RequestHandler]) -> list[str]:
    """The verbs our handler defines. OPTIONS is jupyter_server's CORS preflight,
    unauthenticated by design, and reads nothing from the store."""
    return [verb for verb in handler.SUPPORTED_METHODS if verb.lower() in vars(handler)]


#: What fills each path parameter other than a run id.
_PATH_VALUES = {
    "name": "iris",
    "version": "1",
    "alias": "champion",
    "job_id": "0123abcd",
    "reproduction_id": "0123abcd",
}


def _concrete(pattern: str, run_id: str) -> str:
    return re.sub(
        r"\(\?P<(\w+)>[^)]*\)",
        lambda group: run_id if group[1] == "run_id" else _PATH_VALUES[group[1]],
        pattern,
    )


def test_the_route_table_is_what_is_walked() -> None:
    verbs = {pattern: _implemented_verbs(handler) for pattern, handler in ROUTES}
    assert verbs == {
        "info": ["GET"],
        "runs": ["GET"],
        "runs/keys": ["GET"],
        "compare": ["GET"],
        "runs/(?P<run_id>[^/]+)": ["GET", "DELETE", "PATCH"],
        "pipeline/preview": ["POST"],
        "pipeline/export": ["POST"],
        "pipeline/runs": ["POST"],
        "pipeline/runs/(?P<job_id>[^/]+)": ["GET"],
        "reproductions": ["POST"],
        "reproductions/(?P<reproduction_id>[^/]+)": ["GET"],
        "models": ["GET", "POST"],
        "models/(?P<name>[^/]+)": ["GET"],
        "models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)": ["GET"],
        "models/(?P<name>[^/]+)/aliases/(?P<alias>[^/]+)": ["PUT"],
        "model-sources": ["GET"],
    }


@pytest.mark.parametrize(
    ("pattern", "verb"),
    [(pattern, verb) for pattern, handler in ROUTES for verb in _implemented_verbs(handler)],
)
async def test_no_token_is_403(
    jp_fetch: Fetch, store: Store, seeded: list[Run], pattern: str, verb: str
) -> None:
    path = _concrete(pattern, seeded[0].id)
    body = "{}" if verb in ("POST", "PUT", "PATCH") else None  # tornado needs one
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", path, method=verb, body=body, headers={"Authorization": ""})
    assert caught.value.code == 403
    assert store.info().run_count == len(seeded)  # nothing was deleted


async def test_with_the_token_the_same_route_answers(jp_fetch: Fetch, store: Store) -> None:
    response = await jp_fetch("mlops-lab", "info")
    assert response.code == 200
