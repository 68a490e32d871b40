"""A run's whole record as one JSON document (``mlops_lab/record.json``) and back, and its notebook.

``show --json`` (``mlops_lab/run.json`` on a remote) is a view: it summarizes the
environment and each cell's variables. This document keeps every field, so a
run pulled by a teammate's mlops-lab is the run that was pushed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..records import (
    Artifact,
    CellError,
    CellExecution,
    CellStatus,
    FileAccess,
    FileMode,
    GitSummary,
    MetricPoint,
    Run,
    RunDetail,
    RunLink,
    RunStatus,
    VariableChange,
    VariableChangeKind,
)
from ..timestamps import iso_timestamp

__all__ = ["FORMAT", "detail_to_record", "notebook_of", "record_to_detail"]

#: The document's format name and version, checked when it is read back.
FORMAT = "mlops-lab-record/1"


def _variable(change: VariableChange) -> dict[str, Any]:
    return {
        "name": change.name,
        "change": change.change.value,
        "type": change.type,
        "shape": None if change.shape is None else list(change.shape),
        "dtype": change.dtype,
        "nbytes": change.nbytes,
        "repr": change.repr,
        "fingerprint": change.fingerprint,
        "method": change.method,
        "detail": change.detail,
    }


def _cell(cell: CellExecution) -> dict[str, Any]:
    return {
        "seq": cell.seq,
        "execution_count": cell.execution_count,
        "cell_id": cell.cell_id,
        "code": cell.code,
        "started_at": iso_timestamp(cell.started_at),
        "duration": cell.duration,
        "status": cell.status.value,
        "error": None if cell.error is None else [cell.error.name, cell.error.value],
        "variables": [_variable(v) for v in cell.variables],
        "files": [[f.path, f.mode.value, f.size, f.fingerprint] for f in cell.files],
        "reads": list(cell.reads),
        "writes": list(cell.writes),
    }


def detail_to_record(detail: RunDetail) -> dict[str, Any]:
    """Every field of ``detail`` as JSON."""
    run = detail.run
    return {
        "format": FORMAT,
        "run": {
            "id": run.id,
            "name": run.name,
            "experiment": run.experiment,
            "notebook": run.notebook,
            "status": run.status.value,
            "started_at": iso_timestamp(run.started_at),
            "ended_at": None if run.ended_at is None else iso_timestamp(run.ended_at),
            "params": dict(run.params),
            "tags": dict(run.tags),
            "continues": None if run.continues is None else [run.continues.run, run.continues.seq],
        },
        "cells": [_cell(c) for c in detail.cells],
        "environment": None if detail.environment is None else dict(detail.environment),
        "requirements": detail.requirements,
        "git": None if detail.git is None else dict(detail.git),
        "host": None if detail.host is None else dict(detail.host),
        "artifacts": [[a.name, a.object_id, a.size] for a in detail.artifacts],
        "metrics": {
            key: [[p.step, p.value, iso_timestamp(p.logged_at), p.seq] for p in points]
            for key, points in detail.metric_history.items()
        },
    }


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def record_to_detail(document: dict[str, Any]) -> RunDetail:
    """The run a `detail_to_record` document holds.

    Raises
    ------
    ValueError
        Not a document of this format (the caller reads the run as a plain MLflow run).
    """
    if document.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document")
    head = document["run"]
    cells = tuple(
        CellExecution(
            run_id=head["id"],
            seq=int(c["seq"]),
            execution_count=c["execution_count"],
            cell_id=c["cell_id"],
            code=c["code"],
            started_at=_time(c["started_at"]),
            duration=float(c["duration"]),
            status=CellStatus(c["status"]),
            error=None if c["error"] is None else CellError(*c["error"]),
            variables=tuple(
                VariableChange(
                    **{
                        **v,
                        "change": VariableChangeKind(v["change"]),
                        "shape": None if v["shape"] is None else tuple(v["shape"]),
                    }
                )
                for v in c["variables"]
            ),
            files=tuple(FileAccess(p, FileMode(m), s, f) for p, m, s, f in c["files"]),
            reads=tuple(c["reads"]),
            writes=tuple(c["writes"]),
        )
        for c in document["cells"]
    )
    history = {
        key: tuple(MetricPoint(int(s), float(v), _time(t), int(q)) for s, v, t, q in points)
        for key, points in document["metrics"].items()
    }
    git = document.get("git")
    run = Run(
        id=head["id"],
        name=head["name"],
        experiment=head["experiment"],
        notebook=head["notebook"],
        status=RunStatus(head["status"]),
        started_at=_time(head["started_at"]),
        ended_at=None if head["ended_at"] is None else _time(head["ended_at"]),
        cell_count=len(cells),
        params=head["params"],
        metrics={key: points[-1].value for key, points in history.items() if points},
        tags=head["tags"],
        git=(
            None
            if not git or not git.get("commit")
            else GitSummary(str(git["commit"]), git.get("branch"), bool(git.get("dirty")))
        ),
        continues=None if head["continues"] is None else RunLink(*head["continues"]),
    )
    return RunDetail(
        run=run,
        cells=cells,
        environment=document.get("environment"),
        requirements=document.get("requirements"),
        git=git,
        host=document.get("host"),
        artifacts=tuple(Artifact(n, o, int(s)) for n, o, s in document["artifacts"]),
        metric_history=history,
    )


def notebook_of(detail: RunDetail) -> str:
    """The executed notebook rebuilt from the recorded cells, in execution order (nbformat 4)."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": cell.execution_count,
            "id": f"mlops-{cell.seq}",
            "metadata": {"mlops_lab": {"seq": cell.seq, "cell_id": cell.cell_id}},
            "outputs": (
                []
                if cell.error is None
                else [
                    {
                        "output_type": "error",
                        "ename": cell.error.name,
                        "evalue": cell.error.value,
                        "traceback": [],
                    }
                ]
            ),
            "source": cell.code.splitlines(keepends=True),
        }
        for cell in detail.cells
    ]
    notebook = {
        "cells": cells,
        "metadata": {"mlops_lab": {"run_id": detail.run.id, "name": detail.run.name}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1)
