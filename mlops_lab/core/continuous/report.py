"""The review report of a candidate run against a baseline, built from `compare_runs`' diff.

What a reviewer of a pull request needs: metric deltas (absolute, relative, and
better or worse when the metric's direction is known), params changed, cells
changed with their diffs, environment and data changes, and the stepped metrics
for charts. `render` writes it as Markdown, HTML or JSON.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..compare.comparison import Comparison, DiffEntry, DiffSection
from ..frozen import frozen
from ..json_format import run_to_json
from ..records import JsonValue, Run

__all__ = [
    "CellChange",
    "MetricDelta",
    "Report",
    "ValueChange",
    "build_report",
    "metric_direction",
    "report_to_json",
]

# Names whose direction everybody agrees on; anything else needs --higher/--lower-is-better.
_LOWER = re.compile(r"(loss|error|err|mse|mae|rmse|perplexity|latency|duration)", re.IGNORECASE)
_HIGHER = re.compile(r"(acc|accuracy|auc|f1|precision|recall|r2|iou|bleu)", re.IGNORECASE)


@frozen
class MetricDelta:
    """One metric in both runs; ``change`` is better/worse/same when its direction is known.

    ``history`` holds each run's ``(step, value)`` points, for the charts.
    """

    key: str
    base: float | None
    candidate: float | None
    delta: float | None
    relative: float | None
    direction: str | None  # "higher" or "lower" is better
    change: str | None
    history: tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...]]

    @property
    def stepped(self) -> bool:
        return any(len(points) > 1 for points in self.history)


@frozen
class ValueChange:
    """A param, package or data file that differs: ``added``, ``removed`` or ``changed``."""

    key: str
    change: str
    base: JsonValue
    candidate: JsonValue


@frozen
class CellChange:
    """A cell (by notebook cell id) whose code differs; ``diff`` is unified, untruncated."""

    key: str
    change: str
    diff: str


@frozen
class Report:
    base: Run
    candidate: Run
    metrics: tuple[MetricDelta, ...]
    params: tuple[ValueChange, ...]
    cells: tuple[CellChange, ...]
    env: tuple[ValueChange, ...]
    data: tuple[ValueChange, ...]


def metric_direction(
    key: str, higher: Collection[str] = (), lower: Collection[str] = ()
) -> str | None:
    """``higher`` or ``lower`` (is better), from the user's lists, else from the name."""
    if key in higher:
        return "higher"
    if key in lower:
        return "lower"
    if _LOWER.search(key):
        return "lower"
    if _HIGHER.search(key):
        return "higher"
    return None


def build_report(
    comparison: Comparison,
    *,
    higher_is_better: Collection[str] = (),
    lower_is_better: Collection[str] = (),
) -> Report:
    """The report of ``comparison.runs[1]`` (the candidate) against ``runs[0]`` (the base)."""
    base, candidate = comparison.runs[0], comparison.runs[1]
    metrics = [
        _metric(entry, higher_is_better, lower_is_better)
        for entry in _all(comparison.metrics, with_unchanged=True)
    ]
    # Every run has a duration; a metric of that name takes its place.
    durations = (base.duration, candidate.duration)
    if "duration" not in {m.key for m in metrics} and None not in durations:
        direction = metric_direction("duration", higher_is_better, lower_is_better)
        metrics.append(_delta("duration", durations[0], durations[1], direction, ((), ())))
    return Report(
        base=base,
        candidate=candidate,
        metrics=tuple(metrics),
        params=_changes(comparison.params),
        cells=tuple(_cell(entry, change) for change, entry in _labelled(comparison.code)),
        env=_changes(comparison.env),
        data=_changes(comparison.data),
    )


def _all(section: DiffSection, *, with_unchanged: bool = False) -> list[DiffEntry]:
    entries = [*section.changed, *section.added, *section.removed]
    return [*entries, *section.unchanged] if with_unchanged else entries


def _labelled(section: DiffSection) -> list[tuple[str, DiffEntry]]:
    return [
        (change, entry)
        for change in ("changed", "added", "removed")
        for entry in getattr(section, change)
    ]


def _changes(section: DiffSection) -> tuple[ValueChange, ...]:
    return tuple(
        ValueChange(entry.key, change, entry.values[0], entry.values[1])
        for change, entry in _labelled(section)
    )


def _cell(entry: DiffEntry, change: str) -> CellChange:
    diff = entry.diffs[1] if entry.diffs is not None and len(entry.diffs) > 1 else None
    if diff is None:  # a cell only one run executed: all of its code
        code = entry.values[1] if change == "added" else entry.values[0]
        sign = "+" if change == "added" else "-"
        diff = "\n".join(f"{sign}{line}" for line in str(code or "").splitlines())
    return CellChange(entry.key, change, diff)


def _metric(entry: DiffEntry, higher: Collection[str], lower: Collection[str]) -> MetricDelta:
    points: list[tuple[tuple[int, float], ...]] = [(), ()]
    for i, run_points in enumerate((entry.history or ())[:2]):
        points[i] = tuple((p.step, p.value) for p in run_points)
    values = [v if isinstance(v, (int, float)) else None for v in entry.values[:2]]
    direction = metric_direction(entry.key, higher, lower)
    return _delta(entry.key, values[0], values[1], direction, (points[0], points[1]))


def _delta(
    key: str,
    base: float | None,
    candidate: float | None,
    direction: str | None,
    history: tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...]],
) -> MetricDelta:
    delta = relative = None
    change = None
    if base is not None and candidate is not None:
        delta = candidate - base
        relative = delta / abs(base) if base else None
        if direction is not None:
            if delta == 0:
                change = "same"
            else:
                change = "better" if (delta > 0) == (direction == "higher") else "worse"
    return MetricDelta(key, base, candidate, delta, relative, direction, change, history)


def report_to_json(report: Report) -> dict[str, JsonValue]:
    """The document ``mlops-lab report --format json`` prints (``ContinuousReport``)."""
    return {
        "base": run_to_json(report.base),
        "candidate": run_to_json(report.candidate),
        "metrics": [
            {
                "key": m.key,
                "base": m.base,
                "candidate": m.candidate,
                "delta": m.delta,
                "relative": m.relative,
                "direction": m.direction,
                "change": m.change,
                "history": [[{"step": s, "value": v} for s, v in points] for points in m.history],
            }
            for m in report.metrics
        ],
        "params": _changes_json(report.params),
        "cells": [{"key": c.key, "change": c.change, "diff": c.diff} for c in report.cells],
        "env": _changes_json(report.env),
        "data": _changes_json(report.data),
    }


def _changes_json(changes: Sequence[ValueChange]) -> list[JsonValue]:
    return [
        {"key": c.key, "change": c.change, "base": c.base, "candidate": c.candidate}
        for c in changes
    ]
