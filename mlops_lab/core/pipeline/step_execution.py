"""Running one step's code here, in a fresh namespace, with its inputs loaded from the store.

Steps run in the runner's process, one after the other, each in a namespace of
its own that holds only its inputs and parameters: a step sees nothing a
previous step left behind except what the DAG passes it, and every value it
passes on goes through serialization, as it does between Kubeflow pods. The
process is the isolation boundary from the caller: the server and the UI start
a pipeline run as a subprocess.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import functools
import os
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import field
from datetime import datetime, timezone
from pathlib import Path

from ..capture.file_access import FileAccessLog, file_accesses, ignored_roots, logging_files
from ..capture.recorder import LoggedMetric
from ..frozen import frozen
from ..records import CellError, FileAccess, JsonValue
from .cache import CachedOutput

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import TextIO

    from ..capture.cache_protocol import StatCache
    from ..store.objects import ObjectStore
    from .sink import StepSink

__all__ = ["FileWatch", "StepCode", "StepResult", "execute_step", "working_directory"]


@frozen
class FileWatch:
    """How a step's file opens are seen: what to ignore, and paths relative to what."""

    store_path: Path
    project_root: Path
    stat_cache: StatCache | None = None

    @functools.cached_property
    def ignored_roots(self) -> tuple[str, ...]:
        """Where library and system files are: worked out when a step first runs
        (sysconfig's data is 1 ms a pipeline whose steps are all cached need not pay)."""
        return ignored_roots(self.store_path)


@frozen
class StepCode:
    """The files a step runs: the shared code, then its own module."""

    shared: str
    shared_path: Path
    source: str
    path: Path


@frozen
class StepResult:
    """What running a step produced, or the error that stopped it.

    ``metrics`` holds each metric's last value, ``metric_points`` every value
    logged (``log_metric`` and the step's metric outputs), in order.
    """

    outputs: Mapping[str, CachedOutput] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    metric_points: tuple[LoggedMetric, ...] = ()
    params: Mapping[str, JsonValue] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    artifacts: Mapping[str, str] = field(default_factory=dict)
    files: tuple[FileAccess, ...] = ()
    error: CellError | None = None
    traceback: str | None = None
    seconds: float = 0.0


def execute_step(
    code: StepCode,
    *,
    objects: ObjectStore,
    inputs: Mapping[str, CachedOutput],
    parameters: Mapping[str, JsonValue],
    outputs: tuple[str, ...],
    metric_names: tuple[str, ...],
    output: TextIO | None = None,
    files: FileWatch | None = None,
) -> StepResult:
    """Run a step's code with its inputs; store its outputs as objects.

    Parameters
    ----------
    code
        The shared code and the step's module, with their paths (for tracebacks).
    objects
        Where inputs are read from and outputs written to.
    inputs
        Each input name to the upstream output that holds its value.
    parameters
        The values of the parameters the step reads (each given as a copy).
    outputs
        Names to keep after the step has run.
    metric_names
        Outputs that are pipeline metrics (numbers).
    output
        Where the step's prints go; the caller's stdout by default.
    files
        Record the files the step's code opens (the store's own are never recorded).
    """
    # Imported here, not with the module: a fully cached run never executes a step,
    # and these (with their dataclasses) cost a new process several milliseconds.
    import copy

    from .data_passing import decode_value
    from .sink import StepSink, collecting

    started = time.perf_counter()
    namespace: dict[str, object] = {"__name__": "__main__", "__builtins__": builtins}
    sink = StepSink()
    opened: tuple[FileAccess, ...] = ()
    try:
        for name, source in inputs.items():
            namespace[name] = decode_value(objects.get(source.object_id), source.format)
        for name, value in parameters.items():
            namespace[name] = copy.deepcopy(value)
        redirect = (
            contextlib.redirect_stdout(output) if output is not None else contextlib.nullcontext()
        )
        watch: contextlib.AbstractContextManager[FileAccessLog | None] = (
            logging_files(files.ignored_roots) if files is not None else contextlib.nullcontext()
        )
        log: FileAccessLog | None = None
        try:
            with watch as log, collecting(sink), redirect:
                exec(compile(code.shared, str(code.shared_path), "exec"), namespace)
                exec(compile(code.source, str(code.path), "exec"), namespace)
        finally:
            if files is not None and log is not None:
                opened = tuple(file_accesses(log, files.project_root, files.stat_cache))
    except Exception as error:  # the user's code may raise anything
        return StepResult(
            metric_points=tuple(sink.metric_points),
            params=dict(sink.params),
            tags=dict(sink.tags),
            files=opened,
            error=CellError(type(error).__name__, str(error)),
            traceback=_user_traceback(error, (code.path, code.shared_path)),
            seconds=time.perf_counter() - started,
        )
    except KeyboardInterrupt:
        raise
    result = _collect(namespace, sink, objects, outputs, metric_names, started)
    return dataclasses.replace(result, files=opened)


def _collect(
    namespace: Mapping[str, object],
    sink: StepSink,
    objects: ObjectStore,
    outputs: tuple[str, ...],
    metric_names: tuple[str, ...],
    started: float,
) -> StepResult:
    from ..capture.value_fingerprints import fingerprint_value
    from ..capture.variables import summarize
    from .data_passing import encode_value

    stored: dict[str, CachedOutput] = {}
    metrics = sink.metrics
    points = list(sink.metric_points)
    for name in outputs:
        if name not in namespace:
            return _failure(
                "NameError",
                f"the step did not define `{name}`, which a later step or the metrics read "
                "(is it assigned only under a condition?)",
                started,
            )
        value = namespace[name]
        if name in metric_names:
            if isinstance(value, bool) or not isinstance(value, int | float):
                try:
                    value = float(value)  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    return _failure(
                        "TypeError",
                        f"metric `{name}` is a {type(value).__name__}, not a number",
                        started,
                    )
            metrics[name] = float(value)
            points.append(LoggedMetric(name, float(value), None, datetime.now(timezone.utc)))
        try:
            encoded = encode_value(value)
        except Exception as error:
            return _failure(type(error).__name__, f"output `{name}`: {error}", started)
        object_id = objects.put(encoded.data)
        fingerprint = fingerprint_value(value).fingerprint or object_id
        summary = summarize(value)
        stored[name] = CachedOutput(
            object_id=object_id,
            format=encoded.format.value,
            fingerprint=fingerprint,
            size=len(encoded.data),
            type=summary.type,
            shape=summary.shape,
            dtype=summary.dtype,
            repr=summary.repr,
        )
    artifacts = {name: objects.put(data) for name, data in sink.artifacts.items()}
    return StepResult(
        outputs=stored,
        metrics=metrics,
        metric_points=tuple(points),
        params=dict(sink.params),
        tags=dict(sink.tags),
        artifacts=artifacts,
        seconds=time.perf_counter() - started,
    )


def _failure(name: str, message: str, started: float) -> StepResult:
    return StepResult(error=CellError(name, message), seconds=time.perf_counter() - started)


def _user_traceback(error: BaseException, files: tuple[Path, ...]) -> str:
    """The traceback from the first frame in the step's own files on."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    names = {str(path) for path in files}
    first = next((i for i, frame in enumerate(frames) if frame.filename in names), 0)
    lines = traceback.format_list(frames[first:])
    lines.extend(traceback.format_exception_only(type(error), error))
    return "".join(lines).rstrip()


@contextlib.contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    """Run in ``folder``, with it first on the import path, as a notebook's kernel does."""
    previous = Path.cwd()
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        os.chdir(previous)
        with contextlib.suppress(ValueError):
            sys.path.remove(str(folder))
