"""Schemathesis over openapi.yaml against a real Jupyter server: no 5xx, every answer as documented.

A fixed seed and a fixed number of examples per operation keep it bounded and repeatable.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mlops_lab.core import Store

OPENAPI = Path(__file__).parents[2] / "mlops_lab" / "server" / "openapi.yaml"
TOKEN = "schemathesis-token"
EXAMPLES_PER_OPERATION = 20
SEED = 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    for _ in range(120):
        if server.poll() is not None:
            pytest.fail("the Jupyter server exited before answering")
        try:
            with urllib.request.urlopen(request, timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail("the Jupyter server did not answer within 30 s")


def test_no_request_the_document_allows_or_forbids_gets_a_server_error(tmp_path: Path) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    if st is None:
        pytest.skip("schemathesis is not installed: pip install -e '.[test]'")
    root = tmp_path / "root"
    root.mkdir()
    with Store.open(root / ".mlops-lab") as store:  # some runs, so that run paths reach one
        for lr in (0.1, 0.2, 0.3):
            run = store.start_run(notebook="train.ipynb")
            store.log_params(run.id, {"lr": lr})
            store.log_metric(run.id, "acc", lr * 2)
            store.record_cell(run.id, code="x = 1", started_at=None, duration=0.1)
            store.end_run(run.id, "finished")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            f"--MlopsLab.store_path={root / '.mlops-lab'}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config")},
    )
    try:
        base = f"http://127.0.0.1:{port}/mlops-lab"
        _wait_until_up(f"{base}/info", server)
        result = subprocess.run(
            [
                st,
                "run",
                str(OPENAPI),
                f"--url={base}",
                "-H",
                f"Authorization: token {TOKEN}",
                "--checks=not_a_server_error,response_schema_conformance",
                f"--max-examples={EXAMPLES_PER_OPERATION}",
                f"--seed={SEED}",
                "--phases=examples,coverage,fuzzing",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = result.stdout[result.stdout.rfind("SUMMARY") :]
    print(summary)  # the number of cases, for the record
    assert result.returncode == 0, result.stdout[-6000:]
    assert "passed" in summary
