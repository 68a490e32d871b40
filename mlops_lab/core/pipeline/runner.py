"""Target ``local``, running: an exported pipeline runs here, step by step, cached.

Each step's cache key covers its module's code, the shared code, the values of
the parameters it reads, the fingerprints of its inputs and the environment
lock: a step whose key is known is not run, its recorded outputs and metrics
are used ("cached"). A changed parameter so reruns the steps that read it, and
after them only the steps whose inputs really changed.
"""

from __future__ import annotations

import dataclasses
import enum
import time
from collections.abc import Callable, Mapping
from dataclasses import field
from datetime import datetime, timezone
from pathlib import Path

from ..capture.recorder import Recorder
from ..capture.run_context import environment_record
from ..errors import InvalidInputError
from ..frozen import frozen
from ..records import CellError, JsonValue, RunStatus
from ..store.store import Store
from .cache import CachedOutput, CacheEntry, StepCache, step_cache_key
from .layout import PIPELINE_FILE, SHARED_FILE, step_module_path
from .model import Pipeline, Step
from .run_record import (
    HeldBatch,
    latest_notebook_run,
    record_step,
    start_pipeline_run,
    write_manifest,
)
from .serialize import read_yaml
from .step_execution import FileWatch, StepCode, StepResult, execute_step, working_directory

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any, TextIO

__all__ = [
    "PipelineRunResult",
    "StepEvent",
    "StepOutcome",
    "StepState",
    "notebook_key",
    "resolve_parameters",
    "run_pipeline",
]


class StepState(str, enum.Enum):
    RUNNING = "running"
    CACHED = "cached"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # not run: a step before it failed


@frozen
class StepEvent:
    """A step changed state; ``index`` counts from 1 up to ``total``."""

    step: str
    state: StepState
    index: int
    total: int
    seconds: float | None = None
    message: str | None = None


@frozen
class StepOutcome:
    name: str
    state: StepState
    seconds: float = 0.0
    key: str | None = None
    inputs: Mapping[str, str] = field(default_factory=dict)  # name -> fingerprint
    outputs: Mapping[str, CachedOutput] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    error: CellError | None = None
    traceback: str | None = None


@frozen
class PipelineRunResult:
    run_id: str
    status: RunStatus
    steps: tuple[StepOutcome, ...]
    metrics: Mapping[str, float]
    parameters: Mapping[str, JsonValue]
    notebook: Path | None = None

    @property
    def failed_step(self) -> StepOutcome | None:
        return next((s for s in self.steps if s.state is StepState.FAILED), None)


EventListener = Callable[[StepEvent], None]


def resolve_parameters(pipeline: Pipeline, given: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """The defaults, overridden by ``given``, each checked against its parameter's type."""
    values = {parameter.name: parameter.default for parameter in pipeline.parameters}
    for name, value in given.items():
        values[name] = pipeline.parameter(name).coerce(value)
    return values


def notebook_key(
    directory: Path, pipeline: Pipeline, store: Store
) -> tuple[Path | None, str | None]:
    """The notebook's file and its path as the store names it (relative to the project)."""
    if not pipeline.notebook:
        return None, None
    path = (directory / pipeline.notebook).resolve()
    try:
        return path, path.relative_to(store.path.parent.resolve()).as_posix()
    except ValueError:
        return path, path.as_posix()


def run_pipeline(
    directory: Path,
    store: Store,
    *,
    parameters: Mapping[str, JsonValue] | None = None,
    on_event: EventListener | None = None,
    step_output: TextIO | None = None,
    use_cache: bool = True,
) -> PipelineRunResult:
    """Run the pipeline exported into ``directory``, recorded in ``store``.

    Parameters
    ----------
    directory
        Holds ``pipeline.yaml``, ``shared.py`` and ``steps/`` (``export --to local``).
    store
        Where the run is recorded and the step cache lives.
    parameters
        Values for some parameters; the others keep their defaults.
    on_event
        Told when each step starts, and how it ended (cached, done, failed, skipped).
    step_output
        Where steps' prints go; the process's stdout by default.
    use_cache
        False runs every step, and still records the results in the cache.

    Raises
    ------
    InvalidInputError
        No pipeline in ``directory``, a step module is missing, or a parameter is
        unknown or of the wrong type. A failing step is not an error: the result
        says which step failed and why.
    """
    directory = directory.resolve()
    pipeline = read_yaml(directory / PIPELINE_FILE)
    pipeline.check()
    values = resolve_parameters(pipeline, parameters or {})
    codes = _read_code(directory, pipeline)
    stat_cache = store.stat_cache
    cache = StepCache(store.path, store.objects, stat_cache)
    environment = environment_record(cache.root)
    notebook, notebook_name = notebook_key(directory, pipeline, store)
    source = pipeline.source_run
    if source is None and notebook_name is not None:
        latest = latest_notebook_run(store, notebook_name)
        source = latest.id if latest else None
    workdir = notebook.parent if notebook is not None and notebook.parent.is_dir() else directory
    run, recorder = start_pipeline_run(
        store,
        name=pipeline.name,
        notebook=notebook_name,
        directory=directory,
        workdir=workdir,
        parameters=values,
        source_run=source,
        environment=environment,
    )
    files = FileWatch(store.path, store.path.parent, stat_cache)
    emit = on_event or (lambda event: None)
    order = list(pipeline.run_order())
    outcomes: dict[str, StepOutcome] = {}
    status = RunStatus.FINISHED
    held = HeldBatch(store)
    try:
        with working_directory(workdir):
            for index, step in enumerate(order, start=1):
                if status is not RunStatus.FINISHED:
                    outcomes[step.name] = StepOutcome(step.name, StepState.SKIPPED)
                    emit(StepEvent(step.name, StepState.SKIPPED, index, len(order)))
                    continue
                outcome = _run_step(
                    pipeline,
                    step,
                    codes[step.name],
                    store=store,
                    cache=cache,
                    recorder=recorder,
                    files=files,
                    values=values,
                    outcomes=outcomes,
                    environment=environment.digest,
                    use_cache=use_cache,
                    step_output=step_output,
                    announce=_announcer(emit, step.name, index, len(order)),
                    held=held,
                )
                outcomes[step.name] = outcome
                error = outcome.error
                message = f"{error.name}: {error.value}" if error else None
                emit(
                    StepEvent(step.name, outcome.state, index, len(order), outcome.seconds, message)
                )
                if outcome.state is StepState.FAILED:
                    status = RunStatus.FAILED
        held.hold()  # with the cached steps' records: one commit for an all-cached run
        write_manifest(store, run.id, [_manifest_entry(outcomes[s.name]) for s in order])
        store.end_run(run.id, status)
    except KeyboardInterrupt:
        held.release()  # the steps recorded whole are kept
        store.end_run(run.id, RunStatus.KILLED)
        raise
    except BaseException:
        held.release()
        store.end_run(run.id, RunStatus.FAILED)
        raise
    held.release()
    metrics: dict[str, float] = {}
    for step in order:
        metrics.update(outcomes[step.name].metrics)
    return PipelineRunResult(
        run_id=run.id,
        status=status,
        steps=tuple(outcomes[s.name] for s in order),
        metrics=metrics,
        parameters=values,
        notebook=notebook,
    )


def _announcer(
    emit: EventListener, step: str, index: int, total: int
) -> Callable[[StepState], None]:
    def announce(state: StepState) -> None:
        emit(StepEvent(step, state, index, total))

    return announce


def _read_code(directory: Path, pipeline: Pipeline) -> dict[str, StepCode]:
    shared_path = directory / SHARED_FILE
    try:
        shared = shared_path.read_text(encoding="utf-8")
        codes = {}
        for step in pipeline.steps:
            path = step_module_path(directory, step.name)
            codes[step.name] = StepCode(shared, shared_path, path.read_text(encoding="utf-8"), path)
    except FileNotFoundError as missing:
        raise InvalidInputError(
            f"{missing.filename} is missing; export the notebook again: "
            f"mlops-lab export {pipeline.notebook or 'NOTEBOOK'} --to local -o {directory}"
        ) from None
    return codes


def _run_step(
    pipeline: Pipeline,
    step: Step,
    code: StepCode,
    *,
    store: Store,
    cache: StepCache,
    recorder: Recorder,
    files: FileWatch,
    values: Mapping[str, JsonValue],
    outcomes: Mapping[str, StepOutcome],
    environment: str,
    use_cache: bool,
    step_output: TextIO | None,
    announce: Callable[[StepState], None],
    held: HeldBatch,
) -> StepOutcome:
    inputs = {
        item.name: outcomes[item.step].outputs[item.name] for item in step.data_inputs if item.step
    }
    used = {name: values[name] for name in step.parameters}
    key = step_cache_key(
        code=code.source,
        shared=code.shared,
        parameters=used,
        inputs={name: source.fingerprint for name, source in inputs.items()},
        environment=environment,
    )
    fingerprints = {name: source.fingerprint for name, source in inputs.items()}
    started_at = datetime.now(timezone.utc)
    clock = time.perf_counter()
    entry = cache.get(key) if use_cache else None
    if entry is not None:
        result = StepResult(
            outputs=entry.outputs,
            metrics=entry.metrics,
            metric_points=entry.metric_points,
            params=entry.params,
            tags=entry.tags,
            artifacts=entry.artifacts,
            files=entry.files,
        )
        state = StepState.CACHED
        held.hold()
    else:
        held.release()  # what cached steps recorded, committed before user code runs
        announce(StepState.RUNNING)
        result = execute_step(
            code,
            objects=store.objects,
            inputs=inputs,
            parameters=used,
            outputs=step.outputs,
            metric_names=pipeline.metrics_of(step.name),
            output=step_output,
            files=files,
        )
        # Cleaned once, here: the cache, the record and the manifest all keep this.
        result = _cleaned(result, recorder)
        state = StepState.FAILED if result.error else StepState.DONE
        if result.error is None:
            cache.put(
                CacheEntry(
                    key=key,
                    step=step.name,
                    outputs=result.outputs,
                    metrics=result.metrics,
                    metric_points=result.metric_points,
                    params=result.params,
                    tags=result.tags,
                    artifacts=result.artifacts,
                    files=result.files,
                    seconds=result.seconds,
                )
            )
    seconds = time.perf_counter() - clock
    record_step(
        recorder,
        step=step.name,
        code=code.source,
        started_at=started_at,
        seconds=seconds,
        result=result,
    )
    return StepOutcome(
        name=step.name,
        state=state,
        seconds=seconds,
        key=key,
        inputs=fingerprints,
        outputs=result.outputs,
        metrics=result.metrics,
        error=result.error,
        traceback=result.traceback,
    )


def _cleaned(result: StepResult, recorder: Recorder) -> StepResult:
    """``result`` with no token-like string nor environment value in what is kept of it."""
    clean = recorder.clean_text
    return dataclasses.replace(
        result,
        outputs={
            name: dataclasses.replace(out, repr=clean(out.repr)) if out.repr else out
            for name, out in result.outputs.items()
        },
        params={name: recorder.clean_value(value) for name, value in result.params.items()},
        tags={name: clean(value) for name, value in result.tags.items()},
        error=recorder.clean_error(result.error),
        traceback=None if result.traceback is None else clean(result.traceback),
    )


def _manifest_entry(outcome: StepOutcome) -> dict[str, Any]:
    return {
        "step": outcome.name,
        "state": outcome.state.value,
        "seconds": round(outcome.seconds, 6),
        "key": outcome.key,
        "inputs": dict(outcome.inputs),
        "outputs": {
            name: {"fingerprint": o.fingerprint, "object": o.object_id, "format": o.format}
            for name, o in outcome.outputs.items()
        },
        "metrics": dict(outcome.metrics),
        "error": None
        if outcome.error is None
        else {"name": outcome.error.name, "value": outcome.error.value},
    }
