"""Every wire producer of the core makes what the OpenAPI document describes; no server."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from contract import check_schema
from jsonschema import ValidationError
from trained_runs import TrainedRun, record_training_run

from mlops_lab import __version__
from mlops_lab.core import (
    CellExecution,
    CellStatus,
    FileAccess,
    FileMode,
    Run,
    Store,
    comparison_to_json,
    info_to_json,
    run_detail_to_json,
    run_page_to_json,
    run_to_json,
)
from mlops_lab.core.registry import (
    PushOptions,
    model_version_to_json,
    open_registry,
    push_value,
    registered_model_to_json,
)
from mlops_lab.core.reproduce import (
    ReproductionReport,
    code_drift,
    compare_metrics,
    data_drift,
    environment_drift,
    report_to_json,
)


@pytest.fixture
def trained(store: Store, seeded: list[Run]) -> TrainedRun:
    """A rich run (environment, cells reading files, variables) among twelve plain ones."""
    return record_training_run(store, pickle_artifact=True)


def test_the_record_documents(store: Store, seeded: list[Run], trained: TrainedRun) -> None:
    check_schema(info_to_json(store.info(), __version__), "Info")
    check_schema(run_page_to_json(store.list_runs()), "RunPage")
    for run in store.list_runs().runs:
        check_schema(run_to_json(run), "RunSummary")
        check_schema(run_detail_to_json(store.get_run_detail(run.id)), "RunDetail")


def test_comparisons_of_plain_and_rich_runs(
    store: Store, seeded: list[Run], trained: TrainedRun
) -> None:
    other = record_training_run(store)
    store.log_metric(other.run.id, "accuracy", 0.5, step=1)
    ids = [trained.run.id, other.run.id, seeded[0].id, seeded[2].id]
    comparison = comparison_to_json(store.compare_runs(ids))
    check_schema(comparison, "Comparison")
    sections = ("params", "metrics", "code", "env", "data", "variables")
    classes = ("added", "removed", "changed", "unchanged")
    entries = [e for s in sections for c in classes for e in comparison[s][c]]  # type: ignore[index]
    assert entries, "the comparison has entries to check"


def test_a_typo_in_a_diff_entry_is_refused(store: Store, seeded: list[Run]) -> None:
    comparison = comparison_to_json(store.compare_runs([seeded[0].id, seeded[1].id]))
    entry = comparison["metrics"]["changed"][0]  # type: ignore[index,call-overload]
    entry["histroy"] = []
    with pytest.raises(ValidationError):
        check_schema(comparison, "Comparison")


def test_the_registry_documents(store: Store, trained: TrainedRun) -> None:
    with open_registry("local", store) as registry:
        push_value(
            registry, store, trained.run.id, "model", trained.model, PushOptions("iris", alias="a")
        )
        (model,) = registry.list_models()
        check_schema({"models": [registered_model_to_json(model)]}, "ModelList")
        detail = registered_model_to_json(model)
        detail["versions"] = [model_version_to_json(v) for v in registry.list_versions("iris")]
        check_schema(detail, "ModelDetail")
        for version in registry.list_versions("iris"):
            check_schema(model_version_to_json(version), "ModelVersion")


def test_reproduction_reports(tmp_path: Path) -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    (tmp_path / "train.csv").write_text("a\n1\n")
    cells = [
        CellExecution(
            run_id="r",
            seq=1,
            execution_count=1,
            cell_id="c1",
            code="read",
            started_at=now,
            duration=0.1,
            status=CellStatus.OK,
            files=(FileAccess("train.csv", FileMode.READ, 4, "e" * 32),),
        )
    ]
    (tmp_path / "nb.ipynb").write_text(
        '{"cells": [{"id": "c1", "cell_type": "code", "source": "changed"}], "nbformat": 4}'
    )
    package = {"name": "numpy", "version": "1", "origin": "index", "url": None}
    report = ReproductionReport(
        "a" * 32,
        "b" * 32,
        compare_metrics({"acc": 0.9, "loss": 1.0}, {"acc": 0.8}),
        code_drift(tmp_path / "nb.ipynb", "nb.ipynb", cells),
        environment_drift(
            {"python": "3.11.7", "packages": [package]},
            {"python": "3.12.1", "packages": [{**package, "version": "2"}]},
        ),
        data_drift(cells, tmp_path),
    )
    check_schema(report_to_json(report), "ReproductionReport")
    passed = ReproductionReport("a" * 32, "b" * 32, (), code_drift(None, None, []), None, ())
    check_schema(report_to_json(passed), "ReproductionReport")
