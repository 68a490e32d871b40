"""The shipped OpenAPI document is valid and describes exactly the routes served."""

from __future__ import annotations

import re
from typing import Any

from openapi_spec_validator import validate

from mlops_lab.server.routes import ROUTES


def test_the_document_is_valid_openapi(openapi: dict[str, Any]) -> None:
    validate(openapi)


def test_every_route_is_documented_and_every_documented_path_is_routed(
    openapi: dict[str, Any],
) -> None:
    routed = {
        "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern): {
            verb.lower() for verb in handler.SUPPORTED_METHODS if verb.lower() in vars(handler)
        }
        for pattern, handler in ROUTES
    }
    documented = {
        path: {verb for verb in item if verb in {"get", "post", "put", "patch", "delete"}}
        for path, item in openapi["paths"].items()
    }
    assert routed == documented
