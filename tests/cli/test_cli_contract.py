"""What the CLI prints with ``--json`` is what the REST API documents, checked without a server."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from contract import check_schema
from trained_runs import TrainedRun, record_training_run

from mlops_lab import __version__
from mlops_lab.cli import main
from mlops_lab.core import Run, Store, info_to_json


def cli_json(store_path: Path, *argv: str) -> Any:
    out = io.StringIO()
    assert main([*argv, "--json", "--store", str(store_path)], stdout=out) == 0
    return json.loads(out.getvalue())


@pytest.fixture
def trained(store: Store, seeded: list[Run]) -> TrainedRun:
    return record_training_run(store, pickle_artifact=True)


def test_info_is_what_get_info_answers(store: Store, store_path: Path, seeded: list[Run]) -> None:
    body = cli_json(store_path, "info")
    check_schema(body, "Info")
    assert body == info_to_json(store.info(), __version__)


def test_runs_and_show(store_path: Path, trained: TrainedRun) -> None:
    runs = cli_json(store_path, "runs")
    check_schema(runs, "RunSummary", many=True)
    assert len(runs) == 13
    check_schema(cli_json(store_path, "show", trained.run.id), "RunDetail")
    check_schema(cli_json(store_path, "show", runs[-1]["id"]), "RunDetail")


def test_diff(store: Store, store_path: Path, trained: TrainedRun, seeded: list[Run]) -> None:
    other = record_training_run(store)
    body = cli_json(store_path, "diff", trained.run.id, other.run.id, seeded[0].id)
    check_schema(body, "Comparison")


def test_models_show_and_list(store_path: Path, trained: TrainedRun) -> None:
    run = trained.run.id
    pushed = cli_json(store_path, "models", "push", run, "--name", "iris", "--variable", "model")
    check_schema(pushed, "ModelVersion")
    check_schema(cli_json(store_path, "models", "show", "iris/1"), "ModelVersion")
    check_schema(cli_json(store_path, "models", "show", "iris"), "ModelDetail")
    check_schema(cli_json(store_path, "models", "list"), "RegisteredModel", many=True)
