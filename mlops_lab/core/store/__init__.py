"""The run store: where runs are kept (``.mlops-lab/``: SQLite and content-addressed objects).

`Store` is the façade: every read and write of the record goes through it. SQL
building and row hydration are private modules (``_*.py``) of this package.
"""

from __future__ import annotations

from ._liveness import Owner, process_owner
from .location import STORE_DIRNAME, STORE_ENV_VAR, resolve_store_path
from .objects import ObjectStore
from .store import DATABASE_FILENAME, Store

__all__ = [
    "DATABASE_FILENAME",
    "STORE_DIRNAME",
    "STORE_ENV_VAR",
    "ObjectStore",
    "Owner",
    "Store",
    "process_owner",
    "resolve_store_path",
]
