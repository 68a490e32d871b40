"""A real Jupyter server with the extension, refusing unauthenticated access."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS31Validator

import mlops_lab.server

OPENAPI_PATH = Path(mlops_lab.server.__file__).with_name("openapi.yaml")


@pytest.fixture
def jp_server_config(store_path: Path) -> dict[str, Any]:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ServerApp": {
            # terminals are off: their websocket route is not ours and only adds noise
            "jpserver_extensions": {"mlops_lab": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
        },
        "MlopsLab": {"store_path": str(store_path)},
    }


@pytest.fixture(scope="session")
def openapi() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(OPENAPI_PATH.read_text())
    return document


@pytest.fixture
def check_schema(openapi: dict[str, Any]) -> Any:
    """Validate a response body against a named schema of the OpenAPI document."""

    def check(body: Any, schema_name: str) -> None:
        schema = {
            "$ref": f"#/components/schemas/{schema_name}",
            "components": openapi["components"],
        }
        OAS31Validator(schema).validate(body)

    return check
