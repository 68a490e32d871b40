"""Target kfp: packages pinned per step, parameters typed, and a clear word without kfp."""

from __future__ import annotations

import json
import sys

import pytest
from pipeline_notebooks import cell, notebook

from mlops_lab.core import MlopsLabError, Store
from mlops_lab.core.pipeline import pipeline_from_notebook
from mlops_lab.core.pipeline.export import export_notebook
from mlops_lab.core.pipeline.kfp_export import KFP_MISSING, packages_for_step

LOCK = """# Environment lock recorded by mlops-lab
# python: 3.11.7 (CPython)
# platform: Linux
numpy==2.0.1
pandas==2.2.2
pyarrow==16.0.0
cloudpickle==3.0.0
pyyaml==6.0.1
-e /src/mlops-lab
"""


def test_packages_are_what_each_step_imports_pinned_from_the_lock() -> None:
    pipeline = pipeline_from_notebook(
        notebook(
            cell("import numpy as np", "imports"),
            cell("import pandas as pd\nframe = pd.DataFrame({'a': np.arange(3)})", "step:load"),
            cell("import yaml, json\ntext = yaml.safe_dump(len(frame))", "step:dump"),
            cell("import mlops_lab\nmlops_lab.log_metric('n', 1.0)\nn = 1", "step:plain"),
        ),
        name="p",
    )
    from mlops_lab.core.pipeline.kfp_export import _pins

    pins = _pins(LOCK)
    assert packages_for_step(pipeline, pipeline.step("load"), pins) == [
        "numpy==2.0.1",
        "pandas==2.2.2",
        "cloudpickle==3.0.0",
        "pyarrow==16.0.0",
    ]
    # dump reads frame (a DataFrame) without importing pandas: pandas comes with the import
    # table; json is the standard library.
    dump = packages_for_step(pipeline, pipeline.step("dump"), pins)
    assert "pyyaml==6.0.1" in dump
    assert not any(p.startswith("json") for p in dump)
    assert packages_for_step(pipeline, pipeline.step("plain"), pins) == [
        "numpy==2.0.1",
        "cloudpickle==3.0.0",
    ]


def test_pipeline_source_types_parameters_and_compiles(store: Store) -> None:
    project = store.path.parent
    path = project / "typed.ipynb"
    path.write_text(
        json.dumps(
            notebook(
                cell("n = 3\nrate = 0.5\nname = 'x'\nflag = True\nsizes = [1]", "parameters"),
                cell("values = [rate] * n + sizes\nok = flag and name", "step:make"),
                cell("total = sum(values)", "step:sum"),
                cell("print(total)", "pipeline-metrics"),
            )
        )
    )
    result = export_notebook(
        path, target="kfp", directory=project / "kfp", store=store, base_image="python:3.12"
    )
    source = (result.directory / "pipeline.py").read_text()
    assert "BASE_IMAGE = 'python:3.12'" in source
    assert (
        "def typed(n: int = 3, rate: float = 0.5, name: str = 'x', flag: bool = True, "
        "sizes: list = [1]):" in source
    )
    assert 'sum_task = sum(in_values=make_task.outputs["out_values"])' in source
    assert "_metric_names = ['total']" in source
    compiled = (result.directory / "pipeline.yaml").read_text()
    assert "pipelineInfo:" in compiled
    assert "name: typed" in compiled


def test_printed_parameters_are_logged_by_the_step_that_reads_them(store: Store) -> None:
    project = store.path.parent
    path = project / "kale.ipynb"
    path.write_text(
        json.dumps(
            notebook(
                cell("rate = 0.5\nn = 3", "pipeline-parameters"),
                cell("values = [rate] * n", "block:make"),
                cell("total = sum(values)", "block:sum", "prev:make"),
                cell("print(rate)\nprint(total)", "pipeline-metrics"),
            )
        )
    )
    result = export_notebook(path, target="kfp", directory=project / "kfp", store=store)
    source = (result.directory / "pipeline.py").read_text()
    make = source[source.index("def make(") : source.index("def sum(")]
    assert "rate: float," in make
    assert "out_rate" not in source  # an input, never an output as well
    assert "mlops_lab.log_metric('rate', rate)" in make
    assert "_metric_names = ['rate']" in make
    assert "name: kale" in (result.directory / "pipeline.yaml").read_text()


def test_without_kfp_the_message_says_what_to_install(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = store.path.parent
    path = project / "nb.ipynb"
    path.write_text(json.dumps(notebook(cell("x = 1", "step:one"))))
    monkeypatch.setitem(sys.modules, "kfp", None)  # as if it were not installed
    with pytest.raises(MlopsLabError) as raised:
        export_notebook(path, target="kfp", directory=project / "out", store=store)
    assert raised.value.message == KFP_MISSING
    assert 'pip install "mlops-lab[kfp]"' in KFP_MISSING
    assert not (project / "out" / "pipeline.py").exists()


def test_names_python_cannot_take_are_changed(store: Store) -> None:
    project = store.path.parent
    path = project / "01-train.ipynb"
    path.write_text(json.dumps(notebook(cell("x = 1", "step:class"), cell("y = x", "step:dsl"))))
    result = export_notebook(path, target="kfp", directory=project / "k", store=store)
    source = (result.directory / "pipeline.py").read_text()
    assert "def pipeline_01_train():" in source
    assert "def class_step(" in source
    assert 'dsl_task = dsl_step(in_x=class_task.outputs["out_x"])' in source
