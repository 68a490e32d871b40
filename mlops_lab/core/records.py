"""Typed, frozen records of the store: what adapters receive and pass around."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from pathlib import Path

from .errors import InvalidInputError
from .frozen import frozen

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import TypeAlias

__all__ = [
    "MAX_PAGE_SIZE",
    "RUN_SCOPES",
    "Artifact",
    "CellError",
    "CellExecution",
    "CellStatus",
    "Experiment",
    "FileAccess",
    "FileMode",
    "GitSummary",
    "JsonValue",
    "MetricPoint",
    "Run",
    "RunDetail",
    "RunKeys",
    "RunLink",
    "RunOrigin",
    "RunPage",
    "RunQuery",
    "RunSortKey",
    "RunStatus",
    "StoreInfo",
    "ValueSort",
    "VariableChange",
    "VariableChangeKind",
]

# A value that JSON can hold: what params may be.
JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"

#: Which runs a list shows: all, those made here, those pulled from a team's remote.
RUN_SCOPES = ("all", "local", "team")

#: Pages are bounded so that one request can never load the whole store.
MAX_PAGE_SIZE = 500


class RunStatus(str, enum.Enum):
    """Life cycle of a run: ``running`` until it ends in one of the others."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    KILLED = "killed"

    @classmethod
    def parse(cls, value: str) -> RunStatus:
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise InvalidInputError(
                f"Unknown run status {value!r}; use one of: {choices}."
            ) from None


class CellStatus(str, enum.Enum):
    OK = "ok"
    ERROR = "error"


class RunSortKey(str, enum.Enum):
    """Columns a list of runs can be sorted by."""

    STARTED_AT = "started_at"
    ENDED_AT = "ended_at"
    DURATION = "duration"
    STATUS = "status"
    NOTEBOOK = "notebook"
    EXPERIMENT = "experiment"
    NAME = "name"

    @classmethod
    def parse(cls, value: str) -> RunSortKey:
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise InvalidInputError(
                f"Cannot sort runs by {value!r}; sort by one of: {choices}, "
                "metrics.NAME or params.NAME."
            ) from None


@frozen
class Experiment:
    """A named group of runs; by default the notebook's path."""

    name: str
    created_at: datetime
    run_count: int


@frozen
class GitSummary:
    """Where a run's code stood in git, as a list of runs shows it."""

    commit: str
    branch: str | None
    dirty: bool


@frozen
class RunLink:
    """A cell execution of a run: where a run begun in a live kernel continues from."""

    run: str
    seq: int


@frozen
class RunOrigin:
    """Where a run pulled from a team's remote came from; such runs are read-only here.

    ``remote`` is the remote's name in this store, ``url`` its tracking URL,
    ``remote_run_id`` the run's id there, ``user`` who made it (``mlflow.user``).
    """

    remote: str
    url: str | None
    remote_run_id: str
    user: str | None


@frozen
class Run:
    """One experiment of a notebook as the user sees it, or one headless execution of it.

    ``active_time`` is the sum of its cells' durations (seconds); ``continues`` the
    last execution of the run it began after in the same kernel; ``continued_by``
    the runs that began after it.
    """

    id: str
    name: str
    experiment: str
    notebook: str | None
    status: RunStatus
    started_at: datetime
    ended_at: datetime | None
    cell_count: int
    params: Mapping[str, JsonValue] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    git: GitSummary | None = None
    active_time: float = 0.0
    continues: RunLink | None = None
    continued_by: tuple[str, ...] = ()
    origin: RunOrigin | None = None

    @property
    def duration(self) -> float | None:
        """Seconds from start to end, or None while the run is still going."""
        if self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.started_at).total_seconds())


@frozen
class CellError:
    name: str
    value: str


class VariableChangeKind(str, enum.Enum):
    CREATED = "created"
    CHANGED = "changed"
    DELETED = "deleted"


@frozen
class VariableChange:
    """A kernel variable that a cell created, changed or deleted, as it was after the cell.

    ``fingerprint`` is None when the value could not be fingerprinted; ``method``
    then says so (``unfingerprintable``) and ``detail`` why.
    """

    name: str
    change: VariableChangeKind
    type: str | None = None
    shape: tuple[int, ...] | None = None
    dtype: str | None = None
    nbytes: int | None = None
    repr: str | None = None
    fingerprint: str | None = None
    method: str | None = None
    detail: str | None = None


class FileMode(str, enum.Enum):
    READ = "read"
    WRITE = "write"


@frozen
class FileAccess:
    """A file a cell opened; the path is relative to the project root when inside it."""

    path: str
    mode: FileMode
    size: int | None = None
    fingerprint: str | None = None


@frozen
class Artifact:
    """A file logged with a run (``log_artifact``), kept as an object of the store."""

    name: str
    object_id: str
    size: int


@frozen
class CellExecution:
    """One executed cell, in the order the kernel ran it."""

    run_id: str
    seq: int
    execution_count: int | None
    cell_id: str | None
    code: str
    started_at: datetime
    duration: float
    status: CellStatus
    error: CellError | None = None
    variables: tuple[VariableChange, ...] = ()
    files: tuple[FileAccess, ...] = ()
    #: Names of kernel variables its code read that existed before it ran.
    reads: tuple[str, ...] = ()
    #: Names it assigned (changed or not), deleted, or whose value changed in place.
    writes: tuple[str, ...] = ()


@frozen
class RunDetail:
    """A run with everything recorded under it.

    ``variables`` is the kernel state the cells left: the last change of each
    variable that still exists. ``files`` lists each (path, mode) once, with the
    fingerprint it had the last time a cell touched it.
    """

    run: Run
    cells: tuple[CellExecution, ...]
    variables: Mapping[str, VariableChange] = field(default_factory=dict)
    files: tuple[FileAccess, ...] = ()
    environment: Mapping[str, JsonValue] | None = None
    requirements: str | None = None
    git: Mapping[str, JsonValue] | None = None
    host: Mapping[str, JsonValue] | None = None
    artifacts: tuple[Artifact, ...] = ()
    metric_history: Mapping[str, tuple[MetricPoint, ...]] = field(default_factory=dict)


@frozen
class MetricPoint:
    """One logged value of a metric; ``step`` orders the values of one key.

    ``seq`` is the cell execution that logged it (0: logged outside a cell).
    """

    step: int
    value: float
    logged_at: datetime
    seq: int = 0


@frozen
class ValueSort:
    """Sort runs by one of their metrics (its last value) or params."""

    kind: str  # "metrics" or "params"
    name: str

    @classmethod
    def parse(cls, value: str) -> RunSortKey | ValueSort:
        """A column name, or ``metrics.NAME`` / ``params.NAME``."""
        kind, dot, name = value.partition(".")
        if dot and kind in ("metrics", "params"):
            if not name:
                raise InvalidInputError(f"Sort key {value!r} lacks a name after {kind!r}.")
            return cls(kind, name)
        return RunSortKey.parse(value)


@frozen
class RunQuery:
    """Which runs to list, in which order, and which page of them.

    ``filter`` is the panel's filter box: see `mlops_lab.core.store.run_filter`.
    ``scope`` is ``local`` (runs made here), ``team`` (runs pulled from a remote) or
    ``all``.
    """

    experiment: str | None = None
    notebook: str | None = None
    status: RunStatus | None = None
    sort: RunSortKey | ValueSort = RunSortKey.STARTED_AT
    descending: bool = True
    offset: int = 0
    limit: int = 50
    filter: str | None = None
    scope: str = "all"

    def __post_init__(self) -> None:
        if self.scope not in RUN_SCOPES:
            raise InvalidInputError(
                f"Unknown scope {self.scope!r}; use one of: {', '.join(RUN_SCOPES)}."
            )
        if self.offset < 0:
            raise InvalidInputError(f"offset must be 0 or more, not {self.offset}.")
        if not 0 <= self.limit <= MAX_PAGE_SIZE:
            raise InvalidInputError(
                f"limit must be between 0 and {MAX_PAGE_SIZE}, not {self.limit}; "
                "page through larger lists with offset."
            )


@frozen
class RunKeys:
    """The param, metric and tag names that a set of runs use, sorted."""

    params: tuple[str, ...]
    metrics: tuple[str, ...]
    tags: tuple[str, ...]


@frozen
class RunPage:
    runs: tuple[Run, ...]
    total: int
    offset: int
    limit: int
    revision: int


@frozen
class StoreInfo:
    path: Path
    schema_version: int
    revision: int
    run_count: int
    #: Runs waiting in the outbox for a remote, those whose last push failed, and why.
    pending_pushes: int = 0
    failing_pushes: int = 0
    last_push_error: str | None = None
