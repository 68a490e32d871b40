"""Typed, frozen records of the model registry: what a push sends and what a registry keeps."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import field
from datetime import datetime

from ..frozen import frozen
from ..records import FileAccess, JsonValue

__all__ = [
    "CellRef",
    "Lineage",
    "ModelFile",
    "ModelFormat",
    "ModelInfo",
    "ModelPackage",
    "ModelSource",
    "ModelVersion",
    "RegisteredModel",
    "SkippedCell",
]


class ModelFormat(str, enum.Enum):
    """How a version's artifact turns back into a model.

    ``cloudpickle``: a live object serialized by mlops-lab; ``pickle``: a pickle
    file pushed as it was (``.pkl``, ``.pickle``); ``file``: any other file
    (ONNX, weights), loaded back as the path of a copy.
    """

    CLOUDPICKLE = "cloudpickle"
    PICKLE = "pickle"
    FILE = "file"

    @property
    def is_pickle(self) -> bool:
        return self in (ModelFormat.CLOUDPICKLE, ModelFormat.PICKLE)


@frozen
class ModelInfo:
    """What the model is: its type, its framework and, where the framework says, its signature.

    ``signature`` holds ``inputs`` (``n_features``, ``feature_names``) and
    ``outputs`` (``classes``, ``n_outputs``) as far as the model reports them.
    """

    type: str | None = None
    framework: str | None = None
    framework_version: str | None = None
    signature: Mapping[str, JsonValue] = field(default_factory=dict)


@frozen
class ModelSource:
    """Where in the run the model came from: a kernel variable, or a file.

    ``kind`` is ``variable`` (``name`` the variable), ``artifact`` (``name`` a file
    logged with ``log_artifact``), ``file`` (``name`` a path the run wrote,
    relative to the project root) or ``path`` (a file from outside the run).
    ``fingerprint`` is the variable's or file's content fingerprint at the push.
    """

    kind: str
    name: str
    fingerprint: str | None = None


@frozen
class CellRef:
    """One executed cell of the source run, with its code and the object that holds it."""

    seq: int
    cell_id: str | None
    execution_count: int | None
    code_object: str
    code: str


@frozen
class SkippedCell:
    """An execution between the cells of a lineage that the model does not depend on."""

    seq: int
    cell_id: str | None
    failed: bool


@frozen
class Lineage:
    """Everything a version traces back to: run, notebook, cells, data, environment, git.

    ``training_cell`` is the cell that last assigned the pushed variable (or last
    wrote the pushed file); ``cells`` are the cells before it that it depends on
    (its lineage slice: what wrote the variables and files it read, transitively),
    in execution order; ``skipped`` the executions between them that it does not
    depend on (failed ones marked). ``data`` lists the files those cells read,
    with their fingerprints.
    ``environment`` is the run's lock (interpreter, platform, package versions)
    and ``requirements_object`` the object holding it as a requirements file.
    """

    run_id: str
    run_name: str
    experiment: str
    notebook: str | None
    notebook_fingerprint: str | None
    source: ModelSource
    training_cell: CellRef | None
    cells: tuple[CellRef, ...]
    data: tuple[FileAccess, ...]
    environment: Mapping[str, JsonValue] | None
    requirements: str | None
    requirements_object: str | None
    params: Mapping[str, JsonValue]
    metrics: Mapping[str, float]
    git: Mapping[str, JsonValue] | None
    skipped: tuple[SkippedCell, ...] = ()


@frozen
class ModelPackage:
    """A model ready to push: its bytes, how to read them back, and what it is.

    ``value`` is the live object when the pusher has one (a backend such as MLflow
    saves it with its framework's own flavor); never stored as such.
    """

    filename: str
    format: ModelFormat
    data: bytes
    info: ModelInfo
    value: object | None = None


@frozen
class ModelFile:
    """A version's artifact as the registry keeps it.

    ``object_id`` is the store object (local registry); ``uri`` where another
    registry keeps it (an MLflow artifact URI).
    """

    filename: str
    format: ModelFormat
    size: int | None
    object_id: str | None = None
    uri: str | None = None


@frozen
class ModelVersion:
    """One numbered version of a registered model.

    ``run_id`` is the mlops-lab run it was pushed from; ``lineage`` is None only
    for a version another tool registered (an MLflow version pushed without
    mlops-lab), and in version lists, which leave it out.
    """

    registry: str
    name: str
    version: int
    created_at: datetime
    run_id: str | None
    description: str
    tags: Mapping[str, str]
    aliases: tuple[str, ...]
    file: ModelFile
    model: ModelInfo
    lineage: Lineage | None = None


@frozen
class RegisteredModel:
    """A named model and a summary of its versions; ``aliases`` maps alias to version."""

    registry: str
    name: str
    description: str
    tags: Mapping[str, str]
    created_at: datetime
    updated_at: datetime
    latest_version: int | None
    version_count: int
    aliases: Mapping[str, int] = field(default_factory=dict)
