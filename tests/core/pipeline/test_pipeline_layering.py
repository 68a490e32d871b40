"""The pipeline package is core: importing it loads no Jupyter machinery."""

from __future__ import annotations

import json
import subprocess
import sys

import mlops_lab.core.pipeline

FORBIDDEN = ("jupyter_server", "tornado", "IPython", "traitlets", "ipykernel", "jupyter_client")


def test_importing_the_pipeline_package_loads_no_jupyter_module() -> None:
    probe = (
        "import sys, json, mlops_lab.core.pipeline;"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    assert [name for name in FORBIDDEN if name in loaded] == []


def test_public_names_exist() -> None:
    for name in mlops_lab.core.pipeline.__all__:
        assert hasattr(mlops_lab.core.pipeline, name), name
