"""The diff of runs, on runs built by hand in a real store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from mlops_lab.core import (
    FileAccess,
    InvalidInputError,
    Run,
    RunNotFoundError,
    Store,
    VariableChange,
    comparison_to_json,
)
from mlops_lab.core.records import FileMode, VariableChangeKind

T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)


def _environment(numpy: str, extra: dict[str, str] | None = None) -> dict[str, Any]:
    packages = [{"name": "numpy", "version": numpy, "origin": "index"}]
    packages += [{"name": n, "version": v, "origin": "index"} for n, v in (extra or {}).items()]
    return {
        "python": "3.11.9",
        "implementation": "CPython",
        "platform": "Linux-x86_64",
        "packages": packages,
    }


def _frame(fingerprint: str, rows: int) -> VariableChange:
    return VariableChange(
        "df",
        VariableChangeKind.CREATED,
        type="pandas.DataFrame",
        shape=(rows, 3),
        repr=f"<{rows} rows>",
        fingerprint=fingerprint,
    )


def _make_run(
    store: Store,
    name: str,
    *,
    lr: float,
    train_code: str,
    data_fingerprint: str,
    numpy: str = "2.1.0",
    extra_packages: dict[str, str] | None = None,
    extra_cell: bool = False,
    accuracies: tuple[float, ...] = (0.8, 0.9),
) -> Run:
    run = store.start_run(notebook="train.ipynb", name=name, started_at=T0)
    store.log_params(run.id, {"lr": lr, "epochs": 3})
    for step, value in enumerate(accuracies):
        store.log_metric(run.id, "accuracy", value, step=step)
    store.set_run_context(run.id, environment=_environment(numpy, extra_packages))
    store.record_cell(
        run.id,
        code="import pandas as pd\ndf = pd.read_csv('data.csv')",
        started_at=T0,
        duration=0.1,
        execution_count=1,
        cell_id="load",
        variables=[_frame(data_fingerprint, 100)],
        files=[FileAccess("data.csv", FileMode.READ, 2048, data_fingerprint)],
    )
    store.record_cell(
        run.id,
        code=train_code,
        started_at=T0 + timedelta(seconds=1),
        duration=1.0,
        execution_count=2,
        cell_id="train",
        variables=[
            VariableChange(
                "model",
                VariableChangeKind.CREATED,
                type="sklearn.Tree",
                repr="Tree()",
                fingerprint="m-" + train_code[-4:],
            )
        ],
    )
    if extra_cell:
        store.record_cell(
            run.id,
            code="print(model)",
            started_at=T0 + timedelta(seconds=2),
            duration=0.01,
            execution_count=3,
            cell_id="report",
        )
    return store.end_run(run.id, status="finished", ended_at=T0 + timedelta(seconds=3))


@pytest.fixture
def two_runs(store: Store) -> tuple[Run, Run]:
    a = _make_run(store, "a", lr=0.1, train_code="model = fit(df, lr=lr)", data_fingerprint="d1")
    b = _make_run(
        store,
        "b",
        lr=0.2,
        train_code="model = fit(df, lr=lr, depth=4)",
        data_fingerprint="d1",
        accuracies=(0.8, 0.95),
    )
    return a, b


def _keys(section: Any, change: str) -> list[str]:
    return [entry.key for entry in getattr(section, change)]


def test_a_changed_param_is_changed_and_the_others_unchanged(
    store: Store, two_runs: tuple[Run, Run]
) -> None:
    a, b = two_runs
    comparison = store.compare_runs([a.id, b.id])
    assert [run.id for run in comparison.runs] == [a.id, b.id]
    assert _keys(comparison.params, "changed") == ["lr"]
    assert comparison.params.changed[0].values == (0.1, 0.2)
    assert _keys(comparison.params, "unchanged") == ["epochs"]


def test_metrics_give_last_values_and_each_runs_history(
    store: Store, two_runs: tuple[Run, Run]
) -> None:
    a, b = two_runs
    metric = store.compare_runs([a.id, b.id]).metrics.changed[0]
    assert metric.key == "accuracy"
    assert metric.values == (0.9, 0.95)
    assert metric.history is not None
    assert [[(p.step, p.value) for p in points] for points in metric.history] == [
        [(0, 0.8), (1, 0.9)],
        [(0, 0.8), (1, 0.95)],
    ]


def test_code_is_aligned_by_cell_id_with_a_unified_diff_of_the_changed_cell(
    store: Store, two_runs: tuple[Run, Run]
) -> None:
    a, b = two_runs
    code = store.compare_runs([a.id, b.id]).code
    assert _keys(code, "unchanged") == ["load"]
    assert _keys(code, "changed") == ["train"]
    train = code.changed[0]
    assert train.values == ("model = fit(df, lr=lr)", "model = fit(df, lr=lr, depth=4)")
    assert train.executions == (1, 1)
    diffs = train.diffs
    assert diffs is not None
    assert diffs[0] is None
    assert diffs[1] == (
        f"--- a ({a.id[:8]})\n+++ b ({b.id[:8]})\n@@ -1 +1 @@\n"
        "-model = fit(df, lr=lr)\n+model = fit(df, lr=lr, depth=4)"
    )


def test_cells_only_one_run_executed_are_added_or_removed(store: Store) -> None:
    a = _make_run(store, "a", lr=0.1, train_code="m = 1", data_fingerprint="d1")
    b = _make_run(store, "b", lr=0.1, train_code="m = 1", data_fingerprint="d1", extra_cell=True)
    assert _keys(store.compare_runs([a.id, b.id]).code, "added") == ["report"]
    assert _keys(store.compare_runs([b.id, a.id]).code, "removed") == ["report"]


def test_a_reexecuted_cell_counts_its_executions_and_keeps_its_last_code(store: Store) -> None:
    a = _make_run(store, "a", lr=0.1, train_code="m = 1", data_fingerprint="d1")
    b = _make_run(store, "b", lr=0.1, train_code="m = 1", data_fingerprint="d1")
    store.record_cell(
        b.id, code="m = 2", started_at=T0, duration=0.1, execution_count=4, cell_id="train"
    )
    train = store.compare_runs([a.id, b.id]).code.changed[0]
    assert train.values == ("m = 1", "m = 2")
    assert train.executions == (1, 2)


def test_identical_environments_are_all_unchanged(store: Store, two_runs: tuple[Run, Run]) -> None:
    a, b = two_runs
    env = store.compare_runs([a.id, b.id]).env
    assert not env.differs
    assert _keys(env, "unchanged") == ["python", "implementation", "platform", "package:numpy"]
    assert env.unchanged[0].kind == "interpreter"
    assert env.unchanged[-1].kind == "package"


def test_environment_diff_names_added_removed_and_upgraded_packages(store: Store) -> None:
    a = _make_run(
        store, "a", lr=0.1, train_code="m", data_fingerprint="d", extra_packages={"scipy": "1.0"}
    )
    b = _make_run(
        store,
        "b",
        lr=0.1,
        train_code="m",
        data_fingerprint="d",
        numpy="2.2.0",
        extra_packages={"torch": "2.5"},
    )
    env = store.compare_runs([a.id, b.id]).env
    assert _keys(env, "changed") == ["package:numpy"]
    assert env.changed[0].values == ("2.1.0", "2.2.0")
    assert _keys(env, "added") == ["package:torch"]
    assert _keys(env, "removed") == ["package:scipy"]


def test_data_diff_names_the_changed_file_and_dataframe(store: Store) -> None:
    a = _make_run(store, "a", lr=0.1, train_code="m", data_fingerprint="d1")
    b = _make_run(store, "b", lr=0.1, train_code="m", data_fingerprint="d2")
    data = store.compare_runs([a.id, b.id]).data
    assert _keys(data, "changed") == ["data.csv", "variable df"]
    file_entry, frame_entry = data.changed
    assert file_entry.kind == "file"
    assert file_entry.values[1] == {"fingerprint": "d2", "size": 2048, "mode": "read"}
    assert frame_entry.kind == "dataframe"
    assert frame_entry.values[0] == {"fingerprint": "d1", "shape": [100, 3], "dtype": None}


def test_variables_compare_type_shape_and_fingerprint_not_repr(
    store: Store, two_runs: tuple[Run, Run]
) -> None:
    a, b = two_runs
    variables = store.compare_runs([a.id, b.id]).variables
    assert _keys(variables, "changed") == ["model"]  # its fingerprint changed
    assert _keys(variables, "unchanged") == ["df"]


def test_three_runs_are_classified_against_the_first(store: Store) -> None:
    a = _make_run(store, "a", lr=0.1, train_code="m", data_fingerprint="d")
    b = _make_run(store, "b", lr=0.1, train_code="m", data_fingerprint="d")
    c = _make_run(store, "c", lr=0.3, train_code="m", data_fingerprint="d")
    store.log_params(c.id, {"momentum": 0.9})
    params = store.compare_runs([a.id, b.id, c.id]).params
    assert params.changed[0].values == (0.1, 0.1, 0.3)
    added = params.added[0]
    assert (added.key, added.values, added.present) == (
        "momentum",
        (None, None, 0.9),
        (False, False, True),
    )


def test_the_json_document_has_every_section_and_a_summary(
    store: Store, two_runs: tuple[Run, Run]
) -> None:
    a, b = two_runs
    document = comparison_to_json(store.compare_runs([a.id[:8], b.id[:8]]))
    assert list(document) == [
        "runs",
        "params",
        "metrics",
        "code",
        "env",
        "data",
        "variables",
        "summary",
    ]
    assert document["summary"]["params"] == {"added": 0, "removed": 0, "changed": 1, "unchanged": 1}
    assert document["params"]["changed"] == [
        {"key": "lr", "values": [0.1, 0.2], "present": [True, True]}
    ]


def test_fewer_than_two_runs_or_a_run_twice_is_refused(
    store: Store, two_runs: tuple[Run, Run]
) -> None:
    a, _ = two_runs
    with pytest.raises(InvalidInputError, match="at least two runs"):
        store.compare_runs([a.id])
    with pytest.raises(InvalidInputError, match="given twice"):
        store.compare_runs([a.id, a.id[:6]])
    with pytest.raises(InvalidInputError, match="at most 50"):
        store.compare_runs([a.id] * 51)


def test_an_unknown_run_is_not_found(store: Store, two_runs: tuple[Run, Run]) -> None:
    with pytest.raises(RunNotFoundError):
        store.compare_runs([two_runs[0].id, "feedbeef"])
