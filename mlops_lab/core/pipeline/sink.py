"""Where ``mlops_lab.log_metric`` and friends go while a pipeline step runs.

In a notebook they write into the kernel's run; in a pipeline step they must
land in the step's record instead, so the step can be cached with them and the
pipeline run gets them. The runner sets a `StepSink` for the time a step runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from ..records import JsonValue
from ..store.validation import check_metric

__all__ = ["StepSink", "active_sink", "collecting"]


@dataclass
class StepSink:
    """What one step logged: metrics (last value of each), params, tags and artifact files."""

    metrics: dict[str, float] = field(default_factory=dict)
    params: dict[str, JsonValue] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    artifacts: dict[str, bytes] = field(default_factory=dict)

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        for key, value in metrics.items():
            check_metric(key, value)
            self.metrics[key] = float(value)

    def log_params(self, params: Mapping[str, JsonValue]) -> None:
        self.params.update(params)

    def set_tags(self, tags: Mapping[str, str]) -> None:
        self.tags.update({key: str(value) for key, value in tags.items()})

    def log_artifact(self, path: Path, name: str | None = None) -> None:
        # Copied now: a later line of the step may change the file.
        self.artifacts[name or path.name] = path.read_bytes()


_SINK: ContextVar[StepSink | None] = ContextVar("mlops_lab_step_sink", default=None)


def active_sink() -> StepSink | None:
    """The sink of the step running now, or None outside a pipeline step."""
    return _SINK.get()


@contextlib.contextmanager
def collecting(sink: StepSink) -> Iterator[StepSink]:
    """Send ``mlops_lab.log_*`` calls to ``sink`` inside the block."""
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)
