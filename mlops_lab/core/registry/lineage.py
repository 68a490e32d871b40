"""A version's lineage, read from the run it was pushed from.

The cell that made the model is found in the record itself: for a variable, the
last cell whose recorded changes created or changed it; for a file, the last
cell that wrote it. The cells that led to it are its lineage slice
(`mlops_lab.core.lineage`): the executions that wrote what it read, transitively,
not every cell executed before it; the others in between are kept as skipped,
failed ones marked, so a reader sees what was left out and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from ..capture.fingerprints import fingerprint_file
from ..capture.redaction import redact_value
from ..errors import MlopsLabError
from ..json_format import environment_to_json
from ..records import CellExecution, FileAccess, FileMode, RunDetail, VariableChangeKind
from .version_records import CellRef, Lineage, ModelSource, SkippedCell

__all__ = ["build_lineage", "training_cell"]

#: What of the git state a version keeps: the diff stays with the run.
_GIT_KEYS = ("commit", "branch", "dirty", "remotes")


def build_lineage(
    detail: RunDetail,
    source: ModelSource,
    project_root: Path,
    *,
    contributing: frozenset[int] | None = None,
    skipped: tuple[SkippedCell, ...] = (),
) -> Lineage:
    """The lineage of a model pushed from ``detail``'s run.

    Parameters
    ----------
    detail
        The source run, read whole from the store.
    source
        The variable or file the model came from.
    project_root
        The folder the run's notebook and file paths are relative to; the
        notebook's current fingerprint is taken there, when it exists.
    contributing
        The seqs of the run's executions the model depends on (its lineage
        slice); None when unknown (a record without data flow): every cell
        executed before the training cell then counts.
    skipped
        The executions between the slice's cells it does not depend on.
    """
    run = detail.run
    cell = training_cell(detail.cells, source)
    before = [
        c
        for c in detail.cells
        if (cell is None or c.seq < cell.seq) and (contributing is None or c.seq in contributing)
    ]
    if contributing is None:
        reads = tuple(f for f in detail.files if f.mode is FileMode.READ)
    else:
        reads = _files_read([c for c in detail.cells if c.seq in contributing])
    git: dict[str, Any] | None = None
    if detail.git is not None:
        git = {key: detail.git.get(key) for key in _GIT_KEYS if key in detail.git}
        git = redact_value(git)  # type: ignore[assignment]
    requirements = detail.requirements
    return Lineage(
        run_id=run.id,
        run_name=run.name,
        experiment=run.experiment,
        notebook=run.notebook,
        notebook_fingerprint=_notebook_fingerprint(project_root, run.notebook),
        source=source,
        training_cell=None if cell is None else _ref(cell),
        cells=tuple(_ref(c) for c in before),
        data=reads,
        environment=environment_to_json(detail.environment),
        requirements=requirements,
        requirements_object=None if requirements is None else _object_id(requirements),
        params=_redacted_params(run.params),
        metrics=dict(run.metrics),
        git=git,
        skipped=skipped,
    )


def _files_read(cells: list[CellExecution]) -> tuple[FileAccess, ...]:
    """The files the given cells read, each once (its last fingerprint)."""
    files: dict[str, FileAccess] = {}
    for cell in cells:
        for access in cell.files:
            if access.mode is FileMode.READ:
                files[access.path] = access
    return tuple(files.values())


def training_cell(cells: tuple[CellExecution, ...], source: ModelSource) -> CellExecution | None:
    """The last cell that assigned the variable, or wrote the file, the model came from."""
    for cell in reversed(cells):
        if source.kind == "variable":
            if any(
                v.name == source.name and v.change is not VariableChangeKind.DELETED
                for v in cell.variables
            ):
                return cell
        elif any(f.mode is FileMode.WRITE and _same_file(f.path, source) for f in cell.files):
            return cell
    return None


def _same_file(path: str, source: ModelSource) -> bool:
    if source.kind == "artifact":  # logged under a name: the file of that name
        return PurePosixPath(path).name == source.name
    return path == source.name


def _ref(cell: CellExecution) -> CellRef:
    return CellRef(
        seq=cell.seq,
        cell_id=cell.cell_id,
        execution_count=cell.execution_count,
        code_object=_object_id(cell.code),
        code=cell.code,
    )


def _object_id(text: str) -> str:
    # The id the store's ObjectStore gives this text: the code is already an object there.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _notebook_fingerprint(project_root: Path, notebook: str | None) -> str | None:
    if not notebook:
        return None
    path = Path(notebook)
    path = path if path.is_absolute() else project_root / path
    try:
        return fingerprint_file(path).fingerprint
    except MlopsLabError:  # moved or deleted since the run: the run's record still holds
        return None


def _redacted_params(params: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = redact_value(dict(params))
    return cleaned if isinstance(cleaned, dict) else {}
