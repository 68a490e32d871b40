"""The installed package: a wheel with frontend and config, both extensions enabled
and OK, and a real `jupyter server` that serves the API only with its token."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import mlops_lab

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BIN = Path(sys.executable).parent


def jupyter(*args: str) -> str:
    result = subprocess.run(
        [str(BIN / "jupyter"), *args], capture_output=True, text=True, check=True
    )
    return ANSI.sub("", result.stdout + result.stderr)


def test_the_labextension_is_installed_enabled_and_ok() -> None:
    listing = jupyter("labextension", "list")
    line = next(line for line in listing.splitlines() if "mlops-lab" in line)
    assert "enabled" in line
    assert "OK" in line
    assert mlops_lab.__version__ in line


def test_the_server_extension_is_enabled_and_ok() -> None:
    listing = jupyter("server", "extension", "list")
    assert re.search(r"mlops_lab\s+enabled", listing)
    assert re.search(rf"mlops_lab\s+{re.escape(mlops_lab.__version__)}\s+OK", listing)


def test_the_wheel_holds_frontend_server_config_and_api_document(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("mlops_lab-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    data = f"mlops_lab-{mlops_lab.__version__}.data/data"
    expected = [
        "mlops_lab/server/openapi.yaml",
        "mlops_lab/core/store/store.py",
        f"{data}/etc/jupyter/jupyter_server_config.d/mlops_lab.json",
        f"{data}/share/jupyter/labextensions/mlops-lab/package.json",
        f"{data}/share/jupyter/labextensions/mlops-lab/install.json",
        f"{data}/share/jupyter/labextensions/mlops-lab/schemas/mlops-lab/plugin.json",
    ]
    assert [name for name in expected if name not in names] == []
    static = f"{data}/share/jupyter/labextensions/mlops-lab/static/"
    assert any(n.startswith(static + "remoteEntry.") for n in names)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def jupyter_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`jupyter server` as a user starts it, on loopback, stopped by its own pid."""
    port, token = _free_port(), "secret-test-token"
    env = {**os.environ, "MLOPS_LAB_STORE": str(tmp_path / ".mlops-lab")}
    command = [
        str(BIN / "jupyter"),
        "server",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={tmp_path}",
        "--ServerApp.port_retries=0",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    pytest.fail(f"jupyter server did not start:\n{stderr[-2000:]}")
                time.sleep(0.2)
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_real_server_answers_info_with_the_token_and_403_without(
    jupyter_server: tuple[str, str],
) -> None:
    base, token = jupyter_server
    request = urllib.request.Request(
        f"{base}/mlops-lab/info", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert b'"schema_version"' in response.read()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/mlops-lab/info", timeout=10)
    assert refused.value.code == 403
