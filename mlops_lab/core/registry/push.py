"""Pushing a model from a run: find it, serialize it, trace its lineage, register it.

Everything that can fail on the user's input (an unknown run, variable or file,
an object that does not serialize, a bad name or alias) is checked before the
registry is written, so a failed push leaves the registry as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from pathlib import Path, PurePosixPath
from typing import Any

from ..capture.fingerprints import fingerprint_bytes
from ..capture.value_fingerprints import fingerprint_value
from ..errors import ConflictError, InvalidInputError, MlopsLabError, NotFoundError
from ..frozen import frozen
from ..json_format import environment_to_json
from ..records import FileMode, RunDetail
from ..store.store import Store
from .base import Registry
from .lineage import build_lineage, training_cell
from .model_serialization import PICKLE_SUFFIXES, package_file, package_value
from .names import check_alias, check_model_name
from .version_records import ModelPackage, ModelSource, ModelVersion, SkippedCell

__all__ = [
    "PushOptions",
    "push_captured_variable",
    "push_run_file",
    "push_value",
    "run_files",
]


@frozen
class PushOptions:
    """What every push takes besides its model: the name, an alias, a description, tags."""

    name: str
    alias: str | None = None
    description: str = ""
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_model_name(self.name)
        if self.alias is not None:
            check_alias(self.alias)


def push_value(
    registry: Registry,
    store: Store,
    run_id: str,
    variable: str,
    value: object,
    options: PushOptions,
) -> ModelVersion:
    """Push a live object, the value of ``variable`` in the kernel recording ``run_id``."""
    detail = store.get_run_detail(run_id)
    package = package_value(value, variable=variable, environment=_environment(detail))
    source = ModelSource("variable", variable, fingerprint_value(value).fingerprint)
    return _push(registry, store, detail, package, source, options)


def push_captured_variable(
    registry: Registry, store: Store, run_id: str, variable: str, options: PushOptions
) -> ModelVersion:
    """Push the value a run kept of one of its variables, without its kernel.

    The store records a variable's summary and fingerprint, not its value; the
    value is the run's artifact ``VARIABLE.pkl`` (or ``.pickle``), logged with
    ``mlops_lab.log_artifact``. Without one, the error says how to push instead.
    """
    detail = store.get_run_detail(run_id)
    if variable not in detail.variables:
        names = ", ".join(sorted(detail.variables)) or "none"
        raise NotFoundError(
            f"Run {detail.run.id[:8]} has no variable {variable!r}; its variables: {names}."
        )
    for suffix in PICKLE_SUFFIXES:
        artifact = next((a for a in detail.artifacts if a.name == variable + suffix), None)
        if artifact is not None:
            data = store.objects.get(artifact.object_id)
            package = package_file(
                data, artifact.name, unpickle=True, environment=_environment(detail)
            )
            source = ModelSource("variable", variable, detail.variables[variable].fingerprint)
            return _push(registry, store, detail, package, source, options)
    raise NotFoundError(
        f"Run {detail.run.id[:8]} kept no value of {variable!r}: the store records a "
        "variable's fingerprint, not its value. Push it from its notebook while the kernel "
        f"runs (%mlops push-model {variable} --name {options.name}), or keep it with the run "
        f"(pickle it to {variable}.pkl, then mlops_lab.log_artifact('{variable}.pkl'))."
    )


def push_run_file(
    registry: Registry,
    store: Store,
    run_id: str,
    ref: str,
    options: PushOptions,
    *,
    outside_paths: Path | None = None,
    unpickle: bool,
) -> ModelVersion:
    """Push a file of a run: an artifact it logged, or a file its cells wrote.

    Parameters
    ----------
    ref
        An artifact name, or a path the run wrote (relative to the project root).
    outside_paths
        When given, ``ref`` may also be any file, relative to this folder (the
        command line's current folder); the server gives None.
    unpickle
        Read a pickle file to describe its model (type, signature): the command
        line does, the server does not.

    Raises
    ------
    ConflictError
        A file the run wrote has changed since (its fingerprint differs).
    """
    detail = store.get_run_detail(run_id)
    project_root = store.path.parent
    environment = _environment(detail)
    artifact = next((a for a in detail.artifacts if a.name == ref), None)
    if artifact is not None:
        data = store.objects.get(artifact.object_id)
        source = ModelSource("artifact", artifact.name, fingerprint_bytes(data))
        package = package_file(data, artifact.name, unpickle=unpickle, environment=environment)
        return _push(registry, store, detail, package, source, options)
    written = {f.path: f for f in detail.files if f.mode is FileMode.WRITE}
    relative = PurePosixPath(ref).as_posix()
    if relative in written and not PurePosixPath(relative).is_absolute():
        data = _read(project_root / relative)
        fingerprint = fingerprint_bytes(data)
        recorded = written[relative].fingerprint
        if recorded is not None and recorded != fingerprint:
            raise ConflictError(
                f"{relative} has changed since run {detail.run.id[:8]} wrote it; push from "
                "a run that wrote this content, or log the file with the run as it was."
            )
        source = ModelSource("file", relative, fingerprint)
        package = package_file(data, relative, unpickle=unpickle, environment=environment)
        return _push(registry, store, detail, package, source, options)
    if outside_paths is not None:
        path = (outside_paths / ref).resolve()
        data = _read(path)
        try:
            shown = path.relative_to(project_root.resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        source = ModelSource("path", shown, fingerprint_bytes(data))
        package = package_file(data, path.name, unpickle=unpickle, environment=environment)
        return _push(registry, store, detail, package, source, options)
    choices = ", ".join(name for name, _ in run_files(detail)) or "none"
    raise NotFoundError(
        f"Run {detail.run.id[:8]} has no artifact or written file {ref!r}; its files: {choices}."
    )


def run_files(detail: RunDetail) -> list[tuple[str, str]]:
    """The files of a run that can be pushed: ``(name, kind)``, artifacts first."""
    files = [(a.name, "artifact") for a in detail.artifacts]
    files.extend((f.path, "file") for f in detail.files if f.mode is FileMode.WRITE)
    return files


def _push(
    registry: Registry,
    store: Store,
    detail: RunDetail,
    package: ModelPackage,
    source: ModelSource,
    options: PushOptions,
) -> ModelVersion:
    contributing, skipped = _slice(store, detail, source)
    lineage = build_lineage(
        detail, source, store.path.parent, contributing=contributing, skipped=skipped
    )
    return registry.push(
        package,
        name=options.name,
        lineage=lineage,
        alias=options.alias,
        description=options.description,
        tags=options.tags,
    )


def _slice(
    store: Store, detail: RunDetail, source: ModelSource
) -> tuple[frozenset[int] | None, tuple[SkippedCell, ...]]:
    """The run's executions the model depends on, and those between them it does not.

    None when the record cannot tell (an artifact logged by name, a run recorded
    before reads were): the lineage then keeps every cell before the training one.
    """
    from ..lineage import lineage_slice

    cell = training_cell(detail.cells, source)
    if cell is None or source.kind == "artifact":
        return None, ()
    kind = "variable" if source.kind == "variable" else "file"
    try:
        found = lineage_slice(store, detail.run.id, source.name, at=cell.seq, kind=kind)
    except MlopsLabError:
        return None, ()
    run = detail.run.id
    contributing = frozenset(e.seq for e in found.executions if e.run == run)
    skipped = tuple(
        SkippedCell(seq=seq, cell_id=cell_id, failed=failed)
        for run_id, seq, cell_id, failed in found.between
        if run_id == run
    )
    return contributing, skipped


def _environment(detail: RunDetail) -> dict[str, Any] | None:
    return environment_to_json(detail.environment)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"No file {path}: give the path of an existing file.") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path} is a folder; push a file.") from None
    except OSError as error:
        raise InvalidInputError(f"Cannot read {path}: {error.strerror}.") from None
