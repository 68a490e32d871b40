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
from datetime import datetime, timezone
from pathlib import Path

from ..capture.recorder import LoggedMetric
from ..errors import InvalidInputError
from ..records import JsonValue
from ..store.validation import check_metric

__all__ = ["StepSink", "active_sink", "collecting"]


@dataclass
class StepSink:
    """What one step logged: every metric value, params, tags and artifact files."""

    metric_points: list[LoggedMetric] = field(default_factory=list)
    params: dict[str, JsonValue] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    artifacts: dict[str, bytes] = field(default_factory=dict)

    @property
    def metrics(self) -> dict[str, float]:
        """Each metric's value at its highest step, as the store reports a run's metrics."""
        highest: dict[str, tuple[int, float]] = {}
        for point in self.metric_points:
            last = highest.get(point.key)
            step = point.step if point.step is not None else (-1 if last is None else last[0]) + 1
            if last is None or step >= last[0]:
                highest[point.key] = (step, point.value)
        return {key: value for key, (_, value) in highest.items()}

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        # Checked now, as in a notebook: the user sees a bad value at the line that logs it.
        if step is not None and step < 0:
            raise InvalidInputError(f"Metric step must be 0 or more, not {step}.")
        now = datetime.now(timezone.utc)
        for key, value in metrics.items():
            check_metric(key, value)
            self.metric_points.append(LoggedMetric(key, float(value), step, now))

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
