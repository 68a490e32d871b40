"""mlops-lab's core: a plain library over the run store.

It imports nothing from Jupyter, tornado, IPython or traitlets, so kernels, the
server, the CLI and scripts can all use it (``tests/core/test_layering.py``).
Each name is imported from its module when first used: a command that needs
the store does not pay for the environment lock's `importlib.metadata`, nor
the registry's modules.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .capture.cache_protocol import StatCache
    from .capture.environment import EnvironmentLock, Package, environment_key, environment_lock
    from .capture.fingerprints import (
        FileFingerprint,
        MemoryStatCache,
        fingerprint_bytes,
        fingerprint_file,
    )
    from .capture.git_state import GitState, git_state
    from .capture.host import HostInfo, host_info
    from .capture.redaction import redact, redact_value, strip_url_credentials
    from .capture.value_fingerprints import ValueFingerprint, fingerprint_value
    from .capture.variables import VariableSummary, capturable, summarize
    from .compare.comparison import (
        MAX_COMPARED_RUNS,
        Comparison,
        DiffEntry,
        DiffSection,
        compare_runs,
        comparison_to_json,
    )
    from .errors import (
        ConflictError,
        InvalidInputError,
        MlopsLabError,
        NotFoundError,
        RunNotFoundError,
        SchemaVersionError,
        StoreError,
    )
    from .json_format import (
        cell_to_json,
        environment_to_json,
        file_to_json,
        info_to_json,
        run_detail_to_json,
        run_page_to_json,
        run_to_json,
        variable_to_json,
    )
    from .records import (
        MAX_PAGE_SIZE,
        Artifact,
        CellError,
        CellExecution,
        CellStatus,
        Experiment,
        FileAccess,
        FileMode,
        GitSummary,
        JsonValue,
        MetricPoint,
        Run,
        RunDetail,
        RunKeys,
        RunPage,
        RunQuery,
        RunSortKey,
        RunStatus,
        StoreInfo,
        ValueSort,
        VariableChange,
        VariableChangeKind,
    )
    from .store._migrations import SCHEMA_VERSION
    from .store.location import STORE_DIRNAME, STORE_ENV_VAR, find_store, resolve_store_path
    from .store.objects import ObjectStore
    from .store.stat_cache import StoreStatCache
    from .store.store import Store
    from .timestamps import iso_timestamp

# Where each public name lives, imported on first use (PEP 562).
_MODULES = {
    "EnvironmentLock": "capture.environment",
    "Package": "capture.environment",
    "environment_key": "capture.environment",
    "environment_lock": "capture.environment",
    "FileFingerprint": "capture.fingerprints",
    "MemoryStatCache": "capture.fingerprints",
    "StatCache": "capture.cache_protocol",
    "fingerprint_bytes": "capture.fingerprints",
    "fingerprint_file": "capture.fingerprints",
    "GitState": "capture.git_state",
    "git_state": "capture.git_state",
    "HostInfo": "capture.host",
    "host_info": "capture.host",
    "redact": "capture.redaction",
    "redact_value": "capture.redaction",
    "strip_url_credentials": "capture.redaction",
    "ValueFingerprint": "capture.value_fingerprints",
    "fingerprint_value": "capture.value_fingerprints",
    "VariableSummary": "capture.variables",
    "capturable": "capture.variables",
    "summarize": "capture.variables",
    "MAX_COMPARED_RUNS": "compare.comparison",
    "Comparison": "compare.comparison",
    "DiffEntry": "compare.comparison",
    "DiffSection": "compare.comparison",
    "compare_runs": "compare.comparison",
    "comparison_to_json": "compare.comparison",
    "ConflictError": "errors",
    "InvalidInputError": "errors",
    "MlopsLabError": "errors",
    "NotFoundError": "errors",
    "RunNotFoundError": "errors",
    "SchemaVersionError": "errors",
    "StoreError": "errors",
    "cell_to_json": "json_format",
    "environment_to_json": "json_format",
    "file_to_json": "json_format",
    "info_to_json": "json_format",
    "run_detail_to_json": "json_format",
    "run_page_to_json": "json_format",
    "run_to_json": "json_format",
    "variable_to_json": "json_format",
    "MAX_PAGE_SIZE": "records",
    "Artifact": "records",
    "CellError": "records",
    "CellExecution": "records",
    "CellStatus": "records",
    "Experiment": "records",
    "FileAccess": "records",
    "FileMode": "records",
    "GitSummary": "records",
    "JsonValue": "records",
    "MetricPoint": "records",
    "Run": "records",
    "RunDetail": "records",
    "RunKeys": "records",
    "RunPage": "records",
    "RunQuery": "records",
    "RunSortKey": "records",
    "RunStatus": "records",
    "StoreInfo": "records",
    "ValueSort": "records",
    "VariableChange": "records",
    "VariableChangeKind": "records",
    "SCHEMA_VERSION": "store._migrations",
    "STORE_DIRNAME": "store.location",
    "STORE_ENV_VAR": "store.location",
    "find_store": "store.location",
    "resolve_store_path": "store.location",
    "ObjectStore": "store.objects",
    "StoreStatCache": "store.stat_cache",
    "Store": "store.store",
    "iso_timestamp": "timestamps",
}


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is a plain attribute read
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


__all__ = [
    "MAX_COMPARED_RUNS",
    "MAX_PAGE_SIZE",
    "SCHEMA_VERSION",
    "STORE_DIRNAME",
    "STORE_ENV_VAR",
    "Artifact",
    "CellError",
    "CellExecution",
    "CellStatus",
    "Comparison",
    "ConflictError",
    "DiffEntry",
    "DiffSection",
    "EnvironmentLock",
    "Experiment",
    "FileAccess",
    "FileFingerprint",
    "FileMode",
    "GitState",
    "GitSummary",
    "HostInfo",
    "InvalidInputError",
    "JsonValue",
    "MemoryStatCache",
    "MetricPoint",
    "MlopsLabError",
    "NotFoundError",
    "ObjectStore",
    "Package",
    "Run",
    "RunDetail",
    "RunKeys",
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
    "ValueSort",
    "VariableChange",
    "VariableChangeKind",
    "VariableSummary",
    "capturable",
    "cell_to_json",
    "compare_runs",
    "comparison_to_json",
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
]
