"""4xx, never 5xx, and no request to a URL a request names: the inputs a probe found."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

Fetch = Any


async def status_of(jp_fetch: Fetch, *path: str, method: str = "GET", **params: str) -> int:
    body = json.dumps(params.pop("body")) if "body" in params else None  # type: ignore[arg-type]
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", *path, method=method, body=body, params=params)
    answer = json.loads(caught.value.response.body)  # type: ignore[union-attr]
    assert answer["message"]
    return caught.value.code


class Listener:
    """A loopback socket that records whether anyone connected."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.contacted = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.contacted = True
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


async def test_a_registry_url_in_a_request_is_refused_and_never_contacted(
    jp_fetch: Fetch,
) -> None:
    listener = Listener()
    try:
        url = f"mlflow:http://127.0.0.1:{listener.port}"
        assert await status_of(jp_fetch, "models", registry=url) == 400
        assert await status_of(jp_fetch, "models", "iris", registry=url) == 400
    finally:
        listener.close()
    assert not listener.contacted


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (("runs",), {"offset": str(2**63)}),
        (("runs",), {"limit": str(2**64)}),
        (("runs",), {"notebook": "a\0b"}),
        (("models", "iris", "versions", str(2**63)), {}),
        (("runs", "ab\0cd"), {}),
    ],
)
async def test_out_of_range_and_nul_inputs_answer_400_or_404(
    jp_fetch: Fetch, path: tuple[str, ...], params: dict[str, str]
) -> None:
    assert await status_of(jp_fetch, *path, **params) in (400, 404)


async def test_a_too_large_alias_version_and_a_lone_surrogate_answer_400(jp_fetch: Fetch) -> None:
    big = {"version": 2**63}
    assert (
        await status_of(jp_fetch, "models", "iris", "aliases", "prod", method="PUT", body=big)
        == 400
    )
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch(
            "mlops-lab",
            "pipeline",
            "preview",
            method="POST",
            body='{"path": "\\ud800.ipynb"}',
        )
    assert caught.value.code == 400


async def test_exporting_into_the_server_root_or_through_a_symlink_is_refused(
    jp_fetch: Fetch, jp_root_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": "x = 1",
                "metadata": {"tags": ["step:a"]},
                "outputs": [],
                "execution_count": None,
                "id": "c1",
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (jp_root_dir / "t.ipynb").write_text(json.dumps(notebook))
    body = {"path": "t.ipynb", "directory": "."}
    assert await status_of(jp_fetch, "pipeline", "export", method="POST", body=body) == 400

    victim = tmp_path_factory.mktemp("outside") / "victim.py"
    victim.write_text("precious\n")
    (jp_root_dir / "out").mkdir()
    (jp_root_dir / "out" / ".mlops-lab-export.json").write_text('{"files": []}')
    (jp_root_dir / "out" / "shared.py").symlink_to(victim)
    body = {"path": "t.ipynb", "directory": "out"}
    assert await status_of(jp_fetch, "pipeline", "export", method="POST", body=body) == 400
    assert victim.read_text() == "precious\n"
