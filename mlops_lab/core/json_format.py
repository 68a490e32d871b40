"""The JSON face of the record, shared by the REST API and ``mlops-lab --json``.

The shapes are described in ``mlops_lab/server/openapi.yaml``; the CLI prints
the same objects, so scripts can move between the two without translation.
"""

from __future__ import annotations

from typing import Any

from .models import CellExecution, Run, RunDetail, RunPage, StoreInfo
from .timestamps import iso_timestamp

__all__ = [
    "cell_to_json",
    "info_to_json",
    "run_detail_to_json",
    "run_page_to_json",
    "run_to_json",
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
        "cell_count": run.cell_count,
        "params": dict(run.params),
        "metrics": dict(run.metrics),
        "tags": dict(run.tags),
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
        "error": None
        if cell.error is None
        else {"name": cell.error.name, "value": cell.error.value},
    }


def run_detail_to_json(detail: RunDetail) -> dict[str, Any]:
    return {**run_to_json(detail.run), "cells": [cell_to_json(c) for c in detail.cells]}


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
    }
