"""The panel asks for a notebook's runs by its Jupyter path; runs record it from the project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlops_lab.core import Run, Store

Fetch = Any


@pytest.fixture
def store_path(jp_root_dir: Path) -> Path:
    """A project one folder below the Jupyter root, as when Jupyter opens a parent folder."""
    return jp_root_dir / "project" / ".mlops-lab"


async def test_a_jupyter_path_finds_the_runs_of_the_project_notebook(
    jp_fetch: Fetch, seeded: list[Run], store: Store
) -> None:
    response = await jp_fetch("mlops-lab", "runs", params={"notebook": "project/train.ipynb"})
    body = json.loads(response.body)
    assert body["total"] == 6
    assert {run["notebook"] for run in body["runs"]} == {"train.ipynb"}
    keys = await jp_fetch("mlops-lab", "runs", "keys", params={"notebook": "project/train.ipynb"})
    assert json.loads(keys.body)["params"] == ["lr", "model"]


async def test_a_notebook_outside_the_project_has_no_runs(
    jp_fetch: Fetch, seeded: list[Run]
) -> None:
    response = await jp_fetch("mlops-lab", "runs", params={"notebook": "elsewhere/train.ipynb"})
    assert json.loads(response.body)["total"] == 0
