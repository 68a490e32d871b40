"""A real Jupyter server with the extension, refusing unauthenticated access."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from contract import check_schema as check_against
from contract import openapi_document


@pytest.fixture
def jp_server_config(store_path: Path) -> dict[str, Any]:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ServerApp": {
            # terminals are off: their websocket route is not ours and only adds noise
            "jpserver_extensions": {"mlops_lab": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
        },
        "MlopsLab": {
            "store_path": str(store_path),
            # A request names a registry the server knows, never a URL: port 1 has no server.
            "registries": {"unreachable": "mlflow:http://127.0.0.1:1"},
        },
    }


@pytest.fixture(scope="session")
def openapi() -> dict[str, Any]:
    return openapi_document()


@pytest.fixture
def check_schema() -> Any:
    """Validate a response body against a named schema of the OpenAPI document."""
    return check_against
