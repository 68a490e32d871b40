"""The JSON face of the record, shared by the REST API and ``mlops-lab --json``.

The shapes are described in ``mlops_lab/server/openapi.yaml``; the CLI prints
the same objects, so scripts can move between the two without translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .records import (
    CellExecution,
    FileAccess,
    JsonValue,
    MetricPoint,
    Run,
    RunDetail,
    RunPage,
    StoreInfo,
    VariableChange,
)
from .timestamps import iso_timestamp

__all__ = [
    "cell_to_json",
    "environment_to_json",
    "file_to_json",
    "info_to_json",
    "latest_metric_history",
    "run_detail_to_json",
    "run_page_to_json",
    "run_to_json",
    "variable_to_json",
]


def run_to_json(run: Run) -> dict[str, Any]:
    return {
        "id": run.id,
        "name": run.name,
        "experiment": run.experiment,
        "notebook": run.notebook,
        "status": run.status.value,
        "started_at": iso_timestamp(run.started_at),
        "ended_at": None if run.ended_at is None else iso_timestamp(run.ended_at),
        "duration": run.duration,
        "active_time": round(run.active_time, 6),
        "continues": (
            None if run.continues is None else {"run": run.continues.run, "seq": run.continues.seq}
        ),
        "continued_by": list(run.continued_by),
        "cell_count": run.cell_count,
        "params": dict(run.params),
        "metrics": dict(run.metrics),
        "tags": dict(run.tags),
        "git": (
            None
            if run.git is None
            else {"commit": run.git.commit, "branch": run.git.branch, "dirty": run.git.dirty}
        ),
        "origin": (
            None
            if run.origin is None
            else {
                "remote": run.origin.remote,
                "url": run.origin.url,
                "run_id": run.origin.remote_run_id,
                "user": run.origin.user,
            }
        ),
    }


def cell_to_json(cell: CellExecution) -> dict[str, Any]:
    return {
        "seq": cell.seq,
        "execution_count": cell.execution_count,
        "cell_id": cell.cell_id,
        "code": cell.code,
        "started_at": iso_timestamp(cell.started_at),
        "duration_ms": round(cell.duration * 1000, 3),
        "status": cell.status.value,
        "error": (
            None if cell.error is None else {"name": cell.error.name, "value": cell.error.value}
        ),
        "variables": [{"name": v.name, "change": v.change.value} for v in cell.variables],
        "files": [{"path": f.path, "mode": f.mode.value} for f in cell.files],
        "reads": list(cell.reads),
        "writes": list(cell.writes),
    }


def variable_to_json(variable: VariableChange) -> dict[str, Any]:
    """A variable's state; shape, dtype and nbytes only where they apply."""
    body: dict[str, Any] = {"type": variable.type, "fingerprint": variable.fingerprint}
    if variable.shape is not None:
        body["shape"] = list(variable.shape)
    if variable.dtype is not None:
        body["dtype"] = variable.dtype
    if variable.nbytes is not None:
        body["nbytes"] = variable.nbytes
    body["repr"] = variable.repr
    if variable.fingerprint is None:
        body["unfingerprintable"] = variable.detail or variable.method or "unknown"
    return body


def file_to_json(access: FileAccess) -> dict[str, Any]:
    return {
        "path": access.path,
        "mode": access.mode.value,
        "size": access.size,
        "fingerprint": access.fingerprint,
    }


def environment_to_json(document: Mapping[str, JsonValue] | None) -> dict[str, Any] | None:
    """The environment as ``show --json`` gives it: packages as name to version.

    Packages not installed from an index also appear under ``sources`` with
    where they came from (editable path, VCS URL, local file).
    """
    if document is None:
        return None
    packages = document.get("packages")
    versions: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    for package in packages if isinstance(packages, list) else []:
        if isinstance(package, dict):
            name = str(package.get("name"))
            versions[name] = package.get("version")
            if package.get("origin") not in (None, "index"):
                sources[name] = {"origin": package.get("origin"), "url": package.get("url")}
    return {
        "python": document.get("python"),
        "implementation": document.get("implementation"),
        "platform": document.get("platform"),
        "packages": dict(sorted(versions.items())),
        "sources": dict(sorted(sources.items())),
    }


def run_detail_to_json(detail: RunDetail, *, all_points: bool = False) -> dict[str, Any]:
    """A run whole; each metric's history from each logging cell's latest execution.

    ``all_points`` keeps every point instead, those of earlier executions of the
    logging cells too (each point's ``seq`` tells its execution).
    """
    history = detail.metric_history if all_points else latest_metric_history(detail)
    return {
        **run_to_json(detail.run),
        "cells": [cell_to_json(c) for c in detail.cells],
        "variables": {name: variable_to_json(v) for name, v in detail.variables.items()},
        "data": [file_to_json(f) for f in detail.files],
        "env": environment_to_json(detail.environment),
        "git": None if detail.git is None else dict(detail.git),
        "host": None if detail.host is None else dict(detail.host),
        "metric_history": {
            key: [
                {
                    "step": p.step,
                    "value": p.value,
                    "timestamp": iso_timestamp(p.logged_at),
                    "seq": p.seq,
                }
                for p in points
            ]
            for key, points in history.items()
        },
        "artifacts": [
            {"name": a.name, "object": a.object_id, "size": a.size} for a in detail.artifacts
        ],
    }


def latest_metric_history(detail: RunDetail) -> dict[str, tuple[MetricPoint, ...]]:
    """Each metric's points from the latest execution of each cell that logged it.

    A cell executed again logs its history again: the earlier execution's points
    stay in the record, and out of the default view. Points logged outside a
    cell (seq 0) and by cells without an id are all kept.
    """
    cell_of = {cell.seq: cell.cell_id for cell in detail.cells}
    history: dict[str, tuple[MetricPoint, ...]] = {}
    for key, points in detail.metric_history.items():
        latest: dict[str, int] = {}
        for point in points:
            cell_id = cell_of.get(point.seq)
            if cell_id is not None:
                latest[cell_id] = max(latest.get(cell_id, 0), point.seq)
        history[key] = tuple(
            p for p in points if (cell_id := cell_of.get(p.seq)) is None or latest[cell_id] == p.seq
        )
    return history


def run_page_to_json(page: RunPage) -> dict[str, Any]:
    return {
        "runs": [run_to_json(run) for run in page.runs],
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "revision": page.revision,
    }


def info_to_json(info: StoreInfo, version: str) -> dict[str, Any]:
    return {
        "version": version,
        "store": str(info.path),
        "schema_version": info.schema_version,
        "revision": info.revision,
        "run_count": info.run_count,
        "sync": {
            "pending": info.pending_pushes,
            "failing": info.failing_pushes,
            "last_error": info.last_push_error,
        },
    }
