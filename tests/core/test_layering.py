"""The core is a plain library: importing it loads no Jupyter machinery."""

from __future__ import annotations

import json
import subprocess
import sys

import mlops_lab.core

FORBIDDEN = ("jupyter_server", "tornado", "IPython", "traitlets", "ipykernel", "jupyter_client")


def test_importing_core_loads_no_jupyter_module() -> None:
    # A fresh interpreter: this test process has long imported pytest plugins.
    probe = (
        "import sys, json, mlops_lab.core, mlops_lab.core.store;"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    assert [name for name in FORBIDDEN if name in loaded] == []


def test_public_names_are_pinned() -> None:
    assert set(mlops_lab.core.__all__) == {
        "MAX_COMPARED_RUNS",
        "Comparison",
        "DiffEntry",
        "DiffSection",
        "compare_runs",
        "comparison_to_json",
        "GitSummary",
        "MetricPoint",
        "RunKeys",
        "ValueSort",
        "MAX_PAGE_SIZE",
        "SCHEMA_VERSION",
        "STORE_DIRNAME",
        "STORE_ENV_VAR",
        "Artifact",
        "CellError",
        "CellExecution",
        "CellStatus",
        "ConflictError",
        "EnvironmentLock",
        "Experiment",
        "FileAccess",
        "FileFingerprint",
        "FileMode",
        "GitState",
        "HostInfo",
        "InvalidInputError",
        "JsonValue",
        "MemoryStatCache",
        "MlopsLabError",
        "NotFoundError",
        "ObjectStore",
        "Package",
        "Run",
        "RunDetail",
        "RunNotFoundError",
        "RunPage",
        "RunQuery",
        "RunSortKey",
        "RunStatus",
        "SchemaVersionError",
        "StatCache",
        "Store",
        "StoreError",
        "StoreInfo",
        "StoreStatCache",
        "ValueFingerprint",
        "VariableChange",
        "VariableChangeKind",
        "VariableSummary",
        "capturable",
        "cell_to_json",
        "environment_key",
        "environment_lock",
        "environment_to_json",
        "file_to_json",
        "find_store",
        "fingerprint_bytes",
        "fingerprint_file",
        "fingerprint_value",
        "git_state",
        "host_info",
        "info_to_json",
        "iso_timestamp",
        "redact",
        "redact_value",
        "resolve_store_path",
        "run_detail_to_json",
        "run_page_to_json",
        "run_to_json",
        "strip_url_credentials",
        "summarize",
        "variable_to_json",
    }
    assert len(mlops_lab.core.__all__) == len(set(mlops_lab.core.__all__))
    for name in mlops_lab.core.__all__:
        assert hasattr(mlops_lab.core, name), name
