"""Done-when of pipeline export, on two fixture notebooks: one tagged for Kale
(``block:``/``prev:``, ``imports``, ``functions``, ``pipeline-parameters``,
``pipeline-metrics``, ``skip``), one with ``step:`` tags, papermill's
``parameters`` and a ``%%mlops step`` cell.

Each is run as a notebook (a real kernel, `mlops-lab track`), exported to
``local`` and run here, and exported to ``kfp`` and run through kfp's local
subprocess runner: the three give the same metrics. A second local run is all
cached, and changing one parameter reruns only the steps that read it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from mlops_lab.cli import main
from mlops_lab.core import Store
from mlops_lab.core.capture.parameters import parse_value
from mlops_lab.core.pipeline.runner import run_pipeline
from mlops_lab.core.pipeline.verify import notebook_metrics

FIXTURES = Path(__file__).parent / "notebooks"

CASES = {
    "pipeline_kale": {
        "metrics": {"mse", "slope"},
        "steps": ["load", "features", "fit", "evaluate"],
        # noise is read by load alone, and changes every step's data after it
        "parameter": ("noise", "0.2"),
        "rerun": {"load": "done", "features": "done", "fit": "done", "evaluate": "done"},
    },
    "pipeline_steps": {
        "metrics": {"total", "peak"},
        "steps": ["generate", "summarize", "report"],
        # label is read by report alone
        "parameter": ("label", "other"),
        "rerun": {"generate": "cached", "summarize": "cached", "report": "done"},
    },
}


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    project = tmp_path / "project"
    project.mkdir()
    Store.open(project / ".mlops-lab").close()
    shutil.copy(FIXTURES / f"{request.param}.ipynb", project)
    return request.param, project


def notebook_run_metrics(project: Path, name: str, metric_names: set[str]) -> dict[str, float]:
    code, out, err = cli("track", str(project / f"{name}.ipynb"))
    assert code == 0, err
    with Store.open(project / ".mlops-lab") as store:
        metrics = notebook_metrics(store.get_run_detail(out.strip()), sorted(metric_names))
    assert metric_names <= set(metrics)
    return {key: metrics[key] for key in metric_names}


def test_local_target(case: tuple[str, Path]) -> None:
    name, project = case
    expected = CASES[name]
    notebook = notebook_run_metrics(project, name, expected["metrics"])  # type: ignore[arg-type]
    out_dir = project / f"{name}-pipeline"
    assert (
        cli("export", str(project / f"{name}.ipynb"), "--to", "local", "-o", str(out_dir))[0] == 0
    )

    with Store.open(project / ".mlops-lab") as store:
        first = run_pipeline(out_dir, store)
        assert [s.name for s in first.steps] == expected["steps"]
        assert {s.state.value for s in first.steps} == {"done"}
        assert dict(first.metrics) == pytest.approx(notebook, rel=1e-9)
        assert first.steps[-1].outputs or first.metrics

        second = run_pipeline(out_dir, store)
        assert {s.state.value for s in second.steps} == {"cached"}
        assert dict(second.metrics) == dict(first.metrics)

        parameter, value = expected["parameter"]  # type: ignore[misc]
        third = run_pipeline(out_dir, store, parameters={parameter: parse_value(value)})
        assert {s.name: s.state.value for s in third.steps} == expected["rerun"]

    # The CLI's proof of equivalence agrees.
    code, out, _ = cli("pipeline", "run", str(out_dir), "--verify")
    assert code == 0
    assert out.rstrip().endswith("equal")


def test_kfp_target_through_the_local_runner(case: tuple[str, Path], tmp_path: Path) -> None:
    from kfp import local

    name, project = case
    expected = CASES[name]
    notebook = notebook_run_metrics(project, name, expected["metrics"])  # type: ignore[arg-type]
    out_dir = project / f"{name}-kfp"
    code, _, err = cli("export", str(project / f"{name}.ipynb"), "--to", "kfp", "-o", str(out_dir))
    assert code == 0, err
    assert (out_dir / "pipeline.yaml").is_file()
    source = (out_dir / "pipeline.py").read_text()
    # Each step installs only what it imports (plus the data formats), pinned.
    assert "packages_to_install=['numpy==" in source
    assert "mlops-lab" not in source.split("BASE_IMAGE =")[1].split("def ")[0]

    root = tmp_path / "kfp-root"
    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(root))
    module = _load(out_dir / "pipeline.py")
    getattr(module, name.replace("_", "-").replace("-", "_"))()
    assert _kfp_metrics(root) == pytest.approx(notebook, rel=1e-9)


def _load(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"exported_{path.parent.name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kfp_metrics(root: Path) -> dict[str, float]:
    """The metrics every task of the (one) local pipeline run logged."""
    metrics: dict[str, float] = {}
    for output in root.glob("*/*/executor_output.json"):
        document = json.loads(output.read_text())
        for artifact in document.get("artifacts", {}).get("mlops_metrics", {}).get("artifacts", []):
            metrics.update(artifact.get("metadata", {}))
    return metrics
