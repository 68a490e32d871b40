"""mlops-lab's core: a plain library over the run store.

It imports nothing from Jupyter, tornado, IPython or traitlets, so kernels, the
server, the CLI and scripts can all use it (``tests/core/test_layering.py``).
"""

from __future__ import annotations

from .capture.environment import EnvironmentLock, Package, environment_key, environment_lock
from .capture.fingerprints import (
    FileFingerprint,
    MemoryStatCache,
    StatCache,
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
