"""The shipped OpenAPI document is valid and describes exactly the routes served."""

from __future__ import annotations

import inspect
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


def test_every_request_body_is_a_named_schema_its_handler_validates(
    openapi: dict[str, Any],
) -> None:
    """Handlers check bodies with ``body_for(NAME)``: NAME must be the route's requestBody."""
    handlers = {"/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", p): h for p, h in ROUTES}
    for path, item in openapi["paths"].items():
        for verb, operation in item.items():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            name = schema["$ref"].removeprefix("#/components/schemas/")
            assert name in openapi["components"]["schemas"]
            source = inspect.getsource(getattr(handlers[path], verb))
            assert f'body_for("{name}")' in source, (path, verb)
