"""Fixtures shared by every layer's tests: stores, empty or seeded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlops_lab.core import CellError, Run, Store

# jp_fetch and a real Jupyter server for tests/server (must be declared at the top level);
# a real MLflow server for the registry tests
pytest_plugins = ["pytest_jupyter.jupyter_server", "mlflow_server"]

#: A fixed start so sorted listings are predictable: run i starts i minutes after it.
EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


def seed_runs(store: Store, count: int) -> list[Run]:
    """Make ``count`` ended runs across two notebooks, each with params, metrics and cells.

    Run i starts at EPOCH + i minutes and lasts i + 1 seconds; every third run failed.
    """
    runs = []
    for i in range(count):
        notebook = "train.ipynb" if i % 2 == 0 else "eda/explore.ipynb"
        started = EPOCH + timedelta(minutes=i)
        run = store.start_run(notebook=notebook, name=f"run-{i:03d}", started_at=started)
        store.log_params(run.id, {"lr": 0.1 * (i + 1), "model": "tree" if i % 2 else "linear"})
        for step in range(3):
            store.log_metric(run.id, "loss", 1.0 / (i + step + 1), step=step)
        store.set_tags(run.id, {"seed": str(i)})
        store.record_cell(
            run.id, code="import math", started_at=started, duration=0.01, execution_count=1
        )
        store.record_cell(
            run.id,
            code=f"x = {i}\n1 / 0" if i % 3 == 2 else f"x = {i}",
            started_at=started + timedelta(seconds=0.5),
            duration=0.02,
            execution_count=2,
            cell_id=f"cell-{i}",
            error=CellError("ZeroDivisionError", "division by zero") if i % 3 == 2 else None,
        )
        status = "failed" if i % 3 == 2 else "finished"
        runs.append(
            store.end_run(run.id, status=status, ended_at=started + timedelta(seconds=i + 1))
        )
    return runs


@pytest.fixture(autouse=True)
def _isolated_store_variable() -> Iterator[None]:
    """No test sees another's MLOPS_LAB_STORE (the server extension exports it)."""
    saved = os.environ.pop("MLOPS_LAB_STORE", None)
    yield
    os.environ.pop("MLOPS_LAB_STORE", None)
    if saved is not None:
        os.environ["MLOPS_LAB_STORE"] = saved


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "project" / ".mlops-lab"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(store_path) as opened:
        yield opened


@pytest.fixture
def seeded(store: Store) -> list[Run]:
    """Twelve runs in ``store``; see `seed_runs`."""
    return seed_runs(store, 12)
