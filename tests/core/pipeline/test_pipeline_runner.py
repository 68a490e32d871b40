"""Target local: a notebook exported and run here, cached, recorded in the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pipeline_notebooks import cell, notebook

from mlops_lab.core import InvalidInputError, RunStatus, Store
from mlops_lab.core.pipeline.data_passing import DataFormat, decode_value, encode_value
from mlops_lab.core.pipeline.export import export_notebook
from mlops_lab.core.pipeline.runner import StepEvent, StepState, run_pipeline


def demo_notebook() -> dict[str, Any]:
    return notebook(
        cell("import numpy as np\nimport pandas as pd", "imports"),
        cell("rows = 6\nscale = 2.0\nlabel = 'x'", "parameters"),
        cell("df = pd.DataFrame({'a': np.arange(rows)})", "step:load"),
        cell("arr = df['a'].to_numpy() * scale", "step:transform"),
        cell("info = {'label': label, 'n': len(df)}", "step:describe", "prev:load"),
        cell("mean = float(arr.mean())\n%mlops metric total={arr.sum()}", "step:score"),
        cell("print(mean)", "pipeline-metrics"),
    )


@pytest.fixture
def exported(store: Store) -> Path:
    project = store.path.parent
    path = project / "demo.ipynb"
    path.write_text(json.dumps(demo_notebook()))
    return export_notebook(path, target="local", directory=project / "out", store=store).directory


def states(result: Any) -> dict[str, str]:
    return {step.name: step.state.value for step in result.steps}


def test_exported_files(exported: Path) -> None:
    assert sorted(p.name for p in (exported / "steps").iterdir()) == [
        "describe.py",
        "load.py",
        "score.py",
        "transform.py",
    ]
    score = (exported / "steps" / "score.py").read_text()
    assert "mlops_lab.log_metrics({'total': arr.sum()})" in score
    assert "arr: output of step transform" in score
    assert "import numpy as np" in (exported / "shared.py").read_text()


def test_run_then_cached_then_one_parameter(exported: Path, store: Store) -> None:
    events: list[StepEvent] = []
    first = run_pipeline(exported, store, on_event=events.append)
    assert first.status is RunStatus.FINISHED
    assert states(first) == dict.fromkeys(("load", "transform", "describe", "score"), "done")
    assert first.metrics == {"mean": 5.0, "total": 30.0}
    assert [e.state for e in events if e.step == "load"] == [StepState.RUNNING, StepState.DONE]

    second = run_pipeline(exported, store)
    assert states(second) == dict.fromkeys(("load", "transform", "describe", "score"), "cached")
    assert second.metrics == first.metrics

    # label is read by describe alone: only it runs again.
    third = run_pipeline(exported, store, parameters={"label": "y"})
    assert states(third) == {
        "load": "cached",
        "transform": "cached",
        "describe": "done",
        "score": "cached",
    }
    # scale changes arr, so score (which reads it) runs again too; describe is cached.
    fourth = run_pipeline(exported, store, parameters={"scale": 3})
    assert states(fourth) == {
        "load": "cached",
        "transform": "done",
        "describe": "cached",
        "score": "done",
    }
    assert fourth.parameters["scale"] == 3.0
    assert fourth.metrics == {"mean": 7.5, "total": 45.0}


def test_the_run_is_recorded(exported: Path, store: Store) -> None:
    result = run_pipeline(exported, store)
    detail = store.get_run_detail(result.run_id)
    run = detail.run
    assert run.notebook == "demo.ipynb"
    assert run.name == "demo pipeline #1"
    assert run.tags["mlops_lab.kind"] == "pipeline"
    assert run.params == {"rows": 6, "scale": 2.0, "label": "x"}
    assert run.metrics == {"mean": 5.0, "total": 30.0}
    assert [c.cell_id for c in detail.cells] == [
        "step:load",
        "step:transform",
        "step:describe",
        "step:score",
    ]
    load = detail.cells[0]
    (df,) = load.variables
    assert (df.name, df.type, df.shape) == ("df", "pandas.DataFrame", (6, 1))
    assert df.fingerprint
    names = {a.name for a in detail.artifacts}
    assert {"load/df.parquet", "transform/arr.npy", "pipeline-run.json"} <= names
    manifest = json.loads(
        store.objects.get_text(
            next(a.object_id for a in detail.artifacts if a.name == "pipeline-run.json")
        )
    )
    transform = manifest["steps"][1]
    assert transform["inputs"] == {"df": df.fingerprint}
    assert transform["outputs"]["arr"]["format"] == "npy"
    assert detail.requirements
    assert "numpy==" in detail.requirements


def test_a_failing_step_fails_the_run(store: Store) -> None:
    project = store.path.parent
    path = project / "bad.ipynb"
    path.write_text(
        json.dumps(
            notebook(
                cell("x = 1", "step:one"),
                cell("y = x / 0", "step:two"),
                cell("z = y", "step:three"),
            )
        )
    )
    out = export_notebook(path, target="local", directory=project / "bad", store=store).directory
    result = run_pipeline(out, store)
    assert result.status is RunStatus.FAILED
    assert states(result) == {"one": "done", "two": "failed", "three": "skipped"}
    failed = result.failed_step
    assert failed is not None
    assert failed.error is not None
    assert (failed.error.name, failed.error.value) == ("ZeroDivisionError", "division by zero")
    assert failed.traceback is not None
    assert "steps/two.py" in failed.traceback
    assert store.get_run(result.run_id).status is RunStatus.FAILED


def test_unknown_or_mistyped_parameter(exported: Path, store: Store) -> None:
    with pytest.raises(InvalidInputError, match="has no parameter 'nope'"):
        run_pipeline(exported, store, parameters={"nope": 1})
    with pytest.raises(InvalidInputError, match="Parameter rows is an int"):
        run_pipeline(exported, store, parameters={"rows": "many"})


def test_steps_see_only_their_inputs(store: Store) -> None:
    project = store.path.parent
    path = project / "iso.ipynb"
    path.write_text(
        json.dumps(
            notebook(
                cell("secret = 1\nshared = [1]", "step:one"),
                cell("shared.append(2)\nn = len(shared)", "step:two"),
                cell("m = len(shared)", "step:three"),
            )
        )
    )
    out = export_notebook(path, target="local", directory=project / "iso", store=store).directory
    result = run_pipeline(out, store)
    assert result.status is RunStatus.FINISHED
    three = result.steps[2]
    # three reads the list as two left it, through the store, not one's object.
    assert three.inputs["shared"] == result.steps[1].outputs["shared"].fingerprint


@pytest.mark.parametrize(
    ("value", "data_format"),
    [
        (pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), DataFormat.PARQUET),
        (np.arange(6).reshape(2, 3), DataFormat.NPY),
        (np.array([{"a": 1}], dtype=object), DataFormat.PICKLE),
        ({"model": [1, 2], "f": lambda v: v + 1}, DataFormat.PICKLE),
        (pd.DataFrame({"mixed": [1, "a"]}), DataFormat.PICKLE),
    ],
)
def test_data_passing_by_type(value: Any, data_format: DataFormat) -> None:
    encoded = encode_value(value)
    assert encoded.format is data_format
    back = decode_value(encoded.data, encoded.format)
    if isinstance(value, pd.DataFrame):
        pd.testing.assert_frame_equal(back, value)  # type: ignore[arg-type]
    elif isinstance(value, np.ndarray):
        assert back.tolist() == value.tolist()  # type: ignore[attr-defined]
    else:
        assert back["model"] == [1, 2]  # type: ignore[index]
        assert back["f"](1) == 2  # type: ignore[index]


def test_a_package_change_reruns_every_step(
    exported: Path, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment lock is remembered in the store by the stat of the import
    # path's folders: installing, upgrading or removing a distribution in one of
    # them must still give steps a new key.
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    run_pipeline(exported, store)
    assert set(states(run_pipeline(exported, store)).values()) == {"cached"}

    (site / "extra_pkg-1.0.dist-info").mkdir()
    first = run_pipeline(exported, store)
    assert set(states(first).values()) == {"done"}
    assert "extra-pkg==1.0" in (store.get_run_detail(first.run_id).requirements or "")
    assert set(states(run_pipeline(exported, store)).values()) == {"cached"}

    (site / "extra_pkg-1.0.dist-info").rename(site / "extra_pkg-2.0.dist-info")
    assert set(states(run_pipeline(exported, store)).values()) == {"done"}


def test_cached_steps_records_are_committed_before_a_step_runs(
    exported: Path, store: Store
) -> None:
    """The records of cached steps wait in one transaction, but never while user
    code runs: a step that executes sees them from another connection, and can
    write to the store itself (no lock held by the pipeline)."""
    run_pipeline(exported, store)
    database = store.path / "store.db"
    score = exported / "steps" / "score.py"
    score.write_text(
        score.read_text()
        + "\nimport sqlite3 as _sqlite3\n"
        + f"_db = _sqlite3.connect({str(database)!r}, timeout=0.5)\n"
        + "_run = _db.execute("
        + "'SELECT id FROM runs ORDER BY started_at DESC LIMIT 1').fetchone()[0]\n"
        + "_seen = _db.execute("
        + "'SELECT COUNT(*) FROM cell_executions WHERE run_id = ?', (_run,)).fetchone()[0]\n"
        + "_db.execute('BEGIN IMMEDIATE')\n"  # fails ('database is locked') if a write is held
        + "_db.execute('ROLLBACK')\n"
        + "mlops_lab.log_metrics({'cells_seen': _seen})\n"
    )
    again = run_pipeline(exported, store)
    assert states(again) == {
        "load": "cached",
        "transform": "cached",
        "describe": "cached",
        "score": "done",
    }
    assert again.metrics["cells_seen"] == 3  # the three cached steps, committed
    detail = store.get_run_detail(again.run_id)
    assert len(detail.cells) == 4
    assert detail.run.status is RunStatus.FINISHED
