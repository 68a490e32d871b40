"""A real MLflow tracking server for the registry tests (a pytest plugin of tests/conftest.py).

It runs ``mlflow server`` with a SQLite backend and an artifacts folder served by
its proxy (``--serve-artifacts``) in a temporary folder, on 127.0.0.1 and a free
port, waits for ``/health``, and is stopped by its own process group (uvicorn's
workers go with it) at the end of the session. Started once, on first use, so
tests that do not need it pay nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

#: A first start creates the database and imports the server: ~15 s here, more on a busy CI.
STARTUP_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


class MlflowServer:
    """``mlflow server`` on 127.0.0.1: SQLite backend, artifacts served by its proxy.

    `stop` and `start` again keep its port, database and artifacts folder: the
    same server, down for a while (the outbox tests).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log_path = self.folder / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        # The job runner (a pool of huey consumers) is for MLflow's GenAI jobs: not needed.
        env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
        with log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mlflow",
                    "server",
                    "--backend-store-uri",
                    f"sqlite:///{self.folder / 'mlflow.db'}",
                    "--serve-artifacts",
                    "--artifacts-destination",
                    str(self.folder / "artifacts"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--workers",
                    "1",
                ],
                cwd=self.folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped whole, by its pid
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(self.url):
            if self._process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                self.stop()
                pytest.fail(f"mlflow server did not become healthy at {self.url}:\n{tail}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self._process is not None:
            _stop(self._process)
            self._process = None

    @property
    def running(self) -> bool:
        return self._process is not None


@pytest.fixture(scope="session")
def mlflow_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MlflowServer]:
    """The session's MLflow tracking server, which a test may stop and start again."""
    server = MlflowServer(tmp_path_factory.mktemp("mlflow"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def mlflow_server(mlflow_process: MlflowServer) -> str:
    """The URL of a running MLflow tracking server with a model registry."""
    return mlflow_process.url


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    # uvicorn's worker may outlive its parent by a moment; the group goes with it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
