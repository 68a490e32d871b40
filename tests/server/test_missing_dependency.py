"""An optional package the server lacks (kfp, mlflow) is a 501 naming the pip command.

The package is made unimportable inside the server's process (``sys.modules[name] =
None``, what Python does for a package it must not import): nothing of ours is mocked.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from mlops_lab.core import Store

Fetch = Any
NOTEBOOKS = Path(__file__).parent.parent / "cli" / "notebooks"


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch) -> Any:
    def hide(package: str) -> None:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            monkeypatch.delitem(sys.modules, name)
        # Our module that imports it at its top must import it again.
        monkeypatch.delitem(sys.modules, "mlops_lab.core.registry.mlflow_registry", raising=False)
        monkeypatch.setitem(sys.modules, package, None)

    return hide


@pytest.fixture
def records(jp_serverapp: Any) -> Any:
    """Every log record of the server and of tornado while the test runs."""
    caught: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record)

    keep = Keep(level=logging.DEBUG)
    loggers = [jp_serverapp.log, logging.getLogger("tornado"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(keep)
    yield caught
    for logger in loggers:
        logger.removeHandler(keep)


async def answer(jp_fetch: Fetch, path: str, **kwargs: Any) -> tuple[int, Any]:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", path, **kwargs)
    assert caught.value.response is not None
    return caught.value.code, json.loads(caught.value.response.body)


def assert_logged_as_a_warning_without_headers(records: list[logging.LogRecord]) -> None:
    ours = [r for r in records if "not installed" in r.getMessage()]
    assert ours, "the missing package is logged"
    assert {r.levelno for r in ours} == {logging.WARNING}
    assert [r for r in records if r.levelno >= logging.ERROR] == []
    text = "\n".join(r.getMessage() for r in records)
    assert "User-Agent" not in text
    assert "Authorization" not in text


async def test_without_mlflow_the_mlflow_registry_is_501(
    jp_fetch: Fetch, store: Store, without: Any, records: Any, check_schema: Any
) -> None:
    without("mlflow")
    code, body = await answer(jp_fetch, "models", params={"registry": "unreachable"})
    assert code == 501
    check_schema(body, "Error")
    assert body["kind"] == "missing_dependency"
    assert 'pip install "mlops-lab[mlflow]"' in body["message"]
    assert_logged_as_a_warning_without_headers(records)


async def test_without_kfp_the_kfp_export_is_501(
    jp_fetch: Fetch, jp_root_dir: Path, store: Store, without: Any, records: Any, check_schema: Any
) -> None:
    shutil.copy(NOTEBOOKS / "pipeline_steps.ipynb", jp_root_dir / "curve.ipynb")
    without("kfp")
    body = json.dumps({"path": "curve.ipynb", "target": "kfp"})
    code, error = await answer(jp_fetch, "pipeline/export", method="POST", body=body)
    assert code == 501
    check_schema(error, "Error")
    assert error["kind"] == "missing_dependency"
    assert 'pip install "mlops-lab[kfp]"' in error["message"]
    assert_logged_as_a_warning_without_headers(records)
