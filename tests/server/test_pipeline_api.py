"""Pipeline export over REST: preview, export, a local run followed to its end."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from mlops_lab.core import Store

Fetch = Any
Check = Any
NOTEBOOKS = Path(__file__).parent.parent / "cli" / "notebooks"
# A bound against a hang, not a measure of speed.
PROMPTLY = 120.0


async def post(jp_fetch: Fetch, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    try:
        response = await jp_fetch("mlops-lab", path, method="POST", body=json.dumps(body))
    except HTTPClientError as error:
        return error.code, json.loads(error.response.body if error.response else b"null")
    return response.code, json.loads(response.body)


@pytest.fixture
def notebook(jp_root_dir: Path) -> str:
    shutil.copy(NOTEBOOKS / "pipeline_steps.ipynb", jp_root_dir / "curve.ipynb")
    return "curve.ipynb"


async def test_preview(jp_fetch: Fetch, store: Store, notebook: str, check_schema: Check) -> None:
    code, body = await post(jp_fetch, "pipeline/preview", {"path": notebook})
    assert code == 200
    check_schema(body, "PipelinePreview")
    assert [s["name"] for s in body["steps"]] == ["generate", "summarize", "report"]
    assert [(e["from"], e["to"], e["why"]) for e in body["edges"]] == [
        ("generate", "summarize", "summarize reads `values` defined by generate"),
        ("summarize", "report", "report reads `total`, `peak` defined by summarize"),
    ]
    assert body["parameters"][0] == {
        "name": "size",
        "type": "int",
        "default": 50,
        "cell_id": "parameters",
    }
    assert body["problems"] == []
    assert body["targets"] == ["kfp", "local"]
    assert body["directory"] == "curve-pipeline"


async def test_preview_of_unsaved_content_with_problems(
    jp_fetch: Fetch, store: Store, notebook: str, check_schema: Check
) -> None:
    content = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "id": "early",
                "metadata": {"tags": ["step:first"]},
                "source": "y = x",
                "outputs": [],
                "execution_count": None,
            }
        ],
    }
    code, body = await post(jp_fetch, "pipeline/preview", {"path": notebook, "content": content})
    assert code == 200
    check_schema(body, "PipelinePreview")
    (problem,) = body["problems"]
    assert problem["kind"] == "undefined-variable"
    assert problem["cell_id"] == "early"
    assert problem["variable"] == "x"


async def test_paths_stay_inside_the_root(jp_fetch: Fetch, store: Store) -> None:
    code, body = await post(jp_fetch, "pipeline/preview", {"path": "../outside.ipynb"})
    assert code == 400
    assert body["message"] == "path '../outside.ipynb' is outside the server root."
    code, body = await post(jp_fetch, "pipeline/preview", {"path": "missing.ipynb"})
    assert code == 404


async def test_export_both_targets(
    jp_fetch: Fetch, store: Store, notebook: str, jp_root_dir: Path, check_schema: Check
) -> None:
    code, body = await post(jp_fetch, "pipeline/export", {"path": notebook, "target": "local"})
    assert code == 200
    check_schema(body, "PipelineExport")
    assert "curve-pipeline/steps/generate.py" in body["files"]
    code, body = await post(
        jp_fetch, "pipeline/export", {"path": notebook, "target": "kfp", "directory": "k"}
    )
    assert code == 200
    assert body["files"] == ["k/pipeline.py", "k/pipeline.yaml"]
    assert (jp_root_dir / "k" / "pipeline.yaml").is_file()


async def test_run_locally_with_progress(
    jp_fetch: Fetch, store: Store, notebook: str, check_schema: Check
) -> None:
    async def run_to_the_end(parameters: dict[str, Any]) -> Any:
        code, job = await post(
            jp_fetch, "pipeline/runs", {"path": notebook, "parameters": parameters}
        )
        assert code == 202
        check_schema(job, "PipelineJob")
        assert job["state"] == "running"
        deadline = time.monotonic() + PROMPTLY
        while job["state"] == "running" and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            response = await jp_fetch("mlops-lab", "pipeline", "runs", job["id"])
            job = json.loads(response.body)
        check_schema(job, "PipelineJob")
        return job

    job = await run_to_the_end({})
    assert job["state"] == "finished", job
    assert [(s["name"], s["state"]) for s in job["steps"]] == [
        ("generate", "done"),
        ("summarize", "done"),
        ("report", "done"),
    ]
    run = store.get_run(job["run_id"])
    assert run.tags["mlops_lab.kind"] == "pipeline"
    assert run.metrics == job["metrics"]

    job = await run_to_the_end({"label": "again"})
    assert [s["state"] for s in job["steps"]] == ["cached", "cached", "done"]
    assert store.get_run(job["run_id"]).params["label"] == "again"


async def test_a_mistyped_parameter_is_400(jp_fetch: Fetch, store: Store, notebook: str) -> None:
    code, body = await post(
        jp_fetch, "pipeline/runs", {"path": notebook, "parameters": {"size": "big"}}
    )
    assert code == 400
    assert body["message"].startswith("Parameter size is an int")


async def test_unknown_job_is_404(jp_fetch: Fetch, store: Store) -> None:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("mlops-lab", "pipeline", "runs", "nope")
    assert caught.value.code == 404
