"""Every verb of every route refuses a request that carries no token, and asks the
server's authorizer about its resource and action."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import pytest
from jupyter_server.auth import Authorizer
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
        "runs/(?P<run_id>[^/]+)/lineage": ["GET"],
        "pipeline/preview": ["POST"],
        "pipeline/export": ["POST"],
        "pipeline/runs": ["POST"],
        "pipeline/runs/(?P<job_id>[^/]+)": ["GET"],
        "reproductions": ["POST"],
        "reproductions/(?P<reproduction_id>[^/]+)": ["GET"],
        "models": ["GET", "POST"],
        "models/(?P<name>[^/]+)": ["GET"],
        "models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)": ["GET"],
        "models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)/monitoring": ["GET"],
        "models/(?P<name>[^/]+)/aliases/(?P<alias>[^/]+)": ["PUT"],
        "model-sources": ["GET"],
        "remotes": ["GET"],
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


class ReadOnly(Authorizer):
    """Lets anyone read mlops-lab's resources and no one change or run anything."""

    asked: ClassVar[list[tuple[str, str]]] = []

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        if not resource.startswith("mlops-lab:"):
            return True
        ReadOnly.asked.append((action, resource))
        return action == "read"


#: The resource each route's handler declares to the authorizer.
_RESOURCES = {
    "info": "runs",
    "remotes": "runs",
    "runs": "runs",
    "runs/keys": "runs",
    "compare": "runs",
    "runs/(?P<run_id>[^/]+)": "runs",
    "runs/(?P<run_id>[^/]+)/lineage": "runs",
    "pipeline/preview": "pipeline",
    "pipeline/export": "pipeline",
    "pipeline/runs": "pipeline",
    "pipeline/runs/(?P<job_id>[^/]+)": "pipeline",
    "reproductions": "reproduce",
    "reproductions/(?P<reproduction_id>[^/]+)": "reproduce",
    "models": "models",
    "models/(?P<name>[^/]+)": "models",
    "models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)": "models",
    "models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)/monitoring": "models",
    "models/(?P<name>[^/]+)/aliases/(?P<alias>[^/]+)": "models",
    "model-sources": "models",
}
#: Verbs that are not the HTTP default: a preview only reads, running code executes.
_ACTIONS = {
    ("pipeline/preview", "POST"): "read",
    ("pipeline/runs", "POST"): "execute",
    ("reproductions", "POST"): "execute",
}


class TestAReadOnlyAuthorizer:
    @pytest.fixture
    def jp_server_config(self, jp_server_config: dict[str, Any]) -> dict[str, Any]:
        return {
            **jp_server_config,
            "ServerApp": {**jp_server_config["ServerApp"], "authorizer_class": ReadOnly},
        }

    @pytest.mark.parametrize(
        ("pattern", "verb"),
        [(pattern, verb) for pattern, handler in ROUTES for verb in _implemented_verbs(handler)],
    )
    async def test_lets_reads_through_and_refuses_changes(
        self, jp_fetch: Fetch, store: Store, seeded: list[Run], pattern: str, verb: str
    ) -> None:
        ReadOnly.asked.clear()
        path = _concrete(pattern, seeded[0].id)
        body = "{}" if verb in ("POST", "PUT", "PATCH") else None
        try:
            code = (await jp_fetch("mlops-lab", path, method=verb, body=body)).code
        except HTTPClientError as error:
            code = error.code
        default = "read" if verb == "GET" else "write"
        action = _ACTIONS.get((pattern, verb), default)
        assert ReadOnly.asked == [(action, f"mlops-lab:{_RESOURCES[pattern]}")]
        if action == "read":
            assert code != 403  # 200, or a 4xx about the request itself
        else:
            assert code == 403
            assert store.info().run_count == len(seeded)  # nothing was deleted
