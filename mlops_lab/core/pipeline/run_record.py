"""A pipeline run in the store: a run of the notebook, tagged as a pipeline run.

Each step becomes one recorded "cell" of the run (its module's code, its
duration, its error, the outputs it left with their fingerprints, the files it
read and wrote), each output an artifact, and what it logged (every metric
value, params, tags) the run's. Everything goes through the run's `Recorder`,
as a kernel's run does: the same context, the same redaction. ``pipeline-run.json``, an
artifact too, holds the whole account: each step's state (cached or run), its
cache key, and its inputs and outputs with their fingerprints.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from ..capture.recorder import Recorder
from ..capture.run_context import EnvironmentRecord
from ..records import (
    JsonValue,
    Run,
    RunQuery,
    RunStatus,
    VariableChange,
    VariableChangeKind,
)
from ..store.store import Store
from .data_passing import DataFormat
from .step_execution import StepResult

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "KIND_TAG",
    "PIPELINE_KIND",
    "PIPELINE_TAG",
    "SOURCE_RUN_TAG",
    "HeldBatch",
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


def notebook_runs(store: Store, notebook: str, *, page_size: int = 100) -> Iterator[Run]:
    """The finished runs of the notebook itself (pipeline runs left out), newest first.

    Pipeline runs are left out by the query (only they carry the kind tag), not
    after reading them: a notebook run many times as a pipeline costs no more.
    """
    offset = 0
    while True:
        page = store.list_runs(
            RunQuery(
                notebook=notebook,
                status=RunStatus.FINISHED,
                filter=f"tags.{KIND_TAG}=none",
                offset=offset,
                limit=page_size,
            )
        )
        yield from page.runs
        offset += len(page.runs)
        if offset >= page.total or not page.runs:
            return


def latest_notebook_run(store: Store, notebook: str) -> Run | None:
    """The newest finished run of the notebook itself (pipeline runs left out)."""
    return next(notebook_runs(store, notebook, page_size=1), None)


def start_pipeline_run(
    store: Store,
    *,
    name: str,
    notebook: str | None,
    directory: Path,
    workdir: Path,
    parameters: Mapping[str, JsonValue],
    source_run: str | None,
    environment: EnvironmentRecord,
) -> tuple[Run, Recorder]:
    """Create the run, linked to its notebook and to the notebook run it came from.

    Its context (git state of ``workdir``, host, environment lock) and its
    parameters are recorded at once, as a kernel's run records them.
    """
    # The run appears with its tags and params; its context (a git process) is
    # taken outside the transaction, not to hold other writers meanwhile.
    with store.batch():
        count = store.list_runs(RunQuery(notebook=notebook, limit=0)).total if notebook else 0
        run = store.start_run(notebook=notebook, name=f"{name} pipeline #{count + 1}")
        recorder = Recorder(store, run.id)
        recorder.set_tags(
            {
                KIND_TAG: PIPELINE_KIND,
                PIPELINE_TAG: str(directory),
                **({SOURCE_RUN_TAG: source_run} if source_run else {}),
            }
        )
        recorder.log_params(parameters)
    recorder.capture_context(workdir, environment)
    return store.get_run(run.id), recorder


def record_step(
    recorder: Recorder,
    *,
    step: str,
    code: str,
    started_at: datetime,
    seconds: float,
    result: StepResult,
) -> None:
    """Record one step as a cell of the run (with the files it read and wrote), its
    outputs as artifacts, every metric value it logged, its params and its tags,
    in one transaction."""
    with recorder.store.batch():
        recorder.record_cell(
            code=code,
            started_at=started_at,
            duration=seconds,
            cell_id=f"step:{step}",
            error=result.error,
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
                for name, out in result.outputs.items()
            ],
            files=result.files,
        )
        recorder.log_metric_history(result.metric_points)
        recorder.log_params(result.params)
        recorder.set_tags(result.tags)
        for name, out in result.outputs.items():
            extension = DataFormat(out.format).extension
            recorder.log_artifact_object(f"{step}/{name}{extension}", out.object_id)
        for name, object_id in result.artifacts.items():
            recorder.log_artifact_object(f"{step}/{name}", object_id)


def write_manifest(store: Store, run_id: str, steps: Sequence[Mapping[str, Any]]) -> None:
    """The run's account of every step, kept as the artifact ``pipeline-run.json``."""
    document = json.dumps({"run": run_id, "steps": list(steps)}, indent=1, sort_keys=True)
    store.log_artifact_object(run_id, MANIFEST_NAME, store.objects.put_text(document))


class HeldBatch:
    """One transaction for the records of consecutive cached steps (`Store.batch`).

    A cached step runs no code of the user's, so its records may wait in the
    transaction with the next one's: a fully cached run commits once, not once
    per step. It is committed before any step executes, never held around user
    code (other writers wait for it meanwhile).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._stack: contextlib.ExitStack | None = None

    def hold(self) -> None:
        """Open the transaction if it is not open yet."""
        if self._stack is None:
            stack = contextlib.ExitStack()
            stack.enter_context(self._store.batch())
            self._stack = stack

    def release(self) -> None:
        """Commit what is held: only whole steps' records, since each step's
        records are a savepoint of their own, undone if they fail half-way."""
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()
