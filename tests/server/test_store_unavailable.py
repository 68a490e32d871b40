"""A store that cannot be opened leaves the API up, answering why with a 503."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError


@pytest.fixture
def jp_server_config(tmp_path: Path) -> dict[str, Any]:
    not_a_folder = tmp_path / "store-is-a-file"
    not_a_folder.write_text("oops")
    return {
        "ServerApp": {
            "jpserver_extensions": {"mlops_lab": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
        },
        "MlopsLab": {"store_path": str(not_a_folder)},
    }


async def test_info_says_why_the_store_is_unavailable(jp_fetch: Any, check_schema: Any) -> None:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", "info")
    assert caught.value.code == 503
    body = json.loads(caught.value.response.body)
    check_schema(body, "Error")
    assert "is a file, not a store folder" in body["message"]
