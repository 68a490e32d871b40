"""The JSON face of the registry, shared by the REST API, ``mlops-lab models --json`` and storage.

The local registry stores a version's lineage as the same document, less what
the store already holds as objects (cell code, the requirements file): those
are referenced by object id and filled back in when the version is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..records import FileAccess, FileMode, JsonValue
from ..timestamps import iso_timestamp
from .version_records import (
    CellRef,
    Lineage,
    ModelInfo,
    ModelSource,
    ModelVersion,
    RegisteredModel,
    SkippedCell,
)

__all__ = [
    "lineage_from_json",
    "lineage_to_json",
    "model_info_from_json",
    "model_info_to_json",
    "model_version_to_json",
    "registered_model_to_json",
]


def model_info_to_json(info: ModelInfo) -> dict[str, Any]:
    return {
        "type": info.type,
        "framework": info.framework,
        "framework_version": info.framework_version,
        "signature": dict(info.signature),
    }


def model_info_from_json(document: Mapping[str, Any]) -> ModelInfo:
    signature = document.get("signature")
    return ModelInfo(
        type=document.get("type"),
        framework=document.get("framework"),
        framework_version=document.get("framework_version"),
        signature=dict(signature) if isinstance(signature, dict) else {},
    )


def _cell_to_json(cell: CellRef, *, with_code: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "seq": cell.seq,
        "cell_id": cell.cell_id,
        "execution_count": cell.execution_count,
        "code_object": cell.code_object,
    }
    if with_code:
        body["code"] = cell.code
    return body


def lineage_to_json(
    lineage: Lineage, *, with_code: bool = True, with_requirements: bool = True
) -> dict[str, Any]:
    """The lineage document; without code and requirements text when the store holds them."""
    body: dict[str, Any] = {
        "run": {"id": lineage.run_id, "name": lineage.run_name, "experiment": lineage.experiment},
        "notebook": {"path": lineage.notebook, "fingerprint": lineage.notebook_fingerprint},
        "source": {
            "kind": lineage.source.kind,
            "name": lineage.source.name,
            "fingerprint": lineage.source.fingerprint,
        },
        "training_cell": (
            None
            if lineage.training_cell is None
            else _cell_to_json(lineage.training_cell, with_code=with_code)
        ),
        "cells": [_cell_to_json(cell, with_code=with_code) for cell in lineage.cells],
        "data": [
            {"path": f.path, "size": f.size, "fingerprint": f.fingerprint} for f in lineage.data
        ],
        "environment": None if lineage.environment is None else dict(lineage.environment),
        "requirements_object": lineage.requirements_object,
        "params": dict(lineage.params),
        "metrics": dict(lineage.metrics),
        "git": None if lineage.git is None else dict(lineage.git),
        "skipped": [
            {"seq": cell.seq, "cell_id": cell.cell_id, "failed": cell.failed}
            for cell in lineage.skipped
        ],
    }
    if with_requirements:
        body["requirements"] = lineage.requirements
    return body


def lineage_from_json(
    document: Mapping[str, Any],
    *,
    code_of: Callable[[str], str] | None = None,
    requirements_of: Callable[[str], str | None] | None = None,
) -> Lineage:
    """Read a lineage document back; ``code_of`` and ``requirements_of`` fill in object texts."""

    def cell(body: Mapping[str, Any]) -> CellRef:
        code = body.get("code")
        if not isinstance(code, str):
            code = code_of(body["code_object"]) if code_of is not None else ""
        return CellRef(
            seq=int(body["seq"]),
            cell_id=body.get("cell_id"),
            execution_count=body.get("execution_count"),
            code_object=str(body["code_object"]),
            code=code,
        )

    run = document.get("run") or {}
    notebook = document.get("notebook") or {}
    source = document.get("source") or {}
    training = document.get("training_cell")
    requirements = document.get("requirements")
    requirements_object = document.get("requirements_object")
    if requirements is None and requirements_object and requirements_of is not None:
        requirements = requirements_of(requirements_object)
    environment = document.get("environment")
    git = document.get("git")
    return Lineage(
        run_id=str(run.get("id", "")),
        run_name=str(run.get("name", "")),
        experiment=str(run.get("experiment", "")),
        notebook=notebook.get("path"),
        notebook_fingerprint=notebook.get("fingerprint"),
        source=ModelSource(
            kind=str(source.get("kind", "")),
            name=str(source.get("name", "")),
            fingerprint=source.get("fingerprint"),
        ),
        training_cell=None if training is None else cell(training),
        cells=tuple(cell(body) for body in document.get("cells") or ()),
        data=tuple(
            FileAccess(str(f["path"]), FileMode.READ, f.get("size"), f.get("fingerprint"))
            for f in document.get("data") or ()
        ),
        environment=environment if isinstance(environment, dict) else None,
        requirements=requirements,
        requirements_object=requirements_object,
        params=_json_mapping(document.get("params")),
        metrics={k: float(v) for k, v in (document.get("metrics") or {}).items()},
        git=git if isinstance(git, dict) else None,
        skipped=tuple(
            SkippedCell(int(body["seq"]), body.get("cell_id"), bool(body.get("failed")))
            for body in document.get("skipped") or ()
        ),
    )


def _json_mapping(value: object) -> dict[str, JsonValue]:
    return dict(value) if isinstance(value, dict) else {}


def model_version_to_json(version: ModelVersion) -> dict[str, Any]:
    """A version; ``lineage`` is null in version lists and for versions made by other tools."""
    return {
        "registry": version.registry,
        "name": version.name,
        "version": version.version,
        "created_at": iso_timestamp(version.created_at),
        "run_id": version.run_id,
        "description": version.description,
        "tags": dict(version.tags),
        "aliases": list(version.aliases),
        "artifact": {
            "filename": version.file.filename,
            "format": version.file.format.value,
            "size": version.file.size,
            "object": version.file.object_id,
            "uri": version.file.uri,
        },
        "model": model_info_to_json(version.model),
        "lineage": None if version.lineage is None else lineage_to_json(version.lineage),
    }


def registered_model_to_json(model: RegisteredModel) -> dict[str, Any]:
    return {
        "registry": model.registry,
        "name": model.name,
        "description": model.description,
        "tags": dict(model.tags),
        "created_at": iso_timestamp(model.created_at),
        "updated_at": iso_timestamp(model.updated_at),
        "latest_version": model.latest_version,
        "version_count": model.version_count,
        "aliases": dict(model.aliases),
    }
