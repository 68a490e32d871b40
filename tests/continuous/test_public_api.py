"""The package root's public names, and imports that stay light without the [continuous] extra."""

from __future__ import annotations

import json
import subprocess
import sys

import mlops_lab
import mlops_lab.core.continuous


def test_the_root_names_are_pinned() -> None:
    assert set(mlops_lab.__all__) == {
        "__version__",
        "load_model",
        "log_artifact",
        "log_metric",
        "log_metrics",
        "log_param",
        "log_params",
        "monitor",
        "set_tag",
    }
    for name in mlops_lab.core.continuous.__all__:
        assert hasattr(mlops_lab.core.continuous, name), name


def test_importing_the_root_and_continuous_loads_no_data_library() -> None:
    probe = (
        "import sys, json, mlops_lab, mlops_lab.core.continuous, mlops_lab.cli.continuous;"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    assert [name for name in ("pandas", "numpy", "scipy", "pyarrow") if name in loaded] == []


def test_a_missing_pandas_names_the_extra_to_install() -> None:
    probe = (
        "import sys; sys.modules['pandas'] = None\n"
        "from mlops_lab.core.continuous import profile_frame, MissingDependencyError\n"
        "try:\n    profile_frame(None)\nexcept MissingDependencyError as e:\n    print(e)\n"
    )
    out = subprocess.check_output([sys.executable, "-c", probe], text=True)
    assert out.strip() == (
        "Profiling a table needs pandas, which is not installed here: "
        "pip install 'mlops-lab[continuous]'"
    )
