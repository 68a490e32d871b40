"""mlops-lab's core: a plain library over the run store.

It imports nothing from Jupyter, tornado, IPython or traitlets, so kernels, the
server, the CLI and scripts can all use it (``tests/core/test_layering.py``).
"""

from __future__ import annotations

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
from .location import STORE_DIRNAME, STORE_ENV_VAR, find_store, resolve_store_path
from .migrations import SCHEMA_VERSION
from .models import (
    MAX_PAGE_SIZE,
    Artifact,
    CellError,
    CellExecution,
    CellStatus,
    Experiment,
    FileAccess,
    FileMode,
    JsonValue,
    Run,
    RunDetail,
    RunPage,
    RunQuery,
    RunSortKey,
    RunStatus,
    StoreInfo,
    VariableChange,
    VariableChangeKind,
)
from .objects import ObjectStore
from .stat_cache import StoreStatCache
from .store import Store
from .timestamps import iso_timestamp

__all__ = [
    "MAX_PAGE_SIZE",
    "SCHEMA_VERSION",
    "STORE_DIRNAME",
    "STORE_ENV_VAR",
    "Artifact",
    "CellError",
    "CellExecution",
    "CellStatus",
    "ConflictError",
    "Experiment",
    "FileAccess",
    "FileMode",
    "InvalidInputError",
    "JsonValue",
    "MlopsLabError",
    "NotFoundError",
    "ObjectStore",
    "Run",
    "RunDetail",
    "RunNotFoundError",
    "RunPage",
    "RunQuery",
    "RunSortKey",
    "RunStatus",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "StoreInfo",
    "StoreStatCache",
    "VariableChange",
    "VariableChangeKind",
    "cell_to_json",
    "environment_to_json",
    "file_to_json",
    "find_store",
    "info_to_json",
    "iso_timestamp",
    "resolve_store_path",
    "run_detail_to_json",
    "run_page_to_json",
    "run_to_json",
    "variable_to_json",
]
