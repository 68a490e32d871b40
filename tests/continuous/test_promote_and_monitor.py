"""Gated promotion (``models promote``) and monitoring (``monitor``) of a model trained on a CSV.

The training run is recorded through the core API as a kernel records it (see
tests/trained_runs.py): a cell reads ``data/train.csv``, the next fits the model.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import cli
from sklearn.linear_model import LogisticRegression

import mlops_lab
from mlops_lab.core import (
    FileAccess,
    FileMode,
    Store,
    VariableChange,
    VariableChangeKind,
    fingerprint_file,
)
from mlops_lab.core.registry import PushOptions, open_registry, push_value

FEATURES = ["a", "b", "c", "d"]
TRAIN = "data/train.csv"
READ_CODE = f'df = pd.read_csv("{TRAIN}")'


def sample(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 3, rows)
    frame = pd.DataFrame(
        {name: rng.normal(i + label, 1.0 + i / 4) for i, name in enumerate(FEATURES)}
    )
    frame["label"] = label
    return frame


def record_run(store: Store, accuracy: float) -> str:
    """A finished run that read data/train.csv, fitted ``model`` and logged ``accuracy``."""
    project = store.path.parent
    frame = pd.read_csv(project / TRAIN)
    model = LogisticRegression(max_iter=300).fit(frame[FEATURES], frame["label"])
    run = store.start_run(notebook="train.ipynb")
    now = datetime.now(timezone.utc)
    data = fingerprint_file(project / TRAIN)
    store.record_cell(
        run.id, code="import pandas as pd", started_at=now, duration=0.1, execution_count=1,
        cell_id="imports",
    )  # fmt: skip
    store.record_cell(
        run.id, code=READ_CODE, started_at=now, duration=0.1, execution_count=2,
        cell_id="read-data",
        files=[FileAccess(TRAIN, FileMode.READ, data.size, data.fingerprint)],
    )  # fmt: skip
    store.record_cell(
        run.id, code="model = LogisticRegression().fit(df[FEATURES], df.label)",
        started_at=now, duration=0.2, execution_count=3, cell_id="train",
        variables=[VariableChange("model", VariableChangeKind.CREATED, type="LogisticRegression")],
    )  # fmt: skip
    store.log_metric(run.id, "accuracy", accuracy)
    store.end_run(run.id)
    with open_registry("local", store) as registry:
        push_value(registry, store, run.id, "model", model, PushOptions("iris"))
    return run.id


@pytest.fixture
def project(store: Store, store_path: Path) -> Path:
    """iris/1 (accuracy 0.95, @production) and iris/2 (accuracy 0.9), trained on one CSV."""
    project = store_path.parent
    (project / "data").mkdir()
    sample(2000, seed=1).to_csv(project / TRAIN, index=False)
    record_run(store, 0.95)
    second = record_run(store, 0.9)
    store.set_tags(second, {"role": "candidate"})
    assert cli("models", "alias", "iris", "1", "production", "--store", str(store_path)).code == 0
    return project


def test_promotion_refuses_then_moves_and_show_lists_the_decisions(
    project: Path, store: Store, store_path: Path, check_schema: object
) -> None:
    at = ("--store", str(store_path))
    refused = cli("models", "promote", "iris", "2", "--alias", "production",
                  "--require", "accuracy >= 0.99", *at)  # fmt: skip
    assert refused.code == 1
    assert "accuracy >= 0.99: accuracy = 0.9, required >= 0.99" in refused.err
    with open_registry("local", store) as registry:
        assert registry.get_model("iris").aliases == {"production": 1}

    second = store.list_runs().runs[0].id
    store.log_metric(second, "accuracy", 0.995)
    moved = cli("models", "promote", "iris", "2", "--alias", "production",
                "--require", "accuracy >= 0.99", "accuracy >= base", "--json", *at)  # fmt: skip
    assert moved.code == 0, moved.err
    decision = json.loads(moved.out)
    check_schema(decision, "PromotionDecision")  # type: ignore[operator]
    assert (decision["moved"], decision["against"]) == (True, 1)
    with open_registry("local", store) as registry:
        assert registry.get_model("iris").aliases == {"production": 2}

    shown = cli("models", "show", "iris/2", *at)
    lines = [line for line in shown.out.splitlines() if line.startswith("promotion:")]
    assert len(lines) == 2
    assert "@production refused; accuracy >= 0.99 (failed)" in lines[0]
    assert "@production moved; accuracy >= 0.99 (ok); accuracy >= base (ok)" in lines[1]


def test_a_malformed_promotion_requirement_exits_2(project: Path, store_path: Path) -> None:
    done = cli("models", "promote", "iris", "2", "--alias", "production",
               "--require", "accuracy >= import", "--store", str(store_path))  # fmt: skip
    assert done.code == 2
    assert "Malformed requirement 'accuracy >= import'" in done.err


def test_monitor_passes_the_same_distribution_and_names_a_shifted_column(
    project: Path, store_path: Path, check_schema: object
) -> None:
    at = ("--store", str(store_path))
    same = project / "same_distribution.csv"
    sample(1000, seed=2).drop(columns=["label"]).to_csv(same, index=False)
    done = cli("monitor", "iris@production", str(same), *at)
    assert done.code == 0, done.out + done.err
    assert "iris/1: no drift" in done.out

    shifted_frame = sample(1000, seed=3)
    shifted_frame["b"] += 2 * shifted_frame["b"].std()
    shifted = project / "shifted.csv"
    shifted_frame.to_csv(shifted, index=False)
    done = cli("monitor", "iris@production", str(shifted), *at)
    assert done.code == 1
    assert f"drifting column b: trained on {TRAIN}, read by cell [2] read-data: {READ_CODE}" in (
        done.out
    )
    as_json = json.loads(cli("monitor", "iris@production", str(shifted), "--json", *at).out)
    check_schema(as_json, "MonitorReport")  # type: ignore[operator]
    assert [c["column"] for c in as_json["columns"] if c["drifted"]] == ["b"]
    assert as_json["training_cells"][0]["cell_id"] == "read-data"

    page = project / "monitor.html"
    html = cli("monitor", "iris@production", str(shifted), "--html", "-o", str(page), *at)
    assert html.code == 1
    assert "<strong>drift</strong>" in page.read_text(encoding="utf-8")

    history = cli("monitor", "iris@production", "--history", *at)
    assert [line.split()[-2] for line in history.out.splitlines()[1:]] == [
        "ok",
        "DRIFT",
        "DRIFT",
        "DRIFT",
    ]


def test_a_missing_column_is_a_schema_change(project: Path, store_path: Path) -> None:
    batch = project / "no_c.parquet"
    sample(500, seed=4).drop(columns=["c", "label"]).to_parquet(batch)
    done = cli("monitor", "iris/1", str(batch), "--store", str(store_path))
    assert done.code == 1
    assert "schema: missing column c\n" in done.out
    # The label is not a model input: its absence is reported, not drift.
    assert "schema: missing column label (not a model input)" in done.out


def test_monitor_from_python_and_bad_thresholds(
    project: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shifted = sample(800, seed=5)
    shifted["a"] = shifted["a"] * 3
    result = mlops_lab.monitor("iris@production", shifted, store=store_path, record=False)
    assert result.drifted
    assert [c.column for c in result.drift.columns if c.drifted] == ["a"]
    assert result.training_file == TRAIN
    bad = cli("monitor", "iris", "x.csv", "--threshold", "psi=high", "--store", str(store_path))
    assert bad.code == 2
    assert "Malformed threshold 'psi=high'" in bad.err


def test_profile_is_computed_once_and_refused_for_a_changed_file(
    project: Path, store: Store, store_path: Path, check_schema: object
) -> None:
    run = store.list_runs().runs[0].id
    first = cli("profile", run, "--store", str(store_path))
    assert "computed now" in first.out
    again = cli("profile", run, "--json", "--store", str(store_path))
    (entry,) = json.loads(again.out)
    check_schema(entry["profile"], "TableProfile")  # type: ignore[operator]
    assert entry["problem"] is None
    assert "stored" in cli("profile", run, "--store", str(store_path)).out
    other = store.list_runs().runs[1].id
    (project / TRAIN).write_text("a,b\n1,2\n")
    changed = cli("profile", other, "--store", str(store_path))
    assert "changed since the run read it" in changed.out
