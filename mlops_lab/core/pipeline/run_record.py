"""A pipeline run in the store: a run of the notebook, tagged as a pipeline run.

Each step becomes one recorded "cell" of the run (its module's code, its
duration, its error, the outputs it left with their fingerprints), each output
an artifact, and the metrics the run's metrics. ``pipeline-run.json``, an
artifact too, holds the whole account: each step's state (cached or run), its
cache key, and its inputs and outputs with their fingerprints.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..records import (
    CellError,
    JsonValue,
    Run,
    RunQuery,
    RunStatus,
    VariableChange,
    VariableChangeKind,
)
from ..store.store import Store
from .cache import CachedOutput, EnvironmentRecord
from .data_passing import DataFormat

__all__ = [
    "KIND_TAG",
    "PIPELINE_KIND",
    "PIPELINE_TAG",
    "SOURCE_RUN_TAG",
    "latest_notebook_run",
    "notebook_runs",
    "record_step",
    "start_pipeline_run",
    "write_manifest",
]

KIND_TAG = "mlops_lab.kind"
PIPELINE_KIND = "pipeline"
PIPELINE_TAG = "mlops_lab.pipeline"
SOURCE_RUN_TAG = "mlops_lab.source_run"
MANIFEST_NAME = "pipeline-run.json"


def notebook_runs(store: Store, notebook: str) -> Iterator[Run]:
    """The finished runs of the notebook itself (pipeline runs left out), newest first."""
    offset = 0
    while True:
        page = store.list_runs(
            RunQuery(notebook=notebook, status=RunStatus.FINISHED, offset=offset, limit=100)
        )
        for run in page.runs:
            if run.tags.get(KIND_TAG) != PIPELINE_KIND:
                yield run
        offset += len(page.runs)
        if offset >= page.total or not page.runs:
            return


def latest_notebook_run(store: Store, notebook: str) -> Run | None:
    """The newest finished run of the notebook itself (pipeline runs left out)."""
    return next(notebook_runs(store, notebook), None)


def start_pipeline_run(
    store: Store,
    *,
    name: str,
    notebook: str | None,
    directory: Path,
    parameters: Mapping[str, JsonValue],
    source_run: str | None,
    environment: EnvironmentRecord,
) -> Run:
    """Create the run, linked to its notebook and to the notebook run it came from."""
    count = store.list_runs(RunQuery(notebook=notebook, limit=0)).total if notebook else 0
    run = store.start_run(notebook=notebook, name=f"{name} pipeline #{count + 1}")
    store.set_tags(
        run.id,
        {
            KIND_TAG: PIPELINE_KIND,
            PIPELINE_TAG: str(directory),
            **({SOURCE_RUN_TAG: source_run} if source_run else {}),
        },
    )
    if parameters:
        store.log_params(run.id, parameters)
    store.set_run_context(
        run.id, environment=environment.document, requirements=environment.requirements
    )
    return store.get_run(run.id)


def record_step(
    store: Store,
    run_id: str,
    *,
    step: str,
    code: str,
    started_at: datetime,
    seconds: float,
    outputs: Mapping[str, CachedOutput],
    metrics: Mapping[str, float],
    artifacts: Mapping[str, str],
    error: CellError | None,
) -> None:
    """Record one step as a cell of the run, its outputs as artifacts, its metrics."""
    store.record_cell(
        run_id,
        code=code,
        started_at=started_at,
        duration=seconds,
        cell_id=f"step:{step}",
        error=error,
        variables=[
            VariableChange(
                name=name,
                change=VariableChangeKind.CREATED,
                type=out.type,
                shape=out.shape,
                dtype=out.dtype,
                nbytes=out.size,
                repr=out.repr,
                fingerprint=out.fingerprint,
            )
            for name, out in outputs.items()
        ],
    )
    if metrics:
        store.log_metrics(run_id, metrics)
    for name, out in outputs.items():
        extension = DataFormat(out.format).extension
        store.log_artifact_object(run_id, f"{step}/{name}{extension}", out.object_id)
    for name, object_id in artifacts.items():
        store.log_artifact_object(run_id, f"{step}/{name}", object_id)


def write_manifest(store: Store, run_id: str, steps: Sequence[Mapping[str, Any]]) -> None:
    """The run's account of every step, kept as the artifact ``pipeline-run.json``."""
    document = json.dumps({"run": run_id, "steps": list(steps)}, indent=1, sort_keys=True)
    store.log_artifact_object(run_id, MANIFEST_NAME, store.objects.put_text(document))
