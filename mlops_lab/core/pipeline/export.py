"""From a notebook file to a pipeline written for a target, in one call.

The pipeline remembers its notebook by a path relative to the export folder
(so the pair can move together) and the notebook's latest run, whose
environment lock pins the packages of a Kubeflow step.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from ..capture.environment import environment_lock
from ..errors import InvalidInputError
from ..frozen import frozen
from ..store.confined import remove_confined, write_confined
from ..store.store import Store
from .build import pipeline_from_notebook, read_notebook_json
from .model import Pipeline
from .run_record import latest_notebook_run
from .targets import ExportOptions, get_target

__all__ = [
    "EXPORT_MARKER",
    "ExportResult",
    "default_export_directory",
    "export_notebook",
    "preview_notebook",
]


@frozen
class ExportResult:
    pipeline: Pipeline
    directory: Path
    files: tuple[Path, ...]


#: The file that marks a folder as written by export, listing the files it wrote.
EXPORT_MARKER = ".mlops-lab-export.json"


def default_export_directory(notebook: Path, target: str) -> Path:
    """``train.ipynb`` -> ``train-pipeline/`` (``train-kfp/`` for kfp), beside it."""
    suffix = "pipeline" if target == "local" else target
    return notebook.with_name(f"{notebook.stem}-{suffix}")


def preview_notebook(notebook: Path, store: Store | None = None) -> Pipeline:
    """The pipeline a notebook becomes, problems included, without writing anything."""
    pipeline = pipeline_from_notebook(
        read_notebook_json(notebook), name=notebook.stem, path=str(notebook)
    )
    if store is not None:
        key = _store_name(notebook, store)
        latest = latest_notebook_run(store, key)
        pipeline = dataclasses.replace(pipeline, source_run=latest.id if latest else None)
    return pipeline


def export_notebook(
    notebook: Path,
    *,
    target: str,
    directory: Path | None = None,
    store: Store | None = None,
    base_image: str | None = None,
    force: bool = False,
) -> ExportResult:
    """Write ``notebook`` as a pipeline for ``target`` into ``directory``.

    The folder is one export created (it holds the `EXPORT_MARKER`, listing the
    files written), or a new or empty one. ``force`` writes into any other
    folder too; either way nothing is written through a symlink, and the only
    files removed are those a previous export listed and this one no longer writes.

    Raises
    ------
    InvalidInputError
        The notebook has problems (each named with its cell), the target is
        unknown, or the folder holds files of its own and ``force`` is not given.
    MlopsLabError
        The target cannot be used here (its optional dependency is missing).
    """
    notebook = notebook.resolve()
    chosen = get_target(target)
    out = (directory or default_export_directory(notebook, target)).resolve()
    pipeline = preview_notebook(notebook, store)
    pipeline.check()
    pipeline = dataclasses.replace(pipeline, notebook=os.path.relpath(notebook, out))
    requirements = None
    if store is not None and pipeline.source_run is not None:
        requirements = store.get_run_detail(pipeline.source_run).requirements
    if requirements is None and target != "local":
        requirements = environment_lock().to_requirements()
    previous = _claim_folder(out, force=force)
    files = chosen.export(
        pipeline, out, ExportOptions(requirements=requirements, base_image=base_image)
    )
    names = sorted(path.relative_to(out).as_posix() for path in files)
    for stale in sorted(previous - set(names)):  # steps renamed or removed since
        remove_confined(out, stale)
    write_confined(out, EXPORT_MARKER, json.dumps({"files": names}, indent=1) + "\n")
    return ExportResult(pipeline=pipeline, directory=out, files=tuple(files))


def _claim_folder(out: Path, *, force: bool) -> set[str]:
    """Check that ``out`` may be exported into; return the files the last export wrote."""
    if out.exists() and not out.is_dir():
        raise InvalidInputError(f"{out} is a file; give a folder to export into.")
    if not out.exists() or not any(out.iterdir()):
        return set()
    try:
        document = json.loads((out / EXPORT_MARKER).read_text(encoding="utf-8"))
        listed = document["files"]
        return {name for name in listed if isinstance(name, str)}
    except (OSError, ValueError, KeyError, TypeError):
        if force:
            return set()  # files of its own: overwritten where named alike, never removed
        raise InvalidInputError(
            f"{out} already holds files that no export wrote; export into a new or "
            "empty folder, or pass --force to write over the pipeline's files there."
        ) from None


def _store_name(notebook: Path, store: Store) -> str:
    path = notebook.resolve()
    try:
        return path.relative_to(store.path.parent.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
